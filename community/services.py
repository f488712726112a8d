"""Writes of community work that touch several rows or the outside world (e-mail).

Each takes plain keyword data (forms validate and hand over cleaned_data) and returns the record.
"""

from collections.abc import Iterable, Mapping
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import services as case_services
from cases.models import Case
from community import links, workflow
from community.choices import ActionItemStatus, MinutesAnswerKind, MinutesStatus
from community.convocations import CANCELLED, MOVED, SCHEDULED, convocation_attachment, convocation_email
from community.minutes import minutes_email, minutes_filename, minutes_pdf
from community.models import ActionItem, CommunityAction, Meeting, MinutesAnswer, MinutesVersion, Table, TableMember
from core.concurrency import claim_version
from notifications.kinds import Kind
from notifications.services import notify
from outbox.models import Attachment, Email
from outbox.services import File, queue_email, requeue
from territory.models import Contact, Opportunity


def _refuse(message: str, code: str) -> None:
    raise ValidationError(message, code=code)


@transaction.atomic
def change_minutes_status(*, meeting: Meeting, to_status: str, actor) -> Meeting:
    """Move the minutes along draft → in review → approved → sent, or refuse saying why.

    Sending only queues one e-mail per member: the job queue sends them (outbox).
    """
    meeting = Meeting.objects.select_for_update().select_related("table").get(pk=meeting.pk)
    if meeting.is_cancelled:
        _refuse(_("This meeting was cancelled: it takes no minutes."), "meeting_cancelled")
    if to_status not in meeting.next_minutes_statuses:
        _refuse(
            _("Minutes that are %(current)s cannot become %(new)s.")
            % {"current": meeting.get_minutes_status_display().lower(), "new": MinutesStatus(to_status).label.lower()},
            "impossible_transition",
        )
    if not workflow.may_move(
        status=meeting.minutes_status, to_status=to_status, user=actor, coordinator_id=meeting.table.coordinator_id
    ):
        _refuse(_("Only the table's coordinator reviews, approves and sends its minutes."), "not_coordinator")
    if to_status == MinutesStatus.IN_REVIEW and not meeting.minutes.strip():
        _refuse(_("Write the minutes before sending them for review."), "minutes_empty")

    meeting.minutes_status = to_status
    fields = ["minutes_status", "version", "updated_at"]
    if to_status == MinutesStatus.APPROVED:
        meeting.approved_by, meeting.approved_at = actor, timezone.now()
        fields += ["approved_by", "approved_at"]
    if to_status == MinutesStatus.SENT:
        meeting.sent_at = timezone.now()
        fields.append("sent_at")
        # What the members receive is kept as version 1: they confirm it or ask to correct it.
        version = MinutesVersion.objects.create(
            meeting=meeting, number=1, minutes=meeting.minutes, decisions=meeting.decisions, sent_by=actor
        )
        queue_minutes(meeting, version=version)
    meeting.version += 1
    meeting.save(update_fields=fields)
    return meeting


MINUTES = "minutes"
CONVOCATION = "convocation"


def minutes_recipients(meeting: Meeting, members=None) -> dict[str, list[TableMember]]:
    """The members who receive the minutes, by address (one e-mail per distinct address).

    `members`: the table's members already loaded (with their contacts and organisations), if they are;
    by default those who sat on the table on the day of the meeting (who left before get no minutes).
    """
    recipients: dict[str, list[TableMember]] = {}
    if members is None:
        members = meeting.table.members.on(meeting.day).select_related("contact__organisation", "organisation")
    for member in members:
        address = member.delivery_email.strip().lower()
        if address:
            recipients.setdefault(address, []).append(member)
    return recipients


def member_addresses(table: Table) -> dict[str, str]:
    """Each distinct address among the table's current members, with the member it reaches (the first one)."""
    members = table.members.on(timezone.localdate()).select_related("contact__organisation", "organisation")
    return {address: str(reached[0]) for address, reached in minutes_recipients(None, members).items()}


