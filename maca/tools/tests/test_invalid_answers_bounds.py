"""``invalid_answers``, the check of answers that come in other than through the
form (the merge page posts them back as JSON): no NUL character in any string,
and no number past ``LARGEST_NUMBER``; the form refuses the same number."""

import pytest

from maca.tools.answers import LARGEST_NUMBER, answer_form, invalid_answers
from maca.tools.tests.builders import add_question, draft_tool

CONTACTS = "How many contacts were there?"


@pytest.fixture
def version(world):
    """Grade, yes/no, text and number (``draft_tool``), and a single and a multiple choice."""
    version = draft_tool(world.partnership)
    section = version.sections.first()
    add_question(section, "Which service referred?", "single_choice", key="referrer", choices=["School", "GP"])
    add_question(section, "Who was involved?", "multiple_choice", key="involved", choices=["Police", "Health"])
    version.refresh_from_db()
    return version


def test_answers_without_a_nul_and_within_the_limit_are_accepted(version):
    answers = {
        "info_grade": "good",
        "health_in_decisions": "yes",
        "worried": "Mother said the child was not at home.",
        "contacts": LARGEST_NUMBER,
        "referrer": "GP",
        "involved": ["Police", "Health"],
    }
    assert invalid_answers(version, answers) == []


@pytest.mark.parametrize(
    ("key", "value", "question"),
    [
        ("worried", "Mother\x00 said", "What are we worried about?"),
        ("worried", "\x00", "What are we worried about?"),
        ("info_grade", "good\x00", "How well was information shared?"),
        ("health_in_decisions", "yes\x00", "Were health professionals part of decision-making?"),
        ("referrer", "GP\x00", "Which service referred?"),
        ("involved", ["Police", "Health\x00"], "Who was involved?"),
    ],
)
def test_a_nul_in_any_answer_is_not_accepted(version, key, value, question):
    assert invalid_answers(version, {key: value}) == [f"The answer to ‘{question}’ is not one this question accepts."]


@pytest.mark.parametrize("value", [LARGEST_NUMBER + 1, 99999999999999999999])
def test_a_number_past_the_largest_is_refused_naming_the_question(version, value):
    assert invalid_answers(version, {"contacts": value}) == [f"‘{CONTACTS}’ must be 100,000 or fewer"]


@pytest.mark.parametrize("value", [0, 3, LARGEST_NUMBER])
def test_numbers_from_0_to_the_largest_are_accepted(version, value):
    assert invalid_answers(version, {"contacts": value}) == []


def test_the_largest_number_is_100_000():
    assert LARGEST_NUMBER == 100_000


@pytest.mark.parametrize("typed", ["100001", "99999999999999999999"])
def test_the_form_refuses_a_number_past_the_largest_naming_the_question(version, typed):
    form = answer_form(version, data={"contacts": typed})
    assert not form.is_valid()
    assert form.errors["contacts"] == [f"‘{CONTACTS}’ must be 100,000 or fewer"]
    assert form.fields["contacts"].max_value == LARGEST_NUMBER


def test_the_form_takes_the_largest_number(version):
    form = answer_form(version, data={"contacts": "100000"})
    form.is_valid()
    assert "contacts" not in form.errors
    assert form.cleaned_data["contacts"] == LARGEST_NUMBER
