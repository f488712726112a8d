from django.db import models
from django.utils.translation import gettext_lazy as _


class Indicators(models.Model):
    """No table: it only carries the permission to read the indicators, granted by the roles.

    Indicators are aggregates over every team, so reading them is a capability of its own rather
    than the view permission of some record (a partner organisation may view its own listing and
    still read no indicator).
    """

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_indicators", _("Can read the indicators"))]

    def __str__(self) -> str:
        return str(_("Indicators"))


class MonthlyCount(models.Model):
    """The sources of the Indicators pages counted by month, area and key: a rollup rebuilt by a job.

    Grouping 200,000 community actions and 600,000 referral steps takes seconds; reading the same
    counts from here takes milliseconds. indicators.rollup rebuilds the table from the same queries
    the pages use on the records themselves, and reads it for every period of whole months.
    """

    class Figure(models.TextChoices):
        ACTIONS = "actions", _("Actions by month and area")
        BONDS = "bonds", _("Community actions by kind of bond")
        WORKERS = "workers", _("Actions by worker")
        ANSWERS = "answers", _("Answers to referrals")
        OUTCOMES = "outcomes", _("Closed referrals")
        NEEDS = "needs", _("Needs of open cases")
        PARTNERS = "partners", _("Organisations' collaboration")
        # The two largest summed over the areas, for the whole region: a third of the rows to read.
        WORKERS_REGION = "workers_r", _("Actions by worker in the region")
        PARTNERS_REGION = "partners_r", _("Organisations' collaboration in the region")

    figure = models.CharField(_("figure"), max_length=10, choices=Figure.choices)
    # Null for a figure that is a state rather than a count of events (the needs of open cases).
    month = models.DateField(_("month"), null=True)
    # The area the source row counts in (no foreign key: the rollup is rebuilt, never edited).
    area_id = models.IntegerField(_("area"), null=True)
    # An action, a bond kind, a status or a poverty dimension.
    key = models.CharField(_("key"), max_length=30, blank=True)
    # A worker, an organisation, days from sending to the answer, or a level of need.
    ref = models.IntegerField(_("reference"), null=True)
    count = models.PositiveIntegerField(_("count"))
    citizens = models.PositiveIntegerField(_("citizens taking part"), default=0)

    class Meta:
        verbose_name = _("monthly count")
        verbose_name_plural = _("monthly counts")
        indexes = [models.Index(fields=["figure", "month"], name="monthly_count_figure_month")]

    def __str__(self) -> str:
        return f"{self.figure} {self.month} {self.key} {self.ref}: {self.count}"


class RollupBuild(models.Model):
    """When the rollup was last rebuilt: one row, also locked so that two rebuilds never interleave."""

    built_at = models.DateTimeField(_("built at"))

    class Meta:
        verbose_name = _("rollup build")
        verbose_name_plural = _("rollup builds")

    def __str__(self) -> str:
        return str(self.built_at)
