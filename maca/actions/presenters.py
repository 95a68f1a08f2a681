"""Actions as people read them: tags, tables, summary lists, the board's chart.
The RAG tag and the status words come from one place each (``rag.label_of``,
``ActionStatus``) so that every page, download and board paper says the same."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.html import format_html, format_html_join

from maca.actions.evidence import size_text
from maca.actions.models import Action, ActionStatus, EventKind, Source
from maca.actions.rag import AMBER, GREEN, RAGS, RED, label_of, rag_of
from maca.core.addresses import local_view
from maca.core.charts import BarChart, Series, style
from maca.core.presenters import NOTHING, in_sentence, long_date, written
from maca.partnerships.presenters import agency_name

STATUS_TAGS = {
    ActionStatus.NOT_STARTED: "govuk-tag--grey",
    ActionStatus.IN_PROGRESS: "govuk-tag--blue",
    ActionStatus.AWAITING_SIGN_OFF: "govuk-tag--purple",
    ActionStatus.CLOSED: "govuk-tag--green",
    ActionStatus.CANCELLED: "govuk-tag--grey",
}


def same_due_date_message(due_on: dt.date) -> str:
    """A "new" due date that is the one the action has now: said by the form and the service alike."""
    return f"Enter a new due date: {long_date(due_on)} is the date it is due now"


# A new due date before today: said by the form and the service alike.
PAST_DUE_DATE_MESSAGE = "The new due date must be today or in the future"


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def rag_text(action, today: dt.date) -> str:
    rag = getattr(action, "rag", None)
    if rag is None:
        rag = rag_of(action, today)
    return label_of(rag).label


def rag_tag(action, today: dt.date) -> str:
    rag = getattr(action, "rag", None)
    if rag is None:
        rag = rag_of(action, today)
    label = label_of(rag)
    return format_html(
        '<strong class="govuk-tag {}" data-rag="{}">{}</strong>', label.tag_class, label.key, label.label
    )


def status_tag(action) -> str:
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>',
        STATUS_TAGS[ActionStatus(action.status)],
        action.get_status_display(),
    )


def due_text(action) -> str:
    if action.due_date_moved:
        return f"{long_date(action.due_on)} (was {long_date(action.original_due_on)})"
    return long_date(action.due_on)


# How each filter of the plan is named in "Actions shown: …" (``filters_text``).
FILTER_WORDS = {
    "agency": "agency",
    "audit": "audit",
    "theme": "theme",
    "status": "status",
    "rag": "RAG",
    "owner": "owner",
    "year": "year raised",
}


def chosen_filters(form, filters: dict) -> list[tuple[str, str]]:
    """Each filter chosen, as ``(name, what was chosen)``: ``("agency", "Wyvern and Fenmoor Police")``,
    as the filter offered it: a GP practice with its agency, "Mill Lane Surgery (Testshire Care Board)"."""
    chosen = []
    for name, field in form.fields.items():
        value = filters.get(name)
        if value in (None, ""):
            continue
        chosen.append((name, str(dict(field.choices).get(value, value))))
    return chosen


def filters_text(form, filters: dict, *, scope_agency=None) -> str:
    """What a board paper covers, in words: ``Actions shown: agency Wyvern and
    Fenmoor Police; status In progress``, or ``All actions``. ``scope_agency``:
    the agency an agency's person sees the plan of. Agencies are named as the
    paper's tables and chart name them, and every page
    (``partnerships.presenters.agency_name``)."""
    parts = [
        f"{FILTER_WORDS.get(name, form.fields[name].label.lower())} {label}"
        for name, label in chosen_filters(form, filters)
    ]
    of = f" of {agency_name(scope_agency)}" if scope_agency is not None else ""
    if not parts:
        return f"All actions{of}"
    return f"Actions{of} shown: {'; '.join(parts)}"


def board_paper_empties(*, filtered: bool) -> dict[str, str]:
    """What a board paper says under "Overdue actions" and "Closed since ..."
    when it lists none: of the actions its filters show when it has filters."""
    if filtered:
        return {
            "none_overdue": "None of the actions shown is overdue.",
            "none_closed": "None of the actions shown was closed in the last quarter.",
        }
    return {"none_overdue": "No action is overdue.", "none_closed": "No action was closed in the last quarter."}


def download_name(stem: str, form, filters: dict, *, scope_agency=None, fmt: str, on: dt.date) -> str:
    """A download's file name saying what it covers, as its first page does:
    ``action-plan-neglect-2026-12-02.csv``, or for an agency's lead
    ``action-plan-board-paper-wyvern-and-fenmoor-police-2026-12-02.pdf``. The
    scope and the filters chosen, in the filter form's order, each once (an
    agency named as everywhere, so that a GP practice's lead choosing their
    own practice has it named once); a name in another script is kept (sent
    with ``core.exports.attachment_header``)."""
    words = [agency_name(scope_agency)] if scope_agency is not None else []
    words += [label for _name, label in chosen_filters(form, filters) if label not in words]
    scope = "-".join(filter(None, (slug(word) for word in words)))[:80].rstrip("-")
    return "-".join(filter(None, [stem, scope, on.isoformat()])) + f".{fmt}"


def slug(text: str) -> str:
    """``2025–26`` as ``2025-26`` (slugify alone drops the dash: ``202526``), accents and other scripts kept."""
    from django.utils.text import slugify

    return slugify(text.replace("–", "-").replace("—", "-"), allow_unicode=True)


def held_without_acting(action) -> str:
    """What the owner of an action who cannot post progress on it is told, on
    the action's page and in its reminders: a QA officer holding an urgent
    action, as its agency had no lead who could act when the concern was
    raised (``services.concern_owner``). Without a full stop: each adds the
    way to change the owner."""
    return (
        f"You hold this action because {agency_name(action.owner_agency)} had no lead who could act on it "
        "when it was raised. You cannot post progress on it yourself: give it to someone at the agency who can"
    )


# The plan's word for an action with no audit (its "Audit" column and "Raised from").
NO_AUDIT = "Standing action"
# An action raised by hand for an audit: not a standing action, which has none.
BY_HAND_FOR_AN_AUDIT = "By hand"


# A quotation in single quotes: it closes at a ’ that no letter follows (a ’ between letters is an apostrophe).
_QUOTATION = re.compile(r"‘(.*?)’(?!\w)")


def in_quotes(text: str) -> str:
    """``text`` in single quotes, as an e-mail quotes an action's title; a quotation
    inside it (an urgent action's title quotes its audit's) takes double quotes,
    so that two closing quotes never stand side by side; apostrophes stay."""
    return "‘" + _QUOTATION.sub(r"“\1”", text) + "’"


def source_text(source: str, *, has_audit: bool) -> str:
    """Where an action was raised from, as its page and the downloads say it:
    an action raised by hand is a standing action only when it has no audit
    (as the raise form says: "Leave empty for a standing action")."""
    if source == Source.STANDING and has_audit:
        return BY_HAND_FOR_AN_AUDIT
    return dict(Source.choices).get(source, source)


def action_link(action, *, back: str = "") -> str:
    """The action's reference, linked to its page; ``back``: the list the link is on
    (its address with its filters), which the action's back link returns to."""
    href = reverse("actions:detail", args=[action.pk])
    if back:
        href += "?" + urlencode({"back": back})
    return format_html('<a class="govuk-link" href="{}">{}</a>', href, action.reference)


