"""The demo partner: someone at the oratorio of San Vittore who answers referrals in the partner portal.

Chiara Galli is the oratorio's liaison figure in the demo directory; her account (role partner, no team)
sees the referrals to the oratorio, its listing and the table it sits on, and nothing else.
"""

from django.contrib.auth.models import Group

from accounts.models import User
from accounts.roles import PARTNER
from demo.accounts import DEMO_PASSWORD
from partners.models import PartnerAccount
from territory.models import Contact

PARTNER_USERNAME = "partner.oratorio"
PARTNER_ORGANISATION = "Parrocchia San Vittore - Oratorio"
PARTNER_CONTACT = ("Chiara", "Galli")


def seed_partner() -> User:
    """Create or reset the demo partner's account (after the directory and the roles are seeded)."""
    contact = Contact.objects.get(
        organisation__name=PARTNER_ORGANISATION, first_name=PARTNER_CONTACT[0], last_name=PARTNER_CONTACT[1]
    )
    user, _ = User.objects.update_or_create(
        username=PARTNER_USERNAME,
        defaults={
            "first_name": contact.first_name,
            "last_name": contact.last_name,
            "email": contact.email,
            "team": None,
            "is_staff": False,
            "is_superuser": False,
        },
    )
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    user.groups.set([Group.objects.get(name=PARTNER)])
    PartnerAccount.objects.update_or_create(user=user, defaults={"contact": contact})
    return user


def login_line() -> str:
    """As `seed_demo` prints the other demo logins."""
    return f"  {PARTNER_USERNAME:<18} {PARTNER:<14} {PARTNER_ORGANISATION}"
