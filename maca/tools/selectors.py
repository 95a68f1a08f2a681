"""Reading audit tools, always within one partnership.

A record of another partnership is simply not in these querysets, so a view
that looks a record up through them answers 404.
"""

from __future__ import annotations

from django.db.models import F, Prefetch, Q, QuerySet

from maca.tools.models import AuditTool, GradingScale, Question, Section, ToolVersion, VersionStatus


def tools_for(partnership) -> QuerySet[AuditTool]:
    """The partnership's tools, each with its versions (newest first) in one more query."""
    versions = ToolVersion.objects.select_related("published_by").order_by("-number")
    return AuditTool.objects.filter(partnership=partnership).prefetch_related(Prefetch("versions", queryset=versions))


def tool_names_of(partnership) -> set[str]:
    names = AuditTool.objects.filter(partnership=partnership).values_list("name", flat=True)
    return {name.casefold() for name in names}


def versions_for(partnership) -> QuerySet[ToolVersion]:
    return ToolVersion.objects.filter(partnership=partnership).select_related("tool", "published_by")


def versions_of(tool: AuditTool) -> QuerySet[ToolVersion]:
    return (
        ToolVersion.objects.filter(partnership_id=tool.partnership_id, tool=tool)
        .select_related("published_by")
        .order_by("-number")
    )


def published_versions_for(partnership, *, kind: str | None = None) -> QuerySet[ToolVersion]:
    """The version of each live (not archived) tool that new returns should use."""
    versions = versions_for(partnership).filter(status=VersionStatus.PUBLISHED, tool__is_archived=False)
    if kind:
        versions = versions.filter(tool__kind=kind)
    return versions.order_by("tool__name")


def sections_for(partnership) -> QuerySet[Section]:
    return Section.objects.filter(partnership=partnership).select_related("version__tool")


def questions_for(partnership) -> QuerySet[Question]:
    return Question.objects.filter(partnership=partnership).select_related("section__version__tool", "scale")


def sections_with_questions(version: ToolVersion) -> list[Section]:
    """The version's sections in order, each with ``questions.all()`` already read
    (with their scales): two queries whatever the size of the tool."""
    questions = Question.objects.select_related("scale").order_by("position", "pk")
    sections = list(
        Section.objects.filter(partnership_id=version.partnership_id, version=version)
        .order_by("position", "pk")
        .prefetch_related(Prefetch("questions", queryset=questions))
    )
    for section in sections:
        section.version = version
    return sections


def scales_for(partnership) -> QuerySet[GradingScale]:
    """The scales a partnership may grade on: maca's shipped ones and its own."""
    return GradingScale.objects.filter(Q(partnership__isnull=True) | Q(partnership=partnership)).order_by(
        F("partnership_id").asc(nulls_first=True), "name"
    )


def scale_available(partnership, scale: GradingScale | None) -> bool:
    return scale is not None and (scale.partnership_id is None or scale.partnership_id == partnership.pk)


def asked_before(version: ToolVersion) -> dict[str, Question]:
    """``{key: question}``: each question key of an earlier published (or
    since replaced) version of ``version``'s tool, with the question as the
    latest of them asked it. Answers to it are read by key across versions
    (counts, the grades at the meeting, findings)."""
    questions = (
        Question.objects.filter(
            partnership_id=version.partnership_id,
            section__version__tool_id=version.tool_id,
            section__version__number__lt=version.number,
            section__version__status__in=[VersionStatus.PUBLISHED, VersionStatus.RETIRED],
        )
        .select_related("section__version")
        .order_by("-section__version__number")
    )
    asked: dict[str, Question] = {}
    for question in questions:
        asked.setdefault(question.key, question)
    return asked
