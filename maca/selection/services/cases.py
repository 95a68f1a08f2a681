"""A case joining an audit (numbered, with the agencies the case list names)
and a case taken out of it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from maca.audit_trail.services import record
from maca.cases.models import Case
from maca.programme.models import Audit
from maca.selection.models import Assignment, AuditCase, SelectionSource
from maca.selection.services._common import SELECTION_STAGES, _require_stage, _update


def _renumber(audit: Audit) -> None:
    """Keep 'Case 1..n' without gaps while the selection can still change:
    nominated cases first, then drawn ones, in the order they were added."""
    current = list(
        AuditCase.objects.current()
        .filter(partnership_id=audit.partnership_id, audit=audit)
        .order_by("source", "added_at", "id")
    )
    current.sort(key=lambda ac: (ac.source != SelectionSource.NOMINATED, ac.added_at, ac.pk))
    for number, audit_case in enumerate(current, start=1):
        if audit_case.number != number:
            _update(audit_case, number=number)


def _add_case(*, actor, audit: Audit, case: Case, source: str, draw=None, nomination=None) -> AuditCase:
    next_number = (
        AuditCase.objects.filter(partnership_id=audit.partnership_id, audit=audit).aggregate(n=Max("number"))["n"] or 0
    ) + 1
    audit_case = AuditCase.objects.create(
        partnership=audit.partnership,
        audit=audit,
        case=case,
        number=next_number,
        source=source,
        draw=draw,
        nomination=nomination,
        added_by=actor,
    )
    Assignment.objects.bulk_create(
        [
            Assignment(
                partnership=audit.partnership, audit_case=audit_case, agency=agency, from_import=True, added_by=actor
            )
            for agency in case.agencies.filter(partnership_id=audit.partnership_id, is_active=True)
        ]
    )
    return audit_case


def audit_case_remove(*, actor, audit_case: AuditCase, reason: str) -> AuditCase:
    """Take a case out of an audit before agencies start. Its row stays, with why."""
    partnership_id = audit_case.partnership_id
    with transaction.atomic():
        # The audit's row first, as a draw and the stage move take it: removing
        # renumbers the audit's other cases, which a draw writes too.
        audit = Audit.objects.select_for_update().get(partnership_id=partnership_id, pk=audit_case.audit_id)
        audit_case = AuditCase.objects.select_for_update().get(partnership_id=partnership_id, pk=audit_case.pk)
        audit_case.audit = audit  # as read under the lock
        _require_stage(audit, SELECTION_STAGES, "Cases can be removed")
        if audit_case.removed_at:
            raise ValidationError("This case has already been removed.")
        if not reason.strip():
            raise ValidationError({"reason": "Enter why the case is being taken out"})
        now = timezone.now()
        _update(audit_case, removed_at=now, removed_by=actor, removed_reason=reason.strip())
        Assignment.objects.current().filter(partnership_id=partnership_id, audit_case=audit_case).update(
            removed_at=now, removed_by=actor
        )
        _renumber(audit_case.audit)
        audit_case.case = Case.objects.get(partnership_id=partnership_id, pk=audit_case.case_id)
        record(
            actor=actor,
            action="audit_case.removed",
            partnership=audit_case.partnership,
            target=audit_case,
            changes={"case": audit_case.case.reference, "reason_given": True},
        )
    return audit_case
