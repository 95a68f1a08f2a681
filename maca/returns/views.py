from __future__ import annotations

import json
import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.audit_trail.services import record
from maca.core.concurrency import EditConflict, changed_on_another_page
from maca.core.errors import Refused, apply_validation_error
from maca.core.presenters import and_list, date_time, pagination, time_of_day
from maca.core.unsaved import keeps_unsaved_post, take_unsaved_post, unsaved_editor_field
from maca.returns import (
    access,
    chronology_selectors,
    presenters,
    sections,
    selectors,
    services,
    summative,
    task_list_presenters,
)
from maca.returns.forms import MergeForm, limit_cases_audited
from maca.returns.models import ReturnStatus
from maca.tools.answers import answer_form, answers_from, display_value, questions_of

# Anyone who may see some returns.
SEES_RETURNS = (
    Capability.VIEW_ALL_CASES,
    Capability.VIEW_AGENCY_CASES,
    Capability.VIEW_SCRUTINISED_CASES,
)


def return_in_scope(request, pk: int):
    return get_object_or_404(selectors.returns_for(request.membership), pk=pk)


# One return --------------------------------------------------------------------------------


@require_capability(*SEES_RETURNS)
def detail(request, pk: int):
    return_record = return_in_scope(request, pk)
    membership = request.membership
    states = sections.section_states(return_record.tool_version, return_record.answers)
    record(
        actor=request.user, action="return.viewed", partnership=request.partnership, target=return_record, changes={}
    )
    back = _back_from_return(membership, return_record)
    return render(
        request,
        "returns/detail.html",
        {
            "return_record": return_record,
            "summary": presenters.return_summary(
                return_record,
                last_save=selectors.last_save_of(return_record),
                cases=None if return_record.audit_case_id else summative.cases_of_summative(return_record),
                # Cases to audit lists its own agency's cases, with their references.
                cases_url=reverse("selection:my_cases") if membership.can(Capability.VIEW_AGENCY_CASES) else None,
                withdrawn_at=selectors.withdrawn_at_of(return_record),
            ),
            "sections": task_list_presenters.check_answers_cards(
                return_record, states, return_record.answers, can_change=False
            ),
            "sent_back": presenters.sent_back_notice(selectors.send_back_of(return_record)),
            "history": presenters.transitions_table(selectors.transitions_of(return_record), return_record),
            "can_edit": access.can_edit(membership, return_record),
            "can_submit": access.can_submit(membership, return_record),
            "can_review": access.can_review(membership, return_record),
            "can_send_back": access.can_send_back(membership, return_record),
            "can_withdraw": access.can_withdraw(membership, return_record),
            "can_see_history": access.can_see_history(membership),
            "can_open_integrated": chronology_selectors.can_open_integrated(membership, return_record),
            "asks_for_chronology": task_list_presenters.asks_for_chronology(
                return_record, chronology_selectors.entry_count_of(return_record)
            ),
            "back_url": back[0],
            "back_text": back[1],
        },
    )


def _back_from_return(membership, return_record) -> tuple[str, str]:
    """Where the return's back link goes, and what it says (the page's
    heading): the responses of the audit for those who track them, an
    agency's own returns, and for a scrutineer (who opens it from the
    meeting's case page) that case, or the audit."""
    if membership.can(Capability.TRACK_RESPONSES):
        return reverse("returns:tracking", args=[return_record.audit_id]), "Back to who has responded"
    if membership.agency_id:
        return reverse("returns:mine"), "Back to your agency’s returns"
    if return_record.audit_case_id:
        case = reverse("findings:case", args=[return_record.audit_id, return_record.audit_case_id])
        return case, "Back to the case at the meeting"
    return reverse("programme:audit", args=[return_record.audit_id]), "Back to the audit"


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


