"""Drafting each output from the record: sections filled from what was
recorded, in plain words, for people to edit section by section.

Every function here takes plain records (``sources``) and returns a
``Document``; nothing reads the database, so drafting is quick and testable.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils import timezone

from maca.actions.models import ActionStatus
from maca.core.presenters import and_list
from maca.findings.cross_case import CrossCaseTheme, recurring_order
from maca.findings.models import Polarity
from maca.programme.models import AuditKind, places_called
from maca.publications.document import Document, Figure, Section, Table
from maca.publications.models import Kind
from maca.publications.presenters import uptake_cell
from maca.publications.sources import AUDITING, HELD, AuditRecord, CaseRecord, Item, YearRecord


def long_date(value) -> str:
    """GOV.UK style: 1 December 2026."""
    return f"{value:%-d %B %Y}"


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _bullets(items: list[str]) -> str:
    return "\n".join(f"- {' '.join(text.split())}" for text in items)


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


NOT_RECORDED = "Not recorded"


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


def _year_theme_summary(label: str, themes: list[tuple[str, int, int, int]]) -> str:
    """The year's most raised theme, or every theme tied with it (named in the
    chart's order, as the recurrence pages name them): never one of them alone
    as if it stood out. ``themes``: ``sources.year_themes``, most concerns first."""
    _name, strengths, concerns, _audits = themes[0]
    as_what, most, column = ("concern", concerns, 2) if concerns else ("strength", strengths, 1)
    tied = [t[0] for t in themes if t[column] == most]
    each = " each" if len(tied) > 1 else ""
    return f"Raised most often as a {as_what} in {label}: {and_list(tied)} ({_plural(most, 'finding')}{each})."


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
    agencies have not met)."""
    strengths, concerns = len(record.strengths), len(record.concerns)
    found = f"{_some(strengths, 'strength')} and {_some(concerns, 'finding')}{where}"
    if record.progress == HELD:
        return f"The audit found {found}."
    if not strengths and not concerns:
        return "No strengths or findings have been agreed yet: the agencies agree them when they meet."
    return f"So far the audit has recorded {found}: the agencies agree them when they meet."


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


def six_step(record: AuditRecord) -> Document:
    recommendations = [_item_text(i) for i in record.recommendations]
    recurring = _recurring(record)
    step5 = []
    if recurring:
        where = places_called(AuditKind.DEEP_DIVE if record.deep_dive else AuditKind.THEMED, 1)
        step5.append(f"Issues identified across more than one {where}:")
        step5.append(_bullets(recurring))
    # What the meeting recorded "Across cases": in no case's step, so here;
    # but a deep dive's findings are its agencies' summative reports', across
    # the cases by their nature: its steps 3 and 4 (``_found_in_a_deep_dive``).
    if record.across_concerns and not record.deep_dive:
        step5.append("Findings recorded across cases:")
        step5.append(_bullets([_item_text(i) for i in record.across_concerns]))
    if record.across_strengths and not record.deep_dive:
        step5.append("Strengths recorded across cases:")
        step5.append(_bullets([_item_text(i) for i in record.across_strengths]))
    if recommendations:
        step5.append("The audit meeting recommends:")
        step5.append(_bullets(recommendations))
    good = [_item_text(i) for i in record.good_practice]
    no_strengths, no_concerns = "No strengths have been recorded yet.", "No findings have been recorded yet."
    if record.deep_dive:
        found_where = "across the cases"
        strengths = _found_in_a_deep_dive(record, "strengths", record.across_strengths, no_strengths)
        concerns = _found_in_a_deep_dive(record, "concerns", record.across_concerns, no_concerns)
    else:
        found_where = "per case"
        strengths = _per_case(record.cases, "strengths", no_strengths)
        concerns = _per_case(record.cases, "concerns", no_concerns)
    return Document(
        title=f"6 Step Briefing: {record.title}",
        subtitle=f"Multi-agency case audit, {record.programme}",
        sections=[
            Section(
                "theme",
                "1. Theme and cases",
                "\n\n".join(
                    filter(
                        None,
                        [
                            f"Why this theme: {' '.join(record.theme.split())}",
                            f"How cases were chosen: {record.draw_sentence}" if record.cases else "",
                            _intro(record),
                        ],
                    )
                ),
                tables=[_cases_table(record)] if record.cases else [],
            ),
            Section(
                "process",
                "2. Process",
                "\n\n".join(
                    filter(
                        None,
                        [
                            _agencies_audit(record),
                            f"{_sentence_start(_agencies_met(record))} to agree the strengths and findings "
                            f"{'across the cases' if record.deep_dive else 'of each case'} and what should change.",
                            f"Agencies taking part: {', '.join(record.agencies)}." if record.agencies else "",
                        ],
                    )
                ),
            ),
            Section("strengths", f"3. Strengths identified {found_where}", strengths),
            Section("findings", f"4. Findings identified {found_where}", concerns),
            Section(
                "recommendations",
                "5. Recommendations: issues identified across multiple cases",
                "\n\n".join(step5) or "No recommendations have been recorded yet.",
                figure=_theme_figure(record),
            ),
            Section(
                "good_practice",
                "6. Good practice and evidence as a result of the audit",
                "\n\n".join(
                    filter(
                        None,
                        [
                            _found(record, " across the cases"),
                            _bullets(good) if good else "No good practice has been recorded yet.",
                        ],
                    )
                ),
            ),
        ],
    )


