"""The progress of the year: the board sees where each audit is and how many
returns are in, as charts and tables that say the same as the response grid."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from maca.programme.models import Stage
from maca.programme.tests.factories import AuditFactory, ProgrammeFactory
from maca.returns.models import Return
from maca.returns.services import return_save_draft, return_submit
from maca.returns.tests.builders import audit_with_returns
from maca.tests.page import words_shown
from maca.tests.querycount import assert_queries_do_not_grow
from maca.tests.tables import read_tables

SVG = "{http://www.w3.org/2000/svg}"


def submit(world, return_record):
    auditor, lead = world["auditor"], world["lead"]
    return_record = return_save_draft(
        actor=auditor.user,
        membership=auditor.membership,
        return_record=return_record,
        answers={"info_grade": "good", "health_involved": "yes"},
        expected_version=return_record.version,
    )
    return return_submit(
        actor=lead.user, membership=lead.membership, return_record=return_record, expected_version=return_record.version
    )


def charts_of(page: str) -> dict[str, ElementTree.Element]:
    """Each chart's SVG on the page, by its title."""
    found = {}
    for svg in re.findall(r"<svg xmlns=.*?</svg>", page, re.S):
        root = ElementTree.fromstring(svg)  # noqa: S314 - our own page
        title = root.find(f"{SVG}title")
        if title is not None:
            found[title.text] = root
    return found


def marks(root) -> list[dict]:
    return [e.attrib for e in root.iter() if "maca-chart__mark" in e.attrib.get("class", "")]


@pytest.fixture
def audit(world):
    audit = audit_with_returns(world, cases=3, agencies=[world.police, world.gp_practice])
    police = Return.objects.filter(audit=audit, agency=world.police).order_by("audit_case__number")
    submit(world, police[0])
    submit(world, police[1])
    return audit


def test_the_board_sees_the_years_progress_as_charts_and_tables(world, audit, client_for):
    AuditFactory(partnership=world.partnership, title="Exploitation of teenagers")
    response = client_for(world["board"]).get(reverse("returns:progress", args=[2026]))
    assert response.status_code == 200
    page = response.content.decode()
    tables = read_tables(page)
    charts = charts_of(page)

    stages = tables["Audits by stage"]
    assert stages.cell("Agencies auditing", "Audits") == "1"
    assert stages.cell("Planned", "Audits") == "1"
    assert "2 audits in the 2026–27 programme: 1 planned and 1 agencies auditing." in page

    # The grid's figures: 2 of the 6 returns in; the care board counts its GP practice's.
    returns = tables["Returns in, by audit"]
    assert returns.cell(audit.title, "In") == "2"
    assert returns.cell(audit.title, "Outstanding") == "4"
    assert returns.cell(audit.title, "In, of all returns") == "2 of 6 (33%)"
    agencies = tables["Response rate by agency"]
    assert agencies.cell("Testshire Police", audit.title) == "2 of 3 (67%)"
    assert agencies.cell("Testshire Care Board", audit.title) == "0 of 3 (0%)"
    over_time = tables["Response rate, audit after audit"]
    assert over_time.rows[0][1] == "2 of 6 (33%)"

    # Each picture says what its table says.
    for title in (
        "Audits by stage",
        "Returns in, by audit",
        "Response rate by agency",
        "Response rate, audit after audit",
    ):
        root = charts[title]
        for mark in marks(root):
            assert tables[title].cell(mark["data-row"], mark["data-column"]) == mark["data-value"], (title, mark)
    # No case is named: only counts.
    assert "Case 1" not in page and "F-0" not in page
    # The summaries read as sentences, one audit or several.
    assert "Across the one audit of 2026–27 with agencies’ returns, 2 of 6 (33%) returns are in." in page
    assert "for the audit with returns since" in page
    assert "Testshire Care Board has the smallest share in: 0 of 3 (0%)." in page


def test_when_every_return_is_in_the_summary_says_so(world, audit, client_for):
    for return_record in Return.objects.filter(audit=audit).exclude(status="submitted"):
        Return.objects.filter(pk=return_record.pk).update(status="submitted")
    page = words_shown(client_for(world["board"]).get(reverse("returns:progress", args=[2026])).content.decode())
    assert f"In ‘{audit.title}’, every agency has all its returns in." in page
    assert "smallest share" not in page


