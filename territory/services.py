"""Writes of the directory that are more than a form's save: verifying a record for the public directory."""

from django.db import transaction
from django.utils import timezone

from territory.models import Opportunity, Organisation


@transaction.atomic
def verify_opportunity(*, opportunity: Opportunity, actor) -> Opportunity:
    """A worker confirms today that the opportunity's public details are right: distinct from its last edit."""
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    opportunity.verified_on = timezone.localdate()
    opportunity.verified_by = actor
    opportunity.save(update_fields=["verified_on", "verified_by"])
    return opportunity


@transaction.atomic
def verify_organisation(*, organisation: Organisation, actor) -> Organisation:
    """A worker confirms today that the organisation's listing is right: distinct from its last edit."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    organisation.verified_on = timezone.localdate()
    organisation.verified_by = actor
    organisation.save(update_fields=["verified_on", "verified_by"])
    return organisation
