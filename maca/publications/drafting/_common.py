"""What every drafted output writes alike: dates, counts, bullets."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from maca.publications.sources import AuditRecord


def long_date(value) -> str:
    """GOV.UK style: 1 December 2026."""
    return f"{value:%-d %B %Y}"


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _bullets(items: list[str]) -> str:
    return "\n".join(f"- {' '.join(text.split())}" for text in items)


NOT_RECORDED = "Not recorded"


# What each kind left out is called: (one, many).
_AWAITING_WORDS = {
    "strengths": ("strength", "strengths"),
    "concerns": ("finding", "findings"),
    "good_practice": ("piece of good practice", "pieces of good practice"),
    None: ("strength or finding", "strengths or findings"),
}


def _awaiting(record: AuditRecord, what: str | None = None) -> str:
    """What a briefing leaves out until a person confirms its themes
    (``findings.selectors.findings_awaiting_themes_of_audits``): of one kind
    (``what``: "strengths", "concerns", "good_practice") or all, so that a
    briefing drafted before then never says the audit found nothing. (The
    year's report says it by kind, and of audits past their meeting that
    they never will be: ``year_report._awaiting_in_year``.)"""
    n = record.awaiting.get(what, 0) if what else record.awaiting_themes
    one, many = _AWAITING_WORDS[what]
    if n == 1:
        return f"1 {one} recorded is left out until its themes are confirmed."
    return f"{n} {many} recorded are left out until their themes are confirmed."


def _none_yet(record: AuditRecord, said: str, what: str | None) -> str:
    """``said`` ("No findings have been recorded yet."), or, while some of
    ``what`` (all, for ``None``) are left out until their themes are
    confirmed, that instead."""
    if not (record.awaiting.get(what) if what else record.awaiting_themes):
        return said
    return f"None yet with confirmed themes: {_awaiting(record, what)}"
