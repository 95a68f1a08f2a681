"""Answers as a person gives them on the pages and sees them again: every
kind of question saved through the return's section page and opened again;
a question changed in the builder; answers that cannot all be true (more
cases meeting the standard than were audited) refused on the page and at
Submit; and the builder's own messages for the most characters allowed."""

from __future__ import annotations

from django.urls import reverse

from maca.programme.models import Stage
from maca.programme.tests.factories import AuditFactory
from maca.returns.models import Return, ReturnStatus
from maca.returns.tests.builders import move
from maca.selection.tests.builders import draw_from_whole_pool, make_case
from maca.tests.forms_shown import fields_shown
from maca.tests.page import words_shown
from maca.tools import services
from maca.tools.answers import questions_of
from maca.tools.models import AuditTool, Question
from maca.tools.selectors import sections_with_questions
from maca.tools.shipped import install_default_tools
from maca.tools.tests.factories import simple_scale

MANY = [f"Option {n}, with ‘quotes’ & more" for n in range(1, 11)]


def _tool(partnership):
    tool = services.tool_create(actor=None, partnership=partnership, name="Every kind", kind="case")
    version = tool.versions.get()
    section = services.section_add(actor=None, version=version, title="All", expected_version=version.version)
    for question in (
        {"key": "grade", "text": "Grade?", "kind": "grade", "scale": simple_scale()},
        {"key": "yn", "text": "Yes or no?", "kind": "yes_no"},
        {"key": "count", "text": "How many?", "kind": "number"},
        {"key": "one", "text": "One of few?", "kind": "single_choice", "choices": ["Red & blue", "Green"]},
        {"key": "many_one", "text": "One of many?", "kind": "single_choice", "choices": MANY},
        {"key": "several", "text": "Several?", "kind": "multiple_choice", "choices": ["A & B", "C", "D"]},
        {"key": "words", "text": "Words?", "kind": "text"},
    ):
        version.refresh_from_db()
        services.question_add(actor=None, section=section, expected_version=version.version, **question)
    version.refresh_from_db()
    return services.version_publish(actor=None, version=version, expected_version=version.version)


