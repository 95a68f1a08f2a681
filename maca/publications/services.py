"""Writing publications: drafting, editing section by section, the safety check's
replacements and overrides, submitting, approving, publishing, correcting (and
abandoning a correction).
Each function runs in one transaction and writes its audit record in it. The
audit log says which section changed, never what it says."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from maca.audit_trail.services import diff, record
from maca.core.concurrency import bump_version, lock_for_update
from maca.core.fields import seal
from maca.partnerships.services import partnership_hold
from maca.programme.models import Audit, year_label
from maca.programme.selectors import programmes_for
from maca.publications import access, checking, drafting, rendering, sources
from maca.publications.document import Document
from maca.publications.models import (
    APPROVER_ROLES,
    AUDIT_KINDS,
    Kind,
    Publication,
    PublicationSettings,
    PublicationVersion,
    SafetyOverride,
    Status,
)
from maca.publications.pseudonyms import ensure_pseudonyms

MAX_SECTION = 200_000
# The link on a correction's draft to the page that changes its reason, as errors name it.
CHANGE_REASON = "Change the reason for the correction"
MAX_LOGO = 200_000
# Pixels across and down: far more than a logo 2 cm high needs.
MAX_LOGO_PIXELS = 4_000


def draft_document(*, kind: str, audit=None, partnership=None, year: int | None = None) -> Document:
    if kind == Kind.ANNUAL_REPORT:
        return drafting.annual_report(sources.year_record(partnership, year), partnership_name=partnership.name)
    return drafting.DRAFTERS[Kind(kind)](sources.audit_record(audit))


def _programme_year_error(partnership, year: int) -> str:
    """Why a year with no audit programme cannot have an annual report, and
    which years can."""
    years = sorted(programmes_for(partnership).values_list("year", flat=True))
    message = f"There is no audit programme for {year} to {year + 1}"
    if not years:
        return f"{message}. Plan a programme first: the annual report is drafted from its audits"
    if len(years) == 1:
        return f"{message}. Enter {years[0]}, the first year of your programme for {year_label(years[0])}"
    listed = ", ".join(str(y) for y in years[:-1]) + f" or {years[-1]}"
    return f"{message}. Enter the first year of one of your programmes: {listed}"


def existing_publication(*, partnership, kind: str, audit=None, year: int | None = None) -> Publication | None:
    """The publication of this kind the audit (or, for the annual report, the
    year) already has, discarded drafts aside: what ``publication_create``
    refuses to draft twice, so that its error can link to it."""
    kept = Publication.objects.kept().filter(partnership=partnership, kind=kind)
    if kind in AUDIT_KINDS:
        return kept.filter(audit=audit).first() if audit is not None else None
    return kept.filter(year=year, audit__isnull=True).first() if year is not None else None


def _where_it_is(publication: Publication) -> str:
    """The end of "This audit already has a 6 Step Briefing…": what the person
    can do with it, never "edit" one waiting for approval or published."""
    newest = publication.versions.exclude(status=Status.ABANDONED).order_by("-number").first()
    status = newest.status if newest else Status.DRAFT
    if status == Status.SUBMITTED:
        return ", waiting for approval"
    if status == Status.APPROVED:
        return ", approved and waiting to be published"
    if status in (Status.PUBLISHED, Status.WITHDRAWN):
        return ": open it to read or correct it"
    return ": open it to edit it"


def publication_create(*, actor, partnership, kind: str, audit=None, year: int | None = None) -> Publication:
    """A new publication with its first draft, drafted from the record.

    Whether the audit (or the year) already has one is checked inside the
    transaction, with the audit's row (or the partnership's, for a year's
    report) locked: two people drafting the same at once queue there, and the
    second is told it exists rather than failing on the database's constraint."""
    if kind not in Kind.values:
        raise ValidationError({"kind": "Choose what to draft"})
    if kind in AUDIT_KINDS:
        if audit is None or audit.partnership_id != partnership.pk:
            raise ValidationError({"audit": "Choose the audit to draft it for"})
        year = None
        title = f"{Kind(kind).label}: {audit.title}"
    else:
        if year is None or not 2000 <= year <= 2100:
            raise ValidationError({"year": "Enter the programme year, like 2026"})
        audit = None
        title = f"{Kind(kind).label} {year_label(year)}"
    with transaction.atomic():
        kept = Publication.objects.kept()
        if audit is not None:
            list(Audit.objects.select_for_update().filter(partnership_id=partnership.pk, pk=audit.pk))
            existing = kept.filter(audit=audit, kind=kind).first()
            if existing is not None:
                raise ValidationError({"kind": f"This audit already has a {Kind(kind).label}{_where_it_is(existing)}"})
            ensure_pseudonyms(actor=actor, audit=audit)
        else:
            partnership_hold(partnership)
            if not programmes_for(partnership).filter(year=year).exists():
                raise ValidationError({"year": _programme_year_error(partnership, year)})
            if kept.filter(partnership=partnership, kind=kind, year=year, audit__isnull=True).exists():
                raise ValidationError({"year": f"There is already an annual report for {year_label(year)}"})
        document = draft_document(kind=kind, audit=audit, partnership=partnership, year=year)
        publication = Publication.objects.create(
            partnership=partnership, kind=kind, audit=audit, year=year, title=title, created_by=actor
        )
        PublicationVersion.objects.create(
            partnership=partnership,
            publication=publication,
            number=1,
            document=document.as_json(),
            created_by=actor,
        )
        record(
            actor=actor,
            action="publication.drafted",
            partnership=partnership,
            target=publication,
            changes={"kind": Kind(kind).label, "audit": audit, "year": year, "version": 1},
        )
    return publication


