"""``make bench``: how fast the export writer turns rows into a file."""

from __future__ import annotations

import datetime as dt
import io
import time


def refresh_planner_statistics() -> None:
    """On PostgreSQL, read the statistics of the tables a bench has just
    filled, as autovacuum does soon after a bulk load in production. Without
    them the planner takes a table of 6,000 rows for one of a single row and
    can pick a plan hundreds of times slower than it would in service (the
    search by theme: 237 ms against 13 ms). Nothing to do on SQLite."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _rows(count: int):
    day = dt.date(2026, 4, 1)
    moment = dt.datetime(2026, 4, 1, 9, 30, tzinfo=dt.UTC)
    for number in range(count):
        yield [
            moment,
            "qa@bench.example",
            "case.viewed",
            "cases.case",
            str(number),
            f"F-{number:06d}",
            "=not a formula" if number % 97 == 0 else "192.0.2.1",
            "Mozilla/5.0 (bench)",
            day,
            number,
        ]


def bench_exports(rows: int = 100_000) -> dict:
    """Rows a second through the CSV and the Excel writer (10 columns of text,
    dates and numbers, as the audit log's download has)."""
    from maca.core.exports import Table, csv_lines, write_xlsx

    headings = [f"Column {n}" for n in range(10)]
    started = time.perf_counter()
    size = sum(len(chunk) for chunk in csv_lines([Table("Bench", headings, _rows(rows))]))
    csv_seconds = time.perf_counter() - started
    started = time.perf_counter()
    target = io.BytesIO()
    write_xlsx([Table("Bench", headings, _rows(rows))], target)
    xlsx_seconds = time.perf_counter() - started
    return {
        "rows": rows,
        "csv_seconds": round(csv_seconds, 2),
        "csv_rows_per_second": round(rows / csv_seconds),
        "csv_megabytes": round(size / 1e6, 1),
        "xlsx_seconds": round(xlsx_seconds, 2),
        "xlsx_rows_per_second": round(rows / xlsx_seconds),
        "xlsx_megabytes": round(len(target.getvalue()) / 1e6, 1),
    }
