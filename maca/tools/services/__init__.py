"""Changing audit tools. Each function runs in one transaction and writes its
audit record in that transaction.

Only a draft version can change. Every change to a draft's sections and
questions takes the ``expected_version`` of the draft (the
:class:`~maca.tools.models.ToolVersion` row the person started from) and bumps
it, so two people editing one draft never overwrite each other: the second
gets :class:`~maca.core.concurrency.EditConflict` and nothing is saved.

One module per subject; the public names are re-exported here, so callers
keep using ``from maca.tools import services`` then ``services.tool_create(...)``.
A test that replaces a function's helper replaces it in the module that uses it
(``services.tools._check_tool_name``, ``services.scales.scales_for``)."""

from maca.tools.services._common import RESERVED_KEYS, Direction, frozen_refusal
from maca.tools.services.questions import (
    CHOICE_KINDS,
    KEY_PATTERN,
    TEXT_LENGTH_DEFAULT,
    TEXT_LENGTH_MAX,
    TEXT_LENGTH_MIN,
    TEXT_LENGTH_RANGE,
    clean_choices,
    kind_kept,
    question_add,
    question_move,
    question_remove,
    question_update,
)
from maca.tools.services.scales import MAX_LEVELS, scale_create, standard_count_error
from maca.tools.services.sections import section_add, section_move, section_remove, section_update
from maca.tools.services.tools import tool_archive, tool_create, tool_restore, tool_update
from maca.tools.services.versions import publish_problems, register_on_published, version_new_draft, version_publish

__all__ = [
    "CHOICE_KINDS",
    "KEY_PATTERN",
    "MAX_LEVELS",
    "RESERVED_KEYS",
    "TEXT_LENGTH_DEFAULT",
    "TEXT_LENGTH_MAX",
    "TEXT_LENGTH_MIN",
    "TEXT_LENGTH_RANGE",
    "Direction",
    "clean_choices",
    "frozen_refusal",
    "kind_kept",
    "publish_problems",
    "question_add",
    "question_move",
    "question_remove",
    "question_update",
    "register_on_published",
    "scale_create",
    "section_add",
    "section_move",
    "section_remove",
    "section_update",
    "standard_count_error",
    "tool_archive",
    "tool_create",
    "tool_restore",
    "tool_update",
    "version_new_draft",
    "version_publish",
]
