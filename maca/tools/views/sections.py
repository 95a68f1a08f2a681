"""The sections of a draft: added, changed, moved and removed."""

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
from maca.tools.forms import RemoveForm, SectionForm
from maca.tools.selectors import sections_for, versions_for
from maca.tools.views._common import (
    REMOVE_CONFLICT_MESSAGE,
    _apply_move,
    _refuse_if_frozen,
    _render_form_page,
    _sent_too_late,
    _version_url,
)


@require_capability(Capability.MANAGE_TOOLS)
def section_new(request, pk: int):
    tool_version = get_object_or_404(versions_for(request.partnership), pk=pk)
    if refused := _refuse_if_frozen(request, tool_version):
        return refused
    form = SectionForm(request.POST or None, initial={"version": tool_version.version})
    conflict = False
    if request.method == "POST" and not _sent_too_late(request, tool_version, form) and form.is_valid():
        data = form.cleaned_data
        try:
            section = services.section_add(
                actor=request.user,
                version=tool_version,
                title=data["title"],
                help_text=data["help_text"],
                expected_version=data["version"],
            )
        except EditConflict as error:
            conflict = True
            tool_version.version = error.instance.version
            form = typed_again_after_conflict(SectionForm, request.POST, error)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"The section ‘{section.title}’ has been added.")
            return redirect(_version_url(tool_version.pk, f"section-{section.pk}"))
    return _render_form_page(
        request,
        "tools/section_form.html",
        {"form": form, "title": "Add a section"},
        version=tool_version,
        conflict=conflict,
    )


def _section_initial(section, version: int) -> dict:
    return {"title": section.title, "help_text": section.help_text, "version": version}


@require_capability(Capability.MANAGE_TOOLS)
def section_edit(request, pk: int):
    section = get_object_or_404(sections_for(request.partnership), pk=pk)
    tool_version = section.version
    if refused := _refuse_if_frozen(request, tool_version):
        return refused
    form = SectionForm(request.POST or None, initial=_section_initial(section, tool_version.version))
    conflict, conflict_message = False, ""
    if request.method == "POST" and not _sent_too_late(request, tool_version, form) and form.is_valid():
        data = form.cleaned_data
        try:
            section = services.section_update(
                actor=request.user,
                section=section,
                title=data["title"],
                help_text=data["help_text"],
                expected_version=data["version"],
            )
        except EditConflict as error:
            conflict = True
            tool_version.version = error.instance.version
            section = get_object_or_404(sections_for(request.partnership), pk=pk)
            merged = merge_after_conflict(
                form, _section_initial(section, error.instance.version), version=error.instance.version
            )
            form = merged.shown_on(SectionForm(initial=merged.initial))
            conflict_message = merged.message("this draft")
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"The section ‘{section.title}’ has been updated.")
            return redirect(_version_url(tool_version.pk, f"section-{section.pk}"))
    return _render_form_page(
        request,
        "tools/section_form.html",
        {
            "form": form,
            "title": "Change the section",
            "section": section,
            "back_url": _version_url(tool_version.pk, f"section-{section.pk}"),
            "current_summary": presenters.section_summary(section) if conflict else None,
        },
        version=tool_version,
        conflict=conflict,
        conflict_message=conflict_message,
    )


@require_POST
@require_capability(Capability.MANAGE_TOOLS)
def section_move(request, pk: int):
    section = get_object_or_404(sections_for(request.partnership), pk=pk)
    _apply_move(request, services.section_move, section=section)
    return redirect(_version_url(section.version_id, f"section-{section.pk}"))


@require_capability(Capability.MANAGE_TOOLS)
def section_remove(request, pk: int):
    section = get_object_or_404(sections_for(request.partnership), pk=pk)
    tool_version = section.version
    if refused := _refuse_if_frozen(request, tool_version):
        return refused
    form = RemoveForm(request.POST or None, initial={"version": tool_version.version})
    conflict = False
    if request.method == "POST" and not _sent_too_late(request, tool_version, form) and form.is_valid():
        try:
            services.section_remove(actor=request.user, section=section, expected_version=form.cleaned_data["version"])
        except EditConflict as error:
            conflict = True
            tool_version.version = error.instance.version
            form = RemoveForm(initial={"version": error.instance.version})
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"The section ‘{section.title}’ has been removed.")
            return redirect("tools:version", pk=tool_version.pk)
    return _render_form_page(
        request,
        "tools/remove.html",
        {
            "form": form,
            "title": f"Remove the section ‘{section.title}’",
            "back_url": _version_url(tool_version.pk, f"section-{section.pk}"),
            "explanation": _removal_explanation(section.questions.count()),
            "button": "Remove the section",
        },
        version=tool_version,
        conflict=conflict,
        conflict_message=REMOVE_CONFLICT_MESSAGE.format(what="the section"),
    )


def _removal_explanation(questions: int) -> str:
    if questions == 0:
        what = "The section will be removed from this draft."
    elif questions == 1:
        what = "The section and its question will be removed from this draft."
    else:
        what = f"The section and its {questions} questions will be removed from this draft."
    return f"{what} Versions already published keep them."
