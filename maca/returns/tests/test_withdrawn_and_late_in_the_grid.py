"""Who has responded, its download, the return and the agency's lists keep
telling what became of a return.

A return the QA officer withdrew used to leave a dash in its cell of the
grid (the mark of an agency never asked), and "Withdrawn" appeared nowhere on
the audit's pages: now its cell says "Withdrawn" (the returns' word,
``presenters.NOT_DUE_WITHDRAWN``) and opens it, with why; the download says
so too; the totals still leave it out. Selected cases and the case's
agencies say that the agency still ticked has no return asked of it.

A late return stopped showing as late once it came in: now the return, the
grid, its download and the agency's lists say it was submitted late, and
when (``figures.submitted_late``)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from maca.programme.tests.factories import replan
from maca.returns.models import Return, ReturnStatus
from maca.returns.services import return_withdraw
from maca.returns.tests.builders import audit_with_returns
from maca.returns.tests.test_tracking import complete
from maca.selection.models import AuditCase
from maca.selection.services import assignments_set
from maca.tests.page import words_shown
from maca.tests.querycount import assert_queries_do_not_grow
from maca.tests.tables import read_tables

pytestmark = pytest.mark.django_db

REASON = "Police had no contact with this family in the audit period."
GRID = "Returns by agency and case"


def _withdraw(world, ret, reason=REASON) -> Return:
    qa = world["qa"]
    ret.refresh_from_db()
    return return_withdraw(
        actor=qa.user, membership=qa.membership, return_record=ret, reason=reason, expected_version=ret.version
    )


def _page(client, url) -> str:
    return client.get(url).content.decode()


def _csv(client, audit) -> list[list[str]]:
    response = client.get(reverse("returns:tracking_export", args=[audit.pk, "csv"]))
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def _csv_row(rows, agency) -> list[str]:
    return next(row for row in rows if row and row[0] == agency)


def _police_returns(world, audit) -> list[Return]:
    return list(Return.objects.filter(audit=audit, agency=world.police).order_by("audit_case__number"))


def test_a_withdrawn_return_says_withdrawn_in_the_grid_and_its_download_and_opens_with_why(world, client_for):
    audit = audit_with_returns(world, cases=2, agencies=[world.police, world.health])
    first = _police_returns(world, audit)[0]
    _withdraw(world, first)
    qa = client_for(world["qa"])
    page = _page(qa, reverse("returns:tracking", args=[audit.pk]))
    grid = read_tables(page)[GRID]
    police = world.police.name
    assert grid.cell(police, "Case 1") == "Withdrawn"
    assert grid.cell(police, "Case 2").startswith(ReturnStatus.NOT_STARTED.label)
    # It opens the return, whose page says why.
    detail = reverse("returns:detail", args=[first.pk])
    assert f'<a class="govuk-link" href="{detail}"><strong class="govuk-tag govuk-tag--red">Withdrawn<' in page
    assert f"Withdrawn because {REASON}" in words_shown(_page(qa, detail))
    # The totals still leave it out: 3 returns asked for, the police's 1.
    shown = words_shown(page)
    assert "0 of 3 returns in (0%)." in shown
    assert read_tables(page)["Responses by agency"].cell(police, "Responded") == "0 of 1 return"
    rows = _csv(qa, audit)
    assert _csv_row(rows, police)[1] == "Withdrawn"
    assert _csv_row(rows, police)[2].startswith("Not started")
    by_agency = rows.index(["Responses by agency"])
    assert _csv_row(rows[by_agency:], police)[1:4] == ["0", "1", "1"]


def test_a_cell_shows_the_live_return_asked_for_in_place_of_a_withdrawn_one(world, client_for):
    """Withdrawn, then the agency taken off the case and ticked again: a new
    return is asked for, and its cell is that one's."""
    audit = audit_with_returns(world, cases=1, agencies=[world.police, world.health])
    first = _police_returns(world, audit)[0]
    _withdraw(world, first)
    audit_case = AuditCase.objects.current().get(audit=audit)
    qa = world["qa"].user
    assignments_set(actor=qa, audit_case=audit_case, agencies=[world.health])
    assignments_set(actor=qa, audit_case=audit_case, agencies=[world.health, world.police])
    live = Return.objects.live().get(audit=audit, agency=world.police)
    assert live.pk != first.pk
    page = _page(client_for(world["qa"]), reverse("returns:tracking", args=[audit.pk]))
    assert read_tables(page)[GRID].cell(world.police.name, "Case 1").startswith(ReturnStatus.NOT_STARTED.label)
    assert reverse("returns:detail", args=[live.pk]) in page
    assert reverse("returns:detail", args=[first.pk]) not in page


