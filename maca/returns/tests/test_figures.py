"""One meaning for each word and figure (maca.returns.figures): every page
that shows a return's lateness or an agency's response says what the module
says, and never calls a return that is in "late" or "overdue"."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from maca.core.presenters import NOTHING
from maca.programme.models import Audit
from maca.programme.services import business_year
from maca.programme.tests.factories import ProgrammeFactory, replan, year_past
from maca.returns import figures
from maca.returns.models import Return, ReturnStatus
from maca.returns.services import return_review, return_save_draft, return_submit
from maca.returns.tests.builders import audit_with_returns
from maca.tests.tables import read_tables


def _submit(world, return_record, *, accept=False):
    auditor, lead, qa = world["auditor"], world["lead"], world["qa"]
    return_record = return_save_draft(
        actor=auditor.user,
        membership=auditor.membership,
        return_record=return_record,
        answers={"info_grade": "good", "health_involved": "yes"},
        expected_version=return_record.version,
    )
    return_record = return_submit(
        actor=lead.user, membership=lead.membership, return_record=return_record, expected_version=return_record.version
    )
    if accept:
        return_record = return_review(
            actor=qa.user,
            membership=qa.membership,
            return_record=return_record,
            accept=True,
            comment="",
            expected_version=return_record.version,
        )
    return return_record


@pytest.fixture
def late_audit(world):
    """Police and a GP practice (under the care board) asked for 3 cases each,
    the deadline two days gone: one police return accepted, one submitted, one
    not started; the practice has sent none."""
    today = timezone.localdate()
    audit = audit_with_returns(world, cases=3, agencies=[world.police, world.gp_practice])
    Audit.objects.filter(pk=audit.pk).update(
        programme=ProgrammeFactory(partnership=world.partnership, year=business_year(today))
    )
    replan(
        audit,
        planned_selection_date=today - dt.timedelta(days=40),
        return_deadline=today - dt.timedelta(days=2),
        planned_meeting_date=today + dt.timedelta(days=10),
    )
    police = list(Return.objects.filter(audit=audit, agency=world.police).order_by("audit_case__number"))
    _submit(world, police[0], accept=True)
    _submit(world, police[1])
    # Both came in before the deadline (three days ago): on time, never submitted late.
    Return.objects.filter(pk__in=[police[0].pk, police[1].pk]).update(
        submitted_at=timezone.now() - dt.timedelta(days=3), first_submitted_at=timezone.now() - dt.timedelta(days=3)
    )
    audit.refresh_from_db()
    return audit


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_the_definitions():
    today = dt.date(2026, 12, 1)
    yesterday = today - dt.timedelta(days=1)
    for status in (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED, ReturnStatus.WITHDRAWN):
        assert not figures.is_late(status, yesterday, today)
    for status in (ReturnStatus.NOT_STARTED, ReturnStatus.DRAFT, ReturnStatus.RETURNED):
        assert figures.is_late(status, yesterday, today)
        assert not figures.is_late(status, today, today)  # due today is not late yet
        assert not figures.is_late(status, None, today)
    counts = {ReturnStatus.ACCEPTED: 1, ReturnStatus.SUBMITTED: 2, ReturnStatus.RETURNED: 1, ReturnStatus.WITHDRAWN: 4}
    assert figures.response_of_counts(counts) == figures.Response(3, 4)
    assert figures.Response(3, 35).text == "3 of 35 (9%)"
    assert figures.Response(1, 1).returns_text == "1 of 1 return in (100%)"
    assert figures.Response(0, 0).text == "0 of 0"


def test_every_page_shows_the_modules_figures(world, late_audit, client_for):
    audit = late_audit
    today = timezone.localdate()
    returns = list(Return.objects.live().filter(audit=audit).select_related("agency", "audit"))
    by_agency = {
        "Testshire Police": figures.response_of(r.status for r in returns if r.agency == world.police),
        # The GP practice's returns count under its care board.
        "Testshire Care Board": figures.response_of(r.status for r in returns if r.agency == world.gp_practice),
    }
    overall = figures.response_of(r.status for r in returns)
    assert overall == figures.Response(2, 6) and by_agency["Testshire Police"] == figures.Response(2, 3)
    qa = client_for(world["qa"])

    # The response grid.
    tracking = _page(qa, reverse("returns:tracking", args=[audit.pk]))
    assert f"{overall.returns_text}." in tracking and overall.returns_text == "2 of 6 returns in (33%)"
    responses = read_tables(tracking)["Responses by agency"]
    for name, response in by_agency.items():
        assert responses.cell(name, "Responded").startswith(f"{response.responded} of {response.total} returns")
        assert responses.cell(name, "Outstanding") == str(response.outstanding)
    grid = read_tables(tracking)["Returns by agency and case"]
    late_cells = [cell for row in grid.rows for cell in row[1:] if figures.LATE in cell]
    assert len(late_cells) == sum(figures.return_is_late(r, today) for r in returns) == 4
    assert all("Submitted" not in cell and "Accepted" not in cell for cell in late_cells)

    # Its download says the same.
    download = qa.get(reverse("returns:tracking_export", args=[audit.pk, "csv"]))
    csv_text = b"".join(download.streaming_content).decode("utf-8-sig")
    assert csv_text.count(f"({figures.LATE.lower()})") == 4
    for name, response in by_agency.items():
        assert f"{name},{response.responded},{response.total},{response.outstanding}" in csv_text

    # The counts: the same figure for the same returns, a sub-unit's named with
    # the agency it is counted under in the grid (its care board has none of its own).
    counts = read_tables(_page(qa, reverse("returns:summary", args=[audit.pk])))["Returns received"]
    named = {"Testshire Care Board": "Mill Lane Surgery (Testshire Care Board)"}
    for name, response in by_agency.items():
        assert counts.cell(named.get(name, name), "Received") == response.text

    # The progress of the year.
    progress = _page(qa, reverse("returns:progress", args=[business_year(today)]))
    assert overall.text in progress

    # The QA officer's home page.
    assert f"{audit.title}: {overall.returns_text}" in _page(qa, reverse("home:index"))
    # The board's.
    assert f"{audit.title}: {overall.returns_text}" in _page(client_for(world["board"]), reverse("home:index"))

    # The agency's own returns: "late" only beside the return that is not in.
    mine = read_tables(_page(client_for(world["lead"]), reverse("returns:mine")))["Your agency’s returns"]
    police = {r.audit_case.number: r for r in returns if r.agency == world.police}
    for row in mine.rows:
        number = int(row[1].split()[1])
        assert ("(late)" in row[4]) == figures.return_is_late(police[number], today), row


def _without_the_action_plan_panel(page: str) -> str:
    """Actions past their due date are "overdue" (ADR 0026): a word of the action
    plan, whose panel sits on the home pages. This test is about returns."""
    return re.sub(
        r"<h2[^>]*>\s*(Actions that need you|Actions to sign off|Action plan)\b.*?(?=<h2|</main>)", "", page, flags=re.S
    )


def test_no_page_calls_a_return_overdue(world, late_audit, client_for):
    for persona, url in [
        ("qa", reverse("returns:tracking", args=[late_audit.pk])),
        ("qa", reverse("home:index")),
        ("lead", reverse("returns:mine")),
        ("lead", reverse("selection:my_cases")),
        ("lead", reverse("home:index")),
    ]:
        page = _without_the_action_plan_panel(_page(client_for(world[persona]), url))
        assert "overdue" not in page.lower().replace("maca-overdue", ""), url


def _cases_to_audit(client) -> tuple[str, dict[int, str]]:
    """The agency's "Cases to audit" page, and its "Return by" cell for each case."""
    page = _page(client, reverse("selection:my_cases"))
    table = read_tables(page)["Cases your agency is auditing"]
    return page, {int(row[1].split()[1]): row[table.head.index("Return by")] for row in table.rows}


