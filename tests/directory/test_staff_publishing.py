from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from territory.models import Opportunity, Organisation
from tests.factories import OpportunityFactory


def test_worker_verifies_an_opportunity_by_post(worker_client, worker, db):
    opportunity = OpportunityFactory()
    Opportunity.objects.filter(pk=opportunity.pk).update(updated_at=timezone.now() - timezone.timedelta(days=3))
    assert worker_client.get(reverse("territory:opportunity_verify", args=[opportunity.pk])).status_code == 405
    response = worker_client.post(reverse("territory:opportunity_verify", args=[opportunity.pk]))
    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.verified_on == timezone.localdate() and opportunity.verified_by == worker
    # Verified is not edited: the last change stays where it was.
    assert opportunity.updated_at < timezone.now() - timezone.timedelta(days=2)


def test_worker_verifies_an_organisation(worker_client, worker, db):
    opportunity = OpportunityFactory()
    worker_client.post(reverse("territory:organisation_verify", args=[opportunity.organisation_id]))
    organisation = Organisation.objects.get(pk=opportunity.organisation_id)
    assert organisation.verified_on == timezone.localdate() and organisation.verified_by == worker


def test_user_without_permission_cannot_verify(no_role_client, db):
    opportunity = OpportunityFactory()
    response = no_role_client.post(reverse("territory:opportunity_verify", args=[opportunity.pk]))
    assert response.status_code in (403, 404)
    opportunity.refresh_from_db()
    assert opportunity.verified_on is None


def test_form_refuses_ages_out_of_order_with_a_clear_message(worker_client, db):
    opportunity = OpportunityFactory()
    data = {
        "organisation": opportunity.organisation_id, "title": "Doposcuola", "kind": opportunity.kind,
        "minimum_age": 14, "maximum_age": 11, "languages": "it", "version": opportunity.version, "published": "on",
    }  # fmt: skip
    response = worker_client.post(reverse("territory:opportunity_update", args=[opportunity.pk]), data)
    assert response.status_code == 200
    with translation.override("it"):
        message = gettext("The maximum age cannot be below the minimum age.")
    assert escape(message) in response.content.decode()
    data["maximum_age"] = 16
    response = worker_client.post(reverse("territory:opportunity_update", args=[opportunity.pk]), data)
    assert response.status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.published and (opportunity.minimum_age, opportunity.maximum_age) == (14, 16)
