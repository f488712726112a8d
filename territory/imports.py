"""Import of the resource mapping from CSV: every row checked first, nothing written unless all are valid.

Re-importing the same file updates the records instead of duplicating them: organisations are matched
by codice fiscale (or by name when they have none), contacts by organisation and name, opportunities by
organisation and title.
"""

import csv
import io
from dataclasses import dataclass, field

from django import forms
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.validators import normalise_code
from territory.models import Area, Contact, Opportunity, Organisation, PovertyDimension, TargetGroup

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20000
LIST_SEPARATOR = "|"

COLUMNS = {
    "organisations": [
        "name", "kind", "cooperative_type", "runts_number", "fiscal_code", "vat_number", "address", "postcode",
        "municipality_istat", "latitude", "longitude", "areas", "target_groups", "poverty_dimensions",
        "email", "phone", "website", "active",
    ],
    "contacts": ["organisation", "first_name", "last_name", "role", "email", "phone", "is_liaison", "active"],
    "opportunities": [
        "organisation", "title", "kind", "description", "areas", "target_groups", "poverty_dimensions",
        "capacity", "how_to_access", "start_date", "end_date", "active",
    ],
}  # fmt: skip
REQUIRED = {"organisations": ["name", "kind"], "contacts": ["organisation", "first_name", "last_name"],
            "opportunities": ["organisation", "title", "kind"]}  # fmt: skip
KIND_LABELS = {
    "organisations": gettext_lazy("Organisations"),
    "contacts": gettext_lazy("Contacts"),
    "opportunities": gettext_lazy("Opportunities"),
}


class ImportError_(ValueError):
    """The file as a whole cannot be read: wrong encoding, no header, too big."""


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    kind: str
    rows: list = field(default_factory=list)
    labels: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def preview(self) -> list[tuple[int, str, bool]]:
        """(row number, record, whether it updates an existing one) for the confirmation page."""
        return [
            (number, label, instance is not None)
            for (number, _f, instance), label in zip(self.rows, self.labels, strict=True)
        ]


def decode(content: bytes) -> str:
    """UTF-8 (with or without the BOM Excel adds), else Windows-1252, as Italian offices export it."""
    if len(content) > MAX_BYTES:
        raise ImportError_(_("The file is larger than 5 MB: split it in smaller files."))
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return content.decode("cp1252")
        except UnicodeDecodeError as error:
            raise ImportError_(_("The file is neither UTF-8 nor Windows-1252 text.")) from error


