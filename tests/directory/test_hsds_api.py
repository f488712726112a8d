"""The open HSDS 3.0 API, every response validated against the official schemas (hsds_schema/README.md)."""

import json
import uuid
from datetime import timedelta
from functools import cache
from pathlib import Path

import jsonschema
import pytest
from django.urls import reverse
from django.utils import timezone

from territory.models import Opportunity
from tests.factories import OpportunityFactory, OrganisationFactory

SCHEMAS = Path(__file__).parent / "hsds_schema"
LIST_ITEMS = {
    "hsds:organizations": "organization_list",
    "hsds:services": "service_list",
    "hsds:service_at_locations": "service_at_location_list",
    "hsds:taxonomies": "taxonomy",
    "hsds:taxonomy_terms": "taxonomy_term",
}


@cache
def schema(name: str) -> dict:
    return json.loads((SCHEMAS / f"{name}.json").read_text())


def page_schema() -> dict:
    return schema("openapi")["components"]["schemas"]["Page"]


def valid_page(data: dict, item_schema: str) -> dict:
    jsonschema.validate(data, page_schema())
    assert set(data) == {
        "total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents",
    }  # fmt: skip
    for item in data["contents"]:
        jsonschema.validate(item, schema(item_schema))
    return data


def get_page(client, name: str, **params) -> dict:
    response = client.get(reverse(name), params)
    assert response.status_code == 200, response.content
    assert "public" in response["Cache-Control"]
    return valid_page(response.json(), LIST_ITEMS[name])


def test_every_list_validates_and_leaves_out_unpublished_records(
    client, doposcuola, canary, hidden_organisation_opportunity, contacts
):
    for name in LIST_ITEMS:
        data = get_page(client, name)
        assert "CANARY" not in json.dumps(data), name
        assert data["total_items"] == len(data["contents"]) > 0
    services = get_page(client, "hsds:services")["contents"]
    assert [s["id"] for s in services] == [str(doposcuola.uuid)]
    assert services[0]["minimum_age"] == 11 and services[0]["maximum_age"] == 14
    organizations = get_page(client, "hsds:organizations")["contents"]
    assert [o["name"] for o in organizations] == ["Oratorio San Michele"]
    (at_location,) = get_page(client, "hsds:service_at_locations")["contents"]
    assert at_location["service_id"] == str(doposcuola.uuid)


def test_service_detail_validates_with_terms_areas_and_only_public_contacts(client, doposcuola, contacts):
    response = client.get(reverse("hsds:service", args=[doposcuola.uuid]))
    data = response.json()
    jsonschema.validate(data, schema("service"))
    assert data["organization"]["name"] == "Oratorio San Michele"
    assert [area["name"] for area in data["service_areas"]] == ["Rho › Mazzo"]
    assert [language["code"] for language in data["languages"]] == ["it", "en"]
    assert data["cost_options"][0]["amount_description"] == "Gratuito."
    codes = {attribute["taxonomy_term"]["code"] for attribute in data["attributes"]}
    assert codes == {"adolescents", "educational"}
    terms = {term["id"] for term in get_page(client, "hsds:taxonomy_terms", per_page=100)["contents"]}
    assert {attribute["taxonomy_term_id"] for attribute in data["attributes"]} <= terms
    assert [contact["name"] for contact in data["contacts"]] == ["Chiara Pubblica"]
    assert "CANARYPRIVATO" not in response.content.decode()


def test_organization_detail_validates_and_hides_unpublished(client, doposcuola, canary, contacts):
    response = client.get(reverse("hsds:organization", args=[doposcuola.organisation.uuid]))
    data = response.json()
    jsonschema.validate(data, schema("organization"))
    assert [service["name"] for service in data["services"]] == ["Doposcuola medie Mazzo"]
    assert [contact["name"] for contact in data["contacts"]] == ["Chiara Pubblica"]
    assert "CANARY" not in response.content.decode()


def test_unpublished_records_answer_404(client, canary, hidden_organisation_opportunity):
    assert client.get(reverse("hsds:service", args=[canary.uuid])).status_code == 404
    assert client.get(reverse("hsds:service", args=[hidden_organisation_opportunity.uuid])).status_code == 404
    hidden = hidden_organisation_opportunity.organisation
    assert client.get(reverse("hsds:organization", args=[hidden.uuid])).status_code == 404
    assert client.get(reverse("hsds:service", args=[uuid.uuid4()])).status_code == 404


def test_paging(client, db):
    org = OrganisationFactory(published=True)
    for number in range(5):
        OpportunityFactory(organisation=org, published=True, title=f"Servizio {number}")
    first = get_page(client, "hsds:services", per_page=2)
    assert (first["total_items"], first["total_pages"], first["page_number"], first["size"]) == (5, 3, 1, 2)
    assert first["first_page"] and not first["last_page"] and not first["empty"]
    last = get_page(client, "hsds:services", per_page=2, page=3)
    assert last["last_page"] and not last["first_page"] and last["size"] == 1
    assert [s["name"] for s in last["contents"]] == ["Servizio 4"]
    beyond = get_page(client, "hsds:services", per_page=2, page=4)
    assert beyond["empty"] and beyond["contents"] == []
    assert client.get(reverse("hsds:services"), {"page": "zero"}).status_code == 400


def test_modified_after(client, db):
    org = OrganisationFactory(published=True)
    old = OpportunityFactory(organisation=org, published=True, title="Vecchio")
    new = OpportunityFactory(organisation=org, published=True, title="Nuovo")
    Opportunity.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=10))
    since = (timezone.now() - timedelta(days=1)).isoformat()
    data = get_page(client, "hsds:services", modified_after=since)
    assert [s["id"] for s in data["contents"]] == [str(new.uuid)]
    assert get_page(client, "hsds:services", modified_after="2000-01-01")["total_items"] == 2
    assert client.get(reverse("hsds:services"), {"modified_after": "ieri"}).status_code == 400


def test_uuids_are_stable_and_distinct(doposcuola, canary):
    doposcuola.refresh_from_db()
    assert doposcuola.uuid != canary.uuid
    assert Opportunity.objects.get(pk=doposcuola.pk).uuid == doposcuola.uuid


@pytest.mark.parametrize("rows", [1, 10])
def test_query_count_is_constant(client, db, django_assert_max_num_queries, rows):
    org = OrganisationFactory(published=True, address="Via Roma 1")
    for _ in range(rows):
        OpportunityFactory(organisation=org, published=True)
    for name in ("hsds:services", "hsds:organizations", "hsds:service_at_locations"):
        with django_assert_max_num_queries(4):
            assert client.get(reverse(name)).status_code == 200
    with django_assert_max_num_queries(8):
        client.get(reverse("hsds:organization", args=[org.uuid]))
