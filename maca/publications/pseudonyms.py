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

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Lower, Replace
from django.utils import timezone

from maca.audit_trail.services import record
from maca.cases.models import Child
from maca.core.concurrency import EditConflict, bump_version, lock_for_update
from maca.core.fields import reveal, seal
from maca.programme.models import Audit
from maca.publications.models import Pseudonym
from maca.publications.sources import letter_for
from maca.selection.models import AuditCase
from maca.selection.selectors import audit_cases


def pseudonyms_for(audit):
    return Pseudonym.objects.filter(partnership_id=audit.partnership_id, audit=audit).select_related("audit_case")


_CHILD_LABEL = re.compile(r"Child ([A-Z]+)(\d*)")


def _letters_number(letters: str) -> int:
    """A is 1, Z is 26, AA is 27: ``sources.letter_for`` read back."""
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - ord("A") + 1
    return number


def label_order(label: str) -> tuple:
    """A child's label in natural order: "Child A2" before "Child A10", and
    "Child B" before "Child AA" (case 2 before case 27), where as text they
    sort the other way. Any other label after, as text."""
    if match := _CHILD_LABEL.fullmatch(label):
        return (0, _letters_number(match[1]), int(match[2] or 0), "")
    return (1, 0, 0, label)


def in_order(pseudonyms) -> list[Pseudonym]:
    """The audit's pseudonyms as people read them: by case (its letter, A to
    Z then AA), the children first in the order of their numbers, then the
    family members by relation."""
    return sorted(
        pseudonyms,
        key=lambda p: (
            _letters_number(p.letter),
            bool(p.relation),
            label_order(p.label) if not p.relation else (),
            p.relation,
            p.pk or 0,
        ),
    )


def child_label(letter: str, index: int, of: int) -> str:
    return f"Child {letter}" if of == 1 else f"Child {letter}{index}"


def children_without_pseudonyms(audit) -> list[tuple]:
    """``[(audit_case, letter, label)]``: the children of the audit's current
    cases not yet given a pseudonym (a case selected, or a child added to the
    case list, since), in order. Reads only: ``ensure_pseudonyms`` gives them."""
    labels = set(pseudonyms_for(audit).values_list("label", flat=True))
    missing = []
    for audit_case in audit_cases(audit):
        letter = letter_for(audit_case.number)
        count = max(len(audit_case.case.children.all()), 1)
        for index in range(1, count + 1):
            label = child_label(letter, index, count)
            if label not in labels:
                missing.append((audit_case, letter, label))
    return missing


def _hold_audit(audit) -> None:
    """Lock the audit's row, as drafting a publication of it does
    (``services.publication_create``), before reading which labels exist: two
    adding pseudonyms to one audit at the same moment are then one after the
    other, and the second sees what the first added (a message, not the
    label's unique constraint)."""
    list(Audit.objects.select_for_update().filter(partnership_id=audit.partnership_id, pk=audit.pk))


def ensure_pseudonyms(*, actor, audit) -> int:
    """Give every child of the audit's current cases a pseudonym, keeping the
    ones already given. Returns how many were added. Called when an output is
    drafted, and by the button on the audit's pseudonyms page; opening that
    page writes nothing (it says how many children have none yet)."""
    added = 0
    with transaction.atomic():
        _hold_audit(audit)
        for audit_case, letter, label in children_without_pseudonyms(audit):
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


NO_RELATION = "Say who they are to the child, like ‘mother’"


def family_member_add(*, actor, audit, audit_case, relation: str, names: list[str]) -> Pseudonym:
    # A pseudonym is never removed: one made of an apostrophe or a dash alone
    # ("Child A’s ’") would name nobody for good.
    if not any(char.isalpha() for char in relation):
        raise ValidationError({"relation": NO_RELATION})
    _refuse_names_after_their_period(audit, [n for n in names if n.strip()])
    letter = letter_for(audit_case.number)
    label = family_label(letter, relation)
    relation = label.removeprefix(f"Child {letter}’s ")
    with transaction.atomic():
        _hold_audit(audit)
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
        labels.sort(key=label_order)  # "Child A2" before "Child A10"
        if len(labels) == 1:
            result[case_id] = labels[0]
        else:
            result[case_id] = "Children " + ", ".join(x.removeprefix("Child ") for x in labels[:-1])
            result[case_id] += " and " + labels[-1].removeprefix("Child ")
    return result


def held_names(audit) -> dict[str, str]:
    """``{name: pseudonym}`` for every name held for the audit's people: typed
    for a pseudonym, or the child's name in the case list."""
    return _held_names_by_audit(audit.partnership_id, [audit.pk])[audit.pk]


