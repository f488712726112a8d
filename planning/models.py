"""The ambito's Piano di zona: its plan periods and objectives, and what the service does towards them.

A plan names no one: its objectives link the community processes, tables and protocols that pursue
them, and its yearly report counts the service's work in the ambito with the indicators' own figures.
"""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from community.models import CommunityProcess, Table
from core.models import VersionedModel
from core.querysets import RoleScopedQuerySet
from territory.models import Area, Protocol


class ObjectiveQuerySet(RoleScopedQuerySet):
    view_permission = "planning.view_zoneplan"


class ZonePlan(VersionedModel):
    """A Piano di zona of an ambito over its period (usually three years)."""

    area = models.ForeignKey(Area, verbose_name=_("ambito"), on_delete=models.PROTECT, related_name="zone_plans")
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    approved_by = models.CharField(
        _("approved by"),
        max_length=200,
        blank=True,
        help_text=_("The act that adopts the plan, e.g. the mayors' assembly."),
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = RoleScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("Piano di zona")
        verbose_name_plural = _("Piani di zona")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="zone_plan_ends_after_start")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("planning:plan_detail", args=[self.pk])

    @property
    def years(self) -> list[int]:
        return list(range(self.starts_on.year, self.ends_on.year + 1))


class PlanObjective(models.Model):
    """An objective of the plan, with the community work that pursues it."""

    plan = models.ForeignKey(ZonePlan, on_delete=models.CASCADE, related_name="objectives")
    code = models.CharField(_("code"), max_length=20, help_text=_("As the plan numbers it, e.g. OB 2.1."))
    title = models.CharField(_("objective"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    processes = models.ManyToManyField(
        CommunityProcess, verbose_name=_("community processes"), blank=True, related_name="plan_objectives"
    )
    tables = models.ManyToManyField(Table, verbose_name=_("tables"), blank=True, related_name="plan_objectives")
    protocols = models.ManyToManyField(
        Protocol, verbose_name=_("protocols"), blank=True, related_name="plan_objectives"
    )

    objects = ObjectiveQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "code"]
        verbose_name = _("plan objective")
        verbose_name_plural = _("plan objectives")
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="plan_objective_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"
