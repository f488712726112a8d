"""Fast bulk loading for the large demo data set: COPY on PostgreSQL, bulk_create elsewhere."""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from django.db import connection, models


def next_id(model: type[models.Model]) -> int:
    last = model._default_manager.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def load(model_or_table, columns: Sequence[str], rows: Iterable[Sequence], batch: int = 50000) -> int:
    """Insert rows (tuples in `columns` order, ids included) and return how many.

    On PostgreSQL a second thread sends each batch with COPY while this one makes the next: the database
    parses and stores one batch as Python draws the next, so the two cores work at once.
    """
    table = model_or_table if isinstance(model_or_table, str) else model_or_table._meta.db_table
    if connection.vendor != "postgresql":
        return sum(_insert(table, columns, chunk) for chunk in _chunks(rows, batch))
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
    connection.ensure_connection()
    count = 0
    with ThreadPoolExecutor(max_workers=1) as sender:
        sending = None
        for chunk in _chunks(rows, batch):
            buffer = _csv(chunk)
            if sending is not None:
                sending.result()  # one batch in flight at most: memory stays bounded
            # The raw psycopg2 connection: Django's wrapper belongs to this thread; psycopg2's may be shared,
            # and this thread sends nothing else while a batch is in flight.
            sending = sender.submit(_copy, connection.connection, statement, buffer)
            count += len(chunk)
        if sending is not None:
            sending.result()
    return count


def _chunks(rows: Iterable[Sequence], batch: int) -> Iterator[list]:
    chunk: list = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= batch:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _csv(rows: list) -> io.StringIO:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(["\\N" if value is None else value for value in row])
    buffer.seek(0)
    return buffer


def _copy(raw_connection, statement: str, buffer: io.StringIO) -> None:
    with raw_connection.cursor() as cursor:
        # psycopg2 lets other threads run while the server takes each block; larger blocks, fewer calls.
        cursor.copy_expert(statement, buffer, size=1 << 20)


def _insert(table: str, columns: Sequence[str], rows: list) -> int:
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


@contextmanager
def indexes_built_after(tables: Iterable[str]) -> Iterator[None]:
    """Drop the tables' foreign keys and secondary indexes, and build them again once the rows are in.

    Row by row, every foreign key queues a check until the commit (Django declares them deferred) and every
    index, the trigram ones above all, takes each row in a random place: at millions of rows that is most
    of the load. Built afterwards, an index is one sort and a foreign key one join. Primary keys and
    unique constraints stay, so the rows are still checked against them as they come. Inside the caller's
    transaction: if the load fails, the rollback brings everything back. PostgreSQL only.
    """
    if connection.vendor != "postgresql":
        yield
        return
    tables = list(tables)
    with connection.cursor() as cursor:
        # The foreign keys, and the indexes behind no constraint: what is dropped, and how to make each again.
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s) ORDER BY conrelid, conname",
            [tables],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indrelid::regclass::text = ANY(%s) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = indexrelid) ORDER BY indexrelid",
            [tables],
        )
        indexes = cursor.fetchall()
        # A table with checks still pending in this transaction cannot be altered: run them now (Django's
        # foreign keys are all deferred until the commit; they are again below).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        # Names come from the catalogue, never from input.
        for table, name, _definition in foreign_keys:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        # Sorting in memory rather than on disk; for this transaction only.
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in foreign_keys:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
