"""Returns, tracking and counts as GOV.UK component parameters."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from maca.core.presenters import NOTHING, counted, date_time, long_date, short_date, written
from maca.partnerships.presenters import agency_name
from maca.returns import figures, sections
from maca.returns.counting import ALL_AGENCIES, NumberCount
from maca.returns.models import ReturnStatus
from maca.returns.services import normalised
from maca.tools.answers import display_value, unanswered_message
from maca.tools.models import QuestionKind

STATUS_COLOURS = {
    ReturnStatus.NOT_STARTED: "grey",
    ReturnStatus.DRAFT: "yellow",
    ReturnStatus.SUBMITTED: "blue",
    ReturnStatus.RETURNED: "orange",
    ReturnStatus.ACCEPTED: "green",
    ReturnStatus.WITHDRAWN: "red",
}


def status_tag(status: str) -> str:
    status = ReturnStatus(status)
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', STATUS_COLOURS[status], status.label)


def where(return_record) -> str:
    return f"Case {return_record.audit_case.number}" if return_record.audit_case_id else "All its cases"


def _return_by(return_record) -> dict:
    """The deadline, marked late as the agency's returns mark it."""
    deadline = return_record.audit.return_deadline
    if figures.return_is_late(return_record, timezone.localdate()):
        return {"html": late_deadline(deadline, long=True)}
    return {"text": long_date(deadline)}


def return_summary(return_record, *, last_save=None) -> list[dict]:
    """``last_save``: the return's latest revision of answers (None: never
    saved). Sending back, accepting or withdrawing changes no answer, so they
    do not count as saves."""
    rows = [
        {"key": {"text": "Audit"}, "value": {"text": return_record.audit.title}},
        {"key": {"text": "Agency"}, "value": {"text": agency_name(return_record.agency)}},
        {"key": {"text": "Case"}, "value": {"text": where(return_record)}},
        {"key": {"text": "Status"}, "value": {"html": status_tag(return_record.status)}},
        {"key": {"text": "Return by"}, "value": _return_by(return_record)},
        {
            "key": {"text": "Audit tool"},
            "value": {"text": f"{return_record.tool_version.tool.name}, version {return_record.tool_version.number}"},
        },
    ]
    if last_save is not None:
        rows.append(
            {
                "key": {"text": "Last saved"},
                "value": {
                    "text": date_time(last_save.saved_at)
                    + (f" by {last_save.actor.full_name}" if last_save.actor else "")
                },
            }
        )
    if return_record.withdrawn_reason and return_record.status == ReturnStatus.WITHDRAWN:
        rows.append({"key": {"text": "Withdrawn because"}, "value": written(return_record.withdrawn_reason)})
    return rows


def _is_text(question) -> bool:
    return question is not None and question.kind == QuestionKind.TEXT


def answer_value(question, value, *, empty: str = NOTHING) -> dict:
    """An answer as a summary list's or table's value: typed text keeps its
    paragraphs and line breaks (escaped); anything else is as it reads."""
    if value in (None, "", []):
        return {"text": empty}
    if _is_text(question):
        return written(display_value(question, value))
    return {"text": display_value(question, value) if question else str(value)}


def transitions_table(transitions) -> dict:
    rows = [
        [
            {"text": date_time(t.occurred_at), "classes": "maca-nowrap"},
            {"text": f"{ReturnStatus(t.from_status).label} → {ReturnStatus(t.to_status).label}"},
            {"text": t.actor.full_name if t.actor else "maca"},
            written(t.comment),
        ]
        for t in transitions
    ]
    return {
        "caption": "What has happened to this return",
        "captionClasses": "govuk-table__caption--m",
        "head": [{"text": "When"}, {"text": "Change"}, {"text": "Who"}, {"text": "Comment"}],
        "rows": rows,
        "classes": "maca-table--compact",
    }


