"""What the home page shows of publications (``home.panels`` reads these)."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from maca.core.presenters import long_date
from maca.partnerships.models import Agency
from maca.publications import access
from maca.publications.models import Publication, PublicationVersion, Status
from maca.selection.models import Assignment


def published_items(membership, limit: int = 8) -> list[dict]:
    """The latest published publications, newest first."""
    versions = (
        PublicationVersion.objects.filter(partnership_id=membership.partnership_id, status=Status.PUBLISHED)
        .select_related("publication")
        .order_by("-published_at")[:limit]
    )
    return [
        {"text": v.publication.title, "href": reverse("publications:detail", args=[v.publication_id])} for v in versions
    ]


def awaiting_approval_items(membership) -> list[dict]:
    """Versions submitted for approval that this person may approve."""
    if not access.is_approver(membership):
        return []
    versions = (
        PublicationVersion.objects.filter(partnership_id=membership.partnership_id, status=Status.SUBMITTED)
        .exclude(submitted_by_id=membership.user_id)
        .select_related("publication")
        .order_by("submitted_at")
    )
    return [
        {
            "text": f"{v.publication.title}, version {v.number}",
            "href": reverse("publications:detail", args=[v.publication_id]),
        }
        for v in versions
    ]


def sent_back_items(membership) -> list[dict]:
    """Drafts the approver sent back, for the people who write publications
    (the QA officers and admins): what needs to change is on the draft's page."""
    if not access.can_manage(membership):
        return []
    versions = (
        PublicationVersion.objects.filter(
            partnership_id=membership.partnership_id,
            status=Status.DRAFT,
            sent_back_at__isnull=False,
            publication__discarded_at__isnull=True,
        )
        .select_related("publication", "sent_back_by")
        .order_by("sent_back_at")
    )
    return [
        {
            "text": f"{v.publication.title}, version {v.number}: sent back by {v.sent_back_by.full_name} "
            f"on {long_date(timezone.localtime(v.sent_back_at).date())}",
            "href": reverse("publications:detail", args=[v.publication_id]),
        }
        for v in versions
    ]


def can_publish(membership) -> bool:
    """Whether this person publishes what the approver approved (the QA
    officers and admins, who write publications)."""
    return access.can_manage(membership)


def ready_to_publish_items(membership) -> list[dict]:
    """Versions the approver approved, waiting for the people who publish (the
    QA officers and admins) to publish them: oldest approval first, in one
    query however many."""
    if not can_publish(membership):
        return []
    versions = (
        PublicationVersion.objects.filter(
            partnership_id=membership.partnership_id,
            status=Status.APPROVED,
            publication__discarded_at__isnull=True,
        )
        .select_related("publication", "approved_by")
        .order_by("approved_at", "pk")
    )
    return [
        {
            "text": f"{v.publication.title}, version {v.number}: approved by {v.approved_by.full_name} "
            f"on {long_date(timezone.localtime(v.approved_at).date())}",
            "href": reverse("publications:detail", args=[v.publication_id]),
        }
        for v in versions
    ]


def to_report_items(membership, limit: int = 10) -> list[dict]:
    """Published outputs the person's agency was asked about and has not
    reported on (the same agencies ``practice.expected_agencies`` asks), in a
    fixed number of queries."""
    if not membership.agency_id:
        return []
    own = membership.agency.parent_id or membership.agency_id
    partnership_id = membership.partnership_id
    published = list(
        Publication.objects.filter(partnership_id=partnership_id, versions__status=Status.PUBLISHED)
        .exclude(practice_reports__agency_id=own)
        .distinct()
        .order_by("-created_at")
        .values_list("pk", "title", "audit_id")
    )
    audited = set(
        Assignment.objects.filter(
            partnership_id=partnership_id,
            audit_case__audit_id__in=[a for _p, _t, a in published if a],
            audit_case__removed_at__isnull=True,
            removed_at__isnull=True,
        )
        .filter(Q(agency_id=own) | Q(agency__parent_id=own))
        .values_list("audit_case__audit_id", flat=True)
    )
    own_is_asked_for_years = Agency.objects.filter(pk=own, is_active=True, parent__isnull=True).exists()
    items = []
    for pk, title, audit_id in published:
        if (audit_id in audited) if audit_id else own_is_asked_for_years:
            items.append({"text": title, "href": reverse("publications:practice", args=[pk])})
    return items[:limit]
