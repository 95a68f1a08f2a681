"""Correcting a published version: starting a correction, changing its
reason while it is a draft, abandoning it; and the checks on its reason."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from maca.audit_trail.services import diff, record
from maca.core.concurrency import bump_version, lock_for_update
from maca.publications import checking
from maca.publications.models import (
    Publication,
    PublicationVersion,
    SafetyOverride,
    Status,
)
from maca.publications.safety import Kind
from maca.publications.services.editing import _locked_draft

# The link on a correction's draft to the page that changes its reason, as errors name it.
CHANGE_REASON = "Change the reason for the correction"


# Said of a year's report's correction whose reason has a pseudonym without its audit's title.
BARE_IN_REASON = "The reason for the correction writes a pseudonym without its audit’s title."


def _leave_out(found) -> str:
    """The words of a correction's reason to leave out, each once, in the
    order they stand: "‘Kayden Ashworth’", "‘Kayden’ and ‘Marlow’"."""
    words = [f"‘{text}’" for text in dict.fromkeys(hit.text for hit in found)]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _apart(found) -> tuple[list, list]:
    """A reason's hits: what could identify someone, and (a year's report's)
    pseudonyms without their audit's title, which are not left out but written
    after it."""
    bare = [hit for hit in found if hit.kind == Kind.BARE_PSEUDONYM]
    return [hit for hit in found if hit.kind != Kind.BARE_PSEUDONYM], bare


def _bare_said(bare) -> str:
    """What the safety check says of each pseudonym written without its
    audit's title (``checking.bare_label_reason``: the audits it could be and
    how the report writes it), after ``BARE_IN_REASON``; empty for none."""
    if not bare:
        return ""
    return " ".join([BARE_IN_REASON, *dict.fromkeys(hit.reason for hit in bare)])


def _reason_refused(found) -> str:
    # The reason is shown with the version to everyone who reads it, and is in no section the check covers.
    identifying, bare = _apart(found)
    said = []
    if identifying:
        said.append(
            f"Leave {_leave_out(identifying)} out of the reason: it could identify someone, "
            "and everyone who reads the publication sees the reason"
        )
    if bare:
        said.append(_bare_said(bare))
    return ". ".join(said)


def _checked_reason(publication: Publication, reason: str) -> str:
    """A correction's reason as it is kept, or refused on its field: the same
    rules when a correction is started and when its reason is changed."""
    reason = reason.strip()
    if len(reason) < 10:
        raise ValidationError({"reason": "Say what is being corrected and why, in a sentence"})
    found = checking.hits_in_text(publication, reason)
    if found:
        raise ValidationError({"reason": _reason_refused(found)})
    return reason


def correction_reason_problem(version: PublicationVersion, doing: str) -> str:
    """Why ``version`` cannot be ``doing`` ("submitted", "approved",
    "published") because its correction's reason could now identify someone
    (names may have been held for the audit since the correction was
    started) or, in a year's report, writes a pseudonym without its audit's
    title (an audit of the year may have been given that pseudonym since),
    and where the reason is changed; empty when nothing stops it. Checked as
    when the correction was started (``checking.hits_in_text``)."""
    if not version.correction_reason:
        return ""
    found = checking.hits_in_text(version.publication, version.correction_reason)
    if not found:
        return ""
    identifying, bare = _apart(found)
    said = ""
    if identifying:
        said += (
            f"The reason for the correction could identify someone: leave {_leave_out(identifying)} out of it, "
            "as everyone who reads the publication sees the reason. "
        )
    if bare:
        said += _bare_said(bare) + " "
    if version.status == Status.DRAFT:
        return said + f"Change it with ‘{CHANGE_REASON}’ on the publication’s page before it can be {doing}."
    return said + f"The approver must send it back to draft, so that the reason can be changed before it is {doing}."


def correction_start(*, actor, publication: Publication, reason: str) -> PublicationVersion:
    """A new draft from the published text, to correct it; the published
    version stays as it is until the correction is published."""
    reason = _checked_reason(publication, reason)
    with transaction.atomic():
        Publication.objects.select_for_update().get(pk=publication.pk)
        versions = PublicationVersion.objects.filter(publication=publication)
        published = versions.filter(status=Status.PUBLISHED).first()
        if published is None:
            raise ValidationError("Only a published version is corrected: change its draft instead.")
        if versions.filter(status__in=[Status.DRAFT, Status.SUBMITTED, Status.APPROVED]).exists():
            raise ValidationError("A correction is already under way: finish it or abandon it first.")
        highest = versions.aggregate(n=Max("number"), counter=Max("version"))
        number = (highest["n"] or 0) + 1
        version = PublicationVersion.objects.create(
            partnership=publication.partnership,
            publication=publication,
            number=number,
            # The pages of a publication act on its current version. A page
            # opened on an earlier one (a correction abandoned since, say) must
            # not find its edit counter matching this new version's: it starts
            # above every counter the publication's versions have had.
            version=(highest["counter"] or 0) + 1,
            document=published.document,
            correction_reason=reason,
            created_by=actor,
        )
        kept = _carry_kept_hits(published, version)
        record(
            actor=actor,
            action="publication.correction_started",
            partnership=publication.partnership,
            target=publication,
            changes={"version": number, "reason": reason, "kept_hits_carried": kept},
        )
    return version


def can_be_abandoned(version: PublicationVersion) -> bool:
    """A correction is abandoned only while it is a draft (one sent back to
    draft too): once submitted or approved, the approver sends it back first,
    as they have read it. A first version is no correction: a draft nobody
    submitted is discarded instead (``publication_discard``)."""
    return version.is_correction and version.status == Status.DRAFT


def correction_abandon(*, actor, version: PublicationVersion, expected_version: int | None) -> PublicationVersion:
    """Set aside a correction that is no longer wanted, while it is a draft.
    Nothing is deleted: the version is marked abandoned, with who and when,
    and stays in the versions table; the published version stays what
    readers see, and a new correction may be started. ``expected_version``:
    the version the person saw, so that a draft changed since is not
    abandoned unseen."""
    with transaction.atomic():
        version = lock_for_update(version, expected_version=expected_version)
        if version.status == Status.ABANDONED:
            raise ValidationError("This correction has already been abandoned.")
        if not version.is_correction:
            raise ValidationError(
                "Only a correction of a published version can be abandoned. "
                "A first draft that was never submitted for approval is discarded instead."
            )
        if version.status != Status.DRAFT:
            raise ValidationError(
                f"Only a correction in draft can be abandoned. This one is ‘{version.get_status_display()}’: "
                "the approver must send it back to draft first."
            )
        version.status, version.abandoned_by, version.abandoned_at = Status.ABANDONED, actor, timezone.now()
        bump_version(version)
        version.save()
        record(
            actor=actor,
            action="publication.correction_abandoned",
            partnership=version.partnership,
            target=version.publication,
            changes={"version": version.number, "reason": version.correction_reason},
        )
    return version


def _carry_kept_hits(published: PublicationVersion, correction: PublicationVersion) -> int:
    """The hits of the safety check that were kept with a reason in the
    published version are kept in its correction too, with the same reason,
    person and time: the correction starts from the same words, and a kept hit
    is asked again only where its words change (each is keyed by where it is
    and what it says). Returns how many were carried."""
    kept = list(SafetyOverride.objects.filter(version=published))
    for override in kept:
        copy = SafetyOverride.objects.create(
            partnership=correction.partnership,
            version=correction,
            field=override.field,
            kind=override.kind,
            found=override.found,
            fingerprint=override.fingerprint,
            reason=override.reason,
            decided_by_id=override.decided_by_id,
        )
        # When it was decided, not when it was carried (auto_now_add sets it on create).
        SafetyOverride.objects.filter(pk=copy.pk).update(decided_at=override.decided_at)
    return len(kept)


def correction_reason_change(
    *, actor, version: PublicationVersion, reason: str, expected_version: int
) -> PublicationVersion:
    """Change the reason of a correction while it is a draft: checked as when
    the correction was started, so that a reason that could now identify
    someone (a name held for the audit since) can be put right. Logged with
    the reason before and after; saving the same reason changes nothing."""
    reason = _checked_reason(version.publication, reason)
    with transaction.atomic():
        version = _locked_draft(version, expected_version)
        if not version.correction_reason:
            raise ValidationError("Only a correction of a published version has a reason to change.")
        before = version.correction_reason
        if reason == before:
            return version
        version.correction_reason = reason
        bump_version(version)
        version.save()
        record(
            actor=actor,
            action="publication.correction_reason_changed",
            partnership=version.partnership,
            target=version.publication,
            changes={"version": version.number, **diff({"reason": before}, {"reason": reason})},
        )
    return version
