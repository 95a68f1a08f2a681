"""Django's PostgreSQL backend, keeping the connection's tenancy settings equal
to the scope of the code that runs (``maca.core.tenancy``).

Before a cursor is handed out, the connection's ``maca.partnership_id``,
``maca.user_id`` and ``maca.all_partnerships`` are set with ``set_config`` if
the scope differs from what this connection last set: one statement when the
scope changes (about three a request), none otherwise, and never counted among
a page's queries.

Why session settings, checked before each cursor, and not ``SET LOCAL`` in a
transaction around each request: Django runs most queries in autocommit, so a
transaction-local setting would be gone by the next query, and wrapping whole
requests and tasks in one transaction would hold locks while pages render and
change what other work sees mid-task. What the connection has set is known
exactly:

- a new connection (or one taken from a pool) has set nothing: the first
  cursor sets the scope, so no setting survives from one request to the next;
- a rollback (of the transaction or to a savepoint) may undo a ``set_config``
  made inside it, so the next cursor sets the scope again;
- in a transaction that has already failed nothing is set (the next statement
  fails anyway; Django rolls back first).

A pooler that hands each *transaction* a different server connection (PgBouncer
in transaction mode) would break this: use Django's persistent connections or
its psycopg pool, or PgBouncer in session mode (docs/deployment.md).
"""

from __future__ import annotations

from django.db.backends.postgresql import base

from maca.core import tenancy

SET_SCOPE = (
    "SELECT set_config('maca.partnership_id', %s, false), "
    "set_config('maca.user_id', %s, false), "
    "set_config('maca.all_partnerships', %s, false)"
)


class DatabaseWrapper(base.DatabaseWrapper):
    _scope_set: tuple[str, str, str] | None = None

    def init_connection_state(self):
        self._scope_set = None
        super().init_connection_state()

    def _close(self):
        self._scope_set = None
        return super()._close()

    def _rollback(self):
        self._scope_set = None
        return super()._rollback()

    def _savepoint_rollback(self, sid):
        try:
            return super()._savepoint_rollback(sid)
        finally:
            self._scope_set = None

    def create_cursor(self, name=None):
        self._apply_scope()
        return super().create_cursor(name)

    def _apply_scope(self) -> None:
        wanted = tenancy.current().settings()
        if wanted == self._scope_set or self.connection is None:
            return
        if self.connection.info.transaction_status == base.Database.pq.TransactionStatus.INERROR:
            return
        self.connection.execute(SET_SCOPE, wanted)
        self._scope_set = wanted