def test_the_figures_are_the_response_grids(world, audit, client_for):
    client = client_for(world["qa"])
    grid = read_tables(client.get(reverse("returns:tracking", args=[audit.pk])).content.decode())
    progress = read_tables(client.get(reverse("returns:progress", args=[2026])).content.decode())
    for agency in ("Testshire Police", "Testshire Care Board"):
        responded = grid["Responses by agency"].cell(agency, "Responded")
        counts = re.match(r"(\d+) of (\d+)", responded).groups()
        assert progress["Response rate by agency"].cell(agency, audit.title).startswith(" of ".join(counts))


def test_a_year_without_a_programme_or_returns_says_so(world, client_for):
    client = client_for(world["board"])
    assert (
        "There is no programme for this year yet."
        in client.get(reverse("returns:progress", args=[2030])).content.decode()
    )
    ProgrammeFactory(partnership=world.partnership, year=2027)
    page = client.get(reverse("returns:progress", args=[2027])).content.decode()
    assert "No audits are planned in the 2027–28 programme yet." in page
    assert "No audit of this year has asked agencies for their returns yet." in page
    assert client.get("/programme/1999/progress/").status_code == 404


def test_another_partnerships_audits_are_not_counted(world, audit, client_for):
    page = client_for(world["outsider"]).get(reverse("returns:progress", args=[2026])).content.decode()
    assert audit.title not in page and "There is no programme for this year yet." in page


def test_the_progress_page_asks_the_same_number_of_queries_however_many_audits(world, client_for):
    client = client_for(world["board"])

    def add(count):
        for _ in range(count // 2):
            audit = audit_with_returns(world, cases=2, agencies=[world.police, world.gp_practice])
            submit(world, Return.objects.filter(audit=audit, agency=world.police).first())
        for _ in range(count - count // 2):
            AuditFactory(partnership=world.partnership)

    assert_queries_do_not_grow(lambda: client.get(reverse("returns:progress", args=[2026])), add)


def test_the_year_page_draws_its_audits_as_a_timeline_by_stage(world, audit, client_for):
    AuditFactory(partnership=world.partnership, title="Exploitation of teenagers")
    page = client_for(world["board"]).get(reverse("programme:year", args=[2026])).content.decode()
    timeline = charts_of(page)["The 2026–27 year at a glance"]
    table = read_tables(page)["The 2026–27 year at a glance"]
    assert table.cell(audit.title, "Stage") == "Agencies auditing"
    assert table.cell("Exploitation of teenagers", "Returns due") == "15 Oct 2026"
    drawn = marks(timeline)
    assert {(m["data-row"], m["data-column"]) for m in drawn} >= {
        (audit.title, "Stage"),
        ("Exploitation of teenagers", "Stage"),
        ("Exploitation of teenagers", "Meeting"),
    }
    for mark in drawn:
        assert table.cell(mark["data-row"], mark["data-column"]) == mark["data-value"]
    lanes = [t.text for t in timeline.iter(f"{SVG}text") if t.get("font-weight") == "bold"]
    assert f"{audit.title} ({Stage.AUDITING.label.lower()})" in lanes
    assert reverse("returns:progress", args=[2026]) in page


def test_a_year_with_a_deep_dive_names_its_summative_reports_with_the_returns(world, audit, client_for):
    """The same figure said in the same words: the deep dive's own page counts
    "summative reports"; the year's progress, counting them with another
    audit's returns, "returns and summative reports" (as the programme table
    says), never "returns" alone."""
    deep_dive = audit_with_returns(world, cases=2, kind="deep_dive", tool_kind="summative", agencies=[world.police])
    qa = client_for(world["qa"])
    own = words_shown(qa.get(reverse("returns:tracking", args=[deep_dive.pk])).content.decode())
    assert "0 of 2 summative reports in (0%)." in own
    page = qa.get(reverse("returns:progress", args=[2026])).content.decode()
    tables = read_tables(page)
    both = tables["Returns and summative reports in, by audit"]
    assert both.cell(deep_dive.title, "In, of all returns and summative reports") == "0 of 2 (0%)"
    shown = words_shown(page)
    assert (
        "Across the 2 audits of 2026–27 with agencies’ returns and summative reports, "
        "2 of 8 (25%) returns and summative reports are in." in shown
    )
    assert "The share of each agency’s returns and summative reports that are in" in shown
    assert f"{deep_dive.title} (summative reports due" in page
