"""Every notification of handover and supervision is worded from plain data: initials and numbers (issue 14)."""

from datetime import date

from django.utils import translation

from accounts.roles import COORDINATOR
from cases.handover import accept_transfer, propose_transfer, refuse_transfer
from cases.supervision import approve_closure, request_closure, return_closure
from notifications.kinds import MESSAGES, Kind
from notifications.models import Notification
from tests.factories import CaseFactory, UserFactory


def test_every_kind_has_its_message():
    assert set(MESSAGES) == set(Kind)


def test_transfer_and_closure_notices_are_worded_in_both_languages(worker, coordinator, other_team_worker):
    south = UserFactory(username="giulia", team=other_team_worker.team, role=COORDINATOR)
    case = CaseFactory(person__team=worker.team, person__first_name="Maria", person__last_name="Bianchi",
                       responsible=worker)  # fmt: skip
    refuse_transfer(transfer=propose_transfer(case=case, to_team=south.team, actor=coordinator, reason="Residenza"),
                    actor=south, note="Non nostro")  # fmt: skip
    return_closure(request=request_closure(case=case, actor=worker, closes_on=date(2026, 3, 1), reason="Fine"),
                   actor=coordinator, comments="Non ancora")  # fmt: skip
    approve_closure(request=request_closure(case=case, actor=worker, closes_on=date(2026, 3, 1), reason="Fine"),
                    actor=coordinator)  # fmt: skip
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert kinds == {"transfer_proposed", "transfer_decided", "closure_to_approve", "closure_decided"}
    for language in ("it", "en"):
        with translation.override(language):
            for notification in Notification.objects.all():
                message = notification.message()
                assert "M.B." in message and "Bianchi" not in message
                assert "Residenza" not in message and "Non nostro" not in message


def test_an_accepted_transfer_tells_the_proposer(worker, coordinator, other_team_worker):
    south = UserFactory(username="giulia", team=other_team_worker.team, role=COORDINATOR)
    case = CaseFactory(person__team=worker.team, responsible=worker)
    transfer = propose_transfer(case=case, to_team=south.team, actor=coordinator, reason="Residenza")
    accept_transfer(transfer=transfer, actor=south, responsible=other_team_worker)
    told = Notification.objects.get(user=coordinator)
    with translation.override("en"):
        assert "accepted" in told.message()
