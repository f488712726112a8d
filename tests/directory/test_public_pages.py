import json

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from tests.factories import OpportunityFactory, OrganisationFactory


def test_journey_a_citizen_finds_the_after_school_for_a_12_year_old_in_a_quartiere(
    client, doposcuola, canary, hidden_organisation_opportunity, mazzo, contacts
):
    # No login: the list filtered by quartiere, target group, poverty dimension and age.
    response = client.get(
        reverse("directory:list"),
        {"area": mazzo.pk, "age": 12, "target_group": doposcuola.target_groups.get().pk,
         "poverty_dimension": doposcuola.poverty_dimensions.get().pk},
    )  # fmt: skip
    assert response.status_code == 200
    page = response.content.decode()
    assert "Doposcuola medie Mazzo" in page
    assert "CANARY" not in page
    markers = response.context["map_data"]["markers"]
    assert [m["name"] for m in markers] == ["Oratorio San Michele"]
    assert [o["title"] for o in markers[0]["opportunities"]] == ["Doposcuola medie Mazzo"]
    assert '<script id="map-data" type="application/json">' in page
    # The opportunity's page: how to access it and the organisation's public contact only.
    detail = client.get(reverse("directory:opportunity", args=[doposcuola.uuid]))
    assert detail.status_code == 200
    text = detail.content.decode()
    assert "Colloquio il martedì pomeriggio." in text
    assert "Pubblica" in text
    assert "CANARYPRIVATO" not in text and "privato@example.it" not in text


def test_age_outside_the_eligibility_finds_nothing(client, doposcuola, mazzo):
    response = client.get(reverse("directory:list"), {"area": mazzo.pk, "age": 8})
    assert "Doposcuola medie Mazzo" not in response.content.decode()
    assert response.context["page"].paginator.count == 0


def test_another_quartiere_does_not_show_it(client, doposcuola, rho):
    from tests.factories import AreaFactory

    lucernate = AreaFactory(neighbourhood=True, name="Lucernate", parent=rho)
    response = client.get(reverse("directory:list"), {"area": lucernate.pk})
    assert response.context["page"].paginator.count == 0
    # The comune includes its quartieri.
    assert client.get(reverse("directory:list"), {"area": rho.pk}).context["page"].paginator.count == 1


def test_unpublished_opportunity_page_answers_404(client, canary, hidden_organisation_opportunity):
    assert client.get(reverse("directory:opportunity", args=[canary.uuid])).status_code == 404
    assert client.get(reverse("directory:opportunity", args=[hidden_organisation_opportunity.uuid])).status_code == 404


def test_canary_absent_from_list_and_map_without_filters(client, doposcuola, canary, hidden_organisation_opportunity):
    response = client.get(reverse("directory:list"))
    assert "CANARY" not in response.content.decode()
    assert "CANARY" not in json.dumps(response.context["map_data"])


def test_bad_age_is_shown_with_a_clear_message(client, doposcuola):
    response = client.get(reverse("directory:list"), {"age": "dodici"})
    assert response.status_code == 200
    with translation.override("it"):
        message = gettext("Write the age as a whole number of years.")
    assert escape(message) in response.content.decode()
    assert response.context["form"].errors["age"]


def test_public_pages_are_cacheable_even_for_a_signed_in_worker(worker_client, doposcuola):
    for url in (reverse("directory:list"), reverse("directory:opportunity", args=[doposcuola.uuid])):
        response = worker_client.get(url)
        assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
        assert "no-store" not in response["Cache-Control"]
        assert "csrfmiddlewaretoken" not in response.content.decode()
    # Staff pages stay no-store.
    assert "no-store" in worker_client.get(reverse("territory:opportunity_list"))["Cache-Control"]


def test_rate_limit_answers_429_with_retry_after(client, settings, db):
    settings.PUBLIC_RATE_LIMIT = 2
    settings.PUBLIC_RATE_WINDOW = 60
    assert client.get(reverse("directory:list")).status_code == 200
    assert client.get(reverse("directory:list")).status_code == 200
    response = client.get(reverse("directory:list"))
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert client.get(reverse("hsds:services")).status_code == 429


def test_language_switch_sets_the_cookie_and_stays_public(client, db):
    response = client.post(reverse("directory:language"), {"language": "en", "next": "/servizi/?age=12"})
    assert response.status_code == 302 and response["Location"] == "/servizi/?age=12"
    assert response.cookies["django_language"].value == "en"
    assert client.post(reverse("directory:language"), {"language": "en", "next": "/casi/"})["Location"] == "/servizi/"


@pytest.mark.parametrize("rows", [1, 12])
def test_list_query_count_is_constant(client, django_assert_max_num_queries, mazzo, rows):
    org = OrganisationFactory(published=True, latitude="45.5", longitude="9.0")
    for _ in range(rows):
        OpportunityFactory(organisation=org, published=True, areas=[mazzo], target_groups=["adolescents"])
    with django_assert_max_num_queries(13):
        response = client.get(reverse("directory:list"), {"area": mazzo.pk, "age": 12})
    assert response.context["page"].paginator.count == rows
