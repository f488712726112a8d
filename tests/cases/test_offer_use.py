"""Offered availability in a case's suggestions, and the record that an offer was used for the case."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from cases.choices import EventKind
from cases.matching import suggest_offers
from cases.models import CaseEvent, OfferUse
from territory.models import Offer
from tests.factories import AreaFactory, CaseFactory, OfferFactory
from tests.helpers import error_codes

TODAY = date(2026, 11, 25)


def italian(message: str) -> str:
    with translation.override("it"):
        return escape(translation.gettext(message))


@pytest.fixture
def case(worker):
    """A case of Sara's team, in a quartiere, with a relational and a material need."""
    case = CaseFactory(person__team=worker.team, responsible=worker, person__area=AreaFactory(neighbourhood=True))
    case.needs.create(dimension_id=4, level=2)  # relational
    case.needs.create(dimension_id=1, level=1)  # material
    return case


def suggested(case, user):
    case = type(case).objects.select_related("person__area").prefetch_related("needs").get(pk=case.pk)
    return [offer.title for offer in suggest_offers(case, Offer.objects.visible_to(user))]


@time_machine.travel(TODAY, tick=False)
def test_offers_for_the_needs_in_the_persons_area_still_available_are_suggested(case, worker):
    quartiere = case.person.area
    since = date(2026, 10, 1)
    OfferFactory(title="Compagnia", area=quartiere, poverty_dimensions=["relational"], registered_on=since)
    OfferFactory(title="Nel comune", area=quartiere.parent, poverty_dimensions=["material"], registered_on=since)
    OfferFactory(title="Fino a oggi", area=quartiere, available_until=TODAY, registered_on=since)
    OfferFactory(title="Scaduta", area=quartiere, available_until=TODAY - timedelta(days=1), registered_on=since)
    OfferFactory(title="Altro bisogno", area=quartiere, poverty_dimensions=["educational"], registered_on=since)
    OfferFactory(title="Altro comune", poverty_dimensions=["relational"], registered_on=since)
    withdrawn = OfferFactory(title="Ritirata", area=quartiere, registered_on=since)
    Offer.objects.filter(pk=withdrawn.pk).update(withdrawn_on=TODAY)
    used = OfferFactory(title="Già usata", area=quartiere, registered_on=since)
    used.uses.create(case=case, used_on=TODAY, recorded_by=worker)
    # Ending soonest first, then the oldest.
    assert suggested(case, worker) == ["Fino a oggi", "Compagnia", "Nel comune"]


def test_a_person_with_no_area_gets_the_offers_of_every_area(worker):
    case = CaseFactory(person__team=worker.team, person__area=None)
    case.needs.create(dimension_id=4, level=2)
    OfferFactory(title="Ovunque", poverty_dimensions=["relational"])
    assert suggested(case, worker) == ["Ovunque"]


def test_a_case_without_needs_gets_no_offer(worker):
    OfferFactory()
    assert suggested(CaseFactory(person__team=worker.team), worker) == []


@pytest.mark.parametrize("rows", [1, 20])
def test_the_suggestions_page_shows_the_offers_in_constant_queries(
    worker_client, case, django_assert_max_num_queries, rows
):
    OfferFactory.create_batch(rows, area=case.person.area, by_organisation=True)
    OfferFactory.create_batch(rows, area=case.person.area, poverty_dimensions=["material"])
    url = reverse("cases:case_suggestions", args=[case.pk])
    # session (3), user, 2 permission sets, case, needs, person's area tree for the audit and the
    # matching, opportunities, offers: the same for 2 offers as for 40.
    with django_assert_max_num_queries(15):
        response = worker_client.get(url)
    assert len(response.context["offers"]) == min(2 * rows, 10)
    assert reverse("cases:offer_use_create", args=[case.pk]) in response.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_a_worker_records_the_use_of_an_offer_and_it_is_on_the_timeline(worker_client, worker, case):
    offer = OfferFactory(title="Passaggi il martedì", area=case.person.area, registered_on=date(2026, 11, 1))
    url = reverse("cases:offer_use_create", args=[case.pk])
    response = worker_client.post(url, {"offer": offer.pk, "used_on": "2026-11-24"})
    assert response.status_code == 302
    assert response.url == reverse("cases:case_suggestions", args=[case.pk])
    use = OfferUse.objects.get()
    assert (use.offer, use.case, use.used_on, use.recorded_by) == (offer, case, date(2026, 11, 24), worker)
    event = CaseEvent.objects.get(case=case, kind=EventKind.OFFER_USED)
    assert (event.occurred_on, event.actor) == (date(2026, 11, 24), worker)
    detail = worker_client.get(case.get_absolute_url()).content.decode()
    assert escape(event.summary()) in detail
    assert "Passaggi il martedì" in event.summary()
    # Used, the offer is no longer flagged nor suggested again for this case.
    assert not Offer.objects.unused_since(date(2027, 6, 1)).exists()
    assert suggested(case, worker) == []


