"""A family member's pseudonym is written by maca from the case's letter and
the relation a person typed: "Child A's mother" had a straight apostrophe.
maca's own apostrophe, the one after the letter, becomes curly ("Child A’s
mother"); the relation is left as it was typed. Only labels exactly as maca
wrote them are changed. Text already drafted or published that says "Child
A's mother" is left alone: the safety check reads either apostrophe."""

from django.db import migrations


def _relabel(apps, old: str, new: str) -> None:
    Pseudonym = apps.get_model("publications", "Pseudonym")
    for pseudonym in Pseudonym.objects.exclude(relation="").iterator():
        written = f"Child {pseudonym.letter}{old}s {pseudonym.relation}"
        if pseudonym.label != written:
            continue  # not as maca wrote it
        label = f"Child {pseudonym.letter}{new}s {pseudonym.relation}"
        if Pseudonym.objects.filter(audit_id=pseudonym.audit_id, label=label).exists():
            continue
        Pseudonym.objects.filter(pk=pseudonym.pk).update(label=label)


def curly(apps, schema_editor):
    _relabel(apps, "'", "’")


def straight(apps, schema_editor):
    _relabel(apps, "’", "'")


class Migration(migrations.Migration):
    dependencies = [("publications", "0004_pseudonym_version_and_names_changed")]

    operations = [migrations.RunPython(curly, straight)]
