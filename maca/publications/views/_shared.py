"""What the publication views share: finding the publication and its current version in the
user's scope, the letterhead of a version, and what has become of a version."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from maca.audit_trail.selectors import changed_since_by
from maca.publications import access, presenters, rendering
from maca.publications.models import Publication, Status


def _publication(request, pk: int) -> Publication:
    return get_object_or_404(access.publications_for(request.membership), pk=pk)


def _current(request, publication):
    version = access.current_version(request.membership, publication)
    if version is None:
        raise Http404("No version to show")
    return version


def _as_left(publication, item):
    """What a page opened earlier was about: the current version, or a
    correction abandoned since (newer than it, and no longer current), so
    that the person is told the correction was abandoned, not that the
    published version is published."""
    newest = publication.versions.order_by("-number").first()
    if newest is not None and newest.status == Status.ABANDONED and newest.number > item.number:
        return newest
    return item


def _since_opened(version) -> str:
    """What became of a version since a page was opened, as a sentence's
    start: "It has been published", "The correction has been abandoned"."""
    if version.status == Status.ABANDONED:
        return "The correction has been abandoned"
    return f"It has been {version.get_status_display().lower()}"


def _require_manage(request) -> None:
    if not access.can_manage(request.membership):
        raise PermissionDenied


def letterhead_for(publication, version) -> rendering.Letterhead:
    settings = access.settings_for(publication.partnership)
    note = {
        Status.DRAFT: f"Draft, version {version.number}: not for circulation",
        Status.SUBMITTED: f"Version {version.number}, awaiting approval: not for circulation",
        Status.APPROVED: f"Version {version.number}, approved: not yet published",
        Status.WITHDRAWN: f"Version {version.number}: replaced by a correction",
        Status.ABANDONED: f"Version {version.number}: a correction abandoned, never published",
    }.get(Status(version.status), "")
    return rendering.Letterhead(
        publication.partnership.name,
        bytes(settings.logo_png or b""),
        note,
        correction_note=presenters.correction_note(version),
    )


def _status_now(version) -> str:
    """What has become of a version, as a sentence's start: "This version has
    already been sent back to draft"."""
    if version.status == Status.DRAFT:
        if version.is_back_with_writers:
            return "This version has already been sent back to draft"
        return "This version is a draft that has not been submitted for approval"
    return {
        Status.SUBMITTED: "This version is waiting for approval",
        Status.APPROVED: "This version has already been approved",
        Status.PUBLISHED: "This version has already been published",
        Status.WITHDRAWN: "This version has been replaced by a correction",
        Status.ABANDONED: "This correction has already been abandoned",
    }[Status(version.status)]


# Each move of a version's ``version`` number, logged once on its publication in the same
# transaction (``services``: section_update and theme_names_update, hit_replace, version_submit,
# version_approve, version_return, version_publish, correction_abandon, correction_reason_change).
VERSION_MOVES = (
    "publication.section_changed",
    "publication.identifier_replaced",
    # A correction's new version starts above every counter the publication's
    # versions have had (``services.correction_start``): a page left open on
    # an earlier one counts the start among the changes since, and its starter.
    "publication.correction_started",
    "publication.submitted",
    "publication.approved",
    "publication.sent_back",
    "publication.published",
    "publication.correction_abandoned",
    "publication.correction_reason_changed",
)


def _changed_only_by_you(request, current, expected_version) -> bool:
    """Whether every change to the version ``current`` since the page's
    ``expected_version`` was the person's own, on another page (another tab
    or window): then the page says so, not "someone else" (ADR 0027). Each
    move is logged on the publication (``VERSION_MOVES``)."""
    return _only_by(request.user, current, expected_version, VERSION_MOVES, logged_on=current.publication)


def _names_changed_only_by_you(request, pseudonym, expected_version) -> bool:
    """As ``_changed_only_by_you``, for the names held for one person: each
    save of them moves the pseudonym's version once, logged on its audit
    (``pseudonyms.names_set``). The retention run's forgetting them is
    logged on no pseudonym: then its last change is nobody's, so not "you"."""
    if pseudonym.names_changed_by_id != request.user.pk:
        return False
    return _only_by(
        request.user,
        pseudonym,
        expected_version,
        ("pseudonym.names_changed",),
        logged_on=pseudonym.audit,
        pseudonym=pseudonym.label,
    )


def _only_by(user, record, expected_version, actions, **where) -> bool:
    """Whether the changes to ``record`` since ``expected_version`` (the
    page's, as posted) were all ``user``'s (``audit_trail.selectors.changed_since_by``)."""
    try:
        version = int(expected_version)
    except (TypeError, ValueError):
        return False
    return changed_since_by(record, version, actions, **where) == {user.pk}
