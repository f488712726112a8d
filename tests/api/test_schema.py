"""Schemathesis against the staff API's own OpenAPI schema: zero failures, bounded to run in seconds.

Each operation gets a few generated requests, sent in-process to the WSGI application (the whole
middleware included) with a valid read-write token of a social worker; the checks are Schemathesis's
defaults (no server error, status codes, content types and bodies as the schema says, invalid input
refused, a missing token refused) but for the two below.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi import checks

from api.endpoints import api
from api.models import ApiToken, Scope
from partners.tokens import digest
from tests.factories import CommunityActionFactory, ContactFactory, OpportunityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

# Two checks ask what this site deliberately does otherwise:
# - positive_data_acceptance wants every request that fits the schema accepted; the directory's rules
#   go beyond a schema (a codice fiscale's check digit, a municipality that exists, an end after its
#   start, a period of at most five years), and refusing those is the forms' job: 422, documented.
# - allow_header_conformance wants OPTIONS to list the resource's own methods in Allow; the site refuses
#   OPTIONS, PUT, PATCH, DELETE and the rest before any URL is resolved (core.security), listing its own.
NOT_OURS = [checks.positive_data_acceptance, checks.allow_header_conformance]


class Site:
    """The site as a WSGI application, built at the first request: once the test settings are in place
    (plain HTTP), not when the module is collected."""

    handler = None

    def __call__(self, environ, start_response):
        if self.handler is None:
            self.handler = WSGIHandler()
        return self.handler(environ, start_response)


# Loaded when the module is collected (pytest-django has set Django up by then): Schemathesis's lazy
# fixture loader does not work with this pytest.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = Site()
# The worker's token: a fixed secret, stored by the `auth` fixture as create_token stores any (its hash).
SECRET = "s" * 43


@schema.auth(refresh_interval=None)
class Token:
    """The bearer token of the test's worker (made by the `auth` fixture): Schemathesis adds it, and
    knows when it leaves it out on purpose."""

    def get(self, case, context):
        return f"Bearer {SECRET}"

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "Authorization": data}


@pytest.fixture(autouse=True)
def _keep_the_connection():
    """Django's handler closes the database connection at the end of each request; the test client
    avoids that by detaching the handler, and so does this fixture, or the test's transaction is lost."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def auth(worker):
    organisation = OrganisationFactory(target_groups=["elderly"])
    OpportunityFactory(organisation=organisation)
    ContactFactory(organisation=organisation, is_liaison=True)
    CommunityActionFactory(organisations=[organisation])
    ApiToken.objects.create(owner=worker, name="schemathesis", scope=Scope.READ_WRITE, token_hash=digest(SECRET))


@schema.parametrize()
@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_the_api_keeps_to_its_schema(case, auth):
    case.call_and_validate(excluded_checks=NOT_OURS)