# The findings pages' words for a finding about no one agency (the meeting's
# "Which agency does it concern?" in ``findings.forms``).
NO_ONE_AGENCY = "No one agency"


def _by_agency(items: list[Item]) -> str:
    """Items under their agency's name, agencies in order, then those about no
    one agency: each item in one list, none with its agency said twice."""
    groups: dict[str, list[str]] = defaultdict(list)
    for item in items:
        groups[item.agency].append(item.text)
    order = sorted(agency for agency in groups if agency) + ([""] if "" in groups else [])
    return "\n\n".join(f"{agency or NO_ONE_AGENCY}\n\n{_bullets(groups[agency])}" for agency in order)


def learning_summary(record: AuditRecord) -> Document:
    by_theme: dict[str, list[str]] = defaultdict(list)
    for item in record.concerns:
        for theme in item.themes or ("",):
            by_theme[record.theme_names.get(theme, "Other")].append(" ".join(item.text.split()))
    gaps = []
    for theme in sorted(by_theme):
        gaps.append(theme)
        gaps.append(_bullets(by_theme[theme]))
    return Document(
        title=f"Learning summary: {record.title}",
        subtitle=f"Multi-agency case audit, {record.programme}",
        sections=[
            Section("background", "Background", " ".join(record.theme.split())),
            Section(
                "methodology",
                "Methodology",
                f"{_chosen(record)} {_agencies_audit(record, short=True)}; "
                f"{_agencies_met(record)} to agree the findings.",
                tables=[_cases_table(record)] if record.cases else [],
            ),
            Section(
                "findings",
                "Findings",
                "\n\n".join(
                    [
                        _found(record),
                        _bullets(_recurring(record)) if _recurring(record) else "",
                    ]
                ).strip(),
                figure=_theme_figure(record),
            ),
            Section(
                "working_well",
                "What is working well",
                _by_agency(record.strengths) or "No strengths have been recorded yet.",
            ),
            Section(
                "worries",
                "What we are worried about",
                _by_agency(record.concerns) or "No findings have been recorded yet.",
            ),
            Section(
                "gaps",
                "Gaps and improvements",
                "\n\n".join(gaps) or "No findings have been recorded yet.",
            ),
            Section(
                "next_steps",
                "Next steps and actions",
                _bullets([_item_text(i) for i in record.recommendations])
                if record.recommendations
                else "No recommendations have been recorded yet.",
            ),
        ],
    )


def key_messages(record: AuditRecord) -> Document:
    strengths = _across_first(record, "strengths")[:10]
    improve = _recurring(record) + _across_first(record, "concerns")[:10]
    practical = [" ".join(i.text.split()) for i in record.recommendations]
    return Document(
        title=f"Key messages for practitioners: {record.title}",
        subtitle=(
            f"From a multi-agency case audit of {_plural(len(record.cases), 'case')}, {record.programme}"
            if record.cases
            else f"From a multi-agency case audit, {record.programme}"
        ),
        sections=[
            Section("strengths", "What we saw working well", _bullets(strengths) or "No strengths recorded yet."),
            Section(
                "improvements", "Areas for improvement", _bullets(improve) or "No areas for improvement recorded yet."
            ),
            Section(
                "practical",
                "What this means for your practice",
                _bullets(practical) or "No practical messages recorded yet.",
            ),
        ],
    )