def can_be_discarded(publication: Publication, version: PublicationVersion) -> bool:
    """Only a first draft nobody has submitted is discarded: once an approver
    has read it, or it was published, it is part of the record."""
    return (
        publication.discarded_at is None
        and version.number == 1
        and version.status == Status.DRAFT
        and version.sent_back_at is None
    )


def publication_discard(*, actor, publication: Publication, expected_version: int | None = None) -> Publication:
    """Mark a draft nobody submitted as discarded. Nothing is deleted: it is
    kept, with who discarded it and when, and is no longer listed, so the
    audit or year may be drafted for again. ``expected_version``: the draft's
    version the person saw, so that a draft changed since is not discarded
    unseen."""
    with transaction.atomic():
        publication = Publication.objects.select_for_update().get(pk=publication.pk)
        versions = list(PublicationVersion.objects.select_for_update().filter(publication=publication))
        if len(versions) == 1 and expected_version is not None:
            lock_for_update(versions[0], expected_version=expected_version)
        if publication.discarded_at is not None:
            raise ValidationError("This draft has already been discarded.")
        if len(versions) != 1 or not can_be_discarded(publication, versions[0]):
            raise ValidationError(
                "Only a draft that was never submitted for approval can be discarded. This one has been submitted."
            )
        publication.discarded_by, publication.discarded_at = actor, timezone.now()
        publication.save(update_fields=["discarded_by", "discarded_at"])
        record(
            actor=actor,
            action="publication.discarded",
            partnership=publication.partnership,
            target=publication,
            changes={"kind": Kind(publication.kind).label, "version": versions[0].number},
        )
    return publication


def _locked_draft(version: PublicationVersion, expected_version: int | None) -> PublicationVersion:
    version = lock_for_update(version, expected_version=expected_version)
    if version.status != Status.DRAFT:
        raise ValidationError(f"Only a draft can be changed. This version is ‘{version.get_status_display()}’.")
    return version


def _draft_saved(
    *,
    actor,
    version: PublicationVersion,
    document: Document,
    changes: dict,
    action: str,
) -> None:
    """Keep a draft's changed ``document``, its edit counter moved on, and log
    ``action`` with the version's number and ``changes``: where it changed,
    never what it says. Called inside the caller's transaction, with the
    draft locked (``_locked_draft``)."""
    version.document = document.as_json()
    bump_version(version)
    version.save()
    record(
        actor=actor,
        action=action,
        partnership=version.partnership,
        target=version.publication,
        changes={"version": version.number, **changes},
    )