# The lists an action's back link may return to, and what the link says.
BACK_TO = {
    "actions:plan": "Back to the action plan",
    "actions:mine": "Back to your agency’s actions",
    "actions:audit": "Back to the audit’s actions",
    "actions:board": "Back to the board summary",
    # An urgent action opened from the immediate concern it came from.
    "findings:concern": "Back to the immediate concern",
}


def _back_list(back: str | None) -> str | None:
    """The view name of the list ``back`` is the address of, when it is one of
    the action plan's lists on this site (``BACK_TO``); otherwise ``None``."""
    match = local_view(back)
    return match.view_name if match and match.view_name in BACK_TO else None


def safe_back(back: str | None) -> str:
    """``back`` when it is the address of one of the action plan's lists on this
    site, filters kept; otherwise nothing: never another site's address."""
    return back if _back_list(back) else ""


def back_link(back: str | None) -> tuple[str, str]:
    """Where an action's back link goes and what it says: the list the person came
    from, filters kept, when ``back`` is one of the action plan's lists on this site;
    otherwise the action plan."""
    if name := _back_list(back):
        return back, BACK_TO[name]
    return reverse("actions:plan"), BACK_TO["actions:plan"]


def with_back(url: str, back: str | None) -> str:
    """``url`` carrying ``back`` (``safe_back``) on to the next page: an action's
    page and the pages of its steps, so that after a step the action's back link
    still returns to the list the person opened it from."""
    back = safe_back(back)
    return f"{url}?{urlencode({'back': back})}" if back else url