def history_rows(revisions, questions: dict) -> list[dict]:
    """Who changed which answer, when: one entry per saved version, its answers
    in the order the form asks them (``questions`` is in form order; a key the
    version no longer asks comes last). Text that differs only in its line
    endings (a browser sends "\\r\\n", the autosave "\\n") is the same text, so
    it is not shown as a change."""
    entries = []
    previous: dict = {}
    asked = {key: position for position, key in enumerate(questions)}

    for revision in revisions:
        changes = []
        for key in sorted(revision.changed_keys, key=lambda key: asked.get(key, len(asked))):
            question = questions.get(key)
            label = question.text if question else key
            before, after = previous.get(key), revision.answers.get(key)
            if normalised(before) == normalised(after):
                continue
            if _is_text(question):
                value = {
                    "html": format_html(
                        '<p class="govuk-body govuk-!-margin-bottom-1"><strong>Before:</strong></p>{}'
                        '<p class="govuk-body govuk-!-margin-bottom-1"><strong>After:</strong></p>{}',
                        _html_of(answer_value(question, before)),
                        _html_of(answer_value(question, after)),
                    )
                }
            else:
                value = {"text": f"{answer_value(question, before)['text']} → {answer_value(question, after)['text']}"}
            changes.append({"key": {"text": label}, "value": value})
        who = revision.actor.full_name if revision.actor else "maca"
        entries.append(
            {
                "version": revision.version,
                "when": date_time(revision.saved_at),
                "who": who,
                "at": revision.saved_at,
                "title": f"Version {revision.version}: {who}, {date_time(revision.saved_at)}",
                "rows": changes,
                "nothing": "No answers changed.",
            }
        )
        previous = revision.answers
    return list(reversed(entries))


def every_change(revisions, questions: dict, chronology_changes) -> list[dict]:
    """The return's "Every change" page: each save of its answers
    (:func:`history_rows`) and each change to its chronology
    (``chronology_selectors.changes_of``), newest first, in the order they
    were made."""
    from maca.returns.chronology_presenters import change_entries

    entries = history_rows(revisions, questions) + change_entries(chronology_changes)
    # Stable: two made at the same moment keep each list's own order.
    return sorted(entries, key=lambda entry: entry["at"], reverse=True)


def _html_of(value: dict):
    if "html" in value:
        return value["html"]
    return format_html('<p class="govuk-body govuk-!-margin-bottom-2">{}</p>', value["text"])


def case_record_link(audit_case, *, opens: bool = True) -> str:
    """A case's reference, linked to the case's record (with the identifiers
    for finding the agency's own records) where the person may open it
    (``opens``: ``selection.selectors.visible_cases`` holds the case); the
    reference alone where not. The returns and the findings pages both name
    a case by its reference this way."""
    if not opens:
        return format_html("{}", audit_case.case.reference)
    return format_html(
        '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden">: the case’s record</span></a>',
        reverse("pool:case", args=[audit_case.case_id]),
        audit_case.case.reference,
    )


def late_deadline(deadline: dt.date, *, long: bool = False) -> str:
    """A late return's "Return by" date: ``7 Mar 2027 (late)``, marked. The
    agency's returns and its cases to audit (``selection.extensions``) write
    it this way; the return's own summary (``long``) as ``7 March 2027 (late)``."""
    day = long_date(deadline) if long else short_date(deadline)
    return format_html('<span class="maca-overdue">{} ({})</span>', day, figures.LATE.lower())


def my_returns_table(returns, *, today: dt.date) -> dict:
    rows = []
    for r in returns:
        deadline = r.audit.return_deadline
        late = figures.return_is_late(r, today)
        rows.append(
            [
                {"text": r.audit.title},
                {
                    # The return, and (for a case) the case's record with the identifiers
                    # for finding the agency's own records: one list for both.
                    # Several audits each have a "Case 1": the audit and the agency, for
                    # screen readers, tell the links apart (both already in the row).
                    "html": format_html(
                        '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden"> – {}, {}</span></a>',
                        reverse("returns:detail", args=[r.pk]),
                        where(r),
                        r.audit.title,
                        agency_name(r.agency),
                    )
                    + (format_html(" ({})", case_record_link(r.audit_case)) if r.audit_case_id else "")
                },
                {"text": agency_name(r.agency)},
                {"html": status_tag(r.status)},
                {"html": late_deadline(deadline) if late else format_html("{}", short_date(deadline))},
            ]
        )
    return {
        "caption": "Your agency’s returns",
        "captionClasses": "govuk-visually-hidden",
        "head": [{"text": "Audit"}, {"text": "Case"}, {"text": "Agency"}, {"text": "Status"}, {"text": "Return by"}],
        "rows": rows,
        "classes": "maca-table--compact",
    }