def seven_minute(record: AuditRecord) -> Document:
    concerns = _across_first(record, "concerns")
    strengths = _across_first(record, "strengths")
    themes = [name for name, _s, c, _k in record.theme_counts() if c][:3]
    # A theme is a label ("Think family", "Health"), quoted as one: no verb
    # before it reads as English for every name a partnership gives.
    questions = [f"What does ‘{name}’ look like in your team’s own cases?" for name in themes] or [
        "What would you do differently after reading this briefing?"
    ]
    questions.append("Who would you talk to if you were worried about a child in a case like these?")
    return Document(
        title=f"7 Minute Briefing: {record.title}",
        subtitle="For team meetings: seven short points to read and discuss together.",
        sections=[
            Section("background", "1. Background", f"{' '.join(record.theme.split())} {_intro(record)}"),
            Section(
                "why",
                "2. Why it matters",
                f"The partnership chose this theme for its {record.programme} programme. Learning from real cases "
                "shows where practice protects children well and where it needs to change.",
            ),
            Section("found_well", "3. What we found working well", _bullets(strengths[:5]) or "None recorded yet."),
            Section(
                "found_worries", "4. What we found needs to change", _bullets(concerns[:5]) or "None recorded yet."
            ),
            Section(
                "do",
                "5. What to do",
                _bullets([" ".join(i.text.split()) for i in record.recommendations][:5]) or "None recorded yet.",
            ),
            Section("questions", "6. Questions to reflect on", _bullets(questions)),
            Section(
                "more",
                "7. Find out more",
                "Read the full 6 Step Briefing for this audit, and talk to your safeguarding lead about what it "
                "means for your team.",
            ),
        ],
    )


def annual_report(record: YearRecord, *, partnership_name: str) -> Document:
    rows = [
        [
            a.title,
            " ".join(a.theme.split()),
            long_date(a.date) if a.date else "Not set",
            str(a.cases),
            str(a.children) if a.children is not None else NOT_RECORDED,
            a.stage,
        ]
        for a in record.audits
    ]
    found = []
    for a in record.audits:
        found.append(a.title)
        lines = [f"{_plural(a.strengths, 'strength')} and {_plural(a.concerns, 'finding')} recorded."]
        lines += [f"Recommended: {r}" for r in a.recommendations]
        lines += [f"Changed: {c}" for c in a.changes] or ["No agency has reported a change yet."]
        found.append(_bullets(lines))
    theme_figure = None
    if record.themes:
        # Every theme of the year, as "Themes over the years" shows them.
        theme_figure = Figure(
            title=f"Themes across {record.label}",
            # The recurrence pages' words and figures (``sources.year_themes``).
            summary=_year_theme_summary(record.label, record.themes),
            category_heading="Theme",
            categories=[t[0] for t in record.themes],
            series=[("Concerns", [t[2] for t in record.themes]), ("Strengths", [t[1] for t in record.themes])],
        )
    plan_text, plan_tables = _plan_section(record)
    impact_rows = [[i.output, uptake_cell(i.uptake), f"{i.meetings:,}", f"{i.staff:,}"] for i in record.impact]
    impact_changes = [c for i in record.impact for c in i.changes]
    next_rows = [[t, " ".join(theme.split()), long_date(d) if d else "Not set"] for t, theme, d in record.next_year]
    return Document(
        title=f"Annual quality assurance report {record.label}",
        subtitle=f"{partnership_name}: multi-agency case audits, April {record.year} to March {record.year + 1}",
        sections=[
            Section(
                "audits",
                "The audits held",
                _audits_held(record),
                tables=[
                    Table(
                        caption=f"Audits in {record.label}",
                        headings=["Audit", "Theme", "Meeting", "Cases", "Children", "Stage"],
                        rows=rows,
                    )
                ]
                if rows
                else [],
            ),
            Section(
                "found",
                "What each audit found and what changed",
                "\n\n".join(found) or "No audits were held this year.",
            ),
            Section(
                "themes",
                "Themes across the year",
                "Themes found in more than one audit are where the partnership’s learning should go first. "
                "Each theme counts the findings whose themes were confirmed, about a case or across cases, "
                "as the partnership’s theme pages do." + _in_more_than_one_audit(record)
                if record.themes
                else "No strengths or findings were tagged with themes this year.",
                figure=theme_figure,
            ),
            Section("action_plan", "The action plan", plan_text, tables=plan_tables),
            Section(
                "impact",
                "Impact: learning into practice",
                "\n\n".join(
                    filter(
                        None,
                        [
                            "What agencies did with the briefings they were given."
                            if impact_rows
                            else "No briefings were published this year.",
                            _bullets(impact_changes) if impact_changes else "",
                        ],
                    )
                ),
                tables=[
                    Table(
                        caption="Briefings used in practice",
                        headings=["Output", "Agencies reporting", "Team meetings", "Staff reached"],
                        rows=impact_rows,
                    )
                ]
                if impact_rows
                else [],
            ),
            Section(
                "next_year",
                "Next year’s programme",
                f"{_plural(len(next_rows), 'audit')} planned for the next programme year."
                if next_rows
                else "Next year’s programme has not been planned yet.",
                tables=[Table(caption="Audits planned", headings=["Audit", "Theme", "Meeting"], rows=next_rows)]
                if next_rows
                else [],
            ),
        ],
    )


