"""What the programme's pages say about an audit's cases.

Cases are selected by the ``selection`` app, which sits above the programme in
the dependency order. It answers these two questions by registering its
functions from ``SelectionConfig.ready()``, as it registers its stage checks
with ``programme.stages``, so the programme app need not import it. Until
something registers, audits have no cases and nobody may see them.
"""

from __future__ import annotations

from collections.abc import Callable

from maca.programme.models import Audit

Counts = Callable[..., dict[int, tuple[int, int]]]
Access = Callable[..., bool]


def _no_cases(partnership, audit_ids) -> dict[int, tuple[int, int]]:
    return {}


def _nobody(membership, audit) -> bool:
    return False


_counts: Counts = _no_cases
_can_see: Access = _nobody


def register(*, counts: Counts, can_see: Access) -> None:
    """``counts(partnership, audit_ids)`` gives ``{audit_id: (cases, children)}``;
    ``can_see(membership, audit)`` says whether the person may see the list of
    the audit's cases."""
    global _counts, _can_see
    _counts, _can_see = counts, can_see


def counts(partnership, audit_ids: list[int]) -> dict[int, tuple[int, int]]:
    """``{audit_id: (cases, children)}`` for the audits' current selections."""
    return _counts(partnership, audit_ids)


def can_see(membership, audit: Audit) -> bool:
    """May this person see the list of an audit's cases?"""
    return _can_see(membership, audit)
