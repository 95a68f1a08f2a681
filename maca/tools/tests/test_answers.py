"""Answer forms: what the returns app shows agencies, and how answers are read back."""

import pytest
from django import forms

from maca.core.form_rendering import error_summary_params, render_field
from maca.tools.answers import answer_form, answers_from, display_value, missing_answers, questions_of
from maca.tools.tests.builders import add_question, add_section, draft_tool


@pytest.fixture
def version(world):
    """Grade (required), yes/no (required), text (optional) and number (required)."""
    return draft_tool(world.partnership)


@pytest.fixture
def full_answers():
    return {"info_grade": "good", "health_in_decisions": "no", "worried": "Nobody asked the child.", "contacts": 3}


def test_one_field_per_question_named_by_its_key_in_the_tools_order(version):
    form = answer_form(version)
    assert list(form.fields) == ["info_grade", "health_in_decisions", "worried", "contacts"]
    grade = form.fields["info_grade"]
    assert grade.label == "How well was information shared?"
    assert isinstance(grade, forms.ChoiceField) and isinstance(grade.widget, forms.RadioSelect)
    assert list(grade.choices) == [
        ("outstanding", "Outstanding"),
        ("good", "Good"),
        ("requires_improvement", "Requires improvement"),
        ("inadequate", "Inadequate"),
    ]
    assert list(form.fields["health_in_decisions"].choices) == [
        ("yes", "Yes"),
        ("no", "No"),
        ("n/a", "Not applicable"),
    ]
    number = form.fields["contacts"]
    assert isinstance(number, forms.IntegerField) and isinstance(number.widget, forms.NumberInput)
    assert number.min_value == 0
    text = form.fields["worried"]
    assert isinstance(text.widget, forms.Textarea) and text.widget.attrs["rows"] == 4
    assert text.max_length == 10_000


def test_the_question_hint_is_the_fields_help_text(world):
    version = draft_tool(world.partnership)
    section = version.sections.first()
    add_question(section, "Was the child seen alone?", help_text="Where their age allowed.")
    assert answer_form(version).fields["was_the_child_seen_alone"].help_text == "Where their age allowed."


def test_sections_hold_their_bound_fields_for_templates(version):
    form = answer_form(version)
    assert [(section.title, [field.name for field in fields]) for section, fields in form.sections] == [
        ("Information sharing", ["info_grade", "health_in_decisions", "worried"]),
        ("Counts", ["contacts"]),
    ]
    assert form.sections[0][1][0].label == "How well was information shared?"


def test_choice_questions_use_radios_checkboxes_or_a_select_for_long_lists(world):
    version = draft_tool(world.partnership)
    section = version.sections.first()
    add_question(section, "Which service referred?", "single_choice", key="referrer", choices=["School", "GP"])
    add_question(section, "Which month?", "single_choice", key="month", choices=[f"Month {n}" for n in range(1, 10)])
    add_question(
        section, "Who was involved?", "multiple_choice", key="involved", choices=["Police", "Health", "School"]
    )
    form = answer_form(version)
    assert isinstance(form.fields["referrer"].widget, forms.RadioSelect)
    assert list(form.fields["referrer"].choices) == [("School", "School"), ("GP", "GP")]
    assert isinstance(form.fields["month"].widget, forms.Select)
    assert not isinstance(form.fields["month"].widget, forms.RadioSelect)
    assert next(iter(form.fields["month"].choices)) == ("", "Select an answer")
    assert isinstance(form.fields["involved"], forms.MultipleChoiceField)
    assert isinstance(form.fields["involved"].widget, forms.CheckboxSelectMultiple)


def test_a_draft_may_be_saved_with_nothing_answered(version):
    form = answer_form(version, data={})
    assert form.is_valid(), form.errors
    assert answers_from(form) == {}


def test_on_submitting_each_unanswered_required_question_is_reported(version):
    form = answer_form(version, data={"worried": ""}, require=True)
    assert not form.is_valid()
    assert form.errors["info_grade"] == ["Answer ‘How well was information shared?’"]
    assert form.errors["health_in_decisions"] == ["Answer ‘Were health professionals part of decision-making?’"]
    assert form.errors["contacts"] == ["Answer ‘How many contacts were there?’"]
    assert "worried" not in form.errors  # optional
    links = {item["href"]: item["text"] for item in error_summary_params(form)["errorList"]}
    assert links["#id_info_grade"] == "Answer ‘How well was information shared?’"
    assert "#id_contacts" in links


def test_a_complete_return_can_be_submitted(version, full_answers):
    form = answer_form(version, data=full_answers, require=True)
    assert form.is_valid(), form.errors


def test_answers_round_trip_through_the_form(version, full_answers):
    posted = {key: str(value) for key, value in full_answers.items()}
    form = answer_form(version, data=posted)
    assert form.is_valid(), form.errors
    answers = answers_from(form)
    assert answers == full_answers
    assert isinstance(answers["contacts"], int)
    again = answer_form(version, initial=answers)
    assert again["info_grade"].value() == "good"
    assert again["contacts"].value() == 3
    html = render_field(again["info_grade"])
    assert 'value="good" checked' in html


