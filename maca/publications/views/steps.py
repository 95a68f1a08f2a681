"""The steps of a version: submitted, approved or sent back, published, discarded, corrected, a correction
abandoned."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.core.concurrency import EditConflict, typed_again_after_conflict
from maca.core.errors import apply_validation_error
from maca.publications import access, checking, presenters, services
from maca.publications.forms import ConfirmForm, CorrectionForm, SendBackForm
from maca.publications.models import Status

from ._shared import _as_left, _current, _publication, _status_now


def _moved_on(request, publication, version, *, doing: str, makes: Status | None = None):
    """Back to the publication, saying why ``doing`` cannot be done: the
    version's status changed since the person opened the page (another tab,
    another person). Not a question of their role, so not a 403. ``makes``:
    the status the step gives; a version already there was done already."""
    already = version.status == makes and (makes != Status.DRAFT or version.is_back_with_writers)
    now = _status_now(version)
    if already and version.status == Status.SUBMITTED:
        now = "This version has already been submitted for approval"
    messages.error(request, f"{now}." if already else f"{now}, so it cannot be {doing}.")
    if publication is None:
        return redirect("publications:index")
    return redirect("publications:detail", pk=publication.pk)


def _hidden_from_approver(request, pk: int, *, doing: str, makes: Status):
    """An approver who does not write publications sees only submitted and
    later versions: once theirs is sent back to draft (in another tab, say),
    the publication is hidden from them. Say so rather than 404, for a draft
    that was sent back (which they have read), and only to the approver."""
    membership = request.membership
    if not access.is_approver(membership):
        return None
    newest = access.newest_version_of(membership, pk)
    if newest is None or not newest.is_back_with_writers:
        return None
    return _moved_on(request, None, newest, doing=doing, makes=makes)


def _step(
    request,
    pk: int,
    *,
    template: str,
    form_class,
    action,
    needs: Status,
    makes: Status,
    may,
    doing: str,
    done: str,
    allowed=None,
    **extra,
):
    """One step of approval. ``may(membership)``: the person's role allows the
    step (else 403); ``needs``: the status (or statuses) the version must be in (else back to
    the publication, saying what has happened); ``allowed(version)``: anything
    else that must hold (else 403)."""
    needs = needs if isinstance(needs, tuple) else (needs,)
    try:
        publication = _publication(request, pk)
    except Http404:
        moved = _hidden_from_approver(request, pk, doing=doing, makes=makes) if Status.SUBMITTED in needs else None
        if moved is None:
            raise
        return moved
    if not may(request.membership):
        raise PermissionDenied
    item = _current(request, publication)
    if item.status not in needs:
        # An approver who does not write publications cannot see a draft: say what became of the newest version.
        # A correction abandoned since the page was opened: say so, not that the published version is published.
        described = publication.versions.order_by("-number").first() if Status.SUBMITTED in needs else None
        return _moved_on(request, publication, described or _as_left(publication, item), doing=doing, makes=makes)
    if allowed is not None and not allowed(item):
        if item.submitted_by_id == request.membership.user_id:
            # Their role allows the step, but not on a version they submitted: say so, not "your role".
            step = {"approved": "approve it", "sent back": "send it back"}.get(doing, doing)
            messages.error(
                request, f"You submitted this version, so someone else with the approver’s role must {step}."
            )
            return redirect("publications:detail", pk=publication.pk)
        raise PermissionDenied
    form = form_class(request.POST or None, initial={"version": item.version})
    if request.method == "POST" and form.is_valid():
        try:
            action(item, form.cleaned_data)
        except EditConflict as error:
            # Changed since the page was opened. If the step no longer applies, say what became of it;
            # else show the version as it is now, saying what changed, with the form set to it, so
            # that pressing again is a knowing choice.
            item = error.instance
            if item.status not in needs:
                return _moved_on(request, publication, _as_left(publication, item), doing=doing, makes=makes)
            form = typed_again_after_conflict(
                form_class, request.POST, error, presenters.changed_meanwhile_text(item, doing=doing)
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, done)
            return redirect("publications:detail", pk=publication.pk)
    return render(
        request,
        template,
        {
            "publication": publication,
            "version": item,
            "form": form,
            "open_hits": checking.open_hits(checking.check_version(item)),
            "reason_problem": services.correction_reason_problem(item, doing),
            "back_url": reverse("publications:detail", args=[publication.pk]),
            **extra,
        },
    )


@require_capability(Capability.MANAGE_PUBLICATIONS)
def submit(request, pk: int):
    return _step(
        request,
        pk,
        template="publications/submit.html",
        form_class=ConfirmForm,
        may=access.can_manage,
        needs=Status.DRAFT,
        makes=Status.SUBMITTED,
        doing="submitted",
        action=lambda v, data: services.version_submit(actor=request.user, version=v, expected_version=data["version"]),
        done="The publication has been submitted for approval.",
    )


@require_capability(Capability.VIEW_PUBLICATIONS)
def approve(request, pk: int):
    return _step(
        request,
        pk,
        template="publications/approve.html",
        form_class=ConfirmForm,
        may=access.is_approver,
        needs=Status.SUBMITTED,
        makes=Status.APPROVED,
        doing="approved",
        allowed=lambda v: access.can_approve(request.membership, v),
        action=lambda v, data: services.version_approve(
            actor=request.user, membership=request.membership, version=v, expected_version=data["version"]
        ),
        done="The publication has been approved. A QA officer can now publish it.",
    )


@require_capability(Capability.VIEW_PUBLICATIONS)
def send_back(request, pk: int):
    return _step(
        request,
        pk,
        template="publications/send_back.html",
        form_class=SendBackForm,
        may=access.is_approver,
        needs=(Status.SUBMITTED, Status.APPROVED),
        makes=Status.DRAFT,
        doing="sent back",
        allowed=lambda v: access.can_send_back(request.membership, v),
        action=lambda v, data: services.version_return(
            actor=request.user,
            membership=request.membership,
            version=v,
            reason=data["reason"],
            expected_version=data["version"],
        ),
        done="The publication has been sent back to draft. Its writers will see what needs to change.",
    )


@require_capability(Capability.MANAGE_PUBLICATIONS)
def publish(request, pk: int):
    return _step(
        request,
        pk,
        template="publications/publish.html",
        form_class=ConfirmForm,
        may=access.can_manage,
        needs=Status.APPROVED,
        makes=Status.PUBLISHED,
        doing="published",
        action=lambda v, data: services.version_publish(
            actor=request.user, version=v, expected_version=data["version"]
        ),
        done="The publication has been published. Everyone in the partnership can now read and download it.",
    )


@require_capability(Capability.MANAGE_PUBLICATIONS)
def discard(request, pk: int):
    """Discard a draft nobody has submitted: asked first, then marked as
    discarded (never deleted) and no longer listed."""
    publication = _publication(request, pk)
    item = _current(request, publication)
    if not services.can_be_discarded(publication, item):
        if item.correction_reason and item.status == Status.DRAFT:
            messages.error(
                request,
                "A correction of a published version cannot be discarded: "
                "only a first draft that was never submitted for approval can be. "
                "Abandon the correction instead, with ‘Abandon this correction’.",
            )
        else:
            messages.error(request, "Only a draft that was never submitted for approval can be discarded.")
        return redirect("publications:detail", pk=publication.pk)
    form = ConfirmForm(request.POST or None, initial={"version": item.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.publication_discard(
                actor=request.user, publication=publication, expected_version=form.cleaned_data["version"]
            )
        except EditConflict as error:
            form = typed_again_after_conflict(
                ConfirmForm,
                request.POST,
                error,
                "Someone changed this draft since you opened this page. "
                "Check it, then discard it if you still want to.",
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"‘{publication.title}’ has been discarded.")
            return redirect("publications:index")
    return render(
        request,
        "publications/discard.html",
        {
            "publication": publication,
            "version": item,
            "form": form,
            "back_url": reverse("publications:detail", args=[publication.pk]),
        },
    )


@require_capability(Capability.MANAGE_PUBLICATIONS)
def correct(request, pk: int):
    publication = _publication(request, pk)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.correction_start(actor=request.user, publication=publication, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "A new draft has been made from the published text. Correct it, then submit it.")
            return redirect("publications:detail", pk=publication.pk)
    return render(
        request,
        "publications/correct.html",
        {"publication": publication, "form": form, "back_url": reverse("publications:detail", args=[publication.pk])},
    )


def _no_correction_to_abandon(request, publication, item):
    """Back to the publication, saying why there is no correction to abandon
    now: abandoned already (in another tab, say), waiting for the approver, or
    none in draft."""
    newest = publication.versions.order_by("-number").first()
    if newest is not None and newest.status == Status.ABANDONED:
        messages.error(request, f"{_status_now(newest)}.")
    elif item.is_correction and item.status in (Status.SUBMITTED, Status.APPROVED):
        messages.error(
            request,
            f"{_status_now(item)}, so the correction cannot be abandoned: "
            "the approver must send it back to draft first.",
        )
    else:
        messages.error(request, "There is no correction in draft to abandon.")
    return redirect("publications:detail", pk=publication.pk)


@require_capability(Capability.MANAGE_PUBLICATIONS)
def abandon_correction(request, pk: int):
    """Abandon a correction in draft: asked first, then marked as abandoned
    (never deleted). The published version stays what everyone reads, and a
    new correction may be started."""
    publication = _publication(request, pk)
    item = _current(request, publication)
    if not services.can_be_abandoned(item):
        return _no_correction_to_abandon(request, publication, item)
    form = ConfirmForm(request.POST or None, initial={"version": item.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.correction_abandon(actor=request.user, version=item, expected_version=form.cleaned_data["version"])
        except EditConflict as error:
            if error.instance.status != Status.DRAFT:
                return _moved_on(request, publication, error.instance, doing="abandoned", makes=Status.ABANDONED)
            form = typed_again_after_conflict(
                ConfirmForm,
                request.POST,
                error,
                "Someone changed this correction since you opened this page. "
                "Check it, then abandon it if you still want to.",
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            published = publication.versions.filter(status=Status.PUBLISHED).first()
            messages.success(
                request,
                f"The correction has been abandoned. Version {published.number} is still the published version."
                if published
                else "The correction has been abandoned.",
            )
            return redirect("publications:detail", pk=publication.pk)
    return render(
        request,
        "publications/abandon_correction.html",
        {
            "publication": publication,
            "version": item,
            "published": publication.versions.filter(status=Status.PUBLISHED).first(),
            "form": form,
            "back_url": reverse("publications:detail", args=[publication.pk]),
        },
    )
