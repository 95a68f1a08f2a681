"""What the pages changing a tool share: the words after a conflict, the refusal of a change to a
published version, the form page of a draft and the moves up and down."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from maca.core.concurrency import EditConflict
from maca.tools import services
from maca.tools.forms import MoveForm
from maca.tools.models import ToolVersion
from maca.tools.selectors import sections_with_questions

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
    version was still a draft is refused on the page (:func:`_sent_too_late`),
    with what the person typed still in the form."""
    if version.is_editable or request.method == "POST":
        return None
    messages.error(request, services.frozen_refusal(version))
    return redirect("tools:version", pk=version.pk)


def _sent_too_late(request, version: ToolVersion, form) -> bool:
    """True when ``form`` was sent to change ``version`` after it was
    published (from a page opened while it was a draft). The form then keeps
    what the person typed, and its one error is why nothing can be saved:
    the refusal comes before anything about the fields, as nothing fixed in
    them could be saved here. (A version published between this and the
    change is refused by the service, with the same words.)"""
    if request.method != "POST" or version.is_editable:
        return False
    form.is_valid()
    form.errors.clear()
    form.add_error(None, services.frozen_refusal(version))
    return True


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
