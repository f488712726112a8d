import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.roles import AUDITOR
from audit.models import AuditEvent
from tests.factories import CaseFactory, JointPlanFactory, PersonFactory, ReferralFactory, UserFactory


@pytest.fixture
def case(worker):
    return CaseFactory(person__team=worker.team, responsible=worker, person__fiscal_code="RSSMRA80C55F205T")


@pytest.fixture
def auditor_client(db):
    # Its own client: tests use it beside worker_client, which holds the worker's session.
    client = Client()
    client.force_login(UserFactory(username="dpo", team=None, role=AUDITOR))
    return client


def test_reading_a_case_person_referral_and_plan_is_recorded(worker_client, worker, case):
    referral = ReferralFactory(case=case)
    plan = JointPlanFactory(case=case)
    for record in (case, case.person, referral, plan):
        worker_client.get(record.get_absolute_url(), REMOTE_ADDR="10.1.2.3")
    reads = AuditEvent.objects.filter(action="read").order_by("pk")
    assert [(e.object_type, e.object_id) for e in reads] == [
        ("cases.case", str(case.pk)),
        ("cases.person", str(case.person.pk)),
        ("cases.referral", str(referral.pk)),
        ("cases.jointplan", str(plan.pk)),
    ]
    event = reads.first()
    assert (event.user, event.username, event.role, event.ip, event.allowed) == (
        worker,
        "sara",
        "social_worker",
        "10.1.2.3",
        True,
    )
    assert event.path == case.get_absolute_url()


def test_another_teams_attempt_is_recorded_as_denied(other_team_client, other_team_worker, case):
    assert other_team_client.get(case.get_absolute_url()).status_code == 404
    event = AuditEvent.objects.get(action="denied")
    assert (event.user, event.object_type, event.object_id, event.allowed) == (
        other_team_worker,
        "cases.case",
        str(case.pk),
        False,
    )
    # A record that does not exist at all is just a 404, not an attempt on someone's data.
    other_team_client.get(reverse("cases:case_detail", args=[424242]))
    assert AuditEvent.objects.filter(action="denied").count() == 1


def test_a_refused_action_is_recorded(no_role_client, no_role_user):
    no_role_client.post(reverse("territory:organisation_create"), {"name": "X"})
    event = AuditEvent.objects.get(action="denied")
    assert (event.user, event.path, event.allowed) == (no_role_user, reverse("territory:organisation_create"), False)


def test_changes_keep_before_and_after_and_mask_the_fiscal_code(worker_client, case):
    person = case.person
    worker_client.post(
        reverse("cases:person_update", args=[person.pk]),
        {
            "last_name": person.last_name,
            "first_name": person.first_name,
            "fiscal_code": "RSSMRA80C55F20RO",
            "sex": "F",
            "address": "Via Nuova 3",
            "edited_version": person.version,
        },
    )
    event = AuditEvent.objects.filter(action="update", object_type="cases.person").get()
    # A person's contacts are masked like the fiscal code (issue 10): before and after say that the
    # address went from empty to set, not what it is.
    assert event.changes["address"] == ["", "***"]
    assert event.changes["fiscal_code"] == ["***", "***"]
    assert "RSSMRA" not in str(event.changes)
    assert "Via Nuova" not in str(event.changes)


def test_changes_keep_before_and_after_of_what_is_not_content(worker_client, case):
    # A team that closes cases without the coordinator's approval (cases.supervision).
    type(case.team).objects.filter(pk=case.team_id).update(closures_need_approval=False)
    worker_client.post(
        reverse("cases:case_status", args=[case.pk]),
        {"to_status": "closed", "occurred_on": "2026-03-01", "reason": "Obiettivi raggiunti"},
    )
    event = AuditEvent.objects.filter(action="update", object_type="cases.case").get()
    assert event.changes["status"] == ["open", "closed"]
    assert event.changes["status_changed_on"] == [None, "2026-03-01"]
    assert event.subject_person_id == case.person_id


