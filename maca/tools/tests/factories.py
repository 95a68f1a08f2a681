"""Minimal tools for tests of other apps: a published case tool with one
section holding a grade, a yes/no and a text question."""

from __future__ import annotations

from maca.tools import services
from maca.tools.models import GradingScale, QuestionKind, ToolKind, ToolVersion

FOUR_POINT = [
    {"value": "outstanding", "label": "Outstanding", "meets_standard": True},
    {"value": "good", "label": "Good", "meets_standard": True},
    {"value": "requires_improvement", "label": "Requires improvement", "meets_standard": False},
    {"value": "inadequate", "label": "Inadequate", "meets_standard": False},
]


def simple_scale() -> GradingScale:
    scale, _ = GradingScale.objects.get_or_create(
        partnership=None, key="test-four-point", defaults={"name": "Four-point (test)", "levels": FOUR_POINT}
    )
    return scale


def published_tool(partnership, *, kind=ToolKind.CASE, name="Test case audit tool") -> ToolVersion:
    """Built and published through the services, as a QA officer does in the builder."""
    tool = services.tool_create(actor=None, partnership=partnership, name=name, kind=kind)
    version = tool.versions.get()
    section = services.section_add(
        actor=None, version=version, title="Information sharing", expected_version=version.version
    )
    for question in (
        {
            "key": "info_grade",
            "text": "How well was information shared?",
            "kind": QuestionKind.GRADE,
            "scale": simple_scale(),
        },
        {"key": "health_involved", "text": "Were health part of decision-making?", "kind": QuestionKind.YES_NO},
        {
            "key": "worried",
            "text": "What are we worried about?",
            "kind": QuestionKind.TEXT,
            "required": False,
            "max_length": 10_000,
        },
    ):
        version.refresh_from_db()
        services.question_add(actor=None, section=section, expected_version=version.version, **question)
    version.refresh_from_db()
    return services.version_publish(actor=None, version=version, expected_version=version.version)
