from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Team
from cases.choices import (
    CASE_TRANSITIONS,
    REFERRAL_TRANSITIONS,
    CaseStatus,
    ConsentMethod,
    ConsentRecipient,
    ConsentScope,
    DeclineReason,
    EventKind,
    NeedLevel,
    ObjectiveStatus,
    PlanStatus,
    ReferralKind,
    ReferralStatus,
    Sex,
)
from core.models import LabelledModel, VersionedModel, choice_label, url_with_pk
from core.querysets import RoleScopedQuerySet
from core.validators import check_code_matches_birth, validate_person_fiscal_code
from territory.models import Area, Contact, Opportunity, Organisation, PovertyDimension

PLAN_STATUS_TONES = {
    PlanStatus.DRAFT: "light border",
    PlanStatus.SUBMITTED: "warning",
    PlanStatus.RETURNED: "danger",
    PlanStatus.ACTIVE: "success",
    PlanStatus.CLOSED: "dark",
}
CASE_STATUS_TONES = {CaseStatus.OPEN: "success", CaseStatus.SUSPENDED: "secondary", CaseStatus.CLOSED: "dark"}
REFERRAL_STATUS_TONES = {
    ReferralStatus.DRAFT: "light border",
    ReferralStatus.SENT: "primary",
    ReferralStatus.ACCEPTED: "success",
    ReferralStatus.IN_PROGRESS: "success",
    ReferralStatus.COMPLETED: "success",
    ReferralStatus.DECLINED: "secondary",
    ReferralStatus.WITHDRAWN: "secondary",
}


class TeamScopedQuerySet(RoleScopedQuerySet):
    """Records of people in charge are seen only within the team that keeps them.

    `team_path` is the lookup from the model to its team. Users without a team (admins, who
    manage accounts) or without the view permission see nothing: forbidden looks like missing.
    """

    team_path = "team"

    def visible_to(self, user):
        if not user.is_authenticated or not user.team_id:
            return self.none()
        return super().visible_to(user).filter(**{f"{self.team_path}_id": user.team_id})


class CaseRecordQuerySet(TeamScopedQuerySet):
    """Rows that belong to a case (needs, timeline events): seen with the case."""

    team_path = "case__team"
    view_permission = "cases.view_case"


class PlanPartQuerySet(TeamScopedQuerySet):
    """Partners, objectives, reviews and meetings of a joint plan: seen with the plan."""

    team_path = "plan__case__team"
    view_permission = "cases.view_jointplan"


class PersonQuerySet(TeamScopedQuerySet):
    pass


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
        return url_with_pk("cases:person_detail", self.pk)

    @property
    def initials(self) -> str:
        """How the person appears outside their record (e-mails, notifications): initials only."""
        return "".join(f"{name.strip()[:1].upper()}." for name in (self.first_name, self.last_name) if name.strip())

    def clean(self) -> None:
        # The code encodes the birth date and sex: a mismatch is a typo in one of them (omocodia included).
        try:
            check_code_matches_birth(self.fiscal_code, self.birth_date, self.sex)
        except ValidationError as error:
            raise ValidationError({"fiscal_code": error}) from None


