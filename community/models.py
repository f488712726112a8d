from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from community.choices import (
    MINUTES_TRANSITIONS,
    ActionItemStatus,
    ActionKind,
    BondKind,
    DeliveryStatus,
    HookUpKind,
    KnowledgeActionKind,
    MinutesStatus,
    PhaseKind,
    TableKind,
)
from core.models import TimeStampedModel, VersionedModel
from core.validators import check_end_after_start
from territory.models import Area, Contact, Opportunity, Organisation, Protocol


class CommunityActionQuerySet(models.QuerySet):
    def for_log(self):
        return self.select_related("area__parent").prefetch_related("workers", "organisations")


class CommunityAction(TimeStampedModel):
    """An invitation, a hook-up or a workshop with citizens: the first three community actions."""

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
        return reverse("community:action_detail", args=[self.pk])

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

    class Meta:
        ordering = ["name"]
        verbose_name = _("table")
        verbose_name_plural = _("tables")
        constraints = [models.CheckConstraint(condition=Q(kind__in=TableKind.values), name="table_kind_valid")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("community:table_detail", args=[self.pk])


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
    def delivery_email(self) -> str:
        """Where the minutes go: the member's own address first, then the contact's, then the organisation's."""
        if self.email:
            return self.email
        if self.contact_id and self.contact.email:
            return self.contact.email
        if self.organisation_id:
            return self.organisation.email
        return ""


class MeetingQuerySet(models.QuerySet):
    def upcoming(self):
        return self.filter(starts_at__gte=timezone.now()).order_by("starts_at")


class Meeting(VersionedModel):
    table = models.ForeignKey(Table, verbose_name=_("table"), on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
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
        ]

    def __str__(self) -> str:
        return f"{self.table} · {timezone.localtime(self.starts_at):%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("community:meeting_detail", args=[self.pk])

    @property
    def minutes_editable(self) -> bool:
        return self.minutes_status in (MinutesStatus.DRAFT, MinutesStatus.IN_REVIEW)

    @property
    def next_minutes_statuses(self) -> tuple[str, ...]:
        return MINUTES_TRANSITIONS[self.minutes_status]


class ActionItemQuerySet(models.QuerySet):
    def overdue(self):
        return self.filter(status=ActionItemStatus.OPEN, due_on__lt=timezone.localdate())


class ActionItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    description = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        TableMember, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="action_items"
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActionItemStatus.choices, default=ActionItemStatus.OPEN
    )

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ActionItemStatus.values), name="action_item_status_valid")
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def is_overdue(self) -> bool:
        return self.status == ActionItemStatus.OPEN and self.due_on < timezone.localdate()


class MinutesDelivery(models.Model):
    """One e-mail of the minutes to one member: queued, retried with back-off, never silently lost."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="deliveries")
    member = models.ForeignKey(TableMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    recipient = models.CharField(_("recipient"), max_length=200)
    email = models.EmailField(_("e-mail"))
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)

    class Meta:
        ordering = ["recipient"]
        verbose_name = _("minutes delivery")
        verbose_name_plural = _("minutes deliveries")
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "email"], name="delivery_once_per_address"),
            models.CheckConstraint(condition=Q(status__in=DeliveryStatus.values), name="delivery_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} <{self.email}>"


class CommunityProcess(VersionedModel):
    """A community process: the "macro-container" of an intervention, with its phases and evaluation."""

    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("problem treated"))
    target = models.TextField(_("target"), help_text=_("Who the process is for."))
    mandate = models.TextField(_("mandate"), help_text=_("Who commissions the process, and with which act."))
    community_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dedicated community worker"),
        on_delete=models.PROTECT,
        related_name="community_processes",
    )
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    tables = models.ManyToManyField(Table, verbose_name=_("tables"), blank=True, related_name="processes")
    protocols = models.ManyToManyField(Protocol, verbose_name=_("protocols"), blank=True, related_name="processes")

    class Meta:
        ordering = ["title"]
        verbose_name = _("community process")
        verbose_name_plural = _("community processes")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community:process_detail", args=[self.pk])


class ProcessPhase(models.Model):
    process = models.ForeignKey(CommunityProcess, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("phase"), max_length=12, choices=PhaseKind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

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
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    def clean(self) -> None:
        check_end_after_start(self.starts_on, self.ends_on, "ends_on")


class ProcessObjective(models.Model):
    process = models.ForeignKey(CommunityProcess, on_delete=models.CASCADE, related_name="objectives")
    description = models.CharField(_("objective"), max_length=300)
    result_indicator = models.CharField(_("result indicator"), max_length=300)
    evaluation_criteria = models.TextField(_("evaluation criteria"), blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("process objective")
        verbose_name_plural = _("process objectives")

    def __str__(self) -> str:
        return self.description


class KnowledgeAction(models.Model):
    """How the process gets to know the territory: focus groups, questionnaires, interviews…"""

    process = models.ForeignKey(CommunityProcess, on_delete=models.CASCADE, related_name="knowledge_actions")
    kind = models.CharField(_("kind"), max_length=14, choices=KnowledgeActionKind.choices)
    held_on = models.DateField(_("date"))
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    notes = models.TextField(_("findings"), blank=True)

    class Meta:
        ordering = ["held_on", "pk"]
        verbose_name = _("knowledge action")
        verbose_name_plural = _("knowledge actions")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=KnowledgeActionKind.values), name="knowledge_kind_valid")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.held_on:%d/%m/%Y}"
