"""The publications app's pages, one module per part of the work: the list, one publication and its
downloads, drafting, the safety check, the steps of a version (a correction abandoned among them),
learning into practice, the people of an audit and the partnership's settings."""

from ._shared import letterhead_for
from .audit_people import people, person
from .listing import index, new
from .partnership_settings import settings_view
from .practice_reports import practice_view
from .safety_check import check, override, replace
from .sections import correction_reason, figures, section_edit, theme_names
from .showing import FORMATS, detail, download, sent_back_notice, version
from .steps import abandon_correction, approve, correct, discard, publish, send_back, submit

__all__ = [
    "FORMATS",
    "abandon_correction",
    "approve",
    "check",
    "correct",
    "correction_reason",
    "detail",
    "discard",
    "download",
    "figures",
    "index",
    "letterhead_for",
    "new",
    "override",
    "people",
    "person",
    "practice_view",
    "publish",
    "replace",
    "section_edit",
    "send_back",
    "sent_back_notice",
    "settings_view",
    "submit",
    "theme_names",
    "version",
]
