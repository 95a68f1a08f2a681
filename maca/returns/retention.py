"""Identifiers of the cases an audit looked at, once the audit has been over
for the partnership's period (``maca.core.retention``).

The case, its returns and its chronology stay, for the learning and the
figures; what could identify the child goes: the encrypted identifiers
(case-system numbers, NHS numbers, names, dates of birth), and first the
names held for the case wherever someone typed them about it: a return's
answers (and the agency's summative report across the audit's cases), their
revisions, the comments on its history (a send-back, a withdrawal) and why it
was withdrawn, its chronology, and in selection why the case was nominated,
decided on or taken out of an audit. A case still in an open audit, or in one
that ended more recently, waits for it.
"""

from __future__ import annotations

import re

from django.db.models import Exists, OuterRef, Q

from maca.cases import retention as case_retention
from maca.cases.models import Case
from maca.returns.models import ChronologyEntry, Return, ReturnRevision, ReturnTransition
from maca.selection import retention as selection_retention
from maca.selection.models import AuditCase
from maca.selection.retention import audits_finished_before, scrub_rows

REMOVED = "[name removed]"
CHRONOLOGY_TEXT = ("event", "source", "action_taken")


def _pattern(names: list[str]) -> re.Pattern | None:
    """Whole names in any case; single names (given name, surname) as written,
    so that "May" the name goes and "may" the verb stays."""
    whole = sorted({n.strip() for n in names if n.strip()}, key=len, reverse=True)
    parts = sorted({p for n in whole for p in n.split() if len(p) > 1}, key=len, reverse=True)
    alternatives = [f"(?i:{re.escape(n)})" for n in whole] + [re.escape(p) for p in parts]
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b") if alternatives else None


def _scrub(value, pattern: re.Pattern):
    if isinstance(value, str):
        return pattern.sub(REMOVED, value)
    if isinstance(value, dict):
        return {k: _scrub(v, pattern) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, pattern) for v in value]
    return value


# Apps above that keep text about a case (the meeting's findings) take the
# names out of it too: ``scrub(case_id, pattern, replace)``, registered from
# their ``AppConfig.ready()``.
_case_text_scrubbers: list = []


def register_case_text_scrubber(scrub) -> None:
    if scrub not in _case_text_scrubbers:
        _case_text_scrubbers.append(scrub)


def scrub_text(value, pattern: re.Pattern):
    """``value`` (text, or a JSON value holding text) with the names matched by ``pattern`` removed."""
    return _scrub(value, pattern)


def _scrub_case_text(case_id: int, names: list[str]) -> None:
    pattern = _pattern(names)
    if pattern is None:
        return
    for scrub in _case_text_scrubbers:
        scrub(case_id, pattern)

    def replace(value):
        return _scrub(value, pattern)

    # Selection sits below returns, so it is called, not registered.
    selection_retention.scrub_case_text(case_id, replace)
    audits = AuditCase.objects.filter(case_id=case_id).values("audit_id")
    returns = Return.objects.filter(
        Q(audit_case__case_id=case_id) | Q(audit_case__isnull=True, audit_id__in=audits)
    ).values("pk")
    scrub_rows(Return.objects.filter(pk__in=returns), ("answers", "withdrawn_reason"), replace)
    # Revisions and transitions are append-only for people; taking a name out
    # is not an edit of what was said.
    scrub_rows(ReturnRevision.objects.filter(return_record__in=returns), ("answers",), replace)
    scrub_rows(ReturnTransition.objects.filter(return_record__in=returns), ("comment",), replace)
    scrub_rows(ChronologyEntry.objects.filter(return_record__in=returns), CHRONOLOGY_TEXT, replace)


def forget_identifiers_after_audit(*, partnership, before) -> int:
    finished = list(audits_finished_before(partnership, before))
    waiting = AuditCase.objects.filter(case=OuterRef("pk")).exclude(audit_id__in=finished)
    cases = list(
        Case.objects.filter(partnership=partnership, audit_cases__audit_id__in=finished)
        .exclude(Exists(waiting))
        .values_list("pk", flat=True)
        .distinct()
    )
    names = case_retention.names_held_for(cases)
    for case_id, held in names.items():
        _scrub_case_text(case_id, held)
    return case_retention.forget_identifiers(partnership=partnership, case_ids=cases)
