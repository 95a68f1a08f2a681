"""Building audit tools: thin views over ``services`` (every change) and
``selectors`` (every read, scoped to the current partnership)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.core.concurrency import EditConflict, merge_after_conflict, typed_again_after_conflict
from maca.core.errors import apply_validation_error
from maca.tools import presenters, services, shipped
from maca.tools.answers import answer_form
from maca.tools.defaults import TOOL_NAMES
from maca.tools.forms import (
    EditToolForm,
    MoveForm,
    PublishForm,
    QuestionForm,
    RemoveForm,
    ScaleForm,
    SectionForm,
    ToolArchiveForm,
    ToolForm,
)
from maca.tools.models import ToolVersion, VersionStatus
from maca.tools.selectors import (
    questions_for,
    scales_for,
    sections_for,
    sections_with_questions,
    tools_for,
    versions_for,
    versions_of,
)

CONFLICT_TITLE = "Someone else changed this tool while you were editing it"
CONFLICT_MESSAGE = (
    "Your changes have not been saved. The tool as it is now is shown below: check it, then save again "
    "if your change is still needed."
)
REMOVE_CONFLICT_MESSAGE = (
    "Nothing has been removed. The draft as it is now is shown below: check it, then remove {what} again "
    "if it still needs to go."
)
PUBLISH_CONFLICT_TITLE = "Someone else changed this draft before you published it"
PUBLISH_CONFLICT_MESSAGE = (
    "Version {number} has not been published. The draft as it is now is shown below: check it, then publish it again."
)
MOVE_CONFLICT_MESSAGE = (
    "Someone else changed this tool while you were editing it, so nothing has been moved. "
    "Check the tool as it is now and try again."
)


def _version_url(version_id: int, anchor: str = "") -> str:
    return reverse("tools:version", args=[version_id]) + (f"#{anchor}" if anchor else "")


def _refuse_if_frozen(request, version: ToolVersion):
    """For pages that change a draft: opening one of a published or retired
    version sends the person back. A change sent from a page opened while the
    version was still a draft goes on to the service, which refuses it: the
    page then says why, with what the person typed still in the form."""
    if version.is_editable or request.method == "POST":
        return None
    messages.error(
        request,
        f"Version {version.number} is {version.get_status_display().lower()}, so it cannot be changed. "
        "Make a new draft version to change the tool.",
    )
    return redirect("tools:version", pk=version.pk)


# Tools --------------------------------------------------------------------------------------------


@require_capability(Capability.MANAGE_TOOLS)
def index(request):
    tools = list(tools_for(request.partnership))
    names = {tool.name.casefold() for tool in tools}
    return render(
        request,
        "tools/index.html",
        {
            "table": presenters.tools_table(tools),
            "missing_defaults": [name for name in TOOL_NAMES if name.casefold() not in names],
        },
    )


@require_POST
@require_capability(Capability.MANAGE_TOOLS)
def install_defaults(request):
    installed = shipped.install_default_tools(actor=request.user, partnership=request.partnership)
    if installed:
        names = " and ".join(f"‘{tool.name}’" for tool in installed)
        messages.success(request, f"{names} {'have' if len(installed) > 1 else 'has'} been added and published.")
    else:
        messages.info(request, "Your partnership already has the standard tools.")
    return redirect("tools:index")


@require_capability(Capability.MANAGE_TOOLS)
def new(request):
    form = ToolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            tool = services.tool_create(
                actor=request.user,
                partnership=request.partnership,
                name=data["name"],
                kind=data["kind"],
                description=data["description"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            draft = versions_of(tool).get(status=VersionStatus.DRAFT)
            messages.success(
                request, f"‘{tool.name}’ has been created. Add its sections and questions, then publish it."
            )
            return redirect("tools:version", pk=draft.pk)
    return render(
        request,
        "tools/tool_form.html",
        {
            "form": form,
            "title": "Create an audit tool",
            "back_url": reverse("tools:index"),
            "back_text": "Back to audit tools",
            "creating": True,
        },
    )


@require_capability(Capability.MANAGE_TOOLS)
def tool(request, pk: int):
    audit_tool = get_object_or_404(tools_for(request.partnership), pk=pk)
    versions = list(versions_of(audit_tool))
    draft = next((v for v in versions if v.status == VersionStatus.DRAFT), None)
    return render(
        request,
        "tools/tool.html",
        {
            "tool": audit_tool,
            "summary": presenters.tool_summary(audit_tool),
            "versions": presenters.versions_table(versions),
            "draft": draft,
            "can_make_draft": draft is None and not audit_tool.is_archived,
            "back_url": reverse("tools:index"),
        },
    )


def _tool_initial(audit_tool) -> dict:
    return {"name": audit_tool.name, "description": audit_tool.description, "version": audit_tool.version}


@require_capability(Capability.MANAGE_TOOLS)
def tool_edit(request, pk: int):
    audit_tool = get_object_or_404(tools_for(request.partnership), pk=pk)
    form = EditToolForm(request.POST or None, initial=_tool_initial(audit_tool))
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            audit_tool = services.tool_update(
                actor=request.user,
                tool=audit_tool,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as error:
            # What is saved now, with the person's own changes kept where they made them (ADR 0027).
            audit_tool = error.instance
            merged = merge_after_conflict(form, _tool_initial(audit_tool), version=audit_tool.version)
            conflict = merged.message("this tool")
            form = merged.shown_on(EditToolForm(initial=merged.initial))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"‘{audit_tool.name}’ has been updated.")
            return redirect("tools:tool", pk=audit_tool.pk)
    return render(
        request,
        "tools/tool_form.html",
        {
            "form": form,
            "title": f"Change {audit_tool.name}",
            "conflict_message": conflict or "",
            "current_summary": presenters.tool_summary(audit_tool) if conflict else None,
            "back_url": reverse("tools:tool", args=[audit_tool.pk]),
            "back_text": "Back to the tool",
        },
    )


@require_POST
@require_capability(Capability.MANAGE_TOOLS)
def tool_archive(request, pk: int):
    audit_tool = get_object_or_404(tools_for(request.partnership), pk=pk)
    form = ToolArchiveForm(request.POST)
    if not form.is_valid():
        # Neither archive nor restore was asked for (an old or altered page): nothing changes.
        messages.error(
            request,
            f"‘{audit_tool.name}’ has not been changed: the request did not say whether to archive or restore it. "
            "Use the button below to try again.",
        )
    elif form.cleaned_data["archive"] == "on":
        audit_tool = services.tool_archive(actor=request.user, tool=audit_tool)
        messages.success(request, f"‘{audit_tool.name}’ has been archived. It will not be offered for new audits.")
    else:
        audit_tool = services.tool_restore(actor=request.user, tool=audit_tool)
        messages.success(request, f"‘{audit_tool.name}’ has been restored.")
    return redirect("tools:tool", pk=audit_tool.pk)


@require_POST
@require_capability(Capability.MANAGE_TOOLS)
def new_draft(request, pk: int):
    audit_tool = get_object_or_404(tools_for(request.partnership), pk=pk)
    try:
        draft = services.version_new_draft(actor=request.user, tool=audit_tool)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("tools:tool", pk=audit_tool.pk)
    messages.success(
        request, f"Version {draft.number} has been created as a copy of the version in use. Change it, then publish it."
    )
    return redirect("tools:version", pk=draft.pk)


# Versions -----------------------------------------------------------------------------------------


def _version_page(request, version: ToolVersion, *, publish_form=None, conflict: bool = False, status: int = 200):
    preview = answer_form(version)
    sections = []
    for index, (section, fields) in enumerate(preview.sections):
        questions = list(section.questions.all())
        last_section = len(preview.sections) - 1
        sections.append(
            {
                "section": section,
                "move_buttons": presenters.move_buttons(
                    "section", section.title, first=index == 0, last=index == last_section
                ),
                "add_question_button": presenters.add_question_button(section),
                "items": [
                    {
                        "question": question,
                        "field": field,
                        "move_buttons": presenters.move_buttons(
                            "question", question.text, first=i == 0, last=i == len(questions) - 1
                        ),
                    }
                    for i, (question, field) in enumerate(zip(questions, fields, strict=True))
                ],
            }
        )
    problems = services.publish_problems([s for s, _ in preview.sections]) if version.is_editable else []
    if version.is_editable and version.tool.is_archived:
        # Said before the person fills in the form, not only when the publishing is refused.
        problems.insert(0, f"Restore ‘{version.tool.name}’ on the tool’s page: it is archived.")
    if version.is_editable and publish_form is None:
        publish_form = PublishForm(initial={"version": version.version, "notes": version.notes})
    has_draft = version.is_editable or versions_of(version.tool).filter(status=VersionStatus.DRAFT).exists()
    return render(
        request,
        "tools/version.html",
        {
            "version": version,
            "tool": version.tool,
            "summary": presenters.version_summary(version),
            "sections": sections,
            "editable": version.is_editable,
            "problems": problems,
            "publish_form": publish_form,
            "conflict": conflict,
            "conflict_title": PUBLISH_CONFLICT_TITLE,
            "conflict_message": PUBLISH_CONFLICT_MESSAGE.format(number=version.number),
            "can_make_draft": not has_draft and not version.tool.is_archived,
            "back_url": reverse("tools:tool", args=[version.tool_id]),
        },
        status=status,
    )


@require_capability(Capability.MANAGE_TOOLS)
def version(request, pk: int):
    tool_version = get_object_or_404(versions_for(request.partnership), pk=pk)
    return _version_page(request, tool_version)


@require_POST
@require_capability(Capability.MANAGE_TOOLS)
def publish(request, pk: int):
    tool_version = get_object_or_404(versions_for(request.partnership), pk=pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        return _version_page(request, tool_version, publish_form=form)
    try:
        tool_version = services.version_publish(
            actor=request.user,
            version=tool_version,
            expected_version=form.cleaned_data["version"],
            notes=form.cleaned_data["notes"],
        )
    except EditConflict as error:
        current = get_object_or_404(versions_for(request.partnership), pk=error.instance.pk)
        form = typed_again_after_conflict(PublishForm, request.POST, error)
        return _version_page(request, current, publish_form=form, conflict=True)
    except ValidationError as error:
        apply_validation_error(form, error)
        return _version_page(request, tool_version, publish_form=form)
    moved = getattr(tool_version, "published_changes", {}).get("returns_moved") or 0
    messages.success(
        request,
        f"Version {tool_version.number} of ‘{tool_version.tool.name}’ has been published. "
        "New returns and returns not yet started use it; returns already started keep the version they began with."
        + (f" {_returns(moved)} moved to version {tool_version.number}." if moved else ""),
    )
    return redirect("tools:version", pk=tool_version.pk)


def _returns(count: int) -> str:
    return "1 return not yet started has" if count == 1 else f"{count:,} returns not yet started have"


# Sections -----------------------------------------------------------------------------------------


def _render_form_page(
    request, template: str, context: dict, *, version: ToolVersion, conflict: bool, conflict_message: str = ""
):
    """A page changing a draft. After a conflict, ``conflict_message`` says what
    became of the person's change (by default: not saved, check and save again)."""
    context = {
        **context,
        "version": version,
        "conflict": conflict,
        "conflict_title": CONFLICT_TITLE,
        "conflict_message": conflict_message or CONFLICT_MESSAGE,
        "outline": sections_with_questions(version) if conflict else None,
        "back_url": context.get("back_url") or _version_url(version.pk),
    }
    return render(request, template, context)


