"""For the pseudonyms made before 0004, when and by whom their names were
last set is read from the audit log: the last "pseudonym.created" or
"pseudonym.names_changed" of that audit and label. Only where the log's count
of names still matches what is held: names forgotten since by the retention
run were not logged person by person, and for them, as for the children's
pseudonyms nobody has typed names for, it is left unknown rather than made
up. Going back leaves the columns as they are (0004, going back, drops them).

The log is read one partnership at a time, each query naming the
partnership, as every index of the log leads with it (``audit_by_action``):
never the whole log at once.

Why this imports app code (``reveal``), which a migration otherwise must not:
the names are encrypted, and whether any are still held cannot be told
without decrypting them (maca seals an empty list too, and the retention run
wrote one in place of the names it forgot, unlogged). The column's type here
is ``maca.core.fields.EncryptedJSONField`` whatever is imported, as 0001 made
it, so its values come back sealed; ``reveal`` opens them as maca does."""

from django.db import migrations

from maca.core.fields import reveal

ACTIONS = ("pseudonym.created", "pseudonym.names_changed")


def _folded(label: str) -> str:
    """Labels compared whichever apostrophe they were written with (0006
    makes maca's curly; the log keeps them as they were written)."""
    return label.replace("’", "'").replace("‘", "'")


def _last_logged(AuditEvent, partnership_id) -> dict:
    """``{(audit id, label folded): (when, by whom, names held)}``, the last
    of each, from the log of one partnership."""
    last: dict = {}
    events = (
        AuditEvent.objects.filter(partnership_id=partnership_id, action__in=ACTIONS, object_type="programme.audit")
        .order_by()
        .values_list("id", "object_id", "occurred_at", "actor_id", "changes")
    )
    for event_id, audit_id, occurred_at, actor_id, changes in events.iterator():
        label = changes.get("pseudonym") if isinstance(changes, dict) else None
        if not label:
            continue
        key = (audit_id, _folded(label))
        if key not in last or (occurred_at, event_id) > last[key][0]:
            last[key] = ((occurred_at, event_id), actor_id, changes.get("names_held"))
    return last


def names_changed_from_the_log(apps, schema_editor):
    Pseudonym = apps.get_model("publications", "Pseudonym")
    AuditEvent = apps.get_model("audit_trail", "AuditEvent")
    unknown = Pseudonym.objects.filter(names_changed_at__isnull=True)
    partnerships = sorted(set(unknown.order_by().values_list("partnership_id", flat=True)))
    for partnership_id in partnerships:
        last = _last_logged(AuditEvent, partnership_id)
        if not last:
            continue
        for pseudonym in unknown.filter(partnership_id=partnership_id).order_by("pk").iterator():
            found = last.get((str(pseudonym.audit_id), _folded(pseudonym.label)))
            if found is None:
                continue
            (occurred_at, _), actor_id, count = found
            if count != len(reveal(pseudonym.names) or []):
                continue
            Pseudonym.objects.filter(partnership_id=partnership_id, pk=pseudonym.pk).update(
                names_changed_at=occurred_at, names_changed_by_id=actor_id
            )


class Migration(migrations.Migration):
    dependencies = [
        ("audit_trail", "0004_retention_may_delete_views"),
        ("publications", "0004_pseudonym_version_and_names_changed"),
    ]

    operations = [migrations.RunPython(names_changed_from_the_log, migrations.RunPython.noop)]
