"""Tools built through the services, for this app's tests."""

from __future__ import annotations

from maca.tools import services
from maca.tools.models import GradingScale, ToolVersion


def ofsted() -> GradingScale:
    """The shipped four-point scale, put back if a test that ran before on
    PostgreSQL (``transaction=True``) flushed the database and its seed."""
    from maca.tools.defaults import OFSTED_FOUR_POINT
    from maca.tools.shipped import _shipped_scale

    return _shipped_scale(OFSTED_FOUR_POINT)


def add_section(version: ToolVersion, title: str, *, actor=None, help_text: str = ""):
    version.refresh_from_db()
    return services.section_add(
        actor=actor, version=version, title=title, help_text=help_text, expected_version=version.version
    )


def add_question(section, text: str, kind: str = "yes_no", *, actor=None, **options):
    version = ToolVersion.objects.get(pk=section.version_id)
    if kind == "grade":
        options.setdefault("scale", ofsted())
    return services.question_add(
        actor=actor, section=section, text=text, kind=kind, expected_version=version.version, **options
    )


def draft_tool(partnership, *, actor=None, name: str = "Neglect audit tool", kind: str = "case") -> ToolVersion:
    """A draft version 1 with two sections: a grade, a yes/no and an optional
    text question in the first, a number in the second."""
    tool = services.tool_create(actor=actor, partnership=partnership, name=name, kind=kind)
    version = tool.versions.get()
    first = add_section(version, "Information sharing", actor=actor, help_text="Who knew what, and when.")
    add_question(first, "How well was information shared?", "grade", actor=actor, key="info_grade")
    add_question(first, "Were health professionals part of decision-making?", actor=actor, key="health_in_decisions")
    add_question(first, "What are we worried about?", "text", actor=actor, key="worried", required=False)
    second = add_section(version, "Counts", actor=actor)
    add_question(second, "How many contacts were there?", "number", actor=actor, key="contacts")
    version.refresh_from_db()
    return version


def published_tool(partnership, *, actor=None, name: str = "Neglect audit tool") -> ToolVersion:
    version = draft_tool(partnership, actor=actor, name=name)
    return services.version_publish(actor=actor, version=version, expected_version=version.version)
