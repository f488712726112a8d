"""Italian demo people, cases, referrals in every state and joint plans.

People and codes are invented; the fiscal codes are computed to be well formed. Everything is
written through cases.services, so the demo timelines are the ones real use would produce.
"""

from datetime import date, timedelta

from django.utils import timezone

from cases import services
from cases.choices import CaseStatus, ConsentMethod, ConsentRecipient, ConsentScope, ReferralKind, ReferralStatus
from cases.models import Case, CaseEvent, CaseNeed, JointPlan, Person, PlanObjective, PlanPartner, Referral
from cases.offers import record_offer_use
from core.validators import person_code_check_character
from demo.territory import PHONE_COMPANY
from territory.models import Area, Offer, Opportunity, Organisation, PovertyDimension

MONTHS = "ABCDEHLMPRST"
RHO_BELFIORE = "H264"

# surname, name, sex, birth date, area, team key, needs {dimension: level}, goals
PEOPLE = [
    (
        "Esposito",
        "Giulia",
        "F",
        date(1984, 5, 12),
        "Mazzo",
        "nord",
        {"material": 3, "educational": 2},
        "Sostenere Giulia e i due figli dopo la perdita del lavoro.",
    ),
    (
        "Bianchi",
        "Luca",
        "M",
        date(2011, 2, 3),
        "Lucernate",
        "nord",
        {"educational": 3, "relational": 2},
        "Accompagnare Luca nel percorso scolastico e nel tempo libero.",
    ),
    (
        "Ferrari",
        "Anna",
        "F",
        date(1941, 11, 30),
        "Centro",
        "nord",
        {"relational": 3},
        "Ridurre l'isolamento di Anna, che vive sola.",
    ),
    (
        "El Amrani",
        "Youssef",
        "M",
        date(1990, 7, 21),
        "Passirana",
        "nord",
        {"economic_work": 3, "material": 2},
        "Inserimento lavorativo e regolarizzazione abitativa.",
    ),
    (
        "Russo",
        "Marta",
        "F",
        date(1976, 9, 8),
        "Terrazzano",
        "nord",
        {"economic_work": 2, "relational": 2},
        "Rientro nel lavoro dopo un lungo periodo di cura dei genitori.",
    ),
    (
        "Colombo",
        "Davide",
        "M",
        date(2009, 4, 17),
        "Mazzo",
        "nord",
        {"educational": 2},
        "Prevenire l'abbandono scolastico.",
    ),
    (
        "Greco",
        "Salvatore",
        "M",
        date(1958, 1, 25),
        "Seguro",
        "sud",
        {"material": 2, "relational": 3},
        "Uscire dalla solitudine e gestire il budget familiare.",
    ),
    (
        "Marino",
        "Sofia",
        "F",
        date(1995, 12, 2),
        "Vighignolo",
        "sud",
        {"economic_work": 3},
        "Trovare un lavoro compatibile con la cura della figlia.",
    ),
    (
        "Diallo",
        "Aminata",
        "F",
        date(1988, 3, 14),
        "Cerchiate",
        "sud",
        {"material": 3, "relational": 2},
        "Apprendere l'italiano e costruire una rete di sostegno.",
    ),
    (
        "Ricci",
        "Paolo",
        "M",
        date(1967, 6, 6),
        "Cerchiate",
        "sud",
        {"economic_work": 2, "material": 2},
        "Accompagnamento dopo lo sfratto.",
    ),
]

