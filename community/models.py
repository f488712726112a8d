import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from community import workflow
from community.charts import indicator_chart, progress_towards_target
from community.choices import (
    MINUTES_TRANSITIONS,
    SENSE_OF_BELONGING,
    ActionItemStatus,
    ActionKind,
    BondKind,
    EvaluationOutcome,
    HookUpKind,
    KnowledgeActionKind,
    MinutesAnswerKind,
    MinutesStatus,
    PhaseKind,
    PhaseStatus,
    TableKind,
)
from core.models import TimeStampedModel, VersionedModel, url_with_pk
from core.querysets import RoleScopedQuerySet
from core.validators import check_end_after_start
from territory.models import Area, Contact, Opportunity, Organisation, Protocol


class TablePartQuerySet(RoleScopedQuerySet):
    view_permission = "community.view_table"


class TableMemberQuerySet(TablePartQuerySet):
    def on(self, day):
        """Members of the table on that day: those who left earlier are history."""
        return self.filter(Q(left_on__isnull=True) | Q(left_on__gte=day))


class ProcessPartQuerySet(RoleScopedQuerySet):
    view_permission = "community.view_communityprocess"


class CommunityActionQuerySet(RoleScopedQuerySet):
    def for_log(self):
        return self.select_related("area__parent").prefetch_related("workers", "organisations")


