"""The audit tools: the list, a new tool, a tool's page, its name and description, archiving
and a new draft version."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.core.concurrency import EditConflict, merge_after_conflict
from maca.core.errors import apply_validation_error
from maca.tools import presenters, services, shipped
from maca.tools.defaults import TOOL_NAMES
from maca.tools.forms import EditToolForm, ToolArchiveForm, ToolForm
from maca.tools.models import VersionStatus
from maca.tools.selectors import tools_for, versions_of


@require_capability(Capability.MANAGE_TOOLS)
def index(request):
    tools = list(tools_for(request.partnership))
    names = {tool.name.casefold() for tool in tools}
    return render(
        request,
        "tools/index.html",
        {
            "table": presenters.tools_table(tools),
            "which_version_used": presenters.which_version_used(),
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