def action_href(pk: int, back: str | None = "") -> str:
    """The address of an action's page, keeping the list it was opened from."""
    return with_back(reverse("actions:detail", args=[pk]), back)


def saved_now(action: Action) -> list[dict]:
    """After an edit conflict: the action as it is saved now, beside what the
    person typed, so that they can decide before saving again."""

    def row(key, value=None, html=None):
        return {"key": {"text": key}, "value": {"html": html} if html is not None else {"text": value}}

    return [
        row("Owner", f"{action.owner.full_name} ({agency_name(action.owner_agency)})"),
        row("Due", due_text(action)),
        row("Status", html=status_tag(action)),
    ]


NO_ACTIONS_FROM_THE_AUDIT = "No actions have been raised from this audit yet."
NONE_FOR_YOUR_AGENCY = "None of this audit’s actions is for your agency."


def audit_actions_empty(*, raised_for_others: bool) -> str:
    """What an audit's actions page says when it lists none: that none has
    been raised, or, to someone who sees only their agency's actions, that
    those raised are for other agencies (saying nothing more of them)."""
    return NONE_FOR_YOUR_AGENCY if raised_for_others else NO_ACTIONS_FROM_THE_AUDIT


def plan_table(
    actions,
    today: dt.date,
    *,
    caption: str = "Actions",
    caption_shown: bool = True,
    audit_shown: bool = True,
    back: str = "",
) -> dict:
    """``caption_shown``: False where the page's heading says it already (an
    audit's actions), so that it is read once, not shown twice;
    ``audit_shown``: False on a page of one audit's actions, whose every row
    would name that audit again."""
    rows = [
        [
            {"html": action_link(a, back=back)},
            {"text": a.title},
            {"text": agency_name(a.owner_agency)},
            {"text": a.owner.full_name},
            {"text": due_text(a)},
            {"html": status_tag(a)},
            {"html": rag_tag(a, today)},
            *([{"text": a.audit.title if a.audit_id else NO_AUDIT}] if audit_shown else []),
        ]
        for a in actions
    ]
    return {
        "caption": caption,
        "captionClasses": "govuk-table__caption--m" if caption_shown else "govuk-visually-hidden",
        "head": [
            {"text": "Ref"},
            {"text": "Action"},
            {"text": "Agency"},
            {"text": "Owner"},
            {"text": "Due"},
            {"text": "Status"},
            {"text": "RAG"},
            *([{"text": "Audit"}] if audit_shown else []),
        ],
        "rows": rows,
        "classes": "maca-table--compact",
    }