_SOME_PK = 987654321


def grid_table(grid, *, overdue: bool) -> dict:
    """The response grid turned (ADR 0014): an agency a row, a case a column."""
    head = [{"text": "Agency"}] + [{"text": label} for label in grid.case_labels()]
    # An audit of 60 cases and 12 agencies has 720 cells: each status's tag,
    # and the return's address, are made once and filled in for each cell.
    address = reverse("returns:detail", args=[_SOME_PK]).replace(str(_SOME_PK), "{pk}")
    fragments: dict[tuple[str, bool], str] = {}
    rows = []
    for agency, cells in grid.by_agency():
        # Its download's rows say the same (``exports.grid_tables``): a sub-unit by its own name.
        row = [{"text": agency.name}]
        for cell in cells:
            if cell is None:
                row.append({"text": NOTHING})
                continue
            key = (cell.status, grid.is_late(cell))
            if key not in fragments:
                fragments[key] = format_html(
                    '<a class="govuk-link" href="{}">{}</a>{}',
                    address,
                    status_tag(cell.status),
                    format_html(' <span class="maca-overdue">{}</span>', figures.LATE) if key[1] else "",
                )
            row.append({"html": mark_safe(fragments[key].replace("{pk}", str(cell.pk), 1))})
        rows.append(row)
    return {
        "caption": "Returns by agency and case",
        "captionClasses": "govuk-visually-hidden",
        "firstCellIsHeader": True,
        "head": head,
        "rows": rows,
        "classes": "maca-table--compact",
    }


def responses_table(grid, *, can_remind: bool, csrf_token: str, audit_pk: int, unreachable=frozenset()) -> dict:
    """``unreachable``: ids of the agencies no reminder can reach (no lead):
    they are offered no reminder, but a link to how to get them a lead."""
    rows = []
    for response in grid.responses:
        text = f"{response.responded} of {response.total} return{'s' if response.total != 1 else ''}"
        if response.sub_units:
            text += (
                f" (responses from {len(response.sub_units_responded)} of {len(response.sub_units)} "
                f"{'sub-units' if len(response.sub_units) != 1 else 'sub-unit'})"
            )
        action = ""
        if can_remind and response.outstanding and response.agency.pk in unreachable:
            action = format_html(
                '<a class="govuk-link" href="#unreachable">No lead to remind'
                '<span class="govuk-visually-hidden"> at {}</span></a>',
                response.agency.name,
            )
        elif can_remind and response.outstanding:
            action = format_html(
                '<form method="post" action="{}" class="maca-inline-form">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
                '<input type="hidden" name="agency" value="{}">'
                '<button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" '
                'data-module="govuk-button">Send a reminder<span class="govuk-visually-hidden"> to {}</span>'
                "</button></form>",
                reverse("returns:remind", args=[audit_pk]),
                csrf_token,
                response.agency.pk,
                response.agency.name,
            )
        rows.append(
            [
                {"text": response.agency.name},
                {"text": text},
                {
                    "html": format_html('<span class="maca-overdue">{}</span>', response.outstanding)
                    if response.outstanding and grid.overdue
                    else format_html("{}", response.outstanding),
                    "format": "numeric",
                },
                {"html": action},
            ]
        )
    return {
        "caption": "Responses by agency",
        "captionClasses": "govuk-table__caption--m",
        "firstCellIsHeader": True,
        "head": [
            {"text": "Agency"},
            {"text": "Responded"},
            {"text": "Outstanding", "format": "numeric"},
            {"html": '<span class="govuk-visually-hidden">Actions</span>'},
        ],
        "rows": rows,
        "classes": "maca-table--compact",
    }


def _shared_emails(reminders) -> dict:
    """For automatic reminders without an e-mail of their own, the e-mail of
    the same day's reminder to the same agency that carried them: two queries."""
    from maca.notifications.selectors import delivery_of
    from maca.returns.models import Reminder, ReminderKind

    wanted = [r for r in reminders if r.kind != ReminderKind.MANUAL]
    if not wanted:
        return {}
    siblings = list(
        Reminder.objects.filter(
            partnership_id=wanted[0].partnership_id,
            agency_id__in={r.agency_id for r in wanted},
            due_on__in={r.due_on for r in wanted},
        ).exclude(kind=ReminderKind.MANUAL)
    )
    emails = delivery_of(siblings)
    by_day = {(s.agency_id, s.due_on): emails[s.pk] for s in siblings if s.pk in emails}
    return {r.pk: by_day[(r.agency_id, r.due_on)] for r in wanted if (r.agency_id, r.due_on) in by_day}


