"""Minimal tools for tests of other apps: a published case tool with one
section holding a grade, a yes/no and a text question."""

from __future__ import annotations

from maca.tools.models import AuditTool, GradingScale, Question, QuestionKind, Section, ToolKind, ToolVersion

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
    tool = AuditTool.objects.create(partnership=partnership, name=name, kind=kind)
    version = ToolVersion.objects.create(partnership=partnership, tool=tool, number=1, status="published")
    section = Section.objects.create(partnership=partnership, version=version, position=1, title="Information sharing")
    Question.objects.create(
        partnership=partnership,
        section=section,
        position=1,
        key="info_grade",
        text="How well was information shared?",
        kind=QuestionKind.GRADE,
        scale=simple_scale(),
    )
    Question.objects.create(
        partnership=partnership,
        section=section,
        position=2,
        key="health_involved",
        text="Were health part of decision-making?",
        kind=QuestionKind.YES_NO,
    )
    Question.objects.create(
        partnership=partnership,
        section=section,
        position=3,
        key="worried",
        text="What are we worried about?",
        kind=QuestionKind.TEXT,
        required=False,
        max_length=10_000,
    )
    return version
