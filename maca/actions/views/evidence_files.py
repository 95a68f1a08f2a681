"""A piece of evidence, downloaded by those who may see it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.actions import access, evidence, selectors
from maca.audit_trail.services import record
from maca.core.exports import attachment_header


@require_capability(Capability.VIEW_ACTIONS)
def evidence_file(request, pk: int):
    item = get_object_or_404(selectors.evidence_for(request.membership, pk), pk=pk)
    if not access.can_see_evidence(request.membership, item.event.action):
        raise PermissionDenied
    record(
        actor=request.user,
        action="action_evidence.downloaded",
        partnership=request.partnership,
        target=item.event.action,
        changes={"evidence": item.pk, "size": item.size},
    )
    response = HttpResponse(evidence.unseal(item.content), content_type=item.content_type)
    response["Content-Disposition"] = attachment_header(item.filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
