"""The large data set for benchmarks: a whole region's worth of records, loaded with COPY.

Volumes at scale 1: 5,000 organisations, 100,000 people, 150,000 cases, 300,000 referrals and
200,000 community actions (500,000 between them), 2,000 tables with 12,000 meetings. Everything is
generated from a fixed seed, so two runs give the same data: each loader below draws its random
numbers in the same order every time, so keep that order when changing one.
"""

import random
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.utils import timezone

from accounts.models import Team, User
from accounts.roles import SOCIAL_WORKER
from cases.choices import REFERRAL_TRANSITIONS, ReferralStatus
from cases.models import Case, CaseNeed, Consent, JointPlan, Person, PlanPartner, Referral, ReferralTransition
from community.models import ActionItem, CommunityAction, Meeting, Table, TableMember
from demo.accounts import DEMO_PASSWORD
from demo.bulk import indexes_built_after, load, next_id, reset_sequences
from territory.models import Area, Contact, Opportunity, Organisation

VOLUMES = {
    "teams": 40, "workers_per_team": 10, "organisations": 5000, "people": 100000, "cases": 150000,
    "referrals": 300000, "actions": 200000, "tables": 2000, "meetings_per_table": 6, "plans": 10000,
}  # fmt: skip
FIRST = ["Giulia", "Luca", "Anna", "Marco", "Sara", "Paolo", "Chiara", "Davide", "Elena", "Youssef", "Aminata", "Fatima", "Giorgio", "Rosa", "Matteo"]  # fmt: skip
LAST = ["Rossi", "Bianchi", "Esposito", "Colombo", "Ferrari", "Russo", "Greco", "Marino", "Ricci", "Gallo", "Conti", "Costa", "Diallo", "El Amrani", "Fontana"]  # fmt: skip
KINDS = ["odv", "aps", "social_cooperative", "parish", "caritas", "school", "informal_group", "other_third_sector"]
OPPORTUNITY_KINDS = [
    "after_school",
    "food_aid",
    "social_garden",
    "community_concierge",
    "listening",
    "work_integration",
]
ACTION_KINDS = [  # kind, hook-up kind
    ("invitation", ""),
    ("hook_up", "volunteer_availability"),
    ("hook_up", "information_request"),
    ("workshop", ""),
]
PATHS = {
    ReferralStatus.DRAFT: [],
    ReferralStatus.SENT: ["sent"],
    ReferralStatus.ACCEPTED: ["sent", "accepted"],
    ReferralStatus.DECLINED: ["sent", "declined"],
    ReferralStatus.IN_PROGRESS: ["sent", "accepted", "in_progress"],
    ReferralStatus.COMPLETED: ["sent", "accepted", "in_progress", "completed"],
    ReferralStatus.WITHDRAWN: ["sent", "withdrawn"],
}
STAGES = 16  # progress.step calls in all the loaders below and in seed_large


class Progress:
    """A one-line progress bar on stderr, redrawn as each table is loaded."""

    def __init__(self, stages: int, out=sys.stderr):
        self.stages, self.done, self.out, self.started = stages, 0, out, time.monotonic()

    def step(self, label: str, rows: int) -> None:
        self.done += 1
        filled = round(30 * self.done / self.stages)
        elapsed = time.monotonic() - self.started
        self.out.write(
            f"\r[{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.stages} {label:<22} {rows:>8} rows {elapsed:6.1f}s"
        )
        self.out.flush()
        if self.done == self.stages:
            self.out.write("\n")


