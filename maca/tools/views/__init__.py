"""Building audit tools: thin views over ``services`` (every change) and
``selectors`` (every read, scoped to the current partnership), one module per
thing built: tools, versions, sections, questions and grading scales."""

from maca.tools.views.questions import question_edit, question_move, question_new, question_remove
from maca.tools.views.scales import scale_new, scales
from maca.tools.views.sections import section_edit, section_move, section_new, section_remove
from maca.tools.views.tools import index, install_defaults, new, new_draft, tool, tool_archive, tool_edit
from maca.tools.views.versions import publish, version

__all__ = [
    "index",
    "install_defaults",
    "new",
    "new_draft",
    "publish",
    "question_edit",
    "question_move",
    "question_new",
    "question_remove",
    "scale_new",
    "scales",
    "section_edit",
    "section_move",
    "section_new",
    "section_remove",
    "tool",
    "tool_archive",
    "tool_edit",
    "version",
]
