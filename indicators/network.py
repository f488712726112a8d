"""The network of collaborations: organisations linked when they work on the same things."""

import math
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from cases.choices import CaseStatus, ReferralStatus
from cases.models import CaseNeed, PlanPartner, Referral, ReferralTransition
from community.choices import ActionKind
from community.models import CommunityAction, TableMember
from indicators.activity import CONTINUOUS, NONE, QuarterActivity, _as_date, collaboration_by_quarter
from indicators.periods import Period, Quarter, add_months
from territory.choices import AreaKind
from territory.models import Area, Organisation, Protocol

MAX_NODES = 60
SIZE = 800


@dataclass
class Node:
    organisation: Organisation
    x: float
    y: float
    radius: float
    degree: int
    level: str


@dataclass
class Edge:
    source: Node
    target: Node
    weight: int
    reasons: dict

    @property
    def width(self) -> float:
        return round(1 + 1.5 * math.log2(self.weight), 2)


def _pairs(groups: dict) -> Counter:
    pairs = Counter()
    for members in groups.values():
        for a, b in combinations(sorted(set(members)), 2):
            pairs[(a, b)] += 1
    return pairs


def collaboration_edges(period) -> dict[tuple[int, int], Counter]:
    """{(organisation a, organisation b): Counter(reason: times)}, four queries whatever the size."""
    groups = {
        "protocol": defaultdict(list),
        "table": defaultdict(list),
        "joint": defaultdict(list),
        "referral": defaultdict(list),
    }
    for protocol, organisation in Protocol.partners.through.objects.values_list("protocol_id", "organisation_id"):
        groups["protocol"][protocol].append(organisation)
    members = TableMember.objects.annotate(org=Coalesce("organisation_id", "contact__organisation_id"))
    for table, organisation in members.values_list("table_id", "org"):
        if organisation:
            groups["table"][table].append(organisation)
    partners = PlanPartner.objects.filter(plan__started_on__lte=period.end)
    for plan, organisation in partners.values_list("plan_id", "organisation_id"):
        groups["joint"][plan].append(organisation)
    # Organisations that received referrals of the same person work, in fact, on the same case.
    referrals = Referral.objects.exclude(status=ReferralStatus.DRAFT).filter(
        status_changed_on__range=(period.start, period.end)
    )
    for case, organisation in referrals.values_list("case_id", "opportunity__organisation_id"):
        groups["referral"][case].append(organisation)

    edges: dict[tuple[int, int], Counter] = defaultdict(Counter)
    for reason, grouped in groups.items():
        for pair, times in _pairs(grouped).items():
            edges[pair][reason] += times
    return edges


def _degrees(edges: dict[tuple[int, int], Counter]) -> Counter:
    degree = Counter()
    for (a, b), reasons in edges.items():
        weight = sum(reasons.values())
        degree[a] += weight
        degree[b] += weight
    return degree


def most_connected(edges: dict[tuple[int, int], Counter]) -> list[int]:
    return [org for org, _weight in _degrees(edges).most_common(MAX_NODES)]


def layout(
    edges: dict[tuple[int, int], Counter], levels: dict[int, str], chosen: list[int]
) -> tuple[list[Node], list[Edge]]:
    """Place the chosen organisations on a circle; one query for their names."""
    degree = _degrees(edges)
    organisations = Organisation.objects.in_bulk(chosen)
    centre, ring = SIZE / 2, SIZE / 2 - 90
    nodes = {}
    for index, org in enumerate(sorted(chosen, key=lambda pk: organisations[pk].name)):
        angle = 2 * math.pi * index / max(len(chosen), 1) - math.pi / 2
        nodes[org] = Node(
            organisation=organisations[org],
            x=round(centre + ring * math.cos(angle), 1),
            y=round(centre + ring * math.sin(angle), 1),
            radius=round(5 + 2 * math.sqrt(degree[org]), 1),
            degree=degree[org],
            level=levels.get(org, "none"),
        )
    links = [
        Edge(nodes[a], nodes[b], sum(reasons.values()), dict(reasons))
        for (a, b), reasons in edges.items()
        if a in nodes and b in nodes
    ]
    return list(nodes.values()), sorted(links, key=lambda edge: -edge.weight)