@dataclass
class Seed:
    """What the loaders share: the random source, the sizes, and the ids each loader hands to the next."""

    rnd: random.Random
    size: dict[str, int]
    today: date
    progress: Progress
    areas: list[int]
    neighbourhoods: list[int]
    counts: dict[str, int] = field(default_factory=dict)
    workers_by_team: dict[int, list[int]] = field(default_factory=dict)
    workers: list[int] = field(default_factory=list)
    organisations: range = range(0)
    contacts: dict[int, int] = field(default_factory=dict)  # organisation -> its contact
    opportunities: list[int] = field(default_factory=list)
    person_team: dict[int, int] = field(default_factory=dict)
    cases: range = range(0)
    case_worker: dict[int, int] = field(default_factory=dict)
    case_opened: dict[int, date] = field(default_factory=dict)
    table_members: dict[int, list[int]] = field(default_factory=dict)

    @property
    def now(self) -> str:
        """created_at and updated_at of every row: the day the data was loaded."""
        return f"{self.today.isoformat()} 10:00:00+00"


def new_ids(model: type[models.Model], count: int) -> range:
    start = next_id(model)
    return range(start, start + count)


@transaction.atomic
def seed_large(scale: float = 1.0, out=sys.stderr) -> dict[str, int]:
    # Ratios (per team, per table) stay; totals shrink with the scale (tests run it at 0.001).
    size = {key: value if "_per_" in key else max(1, round(value * scale)) for key, value in VOLUMES.items()}
    areas = list(Area.objects.values_list("pk", flat=True))
    seed = Seed(
        rnd=random.Random(2026),  # noqa: S311 (demo data, not secrets)
        size=size,
        today=timezone.localdate(),
        progress=Progress(stages=STAGES, out=out),
        areas=areas,
        neighbourhoods=list(Area.objects.filter(kind="neighbourhood").values_list("pk", flat=True)) or areas,
    )
    with indexes_built_after(model._meta.db_table for model in LOADED):
        for loader in (
            load_workers, load_organisations, load_contacts, load_opportunities, load_people, load_cases,
            load_referrals, load_plans, load_actions, load_tables, load_meetings,
        ):  # fmt: skip
            loader(seed)
    seed.progress.step("indexes and keys", 0)
    finish(seed)
    return seed.counts


# Every table the loaders below fill: their indexes and foreign keys are built once the rows are in.
LOADED = [
    User, User.groups.through, Organisation, Organisation.areas_served.through, Organisation.target_groups.through,
    Organisation.poverty_dimensions.through, Contact, Opportunity, Opportunity.areas.through,
    Opportunity.poverty_dimensions.through, Opportunity.target_groups.through, Person, Case, Consent, CaseNeed,
    Referral, ReferralTransition, JointPlan, PlanPartner, CommunityAction, CommunityAction.organisations.through,
    CommunityAction.workers.through, Table, TableMember, Meeting, Meeting.attendees.through, ActionItem,
]  # fmt: skip


def load_workers(seed: Seed) -> None:
    """Teams of social workers, all with the demo password (hashed once: hashing is slow on purpose)."""
    rnd, now = seed.rnd, seed.now
    teams = [Team.objects.create(name=f"Équipe {n:03d} (dati di prova)") for n in range(seed.size["teams"])]
    password = make_password(DEMO_PASSWORD)
    users = []
    user_ids = iter(new_ids(User, len(teams) * seed.size["workers_per_team"]))
    for team in teams:
        ids = [next(user_ids) for _ in range(seed.size["workers_per_team"])]
        users += [
            (pk, password, False, f"operatore{pk}", rnd.choice(FIRST), rnd.choice(LAST), "", False, True, now, team.pk)
            for pk in ids
        ]
        seed.workers_by_team[team.pk] = ids
    columns = ["id", "password", "is_superuser", "username", "first_name", "last_name", "email", "is_staff",
               "is_active", "date_joined", "team_id"]  # fmt: skip
    seed.counts["workers"] = load(User, columns, users)
    social_worker = Group.objects.get(name=SOCIAL_WORKER)
    load(User.groups.through, ["user_id", "group_id"], ((pk, social_worker.pk) for pk, *_ in users))
    seed.workers = [pk for ids in seed.workers_by_team.values() for pk in ids]
    seed.progress.step("workers", seed.counts["workers"])


