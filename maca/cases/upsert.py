"""Insert-or-update of many rows with one prepared statement.

Why not ``bulk_create(update_conflicts=True)``? It was the first version, and
measured on a 100,000-child list it spent three quarters of the import in
Django compiling SQL row by row (about 100 µs a row, against 5 µs for the
database to store it), and on SQLite it splits batches into 50-row statements.
A 100,000-child import took 20 seconds instead of the 15 asked for.

``INSERT ... ON CONFLICT (...) DO UPDATE SET col = EXCLUDED.col`` is the same
statement Django writes for ``update_conflicts``, and both SQLite (3.24+) and
PostgreSQL accept it. Here it is built once from the model's metadata and run
with ``executemany`` on PostgreSQL; on SQLite each statement writes up to 500
rows (``_sqlite_upsert`` says why). Callers hand over values already in
database form; the adapters below do what the fields would do, once per value.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import queue
import threading
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, islice
from typing import Any

from django.db import connection, models

BATCH_SIZE = 2000
# SQLite's page cache while an import writes (KiB). Its default, 2 MB, is far
# smaller than the tables and indexes a re-import updates all through: pages
# were evicted, spilled to the log and read back again, which made SQLite's
# share of a regrouped re-import of 100,000 children about 3.5 s of processor
# time instead of 2.2 s. The cache is given back when the import is written.
SQLITE_IMPORT_CACHE_KIB = 24 * 1024
# Rows written by one SQLite statement, within SQLite's limit on parameters
# (32,766 since 3.32; Django assumes 999 for any version, too few here).
SQLITE_ROWS_PER_STATEMENT = 500
SQLITE_MAX_VARIABLES = 32_766


def batches(items: Iterable, size: int = BATCH_SIZE) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def db_date(value: dt.date | None) -> Any:
    return connection.ops.adapt_datefield_value(value)


def db_datetime(value: dt.datetime) -> Any:
    return connection.ops.adapt_datetimefield_value(value)


def db_json(value: Any) -> Any:
    return connection.ops.adapt_json_value(value, None)


def _column(model: type[models.Model], name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)


@contextlib.contextmanager
def roomy_page_cache() -> Iterator[None]:
    """A larger SQLite page cache for the length of the block (nothing on
    PostgreSQL, whose shared buffers are the server's)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = {-SQLITE_IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {before}")


def upsert_sql(
    model: type[models.Model],
    fields: Sequence[str],
    *,
    unique: Sequence[str] = (),
    update: Sequence[str] = (),
    rows: int = 1,
    placeholder: str = "%s",
) -> str:
    """The statement writing ``rows`` rows (``VALUES (...), (...)``)."""
    # Names come from the model's metadata, quoted; every value is a parameter.
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(_column(model, name) for name in fields)
    placeholders = ", ".join([f"({', '.join([placeholder] * len(fields))})"] * rows)
    sql = f"INSERT INTO {table} ({columns}) VALUES {placeholders}"  # noqa: S608
    if unique:
        assignments = ", ".join(f"{_column(model, name)} = EXCLUDED.{_column(model, name)}" for name in update)
        sql += f" ON CONFLICT ({', '.join(_column(model, name) for name in unique)}) DO UPDATE SET {assignments}"
    return sql


def update_by_id(model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple]) -> None:
    """``UPDATE ... SET field = %s ... WHERE id = %s`` for each row (the values of
    ``fields``, then the id), as one prepared statement: a set-based update
    without ``bulk_update``'s ``CASE WHEN`` per row, which grows with the batch."""
    table = connection.ops.quote_name(model._meta.db_table)
    assignments = ", ".join(f"{_column(model, name)} = %s" for name in fields)
    sql = f"UPDATE {table} SET {assignments} WHERE {_column(model, 'id')} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        for batch in batches(rows):
            cursor.executemany(sql, batch)


def delete_pairs(model: type[models.Model], first: str, second: str, pairs: Iterable[tuple]) -> None:
    """Delete the rows of a link table matching each ``(first, second)`` pair."""
    table = connection.ops.quote_name(model._meta.db_table)
    sql = f"DELETE FROM {table} WHERE {_column(model, first)} = %s AND {_column(model, second)} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        for batch in batches(pairs):
            cursor.executemany(sql, batch)


def upsert(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[tuple],
    *,
    unique: Sequence[str] = (),
    update: Sequence[str] = (),
) -> None:
    """Write ``rows`` (tuples in the order of ``fields``) in batches. With
    ``unique``, a row whose unique fields match an existing one updates the
    ``update`` fields instead; without, rows are plainly inserted."""
    if connection.vendor == "sqlite":
        _sqlite_upsert(model, fields, rows, unique=unique, update=update)
        return
    sql = upsert_sql(model, fields, unique=unique, update=update)
    with connection.cursor() as cursor:
        for batch in prepared(rows):
            cursor.executemany(sql, batch)


def _sqlite_upsert(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[tuple],
    *,
    unique: Sequence[str],
    update: Sequence[str],
) -> None:
    """On SQLite, many rows to a statement (``VALUES (...), (...), ...``)
    rather than one statement per row: each run of an ``INSERT`` into a table
    with Django's ``AUTOINCREMENT`` key also writes the table's row in
    ``sqlite_sequence``, and is set up and reset; a 100,000-child import ran
    275,000 of them. The rows of one statement are distinct on ``unique``
    (a case list's references are checked unique before it is written)."""
    per_statement = max(1, min(SQLITE_ROWS_PER_STATEMENT, SQLITE_MAX_VARIABLES // len(fields)))

    def statement(rows: int) -> str:
        return upsert_sql(model, fields, unique=unique, update=update, rows=rows, placeholder="?")

    full = statement(per_statement)
    connection.ensure_connection()
    for batch in prepared(rows, per_statement):
        sql = full if len(batch) == per_statement else statement(len(batch))
        _sqlite_execute(sql, list(chain.from_iterable(batch)))


def _sqlite_execute(sql: str, params: list) -> None:
    """Run one statement written with SQLite's own placeholder (``?``) on the
    connection's SQLite connection, in its transaction, errors turned into
    Django's as for any query. Not through Django's cursor, which rewrites each
    ``%s`` with a regular expression on every run (9,000 of them in a
    statement of 500 children: a fifth of a second an import), and, when
    queries are logged (``DEBUG``), formats a statement that has no ``%s``.
    So these statements are not in ``connection.queries``."""
    with connection.wrap_database_errors:
        connection.connection.execute(sql, params).close()


def prepared(rows: Iterable[tuple], size: int = BATCH_SIZE) -> Iterator[list]:
    """Batches of ``rows``, built in a thread of their own while the database
    writes the previous batch.

    Building a row can cost as much as writing it (sealing identifiers is
    encryption), and both SQLite and psycopg let other threads run while a
    statement executes. The rows must not touch the database connection, which
    belongs to the calling thread."""
    ready: queue.Queue = queue.Queue(maxsize=3)

    def build() -> None:
        try:
            for batch in batches(rows, size):
                ready.put(batch)
        except BaseException as error:  # noqa: BLE001 - handed to the caller, raised there
            ready.put(error)
        else:
            ready.put(None)

    builder = threading.Thread(target=build, name="upsert-rows", daemon=True)
    builder.start()
    try:
        while (batch := ready.get()) is not None:
            if isinstance(batch, BaseException):
                raise batch
            yield batch
    finally:
        # Let the builder finish if the caller stopped early (an error while writing).
        while builder.is_alive():
            with contextlib.suppress(queue.Empty):
                ready.get(timeout=0.1)
        builder.join()
