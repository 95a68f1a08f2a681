"""Which partnership's rows the code running now may reach: the second lock.

Every selector filters by partnership (the first lock). On PostgreSQL, row-level
security is the second: each table that carries a partnership has a policy
(``maca.core.row_security``) that shows a row only when its partnership is the
one this code works for. The database learns which one from three settings of
the connection, which ``maca.core.postgresql`` keeps equal to the *scope*
below before every query:

- ``maca.partnership_id``: the partnership of the request or task;
- ``maca.user_id``: the person signed in (they see their own memberships in
  every partnership, to choose where to work);
- ``maca.all_partnerships``: ``on`` only for operators' tools (migrations,
  management commands, the platform admin), which say so explicitly.

Where the scope comes from:

- a request: ``accounts.middleware.CurrentMembershipMiddleware`` (the person
  while their memberships are read, then their current partnership); a request
  with no partnership sees no partnership's rows;
- a task: :func:`task_for_partnership` (the task's ``partnership_id``) or
  :func:`task_across_partnerships`; a task that declares neither sees nothing;
- ``manage.py``: every command works across partnerships (an operator's tool),
  except the ones that serve requests or run tasks (:data:`SERVING_COMMANDS`),
  which start with no partnership and let each request or task set its own;
- code that must reach another partnership than its request's (signing in,
  accepting an invitation, switching partnership) enters that scope with
  :func:`for_partnership`.

On SQLite the scope is kept but nothing reads it: the selectors' scoping is
the only lock there. ADR 0005 records the decision.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    partnership_id: int | None = None
    user_id: int | None = None
    all_partnerships: bool = False

    def settings(self) -> tuple[str, str, str]:
        """The values of ``maca.partnership_id``, ``maca.user_id`` and ``maca.all_partnerships``."""
        return (
            "" if self.partnership_id is None else str(int(self.partnership_id)),
            "" if self.user_id is None else str(int(self.user_id)),
            "on" if self.all_partnerships else "",
        )


NO_PARTNERSHIP = Scope()
ALL_PARTNERSHIPS = Scope(all_partnerships=True)

# Commands that serve requests or run tasks: each request or task sets its own scope.
SERVING_COMMANDS = frozenset({"runserver", "db_worker", "testserver"})

_process_default: list[Scope] = [NO_PARTNERSHIP]
_current: ContextVar[Scope | None] = ContextVar("maca_tenancy_scope", default=None)


def current() -> Scope:
    return _current.get() or _process_default[0]


def set_process_default(scope: Scope) -> None:
    """What code outside any request, task or explicit scope may reach."""
    _process_default[0] = scope


def default_for_command(argv: list[str]) -> Scope:
    command = argv[1] if len(argv) > 1 else ""
    return NO_PARTNERSHIP if command in SERVING_COMMANDS else ALL_PARTNERSHIPS


@contextmanager
def using(scope: Scope) -> Iterator[Scope]:
    token = _current.set(scope)
    try:
        yield scope
    finally:
        _current.reset(token)


def for_partnership(partnership_id: int | None, *, user_id: int | None = None):
    """Work for one partnership (and, when given, one person's own memberships)."""
    return using(Scope(partnership_id=partnership_id, user_id=user_id))


def acting_for(user_id: int | None):
    """Keep the current partnership, and read ``user_id``'s own memberships
    too (signing in, before the person is the request's)."""
    scope = current()
    return using(Scope(partnership_id=scope.partnership_id, user_id=user_id, all_partnerships=scope.all_partnerships))


def all_partnerships():
    """Reach every partnership's rows: operators' tools only, said explicitly."""
    return using(ALL_PARTNERSHIPS)


def task_for_partnership(func: Callable) -> Callable:
    """For a task that takes ``partnership_id``: it works for that partnership alone."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with for_partnership(kwargs["partnership_id"]):
            return func(*args, **kwargs)

    wrapper.maca_tenancy = "partnership"
    return wrapper


def task_across_partnerships(func: Callable) -> Callable:
    """For a task that works across partnerships (the daily reminders, retention)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with all_partnerships():
            return func(*args, **kwargs)

    wrapper.maca_tenancy = "all"
    return wrapper


def task_without_partnership_data(func: Callable) -> Callable:
    """For a task that reads no table that carries a partnership (sending an e-mail)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with using(NO_PARTNERSHIP):
            return func(*args, **kwargs)

    wrapper.maca_tenancy = "none"
    return wrapper
