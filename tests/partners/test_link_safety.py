"""Links are safe: a forged, expired, revoked or misplaced token answers exactly as a missing page; the
pages are never cached, leak no referrer, carry no personal data in their address, and are rate-limited."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from audit.models import AuditEvent
from partners.models import PartnerLink
from partners.tokens import new_token


def normalised(response, path: str) -> str:
    """The page as any visitor sees it: without the request's own address and CSRF token."""
    body = response.content.decode().replace(path, "PATH")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)


@pytest.fixture
def anonymous(db):
    return Client()


@pytest.fixture
def missing(anonymous):
    path = "/collegamento/nessuna-pagina/"
    response = anonymous.get(path)
    assert response.status_code == 404
    return normalised(response, path)


def assert_like_missing(anonymous, missing, path, method="get"):
    response = getattr(anonymous, method)(path)
    assert response.status_code == 404, path
    assert normalised(response, path) == missing


def test_a_forged_or_malformed_token_is_a_missing_page(anonymous, missing, sent):
    for path in (f"/collegamento/invio/{new_token()}/", "/collegamento/invio/short/", "/collegamento/invio/x" * 3):
        assert_like_missing(anonymous, missing, path)
        assert_like_missing(anonymous, missing, path, "post")


def test_an_expired_link_is_a_missing_page_and_the_attempt_is_audited(anonymous, missing, link, settings):
    with time_machine.travel(timezone.now() + timedelta(days=settings.PARTNER_LINK_DAYS, minutes=1)):
        assert_like_missing(anonymous, missing, link)
    denied = AuditEvent.objects.get(action="denied")
    assert (denied.allowed, denied.object_type, denied.changes["why"]) == (False, "cases.referral", "expired")
    assert denied.changes["link"] == PartnerLink.objects.get().pk


def test_a_link_lasts_the_days_configured(anonymous, sent, settings):
    settings.PARTNER_LINK_DAYS = 2
    from partners.services import resend_referral
    from tests.partners.conftest import link_in

    resend_referral(referral=sent, actor=sent.case.responsible)
    from outbox.models import Email

    path = link_in(Email.objects.latest("pk").body)
    with time_machine.travel(timezone.now() + timedelta(days=1, hours=23)):
        assert anonymous.get(path).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=2, minutes=1)):
        assert anonymous.get(path).status_code == 404


def test_a_revoked_link_is_a_missing_page(anonymous, missing, link, sent):
    from partners.services import revoke_referral_links

    revoke_referral_links(referral=sent, actor=sent.case.responsible)
    assert_like_missing(anonymous, missing, link)
    assert_like_missing(anonymous, missing, link, "post")
    assert sent.status == "sent"
    assert [event.changes["why"] for event in AuditEvent.objects.filter(action="denied")] == ["revoked", "revoked"]


def test_a_token_used_for_another_purpose_is_a_missing_page(anonymous, missing, link):
    token = link.rstrip("/").rsplit("/", 1)[1]
    for purpose in ("verbale", "azione"):
        assert_like_missing(anonymous, missing, f"/collegamento/{purpose}/{token}/")
        assert_like_missing(anonymous, missing, f"/collegamento/{purpose}/{token}/", "post")


def test_the_address_holds_the_token_only(link, sent):
    # Nothing but the purpose and the random token: no id, no name, no title.
    assert re.fullmatch(r"/collegamento/invio/[A-Za-z0-9_-]{43}/", link)
    for leak in ("Maria", "Bianchi", "Doposcuola", "Oratorio"):
        assert leak.lower() not in link.lower()


def test_the_pages_are_never_stored_and_send_no_referrer_elsewhere(anonymous, link):
    response = anonymous.get(link)
    assert "no-store" in response["Cache-Control"]
    # The token in the address never reaches another site.
    assert response["Referrer-Policy"] == "same-origin"
    assert "noindex" in response["X-Robots-Tag"]


def test_the_pages_are_rate_limited_per_address(link, settings):
    settings.PARTNER_LINK_RATE_LIMIT = 3
    scanner, partner = Client(REMOTE_ADDR="198.51.100.9"), Client(REMOTE_ADDR="203.0.113.7")
    codes = [scanner.get(f"/collegamento/invio/{new_token()}/").status_code for _ in range(3)]
    assert codes == [404, 404, 404]
    # Past the limit, even a good link answers 429: the limit comes before any lookup.
    limited = scanner.get(link)
    assert (limited.status_code, limited["Retry-After"]) == (429, str(settings.PARTNER_LINK_RATE_WINDOW))
    assert partner.get(link).status_code == 200


def test_the_pages_are_public_on_purpose_and_only_take_get_and_post(anonymous, link):
    assert anonymous.get(link).status_code == 200
    assert anonymous.head(link).status_code == 405