def action_summary(action: Action, today: dt.date, *, links: list[dict] = ()) -> list[dict]:
    def row(key, value=None, html=None):
        return {"key": {"text": key}, "value": {"html": html} if html is not None else {"text": value}}

    def typed(key, value):
        """What a person typed: its paragraphs and lines kept, escaped."""
        return {"key": {"text": key}, "value": written(value)}

    rows = [
        typed("What must happen", action.text),
        typed("How everyone will know", action.measure),
        row("Owner agency", agency_name(action.owner_agency)),
        row("Named owner", action.owner.full_name),
        row("Due", due_text(action)),
        row("Status", html=status_tag(action)),
        row("RAG", html=rag_tag(action, today)),
        row("Priority", action.get_priority_display()),
        row("Raised from", source_text(action.source, has_audit=action.audit_id is not None)),
    ]
    if action.audit_id:
        rows.append(
            row(
                "Audit",
                html=format_html(
                    '<a class="govuk-link" href="{}">{}</a>',
                    reverse("actions:audit", args=[action.audit_id]),
                    action.audit.title,
                ),
            )
        )
    rows += [
        row("Raised", f"{long_date(action.raised_on)} by {action.raised_by.full_name}"),
    ]
    rows.extend(links)
    if action.status == ActionStatus.CLOSED:
        rows.append(typed("Statement of impact", action.impact))
        rows.append(
            row(
                "Signed off",
                f"{long_date(action.closed_on)} by {getattr(action.signed_off_by, 'full_name', NOTHING)}",
            )
        )
    return rows


# What each step of the history says, once: the status it led to is part of the sentence.
EVENT_TEXT = {
    EventKind.SIGN_OFF_REQUESTED: "Marked as completed and sign-off asked for.",
    EventKind.SIGNED_OFF: "Signed off and closed.",
    EventKind.SENT_BACK: "Sent back to the agency: now in progress.",
    EventKind.CANCELLED: "Cancelled.",
}


def _event_text(event) -> str:
    kind = EventKind(event.kind)
    if kind == EventKind.DUE_DATE_MOVED:
        return f"Due date moved from {long_date(event.old_due_on)} to {long_date(event.new_due_on)}."
    if kind in EVENT_TEXT:
        return EVENT_TEXT[kind]
    if event.to_status and kind != EventKind.RAISED:
        return f"{kind.label}: now {ActionStatus(event.to_status).label.lower()}."
    return f"{kind.label}."


# What happened to an action, as in "This action was cancelled on ..." (``status_changed_text``).
EVENT_DONE = {
    EventKind.RAISED: "raised",
    EventKind.PROGRESS: "updated",
    EventKind.SIGN_OFF_REQUESTED: "marked as completed",
    EventKind.SIGNED_OFF: "signed off and closed",
    EventKind.SENT_BACK: "sent back to the agency",
    EventKind.REOPENED: "reopened",
    EventKind.CANCELLED: "cancelled",
}


def status_changed_text(event, so: str) -> str:
    """``This action was cancelled on 2 December 2026, so updates can no longer
    be posted``: why a form can no longer be saved, when the action moved on
    (``event``, its latest change of status) while the person filled it in."""
    if event is None:
        return f"This action has changed, so {so}"
    if event.kind in (EventKind.RAISED, EventKind.PROGRESS):
        # Not a move: "was updated on ..., so it is not waiting for sign-off"
        # would give an update as the cause. Its status is the reason.
        return f"This action is {in_sentence(ActionStatus(event.to_status).label)}, so {so}"
    return f"This action was {EVENT_DONE.get(event.kind, 'changed')} on {long_date(event.on)}, so {so}"


def _who(event) -> str:
    return event.actor.full_name if event.actor else "maca"


def sent_back_by(who: str, on: dt.date | None = None) -> str:
    """How a send-back is introduced, in one wording: "Sent back by the QA
    officer" (the home page), "Sent back by Sam Officer on 2 December 2026"
    (the page asking for sign-off again)."""
    return f"Sent back by {who}" + (f" on {long_date(on)}" if on else "")


