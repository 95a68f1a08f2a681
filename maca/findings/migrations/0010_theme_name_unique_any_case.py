"""A theme's name is unique in its partnership whatever the case, in the
database too: two people adding "Transitions" and "transitions" at the same
moment could both succeed, as the check was only made by the service.

A partnership that already has two names differing only in case (made that
way) keeps both themes: the newer is renamed "<name> (2)" first, which its
admin can change again on the theme's page; the renaming is recorded in the
audit log as done by maca."""

import django.db.models.functions.text
from django.db import migrations, models
from django.db.models import Value
from django.db.models.functions import Lower


def rename_names_differing_only_in_case(apps, schema_editor):
    Theme = apps.get_model("findings", "Theme")
    AuditEvent = apps.get_model("audit_trail", "AuditEvent")
    # Names are compared as the database folds them (LOWER(), as the new
    # constraint does), which is not always Python's str.lower().
    themes = Theme.objects.annotate(folded=Lower("name")).order_by("partnership_id", "id")
    kept: set[tuple[int, str]] = set()
    for theme in themes:
        if (theme.partnership_id, theme.folded) not in kept:
            kept.add((theme.partnership_id, theme.folded))
            continue
        n = 2
        while (
            Theme.objects.filter(partnership_id=theme.partnership_id)
            .annotate(folded=Lower("name"))
            .filter(folded=Lower(Value(f"{theme.name[:110]} ({n})")))
            .exists()
        ):
            n += 1
        before = theme.name
        theme.name = f"{theme.name[:110]} ({n})"
        theme.version += 1  # a page opened on it before cannot put the old name back unseen
        theme.save(update_fields=["name", "version"])
        renamed = Theme.objects.filter(pk=theme.pk).annotate(folded=Lower("name")).values_list("folded", flat=True)
        kept.add((theme.partnership_id, renamed.get()))  # a later name equal to it is renamed in turn
        # Recorded as done by maca itself (no person did it).
        AuditEvent.objects.create(
            partnership_id=theme.partnership_id,
            actor=None,
            actor_label="system",
            action="theme.updated",
            object_type="findings.theme",
            object_id=str(theme.pk),
            object_label=theme.name[:255],
            changes={"name": [before, theme.name], "reason": "Another theme had this name in other letter case"},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("findings", "0009_finding_suggested_polarity_basis"),
        ("partnerships", "0003_partnership_version"),
        ("audit_trail", "0004_retention_may_delete_views"),
    ]

    operations = [
        migrations.RunPython(rename_names_differing_only_in_case, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="theme",
            constraint=models.UniqueConstraint(
                models.F("partnership"),
                django.db.models.functions.text.Lower("name"),
                name="theme_name_unique_in_partnership_any_case",
            ),
        ),
    ]
