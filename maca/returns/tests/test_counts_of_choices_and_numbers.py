"""The counts page shows every kind of question a QA officer can count: how
many returns chose each choice of a single- or multiple-choice question (in
the form's order), and the numbers given, each agency's and all agencies',
as the grades and yes/no answers are; every download says the same. A
choice a later version of the tool renamed or dropped is counted on its own,
said so, never under another choice."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from maca.returns.models import Return, ReturnStatus
from maca.returns.services import return_save_draft, return_submit
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
POLICE = "Testshire Police"
CARE_BOARD = "Testshire Care Board"


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
    # A grade's table's shape: a row for each agency, then all agencies; a column for each choice.
    assert activities.head == ["Agency", "Cooking", "Reading", "Sport", SEVERAL]
    assert activities.rows == [
        # Two returns ticked two choices: the counts add up to 5 of 3 returns answering.
        [POLICE, "2 of 3 (67%)", "3 of 3 (100%)", "0 of 3 (0%)", "3"],
        ["All agencies", "2 of 3 (67%)", "3 of 3 (100%)", "0 of 3 (0%)", "3"],
    ]
    home = tables[HOME]
    assert home.head == ["Agency", "At home", "With relatives", "In care", "Returns answering"]
    assert home.rows == [
        [POLICE, "2 of 3 (67%)", "0 of 3 (0%)", "1 of 3 (33%)", "3"],
        ["All agencies", "2 of 3 (67%)", "0 of 3 (0%)", "1 of 3 (33%)", "3"],
    ]
    # In the form's order, after the grades and yes/no questions the page showed before.
    captions = list(tables)
    assert captions.index(ACTIVITIES) < captions.index(HOME) < captions.index(VISITS)


def test_the_counts_show_the_numbers_given(world, audit, client_for):
    numbers = read_tables(_page(client_for(world["qa"]), audit))[VISITS]
    assert numbers.head == ["Agency", "Returns answering", "Total", "Smallest", "Largest"]
    # One return left it blank; the draft's 50 is not counted.
    assert numbers.rows == [[POLICE, "2", "8", "1", "7"], ["All agencies", "2", "8", "1", "7"]]


def test_the_counts_download_holds_the_choices_and_numbers_the_page_shows(world, audit, client_for):
    client = client_for(world["qa"])
    page = read_tables(_page(client, audit))
    sheets = _sheets(client, audit)

    activities = sheets[ACTIVITIES]
    assert activities[1] == ("Agency", "Cooking", "Reading", "Sport", SEVERAL)
    assert activities[2:] == [(POLICE, 2, 3, 0, 3), ("All agencies", 2, 3, 0, 3)]
    home = sheets[HOME]
    assert home[1] == ("Agency", "At home", "With relatives", "In care", "Returns answering")
    assert home[2:] == [(POLICE, 2, 0, 1, 3), ("All agencies", 2, 0, 1, 3)]
    numbers = sheets[VISITS]
    assert numbers[1] == tuple(page[VISITS].head)
    assert numbers[2:] == [(POLICE, 2, 8, 1, 7), ("All agencies", 2, 8, 1, 7)]
    _assert_download_says_what_the_page_says(page, sheets)


# Two agencies choosing differently -----------------------------------------------------------


def _complete_as(ret, persona, answers):
    """Save and submit ``ret`` as its agency's lead (the police's returns by
    their auditor and lead, as :func:`complete` does)."""
    ret.refresh_from_db()
    ret = return_save_draft(
        actor=persona.user,
        membership=persona.membership,
        return_record=ret,
        answers=answers,
        expected_version=ret.version,
    )
    return_submit(actor=persona.user, membership=persona.membership, return_record=ret, expected_version=ret.version)


def two_agencies_choosing_differently(world):
    """Two cases, each with a return from the police and from the care board,
    all submitted: the police's returns tick Cooking and Reading and say the
    child lived at home or in care; the care board's tick Sport and say with
    relatives or at home, and give larger numbers."""
    audit = audit_with_returns(world, cases=2, agencies=[world.police, world.health])
    _publish_with_new_questions(world, audit)
    police = list(Return.objects.filter(audit=audit, agency=world.police).order_by("audit_case__number"))
    health = list(Return.objects.filter(audit=audit, agency=world.health).order_by("audit_case__number"))
    complete(police[0], world, _answers(["Cooking", "Reading"], "At home", 7))
    complete(police[1], world, _answers(["Reading"], "In care", 1), accept=True)
    _complete_as(health[0], world["health_lead"], _answers(["Sport"], "With relatives", 12))
    _complete_as(health[1], world["health_lead"], _answers(["Sport", "Cooking"], "With relatives", 30))
    return audit


@pytest.fixture
def two_agencies(world):
    return two_agencies_choosing_differently(world)


def test_the_counts_show_what_each_agencys_returns_chose(world, two_agencies, client_for):
    tables = read_tables(_page(client_for(world["qa"]), two_agencies))
    activities = tables[ACTIVITIES]
    assert activities.cell(POLICE, "Cooking") == "1 of 2 (50%)"
    assert activities.cell(CARE_BOARD, "Cooking") == "1 of 2 (50%)"
    assert activities.rows == [
        [CARE_BOARD, "1 of 2 (50%)", "0 of 2 (0%)", "2 of 2 (100%)", "2"],
        [POLICE, "1 of 2 (50%)", "2 of 2 (100%)", "0 of 2 (0%)", "2"],
        ["All agencies", "2 of 4 (50%)", "2 of 4 (50%)", "2 of 4 (50%)", "4"],
    ]
    assert tables[HOME].rows == [
        [CARE_BOARD, "0 of 2 (0%)", "2 of 2 (100%)", "0 of 2 (0%)", "2"],
        [POLICE, "1 of 2 (50%)", "0 of 2 (0%)", "1 of 2 (50%)", "2"],
        ["All agencies", "1 of 4 (25%)", "2 of 4 (50%)", "1 of 4 (25%)", "4"],
    ]
    # The agencies in the order of the grades' and yes/no answers' rows.
    grades = next(table for caption, table in tables.items() if caption.startswith("How well"))
    assert [row[0] for row in activities.rows] == [row[0] for row in grades.rows]


def test_the_counts_show_the_numbers_each_agency_gave(world, two_agencies, client_for):
    numbers = read_tables(_page(client_for(world["qa"]), two_agencies))[VISITS]
    assert numbers.rows == [
        [CARE_BOARD, "2", "42", "12", "30"],
        [POLICE, "2", "8", "1", "7"],
        ["All agencies", "4", "50", "1", "30"],
    ]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_each_download_gives_each_agencys_figures_as_the_page_does(world, two_agencies, client_for, fmt):
    client = client_for(world["qa"])
    page = read_tables(_page(client, two_agencies))
    sheets = _sheets(client, two_agencies, fmt=fmt)
    assert sheets[ACTIVITIES][2:] == [(CARE_BOARD, 1, 0, 2, 2), (POLICE, 1, 2, 0, 2), ("All agencies", 2, 2, 2, 4)]
    assert sheets[VISITS][2:] == [(CARE_BOARD, 2, 42, 12, 30), (POLICE, 2, 8, 1, 7), ("All agencies", 4, 50, 1, 30)]
    _assert_download_says_what_the_page_says(page, sheets)


def _sheets(client, audit, *, fmt: str = "xlsx") -> dict[str, list[tuple]]:
    """The download's tables by title, each as its rows (title, headings, figures)."""
    return _read_download(client.get(reverse("returns:summary_export", args=[audit.pk, fmt])), fmt)


