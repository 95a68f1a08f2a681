"""Views of case-level data in the audit log, kept for the partnership's
period (``maca.core.retention``); every change stays for good.

The log is append-only, in the model and, on PostgreSQL, by a trigger. The
trigger lets one thing through: deleting ``….viewed`` events (and
``return.history_viewed``, the name views of a return's history had before
December 2026) while the transaction has set ``maca.retention`` to ``views``,
which only this function does, around its own statements. The run records how
many went.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Q

from maca.audit_trail.models import AuditEvent

BATCH = 5000
VIEWS = "%.viewed"
# Views recorded under an older name (now ``return_history.viewed``); the rows
# keep it, as the log is never changed.
OLD_VIEW_NAMES = ("return.history_viewed",)


def delete_views(*, partnership, before) -> int:
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    views = AuditEvent.objects.filter(
        Q(action__endswith=".viewed") | Q(action__in=OLD_VIEW_NAMES), partnership=partnership, occurred_at__lt=before
    )
    deleted = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config('maca.retention', 'views', true)")
        try:
            while ids := list(views.order_by().values_list("pk", flat=True)[:BATCH]):
                marks = ", ".join(["%s"] * len(ids))
                names = ", ".join(["%s"] * len(OLD_VIEW_NAMES))
                cursor.execute(
                    f"DELETE FROM {table} WHERE (action LIKE %s OR action IN ({names})) "  # noqa: S608 - model's table
                    f"AND id IN ({marks})",
                    [VIEWS, *OLD_VIEW_NAMES, *ids],
                )
                deleted += cursor.rowcount
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT set_config('maca.retention', '', true)")
    return deleted
