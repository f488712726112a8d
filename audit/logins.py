from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from audit.context import Actor, current_actor
from audit.models import Action, AuditEvent
from audit.services import record
from signin.signals import second_factor_reset, sessions_ended, sso_refused


@receiver(user_logged_in)
def logged_in(sender, request, user, **kwargs):
    _login_event(request, user, Action.LOGIN)


@receiver(user_logged_out)
def logged_out(sender, request, user, **kwargs):
    if user is not None:
        _login_event(request, user, Action.LOGOUT)


@receiver(user_login_failed)
def login_failed(sender, credentials, request=None, **kwargs):
    # The username typed is kept (it may not exist): that is what the auditor needs to see an attack.
    AuditEvent.objects.create(
        username=str(credentials.get("username", ""))[:150],
        action=Action.LOGIN_FAILED,
        ip=request.META.get("REMOTE_ADDR") if request else None,
        path=request.path if request else "",
        allowed=False,
    )


@receiver(sso_refused)
def single_sign_on_refused(sender, request, username, reason, **kwargs):
    # The identity provider answered, but Rete refused: an unknown account, a nonce or issuer that does not
    # match. The claimed username, when there was one, is kept as for a failed password.
    AuditEvent.objects.create(
        username=username[:150],
        action=Action.LOGIN_FAILED,
        ip=request.META.get("REMOTE_ADDR"),
        path=request.path,
        allowed=False,
        changes={"single_sign_on": reason},
    )


@receiver(second_factor_reset)
def second_factor_was_reset(sender, user, count, **kwargs):
    record(Action.MFA_RESET, user, changes={"second_factors_removed": count})


@receiver(sessions_ended)
def sessions_were_ended(sender, user, count, reason, **kwargs):
    record(Action.SESSIONS_ENDED, user, changes={"sessions": count, "reason": str(reason)})


def _login_event(request, user, action):
    actor = current_actor.get() or Actor(user=None, ip=None, path="")
    AuditEvent.objects.create(
        user=user,
        username=user.get_username(),
        role=Actor(user=user, ip=None, path="").role,
        action=action,
        ip=request.META.get("REMOTE_ADDR") if request else actor.ip,
        path=request.path if request else actor.path,
    )
