"""A version records when it was last saved (``updated_at``), so that the
publications list's "Last changed" of a draft is when it was last edited, not
when it was first drafted. Versions saved before this start at their latest
known step: published, withdrawn, approved, submitted or sent back, or when
they were drafted. Going back drops the column."""

import django.utils.timezone
from django.db import migrations, models
from django.db.models import F
from django.db.models.functions import Coalesce, Greatest

STEPS = ("published_at", "withdrawn_at", "approved_at", "submitted_at", "sent_back_at")


def latest_known_step(apps, schema_editor):
    PublicationVersion = apps.get_model("publications", "PublicationVersion")
    # Each step's time, or when it was drafted where it has none (SQLite's
    # MAX and PostgreSQL's GREATEST treat an empty one differently).
    PublicationVersion.objects.update(
        updated_at=Greatest(F("created_at"), *(Coalesce(F(step), F("created_at")) for step in STEPS))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0007_publication_settings_versioned"),
    ]

    operations = [
        migrations.AddField(
            model_name="publicationversion",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.RunPython(latest_known_step, migrations.RunPython.noop),
    ]
