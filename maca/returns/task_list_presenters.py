"""A return section by section as GOV.UK component parameters: its task
list, Check your answers' cards and its chronology card, and what is left to
answer."""

from __future__ import annotations

from django.urls import reverse

from maca.core.presenters import counted
from maca.returns import sections
from maca.returns.presenters import answer_value
from maca.tools.answers import unanswered_message


def section_url(return_record, number: int) -> str:
    return reverse("returns:section", args=[return_record.pk, number])


# A section opened from Check your answers (``?from=check``) leads back there:
# its back link, and its Save and continue (the GOV.UK pattern).
FROM_CHECK = "check"


def change_url(return_record, number: int) -> str:
    """A section's address from Check your answers: saved, it goes back there."""
    return f"{section_url(return_record, number)}?from={FROM_CHECK}"


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
    if asks_for_chronology(return_record, chronology_entries):
        items.append(chronology_task(return_record, chronology_entries))
    return {"items": items, "idPrefix": "section"}


def asks_for_chronology(return_record, count: int) -> bool:
    """Whether the return's pages ask for its chronology: a case's return
    does (the significant events in the child's life); a deep dive's
    summative report, across all the agency's cases, is about no one child,
    so it does not, unless entries were added to it all the same (then they
    are shown, to keep or remove)."""
    return bool(return_record.audit_case_id) or count > 0


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
                            "href": f"{change_url(return_record, state.number)}#id_{question.key}",
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
                        "href": change_url(return_record, state.number),
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
        {"text": unanswered_message(question), "href": f"{change_url(return_record, state.number)}#id_{question.key}"}
        for state in states
        for question in state.missing
    ]
