"""Indicators hold no data: their one model only carries the permission to read them."""

from audit import registry
from core.personal_data import NOT_PERSONAL, REFERENCE, register
from indicators.models import Indicators


def register_all() -> None:
    registry.register_untracked(Indicators, reason="no table: it only carries the permission to read the indicators")
    register(Indicators, fields={"id": NOT_PERSONAL}, retention=REFERENCE)
