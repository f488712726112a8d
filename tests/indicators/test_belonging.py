"""Sense-of-belonging activities on the Indicators dashboard, against a hand-counted fixture."""

from datetime import date

import pytest
from django.urls import reverse

from indicators.figures import Filters, belonging_by_month
from indicators.periods import Period
from tests.factories import AreaFactory, CommunityActionFactory

PERIOD = Period(date(2026, 1, 1), date(2026, 3, 31))


@pytest.fixture
def belonging(db):
    mazzo = AreaFactory(neighbourhood=True, name="Mazzo")
    elsewhere = AreaFactory(neighbourhood=True, name="Terrazzano")
    CommunityActionFactory(kind="animation", date=date(2026, 1, 10), area=mazzo, citizens_count=40)
    CommunityActionFactory(kind="animation", date=date(2026, 3, 2), area=elsewhere, citizens_count=25)
    CommunityActionFactory(kind="listening", date=date(2026, 1, 20), area=mazzo, citizens_count=None)
    CommunityActionFactory(kind="training", date=date(2026, 2, 5), area=mazzo, citizens_count=12)
    CommunityActionFactory(kind="invitation", date=date(2026, 2, 5), area=mazzo)  # not of this kind
    CommunityActionFactory(kind="awareness", date=date(2025, 12, 31), area=mazzo)  # before the period
    return mazzo


def test_the_four_activities_are_counted_by_month(belonging):
    figures = belonging_by_month(Filters(PERIOD))
    # January: one animation, one listening point; February: one training; March: one animation.
    assert figures["series"] == {
        "animation": [1, 0, 1],
        "awareness": [0, 0, 0],
        "listening": [1, 0, 0],
        "training": [0, 1, 0],
    }
    assert figures["total"] == 4
    assert figures["citizens"] == {"animation": 65, "awareness": 0, "listening": 0, "training": 12}


def test_the_area_narrows_the_count(belonging):
    figures = belonging_by_month(Filters(PERIOD, area=belonging))
    assert figures["totals"] == {"animation": 1, "awareness": 0, "listening": 1, "training": 1}
    assert figures["citizens"]["animation"] == 40


def test_the_dashboard_shows_and_downloads_them(worker_client, belonging):
    params = {"start": "2026-01-01", "end": "2026-03-31"}
    response = worker_client.get(reverse("indicators:dashboard"), params)
    assert response.context["belonging"]["total"] == 4
    assert 'data-chart="chart-belonging"' in response.content.decode()
    csv = worker_client.get(reverse("indicators:dashboard"), {**params, "export": "belonging"})
    lines = b"".join(csv.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[1] == "2026-01;1;0;1;0"
    assert lines[-1].endswith(";65;0;0;12")
