"""The personal data of accounts, for the inventory (see core.personal_data)."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Team, User
from core.personal_data import ACCOUNT, CONTACT, IDENTIFYING, NOT_PERSONAL, SERVICE, register

TEAM = _("service structure: until the team is deleted by an admin")


def register_inventory() -> None:
    register(
        User,
        fields={
            "id": NOT_PERSONAL, "password": SERVICE, "last_login": SERVICE, "is_superuser": SERVICE,
            "username": IDENTIFYING, "first_name": IDENTIFYING, "last_name": IDENTIFYING, "email": CONTACT,
            "is_staff": SERVICE, "is_active": SERVICE, "date_joined": SERVICE, "team": SERVICE,
            "groups": SERVICE, "user_permissions": SERVICE, "unread_notifications": NOT_PERSONAL,
            "permissions_version": NOT_PERSONAL,
        },
        retention=ACCOUNT,
    )  # fmt: skip
    register(
        Team,
        fields=dict.fromkeys(
            ["id", "name", "description", "plans_need_approval", "closures_need_approval"], NOT_PERSONAL
        ),
        retention=TEAM,
    )
