"""What maca ships: the grading scales and the two standard tools."""

import importlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from maca.audit_trail.models import AuditEvent
from maca.tools import defaults
from maca.tools.answers import answer_form, questions_of
from maca.tools.models import AuditTool, GradingScale, QuestionKind, ToolKind, VersionStatus
from maca.tools.services import tool_create
from maca.tools.shipped import install_default_tools


def _scale(key: str) -> GradingScale:
    return GradingScale.objects.get(partnership__isnull=True, key=key)


def test_the_migration_ships_the_same_scales_as_defaults():
    migration = importlib.import_module("maca.tools.migrations.0002_shipped_grading_scales")
    assert migration.SCALES == defaults.SCALES


def test_the_shipped_scales_are_in_the_database(db):
    for spec in defaults.SCALES:
        scale = _scale(spec["key"])
        assert (scale.name, scale.levels) == (spec["name"], spec["levels"])
        assert scale.is_shipped


@pytest.mark.django_db(transaction=True)
def test_the_shipped_scales_come_back_after_a_flush():
    """A flush empties every table: the run does one after each test that
    commits (as here: sequences are left, the test role does not own them), and
    the tests after it in the same process found no shipped scale."""
    call_command("flush", interactive=False, verbosity=0, reset_sequences=False)
    assert sorted(GradingScale.objects.filter(partnership__isnull=True).values_list("key", flat=True)) == sorted(
        spec["key"] for spec in defaults.SCALES
    )
    test_the_shipped_scales_are_in_the_database(None)


def test_the_shipped_scales_say_which_levels_meet_the_standard(db):
    ofsted = _scale("ofsted-four-point")
    assert [level["label"] for level in ofsted.levels] == ["Outstanding", "Good", "Requires improvement", "Inadequate"]
    assert [ofsted.meets_standard(v) for v in ("outstanding", "good", "requires_improvement", "inadequate")] == [
        True,
        True,
        False,
        False,
    ]
    six = _scale("six-point")
    assert [level["value"] for level in six.levels] == ["6", "5", "4", "3", "2", "1"]
    assert [six.meets_standard(v) for v in "654321"] == [True, True, True, False, False, False]
    assert six.label_of("2") == "2 – Poor"
    rag = _scale("rag")
    assert [level["value"] for level in rag.levels] == ["green", "amber", "red"]
    assert rag.meets_standard("green") and not rag.meets_standard("amber")
    signs = _scale("signs-of-safety")
    assert [level["value"] for level in signs.levels] == [str(n) for n in range(10, -1, -1)]
    assert [n for n in range(11) if signs.meets_standard(str(n))] == [7, 8, 9, 10]
    assert signs.label_of("10").startswith("10 – ") and signs.label_of("0").startswith("0 – ")
    assert signs.label_of("5").startswith("5 – ") and signs.label_of("6") == "6"


def test_the_standard_tools_are_installed_and_published(world):
    qa = world["qa"].user
    installed = install_default_tools(actor=qa, partnership=world.partnership)
    assert [tool.name for tool in installed] == ["Agency case audit tool", "Deep-dive summative report"]
    for tool in installed:
        version = tool.versions.get()
        assert (version.number, version.status, version.published_by) == (1, VersionStatus.PUBLISHED, qa)
    assert AuditEvent.objects.filter(action="tool.defaults_installed").count() == 1


def test_installing_the_standard_tools_again_changes_nothing(world):
    install_default_tools(actor=None, partnership=world.partnership)
    events = AuditEvent.objects.count()
    assert install_default_tools(actor=None, partnership=world.partnership) == []
    assert AuditTool.objects.filter(partnership=world.partnership).count() == 2
    assert AuditEvent.objects.count() == events


def test_a_tool_of_the_same_name_is_left_alone(world):
    tool_create(actor=None, partnership=world.partnership, name="agency case audit tool", kind="case")
    installed = install_default_tools(actor=None, partnership=world.partnership)
    assert [tool.name for tool in installed] == ["Deep-dive summative report"]
    assert install_default_tools(actor=None, partnership=world.other_partnership)  # each partnership its own


