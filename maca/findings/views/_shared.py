"""What the findings views share: finding the audit, case or finding in the user's scope, and the
words of an edit conflict."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse

from maca.accounts.roles import Capability
from maca.audit_trail.services import record
from maca.core.errors import Refused
from maca.findings import access, selectors
from maca.findings.models import Finding
from maca.findings.suggesting import field_of
from maca.programme.selectors import audits_for
from maca.selection.models import AuditCase
from maca.selection.selectors import visible_cases

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


def _closed_recording(audit) -> Refused:
    """The person records meetings, but not this audit's at its stage: the page
    says why (still refused, 403), not that their role lacks the part of maca."""
    title, said = access.recording_closed(audit)
    paragraphs = [said]
    if access.recording_is_over(audit):
        paragraphs.append("You can still read it.")
    return Refused(
        title=title,
        caption=audit.title,
        paragraphs=paragraphs,
        back_text="Go to the meeting page",
        back_url=reverse("findings:meeting", kwargs={"audit_pk": audit.pk}),
    )


def _recording_audit(request, pk: int):
    audit = _meeting_audit(request, pk)
    if not access.can_record(request.membership, audit):
        if request.membership.can(Capability.RECORD_MEETING):
            raise _closed_recording(audit)
        raise PermissionDenied
    return audit


def _audit_case_for(audit, pk: int) -> AuditCase:
    return get_object_or_404(selectors.audit_case_in(audit), pk=pk)


def _finding_for(audit, pk: int) -> Finding:
    return get_object_or_404(selectors.finding_in(audit), pk=pk)


def _removed_meanwhile(audit, pk: int) -> Finding | None:
    """The audit's finding ``pk`` if it has been removed (to say so to someone
    saving a page opened before, rather than answer that there is no such page)."""
    return selectors.removed_finding_in(audit, pk)


def _viewed(request, action: str, target, **changes) -> None:
    record(actor=request.user, action=action, partnership=request.partnership, target=target, changes=changes)


def _case_records_opened(membership, audit_cases) -> set[int]:
    """The cases (``case_id``) of ``audit_cases`` whose record this person may
    open: the case's page answers only for ``visible_cases``, so a reference
    links there only for these and is shown unlinked otherwise."""
    ids = {ac.case_id for ac in audit_cases}
    return set(visible_cases(membership).filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()


def answers_to_take(returns, taken: dict) -> list[dict]:
    """Each submitted return (of a case, or a deep dive's summative reports),
    with its written answers and whether each has been taken as a finding
    (none, for a return with no narrative: the page says so rather than leave
    the agency out)."""
    by_version = selectors.written_questions(r.tool_version_id for r in returns)
    result = []
    for r in returns:
        answers = []
        for q in by_version.get(r.tool_version_id, []):
            value = (r.answers or {}).get(q["key"])
            if not isinstance(value, str) or not value.strip():
                continue
            field = field_of(q["key"])
            answers.append(
                {
                    "key": q["key"],
                    "question": q["text"],
                    "text": value,
                    "button": {"strengths": "Add as a strength", "worries": "Add as a concern"}.get(
                        field or "", "Add as a finding"
                    ),
                    "taken": taken.get((r.pk, q["key"])),
                }
            )
        result.append({"return": r, "answers": answers})
    return result
