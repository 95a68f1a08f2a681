"""A return is started once its agency records anything on it: an answer or
an entry in its chronology (``returns.services.mark_started``). Before, only
an answer moved it out of "Not started", so a return with a chronology and
no answer was shown as not started on every page.

Move each such return (not started, with an entry not removed) to "Draft",
as adding its first entry now does, with the move in its history and in
the audit log as done by maca itself (no person did it now). Its version
is left as it is: it guards the answers, which this changes not.

Written here in full (a migration must not import app code).
"""

from django.db import migrations


def start_returns_with_a_chronology(apps, schema_editor):
    Return = apps.get_model("returns", "Return")
    ReturnTransition = apps.get_model("returns", "ReturnTransition")
    ChronologyEntry = apps.get_model("returns", "ChronologyEntry")
    AuditEvent = apps.get_model("audit_trail", "AuditEvent")

    with_entries = ChronologyEntry.objects.filter(removed_at__isnull=True).values("return_record_id")
    returns = (
        Return.objects.filter(status="not_started", pk__in=with_entries)
        .select_related("agency", "audit", "audit_case")
        .order_by("pk")
    )
    for return_record in returns:
        ReturnTransition.objects.create(
            partnership_id=return_record.partnership_id,
            return_record=return_record,
            from_status="not_started",
            to_status="draft",
            actor=None,
            comment="Started: its chronology has entries.",
        )
        return_record.status = "draft"
        return_record.save(update_fields=["status"])
        AuditEvent.objects.create(
            partnership_id=return_record.partnership_id,
            actor=None,
            actor_label="system",
            action="return.started",
            object_type="returns.return",
            object_id=str(return_record.pk),
            # As ``Return.__str__`` names it (a chronology belongs to a case's return).
            object_label=(
                f"{return_record.agency.name}: "
                + (f"case {return_record.audit_case.number}" if return_record.audit_case_id else "all its cases")
                + f" of {return_record.audit.title}"
            )[:255],
            changes={"by": "chronology"},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("returns", "0001_initial"),
        ("audit_trail", "0005_retention_may_delete_old_history_views"),
    ]

    operations = [migrations.RunPython(start_returns_with_a_chronology, migrations.RunPython.noop)]
