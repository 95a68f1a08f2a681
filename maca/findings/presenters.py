"""What the meeting and findings pages show: words, tags and tables, each
defined once."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from maca.core.presenters import NOTHING, date_time, written
from maca.findings import selectors
from maca.findings.models import AttendanceStatus, Finding, FindingKind, FindingSource, Polarity
from maca.findings.tagging import PolarityReason, Reason
from maca.findings.tagging import polarity as polarity_rules
from maca.partnerships.presenters import agency_name
from maca.programme.models import returns_called
from maca.returns.presenters import case_record_link

POLARITY_COLOURS = {Polarity.STRENGTH: "govuk-tag--green", Polarity.CONCERN: "govuk-tag--orange"}

# A case's grade before the meeting agrees one, on the meeting, the case and its discussion form alike.
NOT_AGREED = "Not agreed yet"


def agreed_grade_text(discussion) -> str:
    return discussion.agreed_grade_label if discussion and discussion.agreed_grade else NOT_AGREED


def long_date(value: dt.date | None) -> str:
    """``1 December 2026``, or a dash."""
    return f"{value:%-d %B %Y}" if value else NOTHING


def polarity_tag(polarity: str) -> str:
    return format_html('<strong class="govuk-tag {}">{}</strong>', POLARITY_COLOURS[polarity], Polarity(polarity).label)


def kind_text(finding: Finding) -> str:
    return "Good practice resulting from the audit" if finding.kind == FindingKind.GOOD_PRACTICE else ""


def themes_text(finding: Finding, offered: Collection[str] | None = None) -> str:
    """Confirmed themes, or how many suggestions wait for a person: only those
    the finding's page offers (``offered``: the keys of the partnership's
    current themes), not one of a theme retired since it was suggested."""
    tags = getattr(finding, "confirmed_tags", None) or []
    if finding.tags_confirmed_at is not None:
        return ", ".join(tag.theme.name for tag in tags) or "No themes"
    waiting = sum(1 for s in finding.suggestions if offered is None or s["theme"] in offered)
    return f"Not confirmed yet ({waiting} suggested)" if waiting else "Not confirmed yet"


def _offered_keys(findings) -> set[str] | None:
    """The keys of the current themes of the findings' partnership, read once
    for a table, and only when a finding waits with suggestions."""
    waiting = next((f for f in findings if f.tags_confirmed_at is None and f.suggestions), None)
    if waiting is None:
        return None
    return set(selectors.themes_of(waiting.partnership_id).values_list("key", flat=True))


SOURCE_WORDS = {
    FindingSource.RETURN: "From an agency’s return",
    FindingSource.MEETING: "Written at the meeting",
    FindingSource.IMPORTED: "Imported from a past audit",
}


def source_text(finding: Finding) -> str:
    """Where the finding came from, for the findings tables' "From" column."""
    if finding.source_return_id:
        # The return it was taken from, whichever agency the finding is now about.
        # A deep dive's is the agency's summative report across its cases.
        what = "return" if finding.source_return.audit_case_id else "summative report"
        return f"From {agency_name(finding.source_return.agency)}’s {what}"
    return SOURCE_WORDS.get(finding.source, finding.get_source_display())


def about_text(finding: Finding) -> str:
    """Where the finding came from and which agency it is about, as one
    sentence: the agency is named once when its own return is the source
    ("From Testshire Police’s return."), and both when they differ."""
    about = f", about {agency_name(finding.agency)}" if finding.agency_id else ""
    if finding.source_return_id and finding.source_return.agency_id == finding.agency_id:
        about = ""
    return f"{source_text(finding)}{about}."


# A typed straight quote that opens a quotation: at the start, or after a space or bracket.
_OPENING_QUOTE = re.compile(r"(?:(?<=^)|(?<=[\s(\[]))'(?=\S)")


def curly(text: str) -> str:
    """maca's own words with straight quote marks (its reasons quote the words
    found: "the words 'health visitor'") as they are printed: ‘health visitor’;
    an apostrophe inside a word (didn't) becomes ’ too."""
    return _OPENING_QUOTE.sub("‘", text).replace("'", "’")


def the_word_or_words(words) -> str:
    """How the pages introduce the words maca found: "the word" for one word,
    "the words" for several or for a phrase of more than one word ("the words
    'team manager'", "the words 'did not'"), for a theme's reasons and for a
    polarity's alike."""
    one = len(words) == 1 and not any(c.isspace() for c in words[0])
    return "the word" if one else "the words"


