"""The demo teams and users, one per role, all with the same published password (DEBUG only).

None is a superuser: each has exactly its role's permissions, so the demo shows what each role may do
(the admin manages accounts and the directory, also in the Django admin, and reads no case).
"""

from django.contrib.auth.models import Group

from accounts.models import Team, User
from accounts.roles import ADMIN, AUDITOR, COORDINATOR, SOCIAL_WORKER, sync_roles

DEMO_PASSWORD = "rete-demo-2026"  # noqa: S105 (printed by make run and in the README: demo only)

# username, first name, last name, role, team, staff (may sign in to the Django admin)
DEMO_USERS = [
    ("admin", "Alessandra", "Amministratrice", ADMIN, None, True),
    ("dpo", "Elena", "Sartori", AUDITOR, None, False),
    ("assistente.nord", "Sara", "Colombo", SOCIAL_WORKER, "Équipe Rho Nord", False),
    ("assistente.sud", "Marco", "Ferri", SOCIAL_WORKER, "Équipe Rho Sud e Settimo", False),
    ("coordinatrice", "Paola", "Righi", COORDINATOR, "Équipe Rho Nord", False),
]


def seed_users() -> dict[str, User]:
    """Create or reset the demo users (and their teams) with their role group; returns them by username."""
    sync_roles()
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
                # Also takes it away from an `admin` created by an older seed_demo.
                "is_superuser": False,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        user.groups.set([Group.objects.get(name=role)])
        users[username] = user
    return users


def logins() -> list[str]:
    """One line per demo user: username, role and team, as `seed_demo` prints them."""
    return [f"  {username:<18} {role:<14} {team or ''}" for username, _first, _last, role, team, _staff in DEMO_USERS]
