"""The test thread keeps one database connection, whether or not an event
loop is marked as running in it, as sync Playwright marks its own from the
first browser journey until the session ends (maca/conftest.py). A second
connection reached only while the loop ran stayed open after the run, and the
test database could not be dropped."""

from __future__ import annotations

import asyncio

from django.db import connection, connections


def _session() -> tuple[object, int | None]:
    """The connection the thread reaches, and its database session."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()" if connection.vendor == "postgresql" else "SELECT NULL")
        return connections["default"], cursor.fetchone()[0]


def test_the_test_thread_reaches_its_own_connection_while_an_event_loop_runs_in_it(db, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # as the browser journeys set it
    before = _session()
    marked = asyncio._get_running_loop()  # Playwright's, if it has started in this process
    loop = asyncio.new_event_loop()
    asyncio._set_running_loop(loop)  # as sync Playwright leaves it between its calls
    try:
        during = _session()
    finally:
        asyncio._set_running_loop(marked)
        loop.close()
    assert during == before
    assert _session() == before
