"""Drafting each output from the record: sections filled from what was
recorded, in plain words, for people to edit section by section.

Every function here takes plain records (``sources``) and returns a
``Document``; nothing reads the database, so drafting is quick and testable.

One module per concept: the pieces of an audit's outputs (``audit_parts``),
the outputs of an audit (``audit_outputs``) and the year's report
(``year_report``). The drafters are re-exported here, so callers keep using
``from maca.publications import drafting`` then ``drafting.six_step(...)``.
"""

from maca.publications.drafting._common import NOT_RECORDED, long_date
from maca.publications.drafting.audit_outputs import (
    DRAFTERS,
    NO_ONE_AGENCY,
    key_messages,
    learning_summary,
    seven_minute,
    six_step,
)
from maca.publications.drafting.year_report import annual_report

__all__ = [
    "DRAFTERS",
    "NOT_RECORDED",
    "NO_ONE_AGENCY",
    "annual_report",
    "key_messages",
    "learning_summary",
    "long_date",
    "seven_minute",
    "six_step",
]
