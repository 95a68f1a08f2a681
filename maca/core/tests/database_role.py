"""The suite runs on PostgreSQL as the service does: as a role that row-level
security holds (neither superuser nor owner of the tables, no BYPASSRLS).

pytest-django creates the test database and runs the migrations as the
connecting role (a superuser here, which row-level security never holds).
:func:`hold_connections` then creates a plain role for this test database,
grants it what the service's role gets (docs/deployment.md) and makes every
connection of the process ``SET ROLE`` to it, so that each request the tests
make, each task and each page goes through the policies exactly as in
production. Test code itself works across partnerships, like an operator's
command (it builds records in several): requests and tasks set their own
scope, as they do in production.
"""

from __future__ import annotations

import gc
import os
import threading
import warnings
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.backends.signals import connection_created

from maca.core import tenancy


def role_name() -> str:
    return f"maca_held_{connection.settings_dict['NAME']}"[:63]


def _set_role(sender, connection, **kwargs) -> None:
    if connection.vendor == "postgresql" and connection.alias == "default":
        with connection.cursor() as cursor:
            cursor.execute(f'SET ROLE "{role_name()}"')
            # Which test opened it, for :func:`connections_left` (a session with no
            # name was opened by another process, or before the suite began).
            test = os.environ.get("PYTEST_CURRENT_TEST", "").rsplit(" (", 1)[0]
            cursor.execute("SELECT set_config('application_name', %s, false)", [test[-63:]])


def hold_connections() -> str:
    name = role_name()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE ROLE "{name}" NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB')
        for statement in (
            'GRANT USAGE ON SCHEMA public TO "{name}"',
            'GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public TO "{name}"',
            'GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO "{name}"',
            "ALTER DEFAULT PRIVILEGES IN SCHEMA public"
            ' GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON TABLES TO "{name}"',
            'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO "{name}"',
            'SET ROLE "{name}"',
        ):
            cursor.execute(statement.format(name=name))
    connection_created.connect(_set_role, dispatch_uid="maca_test_database_role")
    tenancy.set_process_default(tenancy.ALL_PARTNERSHIPS)
    return name


def connections_left() -> list[str]:
    """The other sessions still open on the test database as the suite ends,
    with this process's living threads: pytest-django cannot drop a database
    that someone is still connected to, and says only that it is "being
    accessed by other users". This says by whom."""
    # A connection made in a thread that has ended is closed only when the
    # cycles of Django's connection objects are collected: collect them first.
    gc.collect()
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")  # the held role may not read other sessions' details
        cursor.execute(
            "SELECT pid, application_name, client_port, state, backend_start, left(query, 200) "
            "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        sessions = cursor.fetchall()
    if not sessions:
        return []
    threads = ", ".join(sorted(t.name for t in threading.enumerate() if t is not threading.main_thread()))
    return [
        *(
            f"pid {pid} {app!r} port {port} {state} since {start}: {query}"
            for pid, app, port, state, start, query in sessions
        ),
        f"threads of this process: {threads or 'none'}",
    ]


def release_connections(name: str) -> None:
    left = connections_left()
    if left:
        warnings.warn("Sessions left open on the test database:\n" + "\n".join(left), stacklevel=1)
        report = Path(settings.BASE_DIR) / "var" / f"connections-left-{connection.settings_dict['NAME']}.txt"
        report.parent.mkdir(exist_ok=True)
        report.write_text("\n".join(left) + "\n")
    connection_created.disconnect(dispatch_uid="maca_test_database_role")
    tenancy.set_process_default(tenancy.NO_PARTNERSHIP)
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
        cursor.execute(f'DROP OWNED BY "{name}"')
        cursor.execute(f'DROP ROLE IF EXISTS "{name}"')
