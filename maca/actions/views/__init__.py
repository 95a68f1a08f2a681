"""The action plan's pages: thin views, each with its guard, reaching actions through ``selectors``
and changing them through ``services``. One module per part of the work: the plan's lists, downloads
and board papers with an audit's actions and one action, an action's steps, its evidence files, and
raising an action."""

from .action_plan import audit, board, detail, mine, plan, plan_docx, plan_export, plan_pdf
from .evidence_files import evidence_file
from .raising import raise_from_finding, raise_from_recommendation, raise_standing
from .steps import cancel, change_owner, move_due_date, progress, reopen, request_sign_off, sign_off

__all__ = [
    "audit",
    "board",
    "cancel",
    "change_owner",
    "detail",
    "evidence_file",
    "mine",
    "move_due_date",
    "plan",
    "plan_docx",
    "plan_export",
    "plan_pdf",
    "progress",
    "raise_from_finding",
    "raise_from_recommendation",
    "raise_standing",
    "reopen",
    "request_sign_off",
    "sign_off",
]
