"""Printed case work: the case summary and the pact, both audited exports; print CSS for the pages (issue 14)."""

import io
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from audit.models import AuditEvent
from cases.household import add_household_member
from cases.models import PlanPartner
from tests.factories import (
    CaseFactory,
    ContactFactory,
    JointPlanFactory,
    MeetingFactory,
    OrganisationFactory,
    ReferralFactory,
)


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


@pytest.fixture
def case(worker):
    return CaseFactory(
        person__team=worker.team, person__first_name="Maria", person__last_name="Bianchi", responsible=worker,
        goals="Rientro a scuola", commitments="Frequentare il doposcuola",
    )  # fmt: skip


@pytest.fixture
def plan(case):
    plan = JointPlanFactory(case=case, title="Progetto con l'oratorio", started_on=date(2026, 1, 20))
    organisation = OrganisationFactory(name="Oratorio San Luigi")
    PlanPartner.objects.create(plan=plan, organisation=organisation, contact=ContactFactory(organisation=organisation,
                               first_name="Don", last_name="Piero"), role="Doposcuola", commitments="Due pomeriggi")  # fmt: skip
    PlanPartner.objects.create(plan=plan, organisation=OrganisationFactory(name="Emporio solidale"), role="Spesa")
    PlanPartner.objects.create(plan=plan, organisation=OrganisationFactory(name="Ex partner"), role="Nessuno",
                               removed_on=date(2026, 2, 1), removal_reason="Chiuso")  # fmt: skip
    plan.objectives.create(description="Frequenza scolastica", indicator="Assenze < 10%")
    return plan


def test_the_case_summary_pdf_is_an_audited_export(worker_client, worker, case):
    add_household_member(person=case.person, actor=worker, relationship="child", name="Luca Bianchi")
    ReferralFactory(case=case, opportunity__title="Doposcuola medie")
    response = worker_client.get(reverse("cases:case_summary_pdf", args=[case.pk]))
    assert response.status_code == 200
    text = pdf_text(response)
    for expected in ("Bianchi Maria", "Luca Bianchi", "Rientro a scuola", "Doposcuola medie"):
        assert expected in text, expected
    export = AuditEvent.objects.get(action="export", object_type="cases.case")
    assert (export.object_id, export.subject_person_id, export.changes) == (str(case.pk), case.person_id,
                                                                            {"format": "pdf"})  # fmt: skip


def test_the_pact_has_a_signature_line_for_the_person_and_each_partner(worker_client, plan):
    response = worker_client.get(reverse("cases:plan_pact_pdf", args=[plan.pk]))
    assert response.status_code == 200
    text = pdf_text(response)
    for expected in ("Bianchi Maria", "Oratorio San Luigi", "Emporio solidale", "Frequenza scolastica",
                     "Frequentare il doposcuola", "Don Piero"):  # fmt: skip
        assert expected in text, expected
    # A partner who left the plan signs nothing.
    assert "Ex partner" not in text
    assert text.count("Oratorio San Luigi") >= 2  # in the partners' table and on its signature line
    export = AuditEvent.objects.get(action="export", object_type="cases.jointplan")
    assert (export.subject_person_id, export.changes) == (plan.case.person_id, {"format": "pact"})


@pytest.mark.parametrize("rows", [1, 30])
def test_the_pact_reads_its_partners_at_once(worker_client, plan, django_assert_max_num_queries, rows):
    for number in range(rows):
        PlanPartner.objects.create(plan=plan, organisation=OrganisationFactory(), role=f"Ruolo {number}")
        plan.objectives.create(description=f"Obiettivo {number}", indicator="x")
    with django_assert_max_num_queries(13):
        assert worker_client.get(reverse("cases:plan_pact_pdf", args=[plan.pk])).status_code == 200


@pytest.mark.parametrize("rows", [1, 30])
def test_the_summary_reads_the_case_at_once(worker_client, worker, case, django_assert_max_num_queries, rows):
    for number in range(rows):
        ReferralFactory(case=case)
        add_household_member(person=case.person, actor=worker, relationship="relative", name=f"Parente {number}")
    # One more since the consents are records of their own (issue 13).
    with django_assert_max_num_queries(18):
        assert worker_client.get(reverse("cases:case_summary_pdf", args=[case.pk])).status_code == 200


def test_the_pages_print_without_the_app_around_them(worker_client, case, plan):
    link = 'href="/static/css/print.css" media="print"'
    for url in (case.get_absolute_url(), plan.get_absolute_url(), MeetingFactory().get_absolute_url()):
        page = worker_client.get(url).content.decode()
        assert link in page, url
        # The Content-Security-Policy forbids inline styles: none is written into these pages.
        assert "<style" not in page and 'style="' not in page, url
    from django.contrib.staticfiles import finders

    css = Path(finders.find("css/print.css")).read_text()
    assert "@page" in css and "display: none" in css
