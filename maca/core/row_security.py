"""PostgreSQL row-level security on every table that carries a partnership.

After every ``migrate`` (the ``post_migrate`` signal, for each app), each
model with a ``partnership`` foreign key gets, on its table:

- ``ENABLE`` and ``FORCE ROW LEVEL SECURITY`` (FORCE: the table's owner is held
  too, so a deployment with one database role is as safe as one with two);
- the policy ``maca_partnership``: a row is visible and writable only when its
  partnership is the connection's ``maca.partnership_id``, or when
  ``maca.all_partnerships`` is ``on`` (operators' tools, see
  ``maca.core.tenancy``). A row whose partnership is empty (maca's shipped
  grading scales, platform-level events such as a failed sign-in) belongs to
  no partnership and is shared.

Nothing to register for a new app: its models are covered by the migrate that
creates their tables. An app that must widen a policy says so from its
``AppConfig.ready()`` with :func:`also_visible` (``accounts``: a person sees
their own memberships in every partnership, and those memberships' agencies).
``maca/core/tests/test_row_security.py`` fails for any table with a
``partnership_id`` column and no policy.

Superusers and roles with ``BYPASSRLS`` are never held by row-level security:
the service must connect as a role that is neither (docs/deployment.md).
"""

from __future__ import annotations

import hashlib

from django.core.exceptions import FieldDoesNotExist
from django.db import models

POLICY = "maca_partnership"
PARTNERSHIP = "(SELECT NULLIF(current_setting('maca.partnership_id', true), '')::bigint)"
USER = "(SELECT NULLIF(current_setting('maca.user_id', true), '')::bigint)"
ALL = "(SELECT coalesce(current_setting('maca.all_partnerships', true), '') = 'on')"

# model label -> extra SQL conditions under which a row is also visible (never writable).
_also_visible: dict[str, list[str]] = {}


def also_visible(model_label: str, condition: str) -> None:
    """Let rows of ``model_label`` be *read* under ``condition`` too (SQL on
    the row's columns; :data:`USER` is the person signed in)."""
    conditions = _also_visible.setdefault(model_label.lower(), [])
    if condition not in conditions:
        conditions.append(condition)


def tenant_field(model) -> models.ForeignKey | None:
    """The model's ``partnership`` foreign key, if it carries one."""
    try:
        field = model._meta.get_field("partnership")
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.ForeignKey) else None


def covered_models(models_iterable) -> list:
    return [
        model
        for model in models_iterable
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped and tenant_field(model)
    ]


def policy_sql(model) -> tuple[str, str]:
    """The ``USING`` and ``WITH CHECK`` expressions for ``model``'s table."""
    column = tenant_field(model).column
    own = f"{ALL} OR {column} = {PARTNERSHIP}"
    if tenant_field(model).null:
        own = f"{column} IS NULL OR {own}"
    visible = " OR ".join([own, *_also_visible.get(model._meta.label_lower, [])])
    return visible, own


def _statements(model) -> tuple[list[str], str]:
    table = model._meta.db_table
    visible, writable = policy_sql(model)
    fingerprint = hashlib.sha256(f"{visible}|{writable}".encode()).hexdigest()[:16]
    quoted = f'"{table}"'
    return [
        f"ALTER TABLE {quoted} ENABLE ROW LEVEL SECURITY",
        f"ALTER TABLE {quoted} FORCE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS {POLICY} ON {quoted}",
        f"CREATE POLICY {POLICY} ON {quoted} USING ({visible}) WITH CHECK ({writable})",
        f"COMMENT ON POLICY {POLICY} ON {quoted} IS 'maca {fingerprint}'",
    ], fingerprint


def current_policies(connection) -> dict[str, str]:
    """table -> fingerprint of its maca policy, for tables held by FORCEd row-level security."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, coalesce(obj_description(p.oid, 'pg_policy'), '')
            FROM pg_policy p
            JOIN pg_class c ON c.oid = p.polrelid
            WHERE p.polname = %s AND c.relrowsecurity AND c.relforcerowsecurity
              AND c.relnamespace = to_regnamespace(current_schema())
            """,
            [POLICY],
        )
        return {table: comment.removeprefix("maca ") for table, comment in cursor.fetchall()}


def fingerprint(model) -> str:
    return _statements(model)[1]


def tables_without_policy(connection) -> list[str]:
    """Tables with a ``partnership_id`` column that row-level security does not hold."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            WHERE a.attname = 'partnership_id' AND NOT a.attisdropped AND c.relkind IN ('r', 'p')
              AND c.relnamespace = to_regnamespace(current_schema())
            """
        )
        tables = {row[0] for row in cursor.fetchall()}
    return sorted(tables - set(current_policies(connection)))


def apply(connection, models_iterable) -> list[str]:
    """Give each covered model's table its policy, unless it has it already.
    Returns the tables changed."""
    if connection.vendor != "postgresql":
        return []
    existing = current_policies(connection)
    changed = []
    tables = connection.introspection.table_names()
    for model in covered_models(models_iterable):
        if model._meta.db_table not in tables:
            continue
        statements, fingerprint = _statements(model)
        if existing.get(model._meta.db_table) == fingerprint:
            continue
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        changed.append(model._meta.db_table)
    return changed


def on_post_migrate(sender, app_config, using="default", **kwargs) -> None:
    from django.db import connections

    apply(connections[using], app_config.get_models())
