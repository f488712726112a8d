"""What allauth keeps of people, for the personal-data inventory (see core.personal_data)."""

from django.utils.translation import gettext_lazy as _

from core.personal_data import ACCOUNT, IDENTIFYING, NOT_PERSONAL, SERVICE, register

SIGNED_IN_SESSION = _("sessions list: until the session ends, then removed by the nightly purge (signin.jobs)")


def register_inventory() -> None:
    # The secret of the authenticator app and the recovery codes: removed with the account, or by an admin.
    register(
        "mfa.Authenticator",
        fields={"id": NOT_PERSONAL, "user": IDENTIFYING, "type": SERVICE, "data": SERVICE, "created_at": SERVICE,
                "last_used_at": SERVICE},
        retention=ACCOUNT,
    )  # fmt: skip
    register(
        "usersessions.UserSession",
        fields={"id": NOT_PERSONAL, "user": IDENTIFYING, "created_at": SERVICE, "ip": IDENTIFYING,
                "last_seen_at": SERVICE, "session_key": IDENTIFYING, "user_agent": IDENTIFYING, "data": SERVICE},
        retention=SIGNED_IN_SESSION,
    )  # fmt: skip
    # The identity at the municipality's provider an account is tied to, with the claims it last sent.
    register(
        "socialaccount.SocialAccount",
        fields={"id": NOT_PERSONAL, "user": IDENTIFYING, "provider": SERVICE, "uid": IDENTIFYING,
                "last_login": SERVICE, "date_joined": SERVICE, "extra_data": IDENTIFYING},
        retention=ACCOUNT,
    )  # fmt: skip
    register(
        "account.EmailAddress",
        fields={"id": NOT_PERSONAL, "user": IDENTIFYING, "email": IDENTIFYING, "verified": SERVICE,
                "primary": SERVICE},
        retention=ACCOUNT,
    )  # fmt: skip
