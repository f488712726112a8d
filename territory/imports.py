"""Import of the resource mapping from CSV: every row checked first, nothing written unless all are valid.

Re-importing the same file updates the records instead of duplicating them: organisations are matched
by codice fiscale (or by name when they have none), contacts by organisation and name, opportunities by
organisation and title. An update changes the columns the file has and leaves the others as they were
(the notes, the liaison figure and any column left out of the file).

A file may hold 20,000 rows and is checked twice inside the request, at the preview and again at the
confirmation, so the cost per row is what counts (issue 10):
- everything the rows refer to is loaded once per file, a fixed number of queries whatever its length;
- each row is cleaned with the fields of the page's own form (same choices, same rules, same messages)
  and the model's own validation, but without building a form per row: building a ModelForm deep-copies
  its fields and querysets, about 0.8 ms, 16 s for 20,000 rows before checking anything (see `_Cleaner`);
- the confirmation writes in bulk, in one transaction, and audits every record it writes
  (territory/import_writes.py).
"""

import copy
import csv
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.validators import normalise_code
from territory import import_format, import_writes
from territory.choices import ImportKind, PovertyDimensionCode, TargetGroupCode
from territory.forms import ContactForm, OpportunityForm, OrganisationForm, cache_choices
from territory.models import Area, Contact, Opportunity, Organisation, PovertyDimension, TargetGroup

logger = logging.getLogger(__name__)

# 20,000 rows of an organisations file with every column filled take about 4.5 MB, of opportunities with
# a sentence of description about 6.5 MB: 20 MB leaves room for longer texts (1 KB a row at the limit).
MAX_BYTES = 20 * 1024 * 1024
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
KIND_LABELS = dict(ImportKind.choices)
MODELS = {"organisations": Organisation, "contacts": Contact, "opportunities": Opportunity}
FORMS = {"organisations": OrganisationForm, "contacts": ContactForm, "opportunities": OpportunityForm}
# The column each form field is filled from, where it is not the field's own name. Fields filled from
# no column (notes, liaison) are left empty on a new record and untouched on an update.
SOURCE_COLUMNS = {"areas_served": "areas", "municipality": "municipality_istat"}
# Foreign keys whose choice field resolves them from the objects loaded once: they exist and obey the
# field's queryset, so the model need not query again to validate them.
CACHED_FOREIGN_KEYS = {"municipality", "organisation", "liaison"}


class ImportError_(ValueError):
    """The file as a whole cannot be read: wrong encoding, no header, too big."""


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class _Row:
    number: int
    label: str
    record: models.Model  # the row's values set on it, not saved yet
    before: models.Model | None  # a copy of the record as read, when the row updates one
    relations: dict  # many-to-many field name → objects, for the fields the row sets


@dataclass
class ImportResult:
    kind: str
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def preview(self) -> list[tuple[int, str, bool]]:
        """(row number, record, whether it updates an existing one) for the confirmation page."""
        return [(row.number, row.label, row.before is not None) for row in self.rows]


