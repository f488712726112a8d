"""Sign-in's answers to what Django and allauth announce."""

from allauth.account.signals import password_changed, password_reset, password_set
from allauth.mfa.signals import authentication_failed
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from signin.policy import remember_enrolment_due
from signin.services import EndReason, end_sessions


@receiver(user_logged_in, dispatch_uid="signin.enrolment_at_login")
def enrolment_at_login(sender, request, user, **kwargs):
    # Decided once per sign-in (signin.middleware): a role that requires a second factor and has none.
    if request is not None and hasattr(request, "session"):
        remember_enrolment_due(request, user)


@receiver(authentication_failed, dispatch_uid="signin.wrong_code")
def wrong_code(sender, request, user, **kwargs):
    # A wrong code is a failed login like a wrong password: django-axes counts it towards the lock (by
    # username and address) and the audit trail records it.
    user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=request)


@receiver(password_changed, dispatch_uid="signin.password_changed")
@receiver(password_set, dispatch_uid="signin.password_set")
def password_changed_ends_the_others(sender, request, user, **kwargs):
    end_sessions(user=user, reason=EndReason.PASSWORD, keep_session_key=request.session.session_key)


@receiver(password_reset, dispatch_uid="signin.password_reset")
def password_reset_ends_all(sender, request, user, **kwargs):
    end_sessions(user=user, reason=EndReason.PASSWORD)
