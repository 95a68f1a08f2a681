"""In the demo partnership: the board member sees the year's progress as
charts and tables; the QA officer reads the year as a timeline and a case's
chronology as lanes of events, downloads the response grid as a spreadsheet
and the case pool as CSV; the admin finds those downloads in the audit log
and downloads the log itself.

Every chart's marks are checked against the table beside it, in the browser,
and every download is opened: the grid's values are the page's, and no cell
holds a formula."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from python_calamine import CalamineWorkbook

from maca.demo.partnership import DEMO_PASSWORD
from maca.tests.browser.conftest import screenshot, sign_in
from maca.tests.browser.demo import demo, open_who_has_responded, sign_in_demo  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)

# What each figure's marks say, against the cell of its table with the same row and column.
AGREEMENT = """
(figure) => {
  const table = figure.querySelector("table");
  const head = [...table.querySelectorAll("thead th")].map((cell) => cell.textContent.trim());
  const rows = new Map();
  for (const row of table.querySelectorAll("tbody tr")) {
    const cells = [...row.children].map((cell) => cell.textContent.trim());
    rows.set(cells[0], cells);
  }
  const marks = [...figure.querySelectorAll("svg .maca-chart__mark[data-row]")];
  const problems = [];
  for (const mark of marks) {
    const row = rows.get(mark.dataset.row);
    const column = head.indexOf(mark.dataset.column);
    const shown = row && column >= 0 ? row[column] : undefined;
    if (shown !== mark.dataset.value) {
      problems.push(`${mark.dataset.row} / ${mark.dataset.column}: chart ${mark.dataset.value}, table ${shown}`);
    }
  }
  return {marks: marks.length, problems};
}
"""


def check_charts(page, titles: list[str]) -> None:
    """Each chart is drawn, named, fits the page, and agrees with its table once opened."""
    for title in titles:
        figure = page.locator("figure.maca-chart", has=page.get_by_role("heading", name=title, exact=True))
        expect(figure.get_by_role("img", name=re.compile(re.escape(title)))).to_be_visible()
        figure.locator(".govuk-details__summary").click()
        expect(figure.locator("table")).to_be_visible()
        result = figure.evaluate(AGREEMENT)
        assert result["marks"] > 0, f"{title}: nothing drawn"
        assert not result["problems"], f"{title}: " + "; ".join(result["problems"])
        box = figure.bounding_box()
        assert box["x"] + box["width"] <= page.viewport_size["width"]


def download(page, link_name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name, exact=True).click()
    return Path(info.value.path()).read_bytes()


def table_rows(page, caption: str) -> list[list[str]]:
    table = page.locator("table", has=page.locator("caption", has_text=caption))
    return table.evaluate(
        "(t) => [...t.querySelectorAll('tr')]"
        ".map((r) => [...r.children].map((c) => c.textContent.trim().replace(/\\s+/g, ' ')))"
    )


def test_progress_timelines_and_downloads(live_server, page, demo, axe, browser):  # noqa: F811
    base = live_server.url

    # The board member: the year at a glance, then its progress.
    sign_in(page, base, "board@wyvernshire.example", password=DEMO_PASSWORD, secret=None, axe=axe)
    page.get_by_role("link", name="Programme", exact=True).click()
    axe.check(page)
    label = re.search(r"Audit programme (\S+)", page.title()).group(1)
    check_charts(page, [f"The {label} year at a glance"])
    timeline = page.get_by_role("img", name=re.compile("year at a glance"))
    expect(timeline).to_contain_text("Neglect in families with babies (agencies auditing)")
    axe.check(page)
    page.get_by_role("link", name="Progress of the year").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Progress of the {label} programme")
    # The year has a deep dive with agencies' summative reports under way: its charts name both.
    in_by_audit = "Returns and summative reports in, by audit"
    charts = ["Audits by stage", in_by_audit, "Response rate, audit after audit", "Response rate by agency"]
    check_charts(page, charts)
    axe.check(page)
    screenshot(page, "board-progress-of-the-year")
    returns = table_rows(page, in_by_audit)
    assert returns[1][0] == "Neglect in families with babies" and returns[1][3].startswith("3 of ")
    # On a phone a chart keeps a readable size and scrolls sideways in its own region, not the page.
    page.set_viewport_size({"width": 320, "height": 800})
    for figure in page.locator("figure.maca-chart").all():
        box = figure.bounding_box()
        assert box["x"] + box["width"] <= 320
        picture = figure.locator(".maca-chart__picture")
        assert picture.evaluate("(region) => region.scrollWidth > region.clientWidth")
        picture.focus()
        expect(picture).to_be_focused()
    axe.check(page)
    screenshot(page, "board-progress-of-the-year-320px")
    page.set_viewport_size({"width": 1280, "height": 900})

    # The QA officer: the response grid, downloaded as a spreadsheet and opened.
    qa, qa_context = open_who_has_responded(browser, base, axe=axe)
    axe.check(qa)
    shown = table_rows(qa, "Returns by agency and case")
    workbook = download(qa, "Excel spreadsheet (XLSX)")
    sheet = load_workbook(io.BytesIO(workbook))["Returns by agency and case"]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    written = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(min_row=2, values_only=True)]
    # The page marks a late return with a red "Late", and one that came in late with a red
    # "Submitted late on ..." beside its status; the spreadsheet puts each in brackets.
    assert written == [[_as_written(cell) for cell in row] for row in shown]
    assert any("(late)" in cell for row in written for cell in row)
    calamine = CalamineWorkbook.from_filelike(io.BytesIO(workbook)).get_sheet_by_name("Responses by agency")
    police = next(row for row in calamine.to_python() if row[0] == "Wyvern and Fenmoor Police")
    assert police[1:3] == [2, 6]
    grid_csv = list(csv.reader(io.StringIO(download(qa, "CSV file").decode("utf-8-sig"))))
    assert grid_csv[1] == shown[0]

    # The year at a glance and a case's chronology as a timeline above its table.
    qa.get_by_role("link", name="Programme", exact=True).click()
    axe.check(qa)
    check_charts(qa, [f"The {label} year at a glance"])
    qa.get_by_role("link", name="Neglect in families with babies").click()
    axe.check(qa)
    qa.get_by_role("link", name="Selected cases and the agencies auditing them").click()
    axe.check(qa)
    case_url = qa.url
    chronology_url = case_url.replace("/cases/", "/cases/{}/chronology/")
    first_case = qa.locator("main table tbody tr").first.locator("a[href*='/agencies/']").get_attribute("href")
    audit_case = re.search(r"/cases/(\d+)/agencies/", first_case).group(1)
    qa.goto(chronology_url.format(audit_case))
    timeline = qa.get_by_role("img", name=re.compile("Timeline of events by agency"))
    expect(timeline).to_be_visible()
    axe.check(qa)
    screenshot(qa, "qa-officer-chronology-timeline")
    marks = qa.locator("figure.maca-chart svg .maca-chart__mark").evaluate_all(
        "(marks) => marks.map((m) => [m.dataset.when, m.dataset.agency, m.dataset.impact])"
    )
    events = [row for row in table_rows(qa, "Events in date order")[1:] if len(row) == 6]
    assert Counter(map(tuple, marks)) == Counter((row[0], row[1], row[4]) for row in events)
    assert len(marks) == 7
    assert qa.locator("main").inner_text().index("Timeline of events by agency") < qa.locator(
        "main"
    ).inner_text().index("Events in date order")

    # The case pool, every page of it, without identifiers.
    qa.get_by_role("link", name="Case pool", exact=True).click()
    axe.check(qa)
    pool = list(csv.reader(io.StringIO(download(qa, "CSV file").decode("utf-8-sig"))))
    assert pool[0] == ["Reference", "Children", "Youngest child", "Level of service", "Locality", "Flags"]
    total = int(re.search(r"([\d,]+) cases?", qa.locator("main").inner_text()).group(1).replace(",", ""))
    assert len(pool) == total + 1
    qa_context.close()

    # The admin sees the downloads in the audit log, and downloads the log for an information request.
    admin_context = browser.new_context()
    admin = admin_context.new_page()
    sign_in_demo(admin, base, "admin@wyvernshire.example", code_offset=1, axe=axe)
    admin.get_by_role("link", name="Administration", exact=True).click()
    axe.check(admin)
    admin.get_by_role("link", name="Audit log", exact=True).click()
    axe.check(admin)
    admin.get_by_label("Action").select_option("responses.exported")
    admin.get_by_role("button", name="Apply filters").click()
    expect(admin.locator("main")).to_contain_text("2 events")
    axe.check(admin)
    log = list(csv.reader(io.StringIO(download(admin, "CSV file").decode("utf-8-sig"))))
    assert [row[2] for row in log[1:]] == ["responses.exported", "responses.exported"]
    assert {row[1] for row in log[1:]} == {"qa@wyvernshire.example"}
    admin_context.close()


def _as_written(shown: str) -> str:
    """A cell of the response grid as its spreadsheet writes it."""
    return re.sub(r" Submitted late on (.+)$", r" (submitted late on \1)", shown).replace(" Late", " (late)")
