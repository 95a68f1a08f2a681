"""The pieces an audit's outputs are drafted from: its cases and children,
its themes, what was found in each case and across them, who met and who
audited."""

from __future__ import annotations

from django.utils import timezone

from maca.core.presenters import and_list
from maca.findings.cross_case import CrossCaseTheme, recurring_order
from maca.findings.models import Polarity
from maca.publications.document import Figure, Table
from maca.publications.drafting._common import (
    NOT_RECORDED,
    _awaiting,
    _bullets,
    _plural,
    long_date,
)
from maca.publications.sources import AUDITING, HELD, AuditRecord, CaseRecord, Item


def _item_text(item: Item) -> str:
    text = " ".join(item.text.split())
    return f"{item.agency}: {text}" if item.agency else text


def _per_case(cases: list[CaseRecord], attribute: str, none: str) -> str:
    parts = []
    for case in cases:
        items = getattr(case, attribute)
        if not items:
            continue
        parts.append(f"Case {case.number} ({case.label})")
        parts.append(_bullets([_item_text(i) for i in items]))
    return "\n\n".join(parts) if parts else none


def _found_in_a_deep_dive(record: AuditRecord, attribute: str, across: list[Item], none: str) -> str:
    """A deep dive's strengths or findings: each agency writes one summative
    report across its cases, so what the meeting took from them is recorded
    across the cases (each about its agency); any recorded for one case
    follow, by case."""
    parts = [_bullets([_item_text(i) for i in across])] if across else []
    per_case = _per_case(record.cases, attribute, "")
    if per_case:
        parts.append(per_case)
    return "\n\n".join(parts) if parts else none


def _children_cell(children: int | None) -> str:
    """A number of children, or "Not recorded" (never "0" for a figure nobody gave)."""
    return str(children) if children else NOT_RECORDED


def _cases_table(record: AuditRecord) -> Table:
    return Table(
        caption="The cases audited",
        headings=["Case", "Referred to as", "Children", "Agencies auditing"],
        rows=[
            [
                f"Case {c.number}",
                c.label,
                _children_cell(c.children),
                ", ".join(c.agencies) or ("None" if record.agencies else NOT_RECORDED),
            ]
            for c in record.cases
        ],
    )


def _theme_summary(counts: list[tuple[str, int, int, int]], across: set[str] = frozenset()) -> str:
    """The theme with the most findings (or strengths); several when they tie,
    never one of them alone as if it stood out. ``across``: the themes of
    findings recorded across cases (in no case)."""
    name, strengths, concerns, cases = counts[0]
    if concerns:
        tied = [n for n, _s, c, _k in counts if c == concerns]
        if len(tied) > 1:
            return f"{and_list(tied)} had the most findings ({concerns} each)."
        where = [f"in {_plural(cases, 'case')}"] if cases else []
        where += ["across cases"] if name in across else []
        return f"{name} had the most findings ({concerns}), {' and '.join(where)}."
    tied = [n for n, s, _c, _k in counts if s == strengths]
    if len(tied) > 1:
        return f"{and_list(tied)} had the most strengths ({strengths} each)."
    return f"{name} had the most strengths ({strengths})."


def _theme_figure(record: AuditRecord) -> Figure | None:
    counts = record.theme_counts()
    if not counts:
        return None
    # Every theme with a strength or a finding (none left off): the chart
    # agrees with the audit's and the partnership's theme pages.
    return Figure(
        title="Strengths and findings by theme",
        summary=_theme_summary(
            counts, {record.theme_names.get(t, "") for i in record.across_concerns for t in i.themes}
        ),
        category_heading="Theme",
        categories=[name for name, *_rest in counts],
        series=[("Strengths", [s for _n, s, _c, _k in counts]), ("Findings", [c for _n, _s, c, _k in counts])],
    )


def _recurring(record: AuditRecord) -> list[str]:
    """Themes of findings in more than one case; in a deep dive, in more than
    one of its agencies' summative reports and its cases, as "Across the
    cases" counts and says them (``_across_a_deep_dive``)."""
    if record.deep_dive:
        return [f"{item.theme}: findings in {_found_in(item, record)}." for item in _across_a_deep_dive(record)]
    # In the order "Across the cases" lists them: most cases first, then the
    # partnership's order of themes (never the strengths a theme also had).
    position = {name: index for index, name in enumerate(record.theme_names.values())}
    recurring = sorted(
        ((name, with_concern) for name, _s, _c, with_concern in record.theme_counts() if with_concern > 1),
        key=lambda found: recurring_order(found[1], position.get(found[0], len(position)), found[0]),
    )
    return [f"{name}: findings in {with_concern} of the {len(record.cases)} cases." for name, with_concern in recurring]


def _across_a_deep_dive(record: AuditRecord) -> list[CrossCaseTheme]:
    """A deep dive's concerns across the cases, counted by
    ``findings.cross_case``'s ``CrossCaseTheme``: each case once, and each
    agency once for its findings across its cases (its summative report);
    those across cases about no agency (the meeting's own summing up) count
    for nothing. Most places first, then in the partnership's order of
    themes, as "Across the cases" lists them."""
    found = {
        key: CrossCaseTheme(theme=name, polarity=Polarity.CONCERN, case_numbers=[], total_cases=len(record.cases))
        for key, name in record.theme_names.items()
    }
    for case in record.cases:
        for item in case.concerns:
            for key in item.themes:
                if key in found:
                    found[key].found_at(case_number=case.number)
    for item in record.across_concerns:
        for key in item.themes:
            if key in found:
                found[key].found_at(agency=item.agency)
    return sorted((item for item in found.values() if item.recurs), key=lambda item: -item.places)


