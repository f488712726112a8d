"""The Indicators pages: dashboard, collaboration levels, map and network.

Indicators are aggregates with no one's personal story, so everyone in a role reads them; the
figures are grouped in the database with a fixed number of queries (see indicators.figures).
"""

from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from audit.access import get_visible_or_404
from cases.choices import NeedLevel, ReferralStatus
from community.choices import BondKind, HookUpKind
from core.exports import csv_response, wants_csv
from core.models import url_with_pk
from indicators import figures
from indicators.activity import (
    ACTION_LABELS,
    CONTINUOUS,
    LEVEL_LABELS,
    NONE,
    OCCASIONAL,
    QuarterActivity,
    collaboration_by_quarter,
    collaboration_rows,
    with_names,
)
from indicators.cache import cached_figures
from indicators.forms import IndicatorFilterForm
from indicators.network import (
    collaboration_edges,
    cooling_partners,
    coverage_gaps,
    hook_up_funnel,
    horizontal_share,
    isolated_organisations,
    layout,
    most_connected,
    tie_rows,
)
from indicators.rollup import reader_for
from indicators.templatetags.indicators_tags import level_badge
from territory.choices import OrganisationKind, PovertyDimensionCode
from territory.filters import OrganisationFilter
from territory.models import Organisation, PovertyDimension

READ_INDICATORS = "indicators.view_indicators"
MAP_TABLE_ROWS = 100
BREAKDOWN_ROWS = 25
NETWORK_TABLE_ROWS = 100


def _filters(request: HttpRequest):
    form = IndicatorFilterForm(request.GET or None)
    return form, form.filters()


