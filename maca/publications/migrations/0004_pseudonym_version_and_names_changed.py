"""The names held for a person carry a version (two people saving them at
once are told, ADR 0027) and when and by whom they were last set.

For pseudonyms made before this, when and by whom is read from the audit log
(the last "pseudonym.created" or "pseudonym.names_changed" of that audit and
label), but only where the log's count of names still matches what is held:
names forgotten since by the retention run were not logged person by person,
and for them, as for the children's pseudonyms nobody has typed names for,
it is left unknown rather than made up."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from maca.core.fields import reveal


def names_changed_from_the_log(apps, schema_editor):
    Pseudonym = apps.get_model("publications", "Pseudonym")
    AuditEvent = apps.get_model("audit_trail", "AuditEvent")
    last = {}
    events = AuditEvent.objects.filter(
        action__in=["pseudonym.created", "pseudonym.names_changed"], object_type="programme.audit"
    ).order_by("occurred_at", "id")
    for event in events.iterator():
        changes = event.changes if isinstance(event.changes, dict) else {}
        label = changes.get("pseudonym")
        if label:
            last[(event.partnership_id, event.object_id, label)] = (event, changes.get("names_held"))
    if not last:
        return
    for pseudonym in Pseudonym.objects.all().iterator():
        found = last.get((pseudonym.partnership_id, str(pseudonym.audit_id), pseudonym.label))
        if found is None:
            continue
        event, count = found
        if count != len(reveal(pseudonym.names) or []):
            continue
        Pseudonym.objects.filter(pk=pseudonym.pk).update(
            names_changed_at=event.occurred_at, names_changed_by_id=event.actor_id
        )


class Migration(migrations.Migration):
    dependencies = [
        ("audit_trail", "0004_retention_may_delete_views"),
        ("publications", "0003_sent_back_and_discarded"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="pseudonym",
            name="names_changed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="pseudonym",
            name="names_changed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="pseudonym",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.RunPython(names_changed_from_the_log, migrations.RunPython.noop),
    ]
