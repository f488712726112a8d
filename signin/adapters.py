"""How django-allauth behaves in Rete: accounts made by admins, e-mail through the outbox, single sign-on to
existing accounts only, and no way for a role that requires a second factor to remove its last one."""

import time
from urllib.parse import quote

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.shortcuts import render
from django.urls import reverse

from outbox.services import queue_email
from signin import oidc
from signin.policy import SECOND_FACTORS, requires_second_factor
from signin.signals import sso_refused


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        # An admin creates accounts and decides their roles and team.
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Queue the message in the outbox: the job queue sends it, with retries, after the request."""
        message = self.render_mail(template_prefix, email, {"email": email, "site_url": settings.SITE_URL, **context})
        user = context.get("user")
        queue_email(
            kind=template_prefix.rsplit("/", 1)[-1][:40],
            recipient=str(user) if user is not None else email,
            address=email,
            subject=message.subject,
            body=message.body,
            about=user,
        )

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """Changing a second factor asks for the password again, unless the sign-in itself was a moment ago
        (ACCOUNT_REAUTHENTICATION_TIMEOUT, as GitHub's sudo mode): enrolment forced at the first sign-in
        would otherwise ask for the password twice in a row."""
        request = context.request
        records = get_authentication_records(request, request.user) if request is not None else []
        if records and time.time() - records[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT:
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def get_reset_password_from_key_url(self, key: str) -> str:
        # SITE_URL, as every link Rete sends, rather than the Host header of whoever asked for the reset.
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return settings.SITE_URL + path.replace("UID-KEY", quote(key))


class SecondFactorAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """A role that requires a second factor may replace its last one, not remove it."""
        if authenticator.type not in SECOND_FACTORS or not requires_second_factor(authenticator.user):
            return True
        others = Authenticator.objects.filter(user_id=authenticator.user_id, type__in=SECOND_FACTORS)
        return others.exclude(pk=authenticator.pk).exists()


class SingleSignOnAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request, provider=None, client_id=None):
        # Only the provider configured from the environment (signin.oidc), never rows added in the admin.
        app = oidc.municipality_app()
        if app is None or (provider and provider not in (app.provider, app.provider_id)):
            return []
        if client_id and client_id != app.client_id:
            return []
        return [app]

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return settings.OIDC_CREATE_USERS

    def pre_social_login(self, request, sociallogin) -> None:
        """Check the nonce, then tie the identity to the existing account its claim names, or refuse."""
        if not oidc.nonce_matches(sociallogin):
            refuse(request, reason="nonce")
        if sociallogin.is_existing:
            return
        claimed = oidc.claimed_identity(sociallogin)
        user = oidc.matching_user(claimed)
        if user is not None:
            sociallogin.connect(request, user)
        elif not (settings.OIDC_CREATE_USERS and claimed):
            refuse(request, reason="unknown_user", username=claimed)

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None) -> None:
        # A state that does not match, an id_token from another issuer, an unreachable provider... One page
        # says so whatever it was; the audit trail keeps what allauth found (no personal data in it).
        if exception is not None:
            reason = str(exception)
        elif "state" not in (extra_context or {}):
            reason = "state"  # allauth found no state of this session's under the one sent back
        else:
            reason = str(error)
        refuse(request, reason=reason[:200])


def refuse(request, *, reason: str, username: str = "") -> None:
    sso_refused.send(sender=SingleSignOnAdapter, request=request, username=username, reason=reason)
    raise ImmediateHttpResponse(render(request, "signin/sso_refused.html", {"reason": reason}, status=403))