def _read_download(response, fmt: str) -> dict[str, list[tuple]]:
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    if fmt == "xlsx":
        workbook = load_workbook(io.BytesIO(content))
        return {rows[0][0]: rows for rows in (list(sheet.iter_rows(values_only=True)) for sheet in workbook)}
    tables: dict[str, list[tuple]] = {}
    for block in content.decode("utf-8-sig").split("\r\n\r\n"):
        rows = [tuple(_number(cell) for cell in row) for row in csv.reader(io.StringIO(block)) if row]
        if rows:
            tables[rows[0][0]] = [(rows[0][0],), *rows[1:]]
    return tables


def _number(cell: str):
    return int(cell) if cell.isdigit() else (None if cell == "" else cell)


def _assert_download_says_what_the_page_says(page, sheets):
    """Every choice and number table: the same rows, headings and figures as
    the page ("1 of 2 (50%)" on the page is 1, and 2 answering, in the file)."""
    for caption in (ACTIVITIES, HOME):
        shown, written = page[caption], sheets[caption]
        assert list(written[1]) == shown.head
        assert len(written[2:]) == len(shown.rows)
        for row, seen in zip(written[2:], shown.rows, strict=True):
            agency, *chosen, answered = row
            assert seen[0] == agency and seen[-1] == f"{answered:,}"
            for n, text in zip(chosen, seen[1:-1], strict=True):
                assert text.startswith(f"{n} of {answered} ")
    shown, written = page[VISITS], sheets[VISITS]
    assert list(written[1]) == shown.head
    assert [[str(value) if value is not None else "–" for value in row] for row in written[2:]] == shown.rows