def reminders_table(reminders) -> dict:
    """Each reminder with its e-mail's progress: never "sent" before the mail server took it."""
    from maca.notifications.presenters import status_cell
    from maca.notifications.selectors import delivery_of

    reminders = list(reminders)
    emails = delivery_of(reminders)
    # The daily job sends an agency's leads one e-mail for all the day's audits,
    # "about" the first of its reminders: the others show that e-mail's progress.
    shared = _shared_emails([r for r in reminders if r.recipients and r.pk not in emails])
    rows = [
        [
            {"text": date_time(r.sent_at), "classes": "maca-nowrap"},
            {"text": agency_name(r.agency)},
            {"text": r.get_kind_display()},
            {"text": str(r.outstanding), "format": "numeric"},
            {"text": ", ".join(r.recipients) or "Nobody: the agency has no lead"},
            status_cell(emails.get(r.pk) or shared.get(r.pk)) if r.recipients else {"text": NOTHING},
        ]
        for r in reminders
    ]
    return {
        "caption": "Reminders",
        "captionClasses": "govuk-table__caption--m",
        "head": [
            {"text": "Made"},
            {"text": "Agency"},
            {"text": "Kind"},
            {"text": "Outstanding", "format": "numeric"},
            {"text": "To"},
            {"text": "E-mail"},
        ],
        "rows": rows,
        "classes": "maca-table--compact",
    }


_of = figures.rate_text


def summary_tables(summary) -> list[dict]:
    tables = [
        {
            "caption": "Returns received",
            "captionClasses": "govuk-table__caption--m",
            "firstCellIsHeader": True,
            "head": [{"text": "Agency"}, {"text": "Received"}],
            "rows": [[{"text": agency}, {"text": _of(done, total)}] for agency, done, total in summary.received],
        }
    ]
    if summary.standard_met:
        tables.append(
            {
                "caption": "Cases meeting the standard (from agencies' summative reports)",
                "captionClasses": "govuk-table__caption--m",
                "firstCellIsHeader": True,
                "head": [{"text": "Agency"}, {"text": "Cases meeting the standard"}],
                "rows": [[{"text": a}, {"text": _of(met, audited)}] for a, met, audited in summary.standard_met],
            }
        )
    for grade in summary.grades:
        scale = grade.question.scale
        levels = scale.levels if scale else []
        head = (
            [{"text": "Agency"}]
            + [{"text": level["label"], "format": "numeric"} for level in levels]
            + [{"text": "Met the standard"}]
        )
        rows = []
        for agency in sorted(grade.by_agency):
            counts = grade.by_agency[agency]
            rows.append(
                [{"text": agency}]
                + [{"text": str(counts.get(str(level["value"]), 0)), "format": "numeric"} for level in levels]
                + [{"text": _of(grade.met_by_agency[agency], grade.answered_by_agency[agency])}]
            )
        overall = grade.overall
        rows.append(
            [{"text": ALL_AGENCIES}]
            + [{"text": str(overall.get(str(level["value"]), 0)), "format": "numeric"} for level in levels]
            + [{"text": _of(grade.met, grade.answered)}]
        )
        tables.append(
            {
                "caption": grade.question.text,
                "captionClasses": "govuk-table__caption--s",
                "firstCellIsHeader": True,
                "head": head,
                "rows": rows,
                "classes": "maca-table--compact",
            }
        )
    for yes_no in summary.yes_no:
        rows = [
            [{"text": agency}, {"text": _of(yes_no.yes_by_agency[agency], yes_no.answered_by_agency[agency])}]
            for agency in sorted(yes_no.answered_by_agency)
        ]
        rows.append(
            [
                {"text": ALL_AGENCIES},
                {
                    "text": _of(yes_no.yes, yes_no.answered)
                    + (f"; not applicable in {yes_no.not_applicable}" if yes_no.not_applicable else "")
                },
            ]
        )
        tables.append(
            {
                "caption": yes_no.question.text,
                "captionClasses": "govuk-table__caption--s",
                "firstCellIsHeader": True,
                "head": [{"text": "Agency"}, {"text": "Cases answering yes"}],
                "rows": rows,
                "classes": "maca-table--compact",
            }
        )
    return tables


