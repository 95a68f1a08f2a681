"""A GP practice that owns an action reads the same in the pickers, the plan,
the board, the action's page, the board paper (PDF and Word) and the plan's
downloads (CSV and Excel): with the agency at the top of its tree,
"Mill Lane Surgery (Testshire Care Board)" (``partnerships.presenters.agency_name``),
without a query a row."""

from __future__ import annotations

import datetime as dt
import io
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
    assert f"Owned now by {GP}. Named owner: Pat Practice." in owner

    # The downloads name it as the pages do.
    assert _owner_agencies(qa, "csv") == {action.reference: GP}
    assert _owner_agencies(qa, "xlsx") == {action.reference: GP}


def _owner_agencies(client, fmt: str, **filters) -> dict[str, str]:
    """Each row's "Owner agency" in the plan's download, by its Ref."""
    import csv

    from python_calamine import CalamineWorkbook

    data = b"".join(client.get(reverse("actions:plan_export", args=[fmt]), filters).streaming_content)
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    else:
        rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    head = rows[0]
    return {row[0]: row[head.index("Owner agency")] for row in rows[1:]}


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


def test_a_gp_practices_board_paper_names_it_as_the_pages_do_and_its_file_names_it_once(
    world, client_for, practice_lead
):
    """The board paper names a GP practice with its agency, as the board page
    does, everywhere in it: what it says it covers, its chart, its overdue,
    closed and plan tables, in the PDF and the Word file alike; its file name
    names it once, however the practice is chosen (the practice's lead's own
    agency and its filter)."""
    from maca.actions.services import action_sign_off, sign_off_request
    from maca.actions.tests.test_corrections import docx_of, docx_tables, pdf_text
    from maca.actions.tests.test_papers_and_words import _file_name

    today = dt.date.today()
    late = raise_action(
        world,
        agency=world.gp_practice,
        owner=practice_lead.user,
        title="Late practice action",
        today=today - dt.timedelta(days=30),
        due_on=today - dt.timedelta(days=1),
    )
    done = raise_action(world, agency=world.gp_practice, owner=practice_lead.user, title="Done practice action")
    done = sign_off_request(actor=practice_lead.user, action=done, note="Done.", expected_version=done.version)
    done = action_sign_off(actor=world["qa"].user, action=done, impact="Safer.", expected_version=done.version)
    on = today.isoformat()
    gp = {"agency": world.gp_practice.pk}
    slug = "mill-lane-surgery-testshire-care-board"

    own = client_for(practice_lead).get(reverse("actions:plan_docx"), gp)
    assert _file_name(own) == f"action-plan-board-paper-{slug}-{on}.docx"
    document = docx_of(own)
    assert f"Actions of {GP} shown: agency {GP}." in [p.text for p in document.paragraphs]
    chart, overdue, closed, plan = docx_tables(document)
    assert chart[1][0] == GP
    assert overdue[1][:3] == [late.reference, late.title, GP]
    assert closed[1][:3] == [done.reference, done.title, GP]
    assert {row[0]: row[2] for row in plan[1:]} == {late.reference: GP, done.reference: GP}

    csv = client_for(practice_lead).get(reverse("actions:plan_export", args=["csv"]), gp)
    assert _file_name(csv) == f"action-plan-{slug}-{on}.csv"

    paper = client_for(world["qa"]).get(reverse("actions:plan_pdf"), gp)
    assert _file_name(paper) == f"action-plan-board-paper-{slug}-{on}.pdf"
    text = pdf_text(paper.content)
    assert f"Actions shown: agency {GP}." in text
    # The chart's sentence, and each table's row: never the practice's name alone.
    assert f"{GP} has the most overdue: 1." in text
    assert text.count(GP) >= 5
    assert "Mill Lane Surgery" not in text.replace(GP, "")


def test_the_board_reads_agencies_of_its_own_partnership_by_the_tenant_key(world, client_for, practice_auditor):
    """The board's names for owner agencies come from a query of agencies that
    names the partnership itself, not only the actions it may see (ADR 0005)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    raise_action(world, agency=world.gp_practice, owner=practice_auditor.user)
    with CaptureQueriesContext(connection) as captured:
        board = client_for(world["qa"]).get(reverse("actions:board")).content.decode()
    assert GP in words_shown(board)
    owners = [q["sql"] for q in captured.captured_queries if re.search(r'FROM "partnerships_agency"', q["sql"])]
    owners = [sql for sql in owners if '"owner_agency_id"' in sql]
    assert owners, "the board reads no owner agencies"
    for sql in owners:
        assert '"partnerships_agency"."partnership_id" = ' in sql.split(" WHERE ", 1)[1], sql
