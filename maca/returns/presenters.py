"""A return as GOV.UK component parameters: its status, its summary, its
answers and their history, and an agency's list of returns.

The rest of the app's pages have presenters of their own:
``task_list_presenters`` (a return section by section, Check your answers),
``tracking_presenters`` (the QA officer's tracking of responses and
reminders), ``counts_presenters`` (the counts across the returns) and
``chronology_presenters``."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from maca.core.presenters import NOTHING, counted, date_time, long_date, short_date, written
from maca.partnerships.presenters import agency_name
from maca.returns import figures
from maca.returns.models import ReturnStatus
from maca.returns.services import normalised
from maca.tools.answers import display_value
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


def _case_key(return_record) -> str:
    """The label of the summary's row of what it is about: a case's return's
    "Case"; a summative report's cases, all of them."""
    return "Case" if return_record.audit_case_id else "Cases it covers"


def _case_value(return_record, cases: int | None, cases_url: str | None) -> dict:
    if return_record.audit_case_id or cases is None:
        return {"text": where(return_record)}
    text = f"All its cases: {counted(cases, 'case')} in this audit"
    if cases_url:
        return {
            "html": format_html(
                '{}, listed with their references on <a class="govuk-link" href="{}">Cases to audit</a>',
                text,
                cases_url,
            )
        }
    return {"text": text}


# A withdrawn return is no longer asked for: where its date would be due
# ("Return by"), every page says this word instead (the agency's returns, the
# return itself, and the agency's Cases to audit through ``selection.extensions``).
NOT_DUE_WITHDRAWN = ReturnStatus.WITHDRAWN.label


def withdrawn_note(withdrawn_at: dt.datetime | None, reason: str = "", *, long: bool = False) -> str:
    """What a withdrawn return says in place of its deadline: when, and why
    if a reason was recorded. ``Withdrawn on 7 Dec 2026: The agency is no
    longer auditing this case.`` (``long``: ``7 December 2026``)."""
    text = NOT_DUE_WITHDRAWN
    if withdrawn_at is not None:
        day = timezone.localtime(withdrawn_at).date()
        text += f" on {long_date(day) if long else short_date(day)}"
    reason = " ".join((reason or "").split())
    return f"{text}: {reason}" if reason else text


def _return_by(return_record, withdrawn_at=None) -> dict:
    """The deadline, marked late as the agency's returns mark it; for a
    withdrawn return, no deadline: when it was withdrawn (its reason has a
    row of its own)."""
    if return_record.status == ReturnStatus.WITHDRAWN:
        return {"text": withdrawn_note(withdrawn_at, long=True)}
    deadline = return_record.audit.return_deadline
    if figures.return_is_late(return_record, timezone.localdate()):
        return {"html": late_deadline(deadline, long=True)}
    if figures.return_submitted_late(return_record):
        return {"html": submitted_late_deadline(deadline, return_record.first_submitted_at, long=True)}
    return {"text": long_date(deadline)}


def return_summary(
    return_record,
    *,
    last_save=None,
    cases: int | None = None,
    cases_url: str | None = None,
    withdrawn_at: dt.datetime | None = None,
) -> list[dict]:
    """``last_save``: the return's last save, of its answers or its
    chronology (``selectors.last_save_of``; None: never saved). A deep dive's summative report says how many
    cases it covers (``cases``) and, to its agency's staff, where they are
    listed with their references (``cases_url``: Cases to audit)."""
    rows = [
        {"key": {"text": "Audit"}, "value": {"text": return_record.audit.title}},
        {"key": {"text": "Agency"}, "value": {"text": agency_name(return_record.agency)}},
        {"key": {"text": _case_key(return_record)}, "value": _case_value(return_record, cases, cases_url)},
        {"key": {"text": "Status"}, "value": {"html": status_tag(return_record.status)}},
        {"key": {"text": "Return by"}, "value": _return_by(return_record, withdrawn_at)},
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


def transitions_table(transitions, return_record) -> dict:
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
        "caption": f"What has happened to this {return_record.kind_name}",
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


def submitted_late_note(submitted_at: dt.datetime, *, long: bool = False) -> str:
    """What a return submitted after its deadline (``figures.submitted_late``)
    says once it is in: ``submitted late on 7 Dec 2026`` (``long``: ``7
    December 2026``), ``submitted_at`` its first submission
    (``Return.first_submitted_at``), even once resubmitted after a send-back
    (the return's history tells the resubmission). Its page, the agency's
    lists, the response grid and its download all say it so."""
    day = timezone.localtime(submitted_at).date()
    return f"{figures.SUBMITTED_LATE.lower()} on {long_date(day) if long else short_date(day)}"


def submitted_late_deadline(deadline: dt.date, submitted_at: dt.datetime, *, long: bool = False) -> str:
    """A return submitted late's "Return by": ``4 Dec 2026 (submitted late on
    7 Dec 2026)``, marked as a late one is (``long``: as its own summary writes dates)."""
    day = long_date(deadline) if long else short_date(deadline)
    return format_html('{} <span class="maca-overdue">({})</span>', day, submitted_late_note(submitted_at, long=long))


def my_returns_table(returns, *, today: dt.date) -> dict:
    rows = []
    for r in returns:
        deadline = r.audit.return_deadline
        late = figures.return_is_late(r, today)
        if r.status == ReturnStatus.WITHDRAWN:
            # No longer asked for: when and why, not a date it is due by.
            due = {"text": withdrawn_note(getattr(r, "withdrawn_at", None), r.withdrawn_reason)}
        elif late:
            due = {"html": late_deadline(deadline)}
        elif figures.return_submitted_late(r, deadline):
            due = {"html": submitted_late_deadline(deadline, r.first_submitted_at)}
        else:
            due = {"text": short_date(deadline)}
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
                due,
            ]
        )
    return {
        "caption": "Your agency’s returns",
        "captionClasses": "govuk-visually-hidden",
        "head": [{"text": "Audit"}, {"text": "Case"}, {"text": "Agency"}, {"text": "Status"}, {"text": "Return by"}],
        "rows": rows,
        "classes": "maca-table--compact",
    }


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
