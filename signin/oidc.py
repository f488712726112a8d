"""Single sign-on through the municipality's OpenID Connect provider, configured from the environment.

allauth's generic provider does the redirect flow (state, PKCE, code exchange, id_token checks of audience,
expiry and issuer). Two things are ours: the nonce, which allauth's generic provider does not send, and
pinning the issuer to the one configured, since allauth would otherwise trust whatever issuer the
discovery document names. The SocialApp is built from settings on each use, never stored, so the
environment is the one place it is configured.
"""

from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.crypto import constant_time_compare, get_random_string

PROVIDER = "openid_connect"
# In the addresses the provider redirects back to: /utente/oidc/comune/login/callback/
PROVIDER_ID = "comune"


def municipality_app() -> SocialApp | None:
    if not settings.OIDC_ISSUER:
        return None
    return SocialApp(
        provider=PROVIDER,
        provider_id=PROVIDER_ID,
        name=settings.OIDC_NAME,
        client_id=settings.OIDC_CLIENT_ID,
        secret=settings.OIDC_CLIENT_SECRET,
        settings={
            "server_url": settings.OIDC_ISSUER.rstrip("/"),
            "openid_configuration_overrides": {"issuer": settings.OIDC_ISSUER},
            "scope": settings.OIDC_SCOPES,
            "oauth_pkce_enabled": True,
        },
    )


class MunicipalityProvider(OpenIDConnectProvider):
    """allauth's generic OpenID Connect provider, plus a nonce tying the id_token to this browser's attempt."""

    # allauth finds a provider's URLs in its package: these are the generic provider's.
    package = "allauth.socialaccount.providers.openid_connect"

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        nonce = get_random_string(32)
        auth_params = {**(kwargs.pop("auth_params", None) or self.get_auth_params()), "nonce": nonce}
        # The nonce goes into the state allauth keeps in the session, checked when the provider answers.
        return super().redirect(request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs)


def nonce_matches(sociallogin) -> bool:
    expected = sociallogin.state.get("nonce") or ""
    received = (sociallogin.account.extra_data.get("id_token") or {}).get("nonce") or ""
    return bool(expected) and constant_time_compare(expected, received)


def claimed_identity(sociallogin) -> str:
    """The value of the configured claim (username or e-mail): from the signed id_token, else userinfo."""
    data = sociallogin.account.extra_data
    claim = settings.OIDC_USERNAME_CLAIM
    value = (data.get("id_token") or {}).get(claim) or (data.get("userinfo") or {}).get(claim) or ""
    return str(value).strip()


def matching_user(claimed: str):
    """The one active user whose username (or e-mail, OIDC_MATCH_FIELD) is the claimed value, else None."""
    if not claimed:
        return None
    field = "email" if settings.OIDC_MATCH_FIELD == "email" else "username"
    users = list(get_user_model().objects.filter(**{f"{field}__iexact": claimed}, is_active=True)[:2])
    # Two accounts with one e-mail address: neither is taken, an admin must tell them apart.
    return users[0] if len(users) == 1 else None
