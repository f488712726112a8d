import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import LabelledModel, TimeStampedModel, VersionedModel, url_with_pk
from core.querysets import RoleScopedQuerySet
from core.uploads import validate_document
from core.validators import check_end_after_start, validate_body_fiscal_code, validate_vat_number
from territory.choices import (
    RUNTS_SECTION_BY_KIND,
    AreaKind,
    CooperativeType,
    ImportKind,
    ImportStatus,
    OpportunityKind,
    OrganisationKind,
    PovertyDimensionCode,
    RuntsSection,
    TargetGroupCode,
)
from territory.validators import validate_latitude, validate_longitude

# The parent each kind of area must have: ambito → comune → quartiere.
AREA_PARENT_KIND = {
    AreaKind.DISTRICT: None,
    AreaKind.MUNICIPALITY: AreaKind.DISTRICT,
    AreaKind.NEIGHBOURHOOD: AreaKind.MUNICIPALITY,
}


class AreaQuerySet(RoleScopedQuerySet):
    def overlapping(self, area: "Area") -> "AreaQuerySet":
        """The area, the areas containing it and the areas inside it.

        An organisation serving a whole comune also works in each of its quartieri, and one
        serving a quartiere works in its comune: both answer "who works in this area".
        The tree has three levels, so two steps up and two down cover it in one query.
        """
        return self.filter(
            Q(pk=area.pk) | Q(children=area) | Q(children__children=area) | Q(parent=area) | Q(parent__parent=area)
        ).distinct()


