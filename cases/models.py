from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Team
from cases.choices import (
    CASE_TRANSITIONS,
    REFERRAL_TRANSITIONS,
    CaseStatus,
    EventKind,
    NeedLevel,
    ObjectiveStatus,
    PlanStatus,
    ReferralKind,
    ReferralStatus,
    Sex,
)
from core.models import VersionedModel
from core.validators import validate_person_fiscal_code
from territory.models import Area, Contact, Opportunity, Organisation, PovertyDimension


class TeamScopedQuerySet(models.QuerySet):
    """Records of people in charge are seen only within the team that keeps them.

    `team_path` is the lookup from the model to its team. Users without a team (admins, who
    manage accounts) or without the view permission see nothing: forbidden looks like missing.
    """

    team_path = "team"
    view_permission = "cases.view_case"

    def visible_to(self, user):
        if not user.is_authenticated or not user.team_id or not user.has_perm(self.view_permission):
            return self.none()
        return self.filter(**{f"{self.team_path}_id": user.team_id})


class PersonQuerySet(TeamScopedQuerySet):
    view_permission = "cases.view_person"


class Person(VersionedModel):
    """A citizen in charge of the service. Special-category personal data."""

    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="people")
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80)
    fiscal_code = models.CharField(
        _("codice fiscale"),
        max_length=16,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_person_fiscal_code],
        help_text=_("Optional: some people have none (recent arrivals, homeless people)."),
    )
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.NOT_STATED)
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    household_notes = models.TextField(_("household notes"), blank=True)
    anonymised_on = models.DateField(_("anonymised on"), null=True, blank=True, editable=False)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["last_name", "first_name", "birth_date"])]
        constraints = [models.CheckConstraint(condition=Q(sex__in=Sex.values), name="person_sex_valid")]

    def __str__(self) -> str:
        return f"{self.last_name} {self.first_name}"

    def get_absolute_url(self) -> str:
        return reverse("cases:person_detail", args=[self.pk])


class CaseQuerySet(TeamScopedQuerySet):
    def for_list(self):
        return self.select_related("person__area__parent", "responsible").prefetch_related("needs__dimension")


