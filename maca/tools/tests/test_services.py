"""Building and versioning tools through the services."""

import pytest
from django.core.exceptions import ValidationError

from maca.audit_trail.models import AuditEvent
from maca.core.concurrency import EditConflict
from maca.tools import services
from maca.tools.models import AuditTool, GradingScale, Question, Section, ToolVersion, VersionStatus
from maca.tools.tests.builders import add_question, add_section, draft_tool, ofsted, published_tool


def _keys(version) -> list[str]:
    return list(
        Question.objects.filter(section__version=version)
        .order_by("section__position", "position")
        .values_list("key", flat=True)
    )


# Tools


def test_a_new_tool_starts_as_an_empty_draft_version_1(world):
    qa = world["qa"].user
    tool = services.tool_create(actor=qa, partnership=world.partnership, name=" Neglect tool ", kind="case")
    assert tool.name == "Neglect tool" and tool.created_by == qa
    version = tool.versions.get()
    assert (version.number, version.status, version.partnership) == (1, VersionStatus.DRAFT, world.partnership)
    event = AuditEvent.objects.get(action="tool.created")
    assert event.object_id == str(tool.pk) and event.partnership == world.partnership


def test_tool_names_are_unique_within_a_partnership_only(world):
    services.tool_create(actor=None, partnership=world.partnership, name="Neglect tool", kind="case")
    with pytest.raises(ValidationError, match="already has a tool called"):
        services.tool_create(actor=None, partnership=world.partnership, name="neglect TOOL", kind="case")
    services.tool_create(actor=None, partnership=world.other_partnership, name="Neglect tool", kind="case")


def test_a_tool_needs_a_name_and_a_kind(world):
    with pytest.raises(ValidationError) as error:
        services.tool_create(actor=None, partnership=world.partnership, name="  ", kind="case")
    assert error.value.message_dict == {"name": ["Enter the tool’s name"]}
    with pytest.raises(ValidationError, match="Select the kind of tool"):
        services.tool_create(actor=None, partnership=world.partnership, name="X", kind="survey")


def test_renaming_archiving_and_restoring_a_tool_are_recorded(world):
    tool = services.tool_create(actor=None, partnership=world.partnership, name="Old name", kind="case")
    services.tool_update(
        actor=None, tool=tool, name="New name", description="For neglect audits.", expected_version=tool.version
    )
    tool.refresh_from_db()
    assert (tool.name, tool.description, tool.version) == ("New name", "For neglect audits.", 2)
    services.tool_archive(actor=None, tool=tool)
    assert AuditTool.objects.get(pk=tool.pk).is_archived
    services.tool_restore(actor=None, tool=tool)
    assert not AuditTool.objects.get(pk=tool.pk).is_archived
    actions = list(AuditEvent.objects.filter(object_id=str(tool.pk)).values_list("action", flat=True))
    assert {"tool.updated", "tool.archived", "tool.restored"} <= set(actions)


# Sections and questions of a draft


def test_each_change_to_a_draft_bumps_its_version(world):
    version = draft_tool(world.partnership)
    start = version.version
    section = add_section(version, "Outcomes")
    version.refresh_from_db()
    assert version.version == start + 1
    services.section_update(
        actor=None, section=section, title="Outcomes for the child", help_text="", expected_version=version.version
    )
    version.refresh_from_db()
    assert version.version == start + 2
    assert Section.objects.get(pk=section.pk).title == "Outcomes for the child"


def test_a_stale_edit_of_a_draft_is_refused_and_nothing_is_saved(world):
    version = draft_tool(world.partnership)
    stale = version.version
    section = version.sections.first()
    add_question(section, "Was the child seen alone?")  # someone else's change
    question = section.questions.first()
    before = _keys(version)
    with pytest.raises(EditConflict) as error:
        services.question_update(actor=None, question=question, text="Changed", kind="yes_no", expected_version=stale)
    assert error.value.instance.pk == version.pk and error.value.instance.version == stale + 1
    with pytest.raises(EditConflict):
        services.section_add(actor=None, version=version, title="Late", expected_version=stale)
    with pytest.raises(EditConflict):
        services.question_add(actor=None, section=section, text="Late?", kind="yes_no", expected_version=stale)
    with pytest.raises(EditConflict):
        services.section_remove(actor=None, section=section, expected_version=stale)
    with pytest.raises(EditConflict):
        services.version_publish(actor=None, version=version, expected_version=stale)
    assert Question.objects.get(pk=question.pk).text == "How well was information shared?"
    assert _keys(version) == before
    assert not Section.objects.filter(title="Late").exists()
    assert ToolVersion.objects.get(pk=version.pk).status == VersionStatus.DRAFT