def _in_more_than_one_audit(record: YearRecord) -> str:
    """Which themes the section's first sentence points to: those raised as
    a concern in more than one of the year's audits, in the chart's order."""
    names = [name for name, _strengths, _concerns, audits in record.themes if audits > 1]
    if names:
        return f"\n\nRaised as a concern in more than one of the year’s audits: {and_list(names)}."
    if len(record.audits) > 1:
        return "\n\nNo theme was raised as a concern in more than one of the year’s audits."
    return ""


def _audits_held(record: YearRecord) -> str:
    """How many audits, cases and children: a total of children only over the
    audits that recorded it, and saying which did not (never a total that
    silently counts an audit without the figure as none)."""
    audits = record.audits
    held = f"The partnership held {_plural(len(audits), 'audit')} in {record.label}"
    if any(a.progress != "held" for a in audits):
        # Drafted before the year's audits are all done: never "held" of an
        # audit whose meeting has not come.
        parts = [
            f"{sum(a.progress == progress for a in audits)} {progress}"
            for progress in ("held", "under way", "planned")
            if any(a.progress == progress for a in audits)
        ]
        held = f"The partnership has {_plural(len(audits), 'audit')} in {record.label} ({and_list(parts)})"
    if not audits:
        return f"{held}."
    cases = f"{held}, looking at {_plural(sum(a.cases for a in audits), 'case')}"
    known = [a for a in audits if a.children is not None]
    unknown = [a for a in audits if a.children is None]
    children = _plural(sum(a.children for a in known), "child", "children")
    if not unknown:
        return f"{cases} about {children}."
    not_recorded = f"The number of children is not recorded for {_titles(unknown)}"
    if not known:
        return f"{cases}. {not_recorded}."
    return f"{cases}. {not_recorded}; the other {_plural(len(known), 'audit')} looked at {children}."


def _titles(audits) -> str:
    titles = [f"‘{a.title}’" for a in audits]
    return titles[0] if len(titles) == 1 else f"{', '.join(titles[:-1])} and {titles[-1]}"


def _plan_section(record: YearRecord) -> tuple[str, list[Table]]:
    plan = record.plan
    if not plan:
        return record.plan_note, []
    text = (
        f"{_plan_parts(plan)}. {_plural(plan.get('overdue', 0), 'action is', 'actions are')} "
        f"overdue; {_plural(plan.get('closed_with_impact', 0), 'action was', 'actions were')} closed with evidence "
        "of impact."
    )
    rows = [[label, str(n)] for label, n in plan.get("by_status", {}).items()]
    tables = [Table(caption="Actions by status", headings=["Status", "Actions"], rows=rows)] if rows else []
    return text, tables


def _plan_parts(plan: dict) -> str:
    """The year's actions in parts that add up to them: those not yet closed,
    by RAG (closed and cancelled actions have none: ``actions.rag``), then the
    closed and the cancelled ones."""
    total = plan.get("total", 0)
    by_status = plan.get("by_status", {})
    closed = by_status.get(ActionStatus.CLOSED.label, 0)
    cancelled = by_status.get(ActionStatus.CANCELLED.label, 0)
    rag = plan.get("by_rag", {})
    parts = []
    if total - closed - cancelled:
        parts.append(
            f"{total - closed - cancelled} not yet closed ({rag.get('red', 0)} red, {rag.get('amber', 0)} amber "
            f"and {rag.get('green', 0)} green)"
        )
    parts += [f"{n} {word}" for n, word in ((closed, "closed"), (cancelled, "cancelled")) if n]
    return f"{_plural(total, 'action')} raised: {and_list(parts)}"


DRAFTERS = {
    Kind.SIX_STEP: six_step,
    Kind.LEARNING_SUMMARY: learning_summary,
    Kind.KEY_MESSAGES: key_messages,
    Kind.SEVEN_MINUTE: seven_minute,
}
