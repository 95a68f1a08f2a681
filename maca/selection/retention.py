"""What case selection keeps no longer than the partnership decides
(``maca.core.retention``): cases in the pool never selected, and nominations
not taken up."""

from __future__ import annotations

from django.db.models import Exists, Max, OuterRef, Q

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