@require_capability(Capability.MANAGE_TOOLS)
def section_new(request, pk: int):
    tool_version = get_object_or_404(versions_for(request.partnership), pk=pk)
    if refused := _refuse_if_frozen(request, tool_version):
        return refused
    form = SectionForm(request.POST or None, initial={"version": tool_version.version})
    conflict = False
    if request.method == "POST" and form.is_valid():
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


def _question_initial(question, version: int) -> dict:
    return {
        "version": version,
        "text": question.text,
        "help_text": question.help_text,
        "kind": question.kind,
        "required": question.required,
        "scale": question.scale_id,
        "choices": "\n".join(question.choices or []),
        "max_length": question.max_length,
    }


@require_capability(Capability.MANAGE_TOOLS)
def section_edit(request, pk: int):
    section = get_object_or_404(sections_for(request.partnership), pk=pk)
    tool_version = section.version
    if refused := _refuse_if_frozen(request, tool_version):
        return refused
    form = SectionForm(request.POST or None, initial=_section_initial(section, tool_version.version))
    conflict, conflict_message = False, ""
    if request.method == "POST" and form.is_valid():
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


def _apply_move(request, move, **target) -> None:
    """Run a move up or down from its small form, saying what went wrong if anything."""
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The page was out of date. Check the tool and try again.")
        return
    try:
        move(
            actor=request.user,
            direction=form.cleaned_data["direction"],
            expected_version=form.cleaned_data["version"],
            **target,
        )
    except EditConflict:
        messages.error(request, MOVE_CONFLICT_MESSAGE)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))


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
    if request.method == "POST" and form.is_valid():
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