def _the_words(words: list[str], joined: str = ", ") -> str:
    """ "the word 'father'", "the words 'team manager'", "the words 'a', 'b'"."""
    return f"{the_word_or_words(words)} " + joined.join(f"'{word}'" for word in words)


def reasons_text(reasons) -> str:
    """A theme's reasons as one line, each said once, in the order given: the
    same words while a finding is typed, beside its box once it is saved, and
    kept with a confirmed tag (``FindingTag.reason``). ``reasons``: as data,
    the tagger's (``suggesting.distinct_reasons``) or as a finding keeps them
    (``tagging.Reason.as_stored``); said from their parts, never from the
    tagger's words for them. The words found are gathered where the first of
    them stands ("the words 'supervision', 'team manager'; like the confirmed
    example ..."), and a word an example is quoted for is quoted there only
    ("the word 'father', as in the confirmed example ..."). Only how they are
    put: which reasons there are is the tagger's."""
    said: list[Reason] = []
    seen: list[dict] = []
    for reason in reasons:
        if isinstance(reason, str):
            # Written by a process older than migration 0014 while it ran (a rolling
            # deploy): shown as it was, never read for its parts.
            reason = Reason("text", reason)
        elif not isinstance(reason, Reason):
            reason = Reason.from_stored(reason)
        if (stored := reason.as_stored()) not in seen:
            seen.append(stored)
            said.append(reason)
    quoted_by_examples = {
        word.casefold() for reason in said if reason.kind == "example" for word in reason.learned_words
    }
    parts: list[str | None] = []
    words: dict[str, str] = {}
    words_at = None
    for reason in said:
        if reason.kind == "words":
            if reason.evidence.casefold() not in quoted_by_examples:
                words.setdefault(reason.evidence.casefold(), reason.evidence)
            if words_at is None:
                words_at = len(parts)
                parts.append(None)
        else:
            parts.append(_reason_said(reason))
    if words_at is not None:
        parts[words_at] = _the_words(list(words.values())) if words else None
    return "; ".join(curly(part) for part in parts if part is not None)


def _reason_said(reason: Reason) -> str:
    """One reason other than the words found, with straight quotes (``curly`` turns them)."""
    if reason.kind == "alike":
        return f"alike in meaning to statements on this theme, such as '{reason.evidence}' ({reason.likeness}% alike)"
    if reason.kind == "example":
        example = f"the confirmed example '{reason.evidence}'"
        if reason.likeness is not None:
            shared = " and ".join(f"'{word}'" for word in reason.learned_words)
            return f"like {example} ({reason.likeness}% alike{f'; both say {shared}' if shared else ''})"
        if reason.learned_words:
            return f"{_the_words(list(reason.learned_words), ' and ')}, as in {example}"
        return f"like {example}"
    # From before reasons were kept as data: the words the page showed (migration 0014).
    return reason.evidence


# What maca noticed about a statement's form, as the pages say it
# (``PolarityReason.noticed``; an instruction is said with its opening word).
NOTICED_WORDS = {
    polarity_rules.RESOURCE: "names a resource in place",
    polarity_rules.PRAISE_LABEL: "a label that opens with praise",
    polarity_rules.NO_VERB: "a theme named without a verb",
    polarity_rules.QUESTION: "a question",
}


def polarity_said(polarity: str, reason: PolarityReason | Mapping | None) -> str:
    """maca's polarity with its reason, the polarity said once: "a concern: the
    words ‘not’, ‘did not’", "a concern: written in the worries field".
    ``reason``: the suggestion's ``polarity_basis``, or as a finding keeps it
    (``Finding.suggested_polarity_basis``); said from its parts, never from
    the tagger's words for it."""
    if isinstance(reason, str):
        raise TypeError("polarity_said takes the reason as data (a PolarityReason), not in words")
    said = f"a {Polarity(polarity).label.lower()}" if polarity in Polarity.values else ""
    if not isinstance(reason, PolarityReason):
        reason = PolarityReason.from_stored(reason)
    because = _because(reason) if reason is not None else ""
    if not because:
        return said
    return f"{said}: {because}" if said else because