class CaseQuerySet(TeamScopedQuerySet):
    def open(self):
        return self.filter(status=CaseStatus.OPEN)

    def for_list(self):
        """The columns the case list and its CSV show, and nothing more: a case row drags its person, area and
        worker along, and building unused fields was a third of the list's time."""
        needs = CaseNeed.objects.select_related("dimension").only("case_id", "level", "dimension__code")
        return (
            self.select_related("person__area__parent", "responsible")
            .only(
                "status",
                "opened_on",
                "person__first_name",
                "person__last_name",
                "person__area__name",
                "person__area__kind",
                "person__area__parent__name",
                "responsible__username",
                "responsible__first_name",
                "responsible__last_name",
            )  # fmt: skip
            .prefetch_related(Prefetch("needs", queryset=needs))
        )


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
    # The person's consent to share their data with partners is kept per recipient: see Consent.
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
            # A worker's cases within their team, read from the index alone: the follow-ups page starts there.
            models.Index(fields=["responsible", "team", "id"], name="case_responsible_team"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=CaseStatus.values), name="case_status_valid"),
        ]

    def __str__(self) -> str:
        return gettext("Case of %(person)s") % {"person": self.person}

    def get_absolute_url(self) -> str:
        return url_with_pk("cases:case_detail", self.pk)

    @property
    def next_statuses(self) -> list[CaseStatus]:
        return [status for status in CaseStatus if status in CASE_TRANSITIONS[self.status]]

    @property
    def is_closed(self) -> bool:
        return self.status == CaseStatus.CLOSED

    @property
    def status_tone(self) -> str:
        """The colour of the status badge (Bootstrap's text-bg-*)."""
        return CASE_STATUS_TONES[self.status]

    @property
    def has_consent(self) -> bool:
        """Whether any consent to share with partners is in force (to one of them at least)."""
        return any(consent.in_force for consent in self.consents.all())

    def sharing_scope_for(self, organisation: Organisation) -> str | None:
        """How the person may appear to `organisation`: ConsentScope.NAME or INITIALS, or None without consent.

        Where several consents in force cover the organisation, the narrowest wins: a person who said
        "initials only" to anyone is never named because a broader consent also exists.
        """
        # Read from the case's consents as loaded: a list prefetches "consents__plan__partners" once for all rows.
        scopes = {consent.scope for consent in self.consents.all() if consent.in_force and consent.covers(organisation)}
        if not scopes:
            return None
        return ConsentScope.NAME if scopes == {ConsentScope.NAME} else ConsentScope.INITIALS

    def shown_to_partner(self, organisation: Organisation) -> str:
        """The person as `organisation` may see them: the name if every consent covering it allows it, else initials."""
        if self.sharing_scope_for(organisation) == ConsentScope.NAME:
            return f"{self.person.first_name} {self.person.last_name}"
        return self.person.initials


class CaseNeed(LabelledModel):
    """How strongly a case shows one of the four dimensions of poverty."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="needs")
    dimension = models.ForeignKey(PovertyDimension, verbose_name=_("dimension"), on_delete=models.PROTECT)
    level = models.PositiveSmallIntegerField(_("level"), choices=NeedLevel.choices)

    objects = CaseRecordQuerySet.as_manager()

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

    @classmethod
    def labels_by_case(cls, case_ids) -> dict[int, list[str]]:
        """{case id: ["Economica: alto", ...]} as str() writes each need, in one query of plain values: the case
        list shows 25 cases' needs, and building and prefetching their model instances cost more than the rows."""
        code_field = PovertyDimension._meta.get_field("code")
        level_field = cls._meta.get_field("level")
        labels: dict[int, list[str]] = {}
        rows = cls.objects.filter(case_id__in=case_ids).values_list("case_id", "dimension__code", "level")
        for case_id, code, level in rows.order_by("dimension_id"):
            labels.setdefault(case_id, []).append(
                f"{choice_label(code_field, code)}: {choice_label(level_field, level)}"
            )
        return labels


class ConsentQuerySet(TeamScopedQuerySet):
    team_path = "case__team"
    view_permission = "cases.view_case"

    def in_force(self, on=None):
        on = on or timezone.localdate()
        return self.filter(given_on__lte=on, withdrawn_on__isnull=True)