def read_rows(text: str, kind: str) -> list[dict]:
    if "\x00" in text:
        raise ImportError_(_("The file is not a CSV text file."))
    sample = text[:4096]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [name.strip().lower() for name in (reader.fieldnames or [])]
    except csv.Error as error:
        raise ImportError_(_("The file cannot be read as CSV: %(error)s") % {"error": error}) from error
    missing = [name for name in REQUIRED[kind] if name not in header]
    if missing:
        raise ImportError_(
            _("Columns missing from the first row: %(columns)s. Download the template to see them all.")
            % {"columns": ", ".join(missing)}
        )
    unknown = [name for name in header if name and name not in COLUMNS[kind]]
    if unknown:
        raise ImportError_(_("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)})
    reader.fieldnames = header
    rows = []
    try:
        for row in reader:
            if None in row:
                raise ImportError_(_("Row %(row)s has more cells than the header.") % {"row": reader.line_num})
            if any((value or "").strip() for value in row.values()):
                rows.append({key: (value or "").strip() for key, value in row.items()})
            if len(rows) > MAX_ROWS:
                raise ImportError_(_("More than %(max)s rows: split the file.") % {"max": MAX_ROWS})
    except csv.Error as error:
        raise ImportError_(_("The file cannot be read as CSV: %(error)s") % {"error": error}) from error
    return rows


class _Lookups:
    """Everything rows refer to, loaded once per import (a fixed number of queries)."""

    def __init__(self):
        self.target_groups = {g.code: g for g in TargetGroup.objects.all()}
        self.dimensions = {d.code: d for d in PovertyDimension.objects.all()}
        self.areas_by_name = {}
        self.areas_by_istat = {}
        for area in Area.objects.all():
            self.areas_by_name.setdefault(area.name.lower(), area)
            if area.istat_code:
                self.areas_by_istat[area.istat_code] = area
        self.by_fiscal_code, self.by_name = {}, {}
        for organisation in Organisation.objects.all():
            if organisation.fiscal_code:
                self.by_fiscal_code[organisation.fiscal_code] = organisation
            self.by_name.setdefault(organisation.name.lower(), organisation)
        self.contacts = {
            (c.organisation_id, c.first_name.lower(), c.last_name.lower()): c for c in Contact.objects.all()
        }
        self.opportunities = {(o.organisation_id, o.title.lower()): o for o in Opportunity.objects.all()}

    def organisation(self, value: str):
        return self.by_fiscal_code.get(normalise_code(value)) or self.by_name.get(value.lower())

    def many(self, value: str, table: dict, what: str) -> list:
        found, unknown = [], []
        for item in filter(None, (part.strip() for part in value.split(LIST_SEPARATOR))):
            obj = table.get(item.lower()) or table.get(item)
            (found if obj else unknown).append(obj or item)
        if unknown:
            raise forms.ValidationError(
                _("Unknown %(what)s: %(values)s") % {"what": what, "values": ", ".join(unknown)}
            )
        return found

    def areas(self, value: str) -> list:
        found, unknown = [], []
        for item in filter(None, (part.strip() for part in value.split(LIST_SEPARATOR))):
            area = self.areas_by_istat.get(item) or self.areas_by_name.get(item.lower())
            (found if area else unknown).append(area or item)
        if unknown:
            raise forms.ValidationError(_("Unknown areas: %(values)s") % {"values": ", ".join(unknown)})
        return found


def _bool(value: str, default: bool = True) -> bool:
    if not value:
        return default
    return value.strip().lower() in ("1", "true", "yes", "si", "sì", "vero", "x")


def _form_for(kind: str, row: dict, lookups: _Lookups, errors: list, number: int):
    """Bind the app's own form to one row, so imports obey exactly the rules of the pages."""
    from territory.forms import ContactForm, OpportunityForm, OrganisationForm

    data = {key: value for key, value in row.items() if key in COLUMNS[kind]}
    references = {}
    try:
        if "target_groups" in data:
            references["target_groups"] = [
                g.pk for g in lookups.many(data.pop("target_groups"), lookups.target_groups, _("target groups"))
            ]
        if "poverty_dimensions" in data:
            references["poverty_dimensions"] = [
                d.pk for d in lookups.many(data.pop("poverty_dimensions"), lookups.dimensions, _("poverty dimensions"))
            ]
    except forms.ValidationError as error:
        errors.append(RowError(number, "target_groups/poverty_dimensions", " ".join(error.messages)))
    data["active"] = "on" if _bool(data.get("active", "")) else ""

    if kind == "organisations":
        try:
            if data.get("areas"):
                references["areas_served"] = [a.pk for a in lookups.areas(data.pop("areas"))]
            data.pop("areas", None)
            istat = data.pop("municipality_istat", "")
            if istat:
                municipality = lookups.areas_by_istat.get(istat)
                if municipality is None:
                    raise forms.ValidationError(_("Unknown ISTAT code: %(code)s") % {"code": istat})
                references["municipality"] = municipality.pk
        except forms.ValidationError as error:
            errors.append(RowError(number, "areas/municipality_istat", " ".join(error.messages)))
        instance = lookups.organisation(data.get("fiscal_code") or data.get("name", ""))
        form = OrganisationForm(
            {**data, **references, "edited_version": instance.version if instance else ""}, instance=instance
        )
        return form, instance

    organisation = lookups.organisation(data.pop("organisation", ""))
    if organisation is None:
        errors.append(RowError(number, "organisation", _("No organisation with this codice fiscale or name.")))
        return None, None
    if kind == "contacts":
        data["is_liaison"] = "on" if _bool(data.get("is_liaison", ""), default=False) else ""
        instance = Contact.objects.filter(
            organisation=organisation,
            first_name__iexact=data.get("first_name", ""),
            last_name__iexact=data.get("last_name", ""),
        ).first()
        return ContactForm(data, instance=instance or Contact(organisation=organisation)), instance

    try:
        if data.get("areas"):
            references["areas"] = [a.pk for a in lookups.areas(data.pop("areas"))]
        data.pop("areas", None)
    except forms.ValidationError as error:
        errors.append(RowError(number, "areas", " ".join(error.messages)))
    instance = lookups.opportunities.get((organisation.pk, data.get("title", "").lower()))
    payload = {
        **data,
        **references,
        "organisation": organisation.pk,
        "edited_version": instance.version if instance else "",
    }
    return OpportunityForm(payload, instance=instance), instance


def _row_label(row: dict) -> str:
    return row.get("name") or row.get("title") or f"{row.get('first_name', '')} {row.get('last_name', '')}".strip()


def check(kind: str, content: bytes) -> ImportResult:
    """Read and validate every row; write nothing."""
    result = ImportResult(kind)
    rows = read_rows(decode(content), kind)
    lookups = _Lookups()
    seen = set()
    for number, row in enumerate(rows, start=2):
        form, instance = _form_for(kind, row, lookups, result.errors, number)
        if form is None:
            continue
        key = tuple(row.get(name, "").lower() for name in REQUIRED[kind])
        if key in seen:
            result.errors.append(
                RowError(number, ", ".join(REQUIRED[kind]), _("The same record appears twice in the file."))
            )
        seen.add(key)
        if not form.is_valid():
            for column, messages in form.errors.items():
                result.errors.append(RowError(number, column if column != "__all__" else "", " ".join(messages)))
        result.rows.append((number, form, instance))
        result.labels.append(_row_label(row))
    if not rows:
        result.errors.append(RowError(1, "", _("The file has no rows after the header.")))
    return result


@transaction.atomic
def apply(kind: str, content: bytes) -> ImportResult:
    """Validate again, then write every row in one transaction, or nothing."""
    result = check(kind, content)
    if not result.valid:
        return result
    for _number, form, instance in result.rows:
        form.save()
        if instance is None:
            result.created += 1
        else:
            result.updated += 1
    return result


def template_csv(kind: str) -> str:
    return ";".join(COLUMNS[kind]) + "\n"
