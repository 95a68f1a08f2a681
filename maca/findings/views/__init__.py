"""The findings app's pages, one module per part of the meeting's work (the recurrence pages are in
``recurrence_views``)."""

from .cases import (
    audit_findings,
    case,
    cross_finding_new,
    discussion,
    finding,
    finding_edit,
    finding_new,
    finding_remove,
    suggest,
    take,
    take_across,
)
from .concerns import concern, concern_new, concerns
from .feedback import feedback_cases, feedback_new
from .meeting import attendance, meeting, meeting_edit
from .themes import theme_edit, theme_new, themes

__all__ = [
    "attendance",
    "audit_findings",
    "case",
    "concern",
    "concern_new",
    "concerns",
    "cross_finding_new",
    "discussion",
    "feedback_cases",
    "feedback_new",
    "finding",
    "finding_edit",
    "finding_new",
    "finding_remove",
    "meeting",
    "meeting_edit",
    "suggest",
    "take",
    "take_across",
    "theme_edit",
    "theme_new",
    "themes",
]