@require_capability(Capability.EDIT_RETURNS)
def edit(request, pk: int):
    """The return as a task list: each section, completed or not, and the way to
    check the answers and submit."""
    return_record = _editable_return(request, pk)
    states = sections.section_states(return_record.tool_version, return_record.answers)
    record(
        actor=request.user,
        action="return.viewed",
        partnership=request.partnership,
        target=return_record,
        changes={"for": "editing"},
    )
    return render(
        request,
        "returns/tasks.html",
        {
            "return_record": return_record,
            "task_list": task_list_presenters.task_list(
                return_record, states, chronology_entries=chronology_selectors.entry_count_of(return_record)
            ),
            "completed": sections.completed_count(states),
            "section_count": len(states),
            "sent_back": presenters.sent_back_notice(selectors.send_back_of(return_record)),
            "can_edit": True,  # opened through _editable_return
            "can_submit": access.can_submit(request.membership, return_record),
            "back_url": reverse("returns:detail", args=[return_record.pk]),
        },
    )


def _section_state(return_record, number: int):
    states = sections.section_states(return_record.tool_version, return_record.answers)
    if not 1 <= number <= len(states):
        raise Http404("This audit tool has no such section")
    return states, states[number - 1]


def _answers_typed(return_record, number: int, data) -> list[tuple[str, str]]:
    """The answers in a section's POST, as (question, answer as shown) pairs."""
    try:
        form = _section_form(return_record, number, data=data)
    except (Http404, LookupError, ValueError):
        return []  # no such section: nothing to show
    typed = []
    for field in form:
        values = data.getlist(field.html_name) if hasattr(data, "getlist") else [data.get(field.html_name, "")]
        values = [str(value).strip() for value in values if str(value).strip()]
        if not values:
            continue
        labels = dict(getattr(field.field, "choices", []) or [])
        typed.append((str(field.label), ", ".join(str(labels.get(value, value)) for value in values)))
    return typed


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


def _section_form(return_record, number: int, **kwargs):
    return limit_cases_audited(answer_form(return_record.tool_version, section=number, **kwargs), return_record)


@keeps_unsaved_post
@require_capability(Capability.EDIT_RETURNS)
def section(request, pk: int, number: int):
    """One section of the return: its questions, saved as the person goes
    (autosave: each answer chosen, each box left after typing) and by "Save
    and continue", which leads back to the task list (to Check your answers
    for a section opened from there: ``?from=check``)."""
    try:
        return_record = _editable_return(request, pk)
    except Refused as refused:
        if request.method == "POST":
            # Submitted (say) while the person was typing: the browser has let
            # go of its copy of their answers, so the page shows them to copy.
            refused.not_saved = _answers_typed(return_in_scope(request, pk), number, request.POST)
        raise
    states, state = _section_state(return_record, number)
    if request.method != "POST" and (kept := take_unsaved_post(request)) is not None:
        return _save_kept_answers(request, return_record, state, kept)
    if request.method != "POST":
        record(
            actor=request.user,
            action="return.viewed",
            partnership=request.partnership,
            target=return_record,
            changes={"for": "editing", "section": number},
        )
        form = _section_form(return_record, number, initial=return_record.answers)
        return _render_section(request, return_record, states, state, form, version=return_record.version)
    form = _section_form(return_record, number, data=request.POST)
    expected = _int(request.POST.get("version"))
    if not form.is_valid():
        return _render_section(request, return_record, states, state, form, version=expected)
    try:
        return_record = _save(request, return_record, form, state=state, expected_version=expected)
    except EditConflict as error:
        return _section_conflict(request, return_record, error, form, state, expected)
    except ValidationError as error:
        apply_validation_error(form, error)
        return _render_section(request, return_record, states, state, form, version=expected)
    messages.success(request, f"Your answers to ‘{state.section.title}’ have been saved.")
    if _from_check(request):
        return redirect("returns:check", pk=return_record.pk)
    return redirect("returns:edit", pk=return_record.pk)


def _from_check(request) -> bool:
    """Whether the section was opened from Check your answers (a Change link)."""
    return request.GET.get("from") == task_list_presenters.FROM_CHECK


