"""The yearly report of a Piano di zona: what the service did in the ambito towards the plan's objectives.

Every figure comes from the same functions as the Indicators pages (indicators.figures and
indicators.activity) with the same filters (the calendar year, the plan's ambito), so the report and the
pages agree. A fixed number of queries, whatever the number of rows.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.models import CommunityProcess, Table
from indicators import figures
from indicators.activity import ACTION_LABELS, CONTINUOUS, LEVEL_LABELS, OCCASIONAL, collaboration_by_quarter
from indicators.network import (
    collaboration_edges,
    cooling_partners,
    coverage_gaps,
    hook_up_funnel,
    horizontal_share,
    isolated_organisations,
)
from indicators.periods import Period
from planning.models import PlanObjective, ZonePlan
from territory.models import Protocol


@dataclass
class YearlyReport:
    plan: ZonePlan
    year: int
    period: Period
    objectives: list
    tables: list
    protocols: list
    actions: dict
    answers: dict
    collaboration: list
    network: dict

    @property
    def action_rows(self) -> list[tuple[str, int]]:
        return [(str(ACTION_LABELS[action]), count) for action, count in self.actions.items()]

    @property
    def collaboration_rows(self) -> list[tuple[str, int, int]]:
        return [(str(item["quarter"]), item[OCCASIONAL], item[CONTINUOUS]) for item in self.collaboration]

    @property
    def filename(self) -> str:
        return f"piano-di-zona-{slugify(self.plan.area.name)}-{self.year}"

    def rows(self) -> list[tuple[str, str, object]]:
        """The report as (section, item, value) rows: the CSV download."""
        rows = [(_("Report"), _("Ambito"), self.plan.area.name), (_("Report"), _("Year"), self.year)]
        for objective in self.objectives:
            for process in objective.processes.all():
                rows.append((_("Objective %(code)s") % {"code": objective.code}, _("Community process"), process.title))
            for table in objective.tables.all():
                rows.append((_("Objective %(code)s") % {"code": objective.code}, _("Table"), table.name))
            for protocol in objective.protocols.all():
                rows.append((_("Objective %(code)s") % {"code": objective.code}, _("Protocol"), protocol.title))
        for table in self.tables:
            rows.append(
                (
                    _("Tables"),
                    table.name,
                    ", ".join(
                        (
                            ngettext("%(count)s meeting held", "%(count)s meetings held", table.meetings_held)
                            % {"count": table.meetings_held},
                            ngettext("%(count)s minutes sent", "%(count)s minutes sent", table.minutes_sent)
                            % {"count": table.minutes_sent},
                        )
                    ),
                )
            )
        for protocol in self.protocols:
            rows.append(
                (_("Protocols in force"), protocol.title, date_format(protocol.start_date, "SHORT_DATE_FORMAT"))
            )
        for label, count in self.action_rows:
            rows.append((_("The six actions"), label, count))
        rows.append((_("Referrals"), _("Answered"), self.answers["answered"]))
        rows.append((_("Referrals"), _("Accepted"), self.answers["accepted"]))
        network = self.network
        rows.append((_("Network"), _("Ties between partners"), network["share"]["ties"]))
        rows.append((_("Network"), _("Ties that do not pass through the service"), network["share"]["horizontal"]))
        rows.append((_("Network"), _("Partners cooling down"), network["cooling"]))
        rows.append((_("Network"), _("Isolated organisations"), network["isolated"]))
        rows.append((_("Network"), _("Hook-ups"), network["funnel"]["hook_ups"]))
        rows.append(
            (_("Network"), _("Hook-ups turned into a contact, opportunity or case"), network["funnel"]["turned"])
        )
        rows.append((_("Network"), _("Then a first use or referral"), network["funnel"]["used"]))
        rows.append((_("Network"), _("Coverage gaps"), network["gaps"]))
        for quarter, occasional, continuous in self.collaboration_rows:
            rows.append((_("Collaboration levels"), f"{quarter} · {LEVEL_LABELS[OCCASIONAL]}", occasional))
            rows.append((_("Collaboration levels"), f"{quarter} · {LEVEL_LABELS[CONTINUOUS]}", continuous))
        return rows


def linked_objectives(plan: ZonePlan):
    return PlanObjective.objects.filter(plan=plan).prefetch_related(
        Prefetch("processes", queryset=CommunityProcess.objects.select_related("area").order_by("title")),
        Prefetch("tables", queryset=Table.objects.order_by("name")),
        Prefetch("protocols", queryset=Protocol.objects.order_by("title")),
    )


def collaboration_levels(filters: figures.Filters) -> list[dict]:
    """Organisations at each level, quarter by quarter: the counts of the Collaborations page."""
    by_org = collaboration_by_quarter(filters.period, filters.area)
    levels = [
        {
            "quarter": quarter,
            OCCASIONAL: sum(
                1 for by_quarter in by_org.values() if quarter in by_quarter and by_quarter[quarter].level == OCCASIONAL
            ),
            CONTINUOUS: sum(
                1 for by_quarter in by_org.values() if quarter in by_quarter and by_quarter[quarter].level == CONTINUOUS
            ),
        }
        for quarter in filters.period.quarters
    ]
    return levels


def network_measures(filters: figures.Filters) -> dict:
    """The measures of the Network page for the same period and area (indicators.network)."""
    edges = collaboration_edges(filters.period)
    funnel = hook_up_funnel(filters.period, filters.area)
    return {
        "share": horizontal_share(edges),
        "cooling": len(cooling_partners(filters.period, filters.area)[2]),
        "isolated": len(isolated_organisations(edges, filters.area)),
        # The funnel's last row is the total over kinds and areas.
        "funnel": funnel[-1] if funnel else {"hook_ups": 0, "turned": 0, "used": 0, "median_days": None},
        "gaps": len(coverage_gaps(filters.area)),
    }


def yearly_report(plan: ZonePlan, year: int) -> YearlyReport:
    period = Period(date(year, 1, 1), date(year, 12, 31))
    filters = figures.Filters(period, plan.area)
    objectives = list(linked_objectives(plan))
    table_ids = {table.pk for objective in objectives for table in objective.tables.all()}
    in_year = Q(meetings__starts_at__year=year, meetings__cancelled_at__isnull=True)
    tables = list(
        Table.objects.filter(pk__in=table_ids)
        .annotate(
            meetings_held=Count("meetings", filter=in_year),
            minutes_sent=Count("meetings", filter=Q(meetings__sent_at__year=year)),
        )
        .order_by("name")
    )
    protocol_ids = {protocol.pk for objective in objectives for protocol in objective.protocols.all()}
    protocols = list(
        Protocol.objects.filter(pk__in=protocol_ids, start_date__lte=period.end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start))
        .order_by("title")
    )
    by_month = figures.actions_by_month(filters)
    actions = {action: sum(counts) for action, counts in by_month["series"].items()}
    return YearlyReport(
        plan=plan,
        year=year,
        period=period,
        objectives=objectives,
        tables=tables,
        protocols=protocols,
        actions=actions,
        answers=figures.referral_answers(filters),
        collaboration=collaboration_levels(filters),
        network=network_measures(filters),
    )