# Where an answer taken from a return was written (``suggesting.field_of``), in
# words that fit every shipped tool's question: "What are we worried about?",
# "What needs to improve?", "What is working well?", "What worked well?".
FIELD_SAID = {
    "strengths": "written as something working well",
    "worries": "written as a worry or something that needs to improve",
}


def _because(reason: PolarityReason) -> str:
    if reason.kind == "field":
        return FIELD_SAID.get(reason.field, f"written in the {reason.field} field")
    if reason.kind == "cues":
        parts = []
        if reason.words:
            parts.append(f"{the_word_or_words(reason.words)} " + ", ".join(f"‘{word}’" for word in reason.words))
        for item in reason.noticed:
            if item == polarity_rules.INSTRUCTION:
                parts.append(curly(f"an instruction ('{reason.instruction}')"))
            else:
                parts.append(NOTICED_WORDS[item])
        return "; ".join(parts)
    if reason.kind == "default":
        return "no sign of good practice: findings are concerns unless they say otherwise"
    if reason.kind == "example":
        example = curly(f"'{reason.example}'")
        return f"like the confirmed example {example} ({reason.likeness}% alike), confirmed as a {reason.polarity}"
    # From before reasons were kept as data: the words the page showed (migration 0009).
    return reason.text


def identifiers_warning(found: list[str], *, confirmed: bool) -> str:
    """The finding page's warning when its words may name or identify someone
    (``extensions.identifiers_in``): what was found, and what to do. Empty
    when nothing was."""
    if not found:
        return ""
    listed = ", ".join(f"‘{words}’" for words in found)
    them = "them" if len(found) > 1 else "that"
    if confirmed:
        then = f"It is confirmed, so the board reads it: change its words to leave {them} out."
    else:
        then = f"Write it without {them} before it is confirmed."
    return f"This finding may name or identify a person: {listed}. {then}"


def cases_word(n: int) -> str:
    return f"{n} case{'s' if n != 1 else ''}"