def test_keys_are_made_from_the_text_and_kept_unique(world):
    version = draft_tool(world.partnership)
    section = version.sections.first()
    first = add_question(section, "Was the child's voice heard?")
    second = add_question(section, "Was the child’s voice heard?!")
    assert first.key == "was_the_childs_voice_heard"
    assert second.key == "was_the_childs_voice_heard_2"
    action = add_question(section, "Action")
    assert action.key == "action_2"  # 'action' is posted beside the answers by the returns page


def test_a_chosen_key_must_be_unique_within_the_version_and_well_formed(world):
    version = draft_tool(world.partnership)
    section = version.sections.last()
    with pytest.raises(ValidationError, match="already has the key ‘info_grade’"):
        add_question(section, "Another grade?", "grade", key="info_grade")
    with pytest.raises(ValidationError, match="lower-case letters"):
        add_question(section, "Bad key?", key="has spaces")
    with pytest.raises(ValidationError, match="cannot be used as a key"):
        add_question(section, "Reserved?", key="version")
    other = draft_tool(world.partnership, name="Another tool")
    add_question(other.sections.first(), "Same key elsewhere?", key="health_in_decisions_2")


def test_a_grade_question_needs_a_scale_the_partnership_may_use(world):
    version = draft_tool(world.partnership)
    section = version.sections.first()
    with pytest.raises(ValidationError) as error:
        services.question_add(
            actor=None, section=section, text="Grade?", kind="grade", expected_version=version.version
        )
    assert error.value.message_dict == {"scale": ["Select the scale to grade on"]}
    theirs = services.scale_create(
        actor=None,
        partnership=world.other_partnership,
        name="Otherby scale",
        levels=["Good", "Bad"],
        meeting_standard=1,
    )
    with pytest.raises(ValidationError, match="Select one of the scales your partnership can use"):
        add_question(section, "Grade?", "grade", scale=theirs)
    ours = services.scale_create(
        actor=None, partnership=world.partnership, name="Testshire scale", levels=["Good", "Bad"], meeting_standard=1
    )
    assert add_question(section, "Grade on ours?", "grade", scale=ours).scale == ours
    assert add_question(section, "Grade on shipped?", "grade", scale=ofsted()).scale == ofsted()


def test_a_choice_question_needs_two_different_choices(world):
    section = draft_tool(world.partnership).sections.first()
    with pytest.raises(ValidationError, match="at least 2 different choices"):
        add_question(section, "Which?", "single_choice", choices=["School", " school ", ""])
    question = add_question(section, "Which?", "multiple_choice", choices=[" School ", "GP", "school", ""])
    assert question.choices == ["School", "GP"]


def test_free_text_allows_between_100_and_50000_characters(world):
    section = draft_tool(world.partnership).sections.first()
    assert add_question(section, "Anything else?", "text").max_length == 10_000
    for bad in (99, 50_001):
        with pytest.raises(ValidationError, match="between 100 and 50,000"):
            add_question(section, "Too short or long?", "text", max_length=bad)
    assert add_question(section, "Long answer?", "text", max_length=50_000).max_length == 50_000


def test_changing_a_questions_kind_drops_what_belonged_to_the_old_kind(world):
    version = draft_tool(world.partnership)
    question = Question.objects.get(section__version=version, key="info_grade")
    version.refresh_from_db()
    services.question_update(
        actor=None,
        question=question,
        text="Which agencies shared information?",
        kind="multiple_choice",
        choices=["Police", "Health"],
        scale=ofsted(),
        required=False,
        expected_version=version.version,
    )
    question.refresh_from_db()
    assert (question.key, question.kind, question.scale, question.choices, question.required) == (
        "info_grade",
        "multiple_choice",
        None,
        ["Police", "Health"],
        False,
    )
    event = AuditEvent.objects.filter(action="tool_question.updated").latest("pk")
    assert event.changes["kind"] == ["grade", "multiple_choice"]


