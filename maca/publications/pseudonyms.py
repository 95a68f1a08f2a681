"""Stable pseudonyms for the people of an audit's cases (ADR 0024).

Each child gets "Child <letter>" from its case's number in the audit (case 1
is A), with a number after the letter when a case has several children
("Child B1", "Child B2"); family members are named by relation ("Child B’s
mother", with a curly apostrophe, as maca writes every apostrophe). A
pseudonym, once given, is kept: outputs drafted later speak of the same
person the same way. The names held for each person (the child's from the
case list, those typed for a family member) are what the safety check looks
for; they stay encrypted and are never shown in an output.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Lower, Replace
from django.utils import timezone

from maca.audit_trail.services import record
from maca.cases.models import Child
from maca.core.concurrency import EditConflict, bump_version, lock_for_update
from maca.core.fields import reveal, seal
from maca.publications.models import Pseudonym
from maca.publications.sources import letter_for
from maca.selection.selectors import audit_cases


def pseudonyms_for(audit):
    return Pseudonym.objects.filter(partnership_id=audit.partnership_id, audit=audit).select_related("audit_case")


def child_label(letter: str, index: int, of: int) -> str:
    return f"Child {letter}" if of == 1 else f"Child {letter}{index}"


def ensure_pseudonyms(*, actor, audit) -> int:
    """Give every child of the audit's current cases a pseudonym, keeping the
    ones already given. Returns how many were added."""
    added = 0
    with transaction.atomic():
        existing = {(p.audit_case_id, p.relation, p.label) for p in pseudonyms_for(audit)}
        have_child = {(case_id, label) for case_id, relation, label in existing if not relation}
        for audit_case in audit_cases(audit):
            letter = letter_for(audit_case.number)
            children = list(audit_case.case.children.all())
            count = max(len(children), 1)
            for index in range(1, count + 1):
                label = child_label(letter, index, count)
                if (audit_case.pk, label) in have_child:
                    continue
                if Pseudonym.objects.filter(partnership_id=audit.partnership_id, audit=audit, label=label).exists():
                    continue
                Pseudonym.objects.create(
                    partnership_id=audit.partnership_id,
                    audit=audit,
                    audit_case=audit_case,
                    letter=letter,
                    relation="",
                    label=label,
                    names=seal([]),
                    created_by=actor,
                )
                added += 1
        if added:
            record(
                actor=actor,
                action="pseudonyms.given",
                partnership=audit.partnership,
                target=audit,
                changes={"added": added},
            )
    return added


def family_label(letter: str, relation: str) -> str:
    """ "Child A’s mother". The relation as typed, in lower case, its spaces
    and apostrophes tidied ("mother's partner" → "mother’s partner")."""
    relation = " ".join(relation.split()).lower().replace("'", "’").replace("‘", "’")
    return f"Child {letter}’s {relation}"


# Apostrophes read as the straight one when labels are compared: maca writes
# curly ones, but a label written before that (migration 0006 mends only those
# maca wrote) or a relation typed then may hold a straight or an opening one.
_OTHER_APOSTROPHES = ("’", "‘")


def _apostrophes_folded(text: str) -> str:
    for apostrophe in _OTHER_APOSTROPHES:
        text = text.replace(apostrophe, "'")
    return text


def _label_folded():
    """The label in lower case with every apostrophe straight, in the
    database (REPLACE and LOWER, as on SQLite and PostgreSQL alike)."""
    expression = F("label")
    for apostrophe in _OTHER_APOSTROPHES:
        expression = Replace(expression, Value(apostrophe), Value("'"))
    return Lower(expression)


def _same_label(audit, label: str) -> str:
    """The label of a pseudonym of the audit that is ``label`` but for case
    and apostrophes ("Child A's mother's partner" is "Child A’s mother’s
    partner"), or "" if there is none."""
    return (
        Pseudonym.objects.filter(partnership_id=audit.partnership_id, audit=audit)
        .annotate(label_folded=_label_folded())
        .filter(label_folded=_apostrophes_folded(label).lower())
        .values_list("label", flat=True)
        .first()
        or ""
    )


NAMES_KIND = "names_held_for_publications"


def names_no_longer_held(audit, *, now=None) -> str:
    """Why no names may be held for this audit any more, or "": once the
    partnership's period for them has passed since the audit ended, the
    retention run deletes them (``retention.forget_names_after_audit``), and
    names typed in again would be kept past it."""
    from maca.core import retention
    from maca.partnerships.retention import periods_of
    from maca.selection.retention import audits_finished_before

    kind = retention.kind(NAMES_KIND)
    period = periods_of(audit.partnership)[NAMES_KIND]
    before = kind.cutoff(period, now or timezone.now())
    if not audits_finished_before(audit.partnership, before).filter(pk=audit.pk).exists():
        return ""
    return (
        f"Names are no longer held for this audit: it ended more than {kind.describe(period)} ago, "
        "the period your partnership keeps them for"
    )


def _refuse_names_after_their_period(audit, names: list[str]) -> None:
    if names and (why := names_no_longer_held(audit)):
        raise ValidationError({"names": why})


def family_member_add(*, actor, audit, audit_case, relation: str, names: list[str]) -> Pseudonym:
    _refuse_names_after_their_period(audit, [n for n in names if n.strip()])
    letter = letter_for(audit_case.number)
    label = family_label(letter, relation)
    relation = label.removeprefix(f"Child {letter}’s ")
    with transaction.atomic():
        if same := _same_label(audit, label):
            raise ValidationError({"relation": f"There is already a pseudonym ‘{same}’ in this audit"})
        pseudonym = Pseudonym.objects.create(
            partnership_id=audit.partnership_id,
            audit=audit,
            audit_case=audit_case,
            letter=letter,
            relation=relation,
            label=label,
            names=seal([n.strip() for n in names if n.strip()]),
            created_by=actor,
            names_changed_by=actor,
            names_changed_at=timezone.now(),
        )
        record(
            actor=actor,
            action="pseudonym.created",
            partnership=audit.partnership,
            target=audit,
            changes={"pseudonym": label, "names_held": len([n for n in names if n.strip()])},
        )
    return pseudonym


def names_set(*, actor, pseudonym: Pseudonym, names: list[str], expected_version: int | None = None) -> Pseudonym:
    """Hold these names for one person (replacing those held), for the check.

    ``expected_version``: the version the person's form was opened at; if
    someone else saved the names since, ``EditConflict`` is raised and nothing
    is saved (ADR 0027). ``None`` only for records built without a form
    (the demo, tests)."""
    cleaned = [n.strip() for n in names if n.strip()]
    _refuse_names_after_their_period(pseudonym.audit, cleaned)
    with transaction.atomic():
        pseudonym = lock_for_update(pseudonym, expected_version=None)
        if (reveal(pseudonym.names) or []) == cleaned:
            # What is held already (perhaps saved meanwhile by someone else, the same):
            # nothing to overwrite, and the last change stays the last.
            return pseudonym
        if expected_version is not None and pseudonym.version != expected_version:
            raise EditConflict(pseudonym, expected=expected_version)
        pseudonym.names = seal(cleaned)
        pseudonym.names_changed_by, pseudonym.names_changed_at = actor, timezone.now()
        bump_version(pseudonym)
        pseudonym.save(update_fields=["names", "names_changed_by", "names_changed_at", "version"])
        record(
            actor=actor,
            action="pseudonym.names_changed",
            partnership=pseudonym.audit.partnership,
            target=pseudonym.audit,
            changes={"pseudonym": pseudonym.label, "names_held": len(cleaned)},
        )
    return pseudonym


def case_labels(audit) -> dict[int, str]:
    """``{audit_case_id: "Child A"}`` (or "Children B1 and B2") for drafting."""
    by_case: dict[int, list[str]] = {}
    for pseudonym in pseudonyms_for(audit):
        if pseudonym.audit_case_id and not pseudonym.relation:
            by_case.setdefault(pseudonym.audit_case_id, []).append(pseudonym.label)
    result = {}
    for case_id, labels in by_case.items():
        labels.sort()
        if len(labels) == 1:
            result[case_id] = labels[0]
        else:
            result[case_id] = "Children " + ", ".join(x.removeprefix("Child ") for x in labels[:-1])
            result[case_id] += " and " + labels[-1].removeprefix("Child ")
    return result


def held_names(audit) -> dict[str, str]:
    """``{name: pseudonym}`` for every name held for the audit's people: typed
    for a pseudonym, or the child's name in the case list."""
    names: dict[str, str] = {}
    children_by_case: dict[int, list[str]] = {}
    for pseudonym in pseudonyms_for(audit):
        for name in reveal(pseudonym.names) or []:
            names.setdefault(name, pseudonym.label)
        if pseudonym.audit_case_id and not pseudonym.relation:
            children_by_case.setdefault(pseudonym.audit_case_id, []).append(pseudonym.label)
    for audit_case in audit_cases(audit):
        labels = sorted(children_by_case.get(audit_case.pk, []))
        children = Child.objects.filter(partnership_id=audit.partnership_id, case_id=audit_case.case_id).order_by(
            "reference"
        )
        for index, child in enumerate(children):
            held = reveal(child.identifiers) if child.identifiers else {}
            name = held.get("name") if isinstance(held, dict) else None
            if name and index < len(labels):
                names.setdefault(name, labels[index])
    return names