def test_the_cases_to_audit_say_which_return_is_late(world, late_audit, client_for):
    """The police auditor's case 3 has not been started and its deadline is two
    days gone: late. Cases 1 and 2 are in (accepted, submitted): not late. The
    page says so in the words and markup of the agency's returns."""
    today = timezone.localdate()
    deadline = f"{late_audit.return_deadline:%-d %b %Y}"
    auditor = client_for(world["auditor"])
    page, return_by = _cases_to_audit(auditor)
    assert return_by == {1: deadline, 2: deadline, 3: f"{deadline} ({figures.LATE.lower()})"}
    police = {r.audit_case.number: r for r in Return.objects.live().filter(audit=late_audit, agency=world.police)}
    assert {n for n, text in return_by.items() if "(late)" in text} == {
        n for n, r in police.items() if figures.return_is_late(r, today)
    }
    # The same cell, marked the same, as the returns list shows.
    mine = read_tables(_page(auditor, reverse("returns:mine")))["Your agency’s returns"]
    assert {int(row[1].split()[1]): row[4] for row in mine.rows} == return_by
    marked = f'<span class="maca-overdue">{deadline} (late)</span>'
    assert page.count(marked) == 1 and _page(auditor, reverse("returns:mine")).count(marked) == 1


def test_the_return_itself_says_it_is_late_as_the_list_of_returns_does(world, late_audit, client_for):
    """Opened from "3 Dec 2026 (late)" on the agency's returns, the return's own
    page says the same: late, marked; a return that is in is not."""
    deadline = f"{late_audit.return_deadline:%-d %B %Y}"
    auditor = client_for(world["auditor"])
    police = {r.audit_case.number: r for r in Return.objects.filter(audit=late_audit, agency=world.police)}
    late = re.sub(r"<[^>]+>", "", _page(auditor, reverse("returns:detail", args=[police[3].pk])))
    assert re.search(rf"Return by\s+{deadline} \(late\)", late)
    page = _page(auditor, reverse("returns:detail", args=[police[3].pk]))
    assert f'<span class="maca-overdue">{deadline} (late)</span>' in page
    submitted = re.sub(r"<[^>]+>", "", _page(auditor, reverse("returns:detail", args=[police[2].pk])))
    assert re.search(rf"Return by\s+{deadline}\s", submitted) and "(late)" not in submitted


