"""Two partners answering the same referral at once: exactly one answer wins (the referral's row lock)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from cases.models import CaseEvent, Referral, ReferralTransition
from partners.services import answer_referral
from tests.factories import ContactFactory
from tests.partners.conftest import send


def answer(referral, contact, what):
    if what == "accepted":
        return answer_referral(referral=referral, contact=contact, answer="accepted", starts_on=timezone.localdate())
    return answer_referral(referral=referral, contact=contact, answer="declined", decline_category="no_places")


@pytest.mark.django_db
def test_an_answer_decided_on_a_stale_copy_is_refused(referral, liaison):
    send(referral)
    first, second = Referral.objects.get(pk=referral.pk), Referral.objects.get(pk=referral.pk)
    answer(first, liaison, "accepted")
    with pytest.raises(ValidationError) as refused:
        answer(second, ContactFactory(organisation=liaison.organisation), "declined")
    assert refused.value.code == "already_answered"
    assert ReferralTransition.objects.filter(from_status="sent").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_partners_answering_at_once_exactly_one_wins(referral, liaison):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions are tested on PostgreSQL (SQLite serialises every write)")
    send(referral)
    colleague = ContactFactory(organisation=liaison.organisation, first_name="Davide")
    attempts = [
        (Referral.objects.get(pk=referral.pk), liaison, "accepted"),
        (Referral.objects.get(pk=referral.pk), colleague, "declined"),
    ]
    barrier = threading.Barrier(2)
    outcomes = []

    def attempt(copy, contact, what) -> None:
        barrier.wait()
        try:
            answer(copy, contact, what)
            outcomes.append(what)
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=args) for args in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(outcomes) == 2 and outcomes.count("already_answered") == 1
    won = next(outcome for outcome in outcomes if outcome != "already_answered")
    assert Referral.objects.get(pk=referral.pk).status == won
    assert ReferralTransition.objects.filter(from_status="sent").count() == 1
    assert CaseEvent.objects.filter(kind="referral_status", data__from="sent").count() == 1
