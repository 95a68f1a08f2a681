"""The outputs of one audit: the 6 Step Briefing, the learning summary,
the key messages and the 7 Minute Briefing (``DRAFTERS``)."""

from __future__ import annotations

from collections import defaultdict

from maca.programme.models import AuditKind, places_called
from maca.publications.document import Document, Section
from maca.publications.drafting._common import (
    _bullets,
    _none_yet,
    _plural,
)
from maca.publications.drafting.audit_parts import (
    _across_first,
    _agencies_audit,
    _agencies_met,
    _cases_table,
    _chosen,
    _found,
    _found_in_a_deep_dive,
    _intro,
    _item_text,
    _per_case,
    _recurring,
    _sentence_start,
    _theme_figure,
)
from maca.publications.models import Kind
from maca.publications.sources import AuditRecord, Item


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
    no_strengths = _none_yet(record, "No strengths have been recorded yet.", "strengths")
    no_concerns = _none_yet(record, "No findings have been recorded yet.", "concerns")
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
                            _bullets(good)
                            if good
                            else _none_yet(record, "No good practice has been recorded yet.", "good_practice"),
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
                _by_agency(record.strengths) or _none_yet(record, "No strengths have been recorded yet.", "strengths"),
            ),
            Section(
                "worries",
                "What we are worried about",
                _by_agency(record.concerns) or _none_yet(record, "No findings have been recorded yet.", "concerns"),
            ),
            Section(
                "gaps",
                "Gaps and improvements",
                "\n\n".join(gaps) or _none_yet(record, "No findings have been recorded yet.", "concerns"),
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
            Section(
                "strengths",
                "What we saw working well",
                _bullets(strengths) or _none_yet(record, "No strengths recorded yet.", "strengths"),
            ),
            Section(
                "improvements",
                "Areas for improvement",
                _bullets(improve) or _none_yet(record, "No areas for improvement recorded yet.", "concerns"),
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
            Section(
                "found_well",
                "3. What we found working well",
                _bullets(strengths[:5]) or _none_yet(record, "None recorded yet.", "strengths"),
            ),
            Section(
                "found_worries",
                "4. What we found needs to change",
                _bullets(concerns[:5]) or _none_yet(record, "None recorded yet.", "concerns"),
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


DRAFTERS = {
    Kind.SIX_STEP: six_step,
    Kind.LEARNING_SUMMARY: learning_summary,
    Kind.KEY_MESSAGES: key_messages,
    Kind.SEVEN_MINUTE: seven_minute,
}
