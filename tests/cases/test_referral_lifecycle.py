from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.choices import REFERRAL_TRANSITIONS, ReferralStatus
from cases.models import CaseEvent, Referral, ReferralTransition
from cases.services import transition_referral
from tests.factories import CaseFactory, ReferralFactory

ALLOWED = [(source, target) for source, targets in REFERRAL_TRANSITIONS.items() for target in targets]
REFUSED = [
    (source, target)
    for source in ReferralStatus.values
    for target in ReferralStatus.values
    if target not in REFERRAL_TRANSITIONS[source]
]
DAY = date(2026, 2, 1)


def move(referral, to_status, note="Annotazione", on=DAY):
    return transition_referral(
        referral=referral, to_status=to_status, actor=referral.created_by, occurred_on=on, note=note
    )


@pytest.mark.parametrize(("source", "target"), ALLOWED)
def test_every_allowed_transition_is_recorded_and_attributed(db, source, target):
    referral = ReferralFactory(status=source, decline_reason="x", outcome="x")

    moved = move(referral, target)

    assert moved.status == target
    assert moved.status_changed_on == DAY
    step = ReferralTransition.objects.get()
    assert (step.from_status, step.to_status, step.occurred_on, step.actor) == (
        source,
        target,
        DAY,
        referral.created_by,
    )
    event = CaseEvent.objects.get(referral=referral)
    assert event.data["from"] == source and event.data["to"] == target


@pytest.mark.parametrize(("source", "target"), REFUSED)
def test_every_impossible_transition_is_refused_with_a_reason(db, source, target):
    referral = ReferralFactory(status=source, decline_reason="x", outcome="x")

    with pytest.raises(ValidationError) as excinfo:
        move(referral, target)

    assert excinfo.value.code == "impossible_transition"
    referral.refresh_from_db()
    assert referral.status == source
    assert not ReferralTransition.objects.exists()


def test_a_referral_cannot_be_sent_without_the_persons_consent(db):
    referral = ReferralFactory(case=CaseFactory(without_consent=True))
    with pytest.raises(ValidationError) as excinfo:
        move(referral, ReferralStatus.SENT)
    assert excinfo.value.code == "consent_missing"
    assert Referral.objects.get().status == ReferralStatus.DRAFT


def test_declining_needs_a_reason_and_keeps_it(db):
    referral = ReferralFactory(status=ReferralStatus.SENT)
    with pytest.raises(ValidationError) as excinfo:
        move(referral, ReferralStatus.DECLINED, note="  ")
    assert excinfo.value.error_dict["note"][0].code == "reason_required"

    move(referral, ReferralStatus.DECLINED, note="Nessun posto libero")
    assert Referral.objects.get().decline_reason == "Nessun posto libero"


def test_completing_needs_an_outcome_and_keeps_it(db):
    referral = ReferralFactory(status=ReferralStatus.IN_PROGRESS)
    with pytest.raises(ValidationError) as excinfo:
        move(referral, ReferralStatus.COMPLETED, note="")
    assert excinfo.value.error_dict["note"][0].code == "outcome_required"

    move(referral, ReferralStatus.COMPLETED, note="Ha concluso l'anno con profitto")
    assert Referral.objects.get().outcome == "Ha concluso l'anno con profitto"


def test_a_step_cannot_be_dated_in_the_future_or_before_the_previous_one(db):
    referral = ReferralFactory(status_changed_on=DAY)
    with pytest.raises(ValidationError) as future:
        move(referral, ReferralStatus.SENT, on=timezone.localdate() + timedelta(days=1))
    with pytest.raises(ValidationError) as earlier:
        move(referral, ReferralStatus.SENT, on=DAY - timedelta(days=1))
    assert future.value.error_dict["occurred_on"][0].code == "future_date"
    assert earlier.value.error_dict["occurred_on"][0].code == "date_before_previous"


def test_the_whole_lifecycle_reads_in_order_on_the_timeline(db):
    referral = ReferralFactory()
    for day, status in enumerate(["sent", "accepted", "in_progress", "completed"], start=1):
        move(referral, status, on=DAY + timedelta(days=day), note="Esito positivo")
    steps = [e.data["to"] for e in CaseEvent.objects.filter(referral=referral).order_by("occurred_on")]
    assert steps == ["sent", "accepted", "in_progress", "completed"]
