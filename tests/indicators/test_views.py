from datetime import date

import pytest
from django.urls import reverse

from cases.models import PlanPartner
from tests.factories import (
    CommunityActionFactory,
    JointPlanFactory,
    OpportunityFactory,
    OrganisationFactory,
    ProtocolFactory,
    TableFactory,
    TableMemberFactory,
)

PAGES = ["indicators:dashboard", "indicators:collaboration", "indicators:map", "indicators:network"]


def content(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig") if response.streaming else response.content.decode()


@pytest.fixture
def network(db):
    """Two organisations that share a protocol and a table, and a third on its own."""
    mazzo = OrganisationFactory(name="Oratorio di Mazzo", latitude="45.53", longitude="9.04")
    coop = OrganisationFactory(name="Cooperativa Il Girasole", latitude="45.52", longitude="9.05")
    OrganisationFactory(name="Da sola")
    ProtocolFactory(partners=[mazzo, coop])
    table = TableFactory()
    TableMemberFactory(table=table, organisation=mazzo)
    TableMemberFactory(table=table, organisation=coop)
    OpportunityFactory(organisation=mazzo, title="Doposcuola medie")
    return mazzo, coop


@pytest.mark.parametrize("name", PAGES)
def test_every_indicator_page_renders(worker_client, network, name):
    assert worker_client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", PAGES)
def test_indicators_need_login_and_a_role(client, no_role_client, name):
    assert no_role_client.get(reverse(name)).status_code == 403
    client.logout()
    assert client.get(reverse(name)).status_code == 302


def test_a_reversed_period_is_explained_and_the_default_used(worker_client):
    response = worker_client.get(reverse("indicators:dashboard"), {"start": "2026-06-01", "end": "2026-01-01"})
    assert response.status_code == 200
    assert "La fine del periodo non può precedere" in response.content.decode()
    assert len(response.context["by_month"]["months"]) == 12


def test_a_malformed_date_is_reported(worker_client):
    response = worker_client.get(reverse("indicators:collaboration"), {"start": "31/02/2026"})
    assert response.status_code == 200
    assert response.context["form"].errors["start"]
    # Drawn in the kept period form, next to the field, in Italian.
    html = response.content.decode()
    assert 'id="error_1_id_start"' in html and "Inserisci una data valida" in html


def test_the_coordinator_sees_who_became_continuous(worker_client):
    org = OrganisationFactory(name="Oratorio di Mazzo")
    CommunityActionFactory(date=date(2026, 1, 10), organisations=[org])
    plan = JointPlanFactory(started_on=date(2026, 5, 2))
    PlanPartner.objects.create(plan=plan, organisation=org, role="Doposcuola")
    response = worker_client.get(reverse("indicators:collaboration"), {"start": "2026-01-01", "end": "2026-06-30"})
    assert [(row["id"], row["name"]) for row in response.context["moved"]] == [(org.pk, "Oratorio di Mazzo")]
    timeline = worker_client.get(
        reverse("indicators:organisation_collaboration", args=[org.pk]), {"start": "2026-01-01", "end": "2026-06-30"}
    )
    assert [row["level"] for row in timeline.context["timeline"]] == ["occasional", "continuous"]
    assert timeline.context["current"] == "continuous"


def test_the_network_links_partners_and_opens_the_organisation(worker_client, network):
    mazzo, coop = network
    response = worker_client.get(reverse("indicators:network"))
    (edge,) = response.context["edges"]
    assert {edge.source.organisation, edge.target.organisation} == {mazzo, coop}
    assert edge.weight == 2
    assert mazzo.get_absolute_url() in response.content.decode()


def test_the_map_carries_markers_with_opportunities_and_filters(worker_client, network):
    response = worker_client.get(reverse("indicators:map"))
    markers = response.context["map_data"]["markers"]
    assert sorted(m["name"] for m in markers) == ["Cooperativa Il Girasole", "Oratorio di Mazzo"]
    assert any(m["opportunities"] for m in markers)
    filtered = worker_client.get(reverse("indicators:map"), {"q": "girasole"})
    assert [m["name"] for m in filtered.context["map_data"]["markers"]] == ["Cooperativa Il Girasole"]


def test_the_map_uses_configured_tiles_only(worker_client, network, settings):
    assert worker_client.get(reverse("indicators:map")).context["map_data"]["tiles"] == ""
    settings.MAP_TILE_URL = "https://tiles.example.it/{z}/{x}/{y}.png"
    assert "tiles.example.it" in worker_client.get(reverse("indicators:map")).content.decode()


@pytest.mark.parametrize(
    "figure", ["by_month", "by_area", "by_worker", "referrals", "by_dimension", "bonds", "belonging"]
)
def test_every_dashboard_figure_downloads_as_csv(worker_client, figure):
    CommunityActionFactory(date=date(2026, 3, 1))
    response = worker_client.get(reverse("indicators:dashboard"), {"export": figure})
    assert response["Content-Type"].startswith("text/csv")
    assert ";" in content(response).splitlines()[0]


def test_an_unknown_export_answers_404(worker_client):
    assert worker_client.get(reverse("indicators:dashboard"), {"export": "nope"}).status_code == 404


def test_collaboration_and_network_download_as_csv(worker_client, network):
    assert "Oratorio di Mazzo" in content(worker_client.get(reverse("indicators:network"), {"format": "csv"}))
    assert worker_client.get(reverse("indicators:collaboration"), {"format": "csv"})["Content-Type"].startswith(
        "text/csv"
    )


@pytest.mark.parametrize("rows", [1, 30])
def test_indicator_pages_take_a_fixed_number_of_queries(worker_client, django_assert_max_num_queries, rows):
    for index in range(rows):
        org = OrganisationFactory(latitude="45.5", longitude="9.0")
        CommunityActionFactory(date=date(2026, 3, 1 + index % 28), organisations=[org])
        ProtocolFactory(partners=[org, OrganisationFactory()])
    budgets = {
        "indicators:dashboard": 28,
        "indicators:collaboration": 15,
        "indicators:map": 14,
        "indicators:network": 18,
    }
    for name, budget in budgets.items():
        with django_assert_max_num_queries(budget):
            assert worker_client.get(reverse(name), {"start": "2026-01-01", "end": "2026-12-31"}).status_code == 200


def test_figures_are_kept_for_a_while_and_the_page_says_when(worker_client, django_assert_max_num_queries):
    from django.core.cache import cache

    CommunityActionFactory(date=date(2026, 3, 1))
    params = {"start": "2026-01-01", "end": "2026-12-31"}
    first = worker_client.get(reverse("indicators:dashboard"), params)
    CommunityActionFactory(date=date(2026, 3, 2))
    with django_assert_max_num_queries(10):
        again = worker_client.get(reverse("indicators:dashboard"), params)
    assert (
        sum(again.context["by_month"]["series"]["invitation"])
        == sum(first.context["by_month"]["series"]["invitation"])
        == 1
    )
    assert "aggiornati ogni dieci minuti" in again.content.decode()
    cache.clear()
    fresh = worker_client.get(reverse("indicators:dashboard"), params)
    assert sum(fresh.context["by_month"]["series"]["invitation"]) == 2


def test_the_map_has_a_legend_and_says_why_it_has_no_base_map(worker_client, network, settings):
    page = worker_client.get(reverse("indicators:map")).content.decode()
    assert 'id="map-legend"' in page
    assert "organizzazione con opportunità" in page and "organizzazione senza opportunità" in page
    assert 'id="map-no-tiles"' in page and "MAP_TILE_URL" in page
    settings.MAP_TILE_URL = "https://tiles.example.it/{z}/{x}/{y}.png"
    assert 'id="map-no-tiles"' not in worker_client.get(reverse("indicators:map")).content.decode()


def test_the_network_graph_has_a_legend_of_levels_sizes_and_lines(worker_client, network):
    page = worker_client.get(reverse("indicators:network")).content.decode()
    legend = page[page.index('id="network-legend"') :]
    for level in ("continuativa", "saltuaria", "nessuna"):
        assert f"collaborazione {level}" in legend
    assert 'class="node-continuous"' in legend
    assert "linea più spessa" in legend


def test_the_drawn_figures_follow_a_new_computation(worker_client):
    """The figures' HTML is kept per computation (templates/indicators/*.html): recomputed figures are drawn anew,
    even while the earlier drawing is still kept."""
    from django.core.cache import cache

    params = {"start": "2026-01-01", "end": "2026-12-31"}
    CommunityActionFactory(date=date(2026, 3, 1), organisations=[OrganisationFactory(name="Oratorio di Mazzo")])
    assert "Oratorio di Mazzo" in content(worker_client.get(reverse("indicators:collaboration"), params))
    CommunityActionFactory(date=date(2026, 3, 2), organisations=[OrganisationFactory(name="Cooperativa Il Girasole")])
    assert "Cooperativa Il Girasole" not in content(worker_client.get(reverse("indicators:collaboration"), params))
    cache.clear()  # the figures only, as the refresh job replaces them; the drawn fragments stay
    assert "Cooperativa Il Girasole" in content(worker_client.get(reverse("indicators:collaboration"), params))