def queue_minutes(meeting: Meeting, version: MinutesVersion | None = None) -> list[Email]:
    """One e-mail per distinct address among the table's members, with the minutes as a PDF.

    Each carries the member's link to confirm this version or ask for a correction, and a link for
    each of their open action items.
    """
    recipients = minutes_recipients(meeting)
    if not recipients:
        _refuse(_("No member of the table has an e-mail address: add one before sending."), "no_recipients")
    # The e-mail and the PDF list attendees and action items: load them once for every member.
    meeting = (
        Meeting.objects.select_related("table__coordinator", "approved_by")
        .prefetch_related(
            "attendees__organisation",
            "attendees__contact__organisation",
            "action_items__owner__organisation",
            "action_items__owner__contact__organisation",
            "action_items__assignee",
        )
        .get(pk=meeting.pk)
    )
    pdf = File(minutes_filename(meeting), minutes_pdf(meeting), "application/pdf")
    # The first version keeps the key it always had; each later one goes out once more to everyone.
    version_key = f":v{version.number}" if version is not None and version.number > 1 else ""
    queued = []
    for address, members in recipients.items():
        dedupe_key = f"{MINUTES}:{meeting.pk}{version_key}:{address}"
        if Email.objects.filter(dedupe_key=dedupe_key).exists():
            # Already queued: no second link either.
            continue
        subject, body = _member_minutes_email(meeting, members, address, version)
        email = queue_email(
            kind=MINUTES,
            recipient=str(members[0]),
            address=address,
            subject=subject,
            body=body,
            about=meeting,
            attachments=[pdf],
            dedupe_key=dedupe_key,
        )
        if email is not None:
            queued.append(email)
    return queued


def _member_minutes_email(meeting: Meeting, members: list[TableMember], address: str, version) -> tuple[str, str]:
    """The minutes for the members at one address, with their links (community.links)."""
    member_ids = {member.pk for member in members}
    items = [
        (item, links.action_item_link(item=item, member=item.owner, address=address))
        for item in meeting.action_items.all()
        if item.owner_id in member_ids and item.is_open
    ]
    answer_url = links.minutes_link(version=version, member=members[0], address=address)
    return minutes_email(meeting, str(members[0]), version=version, answer_url=answer_url, items=items)


def minutes_emails(meeting: Meeting):
    """Each member's e-mail of the minutes, with its delivery state."""
    return Email.objects.about(meeting, MINUTES)


def meeting_emails(meeting: Meeting) -> dict[str, list[Email]]:
    """The meeting's e-mails by kind (convocations, minutes), read in one query for its page."""
    emails = {MINUTES: [], CONVOCATION: []}
    for email in Email.objects.about(meeting).filter(kind__in=list(emails)).order_by("created_at", "pk"):
        emails[email.kind].append(email)
    return emails


@transaction.atomic
def schedule_meeting(*, table: Table, actor, starts_at: datetime, place: str = "", agenda: str = "") -> Meeting:
    """Schedule a meeting of the table and convoke its members, if it is still to come.

    A meeting recorded after it was held convokes nobody. The table's row is locked while checking
    that it has no meeting at that time yet: a double click schedules, and convokes, once.
    """
    Table.objects.select_for_update().filter(pk=table.pk).first()
    if Meeting.objects.not_cancelled().filter(table=table, starts_at=starts_at).exists():
        _refuse(_("The table already has a meeting at that time."), "already_scheduled")
    meeting = Meeting(table=table, starts_at=starts_at, place=place, agenda=agenda)
    meeting.full_clean()
    meeting.save()
    if meeting.is_upcoming:
        queue_convocations(meeting, SCHEDULED, actor=actor)
    return meeting


@transaction.atomic
def update_meeting(
    *,
    meeting: Meeting,
    actor,
    version_seen: int | None,
    starts_at: datetime,
    place: str,
    agenda: str,
    attendees: Iterable,
    decisions: str,
    minutes: str,
) -> Meeting:
    """Save what the meeting page edits; a new date, time or place goes to the members as an update.

    Decided on the stored row, locked: the same UID with the next SEQUENCE replaces the event in
    the members' calendars. Raises StaleRecord when someone saved after `version_seen`.
    """
    meeting = Meeting.objects.select_for_update().select_related("table__coordinator").get(pk=meeting.pk)
    if meeting.is_cancelled:
        _refuse(_("This meeting was cancelled: it takes no minutes."), "meeting_cancelled")
    if not meeting.minutes_editable:
        _refuse(_("These minutes are approved: they can no longer be changed."), "minutes_locked")
    claim_version(meeting, version_seen)
    moved = (meeting.starts_at, meeting.place) != (starts_at, place)
    meeting.starts_at, meeting.place, meeting.agenda = starts_at, place, agenda
    meeting.decisions, meeting.minutes = decisions, minutes
    if moved:
        meeting.sequence += 1
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(attendees)
    if moved and meeting.is_upcoming:
        queue_convocations(meeting, MOVED, actor=actor)
    return meeting


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, actor, reason: str) -> Meeting:
    """Call the meeting off: it takes no minutes, reminds nobody, and leaves the members' calendars."""
    meeting = Meeting.objects.select_for_update().select_related("table__coordinator").get(pk=meeting.pk)
    if meeting.is_cancelled:
        _refuse(_("This meeting is already cancelled."), "already_cancelled")
    if not meeting.can_be_cancelled:
        _refuse(_("The minutes of this meeting are under way: it took place and cannot be cancelled."), "held")
    reason = reason.strip()
    if not reason:
        _refuse(_("Say why the meeting is cancelled: the members will read it."), "reason_required")
    was_upcoming = meeting.is_upcoming
    meeting.cancelled_at, meeting.cancellation_reason = timezone.now(), reason
    meeting.sequence += 1
    meeting.version += 1
    meeting.full_clean()
    meeting.save(update_fields=["cancelled_at", "cancellation_reason", "sequence", "version", "updated_at"])
    if was_upcoming:
        queue_convocations(meeting, CANCELLED, actor=actor)
    return meeting