def answer_tables(summary) -> list[dict]:
    """The counts page's tables of choice and number questions, after
    :func:`summary_tables` (which the meeting's pages share for its grades),
    each shaped as a grade's table: a row for each agency whose returns
    answered, then all agencies. For each choice question, in the form's
    order, how many of the returns answering it chose each choice (a column
    for each); then for each number question the numbers given."""
    tables = []
    for count in summary.choices:
        rows = [
            _choice_row(agency, count.counts_of(agency), count.answered_by_agency[agency]) for agency in count.agencies
        ]
        rows.append(_choice_row(ALL_AGENCIES, count.overall, count.answered))
        tables.append(
            {
                "caption": count.question.text,
                "captionClasses": "govuk-table__caption--s",
                "firstCellIsHeader": True,
                "head": [{"text": "Agency"}]
                + [{"text": choice} for choice in count.choices]
                + [{"text": count.answering, "format": "numeric"}],
                "rows": rows,
                "classes": "maca-table--compact",
            }
        )
    for number in summary.numbers:
        rows = [
            [{"text": agency}] + [{"text": _figure(value), "format": "numeric"} for value in number.figures_of(agency)]
            for agency in number.agencies
        ]
        rows.append(
            [{"text": ALL_AGENCIES}] + [{"text": _figure(value), "format": "numeric"} for value in number.figures]
        )
        tables.append(
            {
                "caption": number.question.text,
                "captionClasses": "govuk-table__caption--s",
                "firstCellIsHeader": True,
                "head": [{"text": "Agency"}] + [{"text": text, "format": "numeric"} for text in NumberCount.HEADINGS],
                "rows": rows,
                "classes": "maca-table--compact",
            }
        )
    return tables


def _choice_row(agency: str, chosen: list[int], answered: int) -> list[dict]:
    """An agency's row of a choice question's table: of its returns answering,
    how many chose each choice ("1 of 2 (50%)"), then how many answered."""
    return (
        [{"text": agency}]
        + [{"text": _of(n, answered)} for n in chosen]
        + [{"text": f"{answered:,}", "format": "numeric"}]
    )


def _figure(value: int | None) -> str:
    return NOTHING if value is None else f"{value:,}"


# A return section by section -------------------------------------------------------------


def section_url(return_record, number: int) -> str:
    return reverse("returns:section", args=[return_record.pk, number])


def task_list(return_record, states, *, chronology_entries: int) -> dict:
    """The GOV.UK task list: one row per section, "Completed" in plain text,
    anything else as a tag (as the design system's pattern shows it); then the
    return's chronology, with how many entries it has (none is a choice the
    lead may make: ADR 0013's addendum)."""
    items = []
    for state in states:
        if state.status == sections.COMPLETED:
            status = {"text": state.status_label}
        else:
            status = {"tag": {"text": state.status_label, "classes": "govuk-tag--blue"}}
        hint = None
        if state.missing:
            hint = {"text": f"{counted(len(state.missing), 'required question')} to answer"}
        item = {
            "title": {"text": state.section.title},
            "href": section_url(return_record, state.number),
            "status": status,
        }
        if hint:
            item["hint"] = hint
        items.append(item)
    items.append(chronology_task(return_record, chronology_entries))
    return {"items": items, "idPrefix": "section"}


def chronology_task(return_record, count: int) -> dict:
    """The task list's row for the chronology: how many entries, in words."""
    from maca.returns.chronology_presenters import entry_count

    words = entry_count(count)
    return {
        "title": {"text": "Chronology"},
        "hint": {"text": "The significant events in the child’s life that your agency knows of"},
        "href": reverse("chronology:return", args=[return_record.pk]),
        "status": {"text": words} if count else {"tag": {"text": words, "classes": "govuk-tag--blue"}},
        "classes": "maca-task--chronology",
    }