def _held_names_by_audit(partnership_id: int, audit_ids: list[int]) -> dict[int, dict[str, str]]:
    """``held_names`` of each of ``audit_ids``, read in three queries however
    many audits and cases (a year's report is checked against all its audits)."""
    names: dict[int, dict[str, str]] = {audit_id: {} for audit_id in audit_ids}
    children_by_case: dict[int, list[str]] = {}
    for pseudonym in Pseudonym.objects.filter(partnership_id=partnership_id, audit_id__in=audit_ids).order_by("pk"):
        for name in reveal(pseudonym.names) or []:
            names[pseudonym.audit_id].setdefault(name, pseudonym.label)
        if pseudonym.audit_case_id and not pseudonym.relation:
            children_by_case.setdefault(pseudonym.audit_case_id, []).append(pseudonym.label)
    cases = list(
        AuditCase.objects.current()
        .filter(partnership_id=partnership_id, audit_id__in=audit_ids)
        .order_by("audit_id", "number")
    )
    children: dict[int, list[Child]] = {}
    for child in Child.objects.filter(
        partnership_id=partnership_id, case_id__in={audit_case.case_id for audit_case in cases}
    ).order_by("case_id", "reference"):
        children.setdefault(child.case_id, []).append(child)
    for audit_case in cases:
        # In the order the labels were given (``ensure_pseudonyms``): the
        # case's children by reference are Child A1, A2 ... A10, not as text.
        labels = sorted(children_by_case.get(audit_case.pk, []), key=label_order)
        for index, child in enumerate(children.get(audit_case.case_id, [])):
            held = reveal(child.identifiers) if child.identifiers else {}
            name = held.get("name") if isinstance(held, dict) else None
            if name and index < len(labels):
                names[audit_case.audit_id].setdefault(name, labels[index])
    return names


# A year's report -------------------------------------------------------------------------------


def in_year_report(audit_title: str, label: str) -> str:
    """A pseudonym of an audit as the year's report writes it: after the
    audit's title ("Neglect of babies: Child C1"). Every audit has its own
    "Child C1", and the year's report speaks of all of them; the audit's own
    outputs keep the label as it is."""
    return f"{' '.join(audit_title.split())}: {label}"


def year_audits(partnership_id: int, year: int):
    """The audits whose names a year's report is checked against: every
    audit of its programme year."""
    return Audit.objects.filter(partnership_id=partnership_id, programme__year=year).order_by("pk")


def year_held_names(partnership_id: int, year: int) -> dict[str, str]:
    """``held_names`` for a year's report: each name with its audit's
    pseudonym as the report writes it (``in_year_report``). A name held in
    two audits for people of different pseudonyms has none (``""``): the
    check cannot tell which child the text means, so it proposes no
    replacement, and the person edits the text."""
    names: dict[str, str] = {}
    audits = list(year_audits(partnership_id, year).only("pk", "title"))
    held = _held_names_by_audit(partnership_id, [audit.pk for audit in audits])
    for audit in audits:
        for name, label in held[audit.pk].items():
            label = in_year_report(audit.title, label)
            names[name] = label if names.get(name, label) == label else ""
    return names


def year_labels(partnership_id: int, year: int) -> list[str]:
    """The pseudonyms a year's report may speak of: each audit's, after its
    title, and as the audit's own outputs write them."""
    labels = []
    for label, title in Pseudonym.objects.filter(
        partnership_id=partnership_id, audit__programme__year=year
    ).values_list("label", "audit__title"):
        labels += [label, in_year_report(title, label)]
    return labels


def year_label_audits(partnership_id: int, year: int) -> dict[str, list[str]]:
    """``{"Child A": ["Neglect of babies", "Home alone"]}``: each pseudonym of
    the year's audits with the titles of the audits that have it, in the
    audits' order (``year_audits``)."""
    by_label: dict[str, list[str]] = {}
    rows = Pseudonym.objects.filter(partnership_id=partnership_id, audit__programme__year=year).values_list(
        "label", "audit__title", "audit_id"
    )
    for label, title, _audit in sorted(rows, key=lambda row: (row[2], label_order(row[0]))):
        title = " ".join(title.split())
        if title not in by_label.setdefault(label, []):
            by_label[label].append(title)
    return by_label


def _apostrophes(text: str) -> str:
    """A pattern for ``text`` that matches it with either apostrophe."""
    return "".join("['’]" if char in "'’" else re.escape(char) for char in text)


def bare_year_labels(text: str, label_audits: dict[str, list[str]]) -> list[tuple[int, int, str]]:
    """``[(start, end, label)]``: where ``text`` (of a year's report) names an
    audit's pseudonym without its audit's title before it ("Child A was seen",
    not "Neglect of babies: Child A"): which audit's child it is cannot be
    told, as every audit has its own "Child A". The longest label at a place
    is the one found ("Child A’s mother", not "Child A" in it), either
    apostrophe."""
    if not text or not label_audits:
        return []
    labels = sorted(label_audits, key=len, reverse=True)
    pattern = re.compile(rf"(?<!\w)(?:{'|'.join(_apostrophes(label) for label in labels)})(?!\w)")
    plain = {label.replace("'", "’"): label for label in labels}
    found = []
    for match in pattern.finditer(text):
        label = plain.get(match.group(0).replace("'", "’"), match.group(0))
        before = text[: match.start()]
        if any(before.endswith(f"{title}: ") for title in label_audits.get(label, [])):
            continue  # written after its audit's title, as the year's report writes it
        found.append((match.start(), match.end(), label))
    return found
