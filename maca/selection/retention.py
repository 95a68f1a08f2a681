"""What case selection keeps no longer than the partnership decides
(``maca.core.retention``): cases in the pool never selected, and nominations
not taken up; and, when the returns app's run takes an audited case's names
out of what was typed about it (``identifiers_after_audit``), the same names
out of the reasons typed here (:func:`scrub_case_text`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.db.models import Exists, F, Max, OuterRef, Q
from django.utils import timezone

from maca.cases import retention as case_retention
from maca.cases.models import Case
from maca.programme.models import Audit, Stage
from maca.selection.models import AuditCase, Nomination, NominationStatus

FINISHED = [Stage.CLOSED, Stage.CANCELLED]


def audits_finished_before(partnership, before):
    """Ids of the partnership's audits closed or cancelled before ``before``."""
    return (
        Audit.objects.filter(partnership=partnership, stage__in=FINISHED)
        .annotate(ended=Max("transitions__occurred_at", filter=Q(transitions__to_stage__in=FINISHED)))
        .filter(ended__lt=before)
        .values_list("pk", flat=True)
    )


def delete_never_drawn(*, partnership, before) -> int:
    """Cases no audit selected or was asked to consider, last listed in a case
    list (or changed) before ``before``: deleted with their children."""
    stale = (
        Case.objects.filter(partnership=partnership, updated_at__lt=before)
        .exclude(Exists(AuditCase.objects.filter(case=OuterRef("pk"))))
        .exclude(Exists(Nomination.objects.filter(case=OuterRef("pk"))))
    )
    return case_retention.delete_cases(partnership=partnership, case_ids=list(stale.values_list("pk", flat=True)))


def delete_nominations_not_taken_up(*, partnership, before) -> int:
    """Nominations declined or never decided, for audits that ended before
    ``before``: the reason given may describe a family."""
    return (
        Nomination.objects.filter(
            partnership=partnership, audit_id__in=list(audits_finished_before(partnership, before))
        )
        .exclude(status=NominationStatus.ACCEPTED)
        .exclude(Exists(AuditCase.objects.filter(nomination=OuterRef("pk"))))
        .delete()[0]
    )


def scrub_rows(queryset, fields: tuple[str, ...], replace: Callable, *, now: datetime | None = None) -> int:
    """Puts ``replace(value)`` (the value with the names taken out) in ``fields``
    of each row of ``queryset`` whose text it changes, and returns how many rows
    changed. A row changed is marked changed as any save marks it: its
    ``updated_at`` is ``now`` (the caller's clock; by default this one's) and a
    versioned row's version goes up, so that a page opened on the old words
    cannot save them back, and what a process built from them (a tagger, an
    index of words) is built again. A second run changes nothing."""
    model = queryset.model
    names = {f.name for f in model._meta.concrete_fields}
    marks = {}
    if "updated_at" in names:
        marks["updated_at"] = now or timezone.now()
    if "version" in names:
        marks["version"] = F("version") + 1
    changed = 0
    for row in queryset.values("pk", *fields):
        new = {f: replace(row[f]) for f in fields}
        if any(new[f] != row[f] for f in fields):
            model.objects.filter(pk=row["pk"]).update(**new, **marks)
            changed += 1
    return changed


def scrub_case_text(case_id: int, replace: Callable) -> int:
    """The names out of why the case was nominated and the decision on it, and
    why it was taken out of an audit. (A draw's ``superseded_reason`` is
    maca's own words, about the draw, not a case.)"""
    changed = scrub_rows(Nomination.objects.filter(case_id=case_id), ("reason", "decision_reason"), replace)
    changed += scrub_rows(AuditCase.objects.filter(case_id=case_id), ("removed_reason",), replace)
    return changed
