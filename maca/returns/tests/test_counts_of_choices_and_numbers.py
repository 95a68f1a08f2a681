"""The counts page shows every kind of question a QA officer can count: how
many returns chose each choice of a single- or multiple-choice question (in
the form's order), and the numbers given; the download says the same. A
choice a later version of the tool renamed or dropped is counted on its own
row, said so, never under another choice."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from maca.returns.models import Return, ReturnStatus
from maca.returns.tests.builders import audit_with_returns, save
from maca.returns.tests.test_tracking import complete
from maca.tests.querycount import assert_queries_do_not_grow
from maca.tests.tables import read_tables
from maca.tools import services
from maca.tools.models import Question, QuestionKind, Section

pytestmark = pytest.mark.django_db

ACTIVITIES = "Which activities did the family share?"
HOME = "Where did the child live?"
VISITS = "How many home visits were made?"
SEVERAL = "Returns answering (a return may tick several)"


def _publish_with_new_questions(world, audit):
    """Version 2 of the audit's tool asks a multiple-choice, a single-choice
    and a number question as well; the returns nobody has started take it up."""
    qa = world["qa"].user
    draft = services.version_new_draft(actor=qa, tool=audit.tool)
    section = Section.objects.get(version=draft)
    for question in (
        {"key": "activities", "text": ACTIVITIES, "kind": QuestionKind.MULTIPLE_CHOICE},
        {"key": "home", "text": HOME, "kind": QuestionKind.SINGLE_CHOICE},
        {"key": "visits", "text": VISITS, "kind": QuestionKind.NUMBER},
    ):
        draft.refresh_from_db()
        choices = {
            "activities": ["Cooking", "Reading", "Sport"],
            "home": ["At home", "With relatives", "In care"],
        }.get(question["key"])
        services.question_add(
            actor=qa, section=section, expected_version=draft.version, required=False, choices=choices, **question
        )
    draft.refresh_from_db()
    return services.version_publish(actor=qa, version=draft, expected_version=draft.version)


def _answers(activities=None, home=None, visits=None) -> dict:
    answers = {"info_grade": "good", "health_involved": "yes"}
    if activities is not None:
        answers["activities"] = activities
    if home is not None:
        answers["home"] = home
    if visits is not None:
        answers["visits"] = visits
    return answers


def _page(client, audit) -> str:
    return client.get(reverse("returns:summary", args=[audit.pk])).content.decode()


@pytest.fixture
def audit(world):
    audit = audit_with_returns(world, cases=4, agencies=[world.police])
    _publish_with_new_questions(world, audit)
    returns = list(Return.objects.filter(audit=audit).order_by("audit_case__number"))
    complete(returns[0], world, _answers(["Cooking", "Reading"], "At home", 7))
    complete(returns[1], world, _answers(["Reading"], "In care", 1), accept=True)
    complete(returns[2], world, _answers(["Cooking", "Reading"], "At home"))
    # A draft is not counted.
    save(returns[3], world["auditor"], _answers(["Sport"], "With relatives", 50))
    return audit


def test_the_counts_show_how_many_returns_chose_each_choice_in_the_forms_order(world, audit, client_for):
    tables = read_tables(_page(client_for(world["qa"]), audit))
    activities = tables[ACTIVITIES]
    assert activities.head == ["Choice", "Returns ticking it"]
    assert activities.rows == [
        ["Cooking", "2 of 3 (67%)"],
        ["Reading", "3 of 3 (100%)"],
        ["Sport", "0 of 3 (0%)"],
        [SEVERAL, "3"],  # two returns ticked two choices: the counts add up to 5
    ]
    home = tables[HOME]
    assert home.head == ["Choice", "Returns choosing it"]
    assert home.rows == [
        ["At home", "2 of 3 (67%)"],
        ["With relatives", "0 of 3 (0%)"],
        ["In care", "1 of 3 (33%)"],
        ["Returns answering", "3"],
    ]
    # In the form's order, after the grades and yes/no questions the page showed before.
    captions = list(tables)
    assert captions.index(ACTIVITIES) < captions.index(HOME) < captions.index("Numbers given")


def test_the_counts_show_the_numbers_given(world, audit, client_for):
    numbers = read_tables(_page(client_for(world["qa"]), audit))["Numbers given"]
    assert numbers.head == ["Question", "Returns answering", "Total", "Smallest", "Largest"]
    # One return left it blank; the draft's 50 is not counted.
    assert numbers.rows == [[VISITS, "2", "8", "1", "7"]]


def test_the_counts_download_holds_the_choices_and_numbers_the_page_shows(world, audit, client_for):
    client = client_for(world["qa"])
    page = read_tables(_page(client, audit))
    response = client.get(reverse("returns:summary_export", args=[audit.pk, "xlsx"]))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheets = {rows[0][0]: rows for rows in (list(sheet.iter_rows(values_only=True)) for sheet in workbook)}

    activities = sheets[ACTIVITIES]
    assert activities[1] == ("Choice", "Returns ticking it", SEVERAL)
    shown = page[ACTIVITIES]
    for (choice, chosen, answering), (seen_choice, seen) in zip(activities[2:], shown.rows[:-1], strict=True):
        assert choice == seen_choice and seen.startswith(f"{chosen} of {answering} ")
    assert shown.rows[-1] == [SEVERAL, "3"]
    home = sheets[HOME]
    assert home[1] == ("Choice", "Returns choosing it", "Returns answering")
    assert [row[:2] for row in home[2:]] == [("At home", 2), ("With relatives", 0), ("In care", 1)]

    numbers = sheets["Numbers given"]
    assert numbers[1] == tuple(page["Numbers given"].head)
    assert numbers[2:] == [(VISITS, 2, 8, 1, 7)]


def test_a_choice_a_later_version_renamed_or_dropped_is_counted_on_its_own_row(world, client_for):
    """Version 2 offers Cooking, Reading and Sport; version 3 renames Cooking
    "Cooking together" and drops Sport. A return answered on version 2 keeps
    its choices, each on a row saying so; the same words in both versions
    (Reading) are one row."""
    qa = world["qa"].user
    audit = audit_with_returns(world, cases=2, agencies=[world.police])
    _publish_with_new_questions(world, audit)
    on_two, on_three = Return.objects.filter(audit=audit).order_by("audit_case__number")
    save(on_two, world["auditor"], _answers(["Cooking", "Sport"]))  # started: stays on version 2

    draft = services.version_new_draft(actor=qa, tool=audit.tool)
    question = Question.objects.get(section__version=draft, key="activities")
    draft.refresh_from_db()
    services.question_update(
        actor=qa,
        question=question,
        text="Which activities did the family do together?",
        kind=question.kind,
        choices=["Cooking together", "Reading"],
        required=False,
        expected_version=draft.version,
    )
    draft.refresh_from_db()
    services.version_publish(actor=qa, version=draft, expected_version=draft.version)
    on_three.refresh_from_db()
    assert on_three.tool_version_id == draft.pk

    complete(on_two, world, _answers(["Cooking", "Sport"]))
    complete(on_three, world, _answers(["Cooking together", "Reading"]))
    tables = read_tables(_page(client_for(world["qa"]), audit))
    assert ACTIVITIES not in tables  # one table, in the newest version's words
    assert tables["Which activities did the family do together?"].rows == [
        ["Cooking together", "1 of 2 (50%)"],
        ["Reading", "1 of 2 (50%)"],
        ["Cooking (only in version 2)", "1 of 2 (50%)"],
        ["Sport (only in version 2)", "1 of 2 (50%)"],
        [SEVERAL, "2"],
    ]


def test_the_counts_page_asks_no_more_queries_for_more_returns_with_choices_and_numbers(world, client_for):
    from maca.returns.services import _new_return, published_version
    from maca.selection.services import _add_case
    from maca.selection.tests.builders import make_case

    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    _publish_with_new_questions(world, audit)
    complete(Return.objects.get(audit=audit), world, _answers(["Cooking"], "At home", 2))
    client = client_for(world["qa"])

    def add(n):
        for number in range(n):
            audit_case = _add_case(actor=None, audit=audit, case=make_case(world.partnership), source="nominated")
            ret = _new_return(audit=audit, audit_case=audit_case, agency=world.police, version=published_version(audit))
            answers = _answers(["Reading", "Sport"], "In care", number)
            Return.objects.filter(pk=ret.pk).update(status=ReturnStatus.SUBMITTED, answers=answers)

    def fetch():
        response = client.get(reverse("returns:summary", args=[audit.pk]))
        assert read_tables(response.content.decode())[ACTIVITIES].rows[-1][0] == SEVERAL
        return response

    assert_queries_do_not_grow(fetch, add)
