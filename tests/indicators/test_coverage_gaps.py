"""Coverage gaps against a hand-built territory.

Ambito ─ Bollate ─ Centro, Cascina del Sole
       └ Senago ─ Castelletto
Cases not closed: Centro 2 educational + 1 material (+1 relational closed), Cascina del Sole 1
educational (suspended), Castelletto 1 relational, Senago 1 educational, one person with no area.
Active organisations: material in Bollate (covers Centro), educational in Cascina del Sole only,
relational in the whole Ambito, educational in Castelletto (covers Senago, which contains it);
an inactive one with educational in Centro does not count.
The only gap: Centro, educational, 2 cases.
"""

import pytest
from django.urls import reverse

from indicators.network import coverage_gaps
from tests.factories import AreaFactory, CaseFactory, OrganisationFactory, poverty_dimension


def case_with(area, code, status="open"):
    case = CaseFactory(person__area=area, status=status)
    case.needs.create(dimension=poverty_dimension(code), level=2)
    return case


@pytest.fixture
def territory(db):
    ambito = AreaFactory(name="Ambito")
    bollate = AreaFactory(municipality=True, name="Bollate", parent=ambito)
    senago = AreaFactory(municipality=True, name="Senago", parent=ambito)
    centro = AreaFactory(neighbourhood=True, name="Centro", parent=bollate)
    cascina = AreaFactory(neighbourhood=True, name="Cascina del Sole", parent=bollate)
    castelletto = AreaFactory(neighbourhood=True, name="Castelletto", parent=senago)
    case_with(centro, "educational")
    case_with(centro, "educational").needs.create(dimension=poverty_dimension("material"), level=1)
    case_with(centro, "relational", status="closed")
    case_with(cascina, "educational", status="suspended")
    case_with(castelletto, "relational")
    case_with(senago, "educational")
    case_with(None, "economic_work")
    OrganisationFactory(areas_served=[bollate], poverty_dimensions=["material"])
    OrganisationFactory(areas_served=[cascina], poverty_dimensions=["educational"])
    OrganisationFactory(areas_served=[ambito], poverty_dimensions=["relational"])
    OrganisationFactory(areas_served=[castelletto], poverty_dimensions=["educational"])
    OrganisationFactory(areas_served=[centro], poverty_dimensions=["educational"], active=False)
    return {"centro": centro, "senago": senago}


def test_the_only_gap_is_education_in_centro(territory):
    assert coverage_gaps() == [{"area": "Bollate › Centro", "dimension": "educational", "cases": 2}]


def test_the_area_narrows_the_gaps(territory):
    assert coverage_gaps(territory["senago"]) == []
    assert [row["cases"] for row in coverage_gaps(territory["centro"])] == [2]


def test_an_active_organisation_closes_the_gap(territory):
    OrganisationFactory(areas_served=[territory["centro"]], poverty_dimensions=["educational"])
    assert coverage_gaps() == []


def test_the_page_shows_counts_only_and_downloads_them(worker_client, territory):
    url = reverse("indicators:network")
    response = worker_client.get(url)
    assert response.context["gaps"] == coverage_gaps()
    assert 'id="gaps-heading"' in response.content.decode()
    lines = b"".join(worker_client.get(url, {"export": "gaps"}).streaming_content).decode("utf-8-sig").splitlines()
    assert lines[1:] == ["Bollate › Centro;Educativa;2"]


@pytest.mark.parametrize("rows", [1, 20])
def test_the_gaps_take_three_queries(db, django_assert_num_queries, rows):
    for _ in range(rows):
        case_with(AreaFactory(neighbourhood=True), "material")
        OrganisationFactory(areas_served=[AreaFactory(neighbourhood=True)], poverty_dimensions=["material"])
    with django_assert_num_queries(3):
        assert len(coverage_gaps()) == rows
