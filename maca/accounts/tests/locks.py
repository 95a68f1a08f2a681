"""Which rows a service locks, and in what order, on either database.

SQLite has no ``SELECT ... FOR UPDATE`` (Django leaves it out of the SQL it
sends), so a test cannot find a lock in the captured queries there. It sees
instead each query Django was asked to run with ``select_for_update()``, as
it runs, beside each row written: ``"lock partnerships.Agency"``, ``"insert
accounts.Membership"``. Two services that take their locks in one order
never wait on each other (no deadlock), and a check made under a lock holds
until the change it guards is saved."""

from __future__ import annotations

import contextlib
from unittest import mock

from django.db.models.sql.compiler import SQLCompiler, SQLInsertCompiler


@contextlib.contextmanager
def locks_and_writes():
    """While open, the steps run, in order, in a list it yields."""
    steps: list[str] = []
    run_select, run_insert = SQLCompiler.execute_sql, SQLInsertCompiler.execute_sql

    def select(self, *args, **kwargs):
        if self.query.select_for_update:
            steps.append(f"lock {self.query.model._meta.label}")
        return run_select(self, *args, **kwargs)

    def insert(self, *args, **kwargs):
        steps.append(f"insert {self.query.model._meta.label}")
        return run_insert(self, *args, **kwargs)

    with (
        mock.patch.object(SQLCompiler, "execute_sql", select),
        mock.patch.object(SQLInsertCompiler, "execute_sql", insert),
    ):
        yield steps


def first(steps: list[str], step: str) -> int:
    """Where ``step`` is first taken (a failing test names what was taken)."""
    assert step in steps, f"{step!r} not in {steps}"
    return steps.index(step)