def sent_back_note(event) -> dict | None:
    """The QA officer's latest send-back (``selectors.last_send_back``) as
    the agency reads it before asking for sign-off again: who and when, and
    their words with its paragraphs kept, as in the history."""
    if event is None:
        return None
    return {"heading": f"{sent_back_by(_who(event), event.on)}:", "note": written(event.note)}


def history_table(events, *, can_see_evidence: bool) -> dict:
    rows = []
    for e in events:
        files = ""
        if e.files:
            if can_see_evidence:
                files = format_html(
                    '<ul class="govuk-list">{}</ul>',
                    format_html_join(
                        "",
                        '<li><a class="govuk-link" href="{}">{}</a> ({})</li>',
                        ((reverse("actions:evidence", args=[f.pk]), f.filename, size_text(f.size)) for f in e.files),
                    ),
                )
            else:
                files = plural(len(e.files), "evidence file")
        rows.append(
            [
                {"text": long_date(e.on)},
                {"text": _who(e)},
                {"text": _event_text(e)},
                written(e.note),
                {"html": files} if files else {"text": NOTHING},
            ]
        )
    return {
        "caption": "History",
        "captionClasses": "govuk-table__caption--m",
        "head": [{"text": "Date"}, {"text": "Who"}, {"text": "What happened"}, {"text": "Note"}, {"text": "Evidence"}],
        "rows": rows,
    }


# The board ---------------------------------------------------------------------------------

RAG_STYLES = {
    RED: style("red", pattern="crosshatch"),
    AMBER: style("orange", pattern="diagonal"),
    GREEN: style("green"),
}


def board_chart(summary) -> BarChart:
    """The board's chart, on its page and in the board paper alike: each
    owner agency as every page names it (``selectors.BoardSummary``)."""
    names = [name for name, _ in summary.agencies]
    totals = summary.totals
    open_total = sum(totals.values())
    text = (
        f"{plural(open_total, 'action')} not yet closed, by owner agency: "
        f"{totals[RED]} red, {totals[AMBER]} amber and {totals[GREEN]} green."
    )
    if names:
        worst = max(summary.agencies, key=lambda item: (item[1][RED], item[1][AMBER], item[0]))
        if worst[1][RED]:
            text += f" {worst[0]} has the most overdue: {worst[1][RED]}."
    return BarChart(
        "Actions by RAG and agency",
        text,
        name="actions-by-rag",
        categories=names,
        series=[
            Series(label_of(rag).label, [counts[rag] for _, counts in summary.agencies], style=RAG_STYLES[rag])
            for rag in RAGS
        ],
        stacked=True,
        totals=[str(sum(counts.values())) for _, counts in summary.agencies],
        total_heading="Not yet closed",
        category_heading="Agency",
    )


def overdue_table(actions, today: dt.date, *, back: str = "") -> dict:
    return {
        "caption": "Overdue actions",
        "captionClasses": "govuk-table__caption--m",
        "head": [
            {"text": "Ref"},
            {"text": "Action"},
            {"text": "Agency"},
            {"text": "Due"},
            {"text": "Days overdue", "format": "numeric"},
        ],
        "rows": [
            [
                {"html": action_link(a, back=back)},
                {"text": a.title},
                {"text": agency_name(a.owner_agency)},
                {"text": due_text(a)},
                {"text": str((today - a.due_on).days), "format": "numeric"},
            ]
            for a in actions
        ],
    }


def closed_table(actions, *, back: str = "") -> dict:
    return {
        "caption": "Closed in the last quarter",
        "captionClasses": "govuk-visually-hidden",  # the page's heading above says it
        "head": [
            {"text": "Ref"},
            {"text": "Action"},
            {"text": "Agency"},
            {"text": "Closed"},
            {"text": "Statement of impact"},
        ],
        "rows": [
            [
                {"html": action_link(a, back=back)},
                {"text": a.title},
                {"text": agency_name(a.owner_agency)},
                {"text": long_date(a.closed_on)},
                written(a.impact),  # its paragraphs kept, as on the action's page
            ]
            for a in actions
        ],
    }