class Consent(models.Model):
    """The person's consent to share their data with partners: to whom, how much, given how, until when.

    A referral is sent to an organisation only under a consent in force that covers it
    (cases.services.transition_referral); a withdrawal stops new sends, and the pages partners reach
    from links already sent then show initials only (Case.shown_to_partner).
    """

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="consents")
    recipient = models.CharField(_("to whom"), max_length=14, choices=ConsentRecipient.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("For a consent to one organisation."),
    )
    plan = models.ForeignKey(
        "JointPlan",
        verbose_name=_("joint plan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents",
        help_text=_("For a consent to the partners of a joint plan."),
    )
    scope = models.CharField(_("what may be shared"), max_length=10, choices=ConsentScope.choices)
    given_on = models.DateField(_("given on"), default=timezone.localdate)
    method = models.CharField(_("given how"), max_length=16, choices=ConsentMethod.choices)
    witness = models.CharField(
        _("witness"), max_length=200, blank=True, help_text=_("For a verbal consent: who heard it besides you.")
    )
    notes = models.TextField(_("notes"), blank=True, help_text=_("Anything the person asked or specified."))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(condition=Q(recipient__in=ConsentRecipient.values), name="consent_recipient_valid"),
            models.CheckConstraint(condition=Q(scope__in=ConsentScope.values), name="consent_scope_valid"),
            models.CheckConstraint(condition=Q(method__in=ConsentMethod.values), name="consent_method_valid"),
            models.CheckConstraint(
                condition=Q(recipient=ConsentRecipient.ORGANISATION, organisation__isnull=False, plan__isnull=True)
                | Q(recipient=ConsentRecipient.PLAN_PARTNERS, plan__isnull=False, organisation__isnull=True)
                | Q(recipient=ConsentRecipient.ANY_PARTNER, plan__isnull=True, organisation__isnull=True),
                name="consent_recipient_named",
            ),
            models.CheckConstraint(
                condition=~Q(method=ConsentMethod.VERBAL_WITNESSED) | ~Q(witness=""), name="consent_verbal_witnessed"
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_label} · {self.get_scope_display()}"

    @property
    def recipient_label(self) -> str:
        if self.recipient == ConsentRecipient.ORGANISATION and self.organisation_id:
            return str(self.organisation)
        if self.recipient == ConsentRecipient.PLAN_PARTNERS and self.plan_id:
            return gettext("The partners of “%(plan)s”") % {"plan": self.plan}
        return str(self.get_recipient_display())

    @property
    def in_force(self) -> bool:
        return self.withdrawn_on is None and self.given_on <= timezone.localdate()

    def covers(self, organisation: Organisation) -> bool:
        """Whether `organisation` is among the recipients (a plan's partners as they are now)."""
        if self.recipient == ConsentRecipient.ANY_PARTNER:
            return True
        if self.recipient == ConsentRecipient.ORGANISATION:
            return self.organisation_id == organisation.pk
        return any(partner.organisation_id == organisation.pk for partner in self.plan.partners.all())

    def clean(self) -> None:
        errors = {}
        if self.recipient == ConsentRecipient.ORGANISATION and not self.organisation_id:
            errors["organisation"] = ValidationError(_("Choose the organisation."), code="organisation_required")
        if self.recipient == ConsentRecipient.PLAN_PARTNERS:
            if not self.plan_id:
                errors["plan"] = ValidationError(_("Choose the joint plan."), code="plan_required")
            elif self.case_id and self.plan.case_id != self.case_id:
                errors["plan"] = ValidationError(_("Choose a joint plan of this case."), code="other_case")
        # A consent names one kind of recipient: what the form sent for another kind does not apply.
        if self.recipient != ConsentRecipient.ORGANISATION:
            self.organisation = None
        if self.recipient != ConsentRecipient.PLAN_PARTNERS:
            self.plan = None
        if self.method == ConsentMethod.VERBAL_WITNESSED and not self.witness.strip():
            errors["witness"] = ValidationError(_("A verbal consent needs a witness."), code="witness_required")
        if self.given_on and self.given_on > timezone.localdate():
            errors["given_on"] = ValidationError(_("The date cannot be in the future."), code="future_date")
        if errors:
            raise ValidationError(errors)


class ReferralQuerySet(TeamScopedQuerySet):
    team_path = "case__team"

    def open(self):
        return self.exclude(status__in=CLOSED_REFERRAL_STATUSES)

    def for_list(self):
        return self.select_related("case__person", "opportunity__organisation", "liaison")


# The statuses a referral never leaves: `ReferralQuerySet.open()` is "not one of these".
CLOSED_REFERRAL_STATUSES = [status for status, nexts in REFERRAL_TRANSITIONS.items() if not nexts]


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
    partner_note = models.TextField(
        _("note for the organisation"),
        blank=True,
        help_text=_(
            "What the receiving organisation needs to know to welcome the person. It is the only text of "
            "the case the organisation sees: write nothing the person did not agree to share."
        ),
    )
    follow_up_on = models.DateField(_("follow-up on"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True, help_text=_("Given by the organisation."))
    decline_category = models.CharField(_("why declined"), max_length=20, choices=DeclineReason.choices, blank=True)
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
        indexes = [
            models.Index(fields=["status", "follow_up_on"]),
            # The follow-ups page: a worker's referrals due by a date, case by case, their status read from the
            # index too (not a partial index on the open ones: PostgreSQL writes its condition back differently from
            # how it reads it, and the bulk loader rebuilds indexes from their written definition, demo/bulk.py).
            models.Index(fields=["case", "follow_up_on", "status"], name="referral_case_follow_up"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ReferralStatus.values), name="referral_status_valid"),
            models.CheckConstraint(condition=Q(kind__in=ReferralKind.values), name="referral_kind_valid"),
            # A partner declines with a reason from the list, its words optional; a worker writes the reason.
            models.CheckConstraint(
                condition=~Q(status=ReferralStatus.DECLINED) | ~Q(decline_reason="") | ~Q(decline_category=""),
                name="referral_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(decline_category="") | Q(decline_category__in=DeclineReason.values),
                name="referral_decline_category_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=ReferralStatus.COMPLETED) | ~Q(outcome=""),
                name="referral_completed_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.opportunity}"

    def get_absolute_url(self) -> str:
        return url_with_pk("cases:referral_detail", self.pk)

    @property
    def next_statuses(self) -> tuple[str, ...]:
        return REFERRAL_TRANSITIONS[self.status]

    @property
    def is_open(self) -> bool:
        return bool(self.next_statuses)

    @property
    def was_sent(self) -> bool:
        """Whether the receiving organisation has been told (a draft is the service's alone)."""
        return self.status != ReferralStatus.DRAFT

    @property
    def status_tone(self) -> str:
        return REFERRAL_STATUS_TONES[self.status]

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


class ReferralTransitionQuerySet(TeamScopedQuerySet):
    team_path = "referral__case__team"
    view_permission = "cases.view_referral"


class ReferralTransition(LabelledModel):
    """One step of a referral's lifecycle: who moved it, from what to what, on which day."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="transitions")
    # Empty for the first step, the referral prepared as a draft, on the day it really was.
    from_status = models.CharField(_("from"), max_length=12, choices=ReferralStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=ReferralStatus.choices)
    occurred_on = models.DateField(_("date"))
    # A worker, or the receiving organisation's contact answering from a link (then no user) or from
    # the partner portal (then the partner's account too).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("partner's contact"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ReferralTransitionQuerySet.as_manager()

    class Meta:
        ordering = ["occurred_on", "created_at"]
        verbose_name = _("referral transition")
        verbose_name_plural = _("referral transitions")
        constraints = [
            models.CheckConstraint(
                condition=Q(actor__isnull=False) | Q(contact__isnull=False), name="referral_transition_has_author"
            )
        ]

    def __str__(self) -> str:
        if not self.from_status:
            return gettext("Prepared as a draft")
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"

    @property
    def author(self) -> str:
        return author_label(self.actor, self.contact)

    @property
    def is_draft_step(self) -> bool:
        return not self.from_status


def author_label(actor, contact) -> str:
    """Who took a step: the worker, or the partner's contact with their organisation."""
    if contact is not None:
        return gettext("%(contact)s (%(organisation)s)") % {"contact": contact, "organisation": contact.organisation}
    return str(actor)


class JointPlanQuerySet(TeamScopedQuerySet):
    team_path = "case__team"

    def active(self):
        return self.filter(status=PlanStatus.ACTIVE)


class JointPlan(VersionedModel):
    """A take-charge path built together with territory organisations (presa in carico con)."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="joint_plans")
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    started_on = models.DateField(_("started on"), default=timezone.localdate)
    next_review_on = models.DateField(_("next review on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # Supervision (cases.supervision): who submitted the plan for approval, and the coordinator's answer.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved or returned by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_on = models.DateField(_("approved or returned on"), null=True, blank=True)
    review_comments = models.TextField(_("coordinator's comments"), blank=True, db_default="")
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True, db_default="")

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
        return url_with_pk("cases:plan_detail", self.pk)

    @property
    def is_closed(self) -> bool:
        return self.status == PlanStatus.CLOSED

    @property
    def is_returned(self) -> bool:
        return self.status == PlanStatus.RETURNED

    @property
    def is_submitted(self) -> bool:
        return self.status == PlanStatus.SUBMITTED

    @property
    def status_tone(self) -> str:
        return PLAN_STATUS_TONES[self.status]

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
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1, editable=False)
    # A partner who leaves stays on the plan's record, with the day and the reason.
    removed_on = models.DateField(_("left on"), null=True, blank=True)
    removal_reason = models.TextField(_("why they left"), blank=True, db_default="")

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("plan partner")
        verbose_name_plural = _("plan partners")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "organisation"],
                condition=Q(removed_on__isnull=True),
                name="plan_partner_unique",
                violation_error_message=_("This organisation is already a partner of the plan."),
            )
        ]

    def __str__(self) -> str:
        return str(self.organisation)

    @property
    def is_removed(self) -> bool:
        return self.removed_on is not None

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
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1, editable=False)
    # An objective dropped stays on the plan's record, with the day and the reason.
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    removal_reason = models.TextField(_("why it was removed"), blank=True, db_default="")

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ObjectiveStatus.values), name="objective_status_valid")
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def is_removed(self) -> bool:
        return self.removed_on is not None


class PlanReview(models.Model):
    plan = models.ForeignKey(JointPlan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"), default=timezone.localdate)
    summary = models.TextField(_("summary"))
    next_review_on = models.DateField(_("next review on"), null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )

    objects = PlanPartQuerySet.as_manager()

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
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1, editable=False)

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("case meeting")
        verbose_name_plural = _("case meetings")

    def __str__(self) -> str:
        return gettext("Meeting of %(date)s") % {"date": date_format(self.held_on, "SHORT_DATE_FORMAT")}

    def get_absolute_url(self) -> str:
        return f"{reverse('cases:plan_detail', args=[self.plan_id])}#meeting-{self.pk}"


class CaseEvent(LabelledModel):
    """The case timeline: an append-only log written only by cases.services."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    occurred_on = models.DateField(_("date"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The partner's contact, for a referral answered by the receiving organisation.
    contact = models.ForeignKey(
        Contact, verbose_name=_("partner's contact"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Codes and titles, not sentences: the timeline is worded at display time, in the reader's language.
    data = models.JSONField(default=dict, blank=True)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    plan = models.ForeignKey(JointPlan, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = CaseRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-created_at", "-pk"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        indexes = [models.Index(fields=["case", "occurred_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(actor__isnull=False) | Q(contact__isnull=False), name="case_event_has_author"
            )
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.get_kind_display()}"

    @property
    def author(self) -> str:
        return author_label(self.actor, self.contact)

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
        if self.kind in (EventKind.CONSENT_GIVEN, EventKind.CONSENT_WITHDRAWN):
            recipient = data.get("organisation") or ConsentRecipient(data["recipient"]).label
            if data.get("title"):
                recipient = gettext("the partners of “%(plan)s”") % {"plan": data["title"]}
            consent = {"recipient": recipient, "scope": ConsentScope(data["scope"]).label.lower()}
            if self.kind == EventKind.CONSENT_GIVEN:
                return gettext("Consent to share with %(recipient)s recorded (%(scope)s)") % consent
            return gettext("Consent to share with %(recipient)s withdrawn") % consent
        wording = _casework_wording().get(self.kind)
        if wording:
            return wording % {key: value for key, value in data.items() if isinstance(value, str)}
        return str(self.get_kind_display())


def _casework_wording() -> dict:
    """Timeline lines of case work after the fact, handover and supervision, by kind (data keys as placeholders)."""
    return {
        EventKind.REFERRAL_UPDATED: gettext("Referral to “%(title)s” updated"),
        EventKind.PLAN_UPDATED: gettext("Joint plan “%(title)s” updated"),
        EventKind.PLAN_SUBMITTED: gettext("Joint plan “%(title)s” submitted for approval"),
        EventKind.PLAN_APPROVED: gettext("Joint plan “%(title)s” approved"),
        EventKind.PLAN_RETURNED: gettext("Joint plan “%(title)s” returned with comments"),
        EventKind.PLAN_ACTIVATED: gettext("Joint plan “%(title)s” made active"),
        EventKind.PLAN_CLOSED: gettext("Joint plan “%(title)s” closed"),
        EventKind.MEETING_EDITED: gettext("Case meeting of “%(title)s” corrected"),
        EventKind.PARTNER_EDITED: gettext("%(organisation)s in the plan “%(title)s”: %(role)s"),
        EventKind.PARTNER_REMOVED: gettext("%(organisation)s left the plan “%(title)s”"),
        EventKind.OBJECTIVE_REMOVED: gettext("Objective of “%(title)s” removed: %(item)s"),
        EventKind.CASE_REASSIGNED: gettext("Case handed over from %(from)s to %(to)s"),
        EventKind.TRANSFER_PROPOSED: gettext("Transfer to %(team)s proposed"),
        EventKind.TRANSFER_ACCEPTED: gettext("Case transferred from %(from_team)s to %(team)s"),
        EventKind.TRANSFER_REFUSED: gettext("Transfer to %(team)s refused"),
        EventKind.TRANSFER_WITHDRAWN: gettext("Transfer to %(team)s withdrawn"),
        EventKind.CLOSURE_REQUESTED: gettext("Closure requested"),
        EventKind.CLOSURE_APPROVED: gettext("Closure approved"),
        EventKind.CLOSURE_RETURNED: gettext("Closure request returned with comments"),
        EventKind.OFFER_USED: gettext("Offer “%(title)s” used"),
    }


# Case work models kept in their own modules (issue 14), imported here so that Django registers them.
from cases.handover import CaseTransfer  # noqa: E402, F401
from cases.household import HouseholdMember  # noqa: E402, F401
from cases.offers import OfferUse  # noqa: E402, F401
from cases.supervision import ClosureRequest  # noqa: E402, F401
