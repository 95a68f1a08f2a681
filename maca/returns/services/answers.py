"""A return's answers compared and combined: typed text with one kind of line
ending, one section's answers over the others, the answers as they were at a
version, and the merge of a save refused because someone else saved first
(ADR 0007). Nothing here writes."""

from __future__ import annotations

from dataclasses import dataclass

from maca.returns.models import Return, ReturnRevision


def normalised(value):
    """Typed text with one kind of line ending: a browser posts "\\r\\n", the
    autosave script and the merge page may send "\\n"; the same words must
    compare equal."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n")
    if isinstance(value, list):
        return [normalised(item) for item in value]
    return value


def normalised_answers(answers: dict) -> dict:
    return {key: normalised(value) for key, value in (answers or {}).items()}


def answers_over(current: dict, *, keys, answers: dict) -> dict:
    """``current`` with the answers to ``keys`` (one section's questions)
    replaced by ``answers``: a section saved on its own leaves the others be."""
    return {**{k: v for k, v in current.items() if k not in keys}, **answers}


@dataclass(frozen=True)
class Merge:
    """A save refused because someone else saved first, worked out question by question."""

    base: dict
    theirs: dict
    mine: dict
    conflicts: list[str]  # changed by both, differently: the person chooses
    merged: dict  # theirs, with my non-conflicting changes applied

    def resolve(self, choices: dict[str, str]) -> dict:
        """``choices`` maps each conflicting key to 'mine' or 'theirs'."""
        result = dict(self.merged)
        for key in self.conflicts:
            source = self.mine if choices.get(key) == "mine" else self.theirs
            if key in source:
                result[key] = source[key]
            else:
                result.pop(key, None)
        return result


def merge_for(return_record: Return, *, base_version: int, mine: dict, shown_keys=()) -> Merge:
    """Compare my answers with theirs, against the answers as they were at the
    version I started from.

    Only saves of answers write a revision; a submission, a send-back or an
    acceptance moves the version on without one. The answers at ``base_version``
    are therefore those of the last revision at or before it (none: no answers yet).

    ``shown_keys``: the questions on the person's page (one section). Their
    answers are the ones the person saw and saved, even where unchanged since
    ``base_version``: that version may hold this page's own autosaved answer,
    changed since on another page. Where such an answer differs from the one
    saved since, the person chooses, instead of the page's answer being
    replaced unseen (QA walk, two tabs on one section).
    """
    shown_keys = set(shown_keys)
    base = normalised_answers(answers_at(return_record, base_version))
    theirs = normalised_answers(return_record.answers)
    mine = normalised_answers(mine)
    merged = dict(theirs)
    conflicts = []
    for key in sorted(set(base) | set(theirs) | set(mine)):
        mine_changed = mine.get(key) != base.get(key)
        theirs_changed = theirs.get(key) != base.get(key)
        if (mine_changed or key in shown_keys) and theirs_changed and mine.get(key) != theirs.get(key):
            conflicts.append(key)
        elif mine_changed:
            if key in mine:
                merged[key] = mine[key]
            else:
                merged.pop(key, None)
    return Merge(base=base, theirs=theirs, mine=mine, conflicts=conflicts, merged=merged)


def asks_the_same_since(return_record: Return, version: int) -> bool:
    """Whether the return asks the questions it asked at ``version``. Only a
    return nobody ever saved moves onto a newly published tool version, so a
    save of answers at or before ``version``, or the save made from it
    (``version + 1``), shows that it has not moved since."""
    return ReturnRevision.objects.filter(return_record=return_record, version__lte=version + 1).exists()


def answers_at(return_record: Return, version: int) -> dict:
    """The answers as they were at ``version``: those of the last revision at or
    before it (none: no answers yet)."""
    revision = (
        ReturnRevision.objects.filter(return_record=return_record, version__lte=version).order_by("-version").first()
    )
    return dict(revision.answers) if revision else {}
