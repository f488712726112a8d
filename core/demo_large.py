"""The large data set for benchmarks: a whole region's worth of records, loaded with COPY.

Volumes at scale 1: 5,000 organisations, 100,000 people, 150,000 cases, 300,000 referrals and
200,000 community actions (500,000 between them), 2,000 tables with 12,000 meetings. Everything is
generated from a fixed seed, so two runs give the same data.
"""

import random
import sys
import time
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Team, User
from accounts.roles import SOCIAL_WORKER
from cases.choices import REFERRAL_TRANSITIONS, ReferralStatus
from cases.models import Case, CaseNeed, JointPlan, Person, PlanPartner, Referral, ReferralTransition
from community.models import ActionItem, CommunityAction, Meeting, Table, TableMember
from core.bulk import load, next_id, reset_sequences
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
PATHS = {
    ReferralStatus.DRAFT: [],
    ReferralStatus.SENT: ["sent"],
    ReferralStatus.ACCEPTED: ["sent", "accepted"],
    ReferralStatus.DECLINED: ["sent", "declined"],
    ReferralStatus.IN_PROGRESS: ["sent", "accepted", "in_progress"],
    ReferralStatus.COMPLETED: ["sent", "accepted", "in_progress", "completed"],
    ReferralStatus.WITHDRAWN: ["sent", "withdrawn"],
}


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


def _stamp(day: date) -> str:
    return f"{day.isoformat()} 10:00:00+00"