def test_the_case_audit_tool_covers_each_heading_with_a_grade_and_signs_of_safety(world):
    install_default_tools(actor=None, partnership=world.partnership)
    tool = AuditTool.objects.get(partnership=world.partnership, name="Agency case audit tool")
    assert tool.kind == ToolKind.CASE
    version = tool.versions.get()
    sections = list(version.sections.order_by("position").values_list("title", flat=True))
    assert sections == [
        "The child’s lived experience and voice",
        "Information sharing",
        "Assessment, planning and risk",
        "Management oversight",
        "Outcomes for the child",
        "Overall",
    ]
    questions = {question.key: question for question in questions_of(version)}
    for prefix in ("voice", "information_sharing", "assessment", "oversight", "outcomes"):
        grade = questions[f"{prefix}_grade"]
        assert grade.kind == QuestionKind.GRADE and grade.scale.key == "ofsted-four-point" and grade.required
        for suffix, text in (
            ("working_well", "What is working well?"),
            ("worried", "What are we worried about?"),
            ("next", "What needs to happen?"),
        ):
            question = questions[f"{prefix}_{suffix}"]
            assert (question.text, question.kind, question.required) == (text, QuestionKind.TEXT, False)
    assert questions["overall_grade"].required and questions["overall_grade"].kind == QuestionKind.GRADE
    assert questions["overall_summary"].kind == QuestionKind.TEXT
    assert questions["health_in_decisions"].text == "Were health professionals part of decision-making?"
    assert questions["health_in_decisions"].kind == QuestionKind.YES_NO
    risk = version.sections.get(title="Assessment, planning and risk")
    words = (risk.help_text + " ".join(q.text for q in risk.questions.all())).lower()
    for topic in ("domestic abuse", "mental health", "alcohol"):
        assert topic in words
    assert questions["risk_domestic_abuse"].text == "Was the risk from domestic abuse assessed?"
    assert len(questions) == len({q.key for q in questions.values()})


def test_the_summative_report_counts_cases_meeting_the_standard(world):
    install_default_tools(actor=None, partnership=world.partnership)
    tool = AuditTool.objects.get(partnership=world.partnership, name="Deep-dive summative report")
    assert tool.kind == ToolKind.SUMMATIVE
    version = tool.versions.get()
    assert list(version.sections.order_by("position").values_list("title", flat=True)) == [
        "Overview",
        "What worked well",
        "What needs to improve",
        "Restorative actions",
        "Counts",
    ]
    questions = {question.key: question for question in questions_of(version)}
    assert questions["cases_audited"].kind == QuestionKind.NUMBER and questions["cases_audited"].required
    assert questions["cases_meeting_standard"].help_text == "cases graded good or better"
    assert questions["actions"].text == "Actions and timeline"
    assert "who will do it and by when" in questions["actions"].help_text
    assert questions["overall_grade"].scale.key == "ofsted-four-point"
    form = answer_form(version, data={"cases_audited": "6", "cases_meeting_standard": "4"})
    assert form.is_valid(), form.errors


def test_the_shipped_scale_is_put_back_if_it_has_gone(world):
    GradingScale.objects.filter(partnership__isnull=True, key="ofsted-four-point").delete()
    install_default_tools(actor=None, partnership=world.partnership)
    assert _scale("ofsted-four-point").levels == defaults.SCALES[0]["levels"]


def test_the_standard_tools_can_be_added_from_the_command_line(world):
    out = StringIO()
    call_command("install_default_tools", "testshire", stdout=out)
    assert "Agency case audit tool, Deep-dive summative report" in out.getvalue()
    call_command("install_default_tools", "--all", stdout=out)
    assert "Testshire Safeguarding Children Partnership: nothing new" in out.getvalue()
    assert AuditTool.objects.filter(partnership=world.other_partnership).count() == 2
    with pytest.raises(CommandError, match="No partnership has the slug"):
        call_command("install_default_tools", "nowhere")
