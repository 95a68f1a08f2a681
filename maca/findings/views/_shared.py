"""What the findings views share: finding the audit, case or finding in the user's scope, and the
words of an edit conflict."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from maca.accounts.roles import Capability
from maca.audit_trail.services import record
from maca.findings import access, selectors
from maca.findings.models import Finding
from maca.programme.models import STAGE_ORDER, Stage
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


class RecordingClosed(PermissionDenied):
    """The person records meetings, but not this audit's at its stage: the
    page says so (not that their role lacks the part of maca)."""

    def __init__(self, audit):
        super().__init__(f"The meeting of ‘{audit.title}’ cannot be changed at its stage.")
        self.audit = audit


def _recording_audit(request, pk: int):
    audit = _meeting_audit(request, pk)
    if not access.can_record(request.membership, audit):
        if request.membership.can(Capability.RECORD_MEETING):
            raise RecordingClosed(audit)
        raise PermissionDenied
    return audit


def explains_closed_recording(view):
    """Around a view that changes the meeting record: when the audit is not at
    a stage where it is recorded, a page that says why (still refused, 403),
    with a link back to the meeting."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except RecordingClosed as closed:
            audit = closed.audit
            stage = Stage(audit.stage)
            if stage == Stage.CANCELLED:
                when = "cancelled"
            elif STAGE_ORDER.index(stage) > STAGE_ORDER.index(Stage.WRITING_UP):
                when = "past"
            else:
                when = "not_yet"
            return render(
                request,
                "findings/recording_closed.html",
                {
                    "audit": audit,
                    "stage": stage.label,
                    "opens_at": Stage.MEETING.label,
                    "when": when,
                    "meeting_url": reverse("findings:meeting", kwargs={"audit_pk": audit.pk}),
                },
                status=403,
            )

    return wrapped


def _audit_case_for(audit, pk: int) -> AuditCase:
    return get_object_or_404(selectors.audit_case_in(audit), pk=pk)


def _finding_for(audit, pk: int) -> Finding:
    return get_object_or_404(selectors.finding_in(audit), pk=pk)


def _viewed(request, action: str, target, **changes) -> None:
    record(actor=request.user, action=action, partnership=request.partnership, target=target, changes=changes)