def test_multiple_choices_are_stored_as_a_list(world):
    version = draft_tool(world.partnership)
    add_question(
        version.sections.first(),
        "Who was involved?",
        "multiple_choice",
        key="involved",
        choices=["Police", "Health", "School"],
        required=False,
    )
    form = answer_form(version, data={"involved": ["Police", "School"]})
    assert form.is_valid(), form.errors
    assert answers_from(form) == {"involved": ["Police", "School"]}
    bad = answer_form(version, data={"involved": ["Police", "Probation"]})
    assert not bad.is_valid()
    assert "Select only the answers given" in bad.errors["involved"][0]


def test_empty_answers_are_left_out_but_zero_is_an_answer(version):
    form = answer_form(version, data={"info_grade": "", "worried": "   ", "contacts": "0"})
    assert form.is_valid(), form.errors
    assert answers_from(form) == {"contacts": 0}


def test_free_text_is_kept_to_the_questions_most_characters(world):
    version = draft_tool(world.partnership)
    add_question(version.sections.first(), "Anything else?", "text", key="else", max_length=100, required=False)
    form = answer_form(version, data={"else": "x" * 101})
    assert not form.is_valid()
    assert form.errors["else"] == ["‘Anything else?’ must be 100 characters or fewer"]
    assert answer_form(version, data={"else": "x" * 100}).is_valid()
    html = render_field(answer_form(version)["else"])
    assert "govuk-character-count" in html and 'data-maxlength="100"' in html


def test_the_default_limit_is_written_with_a_comma(version):
    form = answer_form(version, data={"worried": "x" * 10_001})
    assert not form.is_valid()
    assert form.errors["worried"] == [f"‘{form.fields['worried'].label}’ must be 10,000 characters or fewer"]


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("-1", "‘How many contacts were there?’ must be 0 or more"),
        ("three", "‘How many contacts were there?’ must be a whole number, like 3"),
        ("2.5", "‘How many contacts were there?’ must be a whole number, like 3"),
        ("1,2,0", "‘How many contacts were there?’ must be a whole number, like 3"),
    ],
)
def test_numbers_must_be_whole_and_not_negative(version, typed, error):
    form = answer_form(version, data={"contacts": typed})
    assert not form.is_valid()
    assert form.errors["contacts"] == [error]


@pytest.mark.parametrize("typed", ["1200", "1,200", "1 200", " 1,200 "])
def test_a_number_is_read_as_people_write_it(version, typed):
    # GOV.UK: let people type the commas and spaces they would write.
    form = answer_form(version, data={"contacts": typed})
    assert form.is_valid(), form.errors
    assert answers_from(form) == {"contacts": 1200}


def test_a_grade_not_on_the_scale_is_refused(version):
    form = answer_form(version, data={"info_grade": "brilliant"})
    assert not form.is_valid()
    assert "Select one of the answers given" in form.errors["info_grade"][0]


def test_missing_answers_lists_required_questions_without_an_answer(version, full_answers):
    missing = missing_answers(version, {"info_grade": "good", "contacts": 0})
    assert [(question.key, message) for question, message in missing] == [
        ("health_in_decisions", "Answer ‘Were health professionals part of decision-making?’")
    ]
    assert missing_answers(version, {**full_answers, "worried": ""}) == []
    assert missing_answers(version, {**full_answers, "health_in_decisions": "n/a"}) == []
    assert len(missing_answers(version, {})) == 3


def test_display_values_read_as_people_would_say_them(world, version):
    questions = {question.key: question for question in questions_of(version)}
    assert display_value(questions["info_grade"], "requires_improvement") == "Requires improvement"
    assert display_value(questions["health_in_decisions"], "yes") == "Yes"
    assert display_value(questions["health_in_decisions"], "n/a") == "Not applicable"
    assert display_value(questions["contacts"], 1200) == "1,200"
    assert display_value(questions["contacts"], 0) == "0"
    assert display_value(questions["worried"], "Nobody asked.") == "Nobody asked."
    assert display_value(questions["worried"], None) == ""
    section = version.sections.first()
    involved = add_question(
        section, "Who was involved?", "multiple_choice", key="involved", choices=["Police", "Health"]
    )
    assert display_value(involved, ["Police", "Health"]) == "Police, Health"


def test_questions_of_reads_sections_and_questions_in_two_queries(world, django_assert_num_queries):
    version = draft_tool(world.partnership)
    third = add_section(version, "Outcomes")
    for n in range(5):
        add_question(third, f"Outcome question {n}?", "grade")
    version.refresh_from_db()
    with django_assert_num_queries(2):
        questions = questions_of(version)
        titles = [question.section.title for question in questions]
        labels = [question.scale.label_of("good") for question in questions if question.scale_id]
    assert [q.key for q in questions][:4] == ["info_grade", "health_in_decisions", "worried", "contacts"]
    assert titles[0] == "Information sharing" and titles[-1] == "Outcomes"
    assert labels == ["Good"] * 6


def test_building_the_form_takes_the_same_two_queries(world, django_assert_num_queries):
    version = draft_tool(world.partnership)
    with django_assert_num_queries(2):
        form = answer_form(version, data={"info_grade": "good"})
        form.is_valid()
        [str(field) for _, fields in form.sections for field in fields]
