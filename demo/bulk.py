"""Fast bulk loading for the large demo data set: COPY on PostgreSQL, bulk_create elsewhere."""

import csv
import io
from collections.abc import Iterable, Sequence

from django.db import connection, models


def next_id(model: type[models.Model]) -> int:
    last = model._default_manager.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def load(model_or_table, columns: Sequence[str], rows: Iterable[Sequence], batch: int = 50000) -> int:
    """Insert rows (tuples in `columns` order, ids included) and return how many."""
    table = model_or_table if isinstance(model_or_table, str) else model_or_table._meta.db_table
    count = 0
    chunk: list = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= batch:
            count += _write(table, columns, chunk)
            chunk = []
    if chunk:
        count += _write(table, columns, chunk)
    return count


def _write(table: str, columns: Sequence[str], rows: list) -> int:
    if connection.vendor == "postgresql":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in rows:
            writer.writerow(["\\N" if value is None else value for value in row])
        buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer)
    else:
        placeholders = ", ".join(["%s"] * len(columns))
        with connection.cursor() as cursor:
            # Table and column names come from our models, never from input.
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", rows)  # noqa: S608
    return len(rows)


def reset_sequences(*models_: type[models.Model]) -> None:
    """After inserting explicit ids, move PostgreSQL's sequences past them."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models_:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 1))"  # noqa: S608
            )
