"""A tool version's page (its sections and questions, as auditors will see them) and publishing it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.core.concurrency import EditConflict, typed_again_after_conflict
from maca.core.errors import apply_validation_error
from maca.tools import presenters, services
from maca.tools.answers import answer_form
from maca.tools.forms import PublishForm
from maca.tools.models import ToolVersion, VersionStatus, returns_called
from maca.tools.selectors import versions_for, versions_of
from maca.tools.views._common import PUBLISH_CONFLICT_MESSAGE, PUBLISH_CONFLICT_TITLE


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
            "which_version_used": presenters.which_version_used(version.tool.kind),
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
    kind = tool_version.tool.kind
    messages.success(
        request,
        f"Version {tool_version.number} of ‘{tool_version.tool.name}’ has been published. "
        f"{_first_capital(presenters.which_version_used(kind))}."
        + (f" {_not_yet_started(kind, moved)} moved to version {tool_version.number}." if moved else ""),
    )
    return redirect("tools:version", pk=tool_version.pk)


def _first_capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _not_yet_started(kind: str, count: int) -> str:
    """Such as "2 returns not yet started have", "1 summative report not yet started has"."""
    return f"{count:,} {returns_called(kind, count)} not yet started {'has' if count == 1 else 'have'}"
