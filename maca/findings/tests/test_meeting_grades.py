"""Agreeing a case's grade with the agencies' own grades in view, and every
submitted return of a case shown on its page, narrative or not."""

from __future__ import annotations

import itertools
import re

import pytest
from django.urls import reverse

from maca.findings.tests.builders import answer_returns
from maca.partnerships.models import AgencyKind
from maca.partnerships.tests.factories import AgencyFactory
from maca.returns.models import Return, ReturnStatus
from maca.selection.models import Assignment
from maca.tests.page import words_shown
from maca.tests.querycount import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db
_n = itertools.count(1)


def _words(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return words_shown(response.content.decode())


def _grades(client, url) -> dict[str, list[str]]:
    """The rows of the table "Grades the agencies gave", each cell's words, by agency."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    table = re.search(r"<table[^>]*>\s*<caption[^>]*>Grades the agencies gave</caption>(.*?)</table>", page, re.S)
    assert table, "no table of the grades the agencies gave"
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table.group(1), re.S)[1:]:
        cells = [words_shown(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        rows[cells[0]] = cells[1:]
    return rows


def test_the_grades_the_agencies_gave_are_beside_the_agreed_grade(world, audit, case, client_for):
    qa = client_for(world["qa"])
    url = reverse("findings:discussion", args=[audit.pk, case.pk])
    grades = _grades(qa, url)
    assert grades[world.police.name] == ["Good", "See the return of Testshire Police"]
    assert grades[world.health.name] == ["Return not submitted", ""]
    assert "The grade each return gave in answer to ‘How well was information shared?’" in _words(qa, url)

    # The link opens the police's return, where its grade is read in full.
    police = Return.objects.get(audit_case=case, agency=world.police)
    page = qa.get(url).content.decode()
    assert f'href="{reverse("returns:detail", args=[police.pk])}"' in page
    assert "How well was information shared? Good" in _words(qa, reverse("returns:detail", args=[police.pk]))

    # Once the care board submits, its grade is there too.
    answer_returns(world, audit, agency=world.health)
    assert _grades(qa, url)[world.health.name] == ["Good", "See the return of Testshire Care Board"]


def test_a_return_without_a_grade_says_so(world, audit, case, client_for):
    # A return taken in with its grade question unanswered (an optional one, say).
    police = Return.objects.get(audit_case=case, agency=world.police)
    Return.objects.filter(pk=police.pk).update(answers={"health_involved": "yes"})
    grades = _grades(client_for(world["qa"]), reverse("findings:discussion", args=[audit.pk, case.pk]))
    assert grades[world.police.name] == ["No grade given", "See the return of Testshire Police"]


def test_a_return_with_no_narrative_is_shown_on_the_case_page_not_left_out(world, audit, case, client_for):
    answer_returns(world, audit, agency=world.health, worried="")
    words = _words(client_for(world["qa"]), reverse("findings:case", args=[audit.pk, case.pk]))
    from_returns = words.split("From the agencies’ returns", 1)[1].split("Immediate safeguarding concerns", 1)[0]
    assert "Testshire Care Board No narrative given." in from_returns
    assert "Testshire Police What are we worried about?" in from_returns


def test_the_discussion_page_costs_the_same_queries_however_many_agencies(world, audit, case, client_for):
    client = client_for(world["qa"])
    url = reverse("findings:discussion", args=[audit.pk, case.pk])
    version_id = Return.objects.filter(audit_case=case).values_list("tool_version_id", flat=True).first()

    def add(n):
        for i in range(n):
            agency = AgencyFactory(partnership=world.partnership, name=f"Agency {next(_n)}", kind=AgencyKind.OTHER)
            Assignment.objects.create(partnership=world.partnership, audit_case=case, agency=agency)
            Return.objects.create(
                partnership=world.partnership,
                audit=audit,
                audit_case=case,
                agency=agency,
                tool_version_id=version_id,
                status=ReturnStatus.SUBMITTED if i % 2 else ReturnStatus.DRAFT,
                answers={"info_grade": "good"},
            )

    assert_queries_do_not_grow(lambda: client.get(url), add)
    grades = _grades(client, url)
    added = [cells for name, cells in grades.items() if name.startswith("Agency ")]
    assert len(added) == 12
    assert added.count(["Return not submitted", ""]) == 6
    assert sum(cells[0] == "Good" and cells[1].startswith("See the return of Agency") for cells in added) == 6
