"""A lead gets at most one reminder e-mail a day, and the e-mail says so
("the only reminder you will get from maca today"); who had one today was
read by the day each reminder was *due*, so the daily job's reminders due on
the 7th, sent after midnight on the 8th, did not stop a reminder by hand on
the 8th. Keep the day each was sent, in Europe/London (``sent_on``), and fill
it for every reminder already sent from when it was sent (``sent_at``).

The filling is written here in full (a migration must not import app code);
the field's default, ``models.sending_day``, is named as Django names a
field's callable default.
"""

from django.db import migrations, models
from django.utils import timezone

import maca.returns.models


def fill_sent_on(apps, schema_editor):
    db = schema_editor.connection.alias
    Reminder = apps.get_model("returns", "Reminder")
    # Read in full before writing (SQLite, as in 0003).
    rows = list(Reminder.objects.using(db).order_by("pk").values_list("pk", "sent_at"))
    changed = [Reminder(pk=pk, sent_on=timezone.localdate(sent_at)) for pk, sent_at in rows if sent_at is not None]
    Reminder.objects.using(db).bulk_update(changed, ["sent_on"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("returns", "0003_first_submitted_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="reminder",
            name="sent_on",
            field=models.DateField(
                default=maca.returns.models.sending_day,
                help_text="The day its e-mail was sent, in Europe/London: a lead gets at most one reminder e-mail "
                "a day.",
            ),
        ),
        migrations.RunPython(fill_sent_on, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="reminder",
            index=models.Index(fields=["partnership", "sent_on"], name="reminder_sent_on"),
        ),
    ]
