from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from community import services
from community.access import shared_with
from community.choices import ActionItemStatus, DeliveryStatus, MinutesStatus
from community.forms import (
    ActionItemForm,
    ActionItemStatusForm,
    MeetingForm,
    MeetingRecordForm,
    MinutesStatusForm,
    TableForm,
    TableMemberForm,
)
from community.minutes import minutes_filename, minutes_pdf
from community.models import ActionItem, Meeting, MinutesDelivery, Table, TableMember

MEMBERS = Prefetch("members", queryset=TableMember.objects.select_related("organisation", "contact__organisation"))


def visible_table(request: HttpRequest, pk: int) -> Table:
    return get_object_or_404(shared_with(request.user, Table.objects.select_related("coordinator")), pk=pk)


def visible_meeting(request: HttpRequest, pk: int) -> Meeting:
    meetings = shared_with(request.user, Meeting.objects.select_related("table__coordinator"), "community.view_table")
    return get_object_or_404(meetings, pk=pk)


@require_GET
def table_list(request: HttpRequest) -> HttpResponse:
    tables = shared_with(request.user, Table.objects.select_related("coordinator", "area")).annotate(
        member_count=Count("members", distinct=True), meeting_count=Count("meetings", distinct=True)
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
    context = {"table": table, "meetings": meetings, "member_form": member_form or TableMemberForm()}
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
@permission_required("community.add_meeting", raise_exception=True)
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    table = visible_table(request, pk)
    form = MeetingForm(request.POST or None, instance=Meeting(table=table))
    if request.method == "POST" and form.is_valid():
        meeting = form.save()
        messages.success(request, _("Meeting scheduled."))
        return redirect(meeting)
    return render(request, "community/meeting_form.html", {"form": form, "table": table})


def render_meeting(request: HttpRequest, meeting: Meeting, **forms) -> HttpResponse:
    meeting = (
        Meeting.objects.select_related("table__coordinator", "approved_by")
        .prefetch_related(
            "attendees__organisation",
            "attendees__contact__organisation",
            Prefetch(
                "table__members", queryset=TableMember.objects.select_related("organisation", "contact__organisation")
            ),
            Prefetch(
                "action_items",
                queryset=ActionItem.objects.select_related("owner__organisation", "owner__contact__organisation"),
            ),
            "deliveries",
        )
        .get(pk=meeting.pk)
    )
    context = {
        "meeting": meeting,
        "is_coordinator": request.user.pk == meeting.table.coordinator_id,
        "status_form": forms.get("status_form") or MinutesStatusForm(),
        "item_form": forms.get("item_form") or ActionItemForm(instance=ActionItem(meeting=meeting)),
        "statuses": ActionItemStatus.choices,
    }
    return render(request, "community/meeting_detail.html", context)


@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_meeting(request, visible_meeting(request, pk))


@require_http_methods(["GET", "POST"])
@permission_required("community.change_meeting", raise_exception=True)
def meeting_update(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = visible_meeting(request, pk)
    form = MeetingRecordForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid() and form.save_unless_stale():
        messages.success(request, _("Meeting record saved."))
        return redirect(meeting)
    return render(request, "community/meeting_record_form.html", {"form": form, "meeting": meeting})


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


@require_GET
def meeting_minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = visible_meeting(request, pk)
    response = HttpResponse(minutes_pdf(meeting), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{minutes_filename(meeting)}"'
    return response


@require_POST
@permission_required("community.change_meeting", raise_exception=True)
def delivery_retry(request: HttpRequest, pk: int) -> HttpResponse:
    deliveries = MinutesDelivery.objects.filter(
        meeting__in=shared_with(request.user, Meeting.objects.all(), "community.view_table"),
        status=DeliveryStatus.FAILED,
    )
    delivery = get_object_or_404(deliveries.select_related("meeting"), pk=pk)
    services.retry_delivery(delivery=delivery)
    messages.success(request, _("The e-mail to %(email)s is queued again.") % {"email": delivery.email})
    return redirect(delivery.meeting)


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
    items = ActionItem.objects.filter(
        meeting__in=shared_with(request.user, Meeting.objects.all(), "community.view_table")
    ).select_related("meeting")
    item = get_object_or_404(items, pk=pk)
    form = ActionItemStatusForm(request.POST)
    if form.is_valid():
        item.status = form.cleaned_data["status"]
        item.save(update_fields=["status"])
        messages.success(request, _("Action item updated."))
    else:
        messages.error(request, _("Choose a valid status for the action item."))
    return redirect(item.meeting)


@require_GET
def coordinator_dashboard(request: HttpRequest) -> HttpResponse:
    """The coordinator's week: their tables, next meetings, minutes to review, overdue action items."""
    tables = shared_with(request.user, Table.objects.filter(coordinator=request.user, active=True))
    meetings = Meeting.objects.filter(table__in=tables).select_related("table")
    context = {
        "tables": tables,
        "upcoming": meetings.upcoming()[:10],
        "to_review": meetings.filter(minutes_status=MinutesStatus.IN_REVIEW).order_by("starts_at"),
        "overdue": ActionItem.objects.overdue()
        .filter(meeting__table__in=tables)
        .select_related("meeting__table", "owner__organisation", "owner__contact__organisation"),
        "today": timezone.localdate(),
    }
    return render(request, "community/dashboard.html", context)


@require_GET
def minutes_to_review(request: HttpRequest) -> HttpResponse:
    meetings = (
        shared_with(request.user, Meeting.objects.all(), "community.view_table")
        .filter(minutes_status=MinutesStatus.IN_REVIEW, table__coordinator=request.user)
        .select_related("table")
        .order_by("starts_at")
    )
    return render(request, "community/minutes_to_review.html", {"meetings": meetings})
