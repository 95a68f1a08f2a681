"""The names held for a person carry a version (two people saving them at
once are told, ADR 0027) and when and by whom they were last set.

Only the columns: filling when and by whom for the pseudonyms made before
this, from the audit log, is the next migration (0005), so that the lock
these ALTER TABLEs take is let go before the log is read."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
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
    ]