def test_without_returns_the_cases_to_audit_show_the_date_alone(world, late_audit, client_for):
    """Selection on its own (nothing registered) knows no return: the date alone."""
    from maca.returns.presenters import late_deadline
    from maca.returns.selectors import late_assignments
    from maca.selection import extensions

    deadline = f"{late_audit.return_deadline:%-d %b %Y}"
    extensions.unregister_late_returns()
    try:
        page, return_by = _cases_to_audit(client_for(world["auditor"]))
    finally:
        extensions.register_late_returns(late_assignments, marked=late_deadline)
    assert return_by == {1: deadline, 2: deadline, 3: deadline}
    assert "maca-overdue" not in page


def test_a_case_with_no_return_deadline_reads_the_same_on_both_agency_lists(world, client_for):
    """No deadline is the empty value every list shows (``core.presenters.NOTHING``),
    on "Cases to audit" as on the agency's returns. An audit cannot reach agencies
    without a deadline (``programme.stages``), so the deadline is taken away here
    directly: the pages must still agree."""
    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    Audit.objects.filter(pk=audit.pk).update(return_deadline=None)
    auditor = client_for(world["auditor"])
    cases = _cases_to_audit(auditor)[1]
    mine = read_tables(_page(auditor, reverse("returns:mine")))["Your agency’s returns"]
    returns = {int(row[1].split()[1]): row[mine.head.index("Return by")] for row in mine.rows}
    assert cases == returns == {1: NOTHING}


def test_in_a_deep_dive_each_case_follows_the_agencys_summative_return(world, client_for):
    """A deep dive asks the agency for one report across its cases: while that
    report is late, each of its cases says so; once it is in, none does."""
    today = timezone.localdate()
    audit = audit_with_returns(
        world,
        cases=2,
        agencies=[world.police],
        kind="deep_dive",
        tool_kind="summative",
        programme=ProgrammeFactory(partnership=world.partnership, year=year_past()),
    )
    replan(
        audit,
        planned_selection_date=today - dt.timedelta(days=40),
        return_deadline=today - dt.timedelta(days=2),
        planned_meeting_date=today + dt.timedelta(days=10),
    )
    deadline = f"{today - dt.timedelta(days=2):%-d %b %Y}"
    auditor = client_for(world["auditor"])
    assert _cases_to_audit(auditor)[1] == {1: f"{deadline} (late)", 2: f"{deadline} (late)"}
    Return.objects.filter(audit=audit, agency=world.police).update(status=ReturnStatus.SUBMITTED)
    assert _cases_to_audit(auditor)[1] == {1: deadline, 2: deadline}
