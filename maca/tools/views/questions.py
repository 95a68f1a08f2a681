"""The questions of a draft: added, changed, moved and removed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.core.concurrency import EditConflict, merge_after_conflict, typed_again_after_conflict
from maca.core.errors import apply_validation_error
from maca.tools import presenters, services
from maca.tools.forms import QuestionForm, RemoveForm
from maca.tools.models import ToolVersion
from maca.tools.selectors import asked_before, questions_for, sections_for
from maca.tools.views._common import (
    REMOVE_CONFLICT_MESSAGE,
    _apply_move,
    _refuse_if_frozen,
    _render_form_page,
    _sent_too_late,
    _version_url,
)


def _question_initial(question, version: int) -> dict:
    return {
        "version": version,
        "text": question.text,
        "help_text": question.help_text,
        "kind": question.kind,
        "required": question.required,
        "scale": question.scale_id,
        "choices": "\n".join(question.choices or []),
        "several_choices": "\n".join(question.choices or []),
        "max_length": question.max_length,
    }


def _question_values(form: QuestionForm) -> dict:
    data = form.cleaned_data
    return {
        "text": data["text"],
        "help_text": data["help_text"],
        "kind": data["kind"],
        "required": data["required"],
        "scale": data["scale"],
        "choices": form.choice_list(),
        "max_length": data["max_length"],
    }


def _kind_hint(question, version: ToolVersion) -> str:
    """Why the question's kind of answer stays, when an earlier published version asked it."""
    earlier = asked_before(version).get(question.key)
    return services.kind_kept(earlier) if earlier is not None and earlier.kind == question.kind else ""


@require_capability(Capability.MANAGE_TOOLS)
def question_new(request, pk: int):
    section = get_object_or_404(sections_for(request.partnership), pk=pk)
    tool_version = section.version
    if refused := _refuse_if_frozen(request, tool_version):
        return refused
    tool_kind = tool_version.tool.kind
    form = QuestionForm(
        request.POST or None,
        partnership=request.partnership,
        tool_kind=tool_kind,
        initial={"version": tool_version.version},
    )
    conflict = False
    if request.method == "POST" and not _sent_too_late(request, tool_version, form) and form.is_valid():
        try:
            question = services.question_add(
                actor=request.user,
                section=section,
                expected_version=form.cleaned_data["version"],
                **_question_values(form),
            )
        except EditConflict as error:
            conflict = True
            tool_version.version = error.instance.version
            form = typed_again_after_conflict(
                lambda data: QuestionForm(data, partnership=request.partnership, tool_kind=tool_kind),
                request.POST,
                error,
            )
        except ValidationError as error:
            apply_validation_error(form, form.service_error(error))
        else:
            messages.success(request, "The question has been added.")
            return redirect(_version_url(tool_version.pk, f"question-{question.pk}"))
    return _render_form_page(
        request,
        "tools/question_form.html",
        {
            "form": form,
            "title": "Add a question",
            "section": section,
            "back_url": _version_url(tool_version.pk, f"section-{section.pk}"),
        },
        version=tool_version,
        conflict=conflict,
    )


@require_capability(Capability.MANAGE_TOOLS)
def question_edit(request, pk: int):
    question = get_object_or_404(questions_for(request.partnership), pk=pk)
    tool_version = question.section.version
    if refused := _refuse_if_frozen(request, tool_version):
        return refused
    kind_hint = _kind_hint(question, tool_version)
    tool_kind = tool_version.tool.kind
    form = QuestionForm(
        request.POST or None,
        partnership=request.partnership,
        kind_hint=kind_hint,
        tool_kind=tool_kind,
        initial=_question_initial(question, tool_version.version),
    )
    conflict, conflict_message = False, ""
    if request.method == "POST" and not _sent_too_late(request, tool_version, form) and form.is_valid():
        try:
            question = services.question_update(
                actor=request.user,
                question=question,
                expected_version=form.cleaned_data["version"],
                **_question_values(form),
            )
        except EditConflict as error:
            conflict = True
            tool_version.version = error.instance.version
            question = get_object_or_404(questions_for(request.partnership), pk=pk)
            merged = merge_after_conflict(
                form, _question_initial(question, error.instance.version), version=error.instance.version
            )
            form = merged.shown_on(
                QuestionForm(
                    partnership=request.partnership, kind_hint=kind_hint, tool_kind=tool_kind, initial=merged.initial
                )
            )
            conflict_message = merged.message("this draft")
        except ValidationError as error:
            apply_validation_error(form, form.service_error(error))
        else:
            messages.success(request, "The question has been updated.")
            return redirect(_version_url(tool_version.pk, f"question-{question.pk}"))
    return _render_form_page(
        request,
        "tools/question_form.html",
        {
            "form": form,
            "title": "Change the question",
            "section": question.section,
            "question": question,
            "back_url": _version_url(tool_version.pk, f"question-{question.pk}"),
            "current_summary": presenters.question_summary(question) if conflict else None,
        },
        version=tool_version,
        conflict=conflict,
        conflict_message=conflict_message,
    )


@require_POST
@require_capability(Capability.MANAGE_TOOLS)
def question_move(request, pk: int):
    question = get_object_or_404(questions_for(request.partnership), pk=pk)
    _apply_move(request, services.question_move, question=question)
    return redirect(_version_url(question.section.version_id, f"question-{question.pk}"))


@require_capability(Capability.MANAGE_TOOLS)
def question_remove(request, pk: int):
    question = get_object_or_404(questions_for(request.partnership), pk=pk)
    tool_version = question.section.version
    if refused := _refuse_if_frozen(request, tool_version):
        return refused
    form = RemoveForm(request.POST or None, initial={"version": tool_version.version})
    conflict = False
    if request.method == "POST" and not _sent_too_late(request, tool_version, form) and form.is_valid():
        try:
            services.question_remove(
                actor=request.user, question=question, expected_version=form.cleaned_data["version"]
            )
        except EditConflict as error:
            conflict = True
            tool_version.version = error.instance.version
            form = RemoveForm(initial={"version": error.instance.version})
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The question has been removed.")
            return redirect(_version_url(tool_version.pk, f"section-{question.section_id}"))
    return _render_form_page(
        request,
        "tools/remove.html",
        {
            "form": form,
            "title": "Remove this question?",
            "back_url": _version_url(tool_version.pk, f"question-{question.pk}"),
            "current_summary": presenters.question_summary(question),
            "explanation": "The question will be removed from this draft. Versions already published keep it.",
            "button": "Remove the question",
        },
        version=tool_version,
        conflict=conflict,
        conflict_message=REMOVE_CONFLICT_MESSAGE.format(what="the question"),
    )
