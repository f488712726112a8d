"""Every page of issue 14 answers, and writes no inline style (the Content-Security-Policy forbids them)."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.roles import COORDINATOR
from cases.handover import propose_transfer
from cases.household import add_household_member
from cases.models import CaseMeeting, PlanPartner
from tests.factories import (
    CaseFactory,
    JointPlanFactory,
    OrganisationFactory,
    ReferralFactory,
    TableMemberFactory,
    UserFactory,
)


@pytest.fixture
def pages(worker, coordinator, other_team_worker):
    case = CaseFactory(person__team=worker.team, responsible=worker)
    plan = JointPlanFactory(case=case)
    partner = PlanPartner.objects.create(plan=plan, organisation=OrganisationFactory(), role="Partner")
    objective = plan.objectives.create(description="Obiettivo", indicator="x")
    meeting = CaseMeeting.objects.create(plan=plan, held_on=date(2026, 2, 1), minutes="Verbale", recorded_by=worker)
    member = add_household_member(person=case.person, actor=worker, relationship="child", name="Luca")
    south = UserFactory(username="giulia", team=other_team_worker.team, role=COORDINATOR)
    transfer = propose_transfer(
        case=CaseFactory(person__team=south.team, responsible=other_team_worker),
        to_team=worker.team,
        actor=south,
        reason="Residenza",
    )
    return [
        reverse("cases:to_approve"),
        reverse("cases:cases_reassign") + f"?from={worker.pk}",
        transfer.get_absolute_url(),
        reverse("cases:case_reassign", args=[case.pk]),
        reverse("cases:transfer_propose", args=[case.pk]),
        reverse("cases:referral_update", args=[ReferralFactory(case=case).pk]),
        reverse("cases:plan_update", args=[plan.pk]),
        reverse("cases:plan_close", args=[plan.pk]),
        reverse("cases:partner_update", args=[partner.pk]),
        reverse("cases:objective_update", args=[objective.pk]),
        reverse("cases:case_meeting_update", args=[meeting.pk]),
        reverse("cases:household_update", args=[member.pk]),
        reverse("documents:create", args=["cases.case", case.pk]),
        reverse("community:member_leave", args=[TableMemberFactory().pk]),
        case.person.get_absolute_url(),
    ]


def test_every_new_page_answers_without_inline_styles(client, coordinator, pages):
    client.force_login(coordinator)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "<style" not in page and 'style="' not in page, url
