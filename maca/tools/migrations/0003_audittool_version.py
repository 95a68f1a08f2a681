"""A tool counts the saves of its name and description (``VersionedModel``),
so two people changing them at once never overwrite each other. Tools made
before start at 1."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tools", "0002_shipped_grading_scales"),
    ]

    operations = [
        migrations.AddField(
            model_name="audittool",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
    ]
