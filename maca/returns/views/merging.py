"""Saving after a conflict: the person's choice for each question both changed (ADR 0007,
ADR 0027)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.core.concurrency import EditConflict
from maca.core.errors import Refused
from maca.returns import services
from maca.returns.views._common import (
    _editable_return,
    _int,
    _merge_response,
    _section_state,
    _what_happened,
    return_in_scope,
)
from maca.tools.answers import display_value, questions_of


def _merge_answers_typed(return_record, data) -> list[tuple[str, str]]:
    """The answers a merge page posted that the person changed from the version
    they started from, as (question, answer as shown) pairs."""
    try:
        mine = json.loads(data.get("mine", "{}"))
        base_version = int(data.get("base_version"))
    except (TypeError, ValueError):
        return []  # not a page maca drew: nothing to show
    if not isinstance(mine, dict):
        return []
    base = services.normalised_answers(services.answers_at(return_record, base_version))
    mine = services.normalised_answers(mine)
    typed = []
    for question in questions_of(return_record.tool_version):
        changed = question.key in mine and mine[question.key] != base.get(question.key)
        if changed and (shown := display_value(question, mine[question.key])):
            typed.append((question.text, shown))
    return typed


@require_POST
@require_capability(Capability.EDIT_RETURNS)
def merge(request, pk: int):
    """Save after a conflict, with the person's choice for each question both changed."""
    try:
        return_record = _editable_return(request, pk)
    except Refused as refused:
        # Submitted (say) while the merge page was open: its answers are in no
        # browser copy, so the page shows the ones the person changed, to copy.
        refused.not_saved = _merge_answers_typed(return_in_scope(request, pk), request.POST)
        raise
    try:
        mine = json.loads(request.POST.get("mine", "{}"))
    except json.JSONDecodeError:
        raise Http404("The page was out of date") from None
    if not isinstance(mine, dict):
        raise Http404("The page was out of date")
    base_version = _int(request.POST.get("base_version"))
    shown_version = _int(request.POST.get("version"))  # 'theirs', as the merge page showed it
    # The section the person's page showed (a combine page drawn before it was
    # posted has none): its questions are chosen, as the page drawn asked.
    section = _section_state(return_record, _int(request.POST["section"]))[1] if request.POST.get("section") else None
    if shown_version != return_record.version:
        # Someone saved again since the merge page was drawn: compare afresh.
        return _merge_response(request, return_record, EditConflict(return_record), mine, base_version, section=section)
    plan = services.merge_for(
        return_record, base_version=base_version, mine=mine, shown_keys=section.keys if section else ()
    )
    missing = [key for key in plan.conflicts if request.POST.get(f"choice-{key}") not in ("mine", "theirs")]
    if missing:
        return _merge_response(
            request, return_record, EditConflict(return_record), mine, base_version, data=request.POST, section=section
        )
    merged = plan.resolve({key: request.POST[f"choice-{key}"] for key in plan.conflicts})
    # Said as the "combine" page said it: the person's own save on another page is not someone else's.
    by_you, _ = _what_happened(request, return_record, base_version)
    try:
        services.return_save_draft(
            actor=request.user,
            membership=request.membership,
            return_record=return_record,
            answers=merged,
            expected_version=shown_version,
        )
    except EditConflict as error:
        return _merge_response(request, return_record, error, mine, base_version, section=section)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("returns:detail", pk=return_record.pk)
    messages.success(
        request,
        "The changes from both pages have been saved together."
        if by_you
        else "Your changes and theirs have been saved together.",
    )
    return redirect("returns:detail", pk=return_record.pk)
