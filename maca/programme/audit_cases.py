"""What the programme's pages say about an audit's cases.

Cases are selected by the ``selection`` app, which sits above the programme in
the dependency order. It answers these two questions by registering its
functions from ``SelectionConfig.ready()``, as it registers its stage checks
with ``programme.stages``, so the programme app need not import it. Until
something registers, audits have no cases and nobody may see them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from maca.programme.models import Audit


class Selected(NamedTuple):
    """How many cases an audit has selected, and the children they review.

    ``unrecorded`` counts the cases whose number of children is not known (an
    audit brought in from an earlier year keeps its cases without children);
    they add nothing to ``children``, and the sentences say so rather than
    reading them as cases of no children. ``stated`` is the number of children
    such an audit's own record gives for all its cases together (the briefing
    it was imported from said "4 cases reviewing 9 children"); the sentences
    use it where no case records its own. Every page that states the figure
    states it through here. ``past`` says the cases are such an audit's,
    every one brought in and none recording its children, whether or not its
    record stated a figure."""

    cases: int = 0
    children: int = 0
    unrecorded: int = 0
    stated: int = 0
    past: bool = False

    NOT_RECORDED = "number of children not recorded"

    @classmethod
    def counted(cls, *, cases: int, children: int, unrecorded: int, imported: int = 0, stated: int = 0) -> Selected:
        """The one rule: an audit's own figure (``stated``, kept as its
        ``target_children``) counts only for an audit brought in from an
        earlier year, every case of it imported (``imported``) and none
        recording its children; an audit planned in maca has a plan, not a
        count, in that field."""
        whole_record = bool(cases and imported >= cases and unrecorded >= cases)
        return cls(cases, children, unrecorded, stated if whole_record else 0, whole_record)

    @classmethod
    def of_cases(cls, children_counts: Iterable[int], *, imported: int = 0, stated: int = 0) -> Selected:
        """From each selected case's number of children, where 0 means not
        recorded (a case in a case list is a family with at least one child).
        ``maca.selection.selectors.case_counts`` counts the same in SQL."""
        counts = list(children_counts)
        return cls.counted(
            cases=len(counts),
            children=sum(counts),
            unrecorded=sum(1 for count in counts if not count),
            imported=imported,
            stated=stated,
        )

    @property
    def known_children(self) -> int | None:
        """How many children the cases concerned, or None when that is not
        known (some case records none and no whole figure was stated)."""
        if self.stated:
            return self.stated
        return self.children if self.cases and not self.unrecorded else None

    def _told(self) -> tuple[str, str]:
        """The children counted ("9 children") and, where some cases did not
        record theirs, which ("not recorded for 2 cases")."""
        told = _children(self.children)
        return told, (f"not recorded for {_cases(self.unrecorded)}" if self.unrecorded else "")

    def sentence(self) -> str:
        """ "6 cases reviewing 11 children", or "No cases selected yet"."""
        if not self.cases:
            return "No cases selected yet"
        if self.stated:
            return f"{_cases(self.cases)} reviewing {_children(self.stated)}"
        if self.unrecorded >= self.cases:
            return f"{_cases(self.cases)} ({self.NOT_RECORDED})"
        told, unknown = self._told()
        return f"{_cases(self.cases)} reviewing {told}" + (f" ({unknown})" if unknown else "")

    def of_target(self, target: int) -> str:
        """ "4 of 6 (9 children)", for a table of audits."""
        if not self.cases:
            return f"0 of {target}"
        if self.stated:
            return f"{self.cases} of {target} ({_children(self.stated)})"
        if self.unrecorded >= self.cases:
            return f"{self.cases} of {target} ({self.NOT_RECORDED})"
        told, unknown = self._told()
        return f"{self.cases} of {target} ({told}" + (f", {unknown}" if unknown else "") + ")"


def _cases(number: int) -> str:
    return f"{number} case{'' if number == 1 else 's'}"


def _children(number: int) -> str:
    return f"{number} child{'' if number == 1 else 'ren'}"


Counts = Callable[..., dict[int, Selected]]
Access = Callable[..., bool]


def _no_cases(partnership, audit_ids) -> dict[int, Selected]:
    return {}


def _nobody(membership, audit) -> bool:
    return False


def _none_waiting(audit) -> int:
    return 0


_counts: Counts = _no_cases
_can_see: Access = _nobody
_waiting: Callable[[Audit], int] = _none_waiting


def register(*, counts: Counts, can_see: Access, waiting: Callable[[Audit], int] = _none_waiting) -> None:
    """``counts(partnership, audit_ids)`` gives ``{audit_id: Selected}``;
    ``can_see(membership, audit)`` says whether the person may see the list of
    the audit's cases; ``waiting(audit)`` how many nominations of cases wait
    for the audit lead's decision."""
    global _counts, _can_see, _waiting
    _counts, _can_see, _waiting = counts, can_see, waiting


def nominations_waiting(audit: Audit) -> int:
    """How many nominated cases wait for a decision (the audit page and the
    check before agencies start say the same number)."""
    return _waiting(audit)


def counts(partnership, audit_ids: list[int]) -> dict[int, Selected]:
    """``{audit_id: Selected}`` for the audits' current selections; an audit
    with no cases is left out (``Selected()`` says "No cases selected yet")."""
    return _counts(partnership, audit_ids)


def selected(partnership, audit: Audit) -> Selected:
    """The one audit's ``Selected``."""
    return _counts(partnership, [audit.pk]).get(audit.pk, Selected())


def can_see(membership, audit: Audit) -> bool:
    """May this person see the list of an audit's cases?"""
    return _can_see(membership, audit)
