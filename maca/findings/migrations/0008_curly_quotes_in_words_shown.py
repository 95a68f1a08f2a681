"""Curly quotes in two things people read: a finding's source ("An agency’s
return") and the default description of one theme. A partnership's own
description, if it changed it, is left as it is."""

from django.db import migrations, models

# theme key: (as seeded by 0002, as it now reads)
DESCRIPTIONS = {
    "health": (
        "Health services' involvement, GPs, health visitors, missed health appointments.",
        "Health services’ involvement, GPs, health visitors, missed health appointments.",
    ),
    "mental_health_substance": (
        "Parental mental health, substance misuse, the 'toxic trio'.",
        "Parental mental health, substance misuse, the ‘toxic trio’.",
    ),
}


def curly(apps, schema_editor):
    Theme = apps.get_model("findings", "Theme")
    for key, (straight, curly) in DESCRIPTIONS.items():
        Theme.objects.filter(key=key, description=straight).update(description=curly)


def straight(apps, schema_editor):
    Theme = apps.get_model("findings", "Theme")
    for key, (straight, curly) in DESCRIPTIONS.items():
        Theme.objects.filter(key=key, description=curly).update(description=straight)


class Migration(migrations.Migration):
    dependencies = [
        ("findings", "0007_findingtag_by_finding"),
    ]

    operations = [
        migrations.AlterField(
            model_name="finding",
            name="source",
            field=models.CharField(
                choices=[
                    ("return", "An agency’s return"),
                    ("meeting", "The meeting"),
                    ("imported", "Imported from a past audit"),
                ],
                default="meeting",
                max_length=10,
            ),
        ),
        migrations.RunPython(curly, straight),
    ]