def _save(request, return_record, form, *, state, expected_version: int, held=()):
    """Save one section's answers; every other answer stays as saved.

    A page drawn before saves that touched none of its questions, or before a
    change of state only (submitted and sent back, say), is saved on the
    current version, as the merge page would have combined it with nothing to
    choose; any other change since raises :class:`EditConflict` for the merge
    page (``services.return_save_section``). Answers ``held`` back (to be
    corrected, by the autosave) keep what is saved."""
    return services.return_save_section(
        actor=request.user,
        membership=request.membership,
        return_record=return_record,
        keys=set(state.keys) - set(held),
        answers=answers_from(form),
        expected_version=expected_version,
    )


def _section_conflict(request, return_record, error, form, state, expected: int):
    """Someone else saved since this page was drawn: both versions, question by
    question, with 'mine' being the answers as they were plus this section's."""
    mine = services.answers_over(
        services.answers_at(return_record, expected), keys=state.keys, answers=answers_from(form)
    )
    return _merge_response(request, return_record, error, mine, expected, section=state)


def _already_submitted(request, return_record):
    """A second Submit (a double click, or a page left open) finds the return
    submitted: show it, as the first click did, rather than an error."""
    messages.success(request, f"This {return_record.kind_name} has been submitted.")
    return redirect("returns:detail", pk=return_record.pk)


def _save_kept_answers(request, return_record, state, data):
    """Answers posted after the session had ended, saved now that the person who
    typed them has signed in again: the same checks and locking as a save."""
    form = _section_form(return_record, state.number, data=data)
    expected = _int(data.get("version"))
    ended = "Your session had ended before your answers were saved."
    states = sections.section_states(return_record.tool_version, return_record.answers)
    if not form.is_valid():
        messages.warning(request, f"{ended} Correct the answers shown below and save again.")
        return _render_section(request, return_record, states, state, form, version=expected)
    try:
        return_record = _save(request, return_record, form, state=state, expected_version=expected)
    except EditConflict as error:
        return _section_conflict(request, return_record, error, form, state, expected)
    except ValidationError as error:
        apply_validation_error(form, error)
        return _render_section(request, return_record, states, state, form, version=expected)
    messages.success(request, f"{ended} They have now been saved.")
    return redirect("returns:check" if _from_check(request) else "returns:edit", pk=return_record.pk)


def _render_section(request, return_record, states, state, form, *, version: int):
    """The section page. ``version`` is the version of the return the person's
    answers start from: the one shown when they opened the page, and, when the
    page is shown again with their answers (errors to correct), the one they
    posted, not the one saved now. Someone else's save in between then meets
    the usual conflict handling (both versions, to combine) at the next save,
    instead of being overwritten."""
    following = states[state.number] if state.number < len(states) else None
    return render(
        request,
        "returns/section.html",
        {
            "return_record": return_record,
            "state": state,
            "section_count": len(states),
            "following": following,
            "form": form,
            "version": version,
            "editor_field": unsaved_editor_field(request),
            **_section_way_back(request, return_record, state),
        },
    )


def _section_way_back(request, return_record, state) -> dict:
    """Where the section page's form posts, and its back link: to Check your
    answers for a section opened from there, to the task list otherwise."""
    if _from_check(request):
        return {
            "action_url": task_list_presenters.change_url(return_record, state.number),
            "back_url": reverse("returns:check", args=[return_record.pk]),
            "back_text": "Back to check your answers",
        }
    return {
        "action_url": task_list_presenters.section_url(return_record, state.number),
        "back_url": reverse("returns:edit", args=[return_record.pk]),
        "back_text": "Back to the sections",
    }


