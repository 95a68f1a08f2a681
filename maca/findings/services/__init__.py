"""Writing the meeting, findings, themes, immediate concerns and feedback.
Each function runs in one transaction and writes its audit record in it.

One module per concept; the public names are re-exported here, so callers
keep using ``from maca.findings import services`` then ``services.finding_create(...)``."""

from maca.findings.services.concerns import (
    agencies_of_case,
    concern_acknowledge,
    concern_raise,
    concern_respond_by,
    next_working_day,
)
from maca.findings.services.feedback import feedback_record
from maca.findings.services.findings import (
    FINDING_IN_WORDS,
    GOOD_PRACTICE_IS_A_STRENGTH,
    GOOD_PRACTICE_SELECT_STRENGTH,
    answer_text,
    finding_confirm_tags,
    finding_create,
    finding_from_answer,
    finding_remove,
    finding_update,
    retired_meanwhile,
)
from maca.findings.services.meeting import (
    MEETING_NOT_YET_HELD,
    attendance_save,
    discussion_save,
    grading_scale_of,
    meeting_save,
)
from maca.findings.services.themes import theme_create, theme_update, themes_ensure

__all__ = [
    "FINDING_IN_WORDS",
    "GOOD_PRACTICE_IS_A_STRENGTH",
    "GOOD_PRACTICE_SELECT_STRENGTH",
    "MEETING_NOT_YET_HELD",
    "agencies_of_case",
    "answer_text",
    "attendance_save",
    "concern_acknowledge",
    "concern_raise",
    "concern_respond_by",
    "discussion_save",
    "feedback_record",
    "finding_confirm_tags",
    "finding_create",
    "finding_from_answer",
    "finding_remove",
    "finding_update",
    "grading_scale_of",
    "meeting_save",
    "next_working_day",
    "retired_meanwhile",
    "theme_create",
    "theme_update",
    "themes_ensure",
]
