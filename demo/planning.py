"""The demo's Piano di zona: the Rhodense's three-year plan around today, with objectives pursued by the demo's
processes (the demo's dates are relative to today, so is the plan)."""

from datetime import date

from django.utils import timezone

from community.models import CommunityProcess, Table
from demo.territory import DISTRICT
from planning.models import ZonePlan
from planning.services import add_objective
from territory.models import Area, Protocol


def seed_planning() -> ZonePlan | None:
    ambito = Area.objects.get(name=DISTRICT[0], parent=None)
    if ZonePlan.objects.filter(area=ambito).exists():
        return None
    first = timezone.localdate().year - 1
    plan = ZonePlan.objects.create(
        area=ambito,
        title=f"Piano di Zona {first}-{first + 2} dell'Ambito del Rhodense",
        starts_on=date(first, 1, 1),
        ends_on=date(first + 2, 12, 31),
        approved_by=f"Assemblea dei sindaci dell'ambito, 12 dicembre {first - 1}",
        notes="Programmazione triennale degli interventi e dei servizi sociali dell'ambito (L. 328/2000, art. 19).",
    )
    processes = {process.title: process for process in CommunityProcess.objects.all()}
    tables = list(Table.objects.order_by("pk")[:2])
    add_objective(
        plan=plan,
        code="OB 2.1",
        title="Contrastare la povertà educativa con una comunità educante",
        description="Scuole, oratori e associazioni sportive lavorano insieme per i ragazzi 11-16 anni.",
        processes=[p for t, p in processes.items() if t == "Comunità educante nel Rhodense"],
        tables=tables[:1],
        protocols=Protocol.objects.order_by("pk")[:1],
    )
    add_objective(
        plan=plan,
        code="OB 4.2",
        title="Ridurre l'isolamento delle persone anziane sole",
        description="Portierati di comunità e reti di vicinato nei quartieri.",
        processes=[p for t, p in processes.items() if t == "Portierato di comunità a Passirana"],
        tables=tables[1:2],
    )
    return plan