def count_text(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def meeting_summary(meeting, *, can_edit: bool, audit) -> list[dict]:
    change = (
        {
            "items": [
                {"href": reverse("findings:meeting_edit", args=[audit.pk]), "text": "Change", "visuallyHiddenText": ""}
            ]
        }
        if can_edit
        else None
    )
    rows = [
        ("Date of the meeting", {"text": long_date(meeting.held_on if meeting else None)}),
        (f"Quality of the {returns_called(audit.kind)}", written(meeting.returns_quality if meeting else "")),
        ("Was it well attended?", written(meeting.attendance_judgement if meeting else "")),
        ("Other notes on the audit", written(meeting.notes if meeting else "")),
    ]
    result = []
    for key, value in rows:
        row = {"key": {"text": key}, "value": value}
        if change:
            row["actions"] = {"items": [{**change["items"][0], "visuallyHiddenText": key.lower()}]}
        result.append(row)
    return result


def attendance_table(attendance) -> dict:
    return {
        "caption": "Who came",
        "captionClasses": "govuk-visually-hidden",
        "head": [{"text": "Agency"}, {"text": "Attendance"}, {"text": "Who"}],
        "rows": [
            [{"text": agency_name(a.agency)}, {"text": AttendanceStatus(a.status).label}, {"text": a.people or NOTHING}]
            for a in attendance
        ],
    }


@dataclass(frozen=True)
class Grouped:
    """An audit's or a case's findings as every page heads them: strengths
    found in the cases, good practice resulting from the audit (a strength of
    its own kind, step 6 of the briefing) and concerns."""

    strengths: list
    good_practice: list
    concerns: list


def grouped(findings) -> Grouped:
    result = Grouped([], [], [])
    for f in findings:
        if f.kind == FindingKind.GOOD_PRACTICE:
            result.good_practice.append(f)
        elif f.polarity == Polarity.STRENGTH:
            result.strengths.append(f)
        else:
            result.concerns.append(f)
    return result


def meeting_cases_table(audit, audit_cases, discussions, findings_by_case, concerns=()) -> dict:
    flagged: dict[int, int] = {}
    for concern in concerns:
        flagged[concern.audit_case_id] = flagged.get(concern.audit_case_id, 0) + 1
    rows = []
    for audit_case in audit_cases:
        found = findings_by_case.get(audit_case.pk, [])
        groups = grouped(found)
        unconfirmed = sum(1 for f in found if f.tags_confirmed_at is None)
        discussion = discussions.get(audit_case.pk)
        link = format_html(
            '<a class="govuk-link" href="{}">Case {}</a>',
            reverse("findings:case", args=[audit.pk, audit_case.pk]),
            audit_case.number,
        )
        rows.append(
            [
                {"html": link},
                {"text": ", ".join(agency_name(a.agency) for a in audit_case.current_assignments) or NOTHING},
                {"text": agreed_grade_text(discussion)},
                {"text": str(len(groups.strengths)), "format": "numeric"},
                {"text": str(len(groups.good_practice)), "format": "numeric"},
                {"text": str(len(groups.concerns)), "format": "numeric"},
                {"text": str(unconfirmed), "format": "numeric"},
                {"text": str(flagged.get(audit_case.pk, 0)), "format": "numeric"},
            ]
        )
    return {
        # The page heads the table itself ("Cases"): the caption is for screen readers.
        "caption": "Cases",
        "captionClasses": "govuk-visually-hidden",
        "head": [
            {"text": "Case"},
            {"text": "Agencies"},
            {"text": "Agreed grade"},
            {"text": "Strengths", "format": "numeric"},
            {"text": "Good practice", "format": "numeric"},
            {"text": "Concerns", "format": "numeric"},
            {"text": "Themes to confirm", "format": "numeric"},
            {"text": "Immediate concerns", "format": "numeric"},
        ],
        "rows": rows,
    }


def findings_table(
    findings, *, caption: str, audit_pk: int | None, show_case: bool = False, caption_hidden: bool = False
) -> dict:
    """Strengths and findings; with ``audit_pk`` each links to its themes page.
    ``caption_hidden``: the page's heading already says it; the caption is for screen readers."""
    findings = list(findings)
    offered = _offered_keys(findings)
    rows = []
    for f in findings:
        # The text as typed, its paragraphs kept; then what kind of finding it is.
        text = format_html(
            "{}{}",
            written(f.text).get("html", NOTHING),
            format_html('<p class="govuk-hint govuk-!-margin-bottom-0">{}</p>', kind_text(f)) if kind_text(f) else "",
        )
        if audit_pk is not None:
            # Said to a screen reader by what the row shows (its opening words),
            # never by a number that appears nowhere on the page.
            link = format_html(
                '<a class="govuk-link" href="{}">Themes and changes'
                '<span class="govuk-visually-hidden"> for ‘{}’</span></a>',
                reverse("findings:finding", args=[audit_pk, f.pk]),
                Truncator(" ".join(f.text.split())).words(8),
            )
        row = []
        if show_case:
            row.append({"text": f"Case {f.audit_case.number}" if f.audit_case_id else "Across cases"})
        row += [
            {"html": polarity_tag(f.polarity)},
            {"html": text},
            {"text": agency_name(f.agency) if f.agency_id else NOTHING},
            {"text": themes_text(f, offered)},
        ]
        if audit_pk is not None:
            row += [{"text": source_text(f)}, {"html": link}]
        rows.append(row)
    head = [{"text": "Case"}] if show_case else []
    head += [{"text": "Strength or concern"}, {"text": "What was agreed"}, {"text": "Agency"}, {"text": "Themes"}]
    if audit_pk is not None:
        head += [{"text": "From"}, {"html": '<span class="govuk-visually-hidden">Actions</span>'}]
    classes = "govuk-visually-hidden" if caption_hidden else "govuk-table__caption--m"
    return {"caption": caption, "captionClasses": classes, "head": head, "rows": rows}


def concerns_table(concerns, *, opens=lambda concern: True, show_audit: bool = False, case_records=None) -> dict:
    """``opens``: whether the reader may open a concern's page (``access.concern_opener``);
    the others are named without a link. ``show_audit``: an Audit column, for
    concerns of several audits. ``case_records``: the cases (``case_id``) whose
    record the reader may open, to name each case by its reference too (linked
    there where it opens); ``None``: case numbers only."""
    rows = []
    for c in concerns:
        words = f"Case {c.audit_case.number}"
        if opens(c):
            case = format_html(
                '<a class="govuk-link" href="{}">{}</a>', reverse("findings:concern", args=[c.pk]), words
            )
        else:
            case = format_html("{}", words)
        if case_records is not None:
            case += format_html(" ({})", case_record_link(c.audit_case, opens=c.audit_case.case_id in case_records))
        rows.append(
            ([{"text": c.audit.title}] if show_audit else [])
            + [
                {"html": case},
                {"text": agency_name(c.agency)},
                {"text": date_time(c.raised_at)},
                {"text": concern_status(c)},
            ]
        )
    head = [{"text": "Case"}, {"text": "Agency to act"}, {"text": "Raised"}, {"text": "Status"}]
    return {
        # Each page heads the table itself ("Immediate safeguarding concerns"): the caption is for screen readers.
        "caption": "Immediate concerns",
        "captionClasses": "govuk-visually-hidden",
        "head": ([{"text": "Audit"}] if show_audit else []) + head,
        "rows": rows,
    }


def case_rows(audit, audit_case, *, opens_record: bool) -> list[dict]:
    """Which child a page is about, as summary-list rows: the audit, the case's
    number in it and its reference (linked to the case's record where the
    reader may open it: ``opens_record``). A case number alone is not enough:
    every audit has a case 2."""
    return [
        {"key": {"text": "Audit"}, "value": {"text": audit.title}},
        {"key": {"text": "Case number"}, "value": {"text": str(audit_case.number)}},
        {"key": {"text": "Case reference"}, "value": {"html": case_record_link(audit_case, opens=opens_record)}},
    ]


def concern_status(concern) -> str:
    if concern.acknowledged_at:
        who = concern.acknowledged_by.full_name if concern.acknowledged_by_id else "the agency"
        return f"Acknowledged by {who}, {date_time(concern.acknowledged_at)}"
    if concern.alert_sent_at:
        return "Sent to the agency, not yet acknowledged"
    return "Not sent: the agency has no lead to e-mail. Telephone them."


def concern_summary(concern, *, opens_record: bool, more=()) -> list[dict]:
    """``opens_record``: whether the reader may open the case's record
    (:func:`case_rows`); ``more``: rows the apps above add (its urgent action)."""
    rows = [
        ("Agency to act", {"text": agency_name(concern.agency)}),
        ("What was found", written(concern.what_was_found)),
        ("Raised by", {"text": f"{concern.raised_by.full_name}, {date_time(concern.raised_at)}"}),
        ("Act by", {"text": long_date(concern.respond_by)}),
        ("E-mailed to", {"text": ", ".join(concern.alert_recipients) or "Nobody: the agency has no lead"}),
        ("Status", {"text": concern_status(concern)}),
    ]
    if concern.acknowledged_at:
        rows.append(("What the agency is doing", written(concern.acknowledgement)))
    return (
        case_rows(concern.audit, concern.audit_case, opens_record=opens_record)
        + [{"key": {"text": k}, "value": v} for k, v in rows]
        + list(more)
    )


def feedback_table(feedback, *, caption_hidden: bool = False) -> dict:
    """``caption_hidden``: the page's heading already says it; the caption is for screen readers."""
    return {
        "caption": "Feedback to practitioners",
        "captionClasses": "govuk-visually-hidden" if caption_hidden else "govuk-table__caption--m",
        "head": [
            {"text": "Agency"},
            {"text": "Given"},
            {"text": "To"},
            {"text": "What was fed back"},
            {"text": "Recorded by"},
        ],
        "rows": [
            [
                {"text": agency_name(f.agency)},
                {"text": long_date(f.given_on)},
                {"text": f.given_to or NOTHING},
                written(f.what_was_fed_back),
                {"text": f.given_by.full_name},
            ]
            for f in feedback
        ],
    }


def themes_table(themes) -> dict:
    rows = []
    for t in themes:
        link = format_html(
            '<a class="govuk-link" href="{}">{}</a>', reverse("findings:theme_edit", args=[t.pk]), t.name
        )
        rows.append(
            [
                {"html": link},
                {"text": t.description or NOTHING},
                {"html": format_html('<code class="maca-code">{}</code>', t.key)},
                {"text": "Retired" if t.is_retired else ("Default" if t.is_default else "Added by the partnership")},
                {"text": str(t.uses), "format": "numeric"},
            ]
        )
    return {
        "caption": "Themes",
        "captionClasses": "govuk-visually-hidden",
        "head": [
            {"text": "Theme"},
            {"text": "What it covers"},
            {"text": "Key in files of past audits"},
            {"text": "Status"},
            {"text": "Findings", "format": "numeric"},
        ],
        "rows": rows,
    }


RETIRED_HINT = "Retired: it is no longer offered, so once unticked it cannot be added back."


def suggestion_hints(finding: Finding, themes_by_key: dict) -> dict[str, str]:
    """Beside each box of the finding's page: why maca suggested the theme,
    and for a retired theme the finding keeps, that it cannot be added back
    once unticked. ``themes_by_key``: the themes the page offers."""
    hints: dict[str, list[str]] = {}
    for s in finding.suggestions:
        hints.setdefault(s["theme"], []).append(f"Suggested by maca: {reasons_text(s['reasons']) or 'its words'}.")
    for key, theme in themes_by_key.items():
        if theme.is_retired:
            hints.setdefault(key, []).append(RETIRED_HINT)
    return {key: " ".join(said) for key, said in hints.items()}


def reasons_list(finding: Finding, themes_by_key: dict):
    return format_html_join(
        "",
        "<li><strong>{}</strong>: {}</li>",
        (
            (
                themes_by_key[s["theme"]].name if s["theme"] in themes_by_key else s["theme"],
                reasons_text(s["reasons"]),
            )
            for s in finding.suggestions
        ),
    )


def grades_given_table(given) -> dict:
    """The grades the agencies gave (``selectors.grades_given``), each linked
    to its return where the person may open it."""
    rows = []
    for row in given.rows:
        if row.return_record is None:
            grade = "Return not submitted"
        else:
            grade = row.grade or "No grade given"
        link = (
            format_html(
                '<a class="govuk-link" href="{}">See the return<span class="govuk-visually-hidden"> of {}</span></a>',
                reverse("returns:detail", args=[row.return_record.pk]),
                agency_name(row.agency),
            )
            if row.may_open
            else ""
        )
        rows.append([{"text": agency_name(row.agency)}, {"text": grade}, {"html": link} if link else {"text": ""}])
    return {
        "caption": "Grades the agencies gave",
        "captionClasses": "govuk-table__caption--m",
        "head": [
            {"text": "Agency"},
            {"text": "Grade in its return"},
            {"html": '<span class="govuk-visually-hidden">Return</span>'},
        ],
        "rows": rows,
    }


# Themes not confirmed yet, before the audit moves on --------------------------------------------

THEMES_TO_CONFIRM_ID = "themes-to-confirm"


def unconfirmed_words(count: int) -> str:
    """How many strengths and findings wait for a person to confirm their
    themes, as the meeting page and the move of the audit say it."""
    if count == 1:
        return "1 strength or finding has themes nobody has confirmed yet"
    return f"{count} strengths and findings have themes nobody has confirmed yet"


def unconfirmed_findings(audit_cases, by_case) -> list[Finding]:
    """The audit's findings whose themes are not confirmed yet, case by case
    (its current cases), then across cases: as many as ``selectors.unconfirmed_count``."""
    order = [audit_case.pk for audit_case in audit_cases] + [None]
    return [f for key in order for f in by_case.get(key, []) if f.tags_confirmed_at is None]


def themes_unconfirmed_warnings(audit) -> list:
    """Said before the move to 'Writing up' and to 'Actions' (``stages.register_warning``):
    reports count confirmed themes only, so a finding whose themes nobody
    confirmed counts in none. Warned, not refused: the QA officer may have
    reasons to move on, and says so with "Move on anyway"."""
    from maca.programme.models import Stage
    from maca.programme.stages import StageWarning

    count = selectors.unconfirmed_count(audit)
    if not count:
        return []
    them, its = ("it", "its") if count == 1 else ("them", "their")
    if audit.stage == Stage.WRITING_UP:
        # The move to 'Actions' ends the recording of the meeting (access.RECORDING_STAGES).
        text = (
            f"{unconfirmed_words(count)}. Reports count only confirmed themes, and from ‘{Stage.ACTIONS.label}’ on "
            f"the meeting can no longer be changed: if the audit moves on now, no report will ever count {them}."
        )
    else:
        text = (
            f"{unconfirmed_words(count)}. Reports count only confirmed themes: "
            f"until a person confirms {its} themes, no report counts {them}."
        )
    return [
        StageWarning(
            text=text,
            link_text="See the strengths and findings whose themes are not confirmed",
            url=reverse("findings:meeting", args=[audit.pk]) + f"#{THEMES_TO_CONFIRM_ID}",
        )
    ]
