"""Load the Italian demo data and demo users. Safe to run again: it never duplicates."""

import argparse
import time
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from accounts.models import Team
from accounts.roles import ADMIN, COORDINATOR, SOCIAL_WORKER, sync_roles
from cases.demo import seed_cases
from community.demo import seed_community
from core import demo_territory as demo
from core.demo_large import seed_large
from territory.choices import AreaKind
from territory.models import Area, Contact, Opportunity, Organisation, PovertyDimension, Protocol, TargetGroup

DEMO_PASSWORD = "rete-demo-2026"

# username, first name, last name, role, team, staff
DEMO_USERS = [
    ("admin", "Alessandra", "Amministratrice", ADMIN, None, True),
    ("assistente.nord", "Sara", "Colombo", SOCIAL_WORKER, "Équipe Rho Nord", False),
    ("assistente.sud", "Marco", "Ferri", SOCIAL_WORKER, "Équipe Rho Sud e Settimo", False),
    ("coordinatrice", "Paola", "Righi", COORDINATOR, "Équipe Rho Nord", False),
]


class Command(BaseCommand):
    help = "Load Italian demo data (territory of the Ambito del Rhodense) and demo users."

    def add_arguments(self, parser):
        parser.add_argument(
            "--size",
            choices=["small", "large"],
            default="small",
            help="small: the Italian demo (default); large: the demo plus a region's worth of records for benchmarks.",
        )
        parser.add_argument("--scale", type=float, default=1.0, help=argparse.SUPPRESS)

    def handle(self, *args, size="small", scale=1.0, **options):
        self.seed_small()
        if size == "large":
            started = time.monotonic()
            counts = seed_large(scale=scale, out=self.stderr)
            if connection.vendor == "postgresql" and not connection.in_atomic_block:
                # Visibility maps let PostgreSQL count with index-only scans; VACUUM cannot run in a
                # transaction (tests call this command inside one).
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM ANALYZE")
            self.stdout.write(
                self.style.SUCCESS(
                    f"Large data loaded in {time.monotonic() - started:.0f}s: "
                    + ", ".join(f"{count} {name}" for name, count in counts.items())
                )
            )

    @transaction.atomic
    def seed_small(self):
        sync_roles()
        areas = self.seed_areas()
        organisations = self.seed_organisations(areas)
        contacts = self.seed_contacts(organisations)
        self.seed_opportunities(organisations, areas, contacts)
        self.seed_protocol(organisations)
        users = self.seed_users()
        cases = seed_cases(
            teams={"nord": users["assistente.nord"].team, "sud": users["assistente.sud"].team},
            workers={"nord": users["assistente.nord"], "sud": users["assistente.sud"]},
        )
        actions = seed_community(
            coordinator=users["coordinatrice"], workers=[users["assistente.nord"], users["assistente.sud"]]
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(organisations)} organisations, {cases} cases, {actions} community actions."
            )
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, _first, _last, role, team, _staff in DEMO_USERS:
            self.stdout.write(f"  {username:<18} {role:<14} {team or ''}")

    def seed_areas(self) -> dict[str, Area]:
        district, _ = Area.objects.get_or_create(
            name=demo.DISTRICT[0], parent=None, defaults={"kind": AreaKind.DISTRICT, "regional_code": demo.DISTRICT[1]}
        )
        areas = {district.name: district}
        for name, istat_code, _lat, _lon, neighbourhoods in demo.MUNICIPALITIES:
            municipality, _ = Area.objects.update_or_create(
                istat_code=istat_code, defaults={"name": name, "kind": AreaKind.MUNICIPALITY, "parent": district}
            )
            areas[name] = municipality
            for neighbourhood in neighbourhoods:
                areas[neighbourhood], _ = Area.objects.get_or_create(
                    name=neighbourhood, parent=municipality, defaults={"kind": AreaKind.NEIGHBOURHOOD}
                )
        return areas

    def seed_organisations(self, areas: dict[str, Area]) -> dict[str, Organisation]:
        target_groups = {group.code: group for group in TargetGroup.objects.all()}
        dimensions = {dimension.code: dimension for dimension in PovertyDimension.objects.all()}
        centres = {name: (lat, lon) for name, _code, lat, lon, _n in demo.MUNICIPALITIES}
        organisations = {}
        for index, (name, kind, coop_type, town, neighbourhood, groups, dims) in enumerate(demo.ORGANISATIONS):
            latitude, longitude = demo.coordinates_near(*centres[town], index)
            is_body = kind not in (
                "informal_group",
                "parish",
                "school",
                "health_service",
                "job_centre",
                "municipal_office",
            )
            organisation, _ = Organisation.objects.update_or_create(
                name=name,
                defaults={
                    "kind": kind,
                    "cooperative_type": coop_type,
                    "fiscal_code": demo.numeric_fiscal_code(index) if is_body else "",
                    "runts_number": f"{12000 + index * 37}" if is_body and kind != "business" else "",
                    "address": f"Via {['Roma', 'Garibaldi', 'Matteotti', 'Mazzini', 'Manzoni'][index % 5]} {index + 3}",
                    "postcode": "20017" if town == "Rho" else "",
                    "municipality": areas[town],
                    "latitude": latitude,
                    "longitude": longitude,
                    "email": f"info.{index}@{town.lower().replace(' ', '')}.example.it",
                    "phone": f"02 93{index:02d} {4100 + index}",
                    "active": index != 38,
                },
            )
            organisation.areas_served.set([areas[neighbourhood or town]])
            organisation.target_groups.set([target_groups[code] for code in groups])
            organisation.poverty_dimensions.set([dimensions[code] for code in dims])
            organisations[name] = organisation
        return organisations

    def seed_contacts(self, organisations: dict[str, Organisation]) -> dict[str, Contact]:
        contacts = {}
        for organisation_name, first, last, role, liaison in demo.CONTACTS:
            contact, _ = Contact.objects.update_or_create(
                organisation=organisations[organisation_name],
                first_name=first,
                last_name=last,
                defaults={
                    "role": role,
                    "is_liaison": liaison,
                    "email": f"{first.split()[-1].lower()}.{last.lower().replace(' ', '')}@example.it",
                    "phone": f"333 {len(first) * 1111111 % 10000000:07d}",
                },
            )
            contacts[last] = contact
        return contacts

    def seed_opportunities(self, organisations, areas, contacts) -> None:
        target_groups = {group.code: group for group in TargetGroup.objects.all()}
        dimensions = {dimension.code: dimension for dimension in PovertyDimension.objects.all()}
        for organisation_name, title, kind, area_names, groups, dims, capacity, access, liaison in demo.OPPORTUNITIES:
            opportunity, _ = Opportunity.objects.update_or_create(
                organisation=organisations[organisation_name],
                title=title,
                defaults={
                    "kind": kind,
                    "description": title + ".",
                    "capacity": capacity,
                    "how_to_access": access,
                    "start_date": date(2025, 9, 15),
                    "liaison": contacts[liaison],
                },
            )
            opportunity.areas.set([areas[name] for name in area_names])
            opportunity.target_groups.set([target_groups[code] for code in groups])
            opportunity.poverty_dimensions.set([dimensions[code] for code in dims])

    def seed_protocol(self, organisations) -> None:
        protocol, _ = Protocol.objects.update_or_create(
            title=demo.PROTOCOL["title"],
            defaults={"scope": demo.PROTOCOL["scope"], "start_date": date(2025, 3, 1), "end_date": date(2027, 2, 28)},
        )
        protocol.partners.set([organisations[name] for name in demo.PROTOCOL["partners"]])

    def seed_users(self) -> dict:
        User = get_user_model()
        users = {}
        for username, first, last, role, team_name, staff in DEMO_USERS:
            team = Team.objects.get_or_create(name=team_name)[0] if team_name else None
            user, _ = User.objects.update_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@example.it",
                    "team": team,
                    "is_staff": staff,
                    "is_superuser": role == ADMIN,
                },
            )
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            user.groups.set([Group.objects.get(name=role)])
            users[username] = user
        return users
