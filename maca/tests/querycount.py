"""Query-count checks for list pages: the count must not grow with the data."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(fetch: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as context:
        response = fetch()
    status = getattr(response, "status_code", 200)
    assert status == 200, f"expected 200, got {status}"
    return len(context.captured_queries)


def assert_queries_do_not_grow(fetch: Callable[[], object], add_rows: Callable[[int], None]) -> int:
    """Fetch once, add more rows, fetch again: the two counts must be equal."""
    add_rows(2)
    fetch()  # warm caches (content types, sessions)
    before = count_queries(fetch)
    add_rows(10)
    after = count_queries(fetch)
    assert after == before, f"queries grew with the data: {before} -> {after}"
    return after