def too_large_message() -> str:
    return _("The file is larger than %(size)s MB: split it in smaller files.") % {"size": MAX_BYTES // 1024 // 1024}


def decode(content: bytes) -> str:
    """UTF-8 (with or without the BOM Excel adds), else Windows-1252, as Italian offices export it."""
    if len(content) > MAX_BYTES:
        raise ImportError_(too_large_message())
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
        written = [name.strip() for name in (reader.fieldnames or [])]
    except csv.Error as error:
        raise ImportError_(_("The file cannot be read as CSV: %(error)s") % {"error": error}) from error
    # A header may be the column's code or its label, in Italian or English, whatever the case and accents.
    names = import_format.header_names(kind, COLUMNS[kind])
    header = [names.get(import_format.normalise(name), name) for name in written]
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
            if any((value or "").strip() for value in row.values()) and not import_format.is_example(kind, row):
                rows.append({key: (value or "").strip() for key, value in row.items()})
            if len(rows) > MAX_ROWS:
                raise ImportError_(_("More than %(max)s rows: split the file.") % {"max": MAX_ROWS})
    except csv.Error as error:
        raise ImportError_(_("The file cannot be read as CSV: %(error)s") % {"error": error}) from error
    return rows


class _Lookups:
    """Everything rows refer to, loaded once per file (a fixed number of queries)."""

    def __init__(self, kind: str):
        # By code, and by every way of writing it ("Adolescenti", "adolescents", "ADOLESCENTI").
        self.target_groups = self._by_name(TargetGroup.objects.all(), TargetGroupCode)
        self.dimensions = self._by_name(PovertyDimension.objects.all(), PovertyDimensionCode)
        self.choices = {
            column: import_format.value_names(import_format.choices_for(kind, column))
            for column in ("kind", "cooperative_type")
            if column in COLUMNS[kind]
        }
        self.areas_by_name = {}
        self.areas_by_istat = {}
        for area in Area.objects.all():
            self.areas_by_name.setdefault(area.name.lower(), area)
            if area.istat_code:
                self.areas_by_istat[area.istat_code] = area
        self.organisations, self.by_fiscal_code, self.by_name = {}, {}, {}
        for organisation in Organisation.objects.all():
            self.organisations[str(organisation.pk)] = organisation
            if organisation.fiscal_code:
                self.by_fiscal_code[organisation.fiscal_code] = organisation
            self.by_name.setdefault(organisation.name.lower(), organisation)
        # The records rows may update, by the key they are matched on; only those of the file's kind.
        self.contacts = (
            {(c.organisation_id, c.first_name.lower(), c.last_name.lower()): c for c in Contact.objects.all()}
            if kind == "contacts"
            else {}
        )
        self.opportunities = (
            # With the liaison, which Opportunity.clean() compares with the organisation.
            {(o.organisation_id, o.title.lower()): o for o in Opportunity.objects.select_related("liaison")}
            if kind == "opportunities"
            else {}
        )

    @staticmethod
    def _by_name(objects, choices) -> dict:
        by_code = {obj.code: obj for obj in objects}
        table = {name: by_code[code] for name, code in import_format.value_names(choices).items() if code in by_code}
        return {**table, **by_code}

    def choice(self, column: str, value: str) -> str:
        """The code of a coded column's value written as a label; the value as it is when no code matches."""
        return self.choices[column].get(import_format.normalise(value), value) if value else value

    def organisation(self, value: str):
        return self.by_fiscal_code.get(normalise_code(value)) or self.by_name.get(value.lower())

    def many(self, value: str, table: dict, what) -> list:
        found, unknown = [], []
        for item in filter(None, (part.strip() for part in value.split(LIST_SEPARATOR))):
            obj = table.get(item) or table.get(import_format.normalise(item))
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


def _references(kind: str, data: dict, lookups: _Lookups, errors: list, number: int) -> None:
    """Replace the codes and names of the row's lists and areas by the pks the form fields expect."""
    for column, table, what in (
        ("target_groups", lookups.target_groups, gettext_lazy("target groups")),
        ("poverty_dimensions", lookups.dimensions, gettext_lazy("poverty dimensions")),
    ):
        if column in data:
            try:
                data[column] = [obj.pk for obj in lookups.many(data[column], table, what)]
            except forms.ValidationError as error:
                # The row is refused with this one error, said on its own column; the field is left out of
                # the cleaning so that it does not add a second, vaguer one.
                del data[column]
                errors.append(RowError(number, column, " ".join(error.messages)))
    area_field, area_column = (
        ("areas_served", "areas/municipality_istat") if kind == "organisations" else ("areas", "areas")
    )
    if "areas" in data:
        try:
            data[area_field] = [area.pk for area in lookups.areas(data.pop("areas"))]
        except forms.ValidationError as error:
            errors.append(RowError(number, area_column, " ".join(error.messages)))
    if kind == "organisations" and "municipality_istat" in data:
        istat = data.pop("municipality_istat")
        municipality = lookups.areas_by_istat.get(istat)
        if istat and municipality is None:
            errors.append(
                RowError(number, "areas/municipality_istat", _("Unknown ISTAT code: %(code)s") % {"code": istat})
            )
        else:
            data["municipality"] = municipality.pk if municipality else ""


def _match(kind: str, row: dict, data: dict, lookups: _Lookups, errors: list, number: int):
    """The record the row updates (or None), the record to fill in, and what makes two rows the same
    record (the key it is matched on); (None, None, None) when the row names no known organisation."""
    if kind == "organisations":
        instance = lookups.organisation(row.get("fiscal_code") or row.get("name", ""))
        record = instance or Organisation()
        # New organisations are told apart by their codice fiscale, which the fiscal code hook keeps unique.
        return instance, record, instance.pk if instance else ("row", number)
    organisation = lookups.organisation(data.pop("organisation", ""))
    if organisation is None:
        errors.append(RowError(number, "organisation", _("No organisation with this codice fiscale or name.")))
        return None, None, None
    if kind == "contacts":
        key = (organisation.pk, row.get("first_name", "").lower(), row.get("last_name", "").lower())
        instance = lookups.contacts.get(key)
        return instance, instance or Contact(organisation=organisation), key
    data["organisation"] = organisation.pk
    key = (organisation.pk, row.get("title", "").lower())
    instance = lookups.opportunities.get(key)
    return instance, instance or Opportunity(), key


class _Cleaner:
    """Cleans a row as the page's form does, and sets its values on the record. Built once per file.

    The steps of Form.full_clean and ModelForm._post_clean, with the same public pieces: each field's
    widget and clean(), the form's clean_<field> methods (mirrored in `hooks`, against the data loaded
    once), the values set on the record as construct_instance does, then the model's own full_clean
    (field validators such as the codice fiscale's check digit, and clean()) excluding what the form
    excludes. Left out, because they would query once per row: the existence query of the foreign keys
    resolved from loaded objects, and the database constraints, which Model.clean() repeats field by
    field and the fiscal code hook checks for uniqueness (tests/territory/test_import_rules.py).
    """

    def __init__(self, model: type[models.Model], fields: dict, names: list, hooks: dict):
        opts = model._meta
        self.steps = [(name, fields[name], hooks.get(name)) for name in names]
        # Choice and checkbox fields see the same few values in thousands of rows (kinds, comuni, lists
        # of target groups): their clean() depends on the value alone, so each value is cleaned once.
        self.known = {name: {} for name in names if isinstance(fields[name], (forms.ChoiceField, forms.BooleanField))}
        self.many = [name for name in names if opts.get_field(name).many_to_many]
        self.setters = [(name, opts.get_field(name), fields[name]) for name in names if name not in self.many]
        self.excluded = {f.name for f in opts.fields if f.name not in names or f.name in CACHED_FOREIGN_KEYS}
        # As ModelForm: an empty optional form field whose model field may not be blank is not validated.
        self.excluded_if_empty = [
            (f.name, fields[f.name].empty_values)
            for f in opts.fields
            if f.name in names and not f.blank and not fields[f.name].required
        ]

    def _clean_field(self, name: str, form_field: forms.Field, raw):
        known = self.known.get(name)
        if known is None:
            return form_field.clean(raw)
        key = tuple(raw) if isinstance(raw, list) else raw
        if key not in known:
            try:
                known[key] = (form_field.clean(raw), None)
            except ValidationError as error:
                known[key] = (None, error.messages)
        value, messages = known[key]
        if messages is not None:
            raise ValidationError(messages)
        return value

    def clean(self, data: dict, record: models.Model) -> tuple[dict, dict]:
        """The errors ({field: [messages]}, like form.errors) and the many-to-many values of the row."""
        errors, cleaned = {}, {}
        for name, form_field, hook in self.steps:
            try:
                value = self._clean_field(name, form_field, form_field.widget.value_from_datadict(data, {}, name))
                cleaned[name] = hook(value, record) if hook else value
            except ValidationError as error:
                errors[name] = error.messages
        for name, model_field, form_field in self.setters:
            if name not in cleaned:
                continue
            value = cleaned[name]
            # As construct_instance: a field with a default keeps it when the data did not mention it.
            if (
                model_field.has_default()
                and form_field.widget.value_omitted_from_data(data, {}, name)
                and value in form_field.empty_values
            ):
                continue
            model_field.save_form_data(record, value)
        exclude = self.excluded | errors.keys()
        exclude.update(name for name, empty in self.excluded_if_empty if cleaned.get(name) in empty)
        try:
            record.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(name, []).extend(messages)
        return errors, {name: list(cleaned[name]) for name in self.many if name in cleaned}


def _organisation_hooks(lookups: _Lookups) -> dict:
    """OrganisationForm's clean_fiscal_code and clean_vat_number, against the codes loaded once."""
    # Codes of the database and of the rows above: a file is checked as if its rows were saved in turn.
    owners = dict(lookups.by_fiscal_code)

    def clean_fiscal_code(value: str, record: models.Model) -> str:
        fiscal_code = normalise_code(value)
        if fiscal_code and owners.setdefault(fiscal_code, record) is not record:
            raise forms.ValidationError(
                _("Another organisation already has this codice fiscale."), code="duplicate_fiscal_code"
            )
        return fiscal_code

    return {"fiscal_code": clean_fiscal_code, "vat_number": lambda value, record: normalise_code(value)}


def _row_label(row: dict) -> str:
    return row.get("name") or row.get("title") or f"{row.get('first_name', '')} {row.get('last_name', '')}".strip()


# How often a long file reports how far it got (territory.jobs shows it as a progress bar).
PROGRESS_EVERY = 500
Progress = Callable[[int, int], None]


def check(kind: str, content: bytes, progress: Progress | None = None) -> ImportResult:
    """Read and validate every row; write nothing. `progress(done, total)` is told every few hundred rows."""
    result = ImportResult(kind)
    rows = read_rows(decode(content), kind)
    if not rows:
        result.errors.append(RowError(1, "", _("The file has no rows after the header.")))
        return result
    header = set(rows[0])
    lookups = _Lookups(kind)
    model, model_fields = MODELS[kind], FORMS[kind]._meta.fields
    # Only the fields some column fills: the others are always empty in a row, and never queried.
    filled = [name for name in model_fields if SOURCE_COLUMNS.get(name, name) in COLUMNS[kind]]
    form = cache_choices(FORMS[kind](), filled)
    hooks = _organisation_hooks(lookups) if kind == "organisations" else {}
    # A new record gets every field of the form; an update only those the file has columns for.
    creating = _Cleaner(model, form.fields, model_fields, hooks)
    fields = form.fields
    if kind == "opportunities":
        # OpportunityForm offers the active organisations, and to an existing opportunity its own one
        # even if inactive since: a row updating an opportunity gets a field that accepts it.
        fields = {**fields, "organisation": copy.copy(fields["organisation"])}
        fields["organisation"].objects = lookups.organisations
    updating = _Cleaner(
        model, fields, [name for name in model_fields if SOURCE_COLUMNS.get(name, name) in header], hooks
    )
    seen_keys, seen_records = set(), set()
    columns = set(COLUMNS[kind])
    for number, row in enumerate(rows, start=2):
        if progress is not None and (number - 2) % PROGRESS_EVERY == 0:
            progress(number - 2, len(rows))
        data = {key: value for key, value in row.items() if key in columns}
        for column in lookups.choices:
            if column in data:
                data[column] = lookups.choice(column, data[column])
        _references(kind, data, lookups, result.errors, number)
        instance, record, identity = _match(kind, row, data, lookups, result.errors, number)
        if record is None:
            continue
        if instance is None or "active" in header:
            data["active"] = "on" if _bool(data.get("active", "")) else ""
        if kind == "contacts" and (instance is None or "is_liaison" in header):
            data["is_liaison"] = "on" if _bool(data.get("is_liaison", ""), default=False) else ""
        key = tuple(row.get(name, "").lower() for name in REQUIRED[kind])
        if key in seen_keys or identity in seen_records:
            result.errors.append(
                RowError(number, ", ".join(REQUIRED[kind]), _("The same record appears twice in the file."))
            )
        seen_keys.add(key)
        seen_records.add(identity)
        before = copy.copy(instance) if instance is not None else None
        errors, relations = (updating if instance else creating).clean(data, record)
        for column, messages in errors.items():
            result.errors.append(RowError(number, column if column != "__all__" else "", " ".join(messages)))
        result.rows.append(_Row(number, _row_label(row), record, before, relations))
    return result


def apply(kind: str, content: bytes, progress: Progress | None = None) -> ImportResult:
    """Validate again, then write every row in one transaction, or nothing.

    The check runs before the transaction (so its progress can be seen); the writing claims every
    record's version, so a record changed in between refuses the whole file (RecordsChanged).
    """
    result = check(kind, content, progress)
    if not result.valid:
        return result
    try:
        with transaction.atomic():
            import_writes.write(MODELS[kind], result.rows)
    except (import_writes.RecordsChanged, IntegrityError) as error:
        # Someone saved one of these records, or a clashing one, after the check: write none of them.
        logger.warning("Import of %s refused at writing: %s", kind, type(error).__name__)
        result.errors.append(
            RowError(1, "", _("Some records changed while the file was imported, so nothing was imported: try again."))
        )
        return result
    result.created = sum(row.before is None for row in result.rows)
    result.updated = len(result.rows) - result.created
    return result


def template_csv(kind: str) -> str:
    """The header in the user's language and an example row (skipped if left in the file)."""
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\n").writerows(import_format.template_rows(kind, COLUMNS[kind]))
    return out.getvalue()
