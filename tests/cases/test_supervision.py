"""Supervision: the coordinator approves joint plans and case closures; the coordinator's list (issue 14)."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from accounts.models import Team
from accounts.roles import COORDINATOR
from audit.models import AuditEvent
from cases.handover import propose_transfer
from cases.models import CaseEvent, JointPlan, PlanPartner
from cases.supervision import ClosureRequest, request_closure, submit_plan
from notifications.models import Notification
from tests.factories import CaseFactory, JointPlanFactory, OrganisationFactory, UserFactory
from tests.helpers import error_codes

TO_APPROVE = reverse("cases:to_approve")


@pytest.fixture
def case(worker):
    return CaseFactory(person__team=worker.team, person__first_name="Maria", person__last_name="Bianchi",
                       responsible=worker)  # fmt: skip


def draft_plan(case, **kwargs) -> JointPlan:
    plan = JointPlanFactory(case=case, status="draft", **kwargs)
    PlanPartner.objects.create(plan=plan, organisation=OrganisationFactory(), role="Doposcuola")
    plan.objectives.create(description="Frequenza scolastica", indicator="Assenze < 10%")
    return plan


def decide(client, plan, decision, comments=""):
    return client.post(reverse("cases:plan_decide", args=[plan.pk]), {"decision": decision, "comments": comments})


def kinds_for(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("kind", flat=True))


# Joint plans


def test_a_new_plan_starts_as_a_draft(worker_client, case):
    worker_client.post(reverse("cases:plan_create", args=[case.pk]), {"title": "Progetto", "started_on": "2026-02-01"})
    assert JointPlan.objects.get().status == "draft"


def test_a_worker_submits_a_plan_that_the_coordinator_approves(client, worker, coordinator, case):
    plan = draft_plan(case)
    client.force_login(worker)
    assert client.post(reverse("cases:plan_submit", args=[plan.pk])).status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.submitted_by) == ("submitted", worker)
    assert kinds_for(coordinator) == ["plan_to_approve"]

    client.force_login(coordinator)
    assert plan in client.get(TO_APPROVE).context["plans"]
    assert decide(client, plan, "approve", "Bene così").status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.decided_by, plan.decided_on) == ("active", coordinator, timezone.localdate())
    assert kinds_for(worker) == ["plan_decided"]
    assert list(CaseEvent.objects.filter(plan=plan).values_list("kind", flat=True).order_by("pk")) == [
        "plan_submitted",
        "plan_approved",
    ]
    assert plan not in client.get(TO_APPROVE).context["plans"]


def test_a_plan_is_returned_with_comments_and_submitted_again(client, worker, coordinator, case):
    plan = submit_plan(plan=draft_plan(case), actor=worker)
    client.force_login(coordinator)
    refused = decide(client, plan, "return", "")
    assert refused.status_code == 200
    assert error_codes(refused, "decision_form") == {"comments": ["comments_required"]}
    with translation.override("it"):
        message = str(refused.context["decision_form"].errors["comments"][0])
    assert escape(message) in refused.content.decode()
    decide(client, plan, "return", "Manca l'obiettivo sulla casa")
    plan.refresh_from_db()
    assert (plan.status, plan.review_comments) == ("returned", "Manca l'obiettivo sulla casa")
    client.force_login(worker)
    page = client.get(plan.get_absolute_url()).content.decode()
    assert escape("Manca l'obiettivo sulla casa") in page
    client.post(reverse("cases:plan_submit", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == "submitted"


def test_a_returned_plan_cannot_be_approved_by_its_author(client, worker, coordinator, case):
    plan = submit_plan(plan=draft_plan(case), actor=worker)
    client.force_login(coordinator)
    decide(client, plan, "return", "Da rivedere")
    client.force_login(worker)
    response = decide(client, plan, "approve")
    assert error_codes(response, "decision_form") == {"__all__": ["not_submitted"]}
    plan.refresh_from_db()
    assert plan.status == "returned"
    # Submitted again, the author still cannot approve it: only the coordinator decides.
    submit_plan(plan=plan, actor=worker)
    response = decide(client, plan, "approve")
    assert error_codes(response, "decision_form") == {"__all__": ["not_coordinator"]}
    plan.refresh_from_db()
    assert plan.status == "submitted"


def test_a_coordinator_does_not_approve_a_plan_they_submitted(client, worker, coordinator, case):
    plan = submit_plan(plan=draft_plan(case), actor=coordinator)
    client.force_login(coordinator)
    response = decide(client, plan, "approve")
    assert error_codes(response, "decision_form") == {"__all__": ["own_plan"]}
    plan.refresh_from_db()
    assert plan.status == "submitted"
    second = UserFactory(username="franca", team=worker.team, role=COORDINATOR)
    client.force_login(second)
    decide(client, plan, "approve")
    plan.refresh_from_db()
    assert (plan.status, plan.decided_by) == ("active", second)


def test_an_incomplete_plan_cannot_be_submitted(worker_client, case):
    plan = JointPlanFactory(case=case, status="draft")
    response = worker_client.post(reverse("cases:plan_submit", args=[plan.pk]))
    assert response.status_code == 200
    with translation.override("it"):
        from django.utils.translation import gettext

        message = gettext("A joint plan needs at least one partner and one objective before it starts.")
    assert escape(message) in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == "draft"


def test_a_team_without_plan_approval_makes_the_plan_active_at_once(worker_client, worker, coordinator, case):
    Team.objects.filter(pk=worker.team_id).update(plans_need_approval=False)
    plan = draft_plan(case)
    worker_client.post(reverse("cases:plan_submit", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == "active"
    assert not Notification.objects.filter(user=coordinator).exists()


def test_another_team_gets_404_on_the_supervision_urls_and_it_is_audited(other_team_client, worker, case):
    plan = submit_plan(plan=draft_plan(case), actor=worker)
    closure = request_closure(case=case, actor=worker, closes_on=date(2026, 3, 1), reason="Obiettivi raggiunti")
    for url, data in [
        (reverse("cases:plan_submit", args=[plan.pk]), {}),
        (reverse("cases:plan_decide", args=[plan.pk]), {"decision": "approve"}),
        (reverse("cases:closure_request", args=[case.pk]), {"closes_on": "2026-03-01", "reason": "x"}),
        (reverse("cases:closure_decide", args=[closure.pk]), {"decision": "approve"}),
    ]:
        before = AuditEvent.objects.filter(action="denied").count()
        assert other_team_client.post(url, data).status_code == 404, url
        assert AuditEvent.objects.filter(action="denied").count() == before + 1, url
    plan.refresh_from_db()
    assert plan.status == "submitted"
    case.refresh_from_db()
    assert case.status == "open"


# Case closures


def test_a_worker_requests_the_closure_and_the_coordinator_approves(client, worker, coordinator, case):
    client.force_login(worker)
    page = client.get(case.get_absolute_url())
    assert "closed" not in [status.value for status in page.context["statuses"]]
    assert page.context["may_request_closure"]
    direct = client.post(
        reverse("cases:case_status", args=[case.pk]),
        {"to_status": "closed", "occurred_on": "2026-03-01", "reason": "Fine"},
    )
    assert error_codes(direct, "status_form") == {"__all__": ["closure_needs_approval"]}

    response = client.post(
        reverse("cases:closure_request", args=[case.pk]), {"closes_on": "2026-03-01", "reason": "Obiettivi raggiunti"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "open"
    assert kinds_for(coordinator) == ["closure_to_approve"]

    client.force_login(coordinator)
    closure = ClosureRequest.objects.get()
    assert closure in client.get(TO_APPROVE).context["closures"]
    client.post(reverse("cases:closure_decide", args=[closure.pk]), {"decision": "approve"})
    case.refresh_from_db()
    assert (case.status, case.status_changed_on) == ("closed", date(2026, 3, 1))
    assert CaseEvent.objects.get(kind="case_status").data["text"] == "Obiettivi raggiunti"
    assert kinds_for(worker) == ["closure_decided"]


def test_a_closure_is_returned_with_comments(client, worker, coordinator, case):
    closure = request_closure(case=case, actor=worker, closes_on=date(2026, 3, 1), reason="Fine")
    client.force_login(coordinator)
    url = reverse("cases:closure_decide", args=[closure.pk])
    refused = client.post(url, {"decision": "return", "comments": ""})
    assert refused.status_code == 200
    assert error_codes(refused, "closure_decision_form") == {"comments": ["comments_required"]}
    client.post(url, {"decision": "return", "comments": "Prima la verifica con la scuola"})
    closure.refresh_from_db()
    case.refresh_from_db()
    assert (closure.status, case.status) == ("returned", "open")


def test_a_closure_request_needs_a_reason(worker_client, case):
    response = worker_client.post(reverse("cases:closure_request", args=[case.pk]), {"closes_on": "2026-03-01"})
    assert error_codes(response, "closure_form") == {"reason": ["required"]}
    assert "Questo campo è obbligatorio." in response.content.decode()
    assert not ClosureRequest.objects.exists()


def test_a_worker_cannot_approve_a_closure(worker_client, worker, case):
    closure = request_closure(case=case, actor=worker, closes_on=date(2026, 3, 1), reason="Fine")
    response = worker_client.post(reverse("cases:closure_decide", args=[closure.pk]), {"decision": "approve"})
    assert error_codes(response, "closure_decision_form") == {"__all__": ["not_coordinator"]}
    case.refresh_from_db()
    assert case.status == "open"


def test_the_coordinator_closes_directly(client, coordinator, case):
    client.force_login(coordinator)
    client.post(
        reverse("cases:case_status", args=[case.pk]),
        {"to_status": "closed", "occurred_on": "2026-03-01", "reason": "Fine"},
    )
    case.refresh_from_db()
    assert case.status == "closed"


# The coordinator's list


def test_a_worker_has_nothing_to_approve(worker_client, worker, case):
    submit_plan(plan=draft_plan(case), actor=worker)
    response = worker_client.get(TO_APPROVE)
    assert (response.status_code, response.context["plans"], response.context["is_coordinator"]) == (200, [], False)


@pytest.mark.parametrize("rows", [1, 30])
def test_the_list_reads_everything_at_once(
    client, worker, coordinator, other_team_worker, django_assert_max_num_queries, rows
):
    south_coordinator = UserFactory(username="giulia", team=other_team_worker.team, role=COORDINATOR)
    for _ in range(rows):
        case = CaseFactory(person__team=worker.team, responsible=worker)
        submit_plan(plan=draft_plan(case), actor=worker)
        request_closure(case=case, actor=worker, closes_on=date(2026, 3, 1), reason="Fine")
        south_case = CaseFactory(person__team=other_team_worker.team, responsible=other_team_worker)
        propose_transfer(case=south_case, to_team=worker.team, actor=south_coordinator, reason="Residenza")
    client.force_login(coordinator)
    with django_assert_max_num_queries(11):
        response = client.get(TO_APPROVE)
    assert [len(response.context[name]) for name in ("plans", "closures", "transfers")] == [rows] * 3
