"""Backup and restore as docs/operations.md gives them: ``pg_dump`` of a
database with data, ``pg_restore`` into a fresh database, and the copy is the
same table by table (rows and checksums, sequences, row-level security), and
its sealed identifiers open with the keys, and only with them."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings

from maca.audit_trail.services import record
from maca.core import crypto
from maca.core.fields import Sealed
from maca.partnerships.retention import periods_of, retention_policy_update
from maca.tests.retention import CHILD_NAME, NHS_NUMBER, audited_case

PG_DUMP, PG_RESTORE = shutil.which("pg_dump"), shutil.which("pg_restore")
pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="Backups are PostgreSQL dumps"),
    pytest.mark.skipif(not (PG_DUMP and PG_RESTORE), reason="pg_dump (postgresql-client) is not installed"),
    pytest.mark.django_db(transaction=True),
]

# Every table's rows, in an order that does not depend on how they were stored.
CHECKSUM = "SELECT count(*), coalesce(md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))), '') FROM {table} AS t"


def _server(name: str) -> dict:
    settings = connection.settings_dict
    return {
        "dbname": name,
        "user": settings["USER"] or None,
        "password": settings["PASSWORD"] or None,
        "host": settings["HOST"] or None,
        "port": settings["PORT"] or None,
    }


def _environment() -> dict:
    settings = connection.settings_dict
    env = dict(os.environ)
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        if settings[key]:
            env[variable] = str(settings[key])
    return env


def _fingerprint(name: str) -> dict:
    """Per table: rows and checksum; per sequence: its value; and which tables
    row-level security holds."""
    with psycopg.connect(**_server(name)) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            ).fetchall()
        ]
        result = {f"table {t}": db.execute(CHECKSUM.format(table=f'"{t}"')).fetchone() for t in tables}
        for sequence, value in db.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
        ).fetchall():
            result[f"sequence {sequence}"] = value
        result["row security"] = db.execute(
            "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class "
            "WHERE relrowsecurity AND relforcerowsecurity AND relnamespace = 'public'::regnamespace"
        ).fetchone()
        result["policies"] = db.execute("SELECT count(*) FROM pg_policies WHERE schemaname = 'public'").fetchone()
    return result


def _sealed_identifiers(name: str) -> list[str]:
    with psycopg.connect(**_server(name)) as db:
        rows = db.execute("SELECT identifiers FROM cases_child WHERE identifiers <> '' ORDER BY id").fetchall()
    return [row[0] for row in rows]


def test_a_dump_restored_into_a_fresh_database_is_the_same_and_opens_with_the_keys(world, tmp_path):
    audited = audited_case(world)
    record(actor=world["qa"].user, action="case.viewed", partnership=world.partnership, target=audited.case)
    periods = {**periods_of(world.partnership), "audit_log_views": 36}
    admin = world["admin"].user
    retention_policy_update(actor=admin, partnership=world.partnership, periods=periods, expected_version=0)

    source = connection.settings_dict["NAME"]
    copy = f"{source}_restored_{uuid.uuid4().hex[:8]}"
    dump = tmp_path / "maca.dump"
    env = _environment()
    subprocess.run([PG_DUMP, "--format=custom", f"--file={dump}", source], check=True, env=env)
    with psycopg.connect(**_server("postgres"), autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{copy}"')
    try:
        subprocess.run([PG_RESTORE, "--exit-on-error", f"--dbname={copy}", str(dump)], check=True, env=env)

        before, after = _fingerprint(source), _fingerprint(copy)
        assert after == before
        assert before["table cases_child"][0] >= 1 and before["table audit_trail_auditevent"][0] >= 1
        assert "cases_case" in before["row security"][0]

        sealed = _sealed_identifiers(copy)
        assert sealed == _sealed_identifiers(source)
        identifiers = Sealed(sealed[0]).reveal()
        assert identifiers["name"] == CHILD_NAME and identifiers["nhs_number"] == NHS_NUMBER
        assert CHILD_NAME not in sealed[0] and NHS_NUMBER not in sealed[0]

        # Without the key the dump was made with, the identifiers stay shut; with
        # a newer key first and the old one after them (after a rotation), they open.
        newer = "YS1uZXdlci1rZXktbWFkZS11cC1mb3ItdGhlLXRlc3Q="  # made up, 32 bytes
        with override_settings(MACA_FIELD_ENCRYPTION_KEYS=[newer]), pytest.raises(crypto.DecryptionError):
            Sealed(sealed[0]).reveal()
        old = list(settings.MACA_FIELD_ENCRYPTION_KEYS)
        with override_settings(MACA_FIELD_ENCRYPTION_KEYS=[newer, *old]):
            assert Sealed(sealed[0]).reveal()["name"] == CHILD_NAME
    finally:
        with psycopg.connect(**_server("postgres"), autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