class Area(LabelledModel):
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=AreaKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    istat_code = models.CharField(
        _("ISTAT code"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{6}$", _("The ISTAT code of a comune has six digits."))],
        help_text=_("Six digits, for municipalities (e.g. 015146 for Milano)."),
    )
    regional_code = models.CharField(
        _("regional code"), max_length=30, blank=True, help_text=_("For social districts, the region's own code.")
    )

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=AreaKind.values), name="area_kind_valid"),
            models.UniqueConstraint(fields=["istat_code"], condition=~Q(istat_code=""), name="area_istat_code_unique"),
            models.UniqueConstraint(fields=["parent", "name"], name="area_name_unique_in_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("territory:organisation_list") + f"?area={self.pk}"

    @property
    def label(self) -> str:
        """The name with its comune, to tell apart quartieri of different towns."""
        if self.kind == AreaKind.NEIGHBOURHOOD and self.parent_id:
            return f"{self.parent.name} › {self.name}"
        return self.name

    def clean(self) -> None:
        expected_parent = AREA_PARENT_KIND.get(self.kind)
        if expected_parent is None and self.parent_id:
            raise ValidationError({"parent": _("A social district is not part of another area.")})
        if expected_parent is not None and (self.parent_id is None or self.parent.kind != expected_parent):
            raise ValidationError(
                {
                    "parent": _("This kind of area must be part of a %(kind)s.")
                    % {"kind": AreaKind(expected_parent).label}
                }
            )
        if self.kind == AreaKind.MUNICIPALITY and not self.istat_code:
            raise ValidationError({"istat_code": _("A municipality needs its ISTAT code.")})


class TargetGroup(LabelledModel):
    """Who an organisation or opportunity works with; rows are the TargetGroupCode values."""

    code = models.CharField(_("code"), max_length=30, choices=TargetGroupCode.choices, unique=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    def __str__(self) -> str:
        return str(self.get_code_display())


class PovertyDimension(LabelledModel):
    """The four dimensions of poverty of the seeds; rows are the PovertyDimensionCode values."""

    code = models.CharField(_("code"), max_length=30, choices=PovertyDimensionCode.choices, unique=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("poverty dimension")
        verbose_name_plural = _("poverty dimensions")

    def __str__(self) -> str:
        return str(self.get_code_display())


class OrganisationQuerySet(RoleScopedQuerySet):
    def published(self) -> "OrganisationQuerySet":
        """The only way public pages and the open API read organisations: published and active."""
        return self.filter(published=True, active=True)


class Organisation(VersionedModel):
    uuid = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    runts_number = models.CharField(
        _("RUNTS registration number"), max_length=30, blank=True, help_text=_("For third-sector bodies.")
    )
    cooperative_type = models.CharField(
        _("cooperative type"), max_length=12, choices=CooperativeType.choices, blank=True
    )
    fiscal_code = models.CharField(
        _("codice fiscale"), max_length=16, blank=True, validators=[validate_body_fiscal_code]
    )
    vat_number = models.CharField(_("partita IVA"), max_length=11, blank=True, validators=[validate_vat_number])
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=5, blank=True, validators=[RegexValidator(r"^\d{5}$", _("A CAP has five digits."))]
    )
    municipality = models.ForeignKey(
        Area,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": AreaKind.MUNICIPALITY},
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True, validators=[validate_latitude]
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=10, decimal_places=6, null=True, blank=True, validators=[validate_longitude]
    )
    areas_served = models.ManyToManyField(
        Area, verbose_name=_("areas served"), blank=True, related_name="organisations"
    )
    target_groups = models.ManyToManyField(TargetGroup, verbose_name=_("target groups"), blank=True)
    poverty_dimensions = models.ManyToManyField(PovertyDimension, verbose_name=_("poverty dimensions"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    verified_on = models.DateField(
        _("listing verified on"),
        null=True,
        blank=True,
        help_text=_("When the organisation last confirmed that its listing, contacts and opportunities are right."),
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Shown on the public directory and in the open HSDS API, with its published opportunities."),
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        permissions = [("import_resources", _("Can import the resource mapping from CSV"))]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=OrganisationKind.values), name="organisation_kind_valid"),
            models.CheckConstraint(
                condition=Q(cooperative_type="") | Q(kind=OrganisationKind.SOCIAL_COOPERATIVE),
                name="organisation_cooperative_type_only_for_cooperatives",
                violation_error_message=_("Only social cooperatives have a cooperative type."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="organisation_coordinates_both_or_none",
                violation_error_message=_("Give both latitude and longitude, or neither."),
            ),
            models.UniqueConstraint(
                fields=["fiscal_code"],
                condition=~Q(fiscal_code=""),
                name="organisation_fiscal_code_unique",
                violation_error_message=_("Another organisation already has this codice fiscale."),
            ),
        ]
        # The list's order (name), read from an index rather than sorted: at 50,000 organisations the sort was
        # most of the page.
        indexes = [
            models.Index(fields=["kind", "active"]),
            models.Index(fields=["name"], name="organisation_name_order"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return url_with_pk("territory:organisation_detail", self.pk)

    def clean(self) -> None:
        # The same rules as the constraints below, said next to the field to correct.
        errors = {}
        if self.cooperative_type and self.kind != OrganisationKind.SOCIAL_COOPERATIVE:
            errors["cooperative_type"] = ValidationError(
                _("Only social cooperatives have a cooperative type."), code="not_a_cooperative"
            )
        if self.latitude is None and self.longitude is not None:
            errors["latitude"] = ValidationError(_("Give the latitude too, or neither."), code="coordinates_incomplete")
        if self.longitude is None and self.latitude is not None:
            errors["longitude"] = ValidationError(
                _("Give the longitude too, or neither."), code="coordinates_incomplete"
            )
        if errors:
            raise ValidationError(errors)

    @property
    def runts_section(self) -> RuntsSection | None:
        return RUNTS_SECTION_BY_KIND.get(self.kind)

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class ContactQuerySet(RoleScopedQuerySet):
    def published(self) -> "ContactQuerySet":
        """Contacts marked public, active, of a published organisation: all that the public ever sees of people."""
        return self.filter(public=True, active=True, organisation__published=True, organisation__active=True)


class Contact(TimeStampedModel):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="contacts"
    )
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80)
    role = models.CharField(_("role"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_liaison = models.BooleanField(
        _("liaison figure"),
        default=False,
        help_text=_("Figura di raccordo: the person through whom people in charge reach the organisation."),
    )
    receives_referrals = models.BooleanField(
        _("receives referrals"),
        default=False,
        help_text=_(
            "Referrals to an opportunity without its own liaison figure are e-mailed to this contact, "
            "with a link to answer them."
        ),
    )
    notes = models.TextField(_("notes"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    public = models.BooleanField(
        _("public contact"),
        default=False,
        help_text=_(
            "Shown, with role, e-mail and phone, on the public pages of the organisation's published opportunities."
        ),
    )

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def get_absolute_url(self) -> str:
        return reverse("territory:organisation_detail", args=[self.organisation_id]) + f"#contact-{self.pk}"


class OpportunityQuerySet(RoleScopedQuerySet):
    def for_list(self) -> "OpportunityQuerySet":
        return self.select_related("organisation", "liaison").prefetch_related(
            "target_groups", "poverty_dimensions", "areas"
        )

    def published(self) -> "OpportunityQuerySet":
        """The only way public pages and the open API read opportunities: published and active, of a published
        and active organisation."""
        return self.filter(published=True, active=True, organisation__published=True, organisation__active=True)


class Opportunity(VersionedModel):
    """A project or service an organisation offers, which people in charge can use."""

    uuid = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="opportunities"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=OpportunityKind.choices)
    description = models.TextField(_("description"), blank=True)
    target_groups = models.ManyToManyField(TargetGroup, verbose_name=_("target groups"), blank=True)
    poverty_dimensions = models.ManyToManyField(PovertyDimension, verbose_name=_("poverty dimensions"), blank=True)
    areas = models.ManyToManyField(Area, verbose_name=_("areas"), blank=True, related_name="opportunities")
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("How many people at once, if limited.")
    )
    how_to_access = models.TextField(_("how to access"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    liaison = models.ForeignKey(
        Contact,
        verbose_name=_("liaison figure"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunities",
    )
    active = models.BooleanField(_("active"), default=True)
    # Eligibility, fees and languages: what a citizen needs to know before asking (HSDS eligibility,
    # cost_options, languages). The areas above are the service areas.
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    eligibility = models.TextField(
        _("conditions of access"), blank=True, help_text=_("Who may use it, besides age: residence, ISEE, referral.")
    )
    fees = models.TextField(_("fees"), blank=True, help_text=_("Free, or what it costs and any reductions."))
    languages = models.CharField(
        _("languages"),
        max_length=100,
        blank=True,
        validators=[
            RegexValidator(
                r"^[a-z]{2,3}( *, *[a-z]{2,3})*$", _("Language codes separated by commas, for example: it, en, ar.")
            )
        ],
        help_text=_("ISO 639 codes separated by commas, for example: it, en, ar."),
    )
    published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Shown on the public directory and in the open HSDS API, if its organisation is published too."),
    )
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=OpportunityKind.values), name="opportunity_kind_valid"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="opportunity_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(maximum_age__isnull=True)
                | Q(minimum_age__isnull=True)
                | Q(maximum_age__gte=models.F("minimum_age")),
                name="opportunity_ages_in_order",
                violation_error_message=_("The maximum age cannot be below the minimum age."),
            ),
        ]
        indexes = [
            models.Index(fields=["published", "active"]),
            models.Index(fields=["title"], name="opportunity_title_order"),  # the list's order, as organisations'
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return url_with_pk("territory:opportunity_detail", self.pk)

    @property
    def language_codes(self) -> list[str]:
        return [code.strip() for code in self.languages.split(",") if code.strip()]

    def clean(self) -> None:
        check_end_after_start(self.start_date, self.end_date)
        if self.minimum_age is not None and self.maximum_age is not None and self.maximum_age < self.minimum_age:
            raise ValidationError(
                {"maximum_age": ValidationError(_("The maximum age cannot be below the minimum age."), code="ages")}
            )
        if self.liaison_id and self.organisation_id and self.liaison.organisation_id != self.organisation_id:
            raise ValidationError(
                {
                    "liaison": ValidationError(
                        _("The liaison figure must be a contact of the same organisation."), code="other_organisation"
                    )
                }
            )


class Protocol(VersionedModel):
    """A network protocol (protocollo di rete): a formal pact among partners."""

    title = models.CharField(_("title"), max_length=200)
    scope = models.TextField(_("scope"), help_text=_("What the partners commit to, and for whom."))
    partners = models.ManyToManyField(Organisation, verbose_name=_("partners"), related_name="protocols")
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    document = models.FileField(
        _("document"),
        upload_to="protocols/%Y/",
        blank=True,
        validators=[validate_document],
        help_text=_("The signed protocol: PDF, ODT or Word, at most 10 MB."),
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = RoleScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("protocol")
        verbose_name_plural = _("protocols")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="protocol_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return url_with_pk("territory:protocol_detail", self.pk)

    def clean(self) -> None:
        check_end_after_start(self.start_date, self.end_date)


class ResourceImportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """An import is its uploader's: the file may hold contact people's names and addresses."""
        if not user.is_authenticated or not user.has_perm("territory.import_resources"):
            return self.none()
        return self.filter(uploaded_by=user)


class ResourceImport(models.Model):
    """A CSV file of the resource mapping on its way in: checked, previewed, confirmed, written by a job.

    Kept in the database rather than on one server's disk, so any server (and any worker) can take the
    next step; the file itself is dropped once it is imported or refused.
    """

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("what the file holds"), max_length=20, choices=ImportKind.choices)
    filename = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("content"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.CHECKING)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows checked"), default=0)
    # The outcome, as plain data: [[row, column, message], ...] and [[row, label, updates], ...].
    errors = models.JSONField(default=list, blank=True)
    preview = models.JSONField(default=list, blank=True)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ResourceImportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import of the resource mapping")
        verbose_name_plural = _("imports of the resource mapping")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ImportKind.values), name="resource_import_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=ImportStatus.values), name="resource_import_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.filename}"

    def get_absolute_url(self) -> str:
        return reverse("territory:import_detail", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.status in (ImportStatus.CHECKING, ImportStatus.IMPORTING)

    @property
    def is_ready(self) -> bool:
        return self.status == ImportStatus.CHECKED

    @property
    def is_refused(self) -> bool:
        return self.status == ImportStatus.INVALID

    @property
    def is_done(self) -> bool:
        return self.status == ImportStatus.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == ImportStatus.FAILED

    @property
    def percent(self) -> int:
        return round(100 * self.rows_done / self.rows_total) if self.rows_total else 0


# Offered availability (issue 15), in its own module, imported here so that Django registers it.
from territory.offers import Offer  # noqa: E402, F401
