"""A family member's pseudonym is written by maca from the case's letter and
the relation a person typed. It was "Child A's mother's partner": the
relation in lower case, its spaces tidied, maca's apostrophe straight and the
relation's as typed. maca now writes every apostrophe of it curly ("Child
A’s mother’s partner", ``publications.pseudonyms.family_label``), and keeps
the relation the same way ("mother’s partner").

Each label as maca wrote it (whichever apostrophes it holds) is written again
from its letter and relation as maca writes it now, and the relation with
it; a label in any other form, or one whose new form another pseudonym of
the audit already has, is left alone. Text already drafted or published that
says "Child A's mother" is left alone too: the safety check reads either
apostrophe.

Going back writes them as maca did before, every apostrophe straight (what
was typed is not kept, and most keyboards type a straight one), so that the
code of then finds the same person again when the relation is typed again.

``family_label`` is copied here as it is now (a migration must not import
app code, which may change after it)."""

from django.db import migrations


def family_label(letter: str, relation: str) -> str:
    """As ``publications.pseudonyms.family_label`` writes it now."""
    relation = " ".join(relation.split()).lower().replace("'", "’").replace("‘", "’")
    return f"Child {letter}’s {relation}"


def now(letter: str, relation: str) -> tuple[str, str]:
    """The label and relation as ``publications.pseudonyms.family_member_add``
    keeps them now."""
    label = family_label(letter, relation)
    return label, label.removeprefix(f"Child {letter}’s ")


def before(letter: str, relation: str) -> tuple[str, str]:
    """As maca kept them before, every apostrophe straight."""
    relation = " ".join(relation.split()).lower().replace("’", "'").replace("‘", "'")
    return f"Child {letter}'s {relation}", relation


def _folded(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'")


def _rewrite(apps, write) -> None:
    Pseudonym = apps.get_model("publications", "Pseudonym")
    for pseudonym in Pseudonym.objects.exclude(relation="").order_by("pk").iterator():
        written = f"Child {pseudonym.letter}'s {pseudonym.relation}"
        if _folded(pseudonym.label) != _folded(written):
            continue  # not as maca wrote it
        label, relation = write(pseudonym.letter, pseudonym.relation)
        if (label, relation) == (pseudonym.label, pseudonym.relation):
            continue
        same_audit = Pseudonym.objects.filter(partnership_id=pseudonym.partnership_id, audit_id=pseudonym.audit_id)
        if same_audit.filter(label=label).exclude(pk=pseudonym.pk).exists():
            continue  # two of the same person: left for a person to tell apart
        same_audit.filter(pk=pseudonym.pk).update(label=label, relation=relation)


def curly(apps, schema_editor):
    _rewrite(apps, now)


def straight(apps, schema_editor):
    _rewrite(apps, before)


class Migration(migrations.Migration):
    dependencies = [("publications", "0005_names_changed_from_the_log")]

    operations = [migrations.RunPython(curly, straight)]
