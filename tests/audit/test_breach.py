"""Breach scoping (issue 10 point 10): whose records an account touched, and an alert on volumes."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.roles import AUDITOR
from audit import reports
from audit.alerts import check_people_opened
from audit.context import Actor, current_actor
from audit.models import AccessAlert, AuditEvent
from audit.services import record_read
from outbox.services import deliver_due
from tests.factories import (
    CaseFactory,
    JointPlanFactory,
    OrganisationFactory,
    PersonFactory,
    ReferralFactory,
    UserFactory,
)

REPORT = reverse("audit:people_touched")


@pytest.fixture
def dpo(db):
    return UserFactory(username="dpo", team=None, role=AUDITOR, email="dpo@example.it")


@pytest.fixture
def auditor_client(dpo):
    client = Client()
    client.force_login(dpo)
    return client


def people_of(team, count):
    return [PersonFactory(team=team, last_name=f"Rossi{n}", first_name="Anna") for n in range(count)]


def window():
    now = timezone.now()
    return {"since": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"), "until": "2999-01-01T00:00"}


# The report


def test_the_report_lists_each_person_whose_records_the_account_opened_or_changed(
    worker_client, worker, other_team_worker, django_assert_num_queries
):
    case = CaseFactory(person__team=worker.team, responsible=worker, person__last_name="Bianchi")
    plan = JointPlanFactory(case=case)
    referral = ReferralFactory(case=case)
    only_changed = PersonFactory(team=worker.team, last_name="Verdi", first_name="Ugo")
    untouched = PersonFactory(team=worker.team, last_name="Neri")
    for record in (case, plan, referral):
        worker_client.get(record.get_absolute_url())
    worker_client.post(
        reverse("cases:person_update", args=[only_changed.pk]),
        {"last_name": "Verdi", "first_name": "Ugo", "sex": "M", "address": "Via Roma 2",
         "edited_version": only_changed.version},
    )  # fmt: skip
    # Another team's refused attempt on the untouched person is not a record the account opened.
    other_team_client = Client()
    other_team_client.force_login(other_team_worker)
    assert other_team_client.get(untouched.get_absolute_url()).status_code == 404

    with django_assert_num_queries(1):
        rows = reports.people_touched(user_id=worker.pk, since=timezone.now() - timedelta(hours=1),
                                      until=timezone.now())  # fmt: skip
    assert [(r["person_id"], r["name"], r["opened"], r["changed"]) for r in rows] == [
        (case.person_id, f"Bianchi {case.person.first_name}", 3, 0),
        (only_changed.pk, "Verdi Ugo", 0, 1),
    ]


def test_the_report_keeps_to_the_account_and_the_period(worker_client, worker, other_team_worker):
    person = PersonFactory(team=worker.team)
    worker_client.get(person.get_absolute_url())
    later = timezone.now() + timedelta(minutes=5)
    assert reports.people_touched(user_id=other_team_worker.pk, since=timezone.now() - timedelta(hours=1),
                                  until=later) == []  # fmt: skip
    assert reports.people_touched(user_id=worker.pk, since=later, until=later + timedelta(hours=1)) == []


@pytest.mark.parametrize("count", [1, 20])
def test_the_report_page_names_the_people_and_is_itself_audited(
    auditor_client, worker_client, worker, django_assert_max_num_queries, count
):
    people = people_of(worker.team, count)
    for person in people:
        worker_client.get(person.get_absolute_url())
    params = {"user": worker.pk, **window()}
    # Session, the auditor group, the account (validated, then listed in the form), the report, the
    # auditor's roles and the audit event, the menu's permissions, the session's save.
    with django_assert_max_num_queries(13):
        response = auditor_client.get(REPORT, params)
    page = response.content.decode()
    assert [row["person_id"] for row in response.context["rows"]] == [p.pk for p in people]
    assert f"Rossi{count - 1} Anna" in page and f"#{people[0].pk}" in page
    seen = AuditEvent.objects.get(username="dpo", action="read")
    assert (seen.object_type, seen.object_id, seen.subject_person_id) == ("accounts.user", str(worker.pk), None)
    assert seen.changes["report"] == "people_touched" and seen.changes["people"] == count


def test_the_report_as_csv_is_audited_as_an_export(auditor_client, worker_client, worker):
    person = PersonFactory(team=worker.team, last_name="Gialli", first_name="Eva")
    worker_client.get(person.get_absolute_url())
    response = auditor_client.get(REPORT, {"user": worker.pk, **window(), "format": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "csv" in response["Content-Type"]
    assert f"{person.pk};Gialli Eva;1;0;" in body
    assert AuditEvent.objects.filter(username="dpo", action="export", object_type="accounts.user").exists()


def test_bad_report_input_is_re_rendered_with_a_message(auditor_client, worker):
    response = auditor_client.get(REPORT, {"user": worker.pk, "since": "ieri", "until": "2026-01-01T00:00"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"since"}
    response = auditor_client.get(REPORT, {"user": worker.pk, "since": "2026-02-01T00:00", "until": "2026-01-01T00:00"})
    assert [e.code for e in response.context["form"].errors.as_data()["until"]] == ["until_before"]
    assert response.context["rows"] is None
    assert not AuditEvent.objects.filter(username="dpo", action__in=["read", "export"]).exists()


def test_only_the_auditor_opens_the_report(worker_client, client):
    assert worker_client.get(REPORT).status_code == 403
    client.logout()
    assert client.get(REPORT).status_code == 302


# The alert


@pytest.fixture
def auditors(dpo):
    second = UserFactory(username="dpo2", team=None, role=AUDITOR, email="dpo2@example.it")
    UserFactory(username="ex-dpo", team=None, role=AUDITOR, email="ex@example.it", is_active=False)
    UserFactory(username="dpo-senza-mail", team=None, role=AUDITOR, email="")
    return [dpo, second]


@pytest.fixture
def low_threshold(settings):
    settings.AUDIT_ALERT_PEOPLE_PER_HOUR = 3


def open_records(client, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for person in people:
            assert client.get(person.get_absolute_url()).status_code == 200
    # The alert e-mails are queued in the outbox; the job queue sends them.
    deliver_due()


def test_crossing_the_threshold_alerts_each_auditor_once(
    worker_client, worker, auditors, low_threshold, django_capture_on_commit_callbacks
):
    people = people_of(worker.team, 5)
    open_records(worker_client, people[:4], django_capture_on_commit_callbacks)
    alert = AccessAlert.objects.get()
    assert (alert.user, alert.people, alert.threshold) == (worker, 4, 3)
    assert sorted(message.to[0] for message in mail.outbox) == ["dpo2@example.it", "dpo@example.it"]
    message = mail.outbox[0]
    assert "sara" in message.subject and "4" in message.subject
    # It names the account and the count, never a person.
    assert not [p.last_name for p in people if p.last_name in message.subject + message.body]

    # Going on within the hour, and opening the same people again, sends nothing more.
    open_records(worker_client, people[4:] + people[:2], django_capture_on_commit_callbacks)
    assert AccessAlert.objects.count() == 1
    assert len(mail.outbox) == 2


def test_below_the_threshold_nothing_happens(
    worker_client, worker, auditors, low_threshold, django_capture_on_commit_callbacks
):
    people = people_of(worker.team, 3)
    # Reading the same people many times is not reading many people.
    open_records(worker_client, people * 3, django_capture_on_commit_callbacks)
    assert not AccessAlert.objects.exists()
    assert mail.outbox == []


def test_a_new_hour_can_raise_a_new_alert(
    worker, auditors, low_threshold, monkeypatch, django_capture_on_commit_callbacks
):
    people = people_of(worker.team, 4)
    token = current_actor.set(Actor(user=worker, ip=None, path="/"))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            for person in people:
                record_read(person)
            later = timezone.now() + timedelta(hours=2)
            monkeypatch.setattr(timezone, "now", lambda: later)
            for person in people:
                record_read(person)
    finally:
        current_actor.reset(token)
    deliver_due(now=later)
    assert AccessAlert.objects.count() == 2
    assert len(mail.outbox) == 4


def test_the_alert_is_listed_on_the_auditor_page(auditor_client, worker, low_threshold):
    AccessAlert.objects.create(user=worker, username="sara", hour=timezone.now(), people=7, threshold=3)
    page = auditor_client.get(reverse("audit:event_list")).content.decode()
    assert "sara" in page and "7" in page
    assert f"{REPORT}?user={worker.pk}" in page


def test_the_check_costs_one_query_and_only_for_a_persons_record(worker, django_assert_num_queries):
    person = PersonFactory(team=worker.team)
    organisation = OrganisationFactory()
    token = current_actor.set(Actor(user=worker, ip=None, path="/", _role="social_worker"))
    try:
        with django_assert_num_queries(2):  # the event, and the check
            record_read(person)
        with django_assert_num_queries(1):  # the event alone
            record_read(organisation)
    finally:
        current_actor.reset(token)


def test_a_refused_attempt_counts_for_nothing(worker, low_threshold):
    people = people_of(worker.team, 5)
    token = current_actor.set(Actor(user=worker, ip=None, path="/", _role="social_worker"))
    try:
        for person in people:
            AuditEvent.objects.create(user=worker, action="denied", allowed=False, subject_person_id=person.pk)
        assert check_people_opened(worker) is None
    finally:
        current_actor.reset(token)


def test_a_mail_server_down_keeps_the_alert(
    worker, auditors, low_threshold, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1
    people = people_of(worker.team, 4)
    token = current_actor.set(Actor(user=worker, ip=None, path="/", _role="social_worker"))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            for person in people:
                record_read(person)
    finally:
        current_actor.reset(token)
    assert deliver_due()["retry"] == 2
    assert AccessAlert.objects.count() == 1