def queue_convocations(meeting: Meeting, change: str, *, actor) -> list[Email]:
    """One e-mail per distinct member address, with the invitation, its update or its cancellation.

    The key holds the SEQUENCE: a job run twice or a double click never sends one version twice,
    while each move or the cancellation (a new SEQUENCE) goes out again.
    """
    queued = []
    for address, recipient in member_addresses(meeting.table).items():
        subject, body = convocation_email(meeting, change, recipient)
        email = queue_email(
            kind=CONVOCATION,
            recipient=recipient,
            address=address,
            subject=subject,
            body=body,
            about=meeting,
            attachments=[convocation_attachment(meeting, change, address=address, actor=actor)],
            dedupe_key=f"{CONVOCATION}:{meeting.pk}:{meeting.sequence}:{address}",
        )
        if email is not None:
            queued.append(email)
    return queued


@transaction.atomic
def resend_minutes_email(*, email: Email) -> Email:
    """Queue again an e-mail of the minutes that failed for good (after fixing the address, say).

    The message is rendered again, so one kept only as history (without its body) goes out whole.
    """
    meeting = Meeting.objects.select_related("table__coordinator").get(pk=email.record_id)
    members = minutes_recipients(meeting).get(email.address.strip().lower())
    if members:
        # Links are kept hashed and cannot be written again: the member gets new ones.
        email.subject, email.body = _member_minutes_email(
            meeting, members, email.address, meeting.minutes_versions.first()
        )
    else:
        email.subject, email.body = minutes_email(meeting, email.recipient)
    email.save(update_fields=["subject", "body"])
    email.attachments.all().delete()
    Attachment.objects.create(
        email=email, filename=minutes_filename(meeting), mimetype="application/pdf", content=minutes_pdf(meeting)
    )
    return requeue(email=email)


@transaction.atomic
def set_action_item_status(*, item: ActionItem, status: str, actor) -> ActionItem:
    if status not in ActionItemStatus.values:
        _refuse(_("Choose a valid status for the action item."), "invalid_status")
    item.status = status
    item.save(update_fields=["status"])
    return item


@transaction.atomic
def complete_action_item(*, item: ActionItem, note: str, actor=None) -> ActionItem:
    """The owner says an action item is done, with a note: a worker in the app (`actor`), or the member
    from their e-mailed link (no actor)."""
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    if not item.is_open:
        _refuse(_("This action item is already closed."), "not_open")
    item.status = ActionItemStatus.DONE
    item.done_note, item.done_at, item.done_by = note.strip(), timezone.now(), actor
    item.save(update_fields=["status", "done_note", "done_at", "done_by"])
    return item


def carried_items(meeting: Meeting):
    """Action items still open from the table's earlier meetings: they are on this meeting's agenda."""
    return (
        ActionItem.objects.filter(
            meeting__table_id=meeting.table_id, meeting__starts_at__lt=meeting.starts_at, status=ActionItemStatus.OPEN
        )
        .select_related("meeting", "owner__organisation", "owner__contact__organisation", "assignee")
        .order_by("due_on", "pk")
    )


def open_items_agenda(table, before) -> str:
    """The open action items of a table's meetings before `before`, as lines to start the next agenda with."""
    items = (
        ActionItem.objects.filter(meeting__table=table, meeting__starts_at__lt=before, status=ActionItemStatus.OPEN)
        .select_related("owner__organisation", "owner__contact__organisation", "assignee")
        .order_by("due_on", "pk")
    )
    lines = [f"- {item.description} ({item.owner_label})" for item in items]
    if not lines:
        return ""
    return "\n".join([_("Action items still open:"), *lines])


