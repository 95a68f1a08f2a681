"""The publication settings carry a version (``core.concurrency``): two admins
saving them at once no longer put back what the other changed. Settings
already saved start at version 1."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0006_curly_apostrophes_in_family_labels"),
    ]

    operations = [
        migrations.AddField(
            model_name="publicationsettings",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
    ]