def test_a_deep_dives_withdrawn_summative_report_says_withdrawn(world, client_for):
    audit = audit_with_returns(world, cases=2, kind="deep_dive", tool_kind="summative", agencies=[world.police])
    _withdraw(world, Return.objects.get(audit=audit, agency=world.police), reason="Chosen in error")
    qa = client_for(world["qa"])
    page = _page(qa, reverse("returns:tracking", args=[audit.pk]))
    grid = read_tables(page)["Summative reports by agency"]
    assert grid.cell(world.police.name, "Summative report") == "Withdrawn"
    assert _csv_row(_csv(qa, audit), world.police.name)[1:] == ["Withdrawn"]
    cases = words_shown(_page(qa, reverse("selection:cases", args=[audit.pk])))
    assert cases.count(f"{world.police.name} (summative report withdrawn)") == 2


def test_selected_cases_and_the_case_agencies_say_the_return_was_withdrawn(world, client_for):
    audit = audit_with_returns(world, cases=2, agencies=[world.police, world.health])
    _withdraw(world, _police_returns(world, audit)[0])
    qa = client_for(world["qa"])
    table = read_tables(_page(qa, reverse("selection:cases", args=[audit.pk])))["Selected cases"]
    agencies = {row[0]: row[table.head.index("Agencies auditing")] for row in table.rows}
    police, health = world.police.name, world.health.name
    assert agencies["Case 1"] == f"{health}, {police} (return withdrawn)"
    assert agencies["Case 2"] == f"{health}, {police}"
    audit_case = AuditCase.objects.current().get(audit=audit, number=1)
    shown = words_shown(_page(qa, reverse("selection:case_agencies", args=[audit.pk, audit_case.pk])))
    assert f"Ticked, but with no return asked of it: {police} (return withdrawn)" in shown


def _late_then_in(world, audit, *, accept=True) -> Return:
    """The deadline passes (two days ago); the police's first return comes in today."""
    deadline = timezone.localdate() - dt.timedelta(days=2)
    replan(audit, return_deadline=deadline, planned_meeting_date=max(deadline, audit.planned_meeting_date))
    first = _police_returns(world, audit)[0]
    complete(first, world, {"info_grade": "good", "health_involved": "yes"}, accept=accept)
    return first


def test_a_return_submitted_late_says_so_and_when_wherever_its_status_is_shown(world, client_for):
    audit = audit_with_returns(world, cases=2, agencies=[world.police])
    first = _late_then_in(world, audit)
    today = timezone.localdate()
    deadline = Return.objects.get(pk=first.pk).audit.return_deadline
    short, long = f"{deadline:%-d %b %Y}", f"{deadline:%-d %B %Y}"
    came_in, came_in_long = f"{today:%-d %b %Y}", f"{today:%-d %B %Y}"

    # The return itself, to the QA officer and the agency.
    for persona in ("qa", "lead"):
        detail = words_shown(_page(client_for(world[persona]), reverse("returns:detail", args=[first.pk])))
        assert f"Return by {long} (submitted late on {came_in_long})" in detail
    # The grid and its download.
    qa = client_for(world["qa"])
    grid = read_tables(_page(qa, reverse("returns:tracking", args=[audit.pk])))[GRID]
    police = world.police.name
    assert grid.cell(police, "Case 1") == f"Accepted Submitted late on {came_in}"
    assert grid.cell(police, "Case 2") == "Not started Late"
    assert _csv_row(_csv(qa, audit), police)[1:] == [f"Accepted (submitted late on {came_in})", "Not started (late)"]
    # The agency's returns and its cases to audit.
    lead = client_for(world["lead"])
    table = read_tables(_page(lead, reverse("returns:mine")))["Your agency’s returns"]
    return_by = {row[1].split(" –")[0]: row[4] for row in table.rows}
    assert return_by["Case 1"] == f"{short} (submitted late on {came_in})"
    assert return_by["Case 2"] == f"{short} (late)"
    table = read_tables(_page(client_for(world["auditor"]), reverse("selection:my_cases")))[
        "Cases your agency is auditing"
    ]
    return_by = {row[1]: row[table.head.index("Return by")] for row in table.rows}
    assert return_by["Case 1"] == f"{short} (submitted late on {came_in})"
    assert return_by["Case 2"] == f"{short} (late)"