@time_machine.travel(TODAY, tick=False)
def test_a_use_in_the_future_or_outside_the_offer_is_refused_with_a_message(worker_client, case):
    offer = OfferFactory(area=case.person.area, registered_on=date(2026, 11, 1), available_until=date(2026, 11, 20))
    url = reverse("cases:offer_use_create", args=[case.pk])
    response = worker_client.post(url, {"offer": offer.pk, "used_on": "2026-11-26"})
    assert response.status_code == 200
    assert error_codes(response, "use_form") == {"used_on": ["future_date"]}
    assert italian("The date cannot be in the future.") in response.content.decode()
    response = worker_client.post(url, {"offer": offer.pk, "used_on": "2026-11-21"})
    assert error_codes(response, "use_form") == {"used_on": ["offer_not_available"]}
    assert italian("The offer was not available on that day.") in response.content.decode()
    response = worker_client.post(url, {"offer": "", "used_on": "nope"})
    assert set(error_codes(response, "use_form")) == {"offer", "used_on"}
    assert not OfferUse.objects.exists()
    assert not CaseEvent.objects.filter(kind=EventKind.OFFER_USED).exists()


def test_another_team_cannot_record_a_use_on_a_case_it_cannot_see(other_team_client, case):
    offer = OfferFactory(area=case.person.area)
    url = reverse("cases:offer_use_create", args=[case.pk])
    response = other_team_client.post(url, {"offer": offer.pk, "used_on": offer.registered_on.isoformat()})
    assert response.status_code == 404
    assert not OfferUse.objects.exists()


def test_another_team_cannot_see_the_use_of_an_offer_for_a_case_it_cannot_see(
    worker, other_team_worker, other_team_client, case
):
    offer = OfferFactory(title="Spesa a domicilio", area=case.person.area)
    use = offer.uses.create(case=case, used_on=offer.registered_on, recorded_by=worker)
    CaseEvent.objects.create(case=case, actor=worker, kind=EventKind.OFFER_USED, occurred_on=use.used_on, data={})
    assert list(OfferUse.objects.visible_to(worker)) == [use]
    assert not OfferUse.objects.visible_to(other_team_worker).exists()
    assert not CaseEvent.objects.visible_to(other_team_worker).filter(kind=EventKind.OFFER_USED).exists()
    # The offer itself is the directory's: they see it, with how often it was used, never for whom.
    response = other_team_client.get(offer.get_absolute_url())
    assert response.status_code == 200
    assert response.context["uses"] == 1
    assert case.person.last_name not in response.content.decode()
    assert other_team_client.get(case.get_absolute_url()).status_code == 404


def test_the_use_is_recorded_only_by_post_and_with_the_role(worker_client, no_role_client, case):
    url = reverse("cases:offer_use_create", args=[case.pk])
    assert worker_client.get(url).status_code == 405
    offer = OfferFactory(area=case.person.area)
    assert no_role_client.post(url, {"offer": offer.pk, "used_on": "2026-11-24"}).status_code == 403
    assert not OfferUse.objects.exists()


def test_a_closed_case_records_no_use(worker_client, case):
    case.status = "closed"
    case.save()
    offer = OfferFactory(area=case.person.area)
    url = reverse("cases:offer_use_create", args=[case.pk])
    response = worker_client.post(url, {"offer": offer.pk, "used_on": offer.registered_on.isoformat()})
    assert error_codes(response, "use_form") == {"__all__": ["case_closed"]}
    assert not OfferUse.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_the_date_typed_is_kept_when_the_use_is_refused(worker_client, case):
    offer = OfferFactory(area=case.person.area, registered_on=date(2026, 11, 1))
    page = worker_client.get(reverse("cases:case_suggestions", args=[case.pk])).content.decode()
    assert 'value="2026-11-25"' in page
    url = reverse("cases:offer_use_create", args=[case.pk])
    page = worker_client.post(url, {"offer": offer.pk, "used_on": "2026-12-01"}).content.decode()
    assert 'value="2026-12-01"' in page
