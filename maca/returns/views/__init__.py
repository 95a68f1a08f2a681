"""An agency's return, page by page, one module per part of the work: one return (its page, its
task list, Check your answers and Submit), answering a section (its page and the autosave),
saving after a conflict, and an agency's list of returns. The QA officer's review, tracking and
counts are in ``review_views``, the chronology in ``chronology_views``.

The public names are re-exported here, so ``returns/urls.py`` and callers keep using
``views.detail`` or ``from maca.returns.views import return_in_scope``; the private helpers the
modules share are in ``_common``."""

from maca.returns.views._common import MOVES, SEES_RETURNS, return_in_scope
from maca.returns.views.answering import autosave, section
from maca.returns.views.lists import LIST_PAGE_SIZE, mine
from maca.returns.views.merging import merge
from maca.returns.views.one_return import check, detail, edit

__all__ = [
    "LIST_PAGE_SIZE",
    "MOVES",
    "SEES_RETURNS",
    "autosave",
    "check",
    "detail",
    "edit",
    "merge",
    "mine",
    "return_in_scope",
    "section",
]
