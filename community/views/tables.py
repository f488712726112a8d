from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.access import get_visible_or_404
from audit.services import get_or_404_audited, record_export
from community import services
from community.choices import ActionItemStatus, MinutesStatus
from community.forms import (
    ActionItemDoneForm,
    ActionItemForm,
    ActionItemStatusForm,
    MeetingCancelForm,
    MeetingForm,
    MeetingRecordForm,
    MemberLeaveForm,
    MinutesStatusForm,
    MinutesVersionForm,
    TableForm,
    TableMemberForm,
)
from community.membership import member_leaves
from community.minutes import minutes_filename, minutes_pdf
from community.models import ActionItem, Meeting, MinutesVersion, Table, TableMember
from core.forms import model_data
from documents.views import section as documents_section
from outbox.models import EmailStatus
from territory.models import Offer
from territory.offers import UNUSED_AFTER

MEMBERS = Prefetch("members", queryset=TableMember.objects.select_related("organisation", "contact__organisation"))


def visible_table(request: HttpRequest, pk: int) -> Table:
    return get_visible_or_404(request, Table.objects.select_related("coordinator"), pk=pk)


def visible_meeting(request: HttpRequest, pk: int) -> Meeting:
    return get_visible_or_404(request, Meeting.objects.select_related("table__coordinator"), pk=pk)


@require_GET
def table_list(request: HttpRequest) -> HttpResponse:
    tables = (
        Table.objects.visible_to(request.user)
        .select_related("coordinator", "area")
        .annotate(member_count=Count("members", distinct=True), meeting_count=Count("meetings", distinct=True))
    )
    return render(request, "community/table_list.html", {"tables": tables.order_by("-active", "name")})


@require_GET
def table_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_table(request, visible_table(request, pk))