# person index, opportunity title, kind, final status, follow-up offset in days (None: none)
REFERRALS = [
    (0, "Emporio solidale", ReferralKind.USE, ReferralStatus.COMPLETED, None),
    # Waiting for the oratorio's answer: the demo partner account (demo/partners.py) answers it.
    (0, "Doposcuola elementari in oratorio", ReferralKind.REFERRAL, ReferralStatus.SENT, 3),
    (1, "Spazio compiti e tempo libero adolescenti", ReferralKind.REFERRAL, ReferralStatus.ACCEPTED, 10),
    (1, "Doposcuola medie Mazzo", ReferralKind.REFERRAL, ReferralStatus.DECLINED, None),
    (2, "Compagnia telefonica e accompagnamenti", ReferralKind.USE, ReferralStatus.IN_PROGRESS, -2),
    (2, "Portierato di comunità Passirana", ReferralKind.USE, ReferralStatus.SENT, 1),
    (3, "Tirocini di inclusione", ReferralKind.REFERRAL, ReferralStatus.SENT, 4),
    (4, "Centro di ascolto e aiuto bollette", ReferralKind.USE, ReferralStatus.WITHDRAWN, None),
    (5, "Spazio compiti e tempo libero adolescenti", ReferralKind.REFERRAL, ReferralStatus.DRAFT, 5),
    (6, "Orti sociali di via Verdi", ReferralKind.USE, ReferralStatus.IN_PROGRESS, 2),
    (7, "Tirocini di inclusione", ReferralKind.REFERRAL, ReferralStatus.ACCEPTED, 6),
    (8, "Doposcuola di quartiere Cerchiate", ReferralKind.USE, ReferralStatus.COMPLETED, None),
    (8, "Sportello accoglienza migranti", ReferralKind.REFERRAL, ReferralStatus.SENT, -1),
]
# What the receiving organisation reads, beside the internal reason.
PARTNER_NOTE = "La persona vi contatterà per un primo colloquio; per accordi chiamate l'assistente sociale."

PATHS = {
    ReferralStatus.DRAFT: [],
    ReferralStatus.SENT: [ReferralStatus.SENT],
    ReferralStatus.ACCEPTED: [ReferralStatus.SENT, ReferralStatus.ACCEPTED],
    ReferralStatus.DECLINED: [ReferralStatus.SENT, ReferralStatus.DECLINED],
    ReferralStatus.IN_PROGRESS: [ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS],
    ReferralStatus.COMPLETED: [
        ReferralStatus.SENT,
        ReferralStatus.ACCEPTED,
        ReferralStatus.IN_PROGRESS,
        ReferralStatus.COMPLETED,
    ],
    ReferralStatus.WITHDRAWN: [ReferralStatus.SENT, ReferralStatus.WITHDRAWN],
}
NOTES = {
    ReferralStatus.DECLINED: "Posti esauriti per quest'anno; in lista d'attesa per settembre.",
    ReferralStatus.COMPLETED: "Percorso concluso con esito positivo: obiettivi raggiunti.",
    ReferralStatus.WITHDRAWN: "La persona ha trovato un'altra soluzione.",
}


def demo_fiscal_code(surname: str, name: str, sex: str, born: date) -> str:
    def letters(word: str, is_name: bool) -> str:
        upper = [c for c in word.upper() if c.isalpha()]
        consonants = [c for c in upper if c not in "AEIOU"]
        vowels = [c for c in upper if c in "AEIOU"]
        if is_name and len(consonants) >= 4:
            consonants = [consonants[0], consonants[2], consonants[3]]
        return "".join((consonants + vowels + ["X", "X", "X"])[:3])

    day = born.day + (40 if sex == "F" else 0)
    code = f"{letters(surname, False)}{letters(name, True)}{born:%y}{MONTHS[born.month - 1]}{day:02d}{RHO_BELFIORE}"
    return code + person_code_check_character(code)


def seed_cases(*, teams: dict, workers: dict) -> int:
    """Create the demo people and their cases once; later runs leave them as they are."""
    surname, name, sex, born = PEOPLE[0][:4]
    if Person.objects.filter(fiscal_code=demo_fiscal_code(surname, name, sex, born)).exists():
        return Case.objects.count()
    today = timezone.localdate()
    cases = _seed_people(teams, workers, today)
    _seed_referrals(cases, today)
    _seed_plan(cases[0], organisations=["Parrocchia San Vittore - Oratorio", "Emporio solidale Rhodense ODV"])
    _seed_plan(cases[6], organisations=["Orti sociali Cornaredo APS", "Associazione Seguro Giovani APS"])
    case = cases[2]
    services.change_case_status(
        case=cases[4], to_status=CaseStatus.SUSPENDED, actor=cases[4].responsible, occurred_on=today - timedelta(days=3)
    )
    services.add_note(
        case=case,
        actor=case.responsible,
        occurred_on=today - timedelta(days=1),
        text="Visita domiciliare: Anna è contenta delle telefonate dei volontari.",
    )
    # The volunteers' phone calls are an offer of Auser (demo.territory), used for Anna.
    record_offer_use(
        offer=Offer.objects.get(title=PHONE_COMPANY),
        case=case,
        actor=case.responsible,
        used_on=today - timedelta(days=5),
    )
    return len(cases)