@require_capability(Capability.EDIT_RETURNS)
def check(request, pk: int):
    """Check your answers: every section's answers with a link to change each,
    and (for the lead) Submit, there whether or not a draft was ever saved."""
    if request.method == "POST":
        shown = return_in_scope(request, pk)
        if shown.status == ReturnStatus.SUBMITTED and access.is_own(request.membership, shown):
            return _already_submitted(request, shown)
    return_record = _editable_return(request, pk)
    errors: list[dict] = []
    if request.method == "POST":
        if not access.can_submit(request.membership, return_record):
            raise PermissionDenied
        try:
            services.return_submit(
                actor=request.user,
                membership=request.membership,
                return_record=return_record,
                expected_version=_int(request.POST.get("version")),
            )
        except EditConflict as error:
            if error.instance.status == ReturnStatus.SUBMITTED:
                return _already_submitted(request, error.instance)
            return_record = _editable_return(request, pk)
            # Said as the "combine" page says it: the person's own save on another page is not someone else's.
            by_you, _ = _what_happened(request, error.instance, _int(request.POST.get("version")) or 0)
            this = f"this {return_record.kind_name}"
            what = changed_on_another_page(this) if by_you else f"Someone else changed {this} since this page was shown"
            errors = [{"text": f"{what}. Check the answers below, as they are now, then submit again."}]
        except ValidationError as error:
            return_record.refresh_from_db()
            states = sections.section_states(return_record.tool_version, return_record.answers)
            errors = task_list_presenters.missing_answers_summary(return_record, states) or [
                {"text": message} for message in error.messages
            ]
        else:
            messages.success(request, f"The {return_record.kind_name} has been submitted to the QA officer.")
            return redirect("returns:detail", pk=return_record.pk)
    else:
        record(
            actor=request.user,
            action="return.viewed",
            partnership=request.partnership,
            target=return_record,
            changes={"for": "checking"},
        )
    states = sections.section_states(return_record.tool_version, return_record.answers)
    chronology_entries = chronology_selectors.entry_count_of(return_record)
    return render(
        request,
        "returns/check.html",
        {
            "return_record": return_record,
            "cards": task_list_presenters.check_answers_cards(
                return_record, states, return_record.answers, can_change=True
            ),
            "chronology": task_list_presenters.chronology_card(return_record, chronology_entries, can_change=True)
            if task_list_presenters.asks_for_chronology(return_record, chronology_entries)
            else None,
            "chronology_entries": chronology_entries,
            "missing": task_list_presenters.missing_answers_summary(return_record, states),
            "errors": errors,
            "sent_back": presenters.sent_back_notice(selectors.send_back_of(return_record)),
            "can_edit": True,  # opened through _editable_return
            "can_submit": access.can_submit(request.membership, return_record),
            "back_url": reverse("returns:edit", args=[return_record.pk]),
        },
    )


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("The page was out of date") from None


@require_POST
@require_capability(Capability.EDIT_RETURNS)
def autosave(request, pk: int):
    """Called by a section page (htmx) each time the person chooses an answer or
    leaves a box they typed in: saves that section's answers as a draft and
    answers with a short status and the new version."""
    try:
        return_record = _editable_return(request, pk)
    except Refused as refusal:
        # Submitted (say) while the page was open: nothing saved, and why.
        reason = refusal.paragraphs[0]
        return _autosave_fragment(
            f"Not saved: {reason[0].lower()}{reason[1:]}", request.POST.get("version", ""), ok=False
        )
    _states, state = _section_state(return_record, _int(request.POST.get("_section")))
    form = _section_form(return_record, state.number, data=request.POST)
    expected = _int(request.POST.get("version"))
    held = _held_back(form)
    if held and not _changes_beside(return_record, form, held, state=state):
        words = _held_back_words(form, held)
        return _autosave_fragment(f"Not saved: {words[:1].lower()}{words[1:]}.", expected, ok=False, held=True)
    try:
        return_record = _save(request, return_record, form, state=state, expected_version=expected, held=held)
    except ValidationError:
        # Nothing was saved: said as "no", so that the page keeps every answer
        # in its tab as unsaved, and why.
        try:
            _editable_return(request, pk)
        except Refused as refusal:  # submitted (say) meanwhile
            reason = refusal.paragraphs[0]
            return _autosave_fragment(f"Not saved: {reason[0].lower()}{reason[1:]}", expected, ok=False)
        if held:  # the answers saved would not agree with the one held back
            message = "Not saved: some answers need correcting. Use ‘Save and continue’ to see what."
            return _autosave_fragment(message, expected, ok=False)
        message = f"Not saved: this {return_record.kind_name} cannot be changed now."
        return _autosave_fragment(message, expected, ok=False)
    except EditConflict as conflict:
        # Said as the "combine" page says it: the person's own save on another page is not someone else's.
        by_you, _ = _what_happened(request, conflict.instance, expected)
        this = f"this {return_record.kind_name}"
        yours = changed_on_another_page(this)
        message = (
            f"Not saved: {yours[0].lower()}{yours[1:]}. Use ‘Save and continue’ to combine the changes from both pages."
            if by_you
            else f"Not saved: someone else has changed {this}. Use ‘Save and continue’ to compare their changes "
            "with yours."
        )
        return _autosave_fragment(message, expected, ok=False)
    saved_at = time_of_day(timezone.localtime())
    if held:
        message = f"Your other answers were saved at {saved_at}, but not this: {_held_back_words(form, held)}."
        return _autosave_fragment(message, return_record.version, ok=False, held=True)
    return _autosave_fragment(f"Draft saved at {saved_at}.", return_record.version, ok=True)


