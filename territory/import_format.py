"""The import file as people write it: Italian headers and labels accepted as well as the codes.

A column may be headed by its code (`target_groups`) or by its label in Italian or English ("Destinatari",
"target groups"); a coded value may be written as its code (`social_cooperative`) or its label in either
language ("Cooperativa sociale"), whatever the case and the accents. The templates are headed in the
user's language and carry one example row, which is skipped if left in the file. `allowed_values` feeds
the page that lists what each coded column accepts.
"""

import unicodedata

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from territory.choices import CooperativeType, OpportunityKind, OrganisationKind, PovertyDimensionCode, TargetGroupCode
from territory.models import Contact, Opportunity, Organisation

LANGUAGES = ("it", "en")
MODELS = {"organisations": Organisation, "contacts": Contact, "opportunities": Opportunity}
# Columns that are not a field of their own.
OTHER_LABELS = {
    "municipality_istat": _("municipality ISTAT code"),
    "organisation": _("organisation"),
}
# The coded columns and their choices; target groups and poverty dimensions take several, separated by |.
CODED = {
    "kind": None,  # the kind of the file's records: OrganisationKind or OpportunityKind
    "cooperative_type": CooperativeType,
    "target_groups": TargetGroupCode,
    "poverty_dimensions": PovertyDimensionCode,
}
EXAMPLES = {
    "organisations": {
        "name": "Auser Rho ODV", "kind": OrganisationKind.ODV, "cooperative_type": "", "runts_number": "12345",
        "fiscal_code": "", "vat_number": "", "address": "Via Roma 1", "postcode": "20017",
        "municipality_istat": "015182", "latitude": "", "longitude": "", "areas": "",
        "target_groups": f"{TargetGroupCode.ELDERLY}|{TargetGroupCode.FAMILIES}",
        "poverty_dimensions": PovertyDimensionCode.RELATIONAL, "email": "info@auser-rho.example.it",
        "phone": "02 1234567", "website": "", "active": "sì",
    },
    "contacts": {
        "organisation": "Auser Rho ODV", "first_name": "Carla", "last_name": "Fontana", "role": "Volontaria",
        "email": "carla.fontana@example.it", "phone": "", "is_liaison": "sì", "active": "sì",
    },
    "opportunities": {
        "organisation": "Auser Rho ODV", "title": "Accompagnamenti in auto", "kind": OpportunityKind.TRANSPORT,
        "description": "", "areas": "", "target_groups": TargetGroupCode.ELDERLY,
        "poverty_dimensions": PovertyDimensionCode.RELATIONAL, "capacity": "10", "how_to_access": "",
        "start_date": "", "end_date": "", "active": "sì",
    },
}  # fmt: skip


def normalise(text: str) -> str:
    """Lower case, without accents and extra blanks: "Attività " and "attivita" are the same."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def column_label(kind: str, column: str):
    if column in OTHER_LABELS:
        return OTHER_LABELS[column]
    name = "areas_served" if (kind, column) == ("organisations", "areas") else column
    return MODELS[kind]._meta.get_field(name).verbose_name


def header_names(kind: str, columns: list[str]) -> dict[str, str]:
    """Every way of writing a column's header (normalised) → the column's code."""
    names = {}
    for column in columns:
        names[normalise(column)] = column
        names[normalise(column.replace("_", " "))] = column
        for language in LANGUAGES:
            with translation.override(language):
                names.setdefault(normalise(str(column_label(kind, column))), column)
    return names


def choices_for(kind: str, column: str):
    if column == "kind":
        return OrganisationKind if kind == "organisations" else OpportunityKind
    return CODED.get(column)


def value_names(choices) -> dict[str, str]:
    """Every way of writing a choice (normalised) → its code: the code, its labels, and for a label
    with an abbreviation in brackets ("Organizzazione di volontariato (ODV)") each of its two parts."""
    names = {}
    for code in choices.values:
        names[normalise(code)] = code
        for language in LANGUAGES:
            with translation.override(language):
                label = str(choices(code).label)
            names.setdefault(normalise(label), code)
            before, bracket, inside = label.partition("(")
            if bracket:
                names.setdefault(normalise(before), code)
                names.setdefault(normalise(inside.rstrip(")")), code)
    return names


def template_rows(kind: str, columns: list[str]) -> list[list[str]]:
    """The template: the header in the user's language, then the example row."""
    header = [capfirst(str(column_label(kind, column))) for column in columns]
    return [header, [str(EXAMPLES[kind].get(column, "")) for column in columns]]


def is_example(kind: str, row: dict) -> bool:
    example = EXAMPLES[kind]
    return all(normalise(row.get(column, "")) == normalise(str(value)) for column, value in example.items())


def allowed_values(kind: str, columns: list[str]) -> list[dict]:
    """For the documentation page: each column, its label, and the values a coded one accepts."""
    described = []
    for column in columns:
        choices = choices_for(kind, column)
        described.append(
            {
                "code": column,
                "label": column_label(kind, column),
                "values": [(code, label) for code, label in choices.choices] if choices else [],
                "several": column in ("target_groups", "poverty_dimensions", "areas"),
            }
        )
    return described
