"""The network measures against a hand-built network whose answers are counted by hand.

A ─protocol─ B ─table─ C ┄referrals of one person┄ D        A ─joint plan─ E
F (serves Bollate, no tie)   K (serves Mazzo, no tie)   G (inactive)   H (serves no area)
P: continuous in Q1 (January, February), nothing in Q2        → cooling down
Q: continuous in Q1, one action in May (occasional in Q2)     → not cooling
R: occasional in Q1 (one month), nothing in Q2                → not cooling
"""

from datetime import date

import pytest
from django.urls import reverse

from cases.models import PlanPartner
from indicators.network import collaboration_edges, cooling_partners, horizontal_share, isolated_organisations
from indicators.periods import Period, Quarter
from tests.factories import (
    AreaFactory,
    CaseFactory,
    CommunityActionFactory,
    JointPlanFactory,
    OpportunityFactory,
    OrganisationFactory,
    ProtocolFactory,
    ReferralFactory,
    TableFactory,
    TableMemberFactory,
)

PERIOD = Period(date(2026, 1, 1), date(2026, 6, 30))
PARAMS = {"start": "2026-01-01", "end": "2026-06-30"}


def csv_lines(response) -> list[str]:
    return b"".join(response.streaming_content).decode("utf-8-sig").splitlines()


@pytest.fixture
def net(db):
    bollate = AreaFactory(neighbourhood=True, name="Bollate")
    mazzo = AreaFactory(neighbourhood=True, name="Mazzo")
    org = {name: OrganisationFactory(name=name, areas_served=[bollate]) for name in "ABCDE"}
    org["F"] = OrganisationFactory(name="F", areas_served=[bollate])
    org["K"] = OrganisationFactory(name="K", areas_served=[mazzo])
    org["G"] = OrganisationFactory(name="G", areas_served=[bollate], active=False)
    org["H"] = OrganisationFactory(name="H")
    ProtocolFactory(partners=[org["A"], org["B"]])
    table = TableFactory()
    TableMemberFactory(table=table, organisation=org["B"])
    TableMemberFactory(table=table, organisation=org["C"])
    case = CaseFactory()
    for name in "CD":
        ReferralFactory(case=case, status="sent", opportunity=OpportunityFactory(organisation=org[name]))
    plan = JointPlanFactory(started_on=date(2026, 4, 10))
    for name in "AE":
        PlanPartner.objects.create(plan=plan, organisation=org[name], role="Partner")
    for name, days in {"P": [(1, 10), (2, 3)], "Q": [(1, 10), (3, 3), (5, 4)], "R": [(2, 2)]}.items():
        org[name] = OrganisationFactory(name=name)
        for month, day in days:
            kind = "workshop" if (month, day) == (2, 3) else "invitation"
            CommunityActionFactory(kind=kind, date=date(2026, month, day), organisations=[org[name]], area=mazzo)
    return {"org": org, "bollate": bollate, "mazzo": mazzo}


def test_three_of_four_ties_are_horizontal(net):
    # A-B protocol, B-C table, A-E joint plan: horizontal. C-D referrals only: through the service.
    assert horizontal_share(collaboration_edges(PERIOD)) == {
        "ties": 4,
        "horizontal": 3,
        "through_service": 1,
        "percent": 75,
    }


def test_no_ties_has_no_share(db):
    assert horizontal_share({})["percent"] is None


def test_only_the_partner_continuous_last_quarter_and_absent_now_is_cooling(net):
    previous, current, rows = cooling_partners(PERIOD)
    assert (previous, current) == (Quarter(2026, 1), Quarter(2026, 2))
    assert [row["organisation"].name for row in rows] == ["P"]
    assert rows[0]["months"] == 2
    assert rows[0]["counts"] == {"invitation": 1, "workshop": 1}


def test_cooling_follows_the_area_of_the_actions(net):
    assert cooling_partners(PERIOD, net["bollate"])[2] == []
    assert len(cooling_partners(PERIOD, net["mazzo"])[2]) == 1


def test_isolated_organisations_are_active_untied_and_listed_by_area(net):
    edges = collaboration_edges(PERIOD)
    rows = isolated_organisations(edges)
    # F in Bollate, K in Mazzo; G is inactive, H serves no area, P Q R serve no area either.
    assert [(row["area"], row["name"]) for row in rows] == [("Bollate", "F"), ("Mazzo", "K")]
    assert [row["name"] for row in isolated_organisations(edges, net["mazzo"])] == ["K"]


def test_the_network_page_states_the_rules_and_shows_the_measures(worker_client, net):
    response = worker_client.get(reverse("indicators:network"), PARAMS)
    assert response.context["share"]["percent"] == 75
    assert [row["organisation"].name for row in response.context["cooling"]] == ["P"]
    assert response.context["isolated_total"] == 2
    page = response.content.decode()
    for heading in ("horizontal-heading", "cooling-heading", "isolated-heading"):
        assert f'id="{heading}"' in page


def test_each_measure_downloads_as_csv(worker_client, net):
    url = reverse("indicators:network")
    ties = csv_lines(worker_client.get(url, {**PARAMS, "export": "ties"}))
    assert len(ties) == 5
    assert ties[-1].startswith("C;D;0;0;0;1;")  # the tie through the service comes last
    cooling = csv_lines(worker_client.get(url, {**PARAMS, "export": "cooling"}))
    assert len(cooling) == 2 and cooling[1].startswith("P;")
    isolated = csv_lines(worker_client.get(url, {**PARAMS, "export": "isolated"}))
    assert [line.split(";")[:2] for line in isolated[1:]] == [["Bollate", "F"], ["Mazzo", "K"]]
    assert worker_client.get(url, {"export": "nope"}).status_code == 404


def test_a_reversed_period_falls_back_and_is_explained(worker_client, net):
    response = worker_client.get(reverse("indicators:network"), {"start": "2026-06-30", "end": "2026-01-01"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_measures_need_the_indicators_role(no_role_client):
    assert no_role_client.get(reverse("indicators:network"), {"export": "ties"}).status_code == 403


@pytest.mark.parametrize("rows", [1, 25])
def test_the_network_page_and_its_csvs_take_a_fixed_number_of_queries(
    worker_client, django_assert_max_num_queries, rows
):
    area = AreaFactory(neighbourhood=True)
    for index in range(rows):
        partner, alone = OrganisationFactory(areas_served=[area]), OrganisationFactory(areas_served=[area])
        ProtocolFactory(partners=[partner, OrganisationFactory()])
        for month in (1, 2):
            CommunityActionFactory(date=date(2026, month, 1 + index % 28), organisations=[partner, alone], area=area)
        CaseFactory(person__area=area).needs.create(dimension_id=1, level=2)
        CommunityActionFactory(kind="hook_up", hook_up_kind="volunteer_availability", date=date(2026, 3, 1))
    url = reverse("indicators:network")
    with django_assert_max_num_queries(21):
        response = worker_client.get(url, PARAMS)
    assert len(response.context["cooling"]) == 2 * rows
    for export in ("ties", "cooling", "isolated"):
        with django_assert_max_num_queries(10):
            csv_lines(worker_client.get(url, {**PARAMS, "export": export}))
