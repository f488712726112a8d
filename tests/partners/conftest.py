"""The cast of the partners' tests: the oratorio's liaison Chiara (no account), Sara's case of Maria Bianchi
referred to the oratorio's after-school, and Giorgio, the oratorio's partner account."""

import re
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from accounts.roles import PARTNER
from cases.services import transition_referral
from outbox.models import Email
from partners.models import PartnerAccount
from tests.factories import (
    CaseFactory,
    ConsentFactory,
    ContactFactory,
    OpportunityFactory,
    OrganisationFactory,
    ReferralFactory,
    UserFactory,
)

LINK = re.compile(r"https?://\S+?/collegamento/(?:invio|verbale|azione)/[A-Za-z0-9_-]{43}/")


def link_in(body: str) -> str:
    """The path of the (first) partner link in an e-mail's body."""
    match = LINK.search(body)
    assert match, body
    return urlsplit(match.group(0)).path


def links_in(body: str) -> list[str]:
    return [urlsplit(url).path for url in LINK.findall(body)]


@pytest.fixture
def oratorio(db):
    return OrganisationFactory(name="Oratorio San Vittore")


@pytest.fixture
def liaison(oratorio):
    """Chiara, the oratorio's liaison figure: she answers referrals from the e-mailed link."""
    return ContactFactory(
        organisation=oratorio, first_name="Chiara", last_name="Galli", email="chiara@oratorio.example.it"
    )


@pytest.fixture
def opportunity(oratorio, liaison):
    return OpportunityFactory(organisation=oratorio, title="Doposcuola elementari", liaison=liaison)


@pytest.fixture
def case(worker):
    case = CaseFactory(
        person__team=worker.team,
        person__first_name="Maria",
        person__last_name="Bianchi",
        responsible=worker,
        without_consent=True,
    )
    ConsentFactory(case=case, recipient="any_partner", scope="name")
    return case


@pytest.fixture
def referral(case, opportunity):
    return ReferralFactory(
        case=case,
        opportunity=opportunity,
        partner_note="Maria arriva con la mamma il lunedì.",
        status_changed_on=timezone.localdate(),
    )


def send(referral, actor=None):
    return transition_referral(
        referral=referral, to_status="sent", actor=actor or referral.case.responsible, occurred_on=timezone.localdate()
    )


@pytest.fixture
def sent(referral):
    """The referral sent: the oratorio's liaison has the e-mail with the link."""
    send(referral)
    referral.refresh_from_db()
    return referral


@pytest.fixture
def link(sent):
    return link_in(Email.objects.get(kind="referral_partner").body)


@pytest.fixture
def partner_user(oratorio):
    """Giorgio, at the oratorio, with a partner account."""
    contact = ContactFactory(organisation=oratorio, first_name="Giorgio", last_name="Cattaneo")
    user = UserFactory(username="giorgio", team=None, role=PARTNER, first_name="Giorgio", last_name="Cattaneo")
    PartnerAccount.objects.create(user=user, contact=contact)
    return user


@pytest.fixture
def partner_client(client, partner_user):
    client.force_login(partner_user)
    return client
