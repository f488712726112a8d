"""A community process as the method describes it (issue 15): who works on it and for how much of their
time, the partners with their roles and responsibilities, the shared vision with its versions, and the
result indicators measured over time. The process itself, its phases and objectives are in models.py.

Every write here is a service taking plain data; the page shows what `process_story` gathers.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.choices import PhaseKind, PhaseStatus
from community.models import ProcessPartQuerySet
from core.concurrency import StaleRecord, claim_version
from core.validators import check_end_after_start
from territory.models import Organisation


class ProcessWorker(models.Model):
    """A worker dedicated to the process, with the share of their working time it takes."""

    process = models.ForeignKey("community.CommunityProcess", on_delete=models.CASCADE, related_name="dedications")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("worker"), on_delete=models.PROTECT, related_name="+"
    )
    time_share = models.PositiveSmallIntegerField(
        _("share of time (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    role = models.CharField(_("role in the process"), max_length=120, blank=True)

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = ProcessPartQuerySet.as_manager()

    class Meta:
        ordering = ["-time_share", "pk"]
        verbose_name = _("dedicated worker")
        verbose_name_plural = _("dedicated workers")
        constraints = [
            models.UniqueConstraint(fields=["process", "worker"], name="process_worker_once"),
            models.CheckConstraint(
                condition=Q(time_share__gte=1, time_share__lte=100), name="process_worker_time_share_percent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} · {self.time_share}%"


class ProcessPartner(models.Model):
    """A territory organisation in the process: its role, tasks, area of responsibility and period."""

    process = models.ForeignKey("community.CommunityProcess", on_delete=models.CASCADE, related_name="partnerships")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=120, help_text=_("For example: lead partner, co-designer."))
    tasks = models.TextField(_("tasks"))
    responsibility = models.CharField(_("area of responsibility"), max_length=200)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = ProcessPartQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("process partner")
        verbose_name_plural = _("process partners")
        constraints = [
            models.UniqueConstraint(fields=["process", "organisation"], name="process_partner_once"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")), name="process_partner_dates"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.role}"

    def clean(self) -> None:
        check_end_after_start(self.starts_on, self.ends_on, "ends_on")


class VisionVersion(models.Model):
    """A version of the shared vision of the problem, as agreed (at a table meeting, when there was one)."""

    process = models.ForeignKey("community.CommunityProcess", on_delete=models.CASCADE, related_name="visions")
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("shared vision"))
    agreed_on = models.DateField(_("agreed on"))
    meeting = models.ForeignKey(
        "community.Meeting",
        verbose_name=_("agreed at the meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ProcessPartQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("shared vision version")
        verbose_name_plural = _("shared vision versions")
        constraints = [models.UniqueConstraint(fields=["process", "number"], name="vision_version_once")]

    def __str__(self) -> str:
        return _("Shared vision, version %(number)s") % {"number": self.number}


class IndicatorMeasurement(models.Model):
    """A value of an objective's result indicator on a day."""

    objective = models.ForeignKey("community.ProcessObjective", on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField(_("measured on"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = ProcessPartQuerySet.as_manager()

    class Meta:
        ordering = ["measured_on", "pk"]
        verbose_name = _("indicator measurement")
        verbose_name_plural = _("indicator measurements")
        constraints = [
            models.UniqueConstraint(fields=["objective", "measured_on"], name="indicator_measured_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.measured_on:%Y-%m-%d}: {self.value}"


# -- Writing ---------------------------------------------------------------------------------------


def _saved(record: models.Model) -> models.Model:
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def dedicate_worker(*, process, worker, time_share: int, role: str = "") -> ProcessWorker:
    """Dedicate a worker to the process for a share of their time (again: the share is updated)."""
    dedication = ProcessWorker.objects.filter(process=process, worker=worker).first() or ProcessWorker(
        process=process, worker=worker
    )
    dedication.time_share, dedication.role = time_share, role
    return _saved(dedication)


@transaction.atomic
def add_partner(*, process, organisation, role: str, tasks: str, responsibility: str, starts_on, ends_on=None):
    if ProcessPartner.objects.filter(process=process, organisation=organisation).exists():
        raise ValidationError(
            {"organisation": ValidationError(_("This organisation is already a partner."), code="partner_twice")}
        )
    return _saved(
        ProcessPartner(
            process=process,
            organisation=organisation,
            role=role,
            tasks=tasks,
            responsibility=responsibility,
            starts_on=starts_on,
            ends_on=ends_on,
        )
    )


@transaction.atomic
def agree_vision(*, process, text: str, agreed_on, actor, meeting=None) -> VisionVersion:
    """Record a new version of the shared vision; the numbers follow one another per process."""
    type(process).objects.select_for_update().filter(pk=process.pk).first()  # one number at a time
    if meeting is not None and not process.tables.filter(pk=meeting.table_id).exists():
        raise ValidationError(
            {"meeting": ValidationError(_("Choose a meeting of one of the process's tables."), code="foreign_meeting")}
        )
    last = VisionVersion.objects.filter(process=process).aggregate(last=Max("number"))["last"] or 0
    return _saved(
        VisionVersion(
            process=process, number=last + 1, text=text, agreed_on=agreed_on, meeting=meeting, recorded_by=actor
        )
    )


@transaction.atomic
def record_measurement(*, objective, measured_on, value, actor) -> IndicatorMeasurement:
    """Record the indicator's value on a day (a second value on the same day replaces the first)."""
    measurement = IndicatorMeasurement.objects.filter(objective=objective, measured_on=measured_on).first()
    measurement = measurement or IndicatorMeasurement(objective=objective, measured_on=measured_on)
    measurement.value, measurement.recorded_by = value, actor
    return _saved(measurement)


@transaction.atomic
def map_resources(*, process, organisations, opportunities):
    """Set the organisations and opportunities of the directory mapped for this process."""
    process.mapped_organisations.set(organisations)
    process.mapped_opportunities.set(opportunities)
    return process


@transaction.atomic
def update_phase(*, phase, **details):
    """Change a phase's plan, status or actual dates."""
    for name, value in details.items():
        setattr(phase, name, value)
    return _saved(phase)


# -- Changing and removing what was added -----------------------------------------------------------
# Each edit or removal starts from the version the user saw: a row changed (or removed) by someone else
# in the meantime is refused with core.concurrency's message instead of being overwritten.


def _claimed(record: models.Model, version: int | None) -> None:
    """Lock the row and claim the version the user started from, or raise StaleRecord."""
    if not type(record).objects.select_for_update().filter(pk=record.pk).exists():
        raise StaleRecord()
    claim_version(record, version)


@transaction.atomic
def change_dedication(*, dedication: ProcessWorker, version: int | None, time_share: int, role: str = ""):
    _claimed(dedication, version)
    dedication.time_share, dedication.role = time_share, role
    return _saved(dedication)


@transaction.atomic
def end_dedication(*, dedication: ProcessWorker, version: int | None) -> None:
    _claimed(dedication, version)
    dedication.delete()


@transaction.atomic
def change_partner(
    *, partnership: ProcessPartner, version: int | None, role: str, tasks: str, responsibility: str, starts_on, ends_on
):
    _claimed(partnership, version)
    partnership.role, partnership.tasks, partnership.responsibility = role, tasks, responsibility
    partnership.starts_on, partnership.ends_on = starts_on, ends_on
    return _saved(partnership)


@transaction.atomic
def remove_partner(*, partnership: ProcessPartner, version: int | None) -> None:
    _claimed(partnership, version)
    partnership.delete()


@transaction.atomic
def correct_measurement(*, measurement: IndicatorMeasurement, version: int | None, measured_on, value, actor):
    _claimed(measurement, version)
    others = IndicatorMeasurement.objects.filter(objective_id=measurement.objective_id, measured_on=measured_on)
    if others.exclude(pk=measurement.pk).exists():
        raise ValidationError(
            {"measured_on": ValidationError(_("There is already a measurement on that day."), code="measured_twice")}
        )
    measurement.measured_on, measurement.value, measurement.recorded_by = measured_on, value, actor
    return _saved(measurement)


@transaction.atomic
def remove_measurement(*, measurement: IndicatorMeasurement, version: int | None) -> None:
    _claimed(measurement, version)
    measurement.delete()


# -- Evaluation -------------------------------------------------------------------------------------


def evaluation_reached(process) -> bool:
    """Whether the process is in (or has gone through) its evaluation phase; reads the prefetched phases."""
    return any(
        phase.kind == PhaseKind.EVALUATION and phase.status != PhaseStatus.PLANNED for phase in process.phases.all()
    )


@transaction.atomic
def evaluate_objective(*, objective, evaluation: str, evaluated_on, evaluation_note: str = ""):
    """Say whether an objective's evaluation criteria are met: only once the evaluation phase has begun."""
    process = type(objective.process).objects.select_for_update().get(pk=objective.process_id)
    if not evaluation_reached(process):
        raise ValidationError(
            _(
                "The criteria are checked at the evaluation phase: start the process's evaluation phase "
                "(status in progress, with its actual start) before evaluating its objectives."
            ),
            code="before_evaluation",
        )
    if evaluated_on > timezone.localdate():
        raise ValidationError(
            {"evaluated_on": ValidationError(_("An evaluation cannot be in the future."), code="future")}
        )
    objective.evaluation, objective.evaluated_on, objective.evaluation_note = evaluation, evaluated_on, evaluation_note
    return _saved(objective)
