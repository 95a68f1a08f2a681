"""A finding's suggested polarity keeps its reason as data
(``suggested_polarity_basis``), which the pages say it from, beside the
tagger's words for it (``suggested_polarity_reason``, left as it is).

The reasons already kept are read once, here, by the rules the finding page
used to read them with (frozen below, as they were), so that an old finding
says what it said before. A reason that fits none of the tagger's forms is
kept as ``{"kind": "text"}`` with the words the page showed for it, to be
shown as they are. Going back drops the new column; the words were never
changed.
"""

import re

from django.db import migrations, models

# The tagger's forms of words, as they were when this migration was written.
_READS_AS = re.compile(r"^reads as (?:a concern|a strength|good practice): (?P<quoted>.+)$", re.S)
_QUOTED_ITEM = re.compile(r"'(.*?)'(?:, (?=')|$)", re.S)
_INSTRUCTION = re.compile(r"^an instruction \('(?P<word>.*)'\)$", re.S)
_EXAMPLE = re.compile(
    r"^like the confirmed example '(?P<text>.*)' \((?P<likeness>\d+)% alike\), "
    r"confirmed as a (?P<polarity>strength|concern)$",
    re.S,
)
_FIELD = re.compile(r"^written in the (?P<field>strengths|worries) field$")
_DEFAULT = "no sign of good practice: findings are concerns unless they say otherwise"
_NOTICED = {
    "names a resource in place": "resource",
    "a label that opens with praise": "praise_label",
    "a theme named without a verb": "no_verb",
    "a question": "question",
}
_FIELD_POLARITY = {"strengths": "strength", "worries": "concern"}


# A typed straight quote that opens a quotation: at the start, or after a space or bracket.
_OPENING_QUOTE = re.compile(r"(?:(?<=^)|(?<=[\s(\[]))'(?=\S)")


def _curly(text):
    return _OPENING_QUOTE.sub("‘", text).replace("'", "’")


def _shown(reason):
    """What the finding page said for a reason kept in words, after its polarity."""
    match = _READS_AS.match(reason)
    if match is None:
        return _curly(reason)
    items = _items(match["quoted"])
    if items is None:
        return _curly(match["quoted"])
    noticed = [item for item in items if item in _NOTICED or item.startswith("an instruction (")]
    words = [item for item in items if item not in noticed]
    parts = []
    if words:
        parts.append(("the word " if len(words) == 1 else "the words ") + ", ".join(f"‘{w}’" for w in words))
    parts += [_curly(item) for item in noticed]
    return "; ".join(parts)


def _items(quoted):
    items, at = [], 0
    for match in _QUOTED_ITEM.finditer(quoted):
        if match.start() != at:
            return None
        items.append(match.group(1))
        at = match.end()
    return items if items and at == len(quoted) else None


def basis_of(reason, polarity):
    """The reason kept in words, as data (``PolarityReason.as_stored``)."""
    reason = (reason or "").strip().rstrip(".")
    if not reason:
        return {}
    if match := _FIELD.match(reason):
        return {"kind": "field", "polarity": _FIELD_POLARITY[match["field"]], "field": match["field"]}
    if reason == _DEFAULT:
        return {"kind": "default", "polarity": "concern"}
    if match := _EXAMPLE.match(reason):
        return {
            "kind": "example",
            "polarity": match["polarity"],
            "example": match["text"],
            "likeness": int(match["likeness"]),
        }
    match = _READS_AS.match(reason)
    if match is None:
        return {"kind": "text", "polarity": polarity, "text": _shown(reason)}
    items = _items(match["quoted"])
    if items is None:
        return {"kind": "text", "polarity": polarity, "text": _shown(reason)}
    words, noticed, instruction = [], [], ""
    for item in items:
        if item in _NOTICED:
            noticed.append(_NOTICED[item])
        elif item.startswith("an instruction ("):
            said = _INSTRUCTION.match(item)
            if said is None or instruction:
                return {"kind": "text", "polarity": polarity, "text": _shown(reason)}
            noticed.append("instruction")
            instruction = said["word"]
        else:
            words.append(item)
    basis = {"kind": "cues", "polarity": "strength" if reason.startswith("reads as good") else "concern"}
    if words:
        basis["words"] = words
    if noticed:
        basis["noticed"] = noticed
    if instruction:
        basis["instruction"] = instruction
    return basis


def reasons_as_data(apps, schema_editor):
    Finding = apps.get_model("findings", "Finding")
    kept = Finding.objects.exclude(suggested_polarity_reason="")
    for partnership_id in kept.values_list("partnership_id", flat=True).distinct().order_by():
        changed = []
        rows = kept.filter(partnership_id=partnership_id).only(
            "pk", "suggested_polarity", "suggested_polarity_reason", "suggested_polarity_basis"
        )
        for finding in rows.iterator(chunk_size=1000):
            finding.suggested_polarity_basis = basis_of(finding.suggested_polarity_reason, finding.suggested_polarity)
            changed.append(finding)
        Finding.objects.bulk_update(changed, ["suggested_polarity_basis"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("findings", "0008_curly_quotes_in_words_shown"),
    ]

    operations = [
        migrations.AddField(
            model_name="finding",
            name="suggested_polarity_basis",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(reasons_as_data, migrations.RunPython.noop),
    ]