class Case(VersionedModel):
    """A take-charge (presa in carico) of a person by a team of the service."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="cases")
    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="cases")
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible worker"),
        on_delete=models.PROTECT,
        related_name="cases_in_charge",
    )
    status = models.CharField(_("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)
    goals = models.TextField(_("goals"), blank=True)
    consent_given_on = models.DateField(
        _("consent given on"),
        null=True,
        blank=True,
        help_text=_("When the person agreed to share their data with partner organisations."),
    )
    consent_scope = models.TextField(
        _("consent scope"), blank=True, help_text=_("Which data, with whom, for what purpose.")
    )
    commitments = models.TextField(
        _("the person's commitments"), blank=True, help_text=_("What the person commits to do in the project.")
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        # "My cases" and "the team's cases", newest first, without sorting the whole team.
        indexes = [
            models.Index(fields=["team", "status"]),
            models.Index(fields=["responsible", "status"]),
            models.Index(fields=["team", "-opened_on", "-id"], name="case_team_newest"),
            models.Index(fields=["responsible", "-opened_on", "-id"], name="case_responsible_newest"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=CaseStatus.values), name="case_status_valid"),
            models.CheckConstraint(
                condition=Q(consent_given_on__isnull=True) | ~Q(consent_scope=""),
                name="case_consent_has_scope",
                violation_error_message=_("Record what the person consented to."),
            ),
        ]

    def __str__(self) -> str:
        return gettext("Case of %(person)s") % {"person": self.person}

    def get_absolute_url(self) -> str:
        return reverse("cases:case_detail", args=[self.pk])

    @property
    def next_statuses(self) -> list[CaseStatus]:
        return [status for status in CaseStatus if status in CASE_TRANSITIONS[self.status]]

    @property
    def has_consent(self) -> bool:
        return self.consent_given_on is not None

    def clean(self) -> None:
        if self.consent_given_on and not self.consent_scope.strip():
            raise ValidationError(
                {"consent_scope": ValidationError(_("Record what the person consented to."), code="consent_scope")}
            )
        if self.consent_given_on and self.consent_given_on > timezone.localdate():
            raise ValidationError(
                {"consent_given_on": ValidationError(_("The date cannot be in the future."), code="future_date")}
            )


class CaseNeed(models.Model):
    """How strongly a case shows one of the four dimensions of poverty."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="needs")
    dimension = models.ForeignKey(PovertyDimension, verbose_name=_("dimension"), on_delete=models.PROTECT)
    level = models.PositiveSmallIntegerField(_("level"), choices=NeedLevel.choices)

    class Meta:
        ordering = ["dimension_id"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        constraints = [
            models.UniqueConstraint(fields=["case", "dimension"], name="case_need_unique_dimension"),
            models.CheckConstraint(condition=Q(level__in=NeedLevel.values), name="case_need_level_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.get_level_display()}"


class ReferralQuerySet(TeamScopedQuerySet):
    team_path = "case__team"
    view_permission = "cases.view_referral"

    def open(self):
        return self.exclude(status__in=[s for s, nexts in REFERRAL_TRANSITIONS.items() if not nexts])

    def for_list(self):
        return self.select_related("case__person", "opportunity__organisation", "liaison")


class Referral(VersionedModel):
    """A use of an opportunity or an appropriate referral of a person in charge."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="referrals")
    kind = models.CharField(_("kind"), max_length=10, choices=ReferralKind.choices)
    opportunity = models.ForeignKey(
        Opportunity, verbose_name=_("opportunity"), on_delete=models.PROTECT, related_name="referrals"
    )
    liaison = models.ForeignKey(
        Contact,
        verbose_name=_("liaison figure"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
    )
    status = models.CharField(_("status"), max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.DRAFT)
    status_changed_on = models.DateField(_("status changed on"), default=timezone.localdate)
    reason = models.TextField(_("why this opportunity"), blank=True)
    follow_up_on = models.DateField(_("follow-up on"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [models.Index(fields=["status", "follow_up_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ReferralStatus.values), name="referral_status_valid"),
            models.CheckConstraint(condition=Q(kind__in=ReferralKind.values), name="referral_kind_valid"),
            models.CheckConstraint(
                condition=~Q(status=ReferralStatus.DECLINED) | ~Q(decline_reason=""),
                name="referral_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status=ReferralStatus.COMPLETED) | ~Q(outcome=""),
                name="referral_completed_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.opportunity}"

    def get_absolute_url(self) -> str:
        return reverse("cases:referral_detail", args=[self.pk])

    @property
    def next_statuses(self) -> tuple[str, ...]:
        return REFERRAL_TRANSITIONS[self.status]

    @property
    def is_open(self) -> bool:
        return bool(self.next_statuses)

    def clean(self) -> None:
        if self.liaison_id and self.opportunity_id and self.liaison.organisation_id != self.opportunity.organisation_id:
            raise ValidationError(
                {
                    "liaison": ValidationError(
                        _("The liaison figure must be a contact of the organisation running the opportunity."),
                        code="other_organisation",
                    )
                }
            )


class ReferralTransition(models.Model):
    """One step of a referral's lifecycle: who moved it, from what to what, on which day."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("from"), max_length=12, choices=ReferralStatus.choices)
    to_status = models.CharField(_("to"), max_length=12, choices=ReferralStatus.choices)
    occurred_on = models.DateField(_("date"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["occurred_on", "created_at"]
        verbose_name = _("referral transition")
        verbose_name_plural = _("referral transitions")

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class JointPlanQuerySet(TeamScopedQuerySet):
    team_path = "case__team"
    view_permission = "cases.view_jointplan"


class JointPlan(VersionedModel):
    """A take-charge path built together with territory organisations (presa in carico con)."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="joint_plans")
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    started_on = models.DateField(_("started on"), default=timezone.localdate)
    next_review_on = models.DateField(_("next review on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = JointPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("joint plan")
        verbose_name_plural = _("joint plans")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=PlanStatus.values), name="joint_plan_status_valid")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cases:plan_detail", args=[self.pk])

    def clean(self) -> None:
        if self.next_review_on and self.started_on and self.next_review_on < self.started_on:
            raise ValidationError(
                {
                    "next_review_on": ValidationError(
                        _("The review cannot come before the start of the plan."), code="review_before_start"
                    )
                }
            )


class PlanPartner(models.Model):
    plan = models.ForeignKey(JointPlan, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT)
    contact = models.ForeignKey(
        Contact, verbose_name=_("contact person"), on_delete=models.PROTECT, null=True, blank=True
    )
    role = models.CharField(_("role in the plan"), max_length=200)
    commitments = models.TextField(_("commitments"), blank=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("plan partner")
        verbose_name_plural = _("plan partners")
        constraints = [models.UniqueConstraint(fields=["plan", "organisation"], name="plan_partner_unique")]

    def __str__(self) -> str:
        return str(self.organisation)

    def clean(self) -> None:
        if self.contact_id and self.organisation_id and self.contact.organisation_id != self.organisation_id:
            raise ValidationError(
                {
                    "contact": ValidationError(
                        _("The contact person must belong to the partner organisation."), code="other_organisation"
                    )
                }
            )


class PlanObjective(models.Model):
    plan = models.ForeignKey(JointPlan, on_delete=models.CASCADE, related_name="objectives")
    description = models.CharField(_("objective"), max_length=300)
    indicator = models.CharField(_("indicator"), max_length=300, help_text=_("How we will know it is reached."))
    status = models.CharField(
        _("status"), max_length=14, choices=ObjectiveStatus.choices, default=ObjectiveStatus.PLANNED
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ObjectiveStatus.values), name="objective_status_valid")
        ]

    def __str__(self) -> str:
        return self.description


class PlanReview(models.Model):
    plan = models.ForeignKey(JointPlan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"), default=timezone.localdate)
    summary = models.TextField(_("summary"))
    next_review_on = models.DateField(_("next review on"), null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        verbose_name = _("plan review")
        verbose_name_plural = _("plan reviews")

    def __str__(self) -> str:
        return gettext("Review of %(date)s") % {"date": self.reviewed_on}

    def clean(self) -> None:
        if self.next_review_on and self.reviewed_on and self.next_review_on <= self.reviewed_on:
            raise ValidationError(
                {
                    "next_review_on": ValidationError(
                        _("The next review must come after this one."), code="review_before_start"
                    )
                }
            )


class CaseMeeting(models.Model):
    """A meeting on the case with partners and non-professionals (tavolo sul caso)."""

    plan = models.ForeignKey(JointPlan, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("held on"), default=timezone.localdate)
    contacts_present = models.ManyToManyField(Contact, verbose_name=_("partners present"), blank=True)
    workers_present = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("workers present"), blank=True, related_name="+"
    )
    others_present = models.CharField(
        _("others present"), max_length=300, blank=True, help_text=_("Family members, neighbours, volunteers…")
    )
    minutes = models.TextField(_("minutes"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("case meeting")
        verbose_name_plural = _("case meetings")

    def __str__(self) -> str:
        return gettext("Meeting of %(date)s") % {"date": self.held_on}


class CaseEvent(models.Model):
    """The case timeline: an append-only log written only by cases.services."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    occurred_on = models.DateField(_("date"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    # Codes and titles, not sentences: the timeline is worded at display time, in the reader's language.
    data = models.JSONField(default=dict, blank=True)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    plan = models.ForeignKey(JointPlan, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-created_at", "-pk"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        indexes = [models.Index(fields=["case", "occurred_on"])]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.get_kind_display()}"

    def summary(self) -> str:
        """One line for the timeline, in the active language."""
        data = self.data
        status_label = {
            EventKind.CASE_STATUS: lambda code: CaseStatus(code).label,
            EventKind.REFERRAL_STATUS: lambda code: ReferralStatus(code).label,
        }.get(self.kind)
        if status_label:
            change = {
                "from": status_label(data["from"]),
                "to": status_label(data["to"]),
                "title": data.get("title", ""),
            }
            if self.kind == EventKind.CASE_STATUS:
                return gettext("Case: %(from)s → %(to)s") % change
            return gettext("Referral to “%(title)s”: %(from)s → %(to)s") % change
        if self.kind == EventKind.REFERRAL_CREATED:
            return gettext("%(kind)s prepared: “%(title)s” (%(organisation)s)") % {
                "kind": ReferralKind(data["kind_code"]).label,
                "title": data["title"],
                "organisation": data["organisation"],
            }
        if self.kind == EventKind.PLAN_PARTNER:
            return gettext("%(organisation)s joined the plan “%(title)s” as %(role)s") % data
        if self.kind == EventKind.PLAN_OBJECTIVE:
            return gettext("Objective of “%(title)s”: %(text)s (%(status)s)") % {
                **data,
                "status": ObjectiveStatus(data["status"]).label,
            }
        if self.kind in (EventKind.PLAN_CREATED, EventKind.PLAN_REVIEW, EventKind.CASE_MEETING):
            return f"{self.get_kind_display()}: “{data['title']}”"
        if self.kind == EventKind.CASE_UPDATED:
            return gettext("Case details updated")
        return str(self.get_kind_display())