@transaction.atomic
def answer_minutes(*, version: MinutesVersion, member: TableMember, answer: str, correction: str = "") -> MinutesAnswer:
    """A member confirms a version of the minutes, or asks for a correction; once per member and version."""
    # The meeting's row orders answers and new versions: an answer to a version just replaced is refused.
    meeting = Meeting.objects.select_for_update().select_related("table__coordinator").get(pk=version.meeting_id)
    latest = meeting.minutes_versions.first()
    if latest is None or latest.pk != version.pk:
        _refuse(_("A newer version of these minutes was sent: answer that one."), "superseded")
    if answer not in MinutesAnswerKind.values:
        _refuse(_("Confirm the minutes or ask for a correction."), "invalid_answer")
    if answer == MinutesAnswerKind.CORRECTION and not correction.strip():
        raise ValidationError(
            {"correction": ValidationError(_("Say what should be corrected."), code="correction_required")}
        )
    if MinutesAnswer.objects.filter(version=version, member=member).exists():
        _refuse(_("You already answered this version of the minutes."), "already_answered")
    recorded = MinutesAnswer.objects.create(
        version=version,
        member=member,
        answer=answer,
        correction=correction.strip() if answer == MinutesAnswerKind.CORRECTION else "",
    )
    if recorded.is_correction:
        notify(
            user=meeting.table.coordinator,
            kind=Kind.MINUTES_CORRECTION,
            params={
                "member": str(member),
                "table": meeting.table.name,
                "date": timezone.localtime(meeting.starts_at).date().isoformat(),
            },
            record=meeting,
        )
    return recorded


def minutes_answer_rows(meeting: Meeting, version: MinutesVersion | None) -> list[tuple[TableMember, object]]:
    """Each member who received this version, with their answer or None: what the coordinator follows."""
    if version is None:
        return []
    answers = {answer.member_id: answer for answer in version.answers.all()}
    recipients = minutes_recipients(meeting, members=meeting.table.members.all())
    members = [member for at_address in recipients.values() for member in at_address]
    return [(member, answers.get(member.pk)) for member in members]


@transaction.atomic
def issue_minutes_version(*, meeting: Meeting, actor, minutes: str, decisions: str) -> MinutesVersion:
    """Accept the corrections asked: the minutes as corrected become a new version, sent again to every
    member with new links. Earlier versions stay as they were sent."""
    meeting = Meeting.objects.select_for_update().select_related("table").get(pk=meeting.pk)
    if not workflow.may_issue_version(
        status=meeting.minutes_status, user=actor, coordinator_id=meeting.table.coordinator_id
    ):
        _refuse(_("Only the table's coordinator sends a new version of minutes already sent."), "not_coordinator")
    if not minutes.strip():
        raise ValidationError({"minutes": ValidationError(_("The minutes cannot be empty."), code="minutes_empty")})
    current = meeting.minutes_versions.first()
    version = MinutesVersion.objects.create(
        meeting=meeting,
        number=(current.number if current else 0) + 1,
        minutes=minutes,
        decisions=decisions,
        sent_by=actor,
    )
    if current is not None:
        MinutesAnswer.objects.filter(
            version=current, answer=MinutesAnswerKind.CORRECTION, accepted_in__isnull=True
        ).update(accepted_in=version)
    meeting.minutes, meeting.decisions = minutes, decisions
    meeting.sent_at = version.sent_at
    meeting.version += 1
    meeting.save(update_fields=["minutes", "decisions", "sent_at", "version", "updated_at"])
    queue_minutes(meeting, version=version)
    return version


def _link_hook_up(action: CommunityAction, **created) -> None:
    for field, record in created.items():
        setattr(action, field, record)
    action.save(update_fields=[*created, "updated_at"])


@transaction.atomic
def convert_hook_up_to_contact(*, action: CommunityAction, organisation, **details) -> Contact:
    """The volunteer or organisation person who came forward becomes a contact of the directory."""
    contact = Contact(organisation=organisation, **details)
    contact.full_clean()
    contact.save()
    _link_hook_up(action, created_contact=contact)
    return contact


@transaction.atomic
def convert_hook_up_to_opportunity(
    *,
    action: CommunityAction,
    target_groups: Iterable = (),
    poverty_dimensions: Iterable = (),
    areas: Iterable = (),
    **details,
) -> Opportunity:
    """An availability offered becomes an opportunity that people in charge can use."""
    opportunity = Opportunity(**details)
    opportunity.full_clean()
    opportunity.save()
    opportunity.target_groups.set(target_groups)
    opportunity.poverty_dimensions.set(poverty_dimensions)
    opportunity.areas.set(areas)
    _link_hook_up(action, created_opportunity=opportunity)
    return opportunity


@transaction.atomic
def convert_hook_up_to_case(*, action: CommunityAction, person: Mapping, case: Mapping, needs, team, actor) -> Case:
    """A request for a person in need becomes a person in charge with an open case, in one step."""
    new_case = case_services.register_person_and_open_case(
        person=person, case=case, needs=needs, team=team, actor=actor
    )
    _link_hook_up(action, created_case=new_case)
    return new_case
