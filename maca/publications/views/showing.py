"""One publication: a version shown as the reader may see it, and its downloads."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.audit_trail.services import record
from maca.core.exports import attachment_header
from maca.core.presenters import long_date
from maca.publications import access, checking, figures, files, practice, presenters, rendering, services, sources
from maca.publications.document import Document
from maca.publications.drafting.year_report import YEAR_FOUND_SECTION
from maca.publications.forms import ConfirmForm
from maca.publications.models import Kind, Status

from ._shared import _current, _publication, letterhead_for

FORMATS = {
    "pdf": ("application/pdf", rendering.pdf_bytes),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        rendering.docx_bytes,
    ),
}

# What a version not yet published waits for, as the safety check's warnings say it: "before it can be submitted".
NEXT_STEP = {Status.DRAFT: "submitted", Status.SUBMITTED: "approved", Status.APPROVED: "published"}


def sent_back_notice(version) -> dict | None:
    """What the approver said needs to change, while the draft is back with its writers."""
    if not version.is_back_with_writers:
        return None
    return {
        "who": version.sent_back_by.full_name if version.sent_back_by_id else "The approver",
        "when": long_date(timezone.localtime(version.sent_back_at).date()),
        "reason": version.sent_back_reason,
    }


def abandoned_notice(version) -> dict | None:
    """Who abandoned a correction, and when, for its page."""
    if version.status != Status.ABANDONED:
        return None
    return {
        "who": version.abandoned_by.full_name if version.abandoned_by_id else "Someone",
        "when": long_date(timezone.localtime(version.abandoned_at).date()) if version.abandoned_at else "",
    }


def _show(request, publication, version, *, is_current: bool, by_number: bool = False):
    membership = request.membership
    document = Document.from_json(version.document)
    can_manage = access.can_manage(membership)
    hits, kept, reason_problem = None, 0, ""
    if version.status in (Status.DRAFT, Status.SUBMITTED, Status.APPROVED) and (
        can_manage or access.is_approver(membership)
    ):
        found = checking.check_version(version)
        hits = checking.open_hits(found)
        # The approver reads what was kept with a reason before approving it,
        # counted as the safety check lists it.
        kept = len(checking.kept_once_each(found))
        reason_problem = services.correction_reason_problem(version, NEXT_STEP[Status(version.status)])
    renamed = ""
    if (
        is_current
        and version.status in (Status.DRAFT, Status.SUBMITTED, Status.APPROVED)
        and (can_manage or access.is_approver(membership))
    ):
        renamed = presenters.themes_renamed_notice(
            sources.themes_renamed_since(version), can_replace=can_manage and version.status == Status.DRAFT
        )
    awaiting, left_out_said = [], False
    year = publication.kind == Kind.ANNUAL_REPORT
    if is_current and can_manage and version.status == Status.DRAFT:
        # What the draft left out until a person confirms its themes (of its
        # audit, or of each audit of the year), said before anyone submits an
        # output that reads as if nothing was found; and, once they are
        # confirmed, that its words are out of date.
        awaiting = sources.awaiting_themes_by_audit(publication)
        left_out_said = document.left_out > 0
    published = version.status == Status.PUBLISHED
    figure_changes = []
    waiting = version.status in (Status.DRAFT, Status.SUBMITTED, Status.APPROVED)
    if is_current and ((waiting and (can_manage or access.is_approver(membership))) or (published and can_manage)):
        # The charts were drafted from the findings; those changed since are
        # said, with the button on a draft and a correction's way on a published one.
        figure_changes = figures.figures_changed_since_drafted(version)
    uptake = None
    if published and (can_manage or membership.can(Capability.REPORT_PRACTICE)):
        reports, _missing, uptake = practice.progress(publication)
        if not (reports or uptake.asked):
            uptake = None  # nobody asked and nobody has said: nothing to count
    return render(
        request,
        "publications/detail.html",
        {
            "publication": publication,
            "version": version,
            "is_current": is_current,
            # A version opened by its number: its title names it, apart from the publication's own page.
            "by_number": by_number,
            "status_tag": presenters.status_tag(version),
            "sent_back_title": presenters.SENT_BACK,
            "body": rendering.html_fragment(document, letterhead_for(publication, version)),
            "sections": document.sections,
            "can_edit": can_manage and version.status == Status.DRAFT and is_current,
            "can_discard": can_manage and is_current and services.can_be_discarded(publication, version),
            "can_abandon": can_manage and is_current and services.can_be_abandoned(version),
            "abandoned": abandoned_notice(version),
            "sent_back": sent_back_notice(version) if is_current and can_manage else None,
            "can_manage": can_manage,
            "can_approve": is_current and access.can_approve(membership, version),
            "can_send_back": is_current and access.can_send_back(membership, version),
            "can_publish": can_manage and is_current and version.status == Status.APPROVED,
            "can_correct": can_manage and is_current and published,
            "can_report": published and membership.can(Capability.REPORT_PRACTICE),
            "whose": "your agency" if membership.agency_id else "an agency",
            "open_hits": hits,
            "kept_hits": kept,
            "reason_problem": reason_problem,
            "themes_renamed": renamed,
            "awaiting_themes": presenters.awaiting_themes_notice(
                sum(item.count for item in awaiting),
                drafted_leaving_some_out=left_out_said,
                year=year,
                audits=len(awaiting),
                # Refreshed, its words kept as people edited them: a refresh changes them no more.
                words_kept=year and not any(change.key == YEAR_FOUND_SECTION for change in figure_changes),
            ),
            "awaiting_themes_links": presenters.awaiting_themes_links(awaiting, year=year),
            "use_new_theme_names": presenters.USE_NEW_THEME_NAMES,
            "figures_notice": figures.figures_notice(
                figure_changes,
                publication,
                status=version.status,
                can_refresh=can_manage and version.status == Status.DRAFT,
            ),
            "figure_changes": figure_changes,
            "refresh_figures": figures.refresh_label(publication),
            "confirm_form": ConfirmForm(initial={"version": version.version}),
            "versions": presenters.versions_table(
                publication,
                access.versions_for(membership, publication).order_by("-number"),
                show_sent_back=can_manage or access.is_approver(membership),
            ),
            "uptake": presenters.uptake_sentence(uptake) if uptake else "",
            # Carries the publication, so the pseudonyms page leads back to it.
            "people_url": reverse("publications:people", args=[publication.audit_id]) + f"?publication={publication.pk}"
            if publication.audit_id and can_manage
            else "",
            # A version opened by its number (from the publication's table of
            # versions) goes back to the publication; the publication, to the list.
            "back_text": "Back to the publication" if by_number else "Back to publications",
            "back_url": reverse("publications:detail", args=[publication.pk])
            if by_number
            else reverse("publications:index"),
        },
    )


@require_capability(Capability.VIEW_PUBLICATIONS)
def detail(request, pk: int):
    publication = _publication(request, pk)
    return _show(request, publication, _current(request, publication), is_current=True)


@require_capability(Capability.VIEW_PUBLICATIONS)
def version(request, pk: int, number: int):
    publication = _publication(request, pk)
    item = get_object_or_404(access.versions_for(request.membership, publication), number=number)
    current = _current(request, publication)
    return _show(request, publication, item, is_current=item.pk == current.pk, by_number=True)


@require_capability(Capability.VIEW_PUBLICATIONS)
def download(request, pk: int, number: int, fmt: str):
    if fmt not in FORMATS:
        raise Http404("No such format")
    publication = _publication(request, pk)
    item = get_object_or_404(access.versions_for(request.membership, publication), number=number)
    content_type, render_file = FORMATS[fmt]
    content = files.file_of(item, letterhead_for(publication, item), fmt, render_file)
    record(
        actor=request.user,
        action="publication.downloaded",
        partnership=publication.partnership,
        target=publication,
        changes={"version": item.number, "format": fmt},
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = attachment_header(
        presenters.download_name(publication.title, item.number, item.status, fmt)
    )
    return response
