"""Italian demo community work: actions of every kind, two processes, three tables whose meetings
have minutes in every state. Created once; later runs leave them as they are."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from community import process as story
from community.choices import ActionItemStatus, MinutesStatus
from community.models import (
    ActionItem,
    CommunityAction,
    CommunityProcess,
    KnowledgeAction,
    Meeting,
    MinutesVersion,
    ProcessObjective,
    ProcessPhase,
    Table,
    TableMember,
)
from community.services import queue_minutes, schedule_meeting
from outbox.models import Email, EmailStatus
from territory.models import Area, Contact, Opportunity, Organisation, Protocol

# kind, bond kind, days ago, title, organisations, area, hook-up kind, offered by
ACTIONS = [
    # First, occasional contacts early in the year with organisations that later became continuous partners.
    (
        "invitation",
        "care",
        300,
        "Presentazione del servizio all'oratorio di Mazzo",
        ["Oratorio San Michele di Mazzo"],
        "Mazzo",
        "",
        "",
    ),
    (
        "invitation",
        "new_bonds",
        280,
        "Visita alla cooperativa Lavoro e Dignità",
        ["Cooperativa sociale Lavoro e Dignità"],
        "Rho",
        "",
        "",
    ),
    (
        "hook_up",
        "new_bonds",
        320,
        "L'APS di Passirana offre la sua sede",
        ["APS Quartiere Passirana Insieme"],
        "Passirana",
        "organisation_availability",
        "Rosa Fumagalli",
    ),
    ("invitation", "care", 290, "Collegio docenti dell'IC Rho Est", ["Istituto comprensivo Rho Est"], "Rho", "", ""),
    ("invitation", "care", 200, "Assemblea dei volontari Auser", ["Auser Rho ODV"], "Rho", "", ""),
    (
        "invitation",
        "care",
        150,
        "Incontro con la Caritas decanale sulle povertà del quartiere",
        ["Caritas decanale di Rho - Centro di ascolto"],
        "Rho",
        "",
        "",
    ),
    (
        "invitation",
        "new_bonds",
        90,
        "Festa dell'oratorio di Mazzo: presentazione del servizio",
        ["Oratorio San Michele di Mazzo"],
        "Mazzo",
        "",
        "",
    ),
    (
        "invitation",
        "care",
        20,
        "Consiglio d'istituto aperto dell'IC Rho Est",
        ["Istituto comprensivo Rho Est"],
        "Rho",
        "",
        "",
    ),
    (
        "hook_up",
        "new_bonds",
        170,
        "Disponibilità di una pensionata per accompagnamenti",
        ["Auser Rho ODV"],
        "Passirana",
        "volunteer_availability",
        "Carla Fontana",
    ),
    (
        "hook_up",
        "new_bonds",
        120,
        "La cooperativa offre due posti di tirocinio",
        ["Cooperativa sociale Lavoro e Dignità"],
        "Rho",
        "organisation_availability",
        "Paolo Villa",
    ),
    (
        "hook_up",
        "care",
        60,
        "Richiesta di informazioni per una famiglia seguita dalla Caritas",
        ["Caritas parrocchiale Barbaiana"],
        "Barbaiana",
        "information_request",
        "Teresa Bossi",
    ),
    (
        "hook_up",
        "care",
        10,
        "Una vicina segnala un anziano solo",
        [],
        "Terrazzano",
        "information_request",
        "Signora Moretti",
    ),
    (
        "workshop",
        "new_bonds",
        140,
        "Laboratorio di progettazione degli orti sociali",
        ["Orti sociali Cornaredo APS", "Comitato genitori Terrazzano"],
        "Cornaredo",
        "",
        "",
    ),
    (
        "workshop",
        "new_bonds",
        75,
        "Progettiamo il portierato di comunità di Passirana",
        ["APS Quartiere Passirana Insieme", "Auser Rho ODV"],
        "Passirana",
        "",
        "",
    ),
    (
        "workshop",
        "care",
        30,
        "Laboratorio con i genitori sul doposcuola",
        ["Doposcuola Cerchiate APS"],
        "Cerchiate",
        "",
        "",
    ),
]

# Activities that build a sense of belonging: kind, bond kind, days ago, title, organisations, area, citizens.
BELONGING = [
    ("animation", "new_bonds", 100, "Festa di via a Terrazzano", ["Comitato genitori Terrazzano"], "Terrazzano", 60),
    ("awareness", "care", 45, "Serata sul gioco d'azzardo in oratorio", ["Oratorio San Michele di Mazzo"], "Mazzo", 35),
    ("listening", "new_bonds", 25, "Punto di ascolto al mercato di Passirana", [], "Passirana", 22),
    ("training", "care", 15, "Formazione per i volontari dell'accoglienza", ["Auser Rho ODV"], "Rho", 14),
]

# name, kind, area, members (organisations by name; contacts by surname; citizens by name)
TABLES = [
    (
        "Tavolo povertà educativa Rho",
        "extended",
        "Rho",
        [
            "Parrocchia San Vittore - Oratorio",
            "Oratorio San Michele di Mazzo",
            "Istituto comprensivo Rho Est",
            "Cooperativa sociale Il Girasole",
        ],
        ["Sala"],
        ["Lucia Ferri"],
    ),
    (
        "Tavolo operativo portierato Passirana",
        "operational",
        "Passirana",
        ["APS Quartiere Passirana Insieme", "Auser Rho ODV"],
        ["Fumagalli"],
        ["Giovanni Re"],
    ),
    (
        "Tavolo lavoro e inclusione",
        "extended",
        "Ambito territoriale del Rhodense",
        ["Cooperativa sociale Lavoro e Dignità", "Centro per l'impiego di Rho", "Fondazione Comunitaria Nord Milano"],
        ["Villa"],
        [],
    ),
]

MINUTES = (
    "Il tavolo ha condiviso l'andamento delle attività del trimestre. Le organizzazioni riportano un aumento "
    "delle richieste da parte delle famiglie con figli adolescenti. Si concorda di coordinare gli orari "
    "delle attività e di preparare un volantino comune."
)


def seed_community(*, coordinator, workers: list) -> int:
    if Table.objects.filter(name=TABLES[0][0]).exists():
        return CommunityAction.objects.count()
    today = timezone.localdate()
    areas = {area.name: area for area in Area.objects.all()}
    organisations = {o.name: o for o in Organisation.objects.all()}
    for index, (kind, bond, days, title, names, area, hook_kind, offered_by) in enumerate(ACTIONS):
        action = CommunityAction.objects.create(
            kind=kind,
            bond_kind=bond,
            date=today - timedelta(days=days),
            title=title,
            notes="Resoconto dell'incontro e contatti raccolti.",
            area=areas[area],
            hook_up_kind=hook_kind,
            offered_by=offered_by,
            citizens_count=18 if kind == "workshop" else None,
            follow_up_on=today + timedelta(days=index) if index % 3 == 0 else None,
            follow_up="Richiamare per fissare un secondo incontro." if index % 3 == 0 else "",
            recorded_by=workers[index % len(workers)],
        )
        action.workers.set([workers[index % len(workers)]])
        action.organisations.set([organisations[name] for name in names])

    for index, (kind, bond, days, title, names, area, citizens) in enumerate(BELONGING):
        action = CommunityAction.objects.create(
            kind=kind,
            bond_kind=bond,
            date=today - timedelta(days=days),
            title=title,
            notes="Partecipazione e contatti raccolti.",
            area=areas[area],
            citizens_count=citizens,
            recorded_by=workers[index % len(workers)],
        )
        action.workers.set([workers[index % len(workers)]])
        action.organisations.set([organisations[name] for name in names])
    _seed_cooling_partner(organisations["Comitato genitori Terrazzano"], areas["Terrazzano"], workers[0], today)

    tables = [_seed_table(spec, coordinator, areas, organisations, today) for spec in TABLES]
    _seed_processes(coordinator, workers, areas, tables, today)
    _complete_the_first_process(coordinator, workers, today)
    return CommunityAction.objects.count()


def _seed_cooling_partner(organisation, area, worker, today) -> None:
    """A partner met in two months of the last quarter and not in this one: the network page shows it cooling."""
    current = (today.month - 1) // 3
    first = date(today.year if current else today.year - 1, (current - 1) % 4 * 3 + 1, 5)
    for offset, title in ((0, "Riunione del comitato genitori"), (35, "Preparazione della festa di fine anno")):
        action = CommunityAction.objects.create(
            kind="invitation",
            bond_kind="care",
            date=first + timedelta(days=offset),
            title=title,
            area=area,
            recorded_by=worker,
        )
        action.workers.set([worker])
        action.organisations.set([organisation])


def _seed_table(spec, coordinator, areas, organisations, today) -> Table:
    name, kind, area, org_names, contact_surnames, citizens = spec
    table = Table.objects.create(
        name=name, kind=kind, area=areas[area], coordinator=coordinator, purpose="Coordinare le risorse del territorio."
    )
    members = [TableMember.objects.create(table=table, organisation=organisations[n]) for n in org_names]
    members += [
        TableMember.objects.create(table=table, contact=Contact.objects.get(last_name=s), role="Referente")
        for s in contact_surnames
    ]
    members += [
        TableMember.objects.create(
            table=table, citizen_name=c, email=f"{c.split()[0].lower()}@example.it", role="Esperto per esperienza"
        )
        for c in citizens
    ]
    _seed_meetings(table, members, coordinator, today)
    return table


def _seed_meetings(table: Table, members: list[TableMember], coordinator, today) -> None:
    """One meeting per minutes state, the oldest already sent (with its deliveries), plus one still to come."""
    states = [MinutesStatus.SENT, MinutesStatus.APPROVED, MinutesStatus.IN_REVIEW, MinutesStatus.DRAFT]
    for step, state in enumerate(states):
        held = today - timedelta(days=90 - step * 25)
        meeting = Meeting.objects.create(
            table=table,
            starts_at=timezone.make_aware(datetime.combine(held, time(17, 30))),
            place="Sala consiliare, Comune di Rho",
            agenda="1. Aggiornamenti dalle organizzazioni\n2. Situazioni da segnalare\n3. Varie",
            decisions="Preparare un volantino comune delle attività." if state != MinutesStatus.DRAFT else "",
            minutes=MINUTES if state != MinutesStatus.DRAFT else "",
            minutes_status=state,
            approved_by=coordinator if state in (MinutesStatus.APPROVED, MinutesStatus.SENT) else None,
            approved_at=timezone.now() - timedelta(days=80 - step * 25)
            if state in (MinutesStatus.APPROVED, MinutesStatus.SENT)
            else None,
            sent_at=timezone.now() - timedelta(days=79) if state == MinutesStatus.SENT else None,
        )
        meeting.attendees.set(members[: max(2, len(members) - step)])
        ActionItem.objects.create(
            meeting=meeting,
            description="Raccogliere gli orari delle attività",
            owner=members[0],
            due_on=held + timedelta(days=14),
            status=ActionItemStatus.DONE if step == 0 else ActionItemStatus.OPEN,
        )
        if state == MinutesStatus.SENT:
            # The e-mails exactly as sending queues them (version 1, each member's link to confirm it),
            # recorded as sent long ago.
            version = MinutesVersion.objects.create(
                meeting=meeting,
                number=1,
                minutes=meeting.minutes,
                decisions=meeting.decisions,
                sent_at=meeting.sent_at,
                sent_by=coordinator,
            )
            sent = [email.pk for email in queue_minutes(meeting, version=version)]
            Email.objects.filter(pk__in=sent).update(status=EmailStatus.SENT, attempts=1, sent_at=meeting.sent_at)
    # Scheduled as the coordinator would: the members' convocations, with their .ics, wait in the outbox.
    schedule_meeting(
        table=table,
        actor=coordinator,
        starts_at=timezone.make_aware(datetime.combine(today + timedelta(days=9), time(17, 30))),
        place="Sala consiliare, Comune di Rho",
        agenda="1. Bilancio del volantino comune\n2. Calendario estivo",
    )


def _seed_processes(coordinator, workers, areas, tables, today) -> None:
    specs = [
        (
            "Portierato di comunità a Passirana",
            "Isolamento degli anziani soli nel quartiere",
            "Anziani e famiglie del quartiere di Passirana",
            "Piano di Zona 2025-2027 del Rhodense, azione 4.2",
            "Passirana",
            [tables[1]],
        ),
        (
            "Comunità educante nel Rhodense",
            "Povertà educativa e abbandono scolastico",
            "Ragazzi 11-16 anni e le loro famiglie",
            "Delibera dell'Assemblea dei sindaci dell'ambito",
            "Rho",
            [tables[0]],
        ),
    ]
    for title, problem, target, mandate, area, linked in specs:
        process = CommunityProcess.objects.create(
            title=title,
            problem=problem,
            target=target,
            commissioning_body="Assemblea dei sindaci dell'Ambito del Rhodense",
            mandate_notes=mandate,
            community_worker=coordinator,
            area=areas[area],
        )
        process.tables.set(linked)
        process.protocols.set(Protocol.objects.all()[:1])
        start = today - timedelta(days=240)
        for offset, phase in enumerate(["start", "mapping", "analysis", "actions"]):
            planned_start = start + timedelta(days=offset * 60)
            planned_end = planned_start + timedelta(days=59) if phase != "actions" else None
            ProcessPhase.objects.create(
                process=process,
                kind=phase,
                starts_on=planned_start,
                ends_on=planned_end,
                status="done" if planned_end else "in_progress",
                actual_start=planned_start + timedelta(days=offset * 3),
                actual_end=planned_end + timedelta(days=offset * 5) if planned_end else None,
            )
        ProcessObjective.objects.create(
            process=process,
            description="Aumentare le relazioni di vicinato",
            result_indicator="Numero di persone che partecipano ad almeno due attività",
            unit="persone",
            baseline=12,
            target_value=60,
            evaluation_criteria="Confronto tra inizio e fine del progetto tramite questionario",
        )
        for offset, kind in enumerate(["focus_group", "questionnaire", "movement_map"]):
            KnowledgeAction.objects.create(
                process=process,
                kind=kind,
                held_on=start + timedelta(days=70 + offset * 10),
                participants=12 + offset * 20,
                notes="Emerge il bisogno di luoghi di incontro informali.",
            )


def _complete_the_first_process(coordinator, workers, today) -> None:
    """The Passirana concierge as the method describes it: mandate, vision, partners, mapping, an indicator."""
    process = CommunityProcess.objects.get(title="Portierato di comunità a Passirana")
    process.act_number = "18/2025"
    process.act_date = today - timedelta(days=270)
    process.political_referent = "Assessora alle politiche sociali del Comune di Rho"
    process.technical_referent = "Responsabile dell'Ufficio di Piano del Rhodense"
    process.save(update_fields=["act_number", "act_date", "political_referent", "technical_referent"])
    story.dedicate_worker(process=process, worker=coordinator, time_share=40, role="Coordinatrice del processo")
    story.dedicate_worker(process=process, worker=workers[0], time_share=20, role="Assistente sociale di quartiere")

    by_name = {o.name: o for o in Organisation.objects.filter(name__in=PASSIRANA_PARTNERS)}
    for name, (role, tasks, responsibility) in PASSIRANA_PARTNERS.items():
        story.add_partner(
            process=process,
            organisation=by_name[name],
            role=role,
            tasks=tasks,
            responsibility=responsibility,
            starts_on=today - timedelta(days=200),
        )
    story.map_resources(
        process=process,
        organisations=Organisation.objects.filter(areas_served__name="Passirana").distinct(),
        opportunities=Opportunity.objects.filter(organisation__in=by_name.values()),
    )

    meeting = process.tables.get().meetings.filter(starts_at__date__lt=today).order_by("starts_at").first()
    story.agree_vision(
        process=process,
        text="Gli anziani soli di Passirana non hanno luoghi dove incontrarsi e chiedere aiuto.",
        agreed_on=today - timedelta(days=170),
        actor=coordinator,
    )
    story.agree_vision(
        process=process,
        text=(
            "Passirana ha risorse (la sede dell'APS, i volontari Auser, i negozi) ma non si conoscono: un portierato "
            "di comunità le mette in rete perché nessun anziano resti solo."
        ),
        agreed_on=meeting.starts_at.date() if meeting else today - timedelta(days=60),
        meeting=meeting,
        actor=coordinator,
    )
    objective = process.objectives.get()
    for months_ago, value in [(7, 12), (6, 15), (5, 19), (4, 24), (3, 31), (2, 36), (1, 42), (0, 47)]:
        story.record_measurement(
            objective=objective, measured_on=today - timedelta(days=30 * months_ago), value=value, actor=coordinator
        )


# Role, tasks and area of responsibility of the Passirana concierge's partners.
PASSIRANA_PARTNERS = {
    "APS Quartiere Passirana Insieme": (
        "Capofila del portierato",
        "Apre la sede tre mattine a settimana; raccoglie richieste e disponibilità.",
        "Accoglienza e punto di ascolto",
    ),
    "Auser Rho ODV": (
        "Partner",
        "Accompagna gli anziani alle visite e alle attività; telefonate di compagnia.",
        "Accompagnamento e compagnia",
    ),
}
