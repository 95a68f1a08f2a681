"""What the pages of a return share: the return in the person's scope, the one they may
change (or why not), a section by its number, what happened since a page was drawn and
the page to combine both versions after a conflict (ADR 0007)."""

from __future__ import annotations

import json
import re

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from maca.accounts.roles import Capability
from maca.core.concurrency import EditConflict
from maca.core.errors import Refused
from maca.core.presenters import date_time
from maca.returns import access, sections, selectors, services
from maca.returns.forms import MergeForm
from maca.returns.models import ReturnStatus
from maca.tools.answers import display_value, questions_of

# Anyone who may see some returns.
SEES_RETURNS = (
    Capability.VIEW_ALL_CASES,
    Capability.VIEW_AGENCY_CASES,
    Capability.VIEW_SCRUTINISED_CASES,
)


def return_in_scope(request, pk: int):
    return get_object_or_404(selectors.returns_for(request.membership), pk=pk)


def _editable_return(request, pk: int):
    return_record = return_in_scope(request, pk)
    if not access.can_edit(request.membership, return_record):
        reason = access.edit_refusal(request.membership, return_record)
        if reason:
            # The person's own agency's return, which cannot be changed now
            # (submitted, say): told why, rather than that their role does not
            # allow it. A working answer, so 200.
            paragraphs = [reason]
            if return_record.status == ReturnStatus.SUBMITTED and return_record.audit.stage in access.EDITING_STAGES:
                paragraphs.append(
                    "The QA officer reviews it now. If they send it back, your agency can change it again."
                )
            raise Refused(
                title=f"You cannot change this {return_record.kind_name}",
                caption=return_record.caption,
                paragraphs=paragraphs,
                back_text=f"Go to {return_record.named}",
                back_url=reverse("returns:detail", args=[return_record.pk]),
                status=200,
            )
        raise PermissionDenied
    return return_record


def _merge_response(
    request, return_record, error: EditConflict, mine: dict, base_version: int, data=None, *, section=None
):
    """The page shown when someone else saved first: both versions, question by question.

    ``section``: the section the person's page showed (None: a page drawn
    without it). Each of its questions whose answer there differs from the one
    saved since is a choice (``services.merge_for``, ``shown_keys``).

    Answered with 200, as every other page that shows a form back with what to do
    next: a 409 makes the browser log an error on a page that is working as meant.
    """
    current = error.instance
    merge = services.merge_for(
        current, base_version=base_version, mine=mine, shown_keys=section.keys if section else ()
    )
    questions = {q.key: q for q in questions_of(current.tool_version)}

    def shown(key, values):
        value = values.get(key)
        return display_value(questions[key], value) if key in questions and value not in (None, "", []) else "–"

    conflicts = [
        {
            "key": key,
            "question": questions[key].text if key in questions else key,
            "theirs": shown(key, merge.theirs),
            "mine": shown(key, merge.mine),
        }
        for key in merge.conflicts
    ]
    auto = [
        questions[k].text
        for k in sorted(set(merge.merged) | set(merge.theirs))
        if merge.merged.get(k) != merge.theirs.get(k) and k in questions
    ]
    by_you, what_happened = _what_happened(request, current, base_version)
    form = MergeForm(data, conflicts=conflicts, by_you=by_you)
    if data is not None:
        form.is_valid()
    return render(
        request,
        "returns/merge.html",
        {
            "return_record": current,
            "form": form,
            "kept_mine": auto,
            "mine_json": json.dumps(mine),
            "base_version": base_version,
            "section_number": section.number if section else "",
            "by_you": by_you,
            "what_happened": what_happened,
        },
    )


# What a change of state did to the return, said of the person who made it
# ("{this}": "this return", "this summative report").
MOVES = {
    ReturnStatus.SUBMITTED: "submitted {this}",
    ReturnStatus.RETURNED: "sent {this} back",
    ReturnStatus.ACCEPTED: "accepted {this}",
    ReturnStatus.WITHDRAWN: "withdrew {this}",
}


def _what_happened(request, current, base_version: int) -> tuple[bool, str]:
    """Whether the answers saved since the person's page was drawn are their
    own (another tab or window), and what happened since, in words: the last
    save of answers after that version, then the last change of state if it
    came later (a submission and a send-back move the version on without a
    save of answers: ADR 0007)."""

    def who(actor) -> str:
        if actor is None:
            return "Someone else"
        return "You" if actor.pk == request.user.pk else actor.full_name

    this = f"this {current.kind_name}"
    saves = selectors.saves_since(current, base_version)
    saved = saves[-1] if saves else None
    moved = selectors.last_move_of(current)
    if moved is not None and saved is not None and moved.occurred_at <= saved.saved_at:
        moved = None
    # "You, on another page" only when every save since was the person's:
    # anyone else's is named, so a combine is never made as if it were yours.
    savers = {save.actor_id: save.actor for save in saves}  # each once, in the order they saved
    by_you = list(savers) == [request.user.pk]
    events = []
    earlier = [actor for actor_id, actor in savers.items() if saved is not None and actor_id != saved.actor_id]
    if earlier:
        events.append(f"{' and '.join(who(actor) for actor in earlier)} saved {this}")
    if saved is not None:
        where = " on another page (another tab or window)" if by_you else ""
        events.append(f"{who(saved.actor)} saved {this} on {date_time(saved.saved_at)}{where}")
    if moved is not None:
        did = (
            "brought {this} back"
            if moved.from_status == ReturnStatus.WITHDRAWN
            else MOVES.get(moved.to_status, "changed {this}")
        ).format(this=this)
        events.append(f"{who(moved.actor)} {did} on {date_time(moved.occurred_at)}")
    if not events:
        events.append(f"Someone else changed {this} on {date_time(current.updated_at)}")
    here = " here" if by_you else ""
    # Inside the sentence, "You" and "Someone else" are not capitalised.
    events[1:] = [re.sub(r"^(You|Someone else) ", lambda m: m.group(1).lower() + " ", e) for e in events[1:]]
    return by_you, f"{'; then '.join(events)}, while you were editing it{here}."


def _section_state(return_record, number: int):
    states = sections.section_states(return_record.tool_version, return_record.answers)
    if not 1 <= number <= len(states):
        raise Http404("This audit tool has no such section")
    return states, states[number - 1]


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("The page was out of date") from None
