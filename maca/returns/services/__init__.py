"""Agencies' returns: created when agencies start auditing, saved as drafts,
submitted, sent back or accepted, withdrawn (never deleted). Each function runs
in one transaction and writes its audit record in it.

One module per concept; the public names are re-exported here, so callers
keep using ``from maca.returns import services`` then
``services.return_submit(...)``. A test that replaces a function for the
code that calls it replaces it in the module that calls it
(``services.flow._transition``), not here."""

from django.core.exceptions import ValidationError

from maca.core.concurrency import EditConflict
from maca.returns.services._common import _lock, _transition, published_version
from maca.returns.services.answers import (
    Merge,
    answers_at,
    answers_over,
    asks_the_same_since,
    merge_for,
    normalised,
    normalised_answers,
)
from maca.returns.services.drafts import mark_started, return_save_draft, return_save_section
from maca.returns.services.flow import _tell_agency_sent_back, return_review, return_submit, return_withdraw
from maca.returns.services.making import (
    _RETURN_STATES,
    AUDITING_AGAIN,
    AUDITING_AGAIN_ANY,
    NO_LONGER_AUDITING,
    NO_LONGER_AUDITING_ANY,
    _auditing_again,
    _bring_back,
    _follows_assignments,
    _hold_tool,
    _live_returns_taken_off,
    _new_return,
    _no_longer_auditing,
    _returns_of,
    answered_count,
    follow_assignment_changes,
    returns_create_for_audit,
    returns_follow_published_version,
    work_at_risk,
)
from maca.returns.services.stage_checks import (
    expected_tool_kind,
    none_sent_back,
    returns_in_before_the_meeting,
    tool_ready,
)

# Besides the services, what they raise (``services.EditConflict``, ``services.ValidationError``)
# and their helpers, importable from here as before the split (tests make returns with ``_new_return``).
__all__ = [
    "AUDITING_AGAIN",
    "AUDITING_AGAIN_ANY",
    "NO_LONGER_AUDITING",
    "NO_LONGER_AUDITING_ANY",
    "_RETURN_STATES",
    "EditConflict",
    "Merge",
    "ValidationError",
    "_auditing_again",
    "_bring_back",
    "_follows_assignments",
    "_hold_tool",
    "_live_returns_taken_off",
    "_lock",
    "_new_return",
    "_no_longer_auditing",
    "_returns_of",
    "_tell_agency_sent_back",
    "_transition",
    "answered_count",
    "answers_at",
    "answers_over",
    "asks_the_same_since",
    "expected_tool_kind",
    "follow_assignment_changes",
    "mark_started",
    "merge_for",
    "none_sent_back",
    "normalised",
    "normalised_answers",
    "published_version",
    "return_review",
    "return_save_draft",
    "return_save_section",
    "return_submit",
    "return_withdraw",
    "returns_create_for_audit",
    "returns_follow_published_version",
    "returns_in_before_the_meeting",
    "tool_ready",
    "work_at_risk",
]
