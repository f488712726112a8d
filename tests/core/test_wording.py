"""Issue 16, "wording and formats": dates, numbers and counts as Italian writes them, through the locale."""

import io
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from pypdf import PdfReader

from audit.filters import AuditEventFilter
from audit.models import AuditEvent
from cases.models import CaseMeeting
from core.exports import neutralise
from notifications.wording import message
from tests.factories import (
    CaseFactory,
    JointPlanFactory,
    MeetingFactory,
    OrganisationFactory,
    PersonFactory,
    ReferralFactory,
    TableFactory,
    TableMemberFactory,
)

ROME = ZoneInfo("Europe/Rome")


@pytest.fixture
def italian():
    with translation.override("it"):
        yield


def test_month_and_weekday_names_are_lower_case(italian):
    when = datetime(2026, 11, 10, 9, 30, tzinfo=ROME)
    assert date_format(date(2026, 11, 10), "DATE_FORMAT") == "10 novembre 2026"
    assert date_format(timezone.localtime(when), "DATETIME_FORMAT") == "martedì 10 novembre 2026 09:30"
    assert date_format(date(2026, 5, 1), "YEAR_MONTH_FORMAT") == "maggio 2026"


def test_a_meeting_page_starts_its_date_with_a_capital_but_keeps_the_month_lower_case(worker_client, worker):
    when = datetime(2026, 11, 10, 9, 30, tzinfo=ROME)
    meeting = MeetingFactory(table=TableFactory(coordinator=worker), starts_at=when)
    page = worker_client.get(meeting.get_absolute_url()).content.decode()
    assert "Martedì 10 novembre 2026" in page
    assert "Novembre" not in page


def test_a_case_meeting_is_named_by_its_date_as_the_locale_writes_it(italian, worker):
    plan = JointPlanFactory(case=CaseFactory(person__team=worker.team, responsible=worker))
    meeting = CaseMeeting(plan=plan, held_on=date(2026, 11, 21), minutes="-", recorded_by=worker)
    assert str(meeting) == "Incontro del 21/11/2026"
    assert "2026-11-21" not in str(meeting)


def test_a_table_meeting_is_named_by_its_local_date(italian):
    # 23:30 in Rome is 22:30 in UTC: the name gives the day of the meeting where it is held.
    meeting = MeetingFactory.build(
        table=TableFactory.build(name="Tavolo anziani"), starts_at=datetime(2026, 11, 21, 23, 30, tzinfo=ROME)
    )
    assert str(meeting) == "Tavolo anziani · 21/11/2026"


@pytest.mark.parametrize(
    ("created", "updated", "expected"),
    [(1, 0, "1 record creato, 0 record aggiornati"), (3, 1, "3 record creati, 1 record aggiornato")],
)
def test_the_import_notification_counts_in_the_right_plural(italian, created, updated, expected):
    params = {"what": "organisations", "created": created, "updated": updated}
    assert expected in message("import_finished", params, date(2026, 11, 25))


def test_closed_referral_counts_agree_with_their_number(worker_client, worker):
    today = timezone.localdate()
    case = CaseFactory(person__team=worker.team, responsible=worker)
    ReferralFactory(case=case, status="completed", status_changed_on=today, outcome="Percorso concluso")
    ReferralFactory.create_batch(
        2, case=case, status="declined", status_changed_on=today, decline_reason="Posti esauriti"
    )
    page = worker_client.get(reverse("indicators:dashboard")).content.decode()
    assert "invio concluso" in page
    assert "invii rifiutati" in page
    assert "invii ritirati" in page  # none withdrawn: zero takes the plural


def test_the_audit_filter_starts_from_all_events(italian):
    form = AuditEventFilter({}, queryset=AuditEvent.objects.none()).form
    rendered = str(form["allowed"])
    assert "Sconosciuto" not in rendered
    assert '<option value="" selected>Tutti</option>' in rendered


def test_the_duplicate_warning_points_to_the_link_above_the_form(worker_client, worker):
    PersonFactory(team=worker.team, last_name="Rossi", first_name="Maria", birth_date=date(1980, 3, 15))
    data = {"first_name": "Maria", "last_name": "Rossi", "birth_date": "1980-03-15", "sex": "F"}
    page = worker_client.post(reverse("cases:person_create"), data).content.decode()
    assert "Apri la scheda qui sotto" not in page
    assert "in cima alla pagina" in page


def test_a_meeting_still_to_come_lists_the_members_convoked_not_absent(worker_client, worker):
    table = TableFactory(coordinator=worker)
    TableMemberFactory(table=table, citizen_name="Anna Verdi")
    meeting = MeetingFactory(table=table, starts_at=timezone.now() + timedelta(days=5))
    page = worker_client.get(meeting.get_absolute_url()).content.decode()
    assert "Anna Verdi" in page
    assert "assente" not in page
    assert "Membri convocati" in page


def test_a_meeting_held_still_says_who_was_absent(worker_client, worker):
    table = TableFactory(coordinator=worker)
    TableMemberFactory(table=table, citizen_name="Anna Verdi")
    meeting = MeetingFactory(table=table)
    page = worker_client.get(meeting.get_absolute_url()).content.decode()
    assert "assente" in page


def test_the_personal_data_pdf_names_fields_by_their_label_and_times_locally(worker_client, worker):
    person = PersonFactory(team=worker.team, first_name="Maria", last_name="Bianchi", birth_date=date(1980, 3, 15))
    response = worker_client.get(reverse("cases:person_export_pdf", args=[person.pk]))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Codice fiscale" in text and "Nome" in text and "Data di nascita" in text
    assert "fiscal_code" not in text and "first_name" not in text
    assert "15 marzo 1980" in text
    assert "+00:00" not in text and "T" + timezone.now().strftime("%H") not in text


def test_the_personal_data_json_keeps_its_keys(worker_client, worker):
    person = PersonFactory(team=worker.team)
    dossier = worker_client.get(reverse("cases:person_export_json", args=[person.pk])).json()
    assert "fiscal_code" in dossier["person"]
    assert datetime.fromisoformat(dossier["generated_at"].replace("Z", "+00:00"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [(9.0, "9,0"), (Decimal("12.50"), "12,50"), (-1.5, "-1,5"), (7, "7"), (True, "True")],
)
def test_csv_numbers_use_the_italian_decimal_comma(italian, value, expected):
    assert neutralise(value) == expected


def test_the_organisation_csv_names_the_runts_section(worker_client):
    OrganisationFactory(name="Auser Rho", kind="odv")
    response = worker_client.get(reverse("territory:organisation_list"), {"format": "csv"})
    line = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()[1]
    assert ";a) Organizzazioni di volontariato;" in line
    assert ";a;" not in line
