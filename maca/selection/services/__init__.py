"""Selecting cases for an audit: nominations, random stratified draws, and the
agencies asked to audit each case. Each function runs in one transaction and
writes its audit record in it.

One module per subject; the public names are re-exported here, so callers
keep using ``from maca.selection import services`` then ``services.draw_make(...)``
(views look them up on this package, so a test may replace one here)."""

from maca.selection.services._common import ASSIGNMENT_STAGES, DRAW_STAGES, SELECTION_STAGES
from maca.selection.services.assignments import (
    AssignmentsSaved,
    LeadsTold,
    WithdrawalsToConfirm,
    WorkAtRisk,
    assignments_set,
    on_assignments_changed,
    on_removal_checked,
    ready_for_agencies,
    work_at_risk,
)
from maca.selection.services.cases import _add_case, audit_case_remove
from maca.selection.services.draw import ANY_DRAW, OVERVIEW_DIMENSIONS, DrawReplaced, draw_make
from maca.selection.services.emails import tell_agencies_their_cases
from maca.selection.services.nominations import (
    nomination_create,
    nomination_decide,
    nomination_problem,
    nominator_agency_to_ask,
)
from maca.selection.services.pool import (
    LOOK_BACK_MONTHS,
    Pool,
    PoolFilter,
    eligible_pool,
    missing_theme_flags,
    pool_rows,
    theme_flags,
)

__all__ = [
    "ANY_DRAW",
    "ASSIGNMENT_STAGES",
    "DRAW_STAGES",
    "LOOK_BACK_MONTHS",
    "OVERVIEW_DIMENSIONS",
    "SELECTION_STAGES",
    "AssignmentsSaved",
    "DrawReplaced",
    "LeadsTold",
    "Pool",
    "PoolFilter",
    "WithdrawalsToConfirm",
    "WorkAtRisk",
    # Adding a case without a nomination or a draw: tests build audits with it.
    "_add_case",
    "assignments_set",
    "audit_case_remove",
    "draw_make",
    "eligible_pool",
    "missing_theme_flags",
    "nomination_create",
    "nomination_decide",
    "nomination_problem",
    "nominator_agency_to_ask",
    "on_assignments_changed",
    "on_removal_checked",
    "pool_rows",
    "ready_for_agencies",
    "tell_agencies_their_cases",
    "theme_flags",
    "work_at_risk",
]
