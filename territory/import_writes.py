"""Writing the checked rows of an import in bulk: all of them in the caller's transaction, each audited.

A confirmed file may hold 20,000 records with about 100,000 many-to-many rows, written inside the request
(issue 10). Saving them one by one took minutes; here they are created with bulk_create, and updated and
related with a few statements per thousand rows. Bulk writes send no signals, so the audit events that
audit.changes writes on save() are written here with audit.services.record_bulk.

Rows are objects with `record` (the model instance with the row's values), `before` (a copy of the
record as read, or None for a new one) and `relations` (many-to-many field name → objects).
"""

from itertools import islice

from django.db import connection, models
from django.db.models import F
from django.utils import timezone

from audit.services import record_bulk
from core.models import VersionedModel

BATCH = 1000


class RecordsChanged(Exception):
    """A record to update changed, or went, after it was read: the caller writes nothing."""


def write(model: type[models.Model], rows: list) -> None:
    """Create, update and relate every row's record, and audit each record written."""
    updates = [row for row in rows if row.before is not None]
    _claim(model, updates)
    model._default_manager.bulk_create([row.record for row in rows if row.before is None], batch_size=BATCH)
    # Only the records and the fields that differ from the database: a re-import of the same file
    # writes nothing, and the cost of an UPDATE grows with the fields it sets.
    changes = []
    for row in updates:
        differ = [
            field
            for field in model._meta.concrete_fields
            if field.value_from_object(row.before) != field.value_from_object(row.record)
        ]
        if differ:
            changes.append((row.record, differ))
    _update(model, changes)
    related = _relate(model, rows)
    stamps = {"updated_at": timezone.now()}
    if issubclass(model, VersionedModel):
        # As a save from the page does: whoever opened one of these records before is told it changed.
        stamps["version"] = F("version") + 1
    changed = {record.pk for record, _fields in changes}
    for chunk in batches(changed | {row.record.pk for row in updates if row.record.pk in related}):
        model._default_manager.filter(pk__in=chunk).update(**stamps)
    # As audit.changes does for save() and the m2m signals: the record's fields and its relations.
    record_bulk(
        [(row.record, row.before) for row in rows if row.before is None or row.record.pk in changed | related.keys()],
        relations=related,
    )


def _claim(model: type[models.Model], updates: list) -> None:
    """Lock the records to update until the end of the transaction, and check they are still the
    version that was read, as a page's save does (contacts have no version: they are only locked)."""
    versioned = issubclass(model, VersionedModel)
    expected = {row.record.pk: row.before.version if versioned else None for row in updates}
    for chunk in batches(expected):
        found = dict(
            model._default_manager.select_for_update()
            .filter(pk__in=chunk)
            .values_list("pk", "version" if versioned else "pk")
        )
        if any(pk not in found or (versioned and found[pk] != expected[pk]) for pk in chunk):
            raise RecordsChanged


