"""Handing cases over: to a colleague, in bulk, and to another team, never seen by two teams or none (issue 14)."""

import threading
import time

import pytest
from django.db import connection
from django.urls import reverse

from accounts.roles import COORDINATOR, SOCIAL_WORKER
from audit.models import AuditEvent
from cases import handover
from cases.handover import CaseTransfer, accept_transfer, propose_transfer
from cases.household import HouseholdMember, add_household_member
from cases.models import Case, CaseEvent, Person
from notifications.models import Notification
from tests.factories import CaseFactory, PersonFactory, TeamFactory, UserFactory
from tests.helpers import error_codes


@pytest.fixture
def colleague(team):
    return UserFactory(username="luca", team=team, role=SOCIAL_WORKER)


@pytest.fixture
def case(worker):
    return CaseFactory(person__team=worker.team, person__first_name="Maria", person__last_name="Bianchi",
                       responsible=worker)  # fmt: skip


@pytest.fixture
def south_coordinator(other_team_worker):
    return UserFactory(username="giulia", team=other_team_worker.team, role=COORDINATOR)


def reassign_url(case):
    return reverse("cases:case_reassign", args=[case.pk])


def kinds_for(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("kind", flat=True))


def test_a_worker_hands_her_case_to_a_colleague_who_is_told(worker_client, worker, colleague, case):
    assert worker_client.get(reassign_url(case)).status_code == 200
    response = worker_client.post(
        reassign_url(case), {"to": colleague.pk, "reason": "Riduzione del carico", "edited_version": case.version}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.responsible == colleague
    event = CaseEvent.objects.get(kind="case_reassigned")
    assert (event.data["from"], event.data["to"], event.data["text"]) == (str(worker), str(colleague),
                                                                          "Riduzione del carico")  # fmt: skip
    assert str(worker) in event.summary() and str(colleague) in event.summary()
    assert kinds_for(colleague) == ["case_assigned"]
    # The one acting is not told what they did.
    assert kinds_for(worker) == []
    # The reason, which may say why the case is hard, never travels with the notification.
    assert "Riduzione" not in str(Notification.objects.get().params)


def test_the_coordinator_hands_a_case_over_and_both_workers_are_told(client, coordinator, worker, colleague, case):
    client.force_login(coordinator)
    client.post(reassign_url(case), {"to": colleague.pk, "reason": "Assenza lunga", "edited_version": case.version})
    assert kinds_for(colleague) == ["case_assigned"]
    assert kinds_for(worker) == ["case_handed_over"]
    assert "M.B." in Notification.objects.get(user=worker).message()


def test_a_reason_is_required(worker_client, colleague, case):
    response = worker_client.post(reassign_url(case), {"to": colleague.pk, "reason": ""})
    assert response.status_code == 200
    assert error_codes(response) == {"reason": ["required"]}
    assert "Questo campo è obbligatorio." in response.content.decode()
    case.refresh_from_db()
    assert case.responsible.username == "sara"


def test_a_worker_of_another_team_is_not_a_colleague(worker_client, other_team_worker, case):
    response = worker_client.post(reassign_url(case), {"to": other_team_worker.pk, "reason": "x"})
    assert error_codes(response) == {"to": ["invalid_choice"]}


def test_a_stale_handover_is_refused(worker_client, colleague, case):
    Case.objects.filter(pk=case.pk).update(version=5)
    response = worker_client.post(reassign_url(case), {"to": colleague.pk, "reason": "x", "edited_version": 1})
    assert error_codes(response) == {"__all__": ["stale"]}


def test_a_colleague_who_is_not_responsible_may_not_hand_it_over(client, colleague, case):
    client.force_login(colleague)
    assert client.get(reassign_url(case)).status_code == 403


def test_another_team_gets_404_on_the_handover_pages_and_it_is_audited(other_team_client, case):
    for method, url in [
        ("get", reassign_url(case)),
        ("post", reassign_url(case)),
        ("get", reverse("cases:transfer_propose", args=[case.pk])),
        ("post", reverse("cases:transfer_propose", args=[case.pk])),
    ]:
        before = AuditEvent.objects.filter(action="denied").count()
        assert getattr(other_team_client, method)(url).status_code == 404, url
        assert AuditEvent.objects.filter(action="denied").count() == before + 1


# Bulk reassignment when a worker leaves


BULK_URL = reverse("cases:cases_reassign")


def test_the_coordinator_reassigns_a_leaving_worker_s_cases(client, coordinator, worker, colleague):
    cases = CaseFactory.create_batch(3, person__team=worker.team, responsible=worker)
    closed = CaseFactory(person__team=worker.team, responsible=worker, status="closed")
    others = CaseFactory(person__team=worker.team, responsible=colleague)
    client.force_login(coordinator)
    page = client.get(BULK_URL, {"from": worker.pk})
    # Her open cases, all ticked; not her closed one, not a colleague's.
    assert sorted(page.context["form"].initial["cases"]) == sorted(case.pk for case in cases)
    response = client.post(
        BULK_URL, {"from": worker.pk, "cases": [c.pk for c in cases], "to": colleague.pk, "reason": "Trasferita"}
    )
    assert response.status_code == 302
    assert set(Case.objects.filter(responsible=colleague).values_list("pk", flat=True)) == {
        *[c.pk for c in cases],
        others.pk,
    }
    closed.refresh_from_db()
    assert closed.responsible == worker
    assert CaseEvent.objects.filter(kind="case_reassigned").count() == 3
    # One notice for the lot, not one per case.
    assert kinds_for(colleague) == ["cases_reassigned"]
    assert "3" in Notification.objects.get(user=colleague).message()


def test_bulk_reassignment_needs_a_reason_and_a_colleague(client, coordinator, worker, colleague):
    case = CaseFactory(person__team=worker.team, responsible=worker)
    client.force_login(coordinator)
    response = client.post(BULK_URL, {"from": worker.pk, "cases": [case.pk], "reason": ""})
    assert error_codes(response) == {"to": ["required"], "reason": ["required"]}
    assert "Questo campo è obbligatorio." in response.content.decode()
    case.refresh_from_db()
    assert case.responsible == worker


def test_only_the_coordinator_reassigns_in_bulk(worker_client, worker):
    assert worker_client.get(BULK_URL).status_code == 403


def test_a_worker_of_another_team_cannot_be_chosen(client, coordinator, other_team_worker):
    client.force_login(coordinator)
    assert client.get(BULK_URL, {"from": other_team_worker.pk}).status_code == 404


@pytest.mark.parametrize("rows", [1, 30])
def test_the_bulk_page_reads_the_cases_at_once(client, coordinator, worker, django_assert_max_num_queries, rows):
    CaseFactory.create_batch(rows, person__team=worker.team, responsible=worker)
    client.force_login(coordinator)
    with django_assert_max_num_queries(13):
        assert client.get(BULK_URL, {"from": worker.pk}).status_code == 200


# Transfers to another team


def teams_seeing(case, *users) -> list[str]:
    """Which of these users' teams see the case and its person right now."""
    seen = []
    for user in users:
        sees_case = Case.objects.visible_to(user).filter(pk=case.pk).exists()
        sees_person = Person.objects.visible_to(user).filter(pk=case.person_id).exists()
        assert sees_case == sees_person, "the person and the case are in two teams"
        if sees_case:
            seen.append(user.team.name)
    return seen


def test_a_transfer_is_proposed_accepted_and_the_case_is_never_in_two_teams(
    client, coordinator, worker, case, south_coordinator, other_team_worker
):
    second_case = CaseFactory(person=case.person, responsible=worker, status="closed")
    assert teams_seeing(case, worker, other_team_worker) == ["Équipe Nord"]

    client.force_login(coordinator)
    response = client.post(
        reverse("cases:transfer_propose", args=[case.pk]),
        {"to_team": other_team_worker.team_id, "reason": "Trasferimento di residenza a Rho"},
    )
    assert response.status_code == 302
    transfer = CaseTransfer.objects.get()
    # Proposed, not moved: the case stays with its team until the other coordinator answers.
    assert teams_seeing(case, worker, other_team_worker) == ["Équipe Nord"]
    assert kinds_for(south_coordinator) == ["transfer_proposed"]

    client.force_login(south_coordinator)
    assert client.get(case.get_absolute_url()).status_code == 404
    proposal = client.get(transfer.get_absolute_url())
    assert proposal.status_code == 200
    assert "M.B." in proposal.content.decode() and "Bianchi" not in proposal.content.decode()
    assert transfer in client.get(reverse("cases:to_approve")).context["transfers"]

    response = client.post(
        reverse("cases:transfer_decide", args=[transfer.pk]),
        {"decision": "accept", "responsible": other_team_worker.pk, "note": "Presa in carico dal 1/3"},
    )
    assert response.status_code == 302
    assert teams_seeing(case, worker, other_team_worker) == ["Équipe Sud"]
    case.refresh_from_db()
    second_case.refresh_from_db()
    assert (case.team, case.responsible) == (other_team_worker.team, other_team_worker)
    assert second_case.team == other_team_worker.team
    assert CaseEvent.objects.filter(kind="transfer_accepted").count() == 2
    assert kinds_for(coordinator) == ["transfer_decided"]
    assert kinds_for(other_team_worker) == ["case_assigned"]
    # The sending team keeps the proposal, not the case.
    client.force_login(worker)
    assert client.get(case.get_absolute_url()).status_code == 404
    assert client.get(transfer.get_absolute_url()).status_code == 200


def test_a_refused_transfer_leaves_the_case_where_it_was(
    client, coordinator, worker, case, south_coordinator, other_team_worker
):
    transfer = propose_transfer(case=case, to_team=other_team_worker.team, actor=coordinator, reason="Residenza")
    client.force_login(south_coordinator)
    url = reverse("cases:transfer_decide", args=[transfer.pk])
    refused = client.post(url, {"decision": "refuse", "note": ""})
    assert refused.status_code == 200
    assert error_codes(refused) == {"note": ["reason_required"]}
    client.post(url, {"decision": "refuse", "note": "Non di nostra competenza"})
    transfer.refresh_from_db()
    assert transfer.status == "refused"
    assert teams_seeing(case, worker, other_team_worker) == ["Équipe Nord"]
    assert kinds_for(coordinator) == ["transfer_decided"]


def test_accepting_needs_a_worker_of_the_receiving_team(client, coordinator, case, south_coordinator, worker):
    transfer = propose_transfer(case=case, to_team=south_coordinator.team, actor=coordinator, reason="Residenza")
    client.force_login(south_coordinator)
    response = client.post(reverse("cases:transfer_decide", args=[transfer.pk]), {"decision": "accept"})
    assert error_codes(response) == {"responsible": ["responsible_required"]}
    response = client.post(
        reverse("cases:transfer_decide", args=[transfer.pk]), {"decision": "accept", "responsible": worker.pk}
    )
    assert error_codes(response) == {"responsible": ["invalid_choice"]}
    assert teams_seeing(case, worker, south_coordinator) == ["Équipe Nord"]


def test_only_coordinators_propose_and_decide(client, worker, coordinator, case, other_team_worker):
    client.force_login(worker)
    assert client.get(reverse("cases:transfer_propose", args=[case.pk])).status_code == 403
    transfer = propose_transfer(case=case, to_team=other_team_worker.team, actor=coordinator, reason="Residenza")
    # A worker of the receiving team sees the proposal but cannot take the case in.
    client.force_login(other_team_worker)
    response = client.post(
        reverse("cases:transfer_decide", args=[transfer.pk]),
        {"decision": "accept", "responsible": other_team_worker.pk},
    )
    assert error_codes(response) == {"__all__": ["not_coordinator"]}
    assert teams_seeing(case, worker, other_team_worker) == ["Équipe Nord"]


def test_a_third_team_does_not_see_the_proposal(client, coordinator, case, other_team_worker):
    transfer = propose_transfer(case=case, to_team=other_team_worker.team, actor=coordinator, reason="Residenza")
    stranger = UserFactory(username="terzo", team=TeamFactory(name="Équipe Est"), role=COORDINATOR)
    client.force_login(stranger)
    assert client.get(transfer.get_absolute_url()).status_code == 404
    assert AuditEvent.objects.filter(action="denied", object_type="cases.casetransfer").count() == 1


def test_the_sending_coordinator_withdraws_a_proposal(client, coordinator, case, other_team_worker):
    transfer = propose_transfer(case=case, to_team=other_team_worker.team, actor=coordinator, reason="Residenza")
    client.force_login(coordinator)
    assert client.post(reverse("cases:transfer_withdraw", args=[transfer.pk])).status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == "withdrawn"


def test_one_proposal_at_a_time(client, coordinator, case, other_team_worker):
    propose_transfer(case=case, to_team=other_team_worker.team, actor=coordinator, reason="Residenza")
    client.force_login(coordinator)
    response = client.post(
        reverse("cases:transfer_propose", args=[case.pk]), {"to_team": other_team_worker.team_id, "reason": "Di nuovo"}
    )
    assert error_codes(response) == {"__all__": ["already_proposed"]}


def test_links_with_the_old_team_become_plain_household_members(coordinator, worker, case, south_coordinator):
    sister = PersonFactory(team=worker.team, first_name="Anna", last_name="Bianchi")
    add_household_member(person=case.person, actor=worker, relationship="sibling", relative=sister)
    transfer = propose_transfer(case=case, to_team=south_coordinator.team, actor=coordinator, reason="Residenza")
    accept_transfer(transfer=transfer, actor=south_coordinator, responsible=south_coordinator)
    rows = HouseholdMember.objects.order_by("pk")
    assert [(m.relative_id, m.name, m.birth_year) for m in rows] == [(None, "Anna Bianchi", 1980),
                                                                     (None, "Maria Bianchi", 1980)]  # fmt: skip
    assert HouseholdMember.objects.visible_to(worker).count() == 1
    assert HouseholdMember.objects.visible_to(south_coordinator).count() == 1


def test_a_failed_acceptance_moves_nothing(monkeypatch, coordinator, worker, case, south_coordinator):
    transfer = propose_transfer(case=case, to_team=south_coordinator.team, actor=coordinator, reason="Residenza")

    def broken(**kwargs):
        raise RuntimeError("the notification could not be written")

    monkeypatch.setattr(handover.notices, "case_assigned", broken)
    with pytest.raises(RuntimeError):
        accept_transfer(transfer=transfer, actor=south_coordinator, responsible=south_coordinator)
    assert teams_seeing(case, worker, south_coordinator) == ["Équipe Nord"]
    transfer.refresh_from_db()
    assert transfer.status == "proposed"


@pytest.mark.django_db(transaction=True)
def test_readers_never_see_the_person_and_the_case_apart_while_a_transfer_commits(monkeypatch):
    """While the acceptance is under way, another connection sees the old team or the new, never a mix."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions are tested on PostgreSQL (SQLite serialises every write)")
    north, south = TeamFactory(name="Nord"), TeamFactory(name="Sud")
    sending = UserFactory(username="c-nord", team=north, role=COORDINATOR)
    receiving = UserFactory(username="c-sud", team=south, role=COORDINATOR)
    case = CaseFactory(person__team=north, responsible=sending)
    CaseFactory(person=case.person, responsible=sending)
    transfer = propose_transfer(case=case, to_team=south, actor=sending, reason="Residenza")
    real_unlink = handover.unlink_across_teams

    def slow_unlink(person):
        time.sleep(0.6)  # the rows are saved, the transaction not yet committed
        return real_unlink(person)

    monkeypatch.setattr(handover, "unlink_across_teams", slow_unlink)
    seen, errors = set(), []

    def accept():
        try:
            accept_transfer(transfer=transfer, actor=receiving, responsible=receiving)
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    worker_thread = threading.Thread(target=accept)
    worker_thread.start()
    deadline = time.monotonic() + 5
    while worker_thread.is_alive() and time.monotonic() < deadline:
        # One statement, one snapshot: the person's team beside every case's.
        rows = list(Case.objects.filter(person_id=case.person_id).values_list("team_id", "person__team_id"))
        seen.add(frozenset(rows))
        time.sleep(0.02)
    worker_thread.join(timeout=10)
    seen.add(frozenset(Case.objects.filter(person_id=case.person_id).values_list("team_id", "person__team_id")))
    assert errors == []
    assert seen <= {frozenset({(north.pk, north.pk)}), frozenset({(south.pk, south.pk)})}
    assert frozenset({(south.pk, south.pk)}) in seen