# Ties the partners keep among themselves, without the service in between: a network protocol they
# signed, a table they sit at, a joint take-charge plan they share. Two organisations linked only by
# referrals of the same person are linked through the service.
HORIZONTAL_REASONS = ("protocol", "table", "joint")


def is_horizontal(reasons: Counter) -> bool:
    return any(reasons.get(reason) for reason in HORIZONTAL_REASONS)


def horizontal_share(edges: dict[tuple[int, int], Counter]) -> dict:
    """How many ties between partners do not pass through the service, out of all their ties."""
    horizontal = sum(1 for reasons in edges.values() if is_horizontal(reasons))
    return {
        "ties": len(edges),
        "horizontal": horizontal,
        "through_service": len(edges) - horizontal,
        "percent": round(100 * horizontal / len(edges)) if edges else None,
    }


def tie_rows(edges: dict[tuple[int, int], Counter]) -> list[dict]:
    """Every tie with its reasons, for the CSV (one query for the names)."""
    names = dict(Organisation.objects.filter(pk__in={pk for pair in edges for pk in pair}).values_list("pk", "name"))
    rows = [
        {"a": names[a], "b": names[b], "reasons": dict(reasons), "horizontal": is_horizontal(reasons)}
        for (a, b), reasons in edges.items()
    ]
    return sorted(rows, key=lambda row: (not row["horizontal"], row["a"], row["b"]))


def cooling_partners(period, area=None) -> tuple[Quarter, Quarter, list[dict]]:
    """Organisations whose collaboration was continuous in the quarter before the period's last one
    and shows no contact at all in the last one, with the actions behind the earlier level.

    The levels are the collaboration page's (QuarterActivity.level): the rule is stated once.
    """
    current = Quarter.of(period.end)
    previous = Quarter.of(add_months(current.first_day, -3))
    window = Period(previous.first_day, max(period.end, previous.last_day))
    by_org = collaboration_by_quarter(window, area)
    cooling = {
        org: by_quarter[previous]
        for org, by_quarter in by_org.items()
        if previous in by_quarter
        and by_quarter[previous].level == CONTINUOUS
        and by_quarter.get(current, QuarterActivity()).level == NONE
    }
    organisations = Organisation.objects.in_bulk(list(cooling))
    rows = [
        {
            "organisation": organisations[org],
            "months": len(activity.months),
            "counts": dict(activity.counts),
            "total": activity.total,
        }
        for org, activity in cooling.items()
    ]
    rows.sort(key=lambda row: (-row["total"], row["organisation"].name))
    return previous, current, rows


def isolated_organisations(edges: dict[tuple[int, int], Counter], area=None) -> list[dict]:
    """Active organisations with no tie with any other organisation, under each area they serve.

    One query: organisations and their areas served, read together.
    """
    tied = {pk for pair in edges for pk in pair}
    served = Organisation.areas_served.through.objects.filter(organisation__active=True)
    if area is not None:
        served = served.filter(area__in=Area.objects.overlapping(area))
    rows = [
        {"area": area_name, "organisation_id": org, "name": name, "kind": kind}
        for org, name, kind, area_name in served.values_list(
            "organisation_id", "organisation__name", "organisation__kind", "area__name"
        )
        if org not in tied
    ]
    return sorted(rows, key=lambda row: (row["area"], row["name"]))


def _first_sent(**match) -> Subquery:
    """The day of the first referral sent, on or after the hook-up, that matches."""
    sent = ReferralTransition.objects.filter(
        to_status=ReferralStatus.SENT, occurred_on__gte=OuterRef("date"), **match
    ).order_by("occurred_on")
    return Subquery(sent.values("occurred_on")[:1])


