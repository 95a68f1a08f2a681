"""Building a tool in the browser's place: the test client."""

import html

import pytest
from django.urls import reverse

from maca.audit_trail.models import AuditEvent
from maca.tests.forms_shown import fields_shown
from maca.tests.page import words_shown
from maca.tests.querycount import assert_queries_do_not_grow
from maca.tools.models import AuditTool, GradingScale, Question, Section, ToolVersion, VersionStatus
from maca.tools.services import scale_create
from maca.tools.shipped import install_default_tools
from maca.tools.tests.builders import add_question, add_section, draft_tool, ofsted, published_tool


def _page(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def qa_client(world, client_for):
    return client_for(world["qa"])


def test_a_qa_officer_builds_publishes_and_previews_a_tool(world, qa_client):
    response = qa_client.post(
        reverse("tools:new"), {"name": "Neglect audit tool", "kind": "case", "description": "For neglect audits."}
    )
    tool = AuditTool.objects.get(partnership=world.partnership, name="Neglect audit tool")
    draft = tool.versions.get()
    assert response.status_code == 302 and response.url == reverse("tools:version", args=[draft.pk])
    page = _page(qa_client.get(response.url))
    assert "Add a section" in page and "Add at least one section." in page

    response = qa_client.post(
        reverse("tools:section_new", args=[draft.pk]),
        {"title": "Information sharing", "help_text": "Who knew what, and when.", "version": draft.version},
    )
    section = Section.objects.get(version=draft)
    assert response.status_code == 302 and response.url.endswith(f"#section-{section.pk}")

    draft.refresh_from_db()
    response = qa_client.post(
        reverse("tools:question_new", args=[section.pk]),
        {
            "version": draft.version,
            "text": "How well was information shared?",
            "help_text": "Think about every agency involved.",
            "kind": "grade",
            "scale": ofsted().pk,
            "required": "on",
            "choices": "",
            "max_length": "10000",
        },
    )
    assert response.status_code == 302, _page(response)[:3000]
    question = Question.objects.get(section=section)
    assert (question.key, question.kind, question.scale, question.required) == (
        "how_well_was_information_shared",
        "grade",
        ofsted(),
        True,
    )

    page = _page(qa_client.get(reverse("tools:version", args=[draft.pk])))
    assert "How well was information shared?" in page and "Requires improvement" in page
    assert 'type="radio"' in page and "Think about every agency involved." in page
    assert "Publish this version" in page

    draft.refresh_from_db()
    response = qa_client.post(
        reverse("tools:publish", args=[draft.pk]), {"version": draft.version, "notes": "The first version."}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED and draft.published_by == world["qa"].user

    page = _page(qa_client.get(reverse("tools:version", args=[draft.pk])))
    assert "It cannot be changed" in page and "Requires improvement" in page
    assert reverse("tools:question_edit", args=[question.pk]) not in page
    assert "Publish this version" not in page
    assert "Make a new draft version" in page

    page = _page(qa_client.get(reverse("tools:tool", args=[tool.pk])))
    assert "Version 1" in page and "Published" in page and "The first version." in page
    assert AuditEvent.objects.filter(action="tool_version.published", actor=world["qa"].user).exists()


def test_the_draft_page_offers_editing_beside_each_section_and_question(world, qa_client):
    version = draft_tool(world.partnership)
    question = Question.objects.get(section__version=version, key="health_in_decisions")
    page = _page(qa_client.get(reverse("tools:version", args=[version.pk])))
    for name in ("question_edit", "question_remove", "question_move"):
        assert reverse(f"tools:{name}", args=[question.pk]) in page
    section = question.section
    for name in ("section_edit", "section_remove", "section_move", "question_new"):
        assert reverse(f"tools:{name}", args=[section.pk]) in page
    hidden = '<span class="govuk-visually-hidden"> the question ‘Were health professionals part of decision-making?’'
    assert f"Move up{hidden}" in page and f"Move down{hidden}" in page
    assert f'name="version" value="{version.version}"' in page
    # What the builder needs beside each question, in words; the key under which
    # answers are stored is the system's, not something to act on.
    assert "An answer is needed before submitting." in page
    assert "health_in_decisions" not in words_shown(page) and "Key:" not in words_shown(page)


def test_question_mistakes_are_reported_with_govuk_messages(world, qa_client):
    version = draft_tool(world.partnership)
    section = version.sections.first()
    url = reverse("tools:question_new", args=[section.pk])
    base = {"version": version.version, "text": "Which?", "required": "on", "max_length": "10000"}
    page = _page(qa_client.post(url, {**base, "kind": "grade", "scale": ""}))
    assert "There is a problem" in page and "Select the scale to grade on" in page
    page = _page(qa_client.post(url, {**base, "kind": "single_choice", "choices": "Only one\n\n"}))
    assert "Enter at least 2 different choices, one per line" in page
    page = _page(qa_client.post(url, {**base, "kind": "text", "max_length": "60000"}))
    assert "between 100 and 50,000" in page
    page = _page(qa_client.post(url, {**base, "text": "", "kind": ""}))
    assert "Enter the question" in page and "Select the kind of answer" in page
    assert Question.objects.filter(section=section).count() == 3


def test_a_choice_question_is_added_with_one_choice_per_line(world, qa_client):
    version = draft_tool(world.partnership)
    section = version.sections.first()
    qa_client.post(
        reverse("tools:question_new", args=[section.pk]),
        {
            "version": version.version,
            "text": "Who made the referral?",
            "kind": "single_choice",
            "choices": "School\r\n GP \r\n\r\nPolice",
            "max_length": "10000",
        },
    )
    question = Question.objects.get(section=section, key="who_made_the_referral")
    assert question.choices == ["School", "GP", "Police"] and not question.required


def test_a_stale_edit_shows_the_tool_as_it_is_now_and_keeps_what_was_typed(world, qa_client):
    version = draft_tool(world.partnership)
    stale = version.version
    question = Question.objects.get(section__version=version, key="health_in_decisions")
    add_question(version.sections.last(), "How many referrals were there?", "number")  # someone else's change
    response = qa_client.post(
        reverse("tools:question_edit", args=[question.pk]),
        {
            "version": stale,
            "text": "Were GPs part of decision-making?",
            "kind": "yes_no",
            "required": "on",
            "max_length": "10000",
        },
    )
    page = _page(response)
    assert response.status_code == 200
    assert "Someone else changed this tool while you were editing it" in page
    assert "How many referrals were there?" in page  # the draft as it is now
    assert 'value="Were GPs part of decision-making?"' in page  # what was typed
    version.refresh_from_db()
    assert f'name="version" value="{version.version}"' in page  # saving again is a knowing choice
    assert Question.objects.get(pk=question.pk).text == "Were health professionals part of decision-making?"


def test_a_stale_new_section_is_refused_and_kept(world, qa_client):
    version = draft_tool(world.partnership)
    stale = version.version
    add_section(version, "Outcomes")
    page = _page(
        qa_client.post(
            reverse("tools:section_new", args=[version.pk]),
            {"version": stale, "title": "Management oversight", "help_text": ""},
        )
    )
    assert "Someone else changed this tool while you were editing it" in page
    assert 'value="Management oversight"' in page
    assert not Section.objects.filter(title="Management oversight").exists()


def test_moving_and_removing_from_the_draft_page(world, qa_client):
    version = draft_tool(world.partnership)
    counts = version.sections.get(title="Counts")
    response = qa_client.post(
        reverse("tools:section_move", args=[counts.pk]), {"version": version.version, "direction": "up"}
    )
    assert response.status_code == 302
    assert version.sections.order_by("position").first().title == "Counts"

    response = qa_client.post(
        reverse("tools:section_move", args=[counts.pk]), {"version": version.version, "direction": "down"}
    )
    assert "nothing has been moved" in _page(qa_client.get(response.url))

    question = Question.objects.get(section=counts)
    page = _page(qa_client.get(reverse("tools:question_remove", args=[question.pk])))
    assert "Remove this question?" in page and "How many contacts were there?" in page
    version.refresh_from_db()
    response = qa_client.post(reverse("tools:question_remove", args=[question.pk]), {"version": version.version})
    assert response.status_code == 302
    assert not Question.objects.filter(pk=question.pk).exists()

    version.refresh_from_db()
    response = qa_client.post(reverse("tools:section_remove", args=[counts.pk]), {"version": version.version})
    assert response.status_code == 302
    assert not Section.objects.filter(pk=counts.pk).exists()


def test_a_published_version_sends_editors_back_to_it(world, qa_client):
    version = published_tool(world.partnership)
    section = version.sections.first()
    response = qa_client.get(reverse("tools:section_edit", args=[section.pk]))
    assert response.status_code == 302 and response.url == reverse("tools:version", args=[version.pk])
    assert "Make a new draft version to change the tool" in _page(qa_client.get(response.url))


def test_a_new_draft_version_is_made_from_the_tool_page(world, qa_client):
    version = published_tool(world.partnership)
    page = _page(qa_client.get(reverse("tools:tool", args=[version.tool_id])))
    assert "Make a new draft version" in page
    response = qa_client.post(reverse("tools:new_draft", args=[version.tool_id]))
    draft = ToolVersion.objects.get(tool=version.tool, status=VersionStatus.DRAFT)
    assert response.status_code == 302 and response.url == reverse("tools:version", args=[draft.pk])
    assert draft.number == 2
    response = qa_client.post(reverse("tools:new_draft", args=[version.tool_id]))
    assert "already has a draft" in _page(qa_client.get(response.url))


def test_publishing_a_draft_with_an_empty_section_shows_what_is_missing(world, qa_client):
    version = draft_tool(world.partnership)
    add_section(version, "Outcomes")
    version.refresh_from_db()
    page = _page(qa_client.get(reverse("tools:version", args=[version.pk])))
    assert "Add at least one question to ‘Outcomes’." in page
    response = qa_client.post(reverse("tools:publish", args=[version.pk]), {"version": version.version})
    assert response.status_code == 200
    assert "There is a problem" in _page(response)
    assert ToolVersion.objects.get(pk=version.pk).status == VersionStatus.DRAFT


def test_the_standard_tools_are_added_from_the_list(world, qa_client):
    page = _page(qa_client.get(reverse("tools:index")))
    assert "Add the standard tools" in page and "New tool" in page
    response = qa_client.post(reverse("tools:install_defaults"))
    page = _page(qa_client.get(response.url))
    assert "Agency case audit tool" in page and "Deep-dive summative report" in page
    assert "have been added and published" in page
    assert "Add the standard tools" not in page
    assert AuditTool.objects.filter(partnership=world.partnership).count() == 2


def test_the_standard_case_tool_previews_every_question(world, qa_client):
    install_default_tools(actor=None, partnership=world.partnership)
    version = ToolVersion.objects.get(tool__name="Agency case audit tool", tool__partnership=world.partnership)
    page = _page(qa_client.get(reverse("tools:version", args=[version.pk])))
    assert "Was the risk from domestic abuse assessed?" in page
    assert page.count("What is working well?") == 5


def test_renaming_and_archiving_a_tool(world, qa_client):
    version = published_tool(world.partnership)
    tool = version.tool
    qa_client.post(
        reverse("tools:tool_edit", args=[tool.pk]),
        {"name": "Neglect tool 2026", "description": "", "version": tool.version},
    )
    qa_client.post(reverse("tools:tool_archive", args=[tool.pk]), {"archive": "on"})
    tool.refresh_from_db()
    assert tool.name == "Neglect tool 2026" and tool.is_archived
    page = _page(qa_client.get(reverse("tools:tool", args=[tool.pk])))
    assert "Restore the tool" in page and "Make a new draft version" not in page


def test_a_partnership_adds_its_own_grading_scale(world, qa_client):
    response = qa_client.post(
        reverse("tools:scale_new"),
        {"name": "Practice standard", "levels": "Strong\nSound\nWeak\nUnsafe", "meeting_standard": "2"},
    )
    assert response.status_code == 302
    scale = GradingScale.objects.get(partnership=world.partnership)
    assert [level["meets_standard"] for level in scale.levels] == [True, True, False, False]
    page = _page(qa_client.get(reverse("tools:scales")))
    assert "Practice standard" in page and "Ofsted four-point" in page and "Your partnership’s" in page
    section = draft_tool(world.partnership).sections.first()
    page = _page(qa_client.get(reverse("tools:question_new", args=[section.pk])))
    assert "Practice standard (Strong, Sound, Weak, Unsafe)" in page
    typed = {"name": "Tiny", "levels": "Only", "meeting_standard": "1"}
    page = _page(qa_client.post(reverse("tools:scale_new"), typed))
    assert "Enter at least 2 levels, one per line" in page


def test_another_partnerships_scale_is_not_offered(world, client_for):
    scale_create(
        actor=None,
        partnership=world.other_partnership,
        name="Otherby scale",
        levels=["Good enough", "Not good enough"],
        meeting_standard=1,
    )
    page = _page(client_for(world["qa"]).get(reverse("tools:scales")))
    assert "Otherby scale" not in page


def test_another_partnerships_tool_is_not_found(world, client_for):
    version = draft_tool(world.other_partnership)
    client = client_for(world["admin"])
    assert client.get(reverse("tools:version", args=[version.pk])).status_code == 404
    assert client.get(reverse("tools:tool", args=[version.tool_id])).status_code == 404
    question = Question.objects.filter(section__version=version).first()
    assert client.get(reverse("tools:question_edit", args=[question.pk])).status_code == 404
    response = client.post(reverse("tools:question_remove", args=[question.pk]), {"version": version.version})
    assert response.status_code == 404
    assert Question.objects.filter(pk=question.pk).exists()


def test_agency_people_may_not_build_tools(world, client_for):
    assert client_for(world["lead"]).get(reverse("tools:index")).status_code == 403
    assert client_for(world["board"]).get(reverse("tools:new")).status_code == 403


def test_the_tools_list_does_not_get_slower_with_more_tools(world, qa_client):
    made = []

    def add_tools(n):
        for _ in range(n):
            made.append(published_tool(world.partnership, name=f"Tool {len(made)}"))

    assert_queries_do_not_grow(lambda: qa_client.get(reverse("tools:index")), add_tools)


def test_the_version_page_does_not_get_slower_with_more_questions(world, qa_client):
    version = draft_tool(world.partnership)

    def add_questions(n):
        section = add_section(version, f"Section {Section.objects.count()}")
        for i in range(n):
            add_question(section, f"Question {i}?", "grade" if i % 2 else "text")

    assert_queries_do_not_grow(lambda: qa_client.get(reverse("tools:version", args=[version.pk])), add_questions)


def test_a_stale_new_question_or_publish_keeps_what_was_typed_and_points_at_the_draft_as_it_is(world, qa_client):
    version = draft_tool(world.partnership)
    stale = version.version
    section = version.sections.first()
    add_question(version.sections.last(), "How many referrals were there?", "number")  # someone else's change
    version.refresh_from_db()
    response = qa_client.post(
        reverse("tools:question_new", args=[section.pk]),
        {"version": stale, "text": "Was the father seen?", "kind": "yes_no", "required": "on", "max_length": "10000"},
    )
    shown = fields_shown(_page(response))
    assert response.status_code == 200 and "Someone else changed this tool while you were editing it" in _page(response)
    assert shown["text"].chosen == ["Was the father seen?"] and shown["kind"].chosen == ["yes_no"]
    assert shown["version"].chosen == [str(version.version)]
    assert not Question.objects.filter(text="Was the father seen?").exists()

    response = qa_client.post(reverse("tools:publish", args=[version.pk]), {"version": stale, "notes": "First issue."})
    shown = fields_shown(_page(response))
    assert response.status_code == 200 and shown["notes"].chosen == ["First issue."]
    assert set(shown["version"].chosen) == {str(version.version)}  # each form on the page
    assert ToolVersion.objects.get(pk=version.pk).status == VersionStatus.DRAFT