@transaction.atomic
def seed_large(scale: float = 1.0, out=sys.stderr) -> dict[str, int]:
    rnd = random.Random(2026)  # noqa: S311 (demo data, not secrets)
    # Ratios (per team, per table) stay; totals shrink with the scale (tests run it at 0.001).
    size = {key: value if "_per_" in key else max(1, round(value * scale)) for key, value in VOLUMES.items()}
    today = timezone.localdate()
    progress = Progress(stages=15, out=out)
    counts = {}
    areas = list(Area.objects.values_list("pk", flat=True))
    neighbourhoods = list(Area.objects.filter(kind="neighbourhood").values_list("pk", flat=True)) or areas
    now = _stamp(today)

    # Teams and workers
    teams = [Team.objects.create(name=f"Équipe {n:03d} (dati di prova)") for n in range(size["teams"])]
    password = make_password("rete-demo-2026")
    user_id = next_id(User)
    workers_by_team = {}
    users = []
    for team in teams:
        ids = []
        for _ in range(size["workers_per_team"]):
            users.append(
                (
                    user_id,
                    password,
                    False,
                    f"operatore{user_id}",
                    rnd.choice(FIRST),
                    rnd.choice(LAST),
                    "",
                    False,
                    True,
                    now,
                    team.pk,
                )
            )
            ids.append(user_id)
            user_id += 1
        workers_by_team[team.pk] = ids
    cols = [
        "id",
        "password",
        "is_superuser",
        "username",
        "first_name",
        "last_name",
        "email",
        "is_staff",
        "is_active",
        "date_joined",
        "team_id",
    ]
    counts["workers"] = load(User, cols, users)
    social_worker = Group.objects.get(name=SOCIAL_WORKER)
    load(User.groups.through, ["user_id", "group_id"], ((uid, social_worker.pk) for uid, *_ in users))
    all_workers = [uid for ids in workers_by_team.values() for uid in ids]
    progress.step("workers", counts["workers"])

    # Organisations, contacts, opportunities
    org_start = next_id(Organisation)
    orgs = range(org_start, org_start + size["organisations"])
    counts["organisations"] = load(
        Organisation,
        ["id", "name", "kind", "runts_number", "cooperative_type", "fiscal_code", "vat_number", "address", "postcode",
         "latitude", "longitude", "email", "phone", "website", "notes", "active", "version", "created_at", "updated_at"],
        ((pk, f"{rnd.choice(['Associazione', 'Cooperativa', 'Gruppo', 'Oratorio', 'Centro'])} {rnd.choice(LAST)} {pk}",
          rnd.choice(KINDS), "", "", "", "", f"Via Roma {pk % 200}", "", round(45.3 + rnd.random() * 0.5, 6),
          round(8.8 + rnd.random() * 0.6, 6), f"info{pk}@example.it", "", "", "", True, 1, now, now) for pk in orgs),
    )  # fmt: skip
    # social cooperatives need no cooperative type; the constraint only forbids it elsewhere.
    load(Organisation.areas_served.through, ["organisation_id", "area_id"], ((pk, rnd.choice(areas)) for pk in orgs))
    load(Organisation.target_groups.through, ["organisation_id", "targetgroup_id"], ((pk, 1 + pk % 10) for pk in orgs))
    load(
        Organisation.poverty_dimensions.through,
        ["organisation_id", "povertydimension_id"],
        ((pk, 1 + pk % 4) for pk in orgs),
    )
    progress.step("organisations", counts["organisations"])
    contact_start = next_id(Contact)
    contacts = {org: contact_start + i for i, org in enumerate(orgs)}
    load(Contact, ["id", "organisation_id", "first_name", "last_name", "role", "email", "phone", "is_liaison", "notes", "active", "created_at", "updated_at"],
         ((cid, org, rnd.choice(FIRST), rnd.choice(LAST), "Referente", f"c{cid}@example.it", "", True, "", True, now, now) for org, cid in contacts.items()))  # fmt: skip
    progress.step("contacts", len(contacts))
    opp_start = next_id(Opportunity)
    opportunities = list(range(opp_start, opp_start + 2 * size["organisations"]))
    opp_org = {opp: org_start + (opp - opp_start) // 2 for opp in opportunities}
    load(Opportunity, ["id", "organisation_id", "title", "kind", "description", "capacity", "how_to_access", "start_date", "end_date", "liaison_id", "active", "version", "created_at", "updated_at"],
         ((opp, opp_org[opp], f"{rnd.choice(['Doposcuola', 'Emporio', 'Orti', 'Sportello', 'Laboratorio'])} {opp}", rnd.choice(OPPORTUNITY_KINDS), "", 20, "", None, None, contacts[opp_org[opp]], True, 1, now, now) for opp in opportunities))  # fmt: skip
    load(
        Opportunity.areas.through,
        ["opportunity_id", "area_id"],
        ((opp, rnd.choice(neighbourhoods)) for opp in opportunities),
    )
    load(
        Opportunity.poverty_dimensions.through,
        ["opportunity_id", "povertydimension_id"],
        ((opp, 1 + opp % 4) for opp in opportunities),
    )
    load(
        Opportunity.target_groups.through,
        ["opportunity_id", "targetgroup_id"],
        ((opp, 1 + opp % 10) for opp in opportunities),
    )
    progress.step("opportunities", len(opportunities))

    # People and cases
    person_start = next_id(Person)
    people = range(person_start, person_start + size["people"])
    person_team = {pk: teams[pk % len(teams)].pk for pk in people}
    counts["people"] = load(
        Person,
        ["id", "team_id", "first_name", "last_name", "fiscal_code", "birth_date", "sex", "area_id", "address", "phone", "email", "household_notes", "anonymised_on", "version", "created_at", "updated_at"],
        ((pk, person_team[pk], rnd.choice(FIRST), rnd.choice(LAST), None, date(1940 + pk % 75, 1 + pk % 12, 1 + pk % 28), rnd.choice("FMX"), rnd.choice(neighbourhoods), "", "", "", "", None, 1, now, now) for pk in people),
    )  # fmt: skip
    progress.step("people", counts["people"])
    case_start = next_id(Case)
    cases = range(case_start, case_start + size["cases"])
    case_person = {pk: person_start + (pk - case_start) % size["people"] for pk in cases}
    case_team = {pk: person_team[case_person[pk]] for pk in cases}
    case_worker = {pk: rnd.choice(workers_by_team[case_team[pk]]) for pk in cases}
    case_opened = {pk: today - timedelta(days=rnd.randrange(30, 1100)) for pk in cases}
    statuses = ["open"] * 7 + ["suspended"] + ["closed"] * 2
    counts["cases"] = load(
        Case,
        ["id", "person_id", "team_id", "responsible_id", "status", "opened_on", "status_changed_on", "goals", "consent_given_on", "consent_scope", "commitments", "version", "created_at", "updated_at"],
        ((pk, case_person[pk], case_team[pk], case_worker[pk], rnd.choice(statuses), case_opened[pk], None, "Obiettivi concordati.", case_opened[pk], "Dati essenziali.", "", 1, now, now) for pk in cases),
    )  # fmt: skip
    need_id = next_id(CaseNeed)
    needs = []
    for pk in cases:
        for dimension in rnd.sample(range(1, 5), 2):
            needs.append((need_id, pk, dimension, rnd.randint(1, 3)))
            need_id += 1
    load(CaseNeed, ["id", "case_id", "dimension_id", "level"], needs)
    progress.step("cases and needs", counts["cases"])

    # Referrals and their steps
    referral_start = next_id(Referral)
    referral_status_choices = list(PATHS)
    referrals, steps = [], []
    step_id = next_id(ReferralTransition)
    for pk in range(referral_start, referral_start + size["referrals"]):
        case = rnd.choice(cases)
        status = rnd.choice(referral_status_choices)
        day = case_opened[case] + timedelta(days=rnd.randrange(1, 20))
        path = PATHS[status]
        previous = "draft"
        for index, to in enumerate(path):
            steps.append(
                (
                    step_id,
                    pk,
                    previous,
                    to,
                    min(day + timedelta(days=7 * (index + 1)), today),
                    case_worker[case],
                    "Esito positivo" if to == "completed" else ("Posti esauriti" if to == "declined" else ""),
                    now,
                )
            )
            step_id += 1
            previous = to
        changed = min(day + timedelta(days=7 * len(path)), today)
        open_ = bool(REFERRAL_TRANSITIONS[status])
        referrals.append((pk, case, "use" if pk % 2 else "referral", rnd.choice(opportunities), None, status, changed, "",
                          today + timedelta(days=rnd.randrange(-10, 30)) if open_ else None,
                          "Posti esauriti" if status == "declined" else "", "Esito positivo" if status == "completed" else "",
                          case_worker[case], 1, now, now))  # fmt: skip
    counts["referrals"] = load(
        Referral,
        ["id", "case_id", "kind", "opportunity_id", "liaison_id", "status", "status_changed_on", "reason", "follow_up_on", "decline_reason", "outcome", "created_by_id", "version", "created_at", "updated_at"],
        referrals,
    )  # fmt: skip
    progress.step("referrals", counts["referrals"])
    load(
        ReferralTransition,
        ["id", "referral_id", "from_status", "to_status", "occurred_on", "actor_id", "note", "created_at"],
        steps,
    )
    progress.step("referral steps", len(steps))

    # Joint plans
    plan_start = next_id(JointPlan)
    plans = range(plan_start, plan_start + size["plans"])
    plan_case = {pk: rnd.choice(cases) for pk in plans}
    load(JointPlan, ["id", "case_id", "title", "status", "started_on", "next_review_on", "notes", "version", "created_at", "updated_at"],
         ((pk, plan_case[pk], f"Progetto condiviso {pk}", "active", case_opened[plan_case[pk]] + timedelta(days=15), today + timedelta(days=rnd.randrange(-5, 60)), "", 1, now, now) for pk in plans))  # fmt: skip
    partner_id = next_id(PlanPartner)
    partners = []
    for pk in plans:
        for org in rnd.sample(list(orgs), min(2, len(orgs))):
            partners.append((partner_id, pk, org, None, "Accompagnamento", ""))
            partner_id += 1
    load(PlanPartner, ["id", "plan_id", "organisation_id", "contact_id", "role", "commitments"], partners)
    progress.step("joint plans", len(plans))

    # Community actions
    action_start = next_id(CommunityAction)
    actions = range(action_start, action_start + size["actions"])
    kinds = [
        ("invitation", ""),
        ("hook_up", "volunteer_availability"),
        ("hook_up", "information_request"),
        ("workshop", ""),
    ]
    rows = []
    for pk in actions:
        kind, hook = rnd.choice(kinds)
        rows.append(
            (
                pk,
                kind,
                rnd.choice(["new_bonds", "care"]),
                today - timedelta(days=rnd.randrange(0, 1100)),
                f"Azione {pk}",
                "",
                rnd.choice(neighbourhoods),
                None,
                None,
                "",
                hook,
                "",
                None,
                None,
                None,
                rnd.choice(all_workers),
                now,
                now,
            )
        )
    counts["actions"] = load(
        CommunityAction,
        ["id", "kind", "bond_kind", "date", "title", "notes", "area_id", "citizens_count", "follow_up_on", "follow_up", "hook_up_kind", "offered_by", "created_contact_id", "created_opportunity_id", "created_case_id", "recorded_by_id", "created_at", "updated_at"],
        rows,
    )  # fmt: skip
    progress.step("community actions", counts["actions"])
    load(
        CommunityAction.organisations.through,
        ["communityaction_id", "organisation_id"],
        ((pk, rnd.choice(orgs)) for pk in actions),
    )
    load(
        CommunityAction.workers.through,
        ["communityaction_id", "user_id"],
        ((pk, rows[pk - action_start][-3]) for pk in actions),
    )
    progress.step("action links", 2 * len(actions))

    # Tables, members, meetings
    table_start = next_id(Table)
    tables = range(table_start, table_start + size["tables"])
    load(Table, ["id", "name", "kind", "purpose", "area_id", "coordinator_id", "active", "version", "created_at", "updated_at"],
         ((pk, f"Tavolo {pk}", rnd.choice(["extended", "operational"]), "", rnd.choice(areas), rnd.choice(all_workers), True, 1, now, now) for pk in tables))  # fmt: skip
    member_id = next_id(TableMember)
    members, table_members = [], {}
    for pk in tables:
        table_members[pk] = []
        for org in rnd.sample(list(orgs), min(6, len(orgs))):
            members.append((member_id, pk, org, None, "", "", ""))
            table_members[pk].append(member_id)
            member_id += 1
    load(TableMember, ["id", "table_id", "organisation_id", "contact_id", "citizen_name", "email", "role"], members)
    progress.step("tables", len(tables))
    meeting_id = next_id(Meeting)
    meetings, attendees, items = [], [], []
    item_id = next_id(ActionItem)
    for pk in tables:
        for n in range(size["meetings_per_table"]):
            day = today - timedelta(days=30 * (size["meetings_per_table"] - n))
            status = "sent" if n < size["meetings_per_table"] - 2 else rnd.choice(["draft", "in_review"])
            # Sent minutes were approved: the database checks that they name who approved them.
            approval = (all_workers[0], now, now) if status == "sent" else (None, None, None)
            meetings.append((meeting_id, pk, f"{day.isoformat()} 17:30:00+00", "Sala consiliare", "Aggiornamenti", "", "Verbale.", status,
                             *approval, 1, now, now))  # fmt: skip
            for member in table_members[pk][:4]:
                attendees.append((meeting_id, member))
            items.append(
                (item_id, meeting_id, "Preparare il calendario", table_members[pk][0], day + timedelta(days=14), "open")
            )
            item_id += 1
            meeting_id += 1
    load(
        Meeting,
        [
            "id",
            "table_id",
            "starts_at",
            "place",
            "agenda",
            "decisions",
            "minutes",
            "minutes_status",
            "approved_by_id",
            "approved_at",
            "sent_at",
            "version",
            "created_at",
            "updated_at",
        ],
        meetings,
    )
    progress.step("meetings", len(meetings))
    load(Meeting.attendees.through, ["meeting_id", "tablemember_id"], attendees)
    load(ActionItem, ["id", "meeting_id", "description", "owner_id", "due_on", "status"], items)
    progress.step("attendance and items", len(attendees) + len(items))

    reset_sequences(User, Organisation, Contact, Opportunity, Person, Case, CaseNeed, Referral, ReferralTransition,
                    JointPlan, PlanPartner, CommunityAction, Table, TableMember, Meeting, ActionItem)  # fmt: skip
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    progress.step("sequences and statistics", 0)
    return counts