def _seed_people(teams: dict, workers: dict, today: date) -> list[Case]:
    """Each demo person with one open case, its needs and its opening on the timeline."""
    areas = {area.name: area for area in Area.objects.all()}
    dimensions = {d.code: d for d in PovertyDimension.objects.all()}
    cases = []
    for index, (surname, name, sex, born, area, team_key, needs, goals) in enumerate(PEOPLE):
        person = Person.objects.create(
            team=teams[team_key],
            last_name=surname,
            first_name=name,
            sex=sex,
            birth_date=born,
            fiscal_code=demo_fiscal_code(surname, name, sex, born),
            area=areas[area],
            phone=f"333 55{index:02d} {1200 + index * 7}",
        )
        opened = today - timedelta(days=120 - index * 5)
        case = Case.objects.create(
            person=person,
            team=teams[team_key],
            responsible=workers[team_key],
            opened_on=opened,
            goals=goals,
            commitments="Partecipare agli incontri concordati e tenere aggiornata l'assistente sociale.",
        )
        CaseNeed.objects.bulk_create(
            CaseNeed(case=case, dimension=dimensions[code], level=level) for code, level in needs.items()
        )
        CaseEvent.objects.create(case=case, actor=workers[team_key], kind="case_opened", occurred_on=opened)
        # One person has not consented yet: their referral stays a draft. Giulia lets partners know her
        # name; the others their initials only.
        if index != 5:
            services.record_consent(
                case=case,
                actor=workers[team_key],
                recipient=ConsentRecipient.ANY_PARTNER,
                scope=ConsentScope.NAME if index == 0 else ConsentScope.INITIALS,
                given_on=opened,
                method=ConsentMethod.SIGNED_FORM,
            )
        cases.append(case)
    return cases


def _seed_referrals(cases: list[Case], today: date) -> None:
    """Referrals in every state, moved step by step through the service as a worker would."""
    opportunities = {o.title: o for o in Opportunity.objects.select_related("organisation", "liaison")}
    for person_index, title, kind, final_status, follow_up in REFERRALS:
        case = cases[person_index]
        actor = case.responsible
        start = case.opened_on + timedelta(days=7)
        referral = Referral.objects.create(
            case=case,
            kind=kind,
            opportunity=opportunities[title],
            liaison=opportunities[title].liaison if kind == ReferralKind.USE else None,
            reason="Opportunità adatta ai bisogni emersi nel colloquio.",
            partner_note=PARTNER_NOTE,
            follow_up_on=today + timedelta(days=follow_up) if follow_up is not None else None,
            created_by=actor,
            status_changed_on=start,
        )
        CaseEvent.objects.create(
            case=case,
            actor=actor,
            kind="referral_created",
            occurred_on=start,
            referral=referral,
            data={"kind_code": kind, "title": title, "organisation": opportunities[title].organisation.name},
        )
        for step, status in enumerate(PATHS[final_status], start=1):
            services.transition_referral(
                referral=referral,
                to_status=status,
                actor=actor,
                occurred_on=start + timedelta(days=step * 9),
                note=NOTES.get(status, ""),
            )


def _seed_plan(case: Case, organisations: list[str]) -> None:
    actor = case.responsible
    started = case.opened_on + timedelta(days=20)
    plan = JointPlan.objects.create(
        case=case,
        title=f"Progetto condiviso per {case.person.first_name}",
        started_on=started,
        next_review_on=timezone.localdate() + timedelta(days=2),
    )
    CaseEvent.objects.create(
        case=case, actor=actor, kind="plan_created", occurred_on=started, plan=plan, data={"title": plan.title}
    )
    for name in organisations:
        organisation = Organisation.objects.get(name=name)
        PlanPartner.objects.create(
            plan=plan,
            organisation=organisation,
            contact=organisation.contacts.first(),
            role="Accompagnamento quotidiano",
            commitments="Un incontro a settimana e aggiornamento mensile al servizio.",
        )
    PlanObjective.objects.create(
        plan=plan,
        description="Frequenza regolare delle attività",
        indicator="Presenze ≥ 80% nel trimestre",
        status="in_progress",
    )
    PlanObjective.objects.create(plan=plan, description="Autonomia nella spesa", indicator="Budget mensile rispettato")