class CommunityAction(TimeStampedModel):
    """An invitation, a hook-up or a workshop with citizens (the first three community actions), or an
    activity that builds a sense of belonging to the territory (animation, awareness event, listening
    point, training)."""

    kind = models.CharField(_("kind"), max_length=12, choices=ActionKind.choices)
    bond_kind = models.CharField(
        _("kind of community action"),
        max_length=12,
        choices=BondKind.choices,
        help_text=_("Does it build new relations, or take care of existing ones?"),
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    title = models.CharField(_("title"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    workers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("workers"), related_name="community_actions"
    )
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("organisations"), blank=True, related_name="community_actions"
    )
    citizens_count = models.PositiveIntegerField(_("citizens taking part"), null=True, blank=True)
    follow_up_on = models.DateField(_("follow-up on"), null=True, blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True, help_text=_("What was agreed to do next."))
    # Hook-ups only.
    hook_up_kind = models.CharField(_("kind of hook-up"), max_length=30, choices=HookUpKind.choices, blank=True)
    offered_by = models.CharField(
        _("offered or asked by"),
        max_length=200,
        blank=True,
        help_text=_("The volunteer, neighbour or person at the organisation who came forward."),
    )
    created_contact = models.ForeignKey(
        Contact, verbose_name=_("contact created"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_opportunity = models.ForeignKey(
        Opportunity,
        verbose_name=_("opportunity created"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_case = models.ForeignKey(
        Case, verbose_name=_("case opened"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    objects = CommunityActionQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("community action")
        verbose_name_plural = _("community actions")
        # The log is read newest first: this index serves its ORDER BY ... LIMIT without sorting.
        indexes = [
            models.Index(fields=["kind", "date"]),
            models.Index(fields=["-date", "-id"], name="action_log_order"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ActionKind.values), name="action_kind_valid"),
            models.CheckConstraint(condition=Q(bond_kind__in=BondKind.values), name="action_bond_kind_valid"),
            models.CheckConstraint(
                condition=Q(kind=ActionKind.HOOK_UP, hook_up_kind__in=HookUpKind.values)
                | (~Q(kind=ActionKind.HOOK_UP) & Q(hook_up_kind="")),
                name="action_hook_up_kind_only_for_hook_ups",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return url_with_pk("community:action_detail", self.pk)

    @property
    def is_hook_up(self) -> bool:
        return self.kind == ActionKind.HOOK_UP

    @property
    def builds_belonging(self) -> bool:
        """Animation, awareness event, listening point or training: counted apart in the indicators."""
        return self.kind in SENSE_OF_BELONGING

    @property
    def bond_tone(self) -> str:
        """The colour of the bond-kind badge (Bootstrap's text-bg-*)."""
        return "success" if self.bond_kind == BondKind.NEW_BONDS else "info"

    def clean(self) -> None:
        if self.kind == ActionKind.HOOK_UP and not self.hook_up_kind:
            raise ValidationError(
                {"hook_up_kind": ValidationError(_("Say what kind of hook-up this is."), code="hook_up_kind_required")}
            )
        if self.kind != ActionKind.HOOK_UP:
            self.hook_up_kind = ""
        if self.follow_up_on and self.date and self.follow_up_on < self.date:
            raise ValidationError(
                {
                    "follow_up_on": ValidationError(
                        _("The follow-up cannot come before the action."), code="follow_up_before"
                    )
                }
            )


class Table(VersionedModel):
    """A participatory working table (tavolo), extended or operational."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=TableKind.choices)
    purpose = models.TextField(_("purpose"), blank=True)
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        on_delete=models.PROTECT,
        related_name="coordinated_tables",
        help_text=_("Reviews and approves the minutes of the table's meetings."),
    )
    active = models.BooleanField(_("active"), default=True)

    objects = RoleScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("table")
        verbose_name_plural = _("tables")
        constraints = [models.CheckConstraint(condition=Q(kind__in=TableKind.values), name="table_kind_valid")]
        # The coordinator role's pages: the coordinator's dashboard and the minutes to review.
        permissions = [("coordinate_tables", "Can use the coordinator's dashboard and review minutes")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return url_with_pk("community:table_detail", self.pk)


class TableMember(models.Model):
    """An organisation, a person at an organisation, or a citizen taking part as expert by experience."""

    table = models.ForeignKey(Table, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    citizen_name = models.CharField(_("citizen"), max_length=120, blank=True, help_text=_("Expert by experience."))
    email = models.EmailField(
        _("e-mail for the minutes"), blank=True, help_text=_("Empty: the contact's or the organisation's e-mail.")
    )
    role = models.CharField(_("role"), max_length=120, blank=True)
    # A member who leaves stays in the table's history; from that day they get no minutes.
    left_on = models.DateField(_("left the table on"), null=True, blank=True)

    objects = TableMemberQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("table member")
        verbose_name_plural = _("table members")
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | Q(contact__isnull=False) | ~Q(citizen_name=""),
                name="table_member_is_someone",
                violation_error_code="member_empty",
                violation_error_message=_("Choose an organisation or a contact, or write the name of the citizen."),
            )
        ]

    def __str__(self) -> str:
        if self.contact_id:
            return f"{self.contact} ({self.contact.organisation})"
        if self.organisation_id:
            return str(self.organisation)
        return self.citizen_name

    @property
    def is_citizen(self) -> bool:
        return not self.organisation_id and not self.contact_id

    @property
    def has_left(self) -> bool:
        return self.left_on is not None

    @property
    def delivery_email(self) -> str:
        """Where the minutes go: the member's own address first, then the contact's, then the organisation's."""
        if self.email:
            return self.email
        if self.contact_id and self.contact.email:
            return self.contact.email
        if self.organisation_id:
            return self.organisation.email
        return ""


MINUTES_TONES = {
    MinutesStatus.DRAFT: "light border",
    MinutesStatus.IN_REVIEW: "warning",
    MinutesStatus.APPROVED: "primary",
    MinutesStatus.SENT: "success",
}


# Meetings have a start only; invitations need an end, and a table meets for about two hours.
MEETING_LENGTH = timedelta(hours=2)


class MeetingQuerySet(RoleScopedQuerySet):
    def upcoming(self):
        return self.filter(starts_at__gte=timezone.now()).order_by("starts_at")

    def not_cancelled(self):
        return self.filter(cancelled_at__isnull=True)


class Meeting(VersionedModel):
    table = models.ForeignKey(Table, verbose_name=_("table"), on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    # The meeting's identity in the members' calendars: the convocation, each move and the cancellation
    # carry the same UID, and a higher SEQUENCE each time, so calendars replace the event in place.
    uid = models.UUIDField(_("calendar identifier"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True, editable=False)
    cancellation_reason = models.CharField(
        _("reason for cancelling"), max_length=300, blank=True, help_text=_("Sent to the members of the table.")
    )
    attendees = models.ManyToManyField(TableMember, verbose_name=_("present"), blank=True, related_name="meetings")
    decisions = models.TextField(_("decisions"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_status = models.CharField(
        _("minutes status"), max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["minutes_status"]), models.Index(fields=["starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes_status__in=MinutesStatus.values), name="meeting_minutes_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(minutes_status__in=[MinutesStatus.DRAFT, MinutesStatus.IN_REVIEW])
                | Q(approved_by__isnull=False, approved_at__isnull=False),
                name="meeting_approved_minutes_have_approver",
            ),
            models.CheckConstraint(
                condition=Q(cancelled_at__isnull=True) | ~Q(cancellation_reason=""),
                name="meeting_cancelled_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.table} · {date_format(timezone.localtime(self.starts_at), 'SHORT_DATE_FORMAT')}"

    def get_absolute_url(self) -> str:
        return url_with_pk("community:meeting_detail", self.pk)

    @property
    def day(self):
        return timezone.localtime(self.starts_at).date()

    @property
    def minutes_editable(self) -> bool:
        return not self.is_cancelled and self.minutes_status in (MinutesStatus.DRAFT, MinutesStatus.IN_REVIEW)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def ends_at(self):
        return self.starts_at + MEETING_LENGTH

    @property
    def is_upcoming(self) -> bool:
        """Still to be held: members are told when it is scheduled, moved or cancelled."""
        return not self.is_cancelled and self.starts_at > timezone.now()

    @property
    def can_be_cancelled(self) -> bool:
        """Minutes under way mean the meeting took place: only one still in draft can be called off."""
        return not self.is_cancelled and self.minutes_status == MinutesStatus.DRAFT

    @property
    def next_minutes_statuses(self) -> tuple[str, ...]:
        return MINUTES_TRANSITIONS[self.minutes_status]

    @property
    def minutes_in_review(self) -> bool:
        return self.minutes_status == MinutesStatus.IN_REVIEW

    @property
    def minutes_tone(self) -> str:
        """The colour of the minutes' status badge (Bootstrap's text-bg-*)."""
        return MINUTES_TONES[self.minutes_status]

    def minutes_moves_for(self, user) -> list[workflow.MinutesMove]:
        """The steps of the minutes workflow this user may take now, with their labels."""
        if self.is_cancelled:
            return []
        return workflow.moves_for(status=self.minutes_status, user=user, coordinator_id=self.table.coordinator_id)

    def may_issue_version(self, user) -> bool:
        """Whether this user may send the members a corrected version of the minutes now."""
        return workflow.may_issue_version(
            status=self.minutes_status, user=user, coordinator_id=self.table.coordinator_id
        )


class MinutesVersionQuerySet(RoleScopedQuerySet):
    view_permission = "community.view_meeting"


class MinutesVersion(models.Model):
    """The minutes as sent to the members: version 1 when first sent, one more each time corrections are
    accepted. Earlier versions are kept as they were sent, and stay readable."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes_versions")
    number = models.PositiveSmallIntegerField(_("version"))
    decisions = models.TextField(_("decisions"), blank=True)
    minutes = models.TextField(_("minutes"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.PROTECT, related_name="+"
    )

    objects = MinutesVersionQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "-number"]
        verbose_name = _("version of the minutes")
        verbose_name_plural = _("versions of the minutes")
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="minutes_version_once")]

    def __str__(self) -> str:
        return gettext("Minutes of %(meeting)s, version %(number)s") % {"meeting": self.meeting, "number": self.number}

    def get_absolute_url(self) -> str:
        return reverse("community:minutes_version", args=[self.pk])


class MinutesAnswer(models.Model):
    """A member's answer to one version of the minutes: confirmed, or a correction asked (from their link)."""

    version = models.ForeignKey(MinutesVersion, on_delete=models.CASCADE, related_name="answers")
    member = models.ForeignKey(TableMember, on_delete=models.CASCADE, related_name="minutes_answers")
    answer = models.CharField(_("answer"), max_length=12, choices=MinutesAnswerKind.choices)
    correction = models.TextField(_("correction asked"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)
    # The version that took the correction in, once the coordinator accepted it.
    accepted_in = models.ForeignKey(
        MinutesVersion,
        verbose_name=_("accepted in"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="corrections_accepted",
    )

    objects = MinutesVersionQuerySet.as_manager()

    class Meta:
        ordering = ["answered_at", "pk"]
        verbose_name = _("answer to the minutes")
        verbose_name_plural = _("answers to the minutes")
        constraints = [
            models.UniqueConstraint(fields=["version", "member"], name="minutes_answer_once"),
            models.CheckConstraint(condition=Q(answer__in=MinutesAnswerKind.values), name="minutes_answer_valid"),
            models.CheckConstraint(
                condition=~Q(answer=MinutesAnswerKind.CORRECTION) | ~Q(correction=""),
                name="minutes_correction_has_text",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_answer_display())

    @property
    def is_correction(self) -> bool:
        return self.answer == MinutesAnswerKind.CORRECTION


class ActionItemQuerySet(RoleScopedQuerySet):
    view_permission = "community.view_meeting"

    def overdue(self):
        return self.filter(status=ActionItemStatus.OPEN, due_on__lt=timezone.localdate())


class ActionItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    description = models.CharField(_("action"), max_length=300)
    # Who does it: a member of the table (an organisation, a contact, a citizen) or a worker of the service.
    owner = models.ForeignKey(
        TableMember,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("worker of the service"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActionItemStatus.choices, default=ActionItemStatus.OPEN
    )
    done_note = models.TextField(_("note on what was done"), blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    # The worker who closed it in the app; empty when the member closed it from their e-mailed link.
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ActionItemStatus.values), name="action_item_status_valid"),
            models.CheckConstraint(
                condition=Q(owner__isnull=False, assignee__isnull=True) | Q(owner__isnull=True, assignee__isnull=False),
                name="action_item_one_owner",
                violation_error_message=_("Give the action item to a member of the table or to a worker, not both."),
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def owner_label(self) -> str:
        return str(self.assignee if self.assignee_id else self.owner)

    @property
    def is_open(self) -> bool:
        return self.status == ActionItemStatus.OPEN

    @property
    def is_overdue(self) -> bool:
        return self.status == ActionItemStatus.OPEN and self.due_on < timezone.localdate()


class CommunityProcess(VersionedModel):
    """A community process: the "macro-container" of an intervention, with its phases and evaluation."""

    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("problem treated"))
    target = models.TextField(_("target"), help_text=_("Who the process is for."))
    # The mandate: who commissions the process, with which act, and who answers for it.
    commissioning_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("commissioning body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commissioned_processes",
        help_text=_("The body in the directory that commissions the process."),
    )
    commissioning_body = models.CharField(
        _("commissioning body (if not in the directory)"),
        max_length=200,
        blank=True,
        help_text=_("For example: Assemblea dei sindaci dell'ambito."),
    )
    act_number = models.CharField(_("deliberation number"), max_length=50, blank=True)
    act_date = models.DateField(_("deliberation date"), null=True, blank=True)
    political_referent = models.CharField(
        _("political referent"), max_length=200, blank=True, help_text=_("Name and office, e.g. the councillor.")
    )
    technical_referent = models.CharField(
        _("technical referent"), max_length=200, blank=True, help_text=_("Name and office, e.g. the head of service.")
    )
    mandate_notes = models.TextField(_("notes on the mandate"), blank=True)
    community_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead community worker"),
        on_delete=models.PROTECT,
        related_name="community_processes",
    )
    workers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dedicated workers"),
        through="community.ProcessWorker",
        blank=True,
        related_name="dedicated_processes",
    )
    partners = models.ManyToManyField(
        Organisation,
        verbose_name=_("partners"),
        through="community.ProcessPartner",
        blank=True,
        related_name="partnered_processes",
    )
    mapped_organisations = models.ManyToManyField(
        Organisation, verbose_name=_("organisations mapped"), blank=True, related_name="mapped_in_processes"
    )
    mapped_opportunities = models.ManyToManyField(
        Opportunity, verbose_name=_("opportunities mapped"), blank=True, related_name="mapped_in_processes"
    )
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    tables = models.ManyToManyField(Table, verbose_name=_("tables"), blank=True, related_name="processes")
    protocols = models.ManyToManyField(Protocol, verbose_name=_("protocols"), blank=True, related_name="processes")

    objects = RoleScopedQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("community process")
        verbose_name_plural = _("community processes")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return url_with_pk("community:process_detail", self.pk)

    def clean(self) -> None:
        if not self.commissioning_organisation_id and not self.commissioning_body.strip():
            raise ValidationError(
                {
                    "commissioning_body": ValidationError(
                        _("Say who commissions the process: a body in the directory or its name."),
                        code="mandate_body_required",
                    )
                }
            )

    @property
    def commissioner(self) -> str:
        return str(self.commissioning_organisation or self.commissioning_body)


class ProcessPhase(models.Model):
    process = models.ForeignKey(CommunityProcess, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("phase"), max_length=12, choices=PhaseKind.choices)
    # starts_on and ends_on are the plan; actual_* say what happened.
    starts_on = models.DateField(_("planned start"))
    ends_on = models.DateField(_("planned end"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=PhaseStatus.choices, default=PhaseStatus.PLANNED)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = ProcessPartQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.UniqueConstraint(fields=["process", "kind"], name="process_phase_once"),
            models.CheckConstraint(condition=Q(kind__in=PhaseKind.values), name="process_phase_kind_valid"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")), name="process_phase_dates"
            ),
            models.CheckConstraint(condition=Q(status__in=PhaseStatus.values), name="process_phase_status_valid"),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True) | Q(actual_end__gte=models.F("actual_start")),
                name="process_phase_actual_dates",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    def clean(self) -> None:
        check_end_after_start(self.starts_on, self.ends_on, "ends_on")
        check_end_after_start(self.actual_start, self.actual_end, "actual_end")
        if self.actual_end and not self.actual_start:
            raise ValidationError(
                {"actual_start": ValidationError(_("A phase that ended had started: say when."), code="start_missing")}
            )
        if self.status != PhaseStatus.PLANNED and not self.actual_start:
            raise ValidationError(
                {
                    "actual_start": ValidationError(
                        _("A phase in progress or done has an actual start."), code="actual_start_required"
                    )
                }
            )
        if self.status == PhaseStatus.DONE and not self.actual_end:
            raise ValidationError(
                {
                    "actual_end": ValidationError(
                        _("A phase that is done has an actual end."), code="actual_end_required"
                    )
                }
            )

    @property
    def status_tone(self) -> str:
        return {PhaseStatus.DONE: "success", PhaseStatus.IN_PROGRESS: "primary"}.get(self.status, "secondary")


class ProcessObjective(models.Model):
    process = models.ForeignKey(CommunityProcess, on_delete=models.CASCADE, related_name="objectives")
    description = models.CharField(_("objective"), max_length=300)
    result_indicator = models.CharField(_("result indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=40, blank=True, help_text=_("For example: people, families, %."))
    # Null only on objectives written before indicators had values (issue 15); the form asks for both.
    baseline = models.DecimalField(_("baseline"), max_digits=12, decimal_places=2, null=True, blank=True)
    target_value = models.DecimalField(_("target value"), max_digits=12, decimal_places=2, null=True, blank=True)
    evaluation_criteria = models.TextField(_("evaluation criteria"), blank=True)
    # The criteria checked at the evaluation phase (community.process.evaluate_objective).
    evaluation = models.CharField(_("criteria met"), max_length=12, choices=EvaluationOutcome.choices, blank=True)
    evaluation_note = models.TextField(_("evaluation note"), blank=True)
    evaluated_on = models.DateField(_("evaluated on"), null=True, blank=True)

    objects = ProcessPartQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("process objective")
        verbose_name_plural = _("process objectives")
        constraints = [
            models.CheckConstraint(
                condition=Q(evaluation__in=["", *EvaluationOutcome.values]), name="objective_evaluation_valid"
            ),
            models.CheckConstraint(
                condition=Q(evaluation="") | Q(evaluated_on__isnull=False), name="objective_evaluated_on_a_day"
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def evaluation_tone(self) -> str:
        return {EvaluationOutcome.MET: "success", EvaluationOutcome.PARTLY_MET: "warning"}.get(
            self.evaluation, "danger"
        )

    # The three below read the prefetched measurements (ordered by day): no query per objective.
    @property
    def latest_value(self):
        measurements = list(self.measurements.all())
        return measurements[-1].value if measurements else None

    @property
    def progress(self) -> int | None:
        return progress_towards_target(self.baseline, self.target_value, self.latest_value)

    @property
    def chart(self):
        return indicator_chart(
            baseline=self.baseline, target=self.target_value, measurements=list(self.measurements.all())
        )


class KnowledgeAction(models.Model):
    """How the process gets to know the territory: focus groups, questionnaires, interviews…"""

    process = models.ForeignKey(CommunityProcess, on_delete=models.CASCADE, related_name="knowledge_actions")
    kind = models.CharField(_("kind"), max_length=14, choices=KnowledgeActionKind.choices)
    held_on = models.DateField(_("date"))
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    notes = models.TextField(_("findings"), blank=True)
    # A focus group is a community action of the log; questionnaire results and interviews are its documents.
    community_action = models.ForeignKey(
        CommunityAction,
        verbose_name=_("community action"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="knowledge_actions",
        help_text=_("For a focus group: the community action of the log where it was held."),
    )

    objects = ProcessPartQuerySet.as_manager()

    class Meta:
        ordering = ["held_on", "pk"]
        verbose_name = _("knowledge action")
        verbose_name_plural = _("knowledge actions")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=KnowledgeActionKind.values), name="knowledge_kind_valid")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {date_format(self.held_on, 'SHORT_DATE_FORMAT')}"

    def get_absolute_url(self) -> str:
        # Its documents are listed in the process's story, beside it.
        return f"{self.process.get_absolute_url()}#knowledge-{self.pk}"

    def clean(self) -> None:
        if self.community_action_id and self.kind != KnowledgeActionKind.FOCUS_GROUP:
            raise ValidationError(
                {
                    "community_action": ValidationError(
                        _("Only a focus group is a community action of the log."), code="action_not_focus_group"
                    )
                }
            )

    @property
    def takes_documents(self) -> bool:
        return self.kind in (KnowledgeActionKind.QUESTIONNAIRE, KnowledgeActionKind.INTERVIEW)


# The process's story kept in its own module (issue 15), imported here so that Django registers its models.
from community.process import IndicatorMeasurement, ProcessPartner, ProcessWorker, VisionVersion  # noqa: E402, F401