def _update(model: type[models.Model], changes: list) -> None:
    """Write the changed fields of each record: per batch of records, one UPDATE … SET f = CASE pk WHEN ….

    What QuerySet.bulk_update does, without building a When(pk=…) expression for each record and
    field (2.7 s of CPU for 20,000 records and one field; this takes 0.1 s), and listing in each
    CASE only the records whose field changed (ELSE keeps the others'). Values are prepared by each
    field for the database and passed as parameters; on PostgreSQL the CASE is cast to the column's
    type, as bulk_update does. Batches of 250: PostgreSQL tries the WHENs in turn for every row.
    """
    quote = connection.ops.quote_name
    pk = quote(model._meta.pk.column)
    # SQLite caps the parameters of a statement: two per record and field changed, and the pks.
    size = min(250, (connection.features.max_query_params or 1000000) // (2 * len(model._meta.concrete_fields) + 1))
    with connection.cursor() as cursor:
        for chunk in batches(changes, size):
            by_field = {}
            for record, fields in chunk:
                for field in fields:
                    by_field.setdefault(field, []).append(record)
            assignments, params = [], []
            for field, records in by_field.items():
                column = quote(field.column)
                case = f"CASE {pk} " + " ".join(["WHEN %s THEN %s"] * len(records)) + f" ELSE {column} END"
                if connection.features.requires_casted_case_in_updates:
                    case = f"CAST({case} AS {field.cast_db_type(connection)})"
                assignments.append(f"{column} = {case}")
                for record in records:
                    params += [record.pk, field.get_db_prep_save(getattr(record, field.attname), connection)]
            params += [record.pk for record, _fields in chunk]
            cursor.execute(
                # Table and column names come from the model, never from the file; values are parameters.
                f"UPDATE {quote(model._meta.db_table)} SET {', '.join(assignments)} "  # noqa: S608
                f"WHERE {pk} IN ({', '.join(['%s'] * len(chunk))})",
                params,
            )


def _relate(model: type[models.Model], rows: list) -> dict[int, dict[str, dict]]:
    """Set the many-to-many relations the rows give, adding and removing only the pairs that differ;
    return, for each record whose relations changed, the targets added and removed by field."""
    related: dict[int, dict[str, dict]] = {}
    for name in {name for row in rows for name in row.relations}:
        field = model._meta.get_field(name)
        through = field.remote_field.through
        source = through._meta.get_field(field.m2m_field_name())
        target = through._meta.get_field(field.m2m_reverse_field_name())
        wanted = {row.record.pk: {obj.pk for obj in row.relations[name]} for row in rows if name in row.relations}
        current = {}
        if any(row.before is not None and name in row.relations for row in rows):
            # The whole table in one query rather than the updated records' rows in thousands of pks.
            for pk, source_pk, target_pk in through.objects.values_list("pk", source.attname, target.attname):
                if source_pk in wanted:
                    current.setdefault(source_pk, {})[target_pk] = pk
        removed, added = [], []
        for source_pk, targets in wanted.items():
            have = current.get(source_pk, {})
            gone = {target_pk: pk for target_pk, pk in have.items() if target_pk not in targets}
            new = targets - have.keys()
            if gone or new:
                related.setdefault(source_pk, {})[name] = {"added": sorted(new), "removed": sorted(gone)}
            removed += gone.values()
            added += [(source_pk, target_pk) for target_pk in new]
        _delete_pairs(through, removed)
        _insert_pairs(through._meta.db_table, source.column, target.column, added)
    return related


def _delete_pairs(through: type[models.Model], pks: list[int]) -> None:
    """Delete many-to-many rows by pk, a thousand per statement, as _insert_pairs inserts them."""
    quote = connection.ops.quote_name
    size = min(BATCH, connection.features.max_query_params or BATCH)
    with connection.cursor() as cursor:
        for chunk in batches(pks, size):
            cursor.execute(
                f"DELETE FROM {quote(through._meta.db_table)} WHERE {quote(through._meta.pk.column)} "  # noqa: S608
                f"IN ({', '.join(['%s'] * len(chunk))})",
                chunk,
            )


def _insert_pairs(table: str, source: str, target: str, pairs: list[tuple[int, int]]) -> None:
    """Insert many-to-many rows, a thousand per statement.

    Plain SQL rather than bulk_create: building and compiling a model instance for each of 100,000
    rows took 2 of the 10 seconds of the confirmation of 20,000 organisations (bench/import_bench.py).
    """
    quote = connection.ops.quote_name
    size = min(BATCH, (connection.features.max_query_params or 2 * BATCH) // 2)
    with connection.cursor() as cursor:
        for chunk in batches(pairs, size):
            cursor.execute(
                # Table and column names come from the models, never from the file; values are parameters.
                f"INSERT INTO {quote(table)} ({quote(source)}, {quote(target)}) VALUES "  # noqa: S608
                + ", ".join(["(%s, %s)"] * len(chunk)),
                [value for pair in chunk for value in pair],
            )


def batches(items, size: int = BATCH):
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