def test_a_choice_a_later_version_renamed_or_dropped_is_counted_on_its_own(world, client_for):
    """Version 2 offers Cooking, Reading and Sport; version 3 renames Cooking
    "Cooking together" and drops Sport. A return answered on version 2 keeps
    its choices, each counted apart under words saying so, for its agency and
    for all agencies; the same words in both versions (Reading) are counted
    together."""
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
    activities = tables["Which activities did the family do together?"]
    assert activities.head == [
        "Agency",
        "Cooking together",
        "Reading",
        "Cooking (only in version 2)",
        "Sport (only in version 2)",
        SEVERAL,
    ]
    assert activities.rows == [
        [POLICE, "1 of 2 (50%)", "1 of 2 (50%)", "1 of 2 (50%)", "1 of 2 (50%)", "2"],
        ["All agencies", "1 of 2 (50%)", "1 of 2 (50%)", "1 of 2 (50%)", "1 of 2 (50%)", "2"],
    ]
    written = _sheets(client_for(world["qa"]), audit)["Which activities did the family do together?"]
    assert written[1] == tuple(activities.head)
    assert written[2:] == [(POLICE, 1, 1, 1, 1, 2), ("All agencies", 1, 1, 1, 1, 2)]


@pytest.mark.parametrize("url_name", ["returns:summary", "returns:summary_export"])
def test_the_counts_ask_no_more_queries_for_more_agencies_and_returns_with_choices_and_numbers(
    world, client_for, url_name
):
    """Each agency's figures are counted from the returns already read: more
    agencies, and more returns, cost the page and its download no query."""
    from maca.partnerships.tests.factories import AgencyFactory
    from maca.returns.services import _new_return, published_version
    from maca.selection.services import _add_case
    from maca.selection.tests.builders import make_case

    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    _publish_with_new_questions(world, audit)
    complete(Return.objects.get(audit=audit), world, _answers(["Cooking"], "At home", 2))
    client = client_for(world["qa"])
    agencies = [POLICE]

    def add(n):
        for number in range(n):
            agency = AgencyFactory(partnership=world.partnership, name=f"Northby Youth Service {len(agencies)}")
            agencies.append(agency.name)
            for answering in (agency, world.police):
                audit_case = _add_case(actor=None, audit=audit, case=make_case(world.partnership), source="nominated")
                ret = _new_return(
                    audit=audit, audit_case=audit_case, agency=answering, version=published_version(audit)
                )
                answers = _answers(["Reading", "Sport"], "In care", number)
                Return.objects.filter(pk=ret.pk).update(status=ReturnStatus.SUBMITTED, answers=answers)

    def fetch():
        if url_name == "returns:summary":
            response = client.get(reverse(url_name, args=[audit.pk]))
            shown = [row[0] for row in read_tables(response.content.decode())[ACTIVITIES].rows]
        else:
            response = client.get(reverse(url_name, args=[audit.pk, "csv"]))
            shown = [row[0] for row in _read_download(response, "csv")[ACTIVITIES][2:]]
        # A row for each agency, then all agencies.
        assert shown == [*sorted(agencies), "All agencies"]
        return response

    assert_queries_do_not_grow(fetch, add)