# Questions ----------------------------------------------------------------------------------------


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


@require_capability(Capability.MANAGE_TOOLS)
def question_new(request, pk: int):
    section = get_object_or_404(sections_for(request.partnership), pk=pk)
    tool_version = section.version
    if refused := _refuse_if_frozen(request, tool_version):
        return refused
    form = QuestionForm(
        request.POST or None, partnership=request.partnership, initial={"version": tool_version.version}
    )
    conflict = False
    if request.method == "POST" and form.is_valid():
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
                lambda data: QuestionForm(data, partnership=request.partnership), request.POST, error
            )
        except ValidationError as error:
            apply_validation_error(form, error)
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
    form = QuestionForm(
        request.POST or None, partnership=request.partnership, initial=_question_initial(question, tool_version.version)
    )
    conflict, conflict_message = False, ""
    if request.method == "POST" and form.is_valid():
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
            form = merged.shown_on(QuestionForm(partnership=request.partnership, initial=merged.initial))
            conflict_message = merged.message("this draft")
        except ValidationError as error:
            apply_validation_error(form, error)
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
    if request.method == "POST" and form.is_valid():
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


# Grading scales -----------------------------------------------------------------------------------


@require_capability(Capability.MANAGE_TOOLS)
def scales(request):
    return render(
        request,
        "tools/scales.html",
        {"table": presenters.scales_table(list(scales_for(request.partnership))), "back_url": reverse("tools:index")},
    )


@require_capability(Capability.MANAGE_TOOLS)
def scale_new(request):
    form = ScaleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            scale = services.scale_create(
                actor=request.user,
                partnership=request.partnership,
                name=data["name"],
                description=data["description"],
                levels=form.level_list(),
                meeting_standard=data["meeting_standard"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"The scale ‘{scale.name}’ has been added. Grade questions can now use it.")
            return redirect("tools:scales")
    return render(request, "tools/scale_form.html", {"form": form, "back_url": reverse("tools:scales")})
