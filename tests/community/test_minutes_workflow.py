from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from community.choices import MINUTES_TRANSITIONS, MinutesStatus
from community.services import change_minutes_status, minutes_emails, resend_minutes_email
from outbox.models import Email
from outbox.services import MAX_ATTEMPTS, deliver_due
from tests.factories import ContactFactory, MeetingFactory, OrganisationFactory, TableMemberFactory, UserFactory

ALLOWED = [(source, target) for source, targets in MINUTES_TRANSITIONS.items() for target in targets]
REFUSED = [
    (source, target)
    for source in MinutesStatus.values
    for target in MinutesStatus.values
    if target not in MINUTES_TRANSITIONS[source]
]


@pytest.fixture
def meeting(db):
    meeting = MeetingFactory()
    TableMemberFactory(table=meeting.table, citizen_name="Lucia Ferri", email="lucia@example.it")
    return meeting


def approved(meeting):
    meeting.minutes_status = MinutesStatus.APPROVED
    meeting.approved_by = meeting.table.coordinator
    meeting.approved_at = timezone.now()
    meeting.save()
    return meeting


@pytest.mark.parametrize(("source", "target"), ALLOWED)
def test_every_allowed_step_by_the_coordinator(meeting, source, target, django_capture_on_commit_callbacks):
    meeting.minutes_status = source
    if source in (MinutesStatus.APPROVED, MinutesStatus.SENT):
        meeting.approved_by, meeting.approved_at = meeting.table.coordinator, timezone.now()
    meeting.save()
    with django_capture_on_commit_callbacks(execute=True):
        moved = change_minutes_status(meeting=meeting, to_status=target, actor=meeting.table.coordinator)
    assert moved.minutes_status == target


@pytest.mark.parametrize(("source", "target"), REFUSED)
def test_every_impossible_step_is_refused(meeting, source, target):
    meeting.minutes_status = source
    meeting.approved_by, meeting.approved_at = meeting.table.coordinator, timezone.now()
    meeting.save()
    with pytest.raises(ValidationError) as excinfo:
        change_minutes_status(meeting=meeting, to_status=target, actor=meeting.table.coordinator)
    assert excinfo.value.code == "impossible_transition"
    meeting.refresh_from_db()
    assert meeting.minutes_status == source


def test_only_the_coordinator_approves_sends_back_and_sends(meeting):
    someone_else = UserFactory()
    change_minutes_status(meeting=meeting, to_status=MinutesStatus.IN_REVIEW, actor=someone_else)
    for target in (MinutesStatus.APPROVED, MinutesStatus.DRAFT):
        with pytest.raises(ValidationError) as excinfo:
            change_minutes_status(meeting=meeting, to_status=target, actor=someone_else)
        assert excinfo.value.code == "not_coordinator"
    approved(meeting)
    with pytest.raises(ValidationError):
        change_minutes_status(meeting=meeting, to_status=MinutesStatus.SENT, actor=someone_else)
    assert not Email.objects.exists()


def test_empty_minutes_cannot_go_to_review(db):
    meeting = MeetingFactory(minutes="  ")
    with pytest.raises(ValidationError) as excinfo:
        change_minutes_status(meeting=meeting, to_status=MinutesStatus.IN_REVIEW, actor=meeting.table.coordinator)
    assert excinfo.value.code == "minutes_empty"