def hook_up_funnel(period, area=None) -> list[dict]:
    """Hook-ups of the period → turned into a contact, an opportunity or a case → first use or referral.

    A step is reached when a referral (use of an opportunity or appropriate referral) was sent, on or
    after the hook-up's day, for the case it opened, to the opportunity it created, or with the contact
    it created as liaison figure; the days run from the hook-up to the first one. One query, grouped by
    kind of hook-up and area; the last row is the total.
    """
    hook_ups = CommunityAction.objects.filter(kind=ActionKind.HOOK_UP, date__range=(period.start, period.end))
    if area is not None:
        hook_ups = hook_ups.filter(area__in=Area.objects.overlapping(area))
    rows = hook_ups.annotate(
        by_case=_first_sent(referral__case=OuterRef("created_case")),
        by_opportunity=_first_sent(referral__opportunity=OuterRef("created_opportunity")),
        by_contact=_first_sent(referral__liaison=OuterRef("created_contact")),
    ).values_list(
        "hook_up_kind",
        "area__name",
        "date",
        "created_contact_id",
        "created_opportunity_id",
        "created_case_id",
        "by_case",
        "by_opportunity",
        "by_contact",
    )
    groups: dict[tuple, dict] = {}
    total = _funnel_row("", "")
    for kind, area_name, day, contact, opportunity, case, *firsts in rows:
        group = groups.setdefault((kind, area_name or ""), _funnel_row(kind, area_name or ""))
        first = min((_as_date(value) for value in firsts if value), default=None)
        for row in (group, total):
            row["hook_ups"] += 1
            row["contacts"] += bool(contact)
            row["opportunities"] += bool(opportunity)
            row["cases"] += bool(case)
            row["turned"] += bool(contact or opportunity or case)
            if first is not None:
                row["used"] += 1
                row["days"].append((first - day).days)
    result = sorted(groups.values(), key=lambda row: (row["kind"], row["area"]))
    for row in [*result, total]:
        days = row.pop("days")
        row["median_days"] = statistics.median(days) if days else None
    return [*result, total] if result else []


def _funnel_row(kind: str, area: str) -> dict:
    return {
        "kind": kind,
        "area": area,
        "hook_ups": 0,
        "turned": 0,
        "contacts": 0,
        "opportunities": 0,
        "cases": 0,
        "used": 0,
        "days": [],
    }


def coverage_gaps(area=None) -> list[dict]:
    """Areas with cases not closed in a poverty dimension and no active organisation addressing it.

    An organisation addresses a dimension in an area when it lists that dimension and serves the
    area, an area containing it or one inside it (Area.overlapping's rule). Counts of cases only,
    never their content. Three queries: the needs grouped by area and dimension, what active
    organisations address where, and the tree of areas.
    """
    needs = CaseNeed.objects.exclude(case__status=CaseStatus.CLOSED).filter(case__person__area__isnull=False)
    if area is not None:
        needs = needs.filter(case__person__area__in=Area.objects.overlapping(area))
    open_cases = needs.values_list("case__person__area", "dimension__code").annotate(n=Count("case", distinct=True))
    open_cases = list(open_cases.order_by())
    if not open_cases:
        return []
    addressed = set(
        Organisation.objects.filter(active=True).values_list("areas_served", "poverty_dimensions__code").distinct()
    )
    tree = {
        pk: (parent, name, kind) for pk, parent, name, kind in Area.objects.values_list("pk", "parent", "name", "kind")
    }
    children = defaultdict(list)
    for pk, (parent, _name, _kind) in tree.items():
        children[parent].append(pk)

    def overlapping(pk: int) -> set[int]:
        found, up = {pk}, tree[pk][0]
        while up is not None:
            found.add(up)
            up = tree[up][0]
        below = list(children[pk])
        while below:
            found.add(below[-1])
            below.extend(children[below.pop()])
        return found

    def label(pk: int) -> str:
        parent, name, kind = tree[pk]
        return f"{tree[parent][1]} › {name}" if kind == AreaKind.NEIGHBOURHOOD and parent else name

    rows = [
        {"area": label(area_id), "dimension": code, "cases": count}
        for area_id, code, count in open_cases
        if not any((served, code) in addressed for served in overlapping(area_id))
    ]
    return sorted(rows, key=lambda row: (row["area"], row["dimension"]))
