"""Learning into practice: after an output is published, each agency records
how it used it (team meetings held, staff reached, changes made); the
partnership sees which agencies have not yet; the annual report's impact
section is made of it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from maca.audit_trail.services import diff, record
from maca.core.concurrency import EditConflict, bump_version, lock_for_update
from maca.partnerships.models import Agency
from maca.publications.models import PracticeReport, Publication, Status
from maca.publications.sources import Uptake
from maca.selection.models import Assignment


def expected_agencies(publication: Publication) -> list[Agency]:
    """The agencies asked to report: those that audited the audit's cases (the
    top of each agency's tree), or every active top-level agency for an
    output of a year."""
    return expected_agencies_of(publication.partnership_id, [publication])[publication.pk]


def reporting_agencies(publication: Publication) -> list[Agency]:
    """Every active top-level agency of the partnership: who may report when
    no agency is asked (no agency audited the cases in maca)."""
    return list(
        Agency.objects.filter(partnership_id=publication.partnership_id, is_active=True, parent__isnull=True).order_by(
            "name"
        )
    )


def agency_choices(publication: Publication, agencies: list[Agency]):
    """The agencies a person may report for, as a query a form field can use:
    those given, within the publication's partnership, by name."""
    return Agency.objects.filter(
        partnership_id=publication.partnership_id, pk__in=[agency.pk for agency in agencies]
    ).order_by("name")


def reports_for(publication: Publication):
    return PracticeReport.objects.filter(
        partnership_id=publication.partnership_id, publication=publication
    ).select_related("agency__parent", "reported_by")


def is_published(publication: Publication) -> bool:
    return publication.versions.filter(status=Status.PUBLISHED).exists()


def practice_report_save(
    *,
    actor,
    publication: Publication,
    agency: Agency,
    meetings_held: int,
    staff_reached: int,
    changes_made: str,
    expected_version: int | None = None,
) -> PracticeReport:
    changes_made = changes_made.strip()
    if agency.partnership_id != publication.partnership_id:
        raise ValidationError("Choose an agency of this partnership")
    if not is_published(publication):
        raise ValidationError("Agencies report how they used a publication once it is published")
    with transaction.atomic():
        # Two first reports for one agency at once: the publication's row is the lock,
        # so the second finds the first and is told, rather than failing on the
        # one-report-per-agency constraint.
        Publication.objects.select_for_update().filter(pk=publication.pk).first()
        existing = PracticeReport.objects.filter(publication=publication, agency=agency).first()
        if existing is not None and not expected_version:
            # The person opened the page before anyone had reported for the agency (0), or chose the
            # agency on a page that could not know its report (None, several agencies offered):
            # someone has reported for it, so what they said is shown before it is replaced.
            raise EditConflict(existing, expected=0)
        if existing is None:
            try:
                with transaction.atomic():
                    report = PracticeReport.objects.create(
                        partnership_id=publication.partnership_id,
                        publication=publication,
                        agency=agency,
                        meetings_held=meetings_held,
                        staff_reached=staff_reached,
                        changes_made=changes_made,
                        reported_by=actor,
                    )
            except IntegrityError:  # where the lock is not enough (SQLite)
                raise EditConflict(
                    PracticeReport.objects.get(publication=publication, agency=agency), expected=0
                ) from None
            changes = {"meetings_held": meetings_held, "staff_reached": staff_reached}
        else:
            report = lock_for_update(existing, expected_version=expected_version)
            before = {"meetings_held": report.meetings_held, "staff_reached": report.staff_reached}
            report.meetings_held, report.staff_reached = meetings_held, staff_reached
            changed_text = report.changes_made != changes_made
            report.changes_made, report.reported_by = changes_made, actor
            bump_version(report)
            report.save()
            changes = diff(before, {"meetings_held": meetings_held, "staff_reached": staff_reached})
            if changed_text:
                changes["changes_made"] = "changed"
        record(
            actor=actor,
            action="practice_report.created" if existing is None else "practice_report.updated",
            partnership=publication.partnership,
            target=publication,
            changes={"agency": agency.name, **changes},
        )
    return report


