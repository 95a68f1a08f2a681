"""What the audit's stage moves ask of its returns (registered in ``apps.py``):
a published tool of the right kind before agencies audit, how many returns
are in said before the meeting, none still sent back before writing up."""

from __future__ import annotations

from django.db.models import Count

from maca.programme.models import Audit, AuditKind, Stage, tool_kind_for
from maca.returns import figures
from maca.returns.models import Return, ReturnStatus
from maca.returns.services._common import published_version


def expected_tool_kind(audit: Audit) -> str:
    """The kind of tool the audit's returns use (``programme.models.tool_kind_for``)."""
    return tool_kind_for(audit.kind)


def tool_ready(audit: Audit) -> list[str]:
    """Condition for moving into 'agencies auditing': a published tool of the right kind."""
    if audit.tool_id is None:
        return ["Choose the audit tool agencies will complete."]
    if audit.tool.kind != expected_tool_kind(audit):
        wanted = "a summative report tool" if audit.kind == AuditKind.DEEP_DIVE else "a case audit tool"
        return [f"A {audit.get_kind_display().lower()} needs {wanted}; ‘{audit.tool.name}’ is not one."]
    if published_version(audit) is None:
        return [f"Publish a version of ‘{audit.tool.name}’ first."]
    return []


def returns_in_before_the_meeting(audit: Audit) -> list[str]:
    """What the move into 'Meeting' says beforehand, without refusing it
    (the meeting is held when it is held): how many returns are in, when
    some are outstanding, and that agencies can still send them until the
    audit moves to 'Writing up' (``access.EDITING_STAGES``)."""
    counts = dict(
        Return.objects.filter(partnership_id=audit.partnership_id, audit=audit)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    response = figures.response_of_counts(counts, kind=audit.kind)
    if not response.outstanding:
        return []
    return [
        f"{response.returns_text}. Agencies can still send the rest until the audit moves to "
        f"‘{Stage.WRITING_UP.label}’."
    ]


def none_sent_back(audit: Audit) -> list[str]:
    """Condition for moving into 'writing up': no return is still sent back.
    After the meeting agencies can no longer change their returns, so one
    sent back and not yet submitted again would be left with nobody able to
    act on it."""
    waiting = (
        Return.objects.filter(partnership_id=audit.partnership_id, audit=audit, status=ReturnStatus.RETURNED)
        .select_related("agency")
        .order_by("agency__name")
    )
    names = sorted({r.agency.name for r in waiting})
    if not names:
        return []
    count = waiting.count()
    returns = "1 return was" if count == 1 else f"{count} returns were"
    return [
        f"{returns} sent back and not yet submitted again ({', '.join(names)}): "
        "wait for the agencies to submit them, or withdraw them."
    ]
