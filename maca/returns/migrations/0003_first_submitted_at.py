"""A return is submitted late when its first submission came after its
deadline (``figures.submitted_late``): a return submitted on time, sent back
by the QA officer after the deadline and resubmitted is not late. Until now
only its latest submission was kept (``submitted_at``).

Keep its first submission (``first_submitted_at``) and fill it for every
return already submitted from its own history: the earliest of its moves to
"Submitted" (``ReturnTransition``), of the "return.submitted" events of the
audit log, and of its latest submission (all that is left where older
history is gone). A return never submitted keeps it empty.

Written here in full (a migration must not import app code).
"""

from django.db import migrations, models
from django.db.models import Min, Q

SUBMITTED = "submitted"


def fill_first_submissions(apps, schema_editor):
    db = schema_editor.connection.alias
    Return = apps.get_model("returns", "Return")
    ReturnTransition = apps.get_model("returns", "ReturnTransition")
    AuditEvent = apps.get_model("audit_trail", "AuditEvent")

    moves = ReturnTransition.objects.using(db).filter(to_status=SUBMITTED)
    earliest = dict(
        moves.values("return_record_id")
        .annotate(first=Min("occurred_at"))
        .order_by()
        .values_list("return_record_id", "first")
    )
    events = (
        AuditEvent.objects.using(db)
        .filter(action="return.submitted", object_type="returns.return")
        .values("object_id")
        .annotate(first=Min("occurred_at"))
        .order_by()
        .values_list("object_id", "first")
    )
    for object_id, first in events:
        if object_id.isdigit():
            pk = int(object_id)
            earliest[pk] = min(first, earliest.get(pk, first))

    submitted = (
        Return.objects.using(db)
        .filter(Q(submitted_at__isnull=False) | Q(pk__in=moves.values("return_record_id")))
        .filter(first_submitted_at__isnull=True)
        .order_by("pk")
    )
    # Read in full before writing: a query still being read while its own
    # table is written is unsafe on SQLite (Django's ``iterator`` notes).
    rows = list(submitted.values_list("pk", "submitted_at"))
    changed = []
    for pk, submitted_at in rows:
        known = [at for at in (earliest.get(pk), submitted_at) if at is not None]
        changed.append(Return(pk=pk, first_submitted_at=min(known)))
    Return.objects.using(db).bulk_update(changed, ["first_submitted_at"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("returns", "0002_started_by_its_chronology"),
        ("audit_trail", "0005_retention_may_delete_old_history_views"),
    ]

    operations = [
        migrations.AddField(
            model_name="return",
            name="first_submitted_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When it was first submitted, kept through every send-back and resubmission: "
                "whether it was submitted late (``figures.submitted_late``).",
                null=True,
            ),
        ),
        migrations.RunPython(fill_first_submissions, migrations.RunPython.noop),
    ]
