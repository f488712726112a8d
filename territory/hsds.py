"""The directory in the Open Referral HSDS 3.0 shape: organizations, services and locations."""

import uuid

from territory.models import Organisation

NAMESPACE = uuid.UUID("8f3c2b1e-6c1d-4d7e-9a55-2f1b7c0e4a10")


def hsds_id(kind: str, pk: int) -> str:
    """Stable UUIDs, as HSDS 3.0 requires, derived from our own ids."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{pk}"))


def directory() -> dict:
    organisations = Organisation.objects.select_related("municipality").prefetch_related("opportunities")
    result = {"organizations": [], "services": [], "locations": []}
    for org in organisations:
        org_id = hsds_id("organisation", org.pk)
        result["organizations"].append(
            {
                "id": org_id,
                "name": org.name,
                "description": org.notes or org.get_kind_display(),
                "email": org.email or None,
                "website": org.website or None,
                "tax_id": org.fiscal_code or None,
                "legal_status": org.get_kind_display(),
            }
        )
        if org.has_coordinates or org.address:
            result["locations"].append(
                {
                    "id": hsds_id("location", org.pk),
                    "organization_id": org_id,
                    "location_type": "physical",
                    "name": org.name,
                    "latitude": float(org.latitude) if org.latitude is not None else None,
                    "longitude": float(org.longitude) if org.longitude is not None else None,
                    "addresses": [
                        {
                            "id": hsds_id("address", org.pk),
                            "address_1": org.address,
                            "city": org.municipality.name if org.municipality else "",
                            "state_province": "",
                            "postal_code": org.postcode,
                            "country": "IT",
                            "address_type": "physical",
                        }
                    ],
                }
            )
        for opportunity in org.opportunities.all():
            result["services"].append(
                {
                    "id": hsds_id("service", opportunity.pk),
                    "organization_id": org_id,
                    "name": opportunity.title,
                    "description": opportunity.description or None,
                    "status": "active" if opportunity.active else "inactive",
                    "application_process": opportunity.how_to_access or None,
                    "email": None,
                }
            )
    return result