def render_table(request: HttpRequest, table: Table, member_form=None) -> HttpResponse:
    table = Table.objects.select_related("coordinator", "area").prefetch_related(MEMBERS).get(pk=table.pk)
    meetings = table.meetings.annotate(
        open_items=Count("action_items", filter=Q(action_items__status=ActionItemStatus.OPEN))
    )
    members = list(table.members.all())
    context = {
        "table": table,
        "meetings": meetings,
        "members": [member for member in members if not member.has_left],
        # Those who left stay in the table's history, with the day.
        "former_members": [member for member in members if member.has_left],
        "member_form": member_form or TableMemberForm(),
    }
    return render(request, "community/table_detail.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("community.add_table", raise_exception=True)
def table_create(request: HttpRequest) -> HttpResponse:
    form = TableForm(request.POST or None, initial={"coordinator": request.user.pk})
    if request.method == "POST" and form.is_valid():
        table = form.save()
        messages.success(request, _("Table “%(name)s” created: now add its members.") % {"name": table.name})
        return redirect(table)
    return render(request, "community/table_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@permission_required("community.change_table", raise_exception=True)
def table_update(request: HttpRequest, pk: int) -> HttpResponse:
    table = visible_table(request, pk)
    form = TableForm(request.POST or None, instance=table)
    if request.method == "POST" and form.is_valid() and form.save_unless_stale():
        messages.success(request, _("Table “%(name)s” saved.") % {"name": table.name})
        return redirect(table)
    return render(request, "community/table_form.html", {"form": form, "table": table})


@require_POST
@permission_required("community.change_table", raise_exception=True)
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    table = visible_table(request, pk)
    form = TableMemberForm(request.POST, instance=TableMember(table=table))
    if form.is_valid():
        member = form.save()
        messages.success(request, _("%(member)s joined the table.") % {"member": member})
        return redirect(table)
    return render_table(request, table, member_form=form)


@require_http_methods(["GET", "POST"])
@permission_required("community.change_table", raise_exception=True)
def member_leave(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_visible_or_404(request, TableMember.objects.select_related("table", "organisation", "contact"), pk=pk)
    form = MemberLeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member_leaves(member=member, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(member)s left the table: they stay in its history.") % {"member": member})
            return redirect(member.table)
    return render(request, "community/member_leave.html", {"form": form, "member": member})


@require_http_methods(["GET", "POST"])
@permission_required("community.add_meeting", raise_exception=True)
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    table = visible_table(request, pk)
    # Action items still open are carried into the next meeting's agenda.
    initial = {"agenda": services.open_items_agenda(table, before=timezone.now())}
    form = MeetingForm(request.POST or None, instance=Meeting(table=table), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.schedule_meeting(table=table, actor=request.user, **model_data(form))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _convocation_message(_("Meeting scheduled."), meeting))
            return redirect(meeting)
    return render(request, "community/meeting_form.html", {"form": form, "table": table})


def _convocation_message(done: str, meeting: Meeting) -> str:
    """What was done, and whom the members' e-mail (convocation, update, cancellation) goes to."""
    if meeting.starts_at <= timezone.now():
        # The services tell the members only of meetings still to come.
        return done
    count = len(services.member_addresses(meeting.table))
    if not count:
        return done + " " + _("No member of the table has an e-mail address: nobody was told.")
    told = ngettext(
        "The e-mail to the members is queued for %(count)s address.",
        "The e-mail to the members is queued for %(count)s addresses.",
        count,
    )
    return done + " " + told % {"count": count}


def meeting_page_records():
    """Meetings with everything their page draws: attendees, the table's members, action items and their names."""
    return Meeting.objects.select_related("table__coordinator", "approved_by").prefetch_related(
        "attendees__organisation",
        "attendees__contact__organisation",
        Prefetch(
            "table__members", queryset=TableMember.objects.select_related("organisation", "contact__organisation")
        ),
        Prefetch(
            "action_items",
            queryset=ActionItem.objects.select_related(
                "owner__organisation", "owner__contact__organisation", "assignee"
            ),
        ),
    )


def render_meeting(request: HttpRequest, meeting: Meeting, *, loaded: bool = False, **forms) -> HttpResponse:
    """The meeting page; POST views re-render it with their bound form, reading the meeting again (the change
    may have added an item or a version). `loaded`: `meeting` comes from meeting_page_records()."""
    if not loaded:
        meeting = meeting_page_records().get(pk=meeting.pk)
    is_coordinator = request.user.pk == meeting.table.coordinator_id
    emails = services.meeting_emails(meeting)
    versions = list(meeting.minutes_versions.prefetch_related("answers"))
    current = versions[0] if versions else None
    may_issue_version = meeting.may_issue_version(request.user)
    day = meeting.day
    context = {
        "meeting": meeting,
        # Who was a member of the table on the meeting's day.
        "members": [m for m in meeting.table.members.all() if m.left_on is None or m.left_on >= day],
        "documents": documents_section(meeting, request.user),
        "minutes_moves": meeting.minutes_moves_for(request.user),
        "deliveries": emails[services.MINUTES],
        "convocations": emails[services.CONVOCATION],
        "awaiting_coordinator": meeting.minutes_in_review and not is_coordinator,
        "status_form": forms.get("status_form") or MinutesStatusForm(),
        "item_form": forms.get("item_form") or ActionItemForm(instance=ActionItem(meeting=meeting)),
        "cancel_form": forms.get("cancel_form") or MeetingCancelForm(),
        "statuses": ActionItemStatus.choices,
        "versions": versions,
        "current_version": current,
        "answer_rows": services.minutes_answer_rows(meeting, current),
        "may_issue_version": may_issue_version,
        "version_form": forms.get("version_form")
        or (
            MinutesVersionForm(initial={"minutes": meeting.minutes, "decisions": meeting.decisions})
            if may_issue_version
            else None
        ),
        # Each worker closes their own action items here, with a note.
        "closable": {
            item.pk for item in meeting.action_items.all() if item.is_open and item.assignee_id == request.user.pk
        },
        "carried": services.carried_items(meeting),
    }
    return render(request, "community/meeting_detail.html", context)


@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # Read once, with what the page draws: the visibility check is the page's own query.
    meeting = get_visible_or_404(request, meeting_page_records(), pk=pk)
    return render_meeting(request, meeting, loaded=True)


@require_http_methods(["GET", "POST"])
@permission_required("community.change_meeting", raise_exception=True)
def meeting_update(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = visible_meeting(request, pk)
    sequence = meeting.sequence
    form = MeetingRecordForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.update_meeting(
                meeting=meeting, actor=request.user, version_seen=form.version_seen, **model_data(form)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            done = _("Meeting record saved.")
            messages.success(request, _convocation_message(done, saved) if saved.sequence != sequence else done)
            return redirect(saved)
    return render(request, "community/meeting_record_form.html", {"form": form, "meeting": meeting})


@require_POST
@permission_required("community.change_meeting", raise_exception=True)
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = visible_meeting(request, pk)
    form = MeetingCancelForm(request.POST)
    if form.is_valid():
        try:
            meeting = services.cancel_meeting(meeting=meeting, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _convocation_message(_("Meeting cancelled."), meeting))
            return redirect(meeting)
    return render_meeting(request, meeting, cancel_form=form)


@require_POST
@permission_required("community.change_meeting", raise_exception=True)
def minutes_status(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = visible_meeting(request, pk)
    form = MinutesStatusForm(request.POST)
    if form.is_valid():
        try:
            meeting = services.change_minutes_status(
                meeting=meeting, to_status=form.cleaned_data["to_status"], actor=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _minutes_message(meeting))
            return redirect(meeting)
    return render_meeting(request, meeting, status_form=form)


def _minutes_message(meeting: Meeting) -> str:
    if meeting.minutes_status == MinutesStatus.SENT:
        return _("Minutes sent: each delivery's state is shown below.")
    return _("Minutes now “%(status)s”.") % {"status": meeting.get_minutes_status_display()}


@require_POST
@permission_required("community.change_meeting", raise_exception=True)
def minutes_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    """The coordinator accepts the corrections asked: the corrected minutes go out again as a new version."""
    meeting = visible_meeting(request, pk)
    form = MinutesVersionForm(request.POST)
    if form.is_valid():
        try:
            version = services.issue_minutes_version(meeting=meeting, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Version %(number)s of the minutes is sent to the members.") % {"number": version.number}
            )
            return redirect(meeting)
    return render_meeting(request, meeting, version_form=form)


@require_GET
def minutes_version(request: HttpRequest, pk: int) -> HttpResponse:
    """One version of the minutes as it was sent: earlier versions stay readable."""
    version = get_visible_or_404(request, MinutesVersion.objects.select_related("meeting__table", "sent_by"), pk=pk)
    return render(request, "community/minutes_version.html", {"version": version, "meeting": version.meeting})


@require_GET
def meeting_minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = visible_meeting(request, pk)
    # The minutes may name citizens taking part: every download is in the audit trail.
    record_export(meeting, "pdf")
    response = HttpResponse(minutes_pdf(meeting), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{minutes_filename(meeting)}"'
    return response


@require_POST
@permission_required("community.change_meeting", raise_exception=True)
def delivery_retry(request: HttpRequest, pk: int, email_pk: int) -> HttpResponse:
    meeting = visible_meeting(request, pk)
    email = get_object_or_404(services.minutes_emails(meeting).filter(status=EmailStatus.FAILED), pk=email_pk)
    services.resend_minutes_email(email=email)
    messages.success(request, _("The e-mail to %(email)s is queued again.") % {"email": email.address})
    return redirect(meeting)


@require_POST
@permission_required("community.change_meeting", raise_exception=True)
def action_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = visible_meeting(request, pk)
    form = ActionItemForm(request.POST, instance=ActionItem(meeting=meeting))
    if form.is_valid():
        form.save()
        messages.success(request, _("Action item added."))
        return redirect(meeting)
    return render_meeting(request, meeting, item_form=form)


@require_POST
@permission_required("community.change_meeting", raise_exception=True)
def action_item_status(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_visible_or_404(request, ActionItem.objects.select_related("meeting"), pk=pk)
    form = ActionItemStatusForm(request.POST)
    if form.is_valid():
        services.set_action_item_status(item=item, status=form.cleaned_data["status"], actor=request.user)
        messages.success(request, _("Action item updated."))
    else:
        messages.error(request, _("Choose a valid status for the action item."))
    return redirect(item.meeting)


@require_POST
def action_item_done(request: HttpRequest, pk: int) -> HttpResponse:
    """A worker closes an action item given to them, with a note on what was done."""
    # Only one's own items: the status select of the meeting page is the coordinator's tool for the others.
    mine = ActionItem.objects.visible_to(request.user).filter(assignee=request.user).select_related("meeting")
    item = get_or_404_audited(mine, pk=pk)
    form = ActionItemDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The note is too long."))
        return redirect(item.meeting)
    try:
        services.complete_action_item(item=item, note=form.cleaned_data["note"], actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Action item done."))
    return redirect(item.meeting)


@require_GET
@permission_required("community.coordinate_tables", raise_exception=True)
def coordinator_dashboard(request: HttpRequest) -> HttpResponse:
    """The coordinator's week: their tables, next meetings, minutes to review, overdue action items."""
    tables = Table.objects.visible_to(request.user).filter(coordinator=request.user, active=True)
    meetings = Meeting.objects.filter(table__in=tables).select_related("table")
    context = {
        "tables": tables,
        "upcoming": meetings.upcoming()[:10],
        "to_review": meetings.filter(minutes_status=MinutesStatus.IN_REVIEW).order_by("starts_at"),
        "overdue": ActionItem.objects.overdue()
        .filter(meeting__table__in=tables)
        .select_related("meeting__table", "owner__organisation", "owner__contact__organisation", "assignee"),
        "today": timezone.localdate(),
        # Offered availability nobody used for a case in its first 60 days: someone should call back.
        "unused_offers": Offer.objects.visible_to(request.user).unused_since(timezone.localdate()).count(),
        "unused_days": UNUSED_AFTER.days,
    }
    return render(request, "community/dashboard.html", context)


@require_GET
@permission_required("community.coordinate_tables", raise_exception=True)
def minutes_to_review(request: HttpRequest) -> HttpResponse:
    meetings = (
        Meeting.objects.visible_to(request.user)
        .filter(minutes_status=MinutesStatus.IN_REVIEW, table__coordinator=request.user)
        .select_related("table")
        .order_by("starts_at")
    )
    return render(request, "community/minutes_to_review.html", {"meetings": meetings})