def section_update(
    *, actor, version: PublicationVersion, key: str, heading: str, text: str, expected_version: int
) -> PublicationVersion:
    heading, text = " ".join(heading.split()), text.strip()
    if not heading:
        raise ValidationError({"heading": "Enter the section’s heading"})
    if len(text) > MAX_SECTION:
        raise ValidationError({"text": f"The section must be {MAX_SECTION:,} characters or fewer"})
    with transaction.atomic():
        version = _locked_draft(version, expected_version)
        document = Document.from_json(version.document)
        section = document.section(key)
        if not text and not (section.tables or section.figure):
            # A section with a table (or chart) says what it shows; one without
            # would be published as a heading with nothing under it.
            raise ValidationError({"text": "Enter the text of the section"})
        changed = [
            name
            for name, old, new in (("heading", section.heading, heading), ("text", section.text, text))
            if old != new
        ]
        section.heading, section.text = heading, text
        _draft_saved(
            actor=actor,
            version=version,
            document=document,
            changes={"section": key, "changed": changed},
            action="publication.section_changed",
        )
    return version


def theme_names_update(*, actor, version: PublicationVersion, expected_version: int) -> list[tuple[str, str]]:
    """Write the new names of themes renamed since the publication was drafted
    (``sources.themes_renamed_since``) where the draft still uses the old
    ones: its chart's categories and summary, its tables and its sections'
    text, wherever an old name stands as a whole phrase ("Think family", never
    inside "Think familyhood"). Only a draft is changed, and only as the person
    saw it (``expected_version``, else ``EditConflict``). Returns the names
    changed, ``[(old, new)]``: none when the draft already uses the new ones
    (then nothing is saved or logged). Logged as a change of the sections it
    touched, with the names, never the text."""
    with transaction.atomic():
        version = _locked_draft(version, expected_version)
        renamed = sources.themes_renamed_since(version)
        if not renamed:
            return []
        document = Document.from_json(version.document)
        names_now = sources.theme_names_now(version.partnership_id)
        sections, used = [], []
        for address, text in sources.theme_name_fields(document):
            new_text = text
            for old, new in renamed:
                new_text, count = sources.theme_name_swapped(new_text, old, new, names_now=names_now)
                if count and (old, new) not in used:
                    used.append((old, new))
            if new_text != text:
                document.set(address, new_text)
                key = address.split(".", 1)[0]
                if key not in sections:
                    sections.append(key)
        _draft_saved(
            actor=actor,
            version=version,
            document=document,
            changes={
                "sections": sections,
                "changed": ["theme names"],
                "theme_names": [[old, new] for old, new in sorted(used)],
            },
            action="publication.section_changed",
        )
    return sorted(used)


def hit_replace(
    *,
    actor,
    version: PublicationVersion,
    address: str,
    start: int,
    end: int,
    found: str,
    new: str,
    expected_version: int,
) -> PublicationVersion:
    """Put ``new`` (the pseudonym) where the check found ``found``. Refused if
    the text there has changed since the check ran."""
    from maca.publications.safety import apply_replacements
    from maca.publications.safety.replace import Replacement

    with transaction.atomic():
        version = _locked_draft(version, expected_version)
        document = Document.from_json(version.document)
        try:
            text = document.get(address)
            document.set(address, apply_replacements(text, [Replacement(start, end, new, found)]))
        except (KeyError, ValueError) as error:
            raise ValidationError("The text has changed since it was checked: check it again.") from error
        _draft_saved(
            actor=actor,
            version=version,
            document=document,
            action="publication.identifier_replaced",
            changes={"where": address, "replaced_by": new},
        )
    return version


def hit_override(*, actor, version: PublicationVersion, fingerprint: str, reason: str) -> SafetyOverride:
    """Keep what the safety check found, with a written reason, logged."""
    reason = reason.strip()
    if len(reason) < 10:
        raise ValidationError({"reason": "Say why this can be published, in a sentence"})
    with transaction.atomic():
        version = lock_for_update(version, expected_version=None)
        if version.status != Status.DRAFT:
            raise ValidationError("Only a draft can be changed.")
        match = next((h for h in checking.check_version(version) if h.fingerprint == fingerprint), None)
        if match is None:
            raise ValidationError("That text is no longer in the publication: check it again.")
        if match.override is not None:
            return match.override
        override = SafetyOverride.objects.create(
            partnership=version.partnership,
            version=version,
            field=match.address,
            kind=str(match.hit.kind),
            found=seal(match.hit.text),
            fingerprint=fingerprint,
            reason=reason,
            decided_by=actor,
        )
        # Keeping a hit changes the draft: its "Last changed" moves (its text does not).
        version.save(update_fields=["updated_at"])
        record(
            actor=actor,
            action="publication.check_overridden",
            partnership=version.partnership,
            target=version.publication,
            changes={"version": version.number, "where": match.address, "kind": match.kind_label, "reason": reason},
        )
    return override