def _held_back(form) -> list[str]:
    """The questions of a section's autosave whose answers need correcting
    (a number typed as a word, say): held back, so that every other answer
    of the section is still saved. Empty when the form is valid."""
    if form.is_valid():
        return []
    return [name for name in form.fields if name in form.errors]


def _changes_beside(return_record, form, held, *, state) -> bool:
    """Whether the section's answers other than those held back differ from
    those saved: if not, there is nothing to save."""
    kept = set(state.keys) - set(held)
    mine = services.normalised_answers({k: v for k, v in answers_from(form).items() if k in kept})
    saved = services.normalised_answers({k: v for k, v in return_record.answers.items() if k in kept})
    return mine != saved


def _held_back_words(form, held) -> str:
    """What needs correcting: the box's own message (as "Save and continue"
    shows it: "‘How many…?’ must be a whole number, like 3"), naming the
    question if it does not; several answers, named."""
    if len(held) == 1:
        label, error = str(form.fields[held[0]].label), str(form.errors[held[0]][0])
        return error if label in error else f"‘{label}’: {error[:1].lower()}{error[1:]}"
    named = and_list([f"‘{form.fields[name].label}’" for name in held])
    return f"your answers to {named} need correcting. Use ‘Save and continue’ to see what"


def _autosave_fragment(message: str, version, *, ok: bool, held: bool = False) -> HttpResponse:
    html = format_html(
        '<p class="govuk-body {}" role="status">{}</p>'
        '<input type="hidden" name="version" value="{}" id="return-version" hx-swap-oob="true">',
        "" if ok else "maca-overdue",
        message,
        version,
    )
    # Tells the page's script whether what it sent is now saved: all of it,
    # all but answers held back to be corrected (kept in the tab, and the
    # person told before leaving), or none of it.
    return HttpResponse(html, headers={"X-Draft-Saved": "yes" if ok else ("held" if held else "no")})


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


# An agency's returns ------------------------------------------------------------------------

LIST_PAGE_SIZE = 50


@require_capability(Capability.EDIT_RETURNS)
def mine(request):
    if not request.membership.agency_id:
        raise Http404("Only agency roles have returns to complete")
    # Ten years of audits are hundreds of returns: one page at a time.
    page = Paginator(selectors.my_agency_returns_listed(request.membership), LIST_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    record(
        actor=request.user,
        action="agency_returns.viewed",
        partnership=request.partnership,
        target=request.membership.agency,
        changes={"returns": [r.pk for r in page.object_list]},
    )
    has_case_returns, has_summative = selectors.my_agency_return_kinds(request.membership)
    return render(
        request,
        "returns/mine.html",
        {
            "has_case_returns": has_case_returns,
            "has_summative": has_summative,
            "table": presenters.my_returns_table(page.object_list, today=timezone.localdate()),
            "agency": request.membership.agency,
            "page": page,
            "pagination": pagination(page, request.GET),
        },
    )


# Tracking, reminders and counts for the QA officer ------------------------------------------------
