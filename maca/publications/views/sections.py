"""Drafting: a section of the current draft, or the reason of a correction still in draft, edited; the new
names of themes renamed since it was drafted used throughout it; its charts drawn again from the findings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.core.concurrency import EditConflict, changed_on_another_page_title, typed_again_after_conflict
from maca.core.errors import apply_validation_error
from maca.core.presenters import and_list
from maca.publications import presenters, services
from maca.publications.document import Document
from maca.publications.figures import YEAR_RECORD, charts_corrected, whose_findings
from maca.publications.forms import ConfirmForm, CorrectionReasonForm, SectionForm
from maca.publications.models import Status

from ._shared import _as_left, _changed_only_by_you, _current, _publication, _since_opened, _status_now


@require_capability(Capability.MANAGE_PUBLICATIONS)
def section_edit(request, pk: int, key: str):
    publication = _publication(request, pk)
    item = _current(request, publication)
    document = Document.from_json(item.document)
    try:
        section = document.section(key)
    except KeyError:
        raise Http404("No such section") from None
    if item.status != Status.DRAFT and request.method != "POST":
        # On a POST the service refuses it, and the form keeps what the person typed.
        messages.error(request, f"{_status_now(_as_left(publication, item))}, so it can no longer be changed.")
        return redirect("publications:detail", pk=publication.pk)
    form = SectionForm(
        request.POST or None, initial={"heading": section.heading, "text": section.text, "version": item.version}
    )
    saved_now, conflict = None, None
    if request.method == "POST" and form.is_valid():
        try:
            services.section_update(
                actor=request.user,
                version=item,
                key=key,
                heading=form.cleaned_data["heading"],
                text=form.cleaned_data["text"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as error:
            # Someone saved first. Show what is saved now beside what this person typed, and
            # point the form at the current version: saving again is a knowing choice to replace it.
            current = error.instance
            saved_now = Document.from_json(current.document).section(key)
            if current.status != Status.DRAFT:
                form = typed_again_after_conflict(
                    SectionForm,
                    request.POST,
                    error,
                    f"{_since_opened(_as_left(publication, current))} since you opened this page, "
                    "so it can no longer be changed. "
                    "Your text has not been saved: copy it if you need it.",
                )
            else:
                # Still a draft: no error on the form, but the page's conflict summary.
                form = typed_again_after_conflict(SectionForm, request.POST, error)
                by_you = _changed_only_by_you(request, current, error.expected)
                conflict = {
                    "titleText": changed_on_another_page_title("this publication")
                    if by_you
                    else "Someone else changed this publication while you were editing it",
                    "descriptionText": "Your changes have not been saved yet.",
                    "errorList": [
                        {
                            "text": "Compare your text with what is saved now, then save again to replace it",
                            "href": "#saved-now",
                        }
                    ],
                }
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"‘{form.cleaned_data['heading']}’ has been saved.")
            return redirect(reverse("publications:detail", args=[publication.pk]) + f"#section-{key}")
    return render(
        request,
        "publications/section_edit.html",
        {
            "publication": publication,
            "section": section,
            "form": form,
            "saved_now": saved_now,
            "conflict": conflict,
            "back_url": reverse("publications:detail", args=[publication.pk]),
        },
    )


@require_capability(Capability.MANAGE_PUBLICATIONS)
def correction_reason(request, pk: int):
    """The reason of a correction still in draft, changed: it is shown to
    everyone who reads the corrected version, and names held for the audit
    since the correction was started may be in it."""
    publication = _publication(request, pk)
    item = _current(request, publication)
    back_url = reverse("publications:detail", args=[publication.pk])
    if request.method != "POST":
        # On a POST the service refuses it, and the form keeps what the person typed.
        left = _as_left(publication, item)
        if not left.correction_reason:
            messages.error(request, "Only a correction of a published version has a reason to change.")
            return redirect(back_url)
        if left.status != Status.DRAFT:
            messages.error(request, f"{_status_now(left)}, so the reason for its correction can no longer be changed.")
            return redirect(back_url)
    form = CorrectionReasonForm(
        request.POST or None, initial={"reason": item.correction_reason, "version": item.version}
    )
    saved_now, conflict = None, None
    if request.method == "POST" and form.is_valid():
        try:
            services.correction_reason_change(
                actor=request.user,
                version=item,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as error:
            current = error.instance
            saved_now = current.correction_reason
            if current.status != Status.DRAFT:
                form = typed_again_after_conflict(
                    CorrectionReasonForm,
                    request.POST,
                    error,
                    f"{_since_opened(_as_left(publication, current))} since you opened this page, "
                    "so the reason for its correction can no longer be changed. "
                    "Your reason has not been saved: copy it if you need it.",
                )
            else:
                form = typed_again_after_conflict(CorrectionReasonForm, request.POST, error)
                by_you = _changed_only_by_you(request, current, error.expected)
                conflict = {
                    "titleText": changed_on_another_page_title("this publication")
                    if by_you
                    else "Someone else changed this publication while you were editing it",
                    "descriptionText": "Your reason has not been saved yet.",
                    "errorList": [
                        {
                            "text": "Compare your reason with what is saved now, then save again to replace it",
                            "href": "#saved-now",
                        }
                    ],
                }
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "The reason for the correction has been saved.")
            return redirect(back_url)
    return render(
        request,
        "publications/correction_reason.html",
        {
            "publication": publication,
            "version": item,
            "form": form,
            "saved_now": saved_now,
            "conflict": conflict,
            "back_url": back_url,
        },
    )


def _button_conflict(request, publication, error: EditConflict, *, doing: str, still: str) -> None:
    """What a button on a draft's page says when the draft changed after the
    page was opened: moved on to another step, changed by the person on
    another page, or by someone else (named, with what they did)."""
    current = error.instance
    if current.status != Status.DRAFT:
        since = _since_opened(_as_left(publication, current))
        messages.error(request, f"{since} since you opened this page, so it cannot be {doing}.")
    elif _changed_only_by_you(request, current, error.expected):
        messages.error(
            request,
            "You changed this publication on another page (another tab or window) after opening this one, "
            f"so it has not been {doing}. Check the draft as it is now, then press the button again if it "
            f"{still}.",
        )
    else:
        messages.error(request, presenters.changed_meanwhile_text(current, doing=doing))


_NOT_DONE = object()  # a draft button's change refused: the message is given


def _draft_button(request, publication, item, *, doing: str, not_changed: str, still: str, change):
    """A button beside a draft's notice (new theme names, figures from the
    findings): only on a draft, only as the page showed it; ``change(version)``
    makes the change. What it returned, or ``_NOT_DONE`` once the message
    saying why not is given."""
    if item.status != Status.DRAFT:
        messages.error(request, f"{_status_now(_as_left(publication, item))}, so it cannot be {doing}.")
        return _NOT_DONE
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"{not_changed}: open the publication again and try again.")
        return _NOT_DONE
    try:
        return change(form.cleaned_data["version"])
    except EditConflict as error:
        _button_conflict(request, publication, error, doing=doing, still=still)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return _NOT_DONE


@require_capability(Capability.MANAGE_PUBLICATIONS)
def theme_names(request, pk: int):
    """The button beside the draft's notice that themes were renamed since it
    was drafted: the new names written where it still uses the old ones
    (``services.theme_names_update``), then back to the draft, which says what
    was done, or why nothing was."""
    publication = _publication(request, pk)
    item = _current(request, publication)
    back = redirect("publications:detail", pk=publication.pk)
    if request.method != "POST":
        return back
    renamed = _draft_button(
        request,
        publication,
        item,
        doing="given the new theme names",
        not_changed="The theme names have not been changed",
        still="still uses the old names",
        change=lambda version: services.theme_names_update(actor=request.user, version=item, expected_version=version),
    )
    if renamed is _NOT_DONE:
        return back
    if renamed:
        pairs = and_list([f"‘{old}’ is now ‘{new}’" for old, new in renamed])
        messages.success(request, f"The new theme names are used throughout this draft: {pairs}.")
    else:
        messages.info(request, "This draft already uses the new theme names: nothing was changed.")
    return back


# After a refresh, of a section of figures whose text people had edited.
TEXT_KEPT = " Its text had been edited since it was drawn, so it was kept: check its figures."


def _without_stop(line: str) -> str:
    """A line of what changed, to stand in a sentence among others: without
    its own full stop, so that a sentence never ends with two full stops."""
    return line.rstrip().rstrip(".").rstrip()


@require_capability(Capability.MANAGE_PUBLICATIONS)
def figures(request, pk: int):
    """The button beside the draft's notice that its charts no longer agree
    with the findings: the charts drawn again from the record
    (``services.figures_refresh``), then back to the draft, which says what
    changed, or why nothing did."""
    publication = _publication(request, pk)
    item = _current(request, publication)
    back = redirect("publications:detail", pk=publication.pk)
    if request.method != "POST":
        return back
    changes = _draft_button(
        request,
        publication,
        item,
        doing="given the figures from the findings",
        not_changed="The figures have not been changed",
        still="still says the figures have changed",
        change=lambda version: services.figures_refresh(actor=request.user, version=item, expected_version=version),
    )
    if changes is _NOT_DONE:
        return back
    whose = whose_findings(publication)
    if not changes:
        messages.info(request, f"The figures already agree with {whose}: nothing was changed.")
        return back
    said = " ".join(
        f"The figures in ‘{change.title}’ were refreshed from {whose if change.chart else YEAR_RECORD}: "
        f"{'; '.join(_without_stop(line) for line in change.lines)}." + (TEXT_KEPT if change.text_kept else "")
        for change in changes
    )
    item.refresh_from_db()
    if charts_corrected(item):
        said += " The correction’s note now says the figures were changed."
    messages.success(request, said + " Check that the sections’ text agrees with them.")
    return back