def _leave_out(found) -> str:
    """The words of a correction's reason to leave out, each once, in the
    order they stand: "‘Kayden Ashworth’", "‘Kayden’ and ‘Marlow’"."""
    words = [f"‘{text}’" for text in dict.fromkeys(hit.text for hit in found)]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _reason_refused(found) -> str:
    # The reason is shown with the version to everyone who reads it, and is in no section the check covers.
    return (
        f"Leave {_leave_out(found)} out of the reason: it could identify someone, "
        "and everyone who reads the publication sees the reason"
    )


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
    started), and where the reason is changed; empty when nothing stops it.
    Checked as when the correction was started (``checking.hits_in_text``)."""
    if not version.correction_reason:
        return ""
    found = checking.hits_in_text(version.publication, version.correction_reason)
    if not found:
        return ""
    said = (
        f"The reason for the correction could identify someone: leave {_leave_out(found)} out of it, "
        "as everyone who reads the publication sees the reason. "
    )
    if version.status == Status.DRAFT:
        return said + f"Change it with ‘{CHANGE_REASON}’ on the publication’s page before it can be {doing}."
    return said + f"The approver must send it back to draft, so that the reason can be changed before it is {doing}."


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


def _settings_as_they_are(item, approver_role: str, logo_png: bytes | None, remove_logo: bool) -> bool:
    logo = bytes(item.logo_png or b"")
    wanted = b"" if remove_logo else (logo_png if logo_png is not None else logo)
    return item.approver_role == approver_role and wanted == logo


def _check_logo(logo_png: bytes) -> None:
    """Refuse a logo that is not a PNG, too large, too many pixels across, or
    that cannot be read (one that only starts like a PNG, or is cut short):
    saved, it would be printed on every publication's files."""
    if not logo_png.startswith(rendering.PNG_SIGNATURE):
        raise ValidationError({"logo": "The logo must be a PNG file"})
    if len(logo_png) > MAX_LOGO:
        raise ValidationError({"logo": "The logo must be smaller than 200 KB"})
    pixels = rendering.png_pixels(logo_png)
    # Its size first, from its header: a small file can hold a picture too large to open.
    if pixels is not None and max(pixels) > MAX_LOGO_PIXELS:
        most = f"{MAX_LOGO_PIXELS:,} pixels"
        raise ValidationError({"logo": f"The logo must be no more than {most} wide and {most} high"})
    if pixels is None or not rendering.logo_is_readable(logo_png):
        raise ValidationError(
            {"logo": "The logo must be a PNG file that can be opened: this one is damaged or incomplete"}
        )


def settings_update(
    *,
    actor,
    partnership,
    approver_role: str,
    logo_png: bytes | None,
    remove_logo: bool = False,
    expected_version: int | None = None,
):
    """``expected_version``: the settings' version the person opened (1 when
    none were saved yet): refused with ``EditConflict`` if another admin saved
    them since."""
    if approver_role not in dict(APPROVER_ROLES):
        raise ValidationError({"approver_role": "Choose the role that approves publications"})
    if logo_png is not None:
        _check_logo(logo_png)
    with transaction.atomic():
        saved = PublicationSettings.objects.filter(partnership=partnership).first()
        if (
            saved is None
            and expected_version in (None, 1)
            and _settings_as_they_are(
                PublicationSettings(partnership=partnership), approver_role, logo_png, remove_logo
            )
        ):
            # Nothing saved yet and nothing asked for but the defaults: no row, no log.
            return PublicationSettings(partnership=partnership)
        item, _ = PublicationSettings.objects.get_or_create(partnership=partnership)
        item = lock_for_update(item, expected_version=expected_version)
        if _settings_as_they_are(item, approver_role, logo_png, remove_logo):
            # Saved as they are: nothing to change or log, and the version stays
            # (the page says nothing was changed).
            return item
        before = item.approver_role
        item.approver_role = approver_role
        if remove_logo:
            item.logo_png = b""
        elif logo_png is not None:
            item.logo_png = logo_png
        bump_version(item)
        item.save()
        record(
            actor=actor,
            action="publication_settings.changed",
            partnership=partnership,
            target=partnership,
            changes={
                "approver_role": [before, approver_role] if before != approver_role else None,
                "logo": "removed" if remove_logo else ("changed" if logo_png is not None else None),
            },
        )
    return item
