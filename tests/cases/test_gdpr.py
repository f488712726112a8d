import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from cases.gdpr import anonymise, people_past_retention
from cases.models import CaseEvent, Person, Referral
from tests.factories import CaseFactory, PersonFactory, ReferralFactory


@pytest.fixture
def case(worker):
    case = CaseFactory(
        person__team=worker.team,
        responsible=worker,
        person__last_name="Rossi",
        person__fiscal_code="RSSMRA80C55F205T",
        goals="Sostegno scolastico",
    )
    case.needs.create(dimension_id=3, level=3)
    ReferralFactory(case=case, status="completed", outcome="Anno concluso con profitto")
    return case


def test_a_person_gets_everything_we_hold_as_json_with_who_accessed_it(worker_client, case):
    worker_client.get(case.get_absolute_url())
    response = worker_client.get(reverse("cases:person_export_json", args=[case.person.pk]))
    dossier = json.loads(response.content)
    assert response["Content-Disposition"].startswith("attachment")
    assert dossier["person"]["fiscal_code"] == "RSSMRA80C55F205T"
    assert dossier["cases"][0]["goals"] == "Sostegno scolastico"
    assert dossier["cases"][0]["referrals"][0]["outcome"] == "Anno concluso con profitto"
    assert any(a["who"] == "sara" and a["record"] == f"cases.case#{case.pk}" for a in dossier["accesses"])
    assert AuditEvent.objects.filter(
        action="export", object_type="cases.person", object_id=str(case.person.pk)
    ).exists()


def test_the_same_as_pdf(worker_client, case):
    response = worker_client.get(reverse("cases:person_export_pdf", args=[case.person.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_another_team_cannot_export(other_team_client, case):
    assert other_team_client.get(reverse("cases:person_export_json", args=[case.person.pk])).status_code == 404
    assert AuditEvent.objects.filter(action="denied").exists()
    assert not AuditEvent.objects.filter(action="export").exists()


@pytest.mark.parametrize("rows", [1, 20])
def test_export_query_count_does_not_grow(worker_client, worker, django_assert_max_num_queries, rows):
    person = PersonFactory(team=worker.team)
    for _ in range(rows):
        ReferralFactory(case=CaseFactory(person=person, responsible=worker))
    # The export grew with the consents (issue 13), the household and the documents (issue 14).
    with django_assert_max_num_queries(26):
        assert worker_client.get(reverse("cases:person_export_json", args=[person.pk])).status_code == 200


def closed(case, years_ago):
    case.status = "closed"
    case.status_changed_on = timezone.localdate() - timedelta(days=round(365.25 * years_ago) + 1)
    case.save()
    return case


def test_retention_selects_people_whose_cases_all_closed_long_ago(db):
    old = closed(CaseFactory(), 11).person
    recent = closed(CaseFactory(), 2).person
    mixed = closed(CaseFactory(), 11).person
    CaseFactory(person=mixed)  # still open
    assert list(people_past_retention(10)) == [old]
    assert recent not in people_past_retention(10)


def test_the_command_is_a_dry_run_unless_applied(db):
    person = closed(CaseFactory(person__last_name="Bianchi"), 11).person
    out = StringIO()
    call_command("anonymise_people", "--years", "10", stdout=out)
    assert "Would anonymise 1" in out.getvalue()
    person.refresh_from_db()
    assert person.last_name == "Bianchi"

    call_command("anonymise_people", "--years", "10", "--apply", stdout=StringIO())
    person.refresh_from_db()
    assert person.last_name == f"Anonimo {person.pk}" and person.anonymised_on == timezone.localdate()


def test_anonymising_removes_identity_and_free_text_but_keeps_the_figures(worker, case):
    from cases.services import add_note

    add_note(case=case, actor=worker, text="La signora Rossi vive con la figlia", occurred_on=date(2026, 1, 20))
    anonymise(case.person)
    person = Person.objects.get(pk=case.person.pk)
    assert (person.first_name, person.fiscal_code, person.birth_date, person.address) == ("—", None, None, "")
    case.refresh_from_db()
    assert case.goals == ""
    assert list(case.needs.values_list("level", flat=True)) == [3]
    referral = Referral.objects.get(case=case)
    assert (referral.status, referral.outcome) == ("completed", "[anonimizzato]")
    assert CaseEvent.objects.get(case=case, kind="note").data["text"] == "[anonimizzato]"
    assert not people_past_retention(0).filter(pk=person.pk).exists()
