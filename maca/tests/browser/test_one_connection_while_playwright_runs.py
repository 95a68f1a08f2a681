"""While Playwright runs, the test thread reaches the database connection it
had before Playwright started (maca/conftest.py): a second one, reached only
while Playwright's event loop was marked as running, was left open on the test
database after the run."""

from __future__ import annotations

import asyncio

from django.db import connections


def test_the_test_thread_reaches_one_connection_while_playwright_runs(playwright, db):
    loop = asyncio.get_running_loop()  # Playwright's, marked as running in the test thread
    in_view = connections["default"]
    asyncio._set_running_loop(None)
    try:
        without_the_loop = connections["default"]
    finally:
        asyncio._set_running_loop(loop)
    assert without_the_loop is in_view
