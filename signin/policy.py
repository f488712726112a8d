"""Who must have a second factor, and whether a signed-in session still owes its enrolment."""

from django.conf import settings

from accounts.roles import ADMIN

# The factors that count: recovery codes only stand in for a lost one.
SECOND_FACTORS = ("totp", "webauthn")
# Kept in the session from sign-in on, so the gate on every page costs no query.
ENROLMENT_DUE = "signin_enrolment_due"


def requires_second_factor(user) -> bool:
    """Whether the user's roles (settings.MFA_REQUIRED_ROLES) require a second factor.

    A superuser counts as an admin: the role that manages accounts is never the one left without it.
    """
    required = set(settings.MFA_REQUIRED_ROLES)
    if not required or not user.is_authenticated:
        return False
    if user.is_superuser and ADMIN in required:
        return True
    return user.groups.filter(name__in=required).exists()


def has_second_factor(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTORS).exists()


def enrolment_due(user) -> bool:
    return requires_second_factor(user) and not has_second_factor(user)


def remember_enrolment_due(request, user) -> None:
    request.session[ENROLMENT_DUE] = enrolment_due(user)