def test_every_kind_of_answer_is_shown_again(world, client_for):
    qa = world["qa"].user
    version = _tool(world.partnership)
    audit = AuditFactory(partnership=world.partnership, lead=qa, tool=version.tool, target_cases=1)
    make_case(world.partnership, agencies=[world.police])
    move(audit, Stage.SELECTING, qa)
    _draw(qa, audit, 1)
    move(audit, Stage.AUDITING, qa)
    ret = Return.objects.get(audit=audit, agency=world.police)
    client = client_for(world["auditor"])
    url = reverse("returns:section", args=[ret.pk, 1])
    response = client.post(
        url,
        {
            "version": ret.version,
            "grade": "good",
            "yn": "n/a",
            "count": "0",
            "one": "Red & blue",
            "many_one": MANY[6],
            "several": ["A & B", "D"],
            "words": "Line one\r\nLine two",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    ret.refresh_from_db()
    assert ret.answers["count"] == 0
    shown = fields_shown(client.get(url).content.decode())
    assert shown["grade"].chosen == ["good"]
    assert shown["yn"].chosen == ["n/a"]
    assert shown["count"].chosen == ["0"]
    assert shown["one"].chosen == ["Red & blue"]
    assert shown["many_one"].chosen == [MANY[6]]
    assert sorted(shown["several"].chosen) == ["A & B", "D"]
    assert shown["words"].chosen == ["Line one\nLine two"]


def test_a_question_changed_in_the_builder_is_shown_as_saved(world, client_for):
    tool = services.tool_create(actor=None, partnership=world.partnership, name="Builder", kind="case")
    version = tool.versions.get()
    section = services.section_add(actor=None, version=version, title="S", expected_version=version.version)
    version.refresh_from_db()
    question = services.question_add(
        actor=None, section=section, text="Q?", kind="yes_no", expected_version=version.version
    )
    version.refresh_from_db()
    client = client_for(world["admin"])
    url = reverse("tools:question_edit", args=[question.pk])
    started = fields_shown(client.get(url).content.decode())
    data = {name: (f.chosen[0] if f.chosen else "") for name, f in started.items() if f.kind not in ("checkbox",)}
    data.update({"text": "Which apply?", "kind": "multiple_choice", "choices": "A & B\nC", "help_text": "Tick all"})
    data.pop("required", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    saved = Question.objects.get(pk=question.pk)
    assert saved.required is False and saved.choices == ["A & B", "C"]
    shown = fields_shown(client.get(url).content.decode())
    assert shown["kind"].chosen == ["multiple_choice"]
    assert shown["required"].chosen == []
    assert shown["choices"].chosen == ["A & B\nC"]
    assert shown["text"].chosen == ["Which apply?"]


MORE_THAN_AUDITED = (
    "‘How many of those cases met the standard?’ must be 2 or fewer, "
    "the answer to ‘How many cases did your agency audit?’"
)


def _summative_return(world):
    """The police's return of a deep dive using the shipped summative report."""
    qa = world["qa"].user
    install_default_tools(actor=qa, partnership=world.partnership)
    tool = AuditTool.objects.get(partnership=world.partnership, kind="summative")
    audit = AuditFactory(partnership=world.partnership, lead=qa, tool=tool, kind="deep_dive", target_cases=2)
    for _ in range(2):
        make_case(world.partnership, agencies=[world.police])
    move(audit, Stage.SELECTING, qa)
    _draw(qa, audit, 2)
    move(audit, Stage.AUDITING, qa)
    return Return.objects.get(audit=audit, agency=world.police)


def _draw(qa, audit, size):
    draw_from_whole_pool(actor=qa, audit=audit, size=size)


def test_more_cases_meeting_the_standard_than_were_audited_is_refused_on_the_page(world, client_for):
    ret = _summative_return(world)
    titles = [section.title for section in sections_with_questions(ret.tool_version)]
    url = reverse("returns:section", args=[ret.pk, titles.index("Counts") + 1])
    client = client_for(world["auditor"])
    response = client.post(url, {"version": ret.version, "cases_audited": "2", "cases_meeting_standard": "3"})
    assert response.status_code == 200
    words = words_shown(response.content.decode())
    assert "There is a problem" in words
    assert f"Error: {MORE_THAN_AUDITED}" in words  # under the second box, as well as in the summary
    ret.refresh_from_db()
    assert ret.answers == {}

    response = client.post(url, {"version": ret.version, "cases_audited": "2", "cases_meeting_standard": "2"})
    assert response.status_code == 302
    ret.refresh_from_db()
    assert (ret.answers["cases_audited"], ret.answers["cases_meeting_standard"]) == (2, 2)


def test_submit_refuses_counts_that_disagree_however_they_were_saved(world, client_for):
    ret = _summative_return(world)
    answers = {}
    for question in questions_of(ret.tool_version):
        if question.kind == "number":
            answers[question.key] = 2  # the audit has 2 cases
        elif question.kind == "grade":
            answers[question.key] = question.scale.levels[0]["value"]
        else:
            answers[question.key] = "Some words"
    answers["cases_meeting_standard"] = 3
    Return.objects.filter(pk=ret.pk).update(answers=answers)  # saved before the rule, say

    response = client_for(world["lead"]).post(reverse("returns:check", args=[ret.pk]), {"version": ret.version})
    assert response.status_code == 200
    assert MORE_THAN_AUDITED in words_shown(response.content.decode())
    ret.refresh_from_db()
    assert ret.status != ReturnStatus.SUBMITTED


def test_a_negative_most_characters_gets_a_govuk_message_not_djangos(world, client_for):
    version = services.tool_create(actor=None, partnership=world.partnership, name="T", kind="case").versions.get()
    section = services.section_add(actor=None, version=version, title="S", expected_version=version.version)
    version.refresh_from_db()
    response = client_for(world["admin"]).post(
        reverse("tools:question_new", args=[section.pk]),
        {
            "version": version.version,
            "text": "What are we worried about?",
            "kind": "text",
            "required": "on",
            "max_length": "-5",
        },
    )
    assert response.status_code == 200
    words = words_shown(response.content.decode())
    assert "There is a problem" in words
    assert "Ensure this value" not in words
    assert "Error: The most characters allowed must be between 100 and 50,000" in words
