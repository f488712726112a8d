"""The register of offered availability: list and filters, the 60-day rule, create, edit, withdraw."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from territory.models import Offer
from territory.offers import UNUSED_AFTER
from tests.factories import AreaFactory, CaseFactory, OfferFactory, OrganisationFactory
from tests.helpers import error_codes

LIST_URL = reverse("territory:offer_list")
CREATE_URL = reverse("territory:offer_create")
TODAY = date(2026, 11, 25)


def italian(message: str) -> str:
    """The message as the Italian page shows it, escaped (the English text until the .po file has it)."""
    with translation.override("it"):
        return escape(translation.gettext(message))


def titles(response):
    return [offer.title for offer in response.context["page"].object_list]


def test_the_list_shows_what_is_offered_by_whom_and_where(worker_client):
    OfferFactory(title="Passaggi il martedì", volunteer_name="Giulia Bassi", contact="333 1234567")
    OfferFactory(title="Due posti al centro estivo", by_organisation=True, organisation__name="Oratorio San Luigi")
    response = worker_client.get(LIST_URL)
    page = response.content.decode()
    assert sorted(titles(response)) == ["Due posti al centro estivo", "Passaggi il martedì"]
    assert "Giulia Bassi" in page
    assert "333 1234567" in page
    assert "Oratorio San Luigi" in page


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_a_user_without_the_role_sees_no_offer(no_role_client):
    offer = OfferFactory()
    assert titles(no_role_client.get(LIST_URL)) == []
    assert no_role_client.get(offer.get_absolute_url()).status_code == 404


def test_it_filters_by_area_dimension_and_who_offers(worker_client):
    municipality = AreaFactory(municipality=True)
    quartiere = AreaFactory(neighbourhood=True, parent=municipality)
    OfferFactory(title="Spesa a domicilio", area=quartiere, poverty_dimensions=["material"])
    OfferFactory(title="Ripetizioni", area=municipality, poverty_dimensions=["educational"], by_organisation=True)
    OfferFactory(title="Altrove", area=AreaFactory(municipality=True), poverty_dimensions=["material"])

    assert sorted(titles(worker_client.get(LIST_URL, {"area": quartiere.pk}))) == ["Ripetizioni", "Spesa a domicilio"]
    assert titles(worker_client.get(LIST_URL, {"poverty_dimension": "1", "area": quartiere.pk})) == [
        "Spesa a domicilio"
    ]
    assert titles(worker_client.get(LIST_URL, {"offered_by": "organisation"})) == ["Ripetizioni"]
    assert titles(worker_client.get(LIST_URL, {"q": "ripet"})) == ["Ripetizioni"]


@time_machine.travel(TODAY, tick=False)
def test_an_offer_is_flagged_unused_from_the_sixtieth_day(worker_client, worker):
    OfferFactory(title="Sessanta giorni", registered_on=TODAY - timedelta(days=60))
    OfferFactory(title="Cinquantanove giorni", registered_on=TODAY - timedelta(days=59))
    used = OfferFactory(title="Usata", registered_on=TODAY - timedelta(days=90))
    used.uses.create(case=CaseFactory(), used_on=TODAY - timedelta(days=10), recorded_by=worker)
    withdrawn = OfferFactory(title="Ritirata", registered_on=TODAY - timedelta(days=90))
    Offer.objects.filter(pk=withdrawn.pk).update(withdrawn_on=TODAY - timedelta(days=1))

    assert UNUSED_AFTER.days == 60
    assert [o.title for o in Offer.objects.unused_since(TODAY)] == ["Sessanta giorni"]
    response = worker_client.get(LIST_URL, {"status": "unused"})
    assert titles(response) == ["Sessanta giorni"]
    flagged = {offer.title: offer.flagged_unused for offer in worker_client.get(LIST_URL).context["page"]}
    assert flagged == {"Sessanta giorni": True, "Cinquantanove giorni": False, "Usata": False, "Ritirata": False}
    assert response.content.decode().count(italian("unused for %(days)s days") % {"days": 60}) == 1


@time_machine.travel(TODAY, tick=False)
def test_the_status_filter_tells_available_expired_and_withdrawn(worker_client):
    OfferFactory(title="Aperta", registered_on=date(2026, 11, 1), available_until=TODAY)
    OfferFactory(title="Scaduta", registered_on=date(2026, 11, 1), available_until=TODAY - timedelta(days=1))
    withdrawn = OfferFactory(title="Ritirata", registered_on=date(2026, 11, 1))
    Offer.objects.filter(pk=withdrawn.pk).update(withdrawn_on=TODAY)
    assert titles(worker_client.get(LIST_URL, {"status": "available"})) == ["Aperta"]
    assert titles(worker_client.get(LIST_URL, {"status": "expired"})) == ["Scaduta"]
    assert titles(worker_client.get(LIST_URL, {"status": "withdrawn"})) == ["Ritirata"]


@pytest.mark.parametrize("rows", [1, 30])
def test_the_list_query_count_does_not_grow_with_rows(worker_client, worker, django_assert_max_num_queries, rows):
    for index in range(rows):
        offer = OfferFactory(
            by_organisation=bool(index % 2),
            poverty_dimensions=["material", "relational"],
            registered_on=date(2026, 1, 1),
        )
        if index % 3 == 0:
            offer.uses.create(case=CaseFactory(), used_on=date(2026, 2, 1), recorded_by=worker)
    # session (read and saved: 3), user, 2 permission sets, count, page, dimensions prefetch, 2 filter choice lists
    with django_assert_max_num_queries(13):
        assert worker_client.get(LIST_URL).status_code == 200


@pytest.fixture
def valid_data(db):
    return {
        "title": "Passaggi in auto il martedì",
        "description": "Fino a tre persone, verso l'ospedale.",
        "poverty_dimensions": ["4"],
        "area": AreaFactory(neighbourhood=True).pk,
        "volunteer_name": "Giulia Bassi",
        "contact": "333 1234567",
        "registered_on": "2026-11-20",
        "available_until": "2027-03-31",
    }


@time_machine.travel(TODAY, tick=False)
def test_a_worker_registers_a_volunteers_offer(worker_client, worker, valid_data):
    response = worker_client.post(CREATE_URL, valid_data)
    offer = Offer.objects.get()
    assert response.status_code == 302
    assert response.url == offer.get_absolute_url()
    assert offer.registered_by == worker
    assert offer.offered_by == "Giulia Bassi"
    assert [d.code for d in offer.poverty_dimensions.all()] == ["relational"]
    assert "Passaggi in auto il martedì" in worker_client.get(offer.get_absolute_url()).content.decode()


@time_machine.travel(TODAY, tick=False)
def test_an_organisation_and_a_volunteer_together_are_refused(worker_client, valid_data):
    organisation = OrganisationFactory()
    response = worker_client.post(CREATE_URL, {**valid_data, "organisation": organisation.pk})
    assert error_codes(response) == {"volunteer_name": ["both_offerers"]}
    assert italian("Choose the organisation or write the volunteer's name, not both.") in response.content.decode()
    assert not Offer.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_a_volunteer_needs_a_contact_and_an_offer_cannot_end_before_it_starts(worker_client, valid_data):
    response = worker_client.post(CREATE_URL, {**valid_data, "contact": "", "available_until": "2026-11-01"})
    assert error_codes(response) == {"contact": ["volunteer_without_contact"], "available_until": ["end_before_start"]}
    page = response.content.decode()
    assert italian("Give a phone or e-mail to reach the volunteer.") in page
    assert italian("The offer cannot end before it was registered.") in page
    assert not Offer.objects.exists()


def test_a_user_without_the_role_may_not_register(no_role_client, valid_data):
    assert no_role_client.post(CREATE_URL, valid_data).status_code == 403
    assert not Offer.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_an_offer_is_edited_then_withdrawn(worker_client, valid_data):
    offer = OfferFactory(registered_on=date(2026, 11, 1))
    url = reverse("territory:offer_update", args=[offer.pk])
    data = {**valid_data, "title": "Passaggi anche il giovedì", "edited_version": offer.version}
    assert worker_client.post(url, data).status_code == 302
    offer.refresh_from_db()
    assert offer.title == "Passaggi anche il giovedì"

    withdraw = reverse("territory:offer_withdraw", args=[offer.pk])
    assert worker_client.get(withdraw).status_code == 405
    assert worker_client.post(withdraw).status_code == 302
    offer.refresh_from_db()
    assert offer.withdrawn_on == TODAY
    # A second withdrawal is refused with a message, and changes nothing.
    response = worker_client.post(withdraw, follow=True)
    assert italian("This offer is already withdrawn.") in response.content.decode()
    offer.refresh_from_db()
    assert offer.withdrawn_on == TODAY


def test_a_user_without_the_role_may_not_withdraw(no_role_client):
    offer = OfferFactory()
    response = no_role_client.post(reverse("territory:offer_withdraw", args=[offer.pk]))
    assert response.status_code == 403
    offer.refresh_from_db()
    assert offer.withdrawn_on is None


def test_the_detail_counts_uses_without_naming_the_cases(worker_client, worker, django_assert_max_num_queries):
    offer = OfferFactory()
    case = CaseFactory(person__last_name="Esposito")
    offer.uses.create(case=case, used_on=offer.registered_on, recorded_by=worker)
    with django_assert_max_num_queries(10):
        response = worker_client.get(offer.get_absolute_url())
    assert response.context["uses"] == 1
    assert "Esposito" not in response.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_the_coordinators_dashboard_counts_the_offers_unused_for_60_days(coordinator, client):
    OfferFactory.create_batch(2, registered_on=TODAY - timedelta(days=60))
    OfferFactory(registered_on=TODAY - timedelta(days=59))
    client.force_login(coordinator)
    response = client.get(reverse("community:dashboard"))
    assert response.context["unused_offers"] == 2
    assert f"{LIST_URL}?status=unused" in response.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_a_withdrawn_offer_cannot_be_edited_even_by_its_address(worker_client, valid_data):
    offer = OfferFactory(title="Passaggi in auto", registered_on=date(2026, 11, 1), withdrawn_on=TODAY)
    url = reverse("territory:offer_update", args=[offer.pk])
    response = worker_client.post(
        url, {**valid_data, "title": "Cambiato", "edited_version": offer.version}, follow=True
    )
    assert response.redirect_chain == [(offer.get_absolute_url(), 302)]
    assert italian("This offer is withdrawn: it can no longer be changed.") in response.content.decode()
    offer.refresh_from_db()
    assert offer.title == "Passaggi in auto"
    assert worker_client.get(url).status_code == 302


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("rows", [1, 12])
def test_the_register_downloads_as_csv_with_the_filter_and_constant_queries(
    worker_client, rows, django_assert_max_num_queries
):
    for n in range(rows):
        OfferFactory(title=f"Offerta {n}", registered_on=date(2026, 6, 1))
    withdrawn = OfferFactory(title="Ritirata", registered_on=date(2026, 6, 1), withdrawn_on=date(2026, 7, 1))
    with django_assert_max_num_queries(9):
        response = worker_client.get(reverse("territory:offer_list"), {"format": "csv"})
        text = b"".join(response.streaming_content).decode()
    flagged = {line.split(";")[0]: line.split(";")[-1] for line in text.splitlines()[1:]}
    assert len(flagged) == rows + 1
    # Registered in June and never used: flagged as unused for 60 days; the withdrawn one is not.
    assert flagged["Offerta 0"] == italian("yes")
    assert flagged[withdrawn.title] == ""
