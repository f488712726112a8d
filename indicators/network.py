"""The network of collaborations: organisations linked when they work on the same things."""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations

from django.db.models.functions import Coalesce

from cases.choices import ReferralStatus
from cases.models import PlanPartner, Referral
from community.models import TableMember
from territory.models import Organisation, Protocol

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
