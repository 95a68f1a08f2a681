"""A case brought in with a past audit (``manage.py import_audit``) is marked,
so that the case pool, its download and size, and the draws leave it out: it
is a case of an earlier year's audit, not a family of the case list.

The cases brought in before the mark are those that a past audit's import
selected (``SelectionSource.IMPORTED``) and no audit planned in maca ever
did, by a draw or a nomination.

Written here in full (a migration must not import app code).
"""

from django.db import migrations, models
from django.db.models import Exists, OuterRef

IMPORTED = "imported"


def mark_cases_of_past_audits(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    AuditCase = apps.get_model("selection", "AuditCase")
    Case.objects.filter(Exists(AuditCase.objects.filter(case=OuterRef("pk"), source=IMPORTED))).exclude(
        Exists(AuditCase.objects.filter(case=OuterRef("pk")).exclude(source=IMPORTED))
    ).update(from_past_audit=True)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_drop_indexes_other_indexes_cover"),
        ("selection", "0002_auditcase_source_imported"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="from_past_audit",
            field=models.BooleanField(
                default=False,
                db_default=False,
                help_text="Brought in with a past audit (manage.py import_audit), not from a case list: "
                "not in the pool, never drawn.",
            ),
        ),
        migrations.RunPython(mark_cases_of_past_audits, migrations.RunPython.noop),
    ]
