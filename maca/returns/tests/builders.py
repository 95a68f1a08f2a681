"""An audit taken to 'agencies auditing', so that its returns exist."""

from __future__ import annotations

import itertools

from maca.programme.models import Stage
from maca.programme.services import audit_move
from maca.programme.tests.factories import AuditFactory
from maca.selection.tests.builders import draw_from_whole_pool, make_case
from maca.tools.tests.factories import published_tool

_numbers = itertools.count(1)


def move(audit, stage, actor, reason="Next"):
    audit.refresh_from_db()
    audit_move(actor=actor, audit=audit, to_stage=stage, reason=reason, expected_version=audit.version)
    audit.refresh_from_db()


def audit_with_returns(
    world,
    *,
    cases: int = 2,
    agencies=None,
    kind: str = "themed",
    tool_kind: str = "case",
    two_sections=False,
    tool=None,
    **plan,
):
    """``tool``: the audit tool to use (one is made and published otherwise);
    ``plan``: planned dates (``AuditFactory`` puts dates around today in this
    year's programme)."""
    qa = world["qa"].user
    agencies = agencies if agencies is not None else [world.police, world.health]
    if tool is None:
        name = f"Tool {next(_numbers)} for {kind}"
        if two_sections:
            tool = two_section_tool(world.partnership, name=name).tool
        else:
            tool = published_tool(world.partnership, kind=tool_kind, name=name).tool
    audit = AuditFactory(partnership=world.partnership, lead=qa, tool=tool, kind=kind, target_cases=cases, **plan)
    for _ in range(cases):
        make_case(world.partnership, agencies=agencies)
    move(audit, Stage.SELECTING, qa)
    draw_from_whole_pool(actor=qa, audit=audit, size=cases)
    move(audit, Stage.AUDITING, qa)
    return audit


def deep_dive_with_shipped_report(world, *, cases: int = 2, agencies=None):
    """A deep dive, its agencies auditing, on the summative report maca ships
    ("Deep-dive summative report": its Counts section asks how many cases
    the agency audited and how many met the standard)."""
    from maca.tools.models import AuditTool
    from maca.tools.shipped import install_default_tools

    install_default_tools(actor=None, partnership=world.partnership)
    tool = AuditTool.objects.get(partnership=world.partnership, name="Deep-dive summative report")
    return audit_with_returns(
        world, cases=cases, agencies=agencies if agencies is not None else [world.police], kind="deep_dive", tool=tool
    )


def two_section_tool(partnership, *, name: str):
    """A published case tool of two sections: "Information sharing" (a grade
    and a yes/no, both required) and "The child's voice" (a required text
    question and an optional number)."""
    from maca.tools import services
    from maca.tools.models import QuestionKind
    from maca.tools.tests.factories import simple_scale

    tool = services.tool_create(actor=None, partnership=partnership, name=name, kind="case")
    version = tool.versions.get()
    questions = {
        "Information sharing": [
            {
                "key": "info_grade",
                "text": "How well was information shared?",
                "kind": QuestionKind.GRADE,
                "scale": simple_scale(),
            },
            {"key": "health_involved", "text": "Were health part of decision-making?", "kind": QuestionKind.YES_NO},
        ],
        "The child's voice": [
            {"key": "voice", "text": "How was the child's voice heard?", "kind": QuestionKind.TEXT, "max_length": 2000},
            {
                "key": "visits",
                "text": "How many times was the child seen alone?",
                "kind": QuestionKind.NUMBER,
                "required": False,
            },
        ],
    }
    for title, asked in questions.items():
        version.refresh_from_db()
        section = services.section_add(actor=None, version=version, title=title, expected_version=version.version)
        for question in asked:
            version.refresh_from_db()
            services.question_add(actor=None, section=section, expected_version=version.version, **question)
    version.refresh_from_db()
    return services.version_publish(actor=None, version=version, expected_version=version.version)


def save(ret, persona, answers):
    """Save ``answers`` as ``persona``, on the return as it is now (a draft save)."""
    from maca.returns.services import return_save_draft

    ret.refresh_from_db()
    return return_save_draft(
        actor=persona.user,
        membership=persona.membership,
        return_record=ret,
        answers=answers,
        expected_version=ret.version,
    )


def police_return(world, *, two_sections=False):
    """The police's return for the one case of a new audit (of the two-section
    tool with ``two_sections``: :func:`two_section_tool`)."""
    from maca.returns.models import Return

    audit = audit_with_returns(world, cases=1, agencies=[world.police], two_sections=two_sections)
    return Return.objects.get(audit=audit, agency=world.police)


def autosave(client, ret, version, section: int, answers: dict):
    """A section page's autosave (htmx) of ``answers`` from a page drawn at
    ``version``: the words it answers with, and the version it gives the page."""
    import html

    from django.urls import reverse

    from maca.tests.page import Page, words_shown

    response = client.post(
        reverse("returns:autosave", args=[ret.pk]),
        {"version": version, "_section": section, **answers},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    return words_shown(html.unescape(body)), Page(body).value("version")


def reopened(client, ret, section: int):
    """The section's page opened again, as a :class:`maca.tests.page.Page`."""
    from django.urls import reverse

    from maca.tests.page import Page

    return Page(client.get(reverse("returns:section", args=[ret.pk, section])).content.decode())