def test_a_return_submitted_on_its_deadline_day_is_not_late(world, client_for):
    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    today = timezone.localdate()
    audit.refresh_from_db()
    replan(audit, return_deadline=today, planned_meeting_date=max(today, audit.planned_meeting_date))
    ret = _police_returns(world, audit)[0]
    complete(ret, world, {"info_grade": "good", "health_involved": "yes"})
    qa = client_for(world["qa"])
    grid = read_tables(_page(qa, reverse("returns:tracking", args=[audit.pk])))[GRID]
    assert grid.cell(world.police.name, "Case 1") == "Submitted"
    assert "late" not in words_shown(_page(qa, reverse("returns:detail", args=[ret.pk])))


def test_the_grid_does_not_get_slower_with_more_withdrawn_and_late_returns(world, client_for):
    audit = audit_with_returns(world, cases=2, agencies=[world.police, world.health])
    client = client_for(world["qa"])
    deadline = timezone.localdate() - dt.timedelta(days=2)
    replan(audit, return_deadline=deadline, planned_meeting_date=max(deadline, audit.planned_meeting_date))

    def add(n):
        from maca.returns.services import _new_return, published_version
        from maca.selection.services import _add_case
        from maca.selection.tests.builders import make_case

        for _ in range(n):
            audit_case = _add_case(actor=None, audit=audit, case=make_case(world.partnership), source="nominated")
            police, health = (
                _new_return(audit=audit, audit_case=audit_case, agency=agency, version=published_version(audit))
                for agency in (world.police, world.health)
            )
            _withdraw(world, police)
            now = timezone.now()
            Return.objects.filter(pk=health.pk).update(
                status=ReturnStatus.SUBMITTED, submitted_at=now, first_submitted_at=now
            )

    url = reverse("returns:tracking", args=[audit.pk])
    assert_queries_do_not_grow(lambda: client.get(url), add)
    assert_queries_do_not_grow(lambda: client.get(reverse("returns:tracking_export", args=[audit.pk, "csv"])), add)
    assert_queries_do_not_grow(lambda: client.get(reverse("selection:cases", args=[audit.pk])), add)
    grid = read_tables(_page(client, url))[GRID]
    assert "Withdrawn" in grid.rows[-1] or "Withdrawn" in [r[-1] for r in grid.rows]
    assert any(cell.startswith("Submitted Submitted late on") for row in grid.rows for cell in row)


def test_the_cases_to_audit_do_not_get_slower_with_more_returns_submitted_late(world, client_for):
    audits = []

    def add(n):
        audit = audit_with_returns(world, cases=n, agencies=[world.police])
        deadline = timezone.localdate() - dt.timedelta(days=2)
        replan(audit, return_deadline=deadline, planned_meeting_date=max(deadline, audit.planned_meeting_date))
        now = timezone.now()
        Return.objects.filter(audit=audit).update(
            status=ReturnStatus.SUBMITTED, submitted_at=now, first_submitted_at=now
        )
        audits.append(audit)

    client = client_for(world["auditor"])
    assert_queries_do_not_grow(lambda: client.get(reverse("selection:my_cases")), add)
    assert "(submitted late on" in words_shown(_page(client, reverse("selection:my_cases")))
