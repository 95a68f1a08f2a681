"""Installing the tools maca ships (``defaults.py``) in a partnership, through
the same services people use to build their own."""

from __future__ import annotations

from django.db import transaction

from maca.audit_trail.services import record
from maca.partnerships.models import Partnership
from maca.tools import defaults
from maca.tools.models import AuditTool, GradingScale, Question, Section, ToolVersion, VersionStatus
from maca.tools.selectors import tool_names_of
from maca.tools.services import TEXT_LENGTH_DEFAULT, tool_create, version_publish

# What maca ships ----------------------------------------------------------------------------------


def _shipped_scale(key: str) -> GradingScale:
    """A shipped scale, put back from ``defaults`` if it has gone (a test database flushed, say)."""
    scale = GradingScale.objects.filter(partnership__isnull=True, key=key).first()
    if scale is None:
        scale = _scale_of(GradingScale, next(s for s in defaults.SCALES if s["key"] == key))
        scale.save(force_insert=True)
    return scale


def _scale_of(model, spec: dict):
    """The shipped scale ``spec`` (one of ``defaults.SCALES``) as a ``model``
    (the grading scale, or its historical model in a migration signal), not
    saved yet."""
    return model(
        partnership=None, key=spec["key"], name=spec["name"], description=spec["description"], levels=spec["levels"]
    )


SHIPPED_BY = "0002_shipped_grading_scales"


def scales_put_back(sender, app_config, using="default", apps=None, **kwargs) -> None:
    """Put back any shipped scale that has gone, without changing one that is
    there (``post_migrate``, :class:`maca.tools.apps.ToolsConfig`).

    The migration ``0002_shipped_grading_scales`` adds them once; a flush
    empties every table, and then sends ``post_migrate``, as Django does to put
    back content types and permissions. A flush is what the test run does after
    each test that commits (a browser journey, a race test), so without this
    the tests after it in the same process found no shipped scale. No person
    acts here, so nothing goes in the audit log, as for the migration."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    if ("tools", SHIPPED_BY) not in MigrationRecorder(connections[using]).applied_migrations():
        return  # not migrated so far yet, or migrated back before it
    model = (apps or app_config.apps).get_model("tools", "GradingScale")
    there = set(model.objects.using(using).filter(partnership__isnull=True).values_list("key", flat=True))
    model.objects.using(using).bulk_create(
        [_scale_of(model, spec) for spec in defaults.SCALES if spec["key"] not in there]
    )


def _install(*, actor, partnership: Partnership, spec: dict) -> AuditTool:
    tool = tool_create(
        actor=actor, partnership=partnership, name=spec["name"], kind=spec["kind"], description=spec["description"]
    )
    version = ToolVersion.objects.get(tool=tool, status=VersionStatus.DRAFT)
    questions = []
    for position, section_spec in enumerate(spec["sections"], start=1):
        section = Section.objects.create(
            partnership=partnership,
            version=version,
            position=position,
            title=section_spec["title"],
            help_text=section_spec.get("help_text", ""),
        )
        for number, q in enumerate(section_spec["questions"], start=1):
            questions.append(
                Question(
                    partnership=partnership,
                    section=section,
                    position=number,
                    key=q["key"],
                    text=q["text"],
                    help_text=q.get("help_text", ""),
                    kind=q["kind"],
                    required=q.get("required", True),
                    scale=_shipped_scale(q["scale"]) if q.get("scale") else None,
                    choices=list(q.get("choices", [])),
                    max_length=q.get("max_length", TEXT_LENGTH_DEFAULT),
                )
            )
    Question.objects.bulk_create(questions)
    version_publish(actor=actor, version=version, expected_version=version.version, notes="The version maca ships.")
    return tool


def install_default_tools(*, actor, partnership: Partnership) -> list[AuditTool]:
    """Create and publish the tools maca ships, each only if the partnership has no
    tool of that name yet. Running it again changes nothing."""
    with transaction.atomic():
        list(Partnership.objects.select_for_update().filter(pk=partnership.pk))  # one installer at a time
        existing = tool_names_of(partnership)
        installed = [
            _install(actor=actor, partnership=partnership, spec=spec)
            for spec in defaults.TOOLS
            if spec["name"].casefold() not in existing
        ]
        if installed:
            record(
                actor=actor,
                action="tool.defaults_installed",
                partnership=partnership,
                changes={"tools": [tool.name for tool in installed]},
            )
    return installed
