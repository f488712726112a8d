import pytest
from django.urls import reverse

from tests.factories import AreaFactory, OrganisationFactory

URL = reverse("territory:organisation_list")


@pytest.fixture
def rho(db):
    """Rho, with the quartieri Mazzo and Lucernate, in its ambito."""
    district = AreaFactory(name="Ambito del Rhodense")
    municipality = AreaFactory(municipality=True, name="Rho", parent=district)
    return {
        "district": district,
        "municipality": municipality,
        "mazzo": AreaFactory(neighbourhood=True, name="Mazzo", parent=municipality),
        "lucernate": AreaFactory(neighbourhood=True, name="Lucernate", parent=municipality),
    }


def names(response):
    return [organisation["name"] for organisation in response.context["page"].object_list]


def test_it_lists_organisations(worker_client):
    OrganisationFactory(name="Auser Rho")
    response = worker_client.get(URL)
    assert response.status_code == 200
    assert names(response) == ["Auser Rho"]
    assert "Auser Rho" in response.content.decode()


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_post_is_not_allowed(worker_client):
    assert worker_client.post(URL).status_code == 405


def test_it_finds_who_works_with_adolescents_in_a_quartiere(worker_client, rho):
    OrganisationFactory(name="Oratorio di Mazzo", areas_served=[rho["mazzo"]], target_groups=["adolescents"])
    OrganisationFactory(name="Coop su tutta Rho", areas_served=[rho["municipality"]], target_groups=["adolescents"])
    OrganisationFactory(name="Rete d'ambito", areas_served=[rho["district"]], target_groups=["adolescents"])
    OrganisationFactory(name="Doposcuola Lucernate", areas_served=[rho["lucernate"]], target_groups=["adolescents"])
    OrganisationFactory(name="Auser Mazzo", areas_served=[rho["mazzo"]], target_groups=["elderly"])

    response = worker_client.get(URL, {"area": rho["mazzo"].pk, "target_group": "3"})

    assert response.status_code == 200
    assert names(response) == ["Coop su tutta Rho", "Oratorio di Mazzo", "Rete d'ambito"]


def test_a_comune_includes_its_quartieri(worker_client, rho):
    OrganisationFactory(name="Doposcuola Lucernate", areas_served=[rho["lucernate"]])
    OrganisationFactory(name="Altrove", areas_served=[AreaFactory(municipality=True)])
    response = worker_client.get(URL, {"area": rho["municipality"].pk})
    assert names(response) == ["Doposcuola Lucernate"]


def test_an_organisation_serving_several_areas_appears_once(worker_client, rho):
    OrganisationFactory(
        name="Ovunque",
        areas_served=[rho["mazzo"], rho["lucernate"], rho["municipality"]],
        target_groups=["adolescents", "children"],
        poverty_dimensions=["educational", "relational"],
    )
    response = worker_client.get(URL, {"area": rho["municipality"].pk, "poverty_dimension": "3"})
    assert names(response) == ["Ovunque"]
    assert response.context["page"].paginator.count == 1


def test_it_filters_by_kind_active_and_search(worker_client):
    OrganisationFactory(name="Caritas Rho", kind="caritas")
    OrganisationFactory(name="Caritas chiusa", kind="caritas", active=False)
    OrganisationFactory(name="APS Rho", kind="aps")

    assert names(worker_client.get(URL, {"kind": "caritas", "active": "true"})) == ["Caritas Rho"]
    assert names(worker_client.get(URL, {"active": "false"})) == ["Caritas chiusa"]
    assert names(worker_client.get(URL, {"q": "rho caritas"})) == ["Caritas Rho"]


def test_an_unknown_filter_value_is_reported_not_crashed(worker_client):
    OrganisationFactory()
    response = worker_client.get(URL, {"area": "999999", "kind": "nonsense"})
    assert response.status_code == 200
    assert response.context["filter"].errors
    assert "area" in response.context["filter"].form.errors


def test_it_paginates(worker_client):
    OrganisationFactory.create_batch(30)
    first = worker_client.get(URL)
    second = worker_client.get(URL, {"page": 2})
    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 5


@pytest.mark.parametrize("rows", [1, 30])
def test_query_count_does_not_grow_with_rows(worker_client, django_assert_max_num_queries, rho, rows):
    for _ in range(rows):
        OrganisationFactory(
            areas_served=[rho["mazzo"]],
            target_groups=["adolescents", "families"],
            poverty_dimensions=["educational"],
            municipality=rho["municipality"],
        )
    # session (read, then saved again for the idle timeout: 3), user, 2 permission sets (for the "new" button), the area and group being filtered
    # on, count, page, 2 prefetches, 3 choice lists of the filter form
    with django_assert_max_num_queries(16):
        response = worker_client.get(URL, {"area": rho["mazzo"].pk, "target_group": "3"})
    assert response.status_code == 200
