"""What the audit trail records of the territory directory (see audit.registry).

The directory is shared by the whole service and holds no person in charge: values are recorded,
records are labelled by their name. A contact's notes are about a person, so only their name is.
"""

from audit import registry
from territory.models import (
    Area,
    Contact,
    Offer,
    Opportunity,
    Organisation,
    PovertyDimension,
    Protocol,
    ResourceImport,
    TargetGroup,
)


def register_audit() -> None:
    registry.register(Area)
    registry.register(Organisation, m2m=["areas_served", "target_groups", "poverty_dimensions"])
    registry.register(Contact, special=["notes"])
    registry.register(Opportunity, m2m=["target_groups", "poverty_dimensions", "areas"])
    registry.register(Protocol, m2m=["partners"])
    # A volunteer's name and contact are theirs to give: recorded like a contact person's.
    registry.register(Offer, m2m=["poverty_dimensions"])
    for model in (TargetGroup, PovertyDimension):
        registry.register_untracked(model, reason="reference rows written by migrations, never edited")
    # What an import writes is audited record by record (audit.services.record_bulk).
    registry.register_untracked(ResourceImport, reason="a file on its way in; each record it writes is audited")
