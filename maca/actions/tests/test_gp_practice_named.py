"""A GP practice that owns an action reads the same in the pickers, the plan,
the board and the action's page: with the agency at the top of its tree,
"Mill Lane Surgery (Testshire Care Board)" (``partnerships.presenters.agency_name``),
without a query a row. The plan's download keeps the name it always had."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from maca.accounts.roles import Role
from maca.accounts.tests.factories import MembershipFactory, UserFactory
from maca.actions.tests.builders import raise_action
from maca.tests.page import words_shown
from maca.tests.querycount import assert_queries_do_not_grow
from maca.tests.tables import read_tables

GP = "Mill Lane Surgery (Testshire Care Board)"


@pytest.fixture
def practice_auditor(world):
    user = UserFactory(email="pat@testshire.example", full_name="Pat Practice")
    return MembershipFactory(
        user=user, partnership=world.partnership, role=Role.AGENCY_AUDITOR, agency=world.gp_practice
    )


def _options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S).group(0)
    return [words_shown(text) for text in re.findall(r"<option[^>]*>(.*?)</option>", select, re.S)]


def test_a_gp_practice_reads_the_same_in_the_pickers_the_plan_the_board_and_the_action(
    world, client_for, practice_auditor
):
    today = dt.date.today()
    action = raise_action(
        world,
        agency=world.gp_practice,
        owner=practice_auditor.user,
        today=today - dt.timedelta(days=30),
        due_on=today - dt.timedelta(days=1),
    )
    qa = client_for(world["qa"])

    raising = qa.get(reverse("actions:raise")).content.decode()
    assert GP in _options(raising, "owner_agency")
    assert f"Pat Practice ({GP})" in _options(raising, "owner")

    plan = qa.get(reverse("actions:plan")).content.decode()
    assert read_tables(plan)["Actions"].cell(action.reference, "Agency") == GP
    assert GP in _options(plan, "agency")

    page = words_shown(qa.get(reverse("actions:detail", args=[action.pk])).content.decode())
    assert f"Owner agency {GP}" in page

    board = qa.get(reverse("actions:board")).content.decode()
    assert read_tables(board)["Overdue actions"].cell(action.reference, "Agency") == GP
    assert f"{GP} has the most overdue: 1." in words_shown(board)

    owner = words_shown(qa.get(reverse("actions:change_owner", args=[action.pk])).content.decode())
    assert f"Owned now by Pat Practice of {GP}." in owner

    # The download's column keeps the practice's own name.
    csv_text = b"".join(qa.get(reverse("actions:plan_export", args=["csv"])).streaming_content).decode("utf-8-sig")
    assert "Mill Lane Surgery" in csv_text and GP not in csv_text


def test_naming_a_gp_practice_asks_no_query_a_row(world, client_for, practice_auditor):
    today = dt.date.today()
    qa = client_for(world["qa"])

    def add(n):
        for _ in range(n):
            raise_action(
                world,
                agency=world.gp_practice,
                owner=practice_auditor.user,
                today=today - dt.timedelta(days=400),
                due_on=today - dt.timedelta(days=1),
            )

    assert_queries_do_not_grow(lambda: qa.get(reverse("actions:plan")), add)
    assert_queries_do_not_grow(lambda: qa.get(reverse("actions:board")), add)


@pytest.fixture
def practice_lead(world):
    user = UserFactory(email="pip@testshire.example", full_name="Pip Practice")
    return MembershipFactory(user=user, partnership=world.partnership, role=Role.AGENCY_LEAD, agency=world.gp_practice)


def test_a_gp_practices_board_paper_names_it_as_its_tables_do_and_its_file_names_it_once(
    world, client_for, practice_lead
):
    """The board paper, a download, keeps agencies' names as they were (its
    tables and chart name a GP practice by its own name): what it says it
    covers names it so too, and so does its file name, once, however the
    practice is chosen (the practice's lead's own agency and its filter)."""
    from maca.actions.tests.test_corrections import docx_of, docx_tables, pdf_text
    from maca.actions.tests.test_papers_and_words import _file_name

    action = raise_action(world, agency=world.gp_practice, owner=practice_lead.user)
    on = dt.date.today().isoformat()
    gp = {"agency": world.gp_practice.pk}

    own = client_for(practice_lead).get(reverse("actions:plan_docx"), gp)
    assert _file_name(own) == f"action-plan-board-paper-mill-lane-surgery-{on}.docx"
    document = docx_of(own)
    assert "Actions of Mill Lane Surgery shown: agency Mill Lane Surgery." in [p.text for p in document.paragraphs]
    plan = docx_tables(document)[-1]
    assert plan[1][:3] == [action.reference, action.title, "Mill Lane Surgery"]
    assert GP not in " ".join(p.text for p in document.paragraphs)

    csv = client_for(practice_lead).get(reverse("actions:plan_export", args=["csv"]), gp)
    assert _file_name(csv) == f"action-plan-mill-lane-surgery-{on}.csv"

    paper = client_for(world["qa"]).get(reverse("actions:plan_pdf"), gp)
    assert _file_name(paper) == f"action-plan-board-paper-mill-lane-surgery-{on}.pdf"
    text = pdf_text(paper.content)
    assert "Actions shown: agency Mill Lane Surgery." in text and GP not in text


def test_the_board_reads_sub_units_of_its_own_partnership_by_the_tenant_key(world, client_for, practice_auditor):
    """The board's names for sub-units come from a query of agencies that
    names the partnership itself, not only the actions it may see (ADR 0005)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    raise_action(world, agency=world.gp_practice, owner=practice_auditor.user)
    with CaptureQueriesContext(connection) as captured:
        board = client_for(world["qa"]).get(reverse("actions:board")).content.decode()
    assert GP in words_shown(board)
    sub_units = [q["sql"] for q in captured.captured_queries if re.search(r'FROM "partnerships_agency"', q["sql"])]
    sub_units = [sql for sql in sub_units if '"parent_id" IS NOT NULL' in sql]
    assert sub_units, "the board reads no sub-units"
    for sql in sub_units:
        assert '"partnerships_agency"."partnership_id" = ' in sql.split(" WHERE ", 1)[1], sql