def test_sections_and_questions_move_up_and_down(world):
    version = draft_tool(world.partnership)
    first, second = version.sections.order_by("position")
    services.section_move(actor=None, section=second, direction="up", expected_version=version.version)
    assert list(version.sections.order_by("position").values_list("title", flat=True)) == [
        "Counts",
        "Information sharing",
    ]
    version.refresh_from_db()
    with pytest.raises(ValidationError, match="already first"):
        services.section_move(actor=None, section=second, direction="up", expected_version=version.version)
    grade = first.questions.get(key="info_grade")
    services.question_move(actor=None, question=grade, direction="down", expected_version=version.version)
    assert list(first.questions.order_by("position").values_list("key", flat=True)) == [
        "health_in_decisions",
        "info_grade",
        "worried",
    ]
    version.refresh_from_db()
    last = first.questions.get(key="worried")
    with pytest.raises(ValidationError, match="already last"):
        services.question_move(actor=None, question=last, direction="down", expected_version=version.version)


def test_removing_closes_the_gap(world):
    version = draft_tool(world.partnership)
    first = version.sections.get(title="Information sharing")
    services.question_remove(
        actor=None, question=first.questions.get(key="info_grade"), expected_version=version.version
    )
    assert list(first.questions.order_by("position").values_list("position", "key")) == [
        (1, "health_in_decisions"),
        (2, "worried"),
    ]
    version.refresh_from_db()
    services.section_remove(actor=None, section=first, expected_version=version.version)
    assert list(version.sections.values_list("position", "title")) == [(1, "Counts")]
    assert AuditEvent.objects.filter(action="tool_section.removed").exists()


# Publishing and versions


def test_a_draft_is_published_only_with_sections_that_each_have_a_question(world):
    tool = services.tool_create(actor=None, partnership=world.partnership, name="Empty", kind="case")
    version = tool.versions.get()
    with pytest.raises(ValidationError) as error:
        services.version_publish(actor=None, version=version, expected_version=version.version)
    assert error.value.messages == ["Add at least one section."]
    add_section(version, "Voice")
    version.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.version_publish(actor=None, version=version, expected_version=version.version)
    assert error.value.messages == ["Add at least one question to ‘Voice’."]


def test_publishing_freezes_the_version_and_records_who_published_it(world):
    qa = world["qa"].user
    version = draft_tool(world.partnership)
    published = services.version_publish(actor=qa, version=version, expected_version=version.version, notes="First.")
    assert published.status == VersionStatus.PUBLISHED
    assert published.published_by == qa and published.published_at is not None
    assert published.notes == "First."
    assert AuditEvent.objects.filter(action="tool_version.published", object_id=str(version.pk)).exists()


def test_a_published_version_cannot_change(world):
    version = published_tool(world.partnership)
    section = version.sections.first()
    question = section.questions.first()
    message = "is published, so it cannot be changed. Make a new draft version"
    with pytest.raises(ValidationError, match=message):
        services.section_add(actor=None, version=version, title="More", expected_version=version.version)
    with pytest.raises(ValidationError, match=message):
        services.section_update(
            actor=None, section=section, title="Renamed", help_text="", expected_version=version.version
        )
    with pytest.raises(ValidationError, match=message):
        services.question_update(
            actor=None, question=question, text="Changed?", kind="yes_no", expected_version=version.version
        )
    with pytest.raises(ValidationError, match=message):
        services.question_remove(actor=None, question=question, expected_version=version.version)
    with pytest.raises(ValidationError, match=message):
        services.version_publish(actor=None, version=version, expected_version=version.version)
    assert Question.objects.get(pk=question.pk).text == question.text


def test_a_new_draft_copies_the_published_version_keys_and_all(world):
    published = published_tool(world.partnership)
    draft = services.version_new_draft(actor=None, tool=published.tool)
    assert (draft.number, draft.status) == (2, VersionStatus.DRAFT)
    assert _keys(draft) == _keys(published) == ["info_grade", "health_in_decisions", "worried", "contacts"]
    copied = Question.objects.get(section__version=draft, key="info_grade")
    original = Question.objects.get(section__version=published, key="info_grade")
    assert copied.pk != original.pk and copied.scale == original.scale == ofsted()
    assert list(draft.sections.values_list("title", "help_text")) == list(
        published.sections.values_list("title", "help_text")
    )
    draft.refresh_from_db()
    services.question_update(
        actor=None, question=copied, text="Rewritten?", kind="grade", scale=ofsted(), expected_version=draft.version
    )
    assert Question.objects.get(pk=original.pk).text == "How well was information shared?"


