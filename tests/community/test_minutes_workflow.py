from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from community.choices import MINUTES_TRANSITIONS, MinutesStatus
from community.models import MinutesDelivery
from community.services import MAX_ATTEMPTS, change_minutes_status, deliver_due, retry_delivery
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
    assert not MinutesDelivery.objects.exists()


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

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["davide@example.it", "lucia@example.it", "oratorio@example.it"]
    message = mail.outbox[0]
    assert message.subject.startswith("Verbale dell'incontro")
    assert "Il tavolo ha discusso delle attività estive." in message.body
    assert "Ordine del giorno" in message.body
    filename, content, mimetype = message.attachments[0]
    assert (filename.endswith(".pdf"), mimetype, content[:5]) == (True, "application/pdf", b"%PDF-")
    assert set(MinutesDelivery.objects.values_list("status", flat=True)) == {"sent"}


def test_with_the_mail_server_down_deliveries_wait_and_go_out_when_it_is_back(
    meeting, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.community.mail_backends.MailServerDown"
    approved(meeting)
    with django_capture_on_commit_callbacks(execute=True):
        change_minutes_status(meeting=meeting, to_status=MinutesStatus.SENT, actor=meeting.table.coordinator)

    delivery = MinutesDelivery.objects.get()
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


def test_back_off_grows_and_ends_in_a_visible_failure(meeting, settings):
    settings.EMAIL_BACKEND = "tests.community.mail_backends.MailServerDown"
    delivery = MinutesDelivery.objects.create(meeting=approved(meeting), recipient="Lucia", email="lucia@example.it")
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
    retry_delivery(delivery=delivery)
    assert deliver_due()["sent"] == 1


def test_the_worker_command_delivers_what_is_due(meeting):
    MinutesDelivery.objects.create(meeting=approved(meeting), recipient="Lucia", email="lucia@example.it")
    from io import StringIO

    out = StringIO()
    call_command("deliver_minutes", stdout=out)
    assert "sent 1" in out.getvalue()
    assert len(mail.outbox) == 1


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
def test_delivering_takes_a_fixed_number_of_queries_per_delivery(meeting, django_assert_max_num_queries, recipients):
    approved(meeting)
    for index in range(recipients):
        member = TableMemberFactory(table=meeting.table, contact=ContactFactory(), citizen_name="")
        meeting.attendees.add(member)
        MinutesDelivery.objects.create(
            meeting=meeting, member=member, recipient=str(member), email=f"m{index}@example.it"
        )
    # The reads are shared; each delivery then writes its own row.
    with django_assert_max_num_queries(8 + recipients):
        assert deliver_due()["sent"] == recipients
