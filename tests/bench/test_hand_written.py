"""bench/hand_written.py times the organisation list against the same table drawn from hand-written SQL: that
table must stay the app's, or the comparison measures another page."""

import importlib.util
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.urls import path

import config.urls
from tests.factories import AreaFactory, OrganisationFactory, poverty_dimension, target_group

BENCH = Path(__file__).resolve().parents[2] / "bench"


def load_hand_written():
    # bench/ is a folder of scripts importing each other by name (run, results), as they are run from there.
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location("bench_hand_written", BENCH / "hand_written.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCH))


hand_written = load_hand_written()
urlpatterns = [*config.urls.urlpatterns, path("bench/hand-written/", hand_written.hand_written_view())]


@pytest.mark.urls(__name__)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the hand-written statement is PostgreSQL's SQL")
@pytest.mark.parametrize("organisations", [0, 3, 30])
def test_the_hand_written_table_is_the_apps(worker_client, organisations):
    for number in range(organisations):
        organisation = OrganisationFactory(
            # Named in the reverse of their creation: the list's order is by name, not by key.
            name=f"Associazione {organisations - number:02}",
            active=number % 4 != 0,
            municipality=AreaFactory(municipality=True),
        )
        organisation.target_groups.set([target_group("families"), target_group("elderly")][: number % 3])
        organisation.poverty_dimensions.set([poverty_dimension("material")][: number % 2])
    app = worker_client.get("/territorio/organizzazioni/").content.decode()
    by_hand = worker_client.get("/bench/hand-written/").content.decode()
    assert hand_written.table(app) == hand_written.table(by_hand)
    assert ("Associazione 01" in app) == (organisations > 0)