def test_only_one_draft_at_a_time(world):
    published = published_tool(world.partnership)
    services.version_new_draft(actor=None, tool=published.tool)
    with pytest.raises(ValidationError, match="already has a draft, version 2"):
        services.version_new_draft(actor=None, tool=published.tool)


def test_publishing_a_new_version_retires_the_previous_one(world):
    first = published_tool(world.partnership)
    draft = services.version_new_draft(actor=None, tool=first.tool)
    services.version_publish(actor=None, version=draft, expected_version=draft.version)
    first.refresh_from_db()
    draft.refresh_from_db()
    assert first.status == VersionStatus.RETIRED
    assert draft.status == VersionStatus.PUBLISHED
    third = services.version_new_draft(actor=None, tool=first.tool)
    assert third.number == 3
    assert _keys(third) == _keys(draft)


def test_an_archived_tool_gets_no_new_versions(world):
    published = published_tool(world.partnership)
    services.tool_archive(actor=None, tool=published.tool)
    with pytest.raises(ValidationError, match="is archived"):
        services.version_new_draft(actor=None, tool=published.tool)


# Grading scales


def test_a_partnership_makes_its_own_scale_from_labels_best_first(world):
    scale = services.scale_create(
        actor=world["qa"].user,
        partnership=world.partnership,
        name="Practice standard",
        levels=["Strong", "Sound ", "", "Weak", "Unsafe – act now"],
        meeting_standard=2,
    )
    assert scale.partnership == world.partnership and scale.key == "practice-standard"
    assert scale.levels == [
        {"value": "strong", "label": "Strong", "meets_standard": True},
        {"value": "sound", "label": "Sound", "meets_standard": True},
        {"value": "weak", "label": "Weak", "meets_standard": False},
        {"value": "unsafe_act_now", "label": "Unsafe – act now", "meets_standard": False},
    ]
    assert scale.meets_standard("sound") and not scale.meets_standard("weak")
    assert AuditEvent.objects.filter(action="grading_scale.created", object_id=str(scale.pk)).exists()


@pytest.mark.parametrize(
    ("name", "levels", "meeting", "field", "message"),
    [
        ("", ["A", "B"], 1, "name", "Enter the scale’s name"),
        ("Ofsted four-point", ["A", "B"], 1, "name", "There is already a scale called ‘Ofsted four-point’"),
        ("Mine", ["Only one"], 1, "levels", "Enter at least 2 levels, one per line"),
        ("Mine", ["Good", "good"], 1, "levels", "Each level must be different: ‘good’ appears more than once"),
        ("Mine", ["A", "B", "C"], 3, "meeting_standard", "With 3 levels, choose up to the top 2"),
        ("Mine", ["A", "B", "C"], 0, "meeting_standard", "With 3 levels, choose up to the top 2"),
        ("Mine", ["A", "B"], 3, "meeting_standard", "With 2 levels, only the top level can meet the standard"),
    ],
)
def test_scale_mistakes_are_reported_on_their_field(world, name, levels, meeting, field, message):
    with pytest.raises(ValidationError) as error:
        services.scale_create(
            actor=None, partnership=world.partnership, name=name, levels=levels, meeting_standard=meeting
        )
    assert message in error.value.message_dict[field][0]


def test_level_values_stay_unique_when_labels_slugify_alike(world):
    scale = services.scale_create(
        actor=None, partnership=world.partnership, name="Odd", levels=["Good!", "Good?", "★"], meeting_standard=1
    )
    assert [level["value"] for level in scale.levels] == ["good", "good_2", "level_3"]


def test_shipped_scales_are_the_same_in_every_partnership(world):
    shipped = set(GradingScale.objects.filter(partnership__isnull=True).values_list("key", flat=True))
    assert {"ofsted-four-point", "six-point", "rag", "signs-of-safety"} <= shipped
