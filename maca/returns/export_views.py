"""Downloads of the response grid and the counts (CSV or Excel), for those who
may see the pages they come from, logged like a view of them."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone

from maca.accounts.permissions import require_capability
from maca.accounts.roles import Capability
from maca.audit_trail.services import record
from maca.core.exports import download, filename_for
from maca.programme.selectors import audits_for
from maca.returns import exports, selectors
from maca.returns.counting import summarise
from maca.returns.tracking import tracking_grid


def _audit_for(request, pk: int):
    return get_object_or_404(audits_for(request.partnership), pk=pk)


@require_capability(Capability.TRACK_RESPONSES)
def tracking_export(request, audit_pk: int, fmt: str):
    audit = _audit_for(request, audit_pk)
    grid = tracking_grid(
        audit,
        selectors.audit_return_cells(audit),
        selectors.partnership_agencies(request.partnership.pk),
        today=timezone.localdate(),
    )
    record(
        actor=request.user,
        action="responses.exported",
        partnership=request.partnership,
        target=audit,
        changes={"format": fmt, "cases": len(grid.rows), "agencies": len(grid.agencies)},
    )
    return download(exports.grid_tables(grid), fmt=fmt, filename=filename_for("responses", audit.title, fmt=fmt))


@require_capability(Capability.VIEW_FIGURES)
def summary_export(request, audit_pk: int, fmt: str):
    audit = _audit_for(request, audit_pk)
    result = summarise(selectors.audit_returns(audit), agencies=selectors.partnership_agencies(request.partnership.pk))
    record(
        actor=request.user,
        action="counts.exported",
        partnership=request.partnership,
        target=audit,
        changes={"format": fmt, "returns_counted": result.counted},
    )
    return download(exports.summary_tables(result), fmt=fmt, filename=filename_for("counts", audit.title, fmt=fmt))
