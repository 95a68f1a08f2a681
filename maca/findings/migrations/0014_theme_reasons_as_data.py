"""A finding's suggested themes keep their reasons as data
(``tagging.Reason.as_stored``), which the pages say them from, instead of the
tagger's sentences for them.

The reasons already kept are read once, here, by the rules the finding page
used to read them with (frozen below, as they were), so that an old finding
says what it said before. A reason that fits none of the tagger's forms is
kept as ``{"kind": "text", "text": ...}``, its words as they were, shown as
they were. Going back puts each reason back in the tagger's words, as they
were kept. A confirmed tag's ``reason`` is words and stays as it is.
"""

import re

from django.db import migrations

# The tagger's sentences for a theme's reasons, and the page's rules for
# reading them, as they were when this migration was written.
_FOUND_WORDS = re.compile(r"the words '(.+)'", re.S)
_EXAMPLE_WORDS = re.compile(r"('.+'), as in the confirmed example '(.*)'", re.S)
_LIKE_EXAMPLE = re.compile(r"like the confirmed example '(.*)' \((0|[1-9]\d*)% alike(?:; both say ('.+'))?\)", re.S)
_ALIKE = re.compile(r"alike in meaning to statements on this theme, such as '(.*)' \((0|[1-9]\d*)% alike\)", re.S)


def _quoted(said):
    """``'kestrel dads' and 'dads project'`` as its words."""
    return said[1:-1].split("' and '")


def reason_as_data(reason):
    """A reason kept in words, as data; one kept as data already is left as it is."""
    if not isinstance(reason, str):
        return reason
    if found := _FOUND_WORDS.fullmatch(reason):
        return {"kind": "words", "evidence": found.group(1)}
    if found := _EXAMPLE_WORDS.fullmatch(reason):
        return {"kind": "example", "evidence": found.group(2), "learned_words": _quoted(found.group(1))}
    if found := _LIKE_EXAMPLE.fullmatch(reason):
        stored = {"kind": "example", "evidence": found.group(1), "likeness": int(found.group(2))}
        if found.group(3):
            stored["learned_words"] = _quoted(found.group(3))
        return stored
    if found := _ALIKE.fullmatch(reason):
        return {"kind": "alike", "evidence": found.group(1), "likeness": int(found.group(2))}
    return {"kind": "text", "text": reason}


def reason_in_words(reason):
    """A reason kept as data, in the tagger's words as they were kept."""
    if isinstance(reason, str):
        return reason
    kind = reason.get("kind")
    evidence = reason.get("evidence", "")
    learned = " and ".join(f"'{word}'" for word in reason.get("learned_words", ()))
    if kind == "words":
        return f"the words '{evidence}'"
    if kind == "alike":
        return f"alike in meaning to statements on this theme, such as '{evidence}' ({reason['likeness']}% alike)"
    if kind == "example" and reason.get("likeness") is not None:
        shared = f"; both say {learned}" if learned else ""
        return f"like the confirmed example '{evidence}' ({reason['likeness']}% alike{shared})"
    if kind == "example":
        return f"{learned}, as in the confirmed example '{evidence}'"
    return reason.get("text", evidence)


def _each_finding(apps, convert):
    Finding = apps.get_model("findings", "Finding")
    kept = Finding.objects.exclude(suggestions=[])
    for partnership_id in kept.values_list("partnership_id", flat=True).distinct().order_by():
        changed = []
        for finding in kept.filter(partnership_id=partnership_id).only("pk", "suggestions").iterator(chunk_size=1000):
            suggestions = [
                {**theme, "reasons": [convert(reason) for reason in theme.get("reasons", [])]}
                for theme in finding.suggestions
            ]
            if suggestions != finding.suggestions:
                finding.suggestions = suggestions
                changed.append(finding)
        Finding.objects.bulk_update(changed, ["suggestions"], batch_size=500)


def reasons_as_data(apps, schema_editor):
    _each_finding(apps, reason_as_data)


def reasons_in_words(apps, schema_editor):
    _each_finding(apps, reason_in_words)


class Migration(migrations.Migration):
    dependencies = [
        ("findings", "0013_concern_raise_form_once"),
    ]

    operations = [
        migrations.RunPython(reasons_as_data, reasons_in_words),
    ]
