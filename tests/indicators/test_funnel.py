"""The hook-up funnel against hand-counted hook-ups.

H1 volunteer, Mazzo, 10 Jan → opportunity → referral sent 20 Jan (and again 1 Feb): 10 days
H2 information request, Mazzo, 1 Feb → case → a referral sent 15 Jan does not count, one sent 5 Feb: 4 days
H3 volunteer, Mazzo, 1 Mar → contact → referral with that liaison figure sent 31 Mar: 30 days
H4 volunteer, Mazzo, 5 Mar → nothing
H5 volunteer, Bollate, 1 Apr → opportunity, whose referral is still a draft
H6 volunteer, Mazzo, 1 Dec 2025 → outside the period
"""

from datetime import date

import pytest
from django.urls import reverse

from cases.models import ReferralTransition
from indicators.network import hook_up_funnel
from indicators.periods import Period
from tests.factories import (
    AreaFactory,
    CaseFactory,
    CommunityActionFactory,
    ContactFactory,
    OpportunityFactory,
    ReferralFactory,
)

PERIOD = Period(date(2026, 1, 1), date(2026, 6, 30))
VOLUNTEER, REQUEST = "volunteer_availability", "information_request"


def sent(referral, day):
    ReferralTransition.objects.create(
        referral=referral, from_status="draft", to_status="sent", occurred_on=day, actor=referral.created_by
    )


def hook_up(day, area, kind=VOLUNTEER, **created):
    return CommunityActionFactory(kind="hook_up", hook_up_kind=kind, date=day, area=area, **created)


@pytest.fixture
def funnel(db):
    mazzo = AreaFactory(neighbourhood=True, name="Mazzo")
    bollate = AreaFactory(neighbourhood=True, name="Bollate")
    opportunity = OpportunityFactory()
    hook_up(date(2026, 1, 10), mazzo, created_opportunity=opportunity)
    referral = ReferralFactory(opportunity=opportunity, status="sent")
    sent(referral, date(2026, 1, 20))
    sent(ReferralFactory(opportunity=opportunity, status="sent"), date(2026, 2, 1))
    case = CaseFactory()
    hook_up(date(2026, 2, 1), mazzo, kind=REQUEST, created_case=case)
    sent(ReferralFactory(case=case, status="sent"), date(2026, 1, 15))
    sent(ReferralFactory(case=case, status="sent", kind="use"), date(2026, 2, 5))
    contact = ContactFactory()
    hook_up(date(2026, 3, 1), mazzo, created_contact=contact)
    sent(ReferralFactory(liaison=contact, status="sent"), date(2026, 3, 31))
    hook_up(date(2026, 3, 5), mazzo)
    draft_only = OpportunityFactory()
    hook_up(date(2026, 4, 1), bollate, created_opportunity=draft_only)
    ReferralFactory(opportunity=draft_only)
    hook_up(date(2025, 12, 1), mazzo)
    return {"mazzo": mazzo, "bollate": bollate}


def summary(rows):
    keys = ("kind", "area", "hook_ups", "turned", "contacts", "opportunities", "cases", "used", "median_days")
    return [tuple(row[key] for key in keys) for row in rows]


def test_the_funnel_by_kind_and_area(funnel):
    assert summary(hook_up_funnel(PERIOD)) == [
        (REQUEST, "Mazzo", 1, 1, 0, 0, 1, 1, 4),
        (VOLUNTEER, "Bollate", 1, 1, 0, 1, 0, 0, None),
        (VOLUNTEER, "Mazzo", 3, 2, 1, 1, 0, 2, 20),  # median of 10 and 30
        ("", "", 5, 4, 1, 2, 1, 3, 10),  # median of 4, 10 and 30
    ]


def test_the_area_narrows_the_funnel(funnel):
    rows = hook_up_funnel(PERIOD, funnel["bollate"])
    assert summary(rows)[-1] == ("", "", 1, 1, 0, 1, 0, 0, None)
    assert hook_up_funnel(Period(date(2027, 1, 1), date(2027, 3, 31))) == []


def test_the_network_page_shows_and_downloads_the_funnel(worker_client, funnel):
    url = reverse("indicators:network")
    params = {"start": "2026-01-01", "end": "2026-06-30"}
    response = worker_client.get(url, params)
    assert summary(response.context["funnel"])[-1][2] == 5
    assert 'id="funnel-heading"' in response.content.decode()
    lines = b"".join(worker_client.get(url, {**params, "export": "funnel"}).streaming_content)
    lines = lines.decode("utf-8-sig").splitlines()
    assert len(lines) == 5
    assert lines[-1].endswith(";5;4;1;2;1;3;10")


@pytest.mark.parametrize("rows", [1, 20])
def test_the_funnel_takes_one_query(db, django_assert_num_queries, rows):
    area = AreaFactory(neighbourhood=True)
    for index in range(rows):
        opportunity = OpportunityFactory()
        hook_up(date(2026, 1, 1 + index), area, created_opportunity=opportunity)
        sent(ReferralFactory(opportunity=opportunity, status="sent"), date(2026, 2, 1))
    with django_assert_num_queries(1):
        assert hook_up_funnel(PERIOD)[-1]["used"] == rows