def test_the_trail_is_append_only(worker_client, case):
    worker_client.get(case.get_absolute_url())
    event = AuditEvent.objects.get(action="read")
    event.username = "altro"
    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied):
        event.delete()
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.all().update(username="altro")
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(action="read").username == "sara"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database trigger exists on PostgreSQL only")
def test_postgresql_refuses_raw_updates_and_deletes(worker_client, case):
    from django.db import transaction
    from django.db.utils import InternalError

    worker_client.get(case.get_absolute_url())
    count = AuditEvent.objects.count()
    for sql in ("UPDATE audit_auditevent SET username = 'x'", "DELETE FROM audit_auditevent"):
        with pytest.raises(InternalError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditEvent.objects.count() == count


def test_the_admin_cannot_change_or_delete_events(client, case, worker_client):
    worker_client.get(case.get_absolute_url())
    event = AuditEvent.objects.get(action="read")
    # A superuser who is also the DPO: being a superuser alone shows nothing (test_case_content).
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True, team=None, role=AUDITOR))
    assert client.get(reverse("admin:audit_auditevent_changelist")).status_code == 200
    assert client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_logins_and_failed_logins_are_recorded(client, worker):
    client.post(reverse("login"), {"login": "sara", "password": "sbagliata"}, REMOTE_ADDR="10.0.0.9")
    client.post(reverse("login"), {"login": "sara", "password": "password-di-prova"}, REMOTE_ADDR="10.0.0.9")
    failed, success = AuditEvent.objects.filter(action__in=["login", "login_failed"]).order_by("pk")
    assert (failed.action, failed.username, failed.ip, failed.allowed) == ("login_failed", "sara", "10.0.0.9", False)
    assert (success.action, success.user) == ("login", worker)


def test_the_auditor_answers_what_an_account_opened_between_two_times(
    auditor_client, worker_client, worker, case, django_assert_max_num_queries
):
    worker_client.get(case.get_absolute_url())
    worker_client.get(case.person.get_absolute_url())
    first = AuditEvent.objects.order_by("pk").first()
    params = {
        "user": worker.pk,
        "action": "read",
        "since": first.at.strftime("%Y-%m-%dT%H:%M"),
        "until": "2999-01-01T00:00",
    }
    # The answer itself is one query (plus its count); the rest is session, the auditor group,
    # permissions (for the menu), the recent alerts and the form.
    with django_assert_max_num_queries(13):
        response = auditor_client.get(reverse("audit:event_list"), params)
    assert [e.object_type for e in response.context["page"].object_list] == ["cases.person", "cases.case"]
    assert "csv" in auditor_client.get(reverse("audit:event_list"), {**params, "format": "csv"})["Content-Type"]


@pytest.mark.parametrize("rows", [1, 30])
def test_the_auditor_page_takes_a_fixed_number_of_queries(
    auditor_client, worker_client, case, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        worker_client.get(case.get_absolute_url())
    with django_assert_max_num_queries(12):
        assert auditor_client.get(reverse("audit:event_list")).status_code == 200


def test_the_auditor_reads_no_case_and_workers_no_trail(auditor_client, worker_client, case):
    assert auditor_client.get(case.get_absolute_url()).status_code == 404
    assert worker_client.get(reverse("audit:event_list")).status_code == 403


def test_a_bad_date_filter_is_reported_not_crashed(auditor_client):
    response = auditor_client.get(reverse("audit:event_list"), {"since": "ieri"})
    assert response.status_code == 200
    assert "since" in response.context["filter"].form.errors


def test_downloading_a_protocol_document_is_recorded(worker_client, settings):
    from django.core.files.base import ContentFile

    from tests.factories import ProtocolFactory

    protocol = ProtocolFactory()
    protocol.document.save("patto.pdf", ContentFile(b"%PDF-1.4 x"))
    worker_client.get(reverse("territory:protocol_document", args=[protocol.pk]))
    assert AuditEvent.objects.filter(action="read", object_type="territory.protocol").exists()


def test_people_seen_by_nobody_have_no_reads(db):
    PersonFactory()
    assert not AuditEvent.objects.filter(action="read").exists()