def progress(publication: Publication) -> tuple[list[PracticeReport], list[Agency], Uptake]:
    """The reports made, the expected agencies that have not reported, and
    how many have reported of those asked (and not asked)."""
    return _progress_of(list(reports_for(publication)), expected_agencies(publication))


def _progress_of(reports: list[PracticeReport], expected: list[Agency]):
    """``progress`` of a publication from its reports and expected agencies, read already."""
    reported = {r.agency_id for r in reports}
    missing = [a for a in expected if a.pk not in reported]
    asked = {a.pk for a in expected}
    uptake = Uptake(
        asked=len(expected),
        asked_reported=len(reported & asked),
        others_reported=len(reported - asked),
    )
    return reports, missing, uptake


def changes_for_audit(audit) -> list[str]:
    """What agencies changed after the audit's outputs, as they reported it."""
    return changes_by_audit(audit.partnership, [audit.pk]).get(audit.pk, [])


def changes_by_audit(partnership, audit_ids) -> dict[int, list[str]]:
    """``changes_for_audit`` of several audits at once, by audit pk."""
    rows = (
        PracticeReport.objects.filter(partnership_id=partnership.pk, publication__audit_id__in=list(audit_ids))
        .select_related("agency", "publication")
        .order_by("agency__name", "pk")
    )
    found: dict[int, list[str]] = {}
    for r in rows:
        if r.changes_made.strip():
            found.setdefault(r.publication.audit_id, []).append(f"{r.agency.name}: {' '.join(r.changes_made.split())}")
    return found


def expected_agencies_of(partnership_id: int, publications) -> dict[int, list[Agency]]:
    """``expected_agencies`` of several publications of one partnership at
    once, by publication pk: read in two queries however many there are."""
    tops_active = list(
        Agency.objects.filter(partnership_id=partnership_id, is_active=True, parent__isnull=True).order_by("name")
    )
    audit_ids = {p.audit_id for p in publications if p.audit_id}
    tops_by_audit: dict[int, set[int]] = {}
    assigned = Assignment.objects.filter(
        partnership_id=partnership_id,
        audit_case__audit_id__in=audit_ids,
        audit_case__removed_at__isnull=True,
        removed_at__isnull=True,
    ).values_list("audit_case__audit_id", "agency_id", "agency__parent_id")
    for audit_id, agency, parent in assigned:
        tops_by_audit.setdefault(audit_id, set()).add(parent or agency)
    expected = {}
    for p in publications:
        tops = tops_by_audit.get(p.audit_id, set())
        expected[p.pk] = [a for a in tops_active if a.pk in tops] if p.audit_id else list(tops_active)
    return expected


def impact_rows(partnership, year: int):
    """A row for each of the year's published outputs: how agencies used it
    (``progress`` of each), read at once for all of them, so the year's
    report reads no more for more published outputs."""
    from maca.publications.sources import ImpactRow

    publications = list(
        Publication.objects.filter(
            partnership=partnership, audit__programme__year=year, versions__status=Status.PUBLISHED
        )
        .distinct()
        .order_by("title")
    )
    expected_of = expected_agencies_of(partnership.pk, publications)
    reports_of: dict[int, list[PracticeReport]] = {}
    for report in (
        PracticeReport.objects.filter(partnership_id=partnership.pk, publication__in=[p.pk for p in publications])
        .select_related("agency__parent", "reported_by")
        .order_by("agency__name")
    ):
        reports_of.setdefault(report.publication_id, []).append(report)
    rows = []
    for publication in publications:
        reports = reports_of.get(publication.pk, [])
        _reports, _missing, uptake = _progress_of(reports, expected_of[publication.pk])
        rows.append(
            ImpactRow(
                output=publication.title,
                agencies_reported=uptake.asked_reported,
                agencies_expected=uptake.asked,
                others_reported=uptake.others_reported,
                meetings=sum(r.meetings_held for r in reports),
                staff=sum(r.staff_reached for r in reports),
                changes=[f"{r.agency.name}: {' '.join(r.changes_made.split())}" for r in reports if r.changes_made],
            )
        )
    return rows