def chronology_card(return_record, count: int, *, can_change: bool, heading_level: int = 2) -> dict:
    """The chronology as a summary card after the answers (Check your answers,
    the QA officer's review): how many entries, and the way to them. The
    entries are not listed: a return can have dozens, each on the chronology
    page in date order."""
    from maca.returns.chronology_presenters import entry_count

    href = reverse("chronology:return", args=[return_record.pk])
    row = {
        "key": {"text": "Entries"},
        "value": {"text": entry_count(count)},
        "actions": {
            "items": [
                {
                    "href": href,
                    "text": ("View or change" if count else "Add") if can_change else "View",
                    "visuallyHiddenText": "entries",
                }
            ]
        },
    }
    return {"card": {"title": {"text": "Chronology", "headingLevel": heading_level}}, "rows": [row]}


def check_answers_cards(
    return_record, states, answers: dict, *, can_change: bool, heading_level: int = 2
) -> list[dict]:
    """Each section as a GOV.UK summary card, each answer with its "Change"
    link (``can_change``); ``heading_level`` of its title, under the page's.

    The design system adds the card's title to each link's hidden words
    ("Change Summary of the audit (Overall)"), so a link says the title once:
    the section's own link is "Change answers (Overall)", and a question
    worded as its section's title is "Change (Overall)"."""
    cards = []
    for state in states:
        rows = []
        title = state.section.title
        for question in state.questions:
            value = answers.get(question.key)
            answered = value not in (None, "", [])
            row = {
                "key": {"text": question.text},
                "value": answer_value(question, value, empty="Not answered"),
            }
            if can_change:
                said_by_the_card = question.text.strip().casefold() == title.strip().casefold()
                row["actions"] = {
                    "items": [
                        {
                            "href": f"{section_url(return_record, state.number)}#id_{question.key}",
                            "text": "Change" if answered else "Answer",
                            "visuallyHiddenText": "" if said_by_the_card else question.text,
                        }
                    ]
                }
            rows.append(row)
        card = {"title": {"text": title, "headingLevel": heading_level}}
        if can_change:
            card["actions"] = {
                "items": [
                    {
                        "href": section_url(return_record, state.number),
                        "text": "Change",
                        "visuallyHiddenText": "answers",
                    }
                ]
            }
        cards.append({"card": card, "rows": rows})
    return cards


def missing_answers_summary(return_record, states) -> list[dict]:
    """The error summary's list: each required question not yet answered,
    linking to it on its section's page."""
    return [
        {"text": unanswered_message(question), "href": f"{section_url(return_record, state.number)}#id_{question.key}"}
        for state in states
        for question in state.missing
    ]


def sent_back_notice(transition) -> dict | None:
    """The QA officer's comment, shown first on every page of a return that was sent back."""
    if transition is None:
        return None
    who = transition.actor.full_name if transition.actor else "The QA officer"
    return {
        "who": who,
        "when": long_date(timezone.localtime(transition.occurred_at).date()),
        "comment": transition.comment,
    }


def lead_fixer(membership, agencies) -> dict:
    """Where someone goes to get an agency a lead: the invitation page for
    those whose role can invite people; for anyone else (a QA officer), an
    e-mail to the partnership's admins, who can. Never a page the person
    cannot open."""
    from urllib.parse import quote

    from maca.accounts.models import Membership
    from maca.accounts.roles import Capability, Role

    names = ", ".join(agency.name for agency in agencies)
    if membership.can(Capability.MANAGE_MEMBERS):
        return {"text": "Invite an agency lead", "href": reverse("accounts:invite"), "who": "you"}
    # Only an admin who can act on the e-mail (``Membership.objects.able_to_act``).
    admins = list(
        Membership.objects.able_to_act()
        .filter(partnership_id=membership.partnership_id, role=Role.PARTNERSHIP_ADMIN)
        .select_related("user")
    )
    if not admins:
        return {"text": "", "href": "", "who": "nobody"}
    subject = quote(f"Please invite an agency lead for {names}")
    body = quote(
        f"No reminder about outstanding returns can reach {names}: there is no agency lead. "
        "Please invite one from People in maca."
    )
    return {
        "text": "E-mail a partnership admin",
        "href": f"mailto:{','.join(a.user.email for a in admins)}?subject={subject}&body={body}",
        "who": " or ".join(a.user.full_name for a in admins),
    }
