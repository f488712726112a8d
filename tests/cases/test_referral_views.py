from datetime import date

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from cases.models import Referral
from tests.factories import CaseFactory, ContactFactory, OpportunityFactory, ReferralFactory
from tests.helpers import error_codes


@pytest.fixture
def case(worker):
    return CaseFactory(person__team=worker.team, responsible=worker)


def create_url(case):
    return reverse("cases:referral_create", args=[case.pk])


def transition_url(referral):
    return reverse("cases:referral_transition", args=[referral.pk])


def test_a_worker_prepares_a_referral_as_a_draft(worker_client, case):
    opportunity = OpportunityFactory(title="Doposcuola medie")
    response = worker_client.post(
        create_url(case), {"kind": "referral", "opportunity": opportunity.pk, "follow_up_on": "2026-12-01"}
    )
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response.url == referral.get_absolute_url()
    assert (referral.status, referral.case, referral.created_by) == ("draft", case, case.responsible)


def test_a_use_goes_through_the_opportunitys_liaison_by_default(worker_client, case):
    opportunity = OpportunityFactory()
    opportunity.liaison = ContactFactory(organisation=opportunity.organisation, is_liaison=True)
    opportunity.save()
    worker_client.post(create_url(case), {"kind": "use", "opportunity": opportunity.pk})
    assert Referral.objects.get().liaison == opportunity.liaison


def test_a_use_without_any_liaison_is_refused(worker_client, case):
    response = worker_client.post(create_url(case), {"kind": "use", "opportunity": OpportunityFactory().pk})
    assert error_codes(response) == {"liaison": ["liaison_required"]}
    assert "figura di raccordo" in response.content.decode()
    assert not Referral.objects.exists()


def test_bad_input_is_re_rendered(worker_client, case):
    response = worker_client.post(create_url(case), {"kind": "nonsense", "opportunity": "", "follow_up_on": "31/02"})
    assert response.status_code == 200
    assert set(error_codes(response)) == {"kind", "opportunity", "follow_up_on"}
    assert "Nulla è stato salvato" in response.content.decode()
    assert not Referral.objects.exists()


def test_a_closed_case_takes_no_new_referral(worker_client, worker):
    case = CaseFactory(person__team=worker.team, responsible=worker, status="closed")
    response = worker_client.post(create_url(case), {"kind": "referral", "opportunity": OpportunityFactory().pk})
    assert error_codes(response) == {"__all__": ["case_closed"]}
    assert not Referral.objects.exists()


def test_the_form_renders_with_constant_queries(worker_client, case, django_assert_max_num_queries):
    OpportunityFactory.create_batch(5)
    # One more since issue 13: whether the person consented is read from their consents.
    with django_assert_max_num_queries(12):
        assert worker_client.get(create_url(case)).status_code == 200


def test_sending_a_referral(worker_client, case):
    referral = ReferralFactory(case=case)
    response = worker_client.post(transition_url(referral), {"to_status": "sent", "occurred_on": "2026-02-01"})
    referral.refresh_from_db()
    assert response.status_code == 302
    assert referral.status == "sent"


def test_an_impossible_transition_is_explained(worker_client, case):
    referral = ReferralFactory(case=case, status="completed", outcome="Concluso")
    response = worker_client.post(transition_url(referral), {"to_status": "sent", "occurred_on": "2026-02-01"})
    assert response.status_code == 200
    assert error_codes(response) == {"__all__": ["impossible_transition"]}
    assert "non può diventare" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == "completed"


def test_sending_without_consent_is_explained(worker_client, worker):
    case = CaseFactory(person__team=worker.team, responsible=worker, without_consent=True)
    referral = ReferralFactory(case=case)
    response = worker_client.post(transition_url(referral), {"to_status": "sent", "occurred_on": "2026-02-01"})
    assert error_codes(response) == {"__all__": ["consent_missing"]}
    assert "consenso" in response.content.decode()


def test_declining_without_a_reason_is_re_rendered(worker_client, case):
    referral = ReferralFactory(case=case, status="sent")
    response = worker_client.post(transition_url(referral), {"to_status": "declined", "occurred_on": "2026-02-01"})
    assert error_codes(response) == {"note": ["reason_required"]}
    referral.refresh_from_db()
    assert referral.status == "sent"


def test_a_transition_needs_post(worker_client, case):
    assert worker_client.get(transition_url(ReferralFactory(case=case))).status_code == 405


@pytest.mark.parametrize("rows", [1, 30])
def test_detail_query_count_does_not_grow_with_history(worker_client, case, django_assert_max_num_queries, rows):
    referral = ReferralFactory(case=case, status="sent")
    for _ in range(rows):
        referral.transitions.create(
            from_status="draft", to_status="sent", occurred_on=date(2026, 1, 12), actor=case.responsible
        )
    # One more than before: the audit trail's check for unusual volumes (audit.alerts).
    # One more than before (issue 14): the referral's documents.
    with django_assert_max_num_queries(13):
        assert worker_client.get(referral.get_absolute_url()).status_code == 200


def test_a_liaison_of_another_organisation_than_the_opportunitys_is_refused(worker_client, case):
    opportunity = OpportunityFactory()
    stranger = ContactFactory(is_liaison=True)
    response = worker_client.post(
        create_url(case), {"kind": "use", "opportunity": opportunity.pk, "liaison": stranger.pk}
    )
    assert error_codes(response) == {"liaison": ["other_organisation"]}
    assert response.context["form"].errors["liaison"] == [
        gettext("The liaison figure must be a contact of the organisation running the opportunity.")
    ]
    assert not Referral.objects.exists()


@pytest.mark.parametrize("liaisons", [1, 20])
def test_the_liaisons_offered_follow_the_opportunity_in_constant_queries(
    worker_client, case, liaisons, django_assert_max_num_queries
):
    opportunity = OpportunityFactory()
    ContactFactory.create_batch(liaisons, organisation=opportunity.organisation, is_liaison=True)
    with django_assert_max_num_queries(12):
        response = worker_client.get(create_url(case))
    page = response.content.decode()
    assert 'data-follows="id_opportunity"' in page
    assert f'<option value="{opportunity.pk}" data-group="{opportunity.organisation_id}">' in page
    assert page.count(f'data-group="{opportunity.organisation_id}"') == liaisons + 1