def load_organisations(seed: Seed) -> None:
    rnd, now = seed.rnd, seed.now
    orgs = seed.organisations = new_ids(Organisation, seed.size["organisations"])
    prefixes = ["Associazione", "Cooperativa", "Gruppo", "Oratorio", "Centro"]
    seed.counts["organisations"] = load(
        Organisation,
        ["id", "name", "kind", "runts_number", "cooperative_type", "fiscal_code", "vat_number", "address", "postcode",
         "latitude", "longitude", "email", "phone", "website", "notes", "active", "version", "created_at", "updated_at",
         "uuid", "published"],
        ((pk, f"{rnd.choice(prefixes)} {rnd.choice(LAST)} {pk}", rnd.choice(KINDS), "", "", "", "", f"Via Roma {pk % 200}",
          "", round(45.3 + rnd.random() * 0.5, 6), round(8.8 + rnd.random() * 0.6, 6), f"info{pk}@example.it", "", "",
          "", True, 1, now, now, uuid.uuid4().hex, pk % 2 == 0) for pk in orgs),
    )  # fmt: skip
    # social cooperatives need no cooperative type; the constraint only forbids it elsewhere.
    load(
        Organisation.areas_served.through, ["organisation_id", "area_id"], ((pk, rnd.choice(seed.areas)) for pk in orgs)
    )
    load(Organisation.target_groups.through, ["organisation_id", "targetgroup_id"], ((pk, 1 + pk % 10) for pk in orgs))
    load(
        Organisation.poverty_dimensions.through,
        ["organisation_id", "povertydimension_id"],
        ((pk, 1 + pk % 4) for pk in orgs),
    )
    seed.progress.step("organisations", seed.counts["organisations"])


def load_contacts(seed: Seed) -> None:
    """One liaison contact per organisation."""
    rnd, now = seed.rnd, seed.now
    ids = new_ids(Contact, len(seed.organisations))
    seed.contacts = dict(zip(seed.organisations, ids, strict=True))
    load(Contact, ["id", "organisation_id", "first_name", "last_name", "role", "email", "phone", "is_liaison", "receives_referrals", "notes", "active", "created_at", "updated_at", "public"],
         ((pk, org, rnd.choice(FIRST), rnd.choice(LAST), "Referente", f"c{pk}@example.it", "", True, True, "", True, now, now, False) for org, pk in seed.contacts.items()))  # fmt: skip
    seed.progress.step("contacts", len(seed.contacts))