@require_GET
@permission_required(READ_INDICATORS, raise_exception=True)
def dashboard(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    computed = cached_figures("dashboard", filters)
    context = {
        **computed,
        "form": form,
        "filters": filters,
        "breakdown_rows": BREAKDOWN_ROWS,
        "action_labels": {key: str(label) for key, label in ACTION_LABELS.items()},
        "six_actions": figures.SIX_ACTIONS,
        "outcome_counts": [
            (count, figures.outcome_label(status, count)) for status, count in computed["outcomes"].items()
        ],
    }
    export = request.GET.get("export")
    if export:
        return _dashboard_csv(export, context)
    context["charts"] = _charts(context)
    return render(request, "indicators/dashboard.html", context)


def _dashboard_csv(name: str, context: dict) -> HttpResponse:
    labels = context["action_labels"]
    six = context["six_actions"]
    if name == "by_month":
        data = context["by_month"]
        rows = ([f"{m:%Y-%m}"] + [data["series"][a][i] for a in six] for i, m in enumerate(data["months"]))
        return csv_response("azioni-per-mese", [_("Month")] + [labels[a] for a in six], rows)
    if name in ("by_area", "by_worker"):
        rows = ([key] + [counts.get(a, 0) for a in six] for key, counts in context[name])
        title = _("Area") if name == "by_area" else _("Worker")
        return csv_response(
            f"azioni-per-{'area' if name == 'by_area' else 'operatore'}", [title] + [labels[a] for a in six], rows
        )
    if name == "referrals":
        answers, outcomes = context["answers"], context["outcomes"]
        rows = [
            [_("Answered"), answers["answered"]],
            [_("Accepted"), answers["accepted"]],
            [_("Declined"), answers["declined"]],
            [_("Acceptance rate (%)"), answers["acceptance_rate"]],
            [_("Median days to an answer"), answers["median_days"]],
        ] + [[ReferralStatus(status).label, count] for status, count in outcomes.items()]
        return csv_response("invii", [_("Figure"), _("Value")], rows)
    if name == "by_dimension":
        names = {d.code: str(d) for d in PovertyDimension.objects.all()}
        rows = ([names[code]] + [levels[level] for level in NeedLevel.values] for code, levels in context[name])
        return csv_response(
            "casi-per-dimensione", [_("Poverty dimension")] + [str(label) for label in NeedLevel.labels], rows
        )
    if name == "bonds":
        data = context["bonds"]
        rows = ([f"{m:%Y-%m}"] + [data["series"][k][i] for k in BondKind.values] for i, m in enumerate(data["months"]))
        return csv_response("legami", [_("Month")] + [str(label) for label in BondKind.labels], rows)
    if name == "belonging":
        data = context["belonging"]
        kinds = list(data["series"])
        rows = ([f"{m:%Y-%m}"] + [data["series"][k][i] for k in kinds] for i, m in enumerate(data["months"]))
        totals = [
            [_("Total")] + [data["totals"][k] for k in kinds],
            [_("Citizens taking part")] + [data["citizens"][k] for k in kinds],
        ]
        return csv_response("senso-di-appartenenza", [_("Month")] + [labels[k] for k in kinds], [*rows, *totals])
    raise Http404


def _charts(context: dict) -> dict:
    """The data each chart draws, handed to static/js/charts.js as JSON."""
    months = [f"{m:%m/%Y}" for m in context["by_month"]["months"]]
    labels = context["action_labels"]
    return {
        "by_month": {
            "type": "bar",
            "stacked": True,
            "labels": months,
            "datasets": [
                {"label": labels[a], "data": context["by_month"]["series"][a]} for a in context["six_actions"]
            ],
        },
        "belonging": {
            "type": "bar",
            "stacked": True,
            "labels": months,
            "datasets": [
                {"label": labels[kind], "data": values} for kind, values in context["belonging"]["series"].items()
            ],
        },
        "bonds": {
            "type": "line",
            "labels": months,
            "datasets": [
                {"label": str(BondKind(k).label), "data": context["bonds"]["series"][k]} for k in BondKind.values
            ],
        },
    }


@require_GET
@permission_required(READ_INDICATORS, raise_exception=True)
def collaboration(request: HttpRequest) -> HttpResponse:
    """How collaborations grow from occasional to continuous, per organisation and quarter."""
    form, filters = _filters(request)
    level_labels = {key: str(label) for key, label in LEVEL_LABELS.items()}
    kind_labels = {key: str(label) for key, label in OrganisationKind.choices}
    if wants_csv(request):
        # Every row, read again: the cache keeps only what the page shows.
        rows = with_names(collaboration_rows(filters.period, filters.area, reader_for(filters.period)))
        header = [_("Organisation"), _("Kind")] + [str(q) for q in filters.period.quarters] + [_("Became continuous")]
        data = (
            [row["name"], kind_labels.get(row["kind"], row["kind"])]
            + [level_labels[level] for level in row["levels"]]
            + [_("yes") if row["moved"] else ""]
            for row in rows
        )
        return csv_response("collaborazioni", header, data)
    computed = cached_figures("collaboration", filters)
    per_quarter, quarters = computed["per_quarter"], computed["quarters"]
    chart = {
        "type": "bar",
        "stacked": True,
        "labels": [str(item["quarter"]) for item in per_quarter],
        "datasets": [
            {"label": level_labels[level], "data": [item[level] for item in per_quarter]}
            for level in (OCCASIONAL, CONTINUOUS)
        ],
    }
    # Each link and badge built once, not reversed and formatted again in every one of hundreds of rows.
    detail = "indicators:organisation_collaboration"
    context = {
        "form": form,
        "rows": [{**row, "url": url_with_pk(detail, row["id"])} for row in computed["rows"]],
        "total": computed["total"],
        "moved": [{**row, "url": url_with_pk(detail, row["id"])} for row in computed["moved"]],
        "badges": {level: level_badge(level, level_labels) for level in LEVEL_LABELS},
        "per_quarter": per_quarter,
        "quarters": quarters,
        "level_labels": level_labels,
        "kind_labels": kind_labels,
        "charts": {"levels": chart},
        "computed_at": computed["computed_at"],
    }
    return render(request, "indicators/collaboration.html", context)


@require_GET
@permission_required(READ_INDICATORS, raise_exception=True)
def organisation_collaboration(request: HttpRequest, pk: int) -> HttpResponse:
    """One organisation's collaboration with the service, quarter by quarter."""
    organisation = get_visible_or_404(request, Organisation.objects.all(), pk=pk)
    form, filters = _filters(request)
    by_quarter = collaboration_by_quarter(filters.period, organisation_id=organisation.pk).get(organisation.pk, {})
    timeline = []
    for quarter in filters.period.quarters:
        activity = by_quarter.get(quarter, QuarterActivity())
        # A plain dict: templates would read a defaultdict's missing "items" key as a count.
        timeline.append(
            {
                "quarter": quarter,
                "level": activity.level,
                "months": len(activity.months),
                "counts": dict(activity.counts),
            }
        )
    current = next((row["level"] for row in reversed(timeline) if row["level"] != NONE), NONE)
    context = {
        "organisation": organisation,
        "form": form,
        "timeline": timeline,
        "current": current,
        "level_labels": {key: str(label) for key, label in LEVEL_LABELS.items()},
        "action_labels": {key: str(label) for key, label in ACTION_LABELS.items()},
    }
    return render(request, "indicators/organisation_collaboration.html", context)


@require_GET
@permission_required(READ_INDICATORS, raise_exception=True)
def resource_map(request: HttpRequest) -> HttpResponse:
    """Organisations and their opportunities on a map, filtered like the organisation list."""
    queryset = Organisation.objects.filter(latitude__isnull=False).prefetch_related("opportunities")
    filterset = OrganisationFilter(request.GET, queryset=queryset)
    organisations = list(filterset.qs)
    # Every marker goes on the map; the table under it lists the first ones (filters narrow it).
    listed = organisations[:MAP_TABLE_ROWS]
    markers = [
        {
            "name": o.name,
            "kind": o.get_kind_display(),
            "lat": float(o.latitude),
            "lon": float(o.longitude),
            "url": o.get_absolute_url(),
            "opportunities": [
                {"title": p.title, "url": p.get_absolute_url()} for p in o.opportunities.all() if p.active
            ],
        }
        for o in organisations
    ]
    context = {
        "filter": filterset,
        "organisations": listed,
        "total": len(organisations),
        "map_data": {"markers": markers, "tiles": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION},
    }
    return render(request, "indicators/map.html", context)


@require_GET
@permission_required(READ_INDICATORS, raise_exception=True)
def network(request: HttpRequest) -> HttpResponse:
    """The graph of collaborations and the network measures, each with its rule and a CSV."""
    form, filters = _filters(request)
    edges_by_pair = collaboration_edges(filters.period)
    export = request.GET.get("export")
    if export:
        return _network_csv(export, edges_by_pair, filters)
    # Levels only for the organisations drawn, not for the whole region.
    drawn = most_connected(edges_by_pair)
    levels = {}
    for org, by_quarter in collaboration_by_quarter(filters.period, organisation_ids=drawn).items():
        quarter_levels = [by_quarter[q].level for q in filters.period.quarters if q in by_quarter]
        levels[org] = next((lv for lv in reversed(quarter_levels) if lv != NONE), NONE)
    nodes, edges = layout(edges_by_pair, levels, drawn)
    if wants_csv(request):
        rows = ([e.source.organisation.name, e.target.organisation.name, e.weight] for e in edges)
        return csv_response("rete", [_("Organisation"), _("Organisation"), _("Weight")], rows)
    previous, current, cooling = cooling_partners(filters.period, filters.area)
    isolated = isolated_organisations(edges_by_pair, filters.area)
    context = {
        "form": form,
        "filters": filters,
        "nodes": nodes,
        "edges": edges,
        "level_labels": {k: str(v) for k, v in LEVEL_LABELS.items()},
        "action_labels": {key: str(label) for key, label in ACTION_LABELS.items()},
        "kind_labels": dict(OrganisationKind.choices),
        "share": horizontal_share(edges_by_pair),
        "previous_quarter": previous,
        "current_quarter": current,
        "cooling": cooling[:NETWORK_TABLE_ROWS],
        "cooling_total": len(cooling),
        "isolated": isolated[:NETWORK_TABLE_ROWS],
        "isolated_total": len(isolated),
        "funnel": hook_up_funnel(filters.period, filters.area),
        "hook_up_kinds": dict(HookUpKind.choices),
        "gaps": coverage_gaps(filters.area),
    }
    return render(request, "indicators/network.html", context)


def _network_csv(name: str, edges_by_pair: dict, filters) -> HttpResponse:
    """The rows behind each network measure."""
    if name == "ties":
        reasons = ("protocol", "table", "joint", "referral")
        header = [
            _("Organisation"),
            _("Organisation"),
            _("Shared protocols"),
            _("Shared tables"),
            _("Shared joint plans"),
            _("Referrals of the same person"),
            _("Horizontal"),
        ]
        rows = (
            [row["a"], row["b"]]
            + [row["reasons"].get(reason, 0) for reason in reasons]
            + [_("yes") if row["horizontal"] else _("no")]
            for row in tie_rows(edges_by_pair)
        )
        return csv_response("legami-orizzontali", header, rows)
    if name == "cooling":
        previous, current, cooling = cooling_partners(filters.period, filters.area)
        labels = {key: str(label) for key, label in ACTION_LABELS.items()}
        header = [
            _("Organisation"),
            _("Kind"),
            _("Level in %(quarter)s") % {"quarter": previous},
            _("Months with contact in %(quarter)s") % {"quarter": previous},
            _("Level in %(quarter)s") % {"quarter": current},
        ] + list(labels.values())
        rows = (
            [
                row["organisation"].name,
                row["organisation"].get_kind_display(),
                LEVEL_LABELS[CONTINUOUS],
                row["months"],
                LEVEL_LABELS[NONE],
            ]
            + [row["counts"].get(action, 0) for action in labels]
            for row in cooling
        )
        return csv_response("partner-in-raffreddamento", header, rows)
    if name == "isolated":
        kinds = dict(OrganisationKind.choices)
        rows = (
            [row["area"], row["name"], kinds.get(row["kind"], row["kind"])]
            for row in isolated_organisations(edges_by_pair, filters.area)
        )
        return csv_response("organizzazioni-isolate", [_("Area"), _("Organisation"), _("Kind")], rows)
    if name == "funnel":
        kinds = dict(HookUpKind.choices)
        header = [
            _("Kind of hook-up"),
            _("Area"),
            _("Hook-ups"),
            _("Turned into a contact, opportunity or case"),
            _("Contacts"),
            _("Opportunities"),
            _("Cases"),
            _("First use or referral"),
            _("Median days to the first use or referral"),
        ]
        rows = (
            [kinds.get(row["kind"], _("Total")), row["area"]]
            + [row[key] for key in ("hook_ups", "turned", "contacts", "opportunities", "cases", "used")]
            + [row["median_days"]]
            for row in hook_up_funnel(filters.period, filters.area)
        )
        return csv_response("agganci", header, rows)
    if name == "gaps":
        dimensions = dict(PovertyDimensionCode.choices)
        rows = ([row["area"], dimensions[row["dimension"]], row["cases"]] for row in coverage_gaps(filters.area))
        return csv_response("scoperture", [_("Area"), _("Poverty dimension"), _("Cases not closed")], rows)
    raise Http404