def _found_in(item: CrossCaseTheme, record: AuditRecord) -> str:
    """Where a deep dive's theme was found: its card's words on "Across the
    cases" ("2 summative reports", "1 summative report and 1 of 3 cases");
    in cases only, as a themed audit's briefing says it."""
    if not item.agencies:
        return f"{len(item.case_numbers)} of the {len(record.cases)} cases"
    return item.found_in


def _distinct(texts) -> list[str]:
    """Each text once, in order (several cases often share a finding's words)."""
    return list(dict.fromkeys(" ".join(t.split()) for t in texts))


def _across_first(record: AuditRecord, attribute: str) -> list[str]:
    """Each of the audit's strengths (or concerns) once, those recorded across
    cases first: a list that keeps only its first few never cuts what speaks
    for the whole audit."""
    across = getattr(record, f"across_{attribute}")
    return _distinct(i.text for i in across + [i for c in record.cases for i in getattr(c, attribute)])


def _meeting(record: AuditRecord) -> str:
    return f" on {long_date(record.meeting_date)}" if record.meeting_date else ""


def _sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]


def _agencies_met(record: AuditRecord) -> str:
    """ "the agencies met on 18 November 2025", or, drafted before a meeting
    still to come, "the agencies are due to meet on 6 March 2027", or "the
    agencies have not yet met" (an audit not at its meeting, with no day to
    come): never a day to come said as past."""
    if record.meeting_date and record.meeting_date > timezone.localdate():
        return f"the agencies are due to meet{_meeting(record)}"
    if record.progress != HELD:
        return "the agencies have not yet met"
    return f"the agencies met{_meeting(record)}"


def _agencies_audit(record: AuditRecord, *, short: bool = False) -> str:
    """What each agency does with its records, in the tense of where the
    audit is: "Each agency audited its own records of the cases … and wrote a
    chronology of its involvement" once the agencies have met, "is auditing …"
    while they audit, "will audit …" before. A deep dive's agencies write one
    report across their cases (``returns``: one summative return each).
    ``short``: the records only, for a sentence that goes on."""
    tool = "" if short else (f" with the audit tool ‘{record.tool}’" if record.tool else "")
    wrote = {
        HELD: ("audited", "wrote"),
        AUDITING: ("is auditing", "writing"),
    }.get(record.progress, ("will audit", "write"))
    cases = "of the cases"
    start = "Each agency"
    if not record.cases and record.progress != HELD:
        start, cases = "Once the cases are chosen, each agency", "of them"
        wrote = ("will audit", "write")
    text = f"{start} {wrote[0]} its own records"
    if short:
        return text
    work = "one report of what it found across them" if record.deep_dive else "a chronology of its involvement"
    return f"{text} {cases}{tool} and {wrote[1]} {work}."


def _found(record: AuditRecord, where: str = "") -> str:
    """ "The audit found 2 strengths and no findings across the cases.", or,
    before the meeting, what has been recorded so far, or that there is
    nothing yet (never "0 strengths and 0 findings" of an audit whose
    agencies have not met); then what is left out until its themes are
    confirmed (``_awaiting``)."""
    strengths, concerns = len(record.strengths), len(record.concerns)
    found = f"{_some(strengths, 'strength')} and {_some(concerns, 'finding')}{where}"
    if record.progress == HELD:
        said = f"The audit found {found}."
    elif not strengths and not concerns:
        said = "No strengths or findings have been agreed yet: the agencies agree them when they meet."
    else:
        said = f"So far the audit has recorded {found}: the agencies agree them when they meet."
    return f"{said} {_awaiting(record)}" if record.awaiting_themes else said


def _some(n: int, one: str) -> str:
    """ "2 strengths", "1 finding", or "no findings" (never "0 findings")."""
    return _plural(n, one) if n else f"no {one}s"


def _intro(record: AuditRecord) -> str:
    cases, unknown = len(record.cases), record.children_unknown
    if not cases:
        # A meeting held with no cases in maca (a past audit brought in without them): not "yet".
        return "No cases have been chosen yet." if record.progress != HELD else "No cases are recorded for this audit."
    one = cases == 1
    by = f" by {_plural(len(record.agencies), 'agency', 'agencies')}" if record.agencies else ""
    # In the tense of where the audit is; no agency recorded for any case (a
    # past audit brought in): never "audited by 0 agencies".
    if record.progress == HELD:
        audited = f"{'was' if one else 'were'} audited{by}."
    elif record.progress == AUDITING:
        audited = f"{'is' if one else 'are'} being audited{by}."
    else:
        audited = f"{'is' if one else 'are'} to be audited{by}."
    known = record.selected.known_children
    if known is not None:
        return f"{_plural(cases, 'case')} about {_plural(known, 'child', 'children')} {audited}"
    # A total that left out the cases with no figure would read as all of them.
    if unknown == cases:
        return f"{_plural(cases, 'case')} {audited} The number of children in the cases is not recorded."
    return (
        f"{_plural(cases, 'case')} {audited} The number of children is not recorded for "
        f"{_plural(unknown, 'case')}; the other {_plural(cases - unknown, 'case')} "
        f"{'are' if cases - unknown != 1 else 'is'} about {_plural(record.children, 'child', 'children')}."
    )


def _chosen(record: AuditRecord) -> str:
    """How the cases were chosen and what they are, or only that none has
    been chosen yet (said once)."""
    return f"{record.draw_sentence} {_intro(record)}" if record.cases else _intro(record)