def load_opportunities(seed: Seed) -> None:
    """Two opportunities per organisation, its contact as liaison."""
    rnd, now = seed.rnd, seed.now
    ids = new_ids(Opportunity, 2 * len(seed.organisations))
    seed.opportunities = list(ids)
    owner = {pk: seed.organisations.start + (pk - ids.start) // 2 for pk in ids}
    prefixes = ["Doposcuola", "Emporio", "Orti", "Sportello", "Laboratorio"]
    load(Opportunity, ["id", "organisation_id", "title", "kind", "description", "capacity", "how_to_access", "start_date", "end_date", "liaison_id", "active", "version", "created_at", "updated_at", "uuid", "published", "eligibility", "fees", "languages"],
         ((pk, owner[pk], f"{rnd.choice(prefixes)} {pk}", rnd.choice(OPPORTUNITY_KINDS), "", 20, "", None, None, seed.contacts[owner[pk]], True, 1, now, now, uuid.uuid4().hex, True, "", "", "") for pk in ids))  # fmt: skip
    load(
        Opportunity.areas.through, ["opportunity_id", "area_id"], ((pk, rnd.choice(seed.neighbourhoods)) for pk in ids)
    )
    load(
        Opportunity.poverty_dimensions.through,
        ["opportunity_id", "povertydimension_id"],
        ((pk, 1 + pk % 4) for pk in ids),
    )
    load(Opportunity.target_groups.through, ["opportunity_id", "targetgroup_id"], ((pk, 1 + pk % 10) for pk in ids))
    seed.progress.step("opportunities", len(ids))


def load_people(seed: Seed) -> None:
    """People in charge, spread evenly over the teams."""
    rnd, now = seed.rnd, seed.now
    people = new_ids(Person, seed.size["people"])
    teams = list(seed.workers_by_team)
    seed.person_team = {pk: teams[pk % len(teams)] for pk in people}
    seed.counts["people"] = load(
        Person,
        ["id", "team_id", "first_name", "last_name", "fiscal_code", "birth_date", "sex", "area_id", "address", "phone", "email", "household_notes", "anonymised_on", "version", "created_at", "updated_at"],
        ((pk, seed.person_team[pk], rnd.choice(FIRST), rnd.choice(LAST), None, date(1940 + pk % 75, 1 + pk % 12, 1 + pk % 28), rnd.choice("FMX"), rnd.choice(seed.neighbourhoods), "", "", "", "", None, 1, now, now) for pk in people),
    )  # fmt: skip
    seed.progress.step("people", seed.counts["people"])


def load_cases(seed: Seed) -> None:
    """Cases, the people cycled over them, each followed by a worker of the person's team, with two needs."""
    rnd, now, today = seed.rnd, seed.now, seed.today
    cases = seed.cases = new_ids(Case, seed.size["cases"])
    first_person = next(iter(seed.person_team))
    person = {pk: first_person + (pk - cases.start) % seed.size["people"] for pk in cases}
    team = {pk: seed.person_team[person[pk]] for pk in cases}
    seed.case_worker = {pk: rnd.choice(seed.workers_by_team[team[pk]]) for pk in cases}
    seed.case_opened = {pk: today - timedelta(days=rnd.randrange(30, 1100)) for pk in cases}
    statuses = ["open"] * 7 + ["suspended"] + ["closed"] * 2
    opened = seed.case_opened
    seed.counts["cases"] = load(
        Case,
        ["id", "person_id", "team_id", "responsible_id", "status", "opened_on", "status_changed_on", "goals", "commitments", "version", "created_at", "updated_at"],
        ((pk, person[pk], team[pk], seed.case_worker[pk], rnd.choice(statuses), opened[pk], None, "Obiettivi concordati.", "", 1, now, now) for pk in cases),
    )  # fmt: skip
    # Every case has the person's consent to share their initials with any partner, signed when it opened.
    consent_ids = iter(new_ids(Consent, len(cases)))
    load(Consent, ["id", "case_id", "recipient", "organisation_id", "plan_id", "scope", "given_on", "method", "witness", "notes", "withdrawn_on", "recorded_by_id", "created_at"],
         ((next(consent_ids), pk, "any_partner", None, None, "initials", opened[pk], "signed_form", "", "", None, seed.case_worker[pk], now) for pk in cases))  # fmt: skip
    need_ids = iter(new_ids(CaseNeed, 2 * len(cases)))
    needs = [
        (next(need_ids), pk, dimension, rnd.randint(1, 3)) for pk in cases for dimension in rnd.sample(range(1, 5), 2)
    ]
    load(CaseNeed, ["id", "case_id", "dimension_id", "level"], needs)
    seed.progress.step("cases and needs", seed.counts["cases"])


def load_referrals(seed: Seed) -> None:
    """Referrals in every state, each with the steps that led to it, so the indicators see them."""
    rnd, now, today = seed.rnd, seed.now, seed.today
    steps = []
    step_ids = iter(range(next_id(ReferralTransition), sys.maxsize))

    def referrals():
        # Made as COPY asks for them (millions at the huge size); the steps wait in a list for their own COPY.
        for pk in new_ids(Referral, seed.size["referrals"]):
            case = rnd.choice(seed.cases)
            status = rnd.choice(list(PATHS))
            worker = seed.case_worker[case]
            day = seed.case_opened[case] + timedelta(days=rnd.randrange(1, 20))
            path = PATHS[status]
            for index, (previous, to) in enumerate(zip(["draft", *path], path, strict=False)):
                occurred = min(day + timedelta(days=7 * (index + 1)), today)
                note = "Esito positivo" if to == "completed" else ("Posti esauriti" if to == "declined" else "")
                steps.append((next(step_ids), pk, previous, to, occurred, worker, note, now))
            changed = min(day + timedelta(days=7 * len(path)), today)
            open_ = bool(REFERRAL_TRANSITIONS[status])
            yield (pk, case, "use" if pk % 2 else "referral", rnd.choice(seed.opportunities), None, status, changed, "", "",
                   today + timedelta(days=rnd.randrange(-10, 30)) if open_ else None, None,
                   "no_places" if status == "declined" else "",
                   "Posti esauriti" if status == "declined" else "", "Esito positivo" if status == "completed" else "",
                   worker, 1, now, now)  # fmt: skip

    seed.counts["referrals"] = load(
        Referral,
        ["id", "case_id", "kind", "opportunity_id", "liaison_id", "status", "status_changed_on", "reason", "partner_note", "follow_up_on", "starts_on", "decline_category", "decline_reason", "outcome", "created_by_id", "version", "created_at", "updated_at"],
        referrals(),
    )  # fmt: skip
    seed.progress.step("referrals", seed.counts["referrals"])
    columns = ["id", "referral_id", "from_status", "to_status", "occurred_on", "actor_id", "note", "created_at"]
    load(ReferralTransition, columns, steps)
    seed.progress.step("referral steps", len(steps))


def load_plans(seed: Seed) -> None:
    """Joint plans on random cases, with two partner organisations each."""
    rnd, now, today = seed.rnd, seed.now, seed.today
    plans = new_ids(JointPlan, seed.size["plans"])
    plan_case = {pk: rnd.choice(seed.cases) for pk in plans}
    load(JointPlan, ["id", "case_id", "title", "status", "started_on", "next_review_on", "notes", "version", "created_at", "updated_at"],
         ((pk, plan_case[pk], f"Progetto condiviso {pk}", "active", seed.case_opened[plan_case[pk]] + timedelta(days=15), today + timedelta(days=rnd.randrange(-5, 60)), "", 1, now, now) for pk in plans))  # fmt: skip
    partner_ids = iter(range(next_id(PlanPartner), sys.maxsize))
    organisations = list(seed.organisations)
    partners = [
        (next(partner_ids), pk, org, None, "Accompagnamento", "")
        for pk in plans
        for org in rnd.sample(organisations, min(2, len(organisations)))
    ]
    load(PlanPartner, ["id", "plan_id", "organisation_id", "contact_id", "role", "commitments"], partners)
    seed.progress.step("joint plans", len(plans))


def load_actions(seed: Seed) -> None:
    """Community actions of every kind over three years, each with one organisation and its worker."""
    rnd, now, today = seed.rnd, seed.now, seed.today
    actions = new_ids(CommunityAction, seed.size["actions"])
    rows, recorded_by = [], {}
    for pk in actions:
        kind, hook = rnd.choice(ACTION_KINDS)
        bond, day = rnd.choice(["new_bonds", "care"]), today - timedelta(days=rnd.randrange(0, 1100))
        area = rnd.choice(seed.neighbourhoods)
        recorded_by[pk] = rnd.choice(seed.workers)
        rows.append((pk, kind, bond, day, f"Azione {pk}", "", area, None, None, "", hook, "", None, None, None,
                     recorded_by[pk], now, now))  # fmt: skip
    seed.counts["actions"] = load(
        CommunityAction,
        ["id", "kind", "bond_kind", "date", "title", "notes", "area_id", "citizens_count", "follow_up_on", "follow_up", "hook_up_kind", "offered_by", "created_contact_id", "created_opportunity_id", "created_case_id", "recorded_by_id", "created_at", "updated_at"],
        rows,
    )  # fmt: skip
    seed.progress.step("community actions", seed.counts["actions"])
    organisations = seed.organisations
    load(
        CommunityAction.organisations.through,
        ["communityaction_id", "organisation_id"],
        ((pk, rnd.choice(organisations)) for pk in actions),
    )
    load(CommunityAction.workers.through, ["communityaction_id", "user_id"], recorded_by.items())
    seed.progress.step("action links", 2 * len(actions))


def load_tables(seed: Seed) -> None:
    """Participatory tables, each with six member organisations."""
    rnd, now = seed.rnd, seed.now
    tables = new_ids(Table, seed.size["tables"])
    load(Table, ["id", "name", "kind", "purpose", "area_id", "coordinator_id", "active", "version", "created_at", "updated_at"],
         ((pk, f"Tavolo {pk}", rnd.choice(["extended", "operational"]), "", rnd.choice(seed.areas), rnd.choice(seed.workers), True, 1, now, now) for pk in tables))  # fmt: skip
    member_ids = iter(range(next_id(TableMember), sys.maxsize))
    organisations = list(seed.organisations)
    members = []
    for pk in tables:
        seed.table_members[pk] = []
        for org in rnd.sample(organisations, min(6, len(organisations))):
            members.append((next(member_ids), pk, org, None, "", "", ""))
            seed.table_members[pk].append(members[-1][0])
    load(TableMember, ["id", "table_id", "organisation_id", "contact_id", "citizen_name", "email", "role"], members)
    seed.progress.step("tables", len(tables))


def load_meetings(seed: Seed) -> None:
    """Monthly meetings of every table: the older ones' minutes sent, the last two in draft or review."""
    rnd, now, today = seed.rnd, seed.now, seed.today
    per_table = seed.size["meetings_per_table"]
    meeting_ids = iter(range(next_id(Meeting), sys.maxsize))
    item_ids = iter(range(next_id(ActionItem), sys.maxsize))
    meetings, attendees, items = [], [], []
    for table, members in seed.table_members.items():
        for n in range(per_table):
            pk, day = next(meeting_ids), today - timedelta(days=30 * (per_table - n))
            status = "sent" if n < per_table - 2 else rnd.choice(["draft", "in_review"])
            # Sent minutes were approved: the database checks that they name who approved them.
            approval = (seed.workers[0], now, now) if status == "sent" else (None, None, None)
            # Each meeting's calendar identity (community.Meeting.uid), drawn from the seeded generator.
            uid = uuid.UUID(int=rnd.getrandbits(128), version=4).hex
            meetings.append((pk, table, f"{day.isoformat()} 17:30:00+00", "Sala consiliare", "Aggiornamenti", "",
                             "Verbale.", status, *approval, 1, now, now, uid, 0, ""))  # fmt: skip
            attendees += [(pk, member) for member in members[:4]]
            items.append(
                (next(item_ids), pk, "Preparare il calendario", members[0], day + timedelta(days=14), "open", "")
            )
    columns = ["id", "table_id", "starts_at", "place", "agenda", "decisions", "minutes", "minutes_status",
               "approved_by_id", "approved_at", "sent_at", "version", "created_at", "updated_at",
               "uid", "sequence", "cancellation_reason"]  # fmt: skip
    load(Meeting, columns, meetings)
    seed.progress.step("meetings", len(meetings))
    load(Meeting.attendees.through, ["meeting_id", "tablemember_id"], attendees)
    load(ActionItem, ["id", "meeting_id", "description", "owner_id", "due_on", "status", "done_note"], items)
    seed.progress.step("attendance and items", len(attendees) + len(items))


def finish(seed: Seed) -> None:
    """Move the id sequences past the rows loaded with explicit ids.

    The planner's statistics are gathered by seed_demo's VACUUM ANALYZE once this transaction has committed.
    An ANALYZE here would do the same work twice and, inside a test's transaction that is rolled back,
    leave row counts behind for the next tests' plans (PostgreSQL updates them in place).
    """
    reset_sequences(User, Organisation, Contact, Opportunity, Person, Case, Consent, CaseNeed, Referral, ReferralTransition,
                    JointPlan, PlanPartner, CommunityAction, Table, TableMember, Meeting, ActionItem)  # fmt: skip
    seed.progress.step("sequences", 0)
