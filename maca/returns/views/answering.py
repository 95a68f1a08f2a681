"""A section of the return, answered: its page and "Save and continue", the answers kept
after an ended session (ADR 0009), and the autosave as the person goes, which holds back
only the answers to correct."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.audit_trail.services import record
from maca.core.concurrency import EditConflict, changed_on_another_page
from maca.core.errors import Refused, apply_validation_error
from maca.core.presenters import and_list, time_of_day
from maca.core.unsaved import keeps_unsaved_post, take_unsaved_post, unsaved_editor_field
from maca.returns import services, task_list_presenters
from maca.returns.forms import limit_cases_audited
from maca.returns.views._common import (
    _editable_return,
    _int,
    _merge_response,
    _section_state,
    _what_happened,
    return_in_scope,
)
from maca.tools.answers import answer_form, answers_from


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
        return _save_kept_answers(request, return_record, states, state, kept)
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
    return _save_section(
        request,
        return_record,
        states,
        state,
        request.POST,
        saved=f"Your answers to ‘{state.section.title}’ have been saved.",
    )


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


def _save_kept_answers(request, return_record, states, state, data):
    """Answers posted after the session had ended, saved now that the person who
    typed them has signed in again: the same checks and locking as a save."""
    ended = "Your session had ended before your answers were saved."
    return _save_section(
        request,
        return_record,
        states,
        state,
        data,
        saved=f"{ended} They have now been saved.",
        to_correct=f"{ended} Correct the answers shown below and save again.",
    )


def _save_section(request, return_record, states, state, data, *, saved: str, to_correct: str = ""):
    """Save a section's answers from ``data`` (the form posted, or a post kept
    across an ended session) on the version they were typed on: the page again
    with the answers to correct (and ``to_correct`` said, if any), the merge
    page if someone saved meanwhile, else ``saved`` said and back to the task
    list (or to Check your answers, for a section opened from there)."""
    form = _section_form(return_record, state.number, data=data)
    expected = _int(data.get("version"))
    if not form.is_valid():
        if to_correct:
            messages.warning(request, to_correct)
        return _render_section(request, return_record, states, state, form, version=expected)
    try:
        return_record = _save(request, return_record, form, state=state, expected_version=expected)
    except EditConflict as error:
        return _section_conflict(request, return_record, error, form, state, expected)
    except ValidationError as error:
        apply_validation_error(form, error)
        return _render_section(request, return_record, states, state, form, version=expected)
    messages.success(request, saved)
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
    except ValidationError as error:
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
        said = " ".join(error.messages) or f"This {return_record.kind_name} cannot be changed now."
        return _autosave_fragment(f"Not saved: {said[:1].lower()}{said[1:]}", expected, ok=False)
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
