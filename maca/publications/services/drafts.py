"""Drafting a publication from the record, and discarding a first draft
nobody submitted."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from maca.audit_trail.services import record
from maca.core.concurrency import lock_for_update
from maca.partnerships.services import partnership_hold
from maca.programme.models import Audit, year_label
from maca.programme.selectors import programmes_for
from maca.publications import drafting, figures, sources
from maca.publications.document import Document
from maca.publications.models import (
    AUDIT_KINDS,
    Kind,
    Publication,
    PublicationVersion,
    Status,
)
from maca.publications.pseudonyms import ensure_pseudonyms


def draft_document(*, kind: str, audit=None, partnership=None, year: int | None = None) -> Document:
    if kind == Kind.ANNUAL_REPORT:
        year_record = sources.year_record(partnership, year)
        document = drafting.annual_report(year_record, partnership_name=partnership.name)
        document.left_out = year_record.awaiting_themes
        return document
    record = sources.audit_record(audit)
    document = drafting.DRAFTERS[Kind(kind)](record)
    document.left_out = record.awaiting_themes
    return document


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
        # Its figure sections say the day their figures were drawn.
        document = figures.stamped(
            draft_document(kind=kind, audit=audit, partnership=partnership, year=year), kind, timezone.localdate()
        )
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
