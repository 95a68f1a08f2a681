"""Who may see and do what with outputs (docs/roles.md, "Publications").

- QA officers and partnership admins (``manage_publications``) draft, edit,
  check, submit and publish, and see every version.
- The role the partnership chose to approve (its QA sub-group chair holds it)
  sees submitted versions and approves them, or sends them back; never a
  version they submitted themselves.
- Everyone else of the partnership sees published versions only: board
  members, scrutineers, agencies (who report how they used them).
- An abandoned correction is seen, in the versions table, by those who
  manage publications only, like a draft.
"""

from __future__ import annotations

from maca.accounts.roles import Capability
from maca.publications.models import Publication, PublicationSettings, PublicationVersion, Status

PUBLIC = (Status.PUBLISHED, Status.WITHDRAWN)


def settings_for(partnership) -> PublicationSettings:
    found = PublicationSettings.objects.filter(partnership=partnership).first()
    return found or PublicationSettings(partnership=partnership)


def can_manage(membership) -> bool:
    return membership.can(Capability.MANAGE_PUBLICATIONS)


def is_approver(membership) -> bool:
    return membership.role == settings_for(membership.partnership).approver_role


def can_approve(membership, version: PublicationVersion) -> bool:
    return (
        version.status == Status.SUBMITTED and is_approver(membership) and version.submitted_by_id != membership.user_id
    )


def can_send_back(membership, version: PublicationVersion) -> bool:
    """The approver sends back a version waiting for approval, or one approved
    but not yet published (the safety check may find more in it once more
    names are held for the audit): never one they submitted themselves."""
    return (
        version.status in (Status.SUBMITTED, Status.APPROVED)
        and is_approver(membership)
        and version.submitted_by_id != membership.user_id
    )


def visible_statuses(membership) -> tuple[str, ...]:
    if can_manage(membership):
        return tuple(Status.values)
    if is_approver(membership):
        return (*PUBLIC, Status.SUBMITTED, Status.APPROVED)
    return PUBLIC


def publications_for(membership):
    """The publications this person may open: any with a version they may see,
    but never one discarded."""
    return (
        Publication.objects.kept()
        .filter(partnership_id=membership.partnership_id, versions__status__in=visible_statuses(membership))
        .distinct()
        .select_related("audit", "audit__programme", "created_by")
    )


def versions_for(membership, publication: Publication):
    return PublicationVersion.objects.filter(
        partnership_id=publication.partnership_id, publication=publication, status__in=visible_statuses(membership)
    ).select_related("created_by", "submitted_by", "approved_by", "published_by", "sent_back_by", "abandoned_by")


def current_version(membership, publication: Publication) -> PublicationVersion | None:
    """The version this person works on or reads: the newest they may see,
    but never an abandoned correction (it is listed with the versions, and
    the version before it is still what readers see)."""
    return versions_for(membership, publication).exclude(status=Status.ABANDONED).order_by("-number").first()


def current_among(versions, allowed) -> PublicationVersion | None:
    """``current_version`` of versions already read: the newest whose status
    is in ``allowed``, never an abandoned correction."""
    candidates = [v for v in versions if v.status in allowed and v.status != Status.ABANDONED]
    return max(candidates, key=lambda v: v.number, default=None)


def newest_version_of(membership, publication_id: int) -> PublicationVersion | None:
    """The newest version of a kept publication of the person's partnership,
    whatever its status (for telling an approver what happened to a version
    they may no longer see); None for another partnership's."""
    return (
        PublicationVersion.objects.filter(
            partnership_id=membership.partnership_id,
            publication_id=publication_id,
            publication__discarded_at__isnull=True,
        )
        .order_by("-number")
        .first()
    )
