"""What the findings views share: finding the audit, case or finding in the user's scope, and the
words of an edit conflict."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from maca.accounts.roles import Capability
from maca.audit_trail.services import record
from maca.findings import access, selectors
from maca.findings.models import Finding
from maca.programme.selectors import audits_for
from maca.selection.models import AuditCase

SEES_MEETING = (Capability.RECORD_MEETING, Capability.VIEW_SCRUTINISED_CASES)
CONFLICT = (
    "Someone else changed this while you were editing it. Your changes have not been saved: "
    "the page now shows what they saved. Make your changes again and save."
)


def _audit_for(request, pk: int):
    return get_object_or_404(audits_for(request.partnership), pk=pk)


def _meeting_audit(request, pk: int):
    audit = _audit_for(request, pk)
    if not access.can_see_meeting(request.membership, audit):
        raise PermissionDenied
    return audit


def _recording_audit(request, pk: int):
    audit = _meeting_audit(request, pk)
    if not access.can_record(request.membership, audit):
        raise PermissionDenied
    return audit


def _audit_case_for(audit, pk: int) -> AuditCase:
    return get_object_or_404(selectors.audit_case_in(audit), pk=pk)


def _finding_for(audit, pk: int) -> Finding:
    return get_object_or_404(selectors.finding_in(audit), pk=pk)


def _viewed(request, action: str, target, **changes) -> None:
    record(actor=request.user, action=action, partnership=request.partnership, target=target, changes=changes)
