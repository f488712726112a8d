"""Two people closing the same case at once: exactly one succeeds (issue 10, point 4)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from cases.models import Case, CaseEvent
from cases.services import change_case_status
from tests.factories import CaseFactory


def close(case: Case, actor) -> None:
    change_case_status(case=case, to_status="closed", actor=actor, occurred_on=timezone.localdate(), reason="Fine")


@pytest.mark.django_db
def test_a_close_decided_on_a_stale_copy_is_refused():
    # A team that closes cases without the coordinator's approval (cases.supervision).
    case = CaseFactory(person__team__closures_need_approval=False)
    first, second = Case.objects.get(pk=case.pk), Case.objects.get(pk=case.pk)
    close(first, case.responsible)
    with pytest.raises(ValidationError) as excinfo:
        close(second, case.responsible)
    assert excinfo.value.code == "impossible_transition"
    assert CaseEvent.objects.filter(case=case, kind="case_status").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_closes_exactly_one_wins():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions are tested on PostgreSQL (SQLite serialises every write)")
    case = CaseFactory(person__team__closures_need_approval=False)
    copies = [Case.objects.get(pk=case.pk) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def attempt(copy: Case) -> None:
        barrier.wait()
        try:
            close(copy, case.responsible)
            outcomes.append("closed")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(copy,)) for copy in copies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["closed", "impossible_transition"]
    assert CaseEvent.objects.filter(case=case, kind="case_status").count() == 1
