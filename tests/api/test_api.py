"""The staff API: tokens and their scopes, the role's permissions, the audit trail, paging and queries."""

import json

import pytest
from django.utils import timezone

from api.models import Scope
from api.services import revoke_token
from audit.models import AuditEvent
from territory.models import Contact, Organisation
from tests.api.conftest import headers
from tests.factories import (
    CommunityActionFactory,
    ContactFactory,
    OpportunityFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def post(client, url, auth, payload):
    return client.post(url, json.dumps(payload), content_type="application/json", **headers(auth))


def test_a_token_reads_the_directory_page_by_page(client, worker, bearer):
    OrganisationFactory.create_batch(30, target_groups=["elderly"])
    auth = bearer(worker, Scope.READ)
    first = client.get("/api/v1/organisations", **headers(auth)).json()
    second = client.get("/api/v1/organisations?page=2", **headers(auth)).json()
    assert (first["count"], first["pages"], len(first["results"]), len(second["results"])) == (30, 2, 25, 5)
    assert first["results"][0]["target_groups"] == ["elderly"]
    assert "notes" not in first["results"][0]


def test_without_a_token_the_api_answers_401(client, worker):
    assert client.get("/api/v1/organisations").status_code == 401
    assert client.get("/api/v1/organisations", HTTP_AUTHORIZATION="Bearer " + "x" * 43).status_code == 401


def test_a_signed_in_session_is_not_enough(worker_client):
    assert worker_client.get("/api/v1/organisations").status_code == 401


def test_a_revoked_token_answers_401_and_the_attempt_is_audited(client, worker, bearer):
    auth = bearer(worker)
    revoke_token(token=auth["token"])
    assert client.get("/api/v1/organisations", **headers(auth)).status_code == 401
    event = AuditEvent.objects.get(action="api_call")
    assert (event.object_id, event.allowed, event.changes["status"]) == (str(auth["token"].pk), False, 401)


def test_a_token_of_a_deactivated_user_answers_401(client, worker, bearer):
    auth = bearer(worker)
    worker.is_active = False
    worker.save()
    assert client.get("/api/v1/organisations", **headers(auth)).status_code == 401


def test_a_read_token_may_not_write(client, worker, bearer):
    response = post(client, "/api/v1/organisations", bearer(worker, Scope.READ), {"name": "Nuova", "kind": "aps"})
    assert response.status_code == 403
    assert not Organisation.objects.filter(name="Nuova").exists()


def test_a_read_write_token_creates_through_the_forms_rules(client, worker, bearer):
    auth = bearer(worker)
    response = post(
        client, "/api/v1/organisations", auth, {"name": "Nuova APS", "kind": "aps", "target_groups": ["families"]}
    )
    assert response.status_code == 200, response.content
    organisation = Organisation.objects.get(name="Nuova APS")
    assert (response.json()["id"], [g.code for g in organisation.target_groups.all()]) == (
        organisation.pk,
        ["families"],
    )
    # The creation is audited as any other, by the token's owner.
    created = AuditEvent.objects.get(action="create", object_type="territory.organisation")
    assert created.username == worker.username


def test_bad_input_answers_422_with_the_forms_translated_message(client, worker, bearer):
    OrganisationFactory(fiscal_code="80012345678")
    response = post(
        client, "/api/v1/organisations", bearer(worker), {"name": "Doppia", "kind": "aps", "fiscal_code": "80012345678"}
    )
    assert response.status_code == 422
    assert response.json()["errors"]["fiscal_code"] == ["Un'altra organizzazione ha già questo codice fiscale."]


def test_an_update_changes_only_the_fields_sent(client, worker, bearer):
    organisation = OrganisationFactory(phone="02 123", target_groups=["elderly"])
    response = post(client, f"/api/v1/organisations/{organisation.pk}", bearer(worker), {"name": "Rinominata"})
    assert response.status_code == 200, response.content
    organisation.refresh_from_db()
    assert (organisation.name, organisation.phone, organisation.version) == ("Rinominata", "02 123", 2)
    assert [g.code for g in organisation.target_groups.all()] == ["elderly"]


def test_an_update_from_an_old_version_answers_409(client, worker, bearer):
    organisation = OrganisationFactory()
    auth = bearer(worker)
    assert (
        post(client, f"/api/v1/organisations/{organisation.pk}", auth, {"name": "A", "version": 1}).status_code == 200
    )
    assert (
        post(client, f"/api/v1/organisations/{organisation.pk}", auth, {"name": "B", "version": 1}).status_code == 409
    )
    organisation.refresh_from_db()
    assert organisation.name == "A"


def test_the_roles_permissions_still_apply(client, bearer):
    partner_like = UserFactory(username="senza-ruolo", team=None)
    organisation = OrganisationFactory()
    auth = bearer(partner_like)
    assert client.get(f"/api/v1/organisations/{organisation.pk}", **headers(auth)).status_code == 404
    assert client.get("/api/v1/organisations", **headers(auth)).json()["count"] == 0
    assert post(client, "/api/v1/organisations", auth, {"name": "X", "kind": "aps"}).status_code == 403
    assert client.get("/api/v1/indicators", **headers(auth)).status_code == 403


def test_every_call_is_audited_by_token_id_never_the_token(client, worker, bearer):
    auth = bearer(worker)
    secret = auth["HTTP_AUTHORIZATION"].removeprefix("Bearer ")
    client.get("/api/v1/organisations", **headers(auth))
    client.get("/api/v1/opportunities", **headers(auth))
    calls = AuditEvent.objects.filter(action="api_call").order_by("pk")
    assert [(e.object_id, e.path, e.username, e.changes["status"]) for e in calls] == [
        (str(auth["token"].pk), "/api/v1/organisations", worker.username, 200),
        (str(auth["token"].pk), "/api/v1/opportunities", worker.username, 200),
    ]
    for event in AuditEvent.objects.all():
        assert secret not in json.dumps(event.changes) + event.path + event.object_repr
    assert auth["token"].token_hash != secret


def test_contacts_are_created_under_their_organisation_without_notes(client, worker, bearer):
    organisation = OrganisationFactory()
    auth = bearer(worker)
    response = post(
        client, f"/api/v1/organisations/{organisation.pk}/contacts", auth, {"first_name": "Anna", "last_name": "Neri"}
    )
    assert response.status_code == 200, response.content
    contact = Contact.objects.get(last_name="Neri")
    assert (contact.organisation, "notes" in response.json()) == (organisation, False)
    assert post(client, f"/api/v1/organisations/{organisation.pk}/contacts", auth, {"last_name": ""}).status_code == 422


def test_opportunities_are_written_with_the_forms_rules(client, worker, bearer):
    organisation = OrganisationFactory()
    other_contact = ContactFactory(is_liaison=True)
    auth = bearer(worker)
    payload = {"organisation_id": organisation.pk, "title": "Doposcuola", "kind": "after_school"}
    assert post(client, "/api/v1/opportunities", auth, payload).status_code == 200
    refused = post(client, "/api/v1/opportunities", auth, {**payload, "liaison_id": other_contact.pk})
    assert refused.status_code == 422
    assert "liaison_id" in refused.json()["errors"]


def test_the_community_log_carries_no_notes_nor_names(client, worker, bearer):
    CommunityActionFactory(notes="La signora Rossi ha chiesto aiuto", offered_by="Mario Bianchi")
    body = client.get("/api/v1/community-actions", **headers(bearer(worker, Scope.READ))).content.decode()
    assert "Rossi" not in body and "Bianchi" not in body and '"count":1' in body.replace(" ", "")


def test_indicators_read_by_period_and_area(client, worker, bearer):
    CommunityActionFactory(date=timezone.localdate())
    auth = bearer(worker, Scope.READ)
    figures = client.get("/api/v1/indicators", **headers(auth)).json()
    assert sum(figures["actions_by_month"]["series"]["invitation"]) == 1
    refused = client.get("/api/v1/indicators?start=2026-05-01&end=2026-01-01", **headers(auth))
    assert refused.status_code == 422


@pytest.mark.parametrize("url", ["/api/v1/organisations", "/api/v1/opportunities", "/api/v1/contacts",
                                 "/api/v1/community-actions"])  # fmt: skip
def test_a_page_costs_the_same_queries_whatever_the_rows(client, worker, bearer, url, django_assert_max_num_queries):
    auth = bearer(worker, Scope.READ)

    def rows(n):
        for _ in range(n):
            organisation = OrganisationFactory(target_groups=["elderly"], poverty_dimensions=["material"])
            OpportunityFactory(organisation=organisation, target_groups=["elderly"])
            ContactFactory(organisation=organisation)
            CommunityActionFactory(organisations=[organisation])

    rows(1)
    # Token and owner, last used, the owner's permissions (2), count, page, three prefetches at most,
    # and for the audit row the owner's roles and the insert.
    with django_assert_max_num_queries(11):
        assert client.get(url, **headers(auth)).status_code == 200
    rows(24)
    with django_assert_max_num_queries(11):
        assert len(client.get(url, **headers(auth)).json()["results"]) == 25


def test_a_body_that_is_not_an_object_of_known_fields_is_refused(client, worker, bearer):
    organisation = OrganisationFactory(name="Intatta")
    auth = bearer(worker)
    url = f"/api/v1/organisations/{organisation.pk}"
    assert post(client, url, auth, [None, None]).status_code == 422
    assert post(client, url, auth, {"nome": "Refuso"}).status_code == 422
    organisation.refresh_from_db()
    assert organisation.name == "Intatta"