def test_sending_mails_every_member_with_an_address_in_italian_with_the_pdf(
    meeting, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(name="Oratorio di Mazzo", email="oratorio@example.it")
    TableMemberFactory(table=meeting.table, organisation=organisation, citizen_name="", email="")
    TableMemberFactory(
        table=meeting.table, contact=ContactFactory(email="davide@example.it"), citizen_name="", email=""
    )
    TableMemberFactory(table=meeting.table, citizen_name="Senza indirizzo", email="")
    TableMemberFactory(table=meeting.table, citizen_name="Doppione", email="LUCIA@example.it")
    approved(meeting)

    with django_capture_on_commit_callbacks(execute=True):
        change_minutes_status(meeting=meeting, to_status=MinutesStatus.SENT, actor=meeting.table.coordinator)
    # Sending only queued the deliveries; the worker sends them.
    assert mail.outbox == []
    assert deliver_due()["sent"] == 3

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["davide@example.it", "lucia@example.it", "oratorio@example.it"]
    message = mail.outbox[0]
    assert message.subject.startswith("Verbale dell'incontro")
    assert "Il tavolo ha discusso delle attività estive." in message.body
    assert "Ordine del giorno" in message.body
    filename, content, mimetype = message.attachments[0]
    assert (filename.endswith(".pdf"), mimetype, content[:5]) == (True, "application/pdf", b"%PDF-")
    assert set(minutes_emails(meeting).values_list("status", flat=True)) == {"sent"}


def test_with_the_mail_server_down_deliveries_wait_and_go_out_when_it_is_back(
    meeting, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.community.mail_backends.MailServerDown"
    approved(meeting)
    with django_capture_on_commit_callbacks(execute=True):
        change_minutes_status(meeting=meeting, to_status=MinutesStatus.SENT, actor=meeting.table.coordinator)
    assert deliver_due() == {"sent": 0, "retry": 1, "failed": 0}

    delivery = minutes_emails(meeting).get()
    assert (delivery.status, delivery.attempts) == ("queued", 1)
    assert "SMTPConnectError" in delivery.last_error
    assert delivery.next_attempt_at > timezone.now()
    assert mail.outbox == []

    # Not due yet: the worker leaves it alone.
    assert deliver_due() == {"sent": 0, "retry": 0, "failed": 0}

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    counts = deliver_due(now=timezone.now() + timedelta(minutes=2))
    delivery.refresh_from_db()
    assert counts == {"sent": 1, "retry": 0, "failed": 0}
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("sent", 2, "")
    assert mail.outbox[0].to == ["lucia@example.it"]


def test_back_off_grows_and_ends_in_a_visible_failure(meeting, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.community.mail_backends.MailServerDown"
    change_minutes_status(meeting=approved(meeting), to_status=MinutesStatus.SENT, actor=meeting.table.coordinator)
    delivery = minutes_emails(meeting).get()
    now = timezone.now()
    delays = []
    for _ in range(MAX_ATTEMPTS - 1):
        deliver_due(now=now)
        delivery.refresh_from_db()
        delays.append(delivery.next_attempt_at - now)
        now = delivery.next_attempt_at
    assert delays == sorted(delays)
    assert delays[0] == timedelta(minutes=1)

    assert deliver_due(now=now) == {"sent": 0, "retry": 0, "failed": 1}
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", MAX_ATTEMPTS)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    resend_minutes_email(email=delivery)
    assert deliver_due()["sent"] == 1
    assert mail.outbox[0].attachments[0][2] == "application/pdf"


def test_the_job_delivers_what_is_due(meeting):
    from outbox.jobs import deliver

    change_minutes_status(meeting=approved(meeting), to_status=MinutesStatus.SENT, actor=meeting.table.coordinator)
    assert deliver()["sent"] == 1
    assert len(mail.outbox) == 1


def test_sending_twice_queues_each_address_once(meeting):
    from community.services import queue_minutes

    approved(meeting)
    queue_minutes(meeting)
    assert queue_minutes(meeting) == []
    assert Email.objects.count() == 1


def test_sending_without_any_address_is_refused(db):
    meeting = MeetingFactory()
    TableMemberFactory(table=meeting.table, email="")
    approved(meeting)
    with pytest.raises(ValidationError) as excinfo:
        change_minutes_status(meeting=meeting, to_status=MinutesStatus.SENT, actor=meeting.table.coordinator)
    assert excinfo.value.code == "no_recipients"
    meeting.refresh_from_db()
    assert meeting.minutes_status == MinutesStatus.APPROVED


@pytest.mark.parametrize("recipients", [1, 20])
def test_delivering_takes_a_fixed_number_of_queries_per_message(meeting, django_assert_max_num_queries, recipients):
    approved(meeting)
    for index in range(recipients):
        member = TableMemberFactory(
            table=meeting.table, contact=ContactFactory(), citizen_name="", email=f"m{index}@x.it"
        )
        meeting.attendees.add(member)
    change_minutes_status(meeting=meeting, to_status=MinutesStatus.SENT, actor=meeting.table.coordinator)
    # The claim is one SELECT and one UPDATE for the whole batch (in a savepoint here), the attachments
    # one query; each message then writes its own row.
    messages = recipients + 1  # with Lucia, the fixture's member
    with django_assert_max_num_queries(6 + messages):
        assert deliver_due()["sent"] == messages