# The home page ---------------------------------------------------------------------------


def action_panel(membership, today: dt.date | None = None) -> dict:
    """The home page's panel: the actions that need this person
    (``selectors.needing``), or for the board the plan's numbers by RAG."""
    from django.utils import timezone

    from maca.accounts.roles import Capability, Role
    from maca.actions import selectors

    today = today or timezone.localdate()
    if membership.role in (Role.BOARD_MEMBER, Role.INDEPENDENT_SCRUTINEER):
        summary = selectors.board_summary(membership, today)
        rows = [
            {"key": {"text": label_of(rag).label}, "value": {"text": plural(summary.totals[rag], "action")}}
            for rag in RAGS
        ]
        return {
            "title": "Action plan",
            "empty_text": "",
            "summary": rows,
            "link": ("See the board summary", reverse("actions:board")),
        }
    actions, total = selectors.needing(membership, today)
    items = [
        {
            "text": f"{a.reference} {a.title} – {label_of(a.rag).label}, due {long_date(a.due_on)}"
            + (
                f". {sent_back_by('the QA officer')}: {' '.join(a.sent_back_reason.split())}"
                if a.sent_back_reason
                else ""
            ),
            "href": reverse("actions:detail", args=[a.pk]),
        }
        for a in actions
    ]
    if membership.can(Capability.MANAGE_ACTIONS):
        title = "Actions to sign off"
        empty = "Actions an agency has completed, waiting for your sign-off, will appear here."
    else:
        title = "Actions that need you"
        empty = "Your agency’s actions that are overdue, due soon without recent progress, or yours will appear here."
    if total > len(actions):
        title = f"{title} ({total})"
    return {
        "title": title,
        "empty_text": empty,
        "items": items,
        "link": _needing_link(membership, total),
    }


# ``/actions/mine/?show=needing-you``: an agency's own list, narrowed to the actions that need the person.
NEEDING_YOU = "needing-you"


def _needing_link(membership, total: int) -> tuple[str, str]:
    """The home panel's link: to the list that holds what the panel counts
    (``selectors.needing``), so that its figure is the list's; the action plan
    for anyone without such a list."""
    from maca.accounts.roles import Capability, Role
    from maca.actions import access

    if not total:
        return ("See the action plan", reverse("actions:plan"))
    if membership.role in (Role.QA_OFFICER, Role.PARTNERSHIP_ADMIN):  # as ``selectors.needing_you`` says
        return (
            "See the actions waiting for sign-off",
            reverse("actions:plan") + "?" + urlencode({"status": ActionStatus.AWAITING_SIGN_OFF}),
        )
    if access.agency_bound(membership) and membership.can(Capability.UPDATE_ACTIONS):
        return ("See the actions that need you", reverse("actions:mine") + "?" + urlencode({"show": NEEDING_YOU}))
    return ("See the action plan", reverse("actions:plan"))


def _sent_to(recipients: list[str], *, addresses: bool) -> str:
    if not recipients:
        return "Nobody: the owner’s access has ended"
    if addresses:
        return ", ".join(recipients)
    return "The owner" if len(recipients) == 1 else f"{len(recipients)} people"


def reminders_table(reminders, *, addresses: bool) -> dict:
    """The reminders an action's owner was sent; ``addresses``: whether the
    reader may see the e-mail addresses (``access.can_see_recipients``)."""
    return {
        "caption": "Reminders sent",
        "captionClasses": "govuk-table__caption--m",
        "head": [{"text": "Date"}, {"text": "Reminder"}, {"text": "Sent to"}],
        "rows": [
            [
                {"text": long_date(r.sent_for)},
                {"text": r.get_kind_display()},
                {"text": _sent_to(r.recipients, addresses=addresses)},
            ]
            for r in reminders
        ],
    }
