"""The directory in the Open Referral HSDS 3.0 shape: organizations, services, locations, taxonomy terms.

One builder per HSDS object, used by the staff export (`directory()`, every record) and by the open API
(directory app, published records only). Empty values are left out rather than sent as null: the HSDS
schemas type them as strings and numbers.
"""

import uuid

from territory.choices import PovertyDimensionCode, TargetGroupCode
from territory.models import Contact, Opportunity, Organisation

NAMESPACE = uuid.UUID("8f3c2b1e-6c1d-4d7e-9a55-2f1b7c0e4a10")

# The directory's two classifications, published as HSDS taxonomies.
TAXONOMIES = {
    "target_group": ("Rete: target groups", "Who an opportunity is for (Rete's own classification).", TargetGroupCode),
    "poverty_dimension": (
        "Rete: poverty dimensions",
        "The dimensions of poverty an opportunity works on (Rete's own classification).",
        PovertyDimensionCode,
    ),
}


def hsds_id(kind: str, key) -> str:
    """Stable UUIDs for the objects that are not records of their own (locations, terms, attributes)."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def _present(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def taxonomy(kind: str) -> dict:
    name, description, _codes = TAXONOMIES[kind]
    return {"id": hsds_id("taxonomy", kind), "name": name, "description": description, "version": "1"}


def taxonomy_term(kind: str, code: str) -> dict:
    label = str(TAXONOMIES[kind][2](code).label)
    return {
        "id": hsds_id(f"term:{kind}", code),
        "code": code,
        "name": label,
        "description": label,
        "taxonomy_id": hsds_id("taxonomy", kind),
    }


def all_taxonomy_terms() -> list[dict]:
    return [taxonomy_term(kind, code) for kind, entry in TAXONOMIES.items() for code in entry[2].values]


def organization(org: Organisation) -> dict:
    return _present(
        {
            "id": str(org.uuid),
            "name": org.name,
            "description": org.get_kind_display(),
            "email": org.email,
            "website": org.website,
            "tax_id": org.fiscal_code,
            "legal_status": org.get_kind_display(),
        }
    )


def location(org: Organisation) -> dict | None:
    """An organisation's seat, its one location; None without an address or coordinates."""
    if not (org.has_coordinates or org.address):
        return None
    return _present(
        {
            "id": hsds_id("location", org.pk),
            "organization_id": str(org.uuid),
            "location_type": "physical",
            "name": org.name,
            "latitude": float(org.latitude) if org.latitude is not None else None,
            "longitude": float(org.longitude) if org.longitude is not None else None,
            "addresses": [
                {
                    "id": hsds_id("address", org.pk),
                    "location_id": hsds_id("location", org.pk),
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


def service(opportunity: Opportunity) -> dict:
    """The one-to-one fields of a service (the list's shape)."""
    return _present(
        {
            "id": str(opportunity.uuid),
            "organization_id": str(opportunity.organisation.uuid),
            "name": opportunity.title,
            "description": opportunity.description,
            "status": "active" if opportunity.active else "inactive",
            "application_process": opportunity.how_to_access,
            "eligibility_description": opportunity.eligibility,
            "minimum_age": opportunity.minimum_age,
            "maximum_age": opportunity.maximum_age,
            "fees_description": opportunity.fees,
            "assured_date": opportunity.verified_on.isoformat() if opportunity.verified_on else None,
            "last_modified": opportunity.updated_at.isoformat(),
        }
    )


def contact(person: Contact, *, service_id: str | None = None) -> dict:
    """A contact marked public (the caller makes sure): name, role, e-mail and phone."""
    phones = [{"id": hsds_id("contact-phone", person.pk), "number": person.phone}] if person.phone else []
    return _present(
        {
            "id": hsds_id("contact", person.pk),
            "organization_id": str(person.organisation.uuid),
            "service_id": service_id,
            "name": str(person),
            "title": person.role,
            "email": person.email,
            "phones": phones,
        }
    )


def full_service(opportunity: Opportunity, contacts: list[Contact]) -> dict:
    """A service with what HSDS nests in it: organization, areas, languages, costs, terms, contacts."""
    service_id = str(opportunity.uuid)
    terms = [("target_group", group.code) for group in opportunity.target_groups.all()] + [
        ("poverty_dimension", dimension.code) for dimension in opportunity.poverty_dimensions.all()
    ]
    data = service(opportunity)
    data["organization"] = organization(opportunity.organisation)
    data["service_areas"] = [
        {"id": hsds_id("service-area", f"{opportunity.pk}:{area.pk}"), "service_id": service_id, "name": area.label}
        for area in opportunity.areas.all()
    ]
    data["languages"] = [
        {"id": hsds_id("language", f"{opportunity.pk}:{code}"), "service_id": service_id, "code": code}
        for code in opportunity.language_codes
    ]
    data["cost_options"] = (
        [{"id": hsds_id("cost", opportunity.pk), "service_id": service_id, "amount_description": opportunity.fees}]
        if opportunity.fees
        else []
    )
    data["attributes"] = [
        {
            "id": hsds_id("attribute", f"{opportunity.pk}:{kind}:{code}"),
            "link_id": service_id,
            "link_type": "service",
            "link_entity": "service",
            "taxonomy_term_id": hsds_id(f"term:{kind}", code),
            "taxonomy_term": taxonomy_term(kind, code),
        }
        for kind, code in terms
    ]
    data["contacts"] = [contact(person, service_id=service_id) for person in contacts]
    return data


def directory() -> dict:
    """The staff export: every organisation and opportunity, published or not."""
    organisations = Organisation.objects.select_related("municipality").prefetch_related("opportunities")
    result = {"organizations": [], "services": [], "locations": []}
    for org in organisations:
        result["organizations"].append(organization(org))
        if seat := location(org):
            result["locations"].append(seat)
        for opportunity in org.opportunities.all():
            opportunity.organisation = org
            result["services"].append(service(opportunity))
    return result
