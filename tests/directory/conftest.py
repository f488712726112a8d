import pytest

from tests.factories import AreaFactory, ContactFactory, OpportunityFactory, OrganisationFactory


@pytest.fixture
def rho(db):
    return AreaFactory(municipality=True, name="Rho", istat_code="015182")


@pytest.fixture
def mazzo(rho):
    return AreaFactory(neighbourhood=True, name="Mazzo", parent=rho)


@pytest.fixture
def oratorio(rho):
    return OrganisationFactory(
        name="Oratorio San Michele", published=True, municipality=rho, latitude="45.53", longitude="9.04"
    )


@pytest.fixture
def doposcuola(oratorio, mazzo):
    return OpportunityFactory(
        organisation=oratorio,
        title="Doposcuola medie Mazzo",
        published=True,
        minimum_age=11,
        maximum_age=14,
        how_to_access="Colloquio il martedì pomeriggio.",
        fees="Gratuito.",
        languages="it, en",
        areas=[mazzo],
        target_groups=["adolescents"],
        poverty_dimensions=["educational"],
    )


@pytest.fixture
def canary(oratorio, mazzo):
    """An unpublished opportunity of a published organisation: it must never appear outside."""
    return OpportunityFactory(
        organisation=oratorio,
        title="CANARY non pubblicata",
        published=False,
        minimum_age=11,
        maximum_age=14,
        areas=[mazzo],
        target_groups=["adolescents"],
        poverty_dimensions=["educational"],
    )


@pytest.fixture
def hidden_organisation_opportunity(mazzo):
    """A published opportunity of an unpublished organisation: hidden too."""
    return OpportunityFactory(
        organisation=OrganisationFactory(name="CANARY ente nascosto", published=False),
        title="CANARY di ente non pubblicato",
        published=True,
        areas=[mazzo],
    )


@pytest.fixture
def contacts(oratorio):
    return {
        "public": ContactFactory(organisation=oratorio, first_name="Chiara", last_name="Pubblica", public=True),
        "private": ContactFactory(
            organisation=oratorio, first_name="Carlo", last_name="CANARYPRIVATO", email="privato@example.it"
        ),
    }
