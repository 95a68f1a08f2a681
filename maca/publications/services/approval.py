"""A version's way to publication: submitted, approved (or sent back to
draft) and published, each refused while the safety check finds something
left open."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from maca.audit_trail.services import record
from maca.core.concurrency import bump_version, lock_for_update
from maca.publications import access, checking
from maca.publications.models import (
    PublicationVersion,
    Status,
)
from maca.publications.services.corrections import correction_reason_problem
from maca.publications.services.editing import _locked_draft


def _refuse_open_hits(version: PublicationVersion, doing: str) -> None:
    """Refuse the step while the safety check finds something nobody replaced
    or kept with a reason in the sections, or anything in a correction's
    reason (which cannot be kept): both said at once."""
    problems = []
    left = checking.open_hits(checking.check_version(version))
    if left:
        problems.append(
            f"The safety check found {len(left)} thing{'s' if len(left) != 1 else ''} that could identify someone. "
            + (
                "The approver must send it back to draft to replace them or keep them with a reason."
                if version.status == Status.APPROVED
                else f"Replace each one or keep it with a reason before it can be {doing}."
            )
        )
    in_reason = correction_reason_problem(version, doing)
    if in_reason:
        problems.append(in_reason)
    if problems:
        raise ValidationError(problems)


def version_submit(*, actor, version: PublicationVersion, expected_version: int) -> PublicationVersion:
    with transaction.atomic():
        version = _locked_draft(version, expected_version)
        _refuse_open_hits(version, "submitted")
        version.status, version.submitted_by, version.submitted_at = Status.SUBMITTED, actor, timezone.now()
        bump_version(version)
        version.save()
        record(
            actor=actor,
            action="publication.submitted",
            partnership=version.partnership,
            target=version.publication,
            changes={"version": version.number},
        )
    return version


def version_approve(*, actor, membership, version: PublicationVersion, expected_version: int) -> PublicationVersion:
    with transaction.atomic():
        version = lock_for_update(version, expected_version=expected_version)
        if not access.can_approve(membership, version):
            raise ValidationError(
                "Only the partnership’s approver may approve a submitted version, and not one they submitted."
            )
        _refuse_open_hits(version, "approved")
        version.status, version.approved_by, version.approved_at = Status.APPROVED, actor, timezone.now()
        bump_version(version)
        version.save()
        record(
            actor=actor,
            action="publication.approved",
            partnership=version.partnership,
            target=version.publication,
            changes={"version": version.number},
        )
    return version


def version_return(
    *, actor, membership, version: PublicationVersion, reason: str, expected_version: int
) -> PublicationVersion:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say what needs to change"})
    with transaction.atomic():
        version = lock_for_update(version, expected_version=expected_version)
        if not access.can_send_back(membership, version):
            raise ValidationError(
                "Only the partnership’s approver may send back a version waiting for approval or approved, "
                "and not one they submitted."
            )
        was = Status(version.status).label  # waiting for approval, or approved
        version.status, version.submitted_by, version.submitted_at = Status.DRAFT, None, None
        version.approved_by, version.approved_at = None, None
        version.sent_back_by, version.sent_back_at, version.sent_back_reason = actor, timezone.now(), reason
        bump_version(version)
        version.save()
        record(
            actor=actor,
            action="publication.sent_back",
            partnership=version.partnership,
            target=version.publication,
            changes={"version": version.number, "from": was, "reason": reason},
        )
    return version


def version_publish(*, actor, version: PublicationVersion, expected_version: int) -> PublicationVersion:
    with transaction.atomic():
        version = lock_for_update(version, expected_version=expected_version)
        if version.status != Status.APPROVED:
            raise ValidationError("Only an approved version can be published.")
        # Names may have been held for the audit since it was approved: what the check finds now is never published.
        _refuse_open_hits(version, "published")
        now = timezone.now()
        for earlier in PublicationVersion.objects.select_for_update().filter(
            publication=version.publication, status=Status.PUBLISHED
        ):
            earlier.status, earlier.withdrawn_at = Status.WITHDRAWN, now
            earlier.save()
        version.status, version.published_by, version.published_at = Status.PUBLISHED, actor, now
        bump_version(version)
        version.save()
        record(
            actor=actor,
            action="publication.published",
            partnership=version.partnership,
            target=version.publication,
            changes={"version": version.number, "correction_reason": version.correction_reason or None},
        )
    return version
