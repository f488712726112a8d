"""The demo's partner: an account at the oratorio, printed with the other logins, and the partners'
e-mails with their links in the demo mailbox."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.roles import PARTNER
from outbox.models import Email
from tests.partners.conftest import link_in


@pytest.fixture
def demo_out(db, debug):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_demo_creates_the_partner_and_prints_its_login(demo_out):
    partner = User.objects.get(username="partner.oratorio")
    assert [group.name for group in partner.groups.all()] == [PARTNER]
    assert partner.team is None and partner.check_password("rete-demo-2026")
    assert partner.partner_account.organisation.name == "Parrocchia San Vittore - Oratorio"
    assert any(line.split()[:2] == ["partner.oratorio", PARTNER] for line in demo_out.splitlines())


def test_the_demo_partner_answers_its_organisations_referrals_and_nothing_else(demo_out, client):
    client.force_login(User.objects.get(username="partner.oratorio"))
    referrals = client.get(reverse("portal:home")).context["referrals"]
    assert referrals and {r.organisation for r in referrals} == {"Parrocchia San Vittore - Oratorio"}
    waiting = [r for r in referrals if r.answers]
    assert waiting, "the demo has a referral for the partner to answer"
    assert client.get(reverse("cases:case_list")).status_code == 404
    assert client.get(reverse("portal:tables")).context["tables"]


def test_the_demo_mailbox_shows_the_partner_e_mails_with_their_links(demo_out, client):
    email = Email.objects.filter(kind="referral_partner").first()
    assert email is not None and settings.SITE_URL + "/collegamento/invio/" in email.body
    assert Email.objects.filter(kind="minutes", body__contains="/collegamento/verbale/").exists()
    client.force_login(User.objects.get(username="admin"))
    assert (
        settings.SITE_URL + "/collegamento/invio/"
        in client.get(reverse("demo:message", args=[email.pk])).content.decode()
    )
    assert Client().get(link_in(email.body)).status_code == 200
