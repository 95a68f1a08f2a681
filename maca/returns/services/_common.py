"""What the modules of returns' services share: the published version of an
audit's tool, a return's move from one status to another (recorded as a
``ReturnTransition``), and the lock a change takes on a return."""

from __future__ import annotations

from maca.core.concurrency import lock_for_update
from maca.programme.models import Audit
from maca.returns.models import Return, ReturnTransition
from maca.tools.models import ToolVersion, VersionStatus


def published_version(audit: Audit) -> ToolVersion | None:
    if audit.tool_id is None:
        return None
    return ToolVersion.objects.filter(tool_id=audit.tool_id, status=VersionStatus.PUBLISHED).order_by("-number").first()


def _transition(return_record: Return, to_status: str, *, actor, comment: str = "") -> None:
    ReturnTransition.objects.create(
        partnership_id=return_record.partnership_id,
        return_record=return_record,
        from_status=return_record.status,
        to_status=to_status,
        actor=actor,
        comment=comment,
    )
    return_record.status = to_status


def _lock(return_record: Return, expected_version: int) -> Return:
    return lock_for_update(return_record, expected_version=expected_version)
