"""A return is submitted late when its first submission came after its
deadline (``figures.submitted_late``, ``Return.first_submitted_at``).

It used to be said of its latest submission: an agency that submitted on
time, whose return the QA officer sent back after the deadline and which
resubmitted it, was shown everywhere as "submitted late" (and counted so in
the QA officer's view of who was on time). Now a return first submitted on
time is never said to be submitted late; one first submitted late keeps
saying so, with the day it first came in, after a resubmission. The
resubmission is still told in the return's history.

Returns submitted before are given their first submission from their
history (migration returns 0003)."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from maca.programme.tests.factories import replan
from maca.returns.models import Return, ReturnStatus
from maca.returns.services import return_review, return_submit
from maca.returns.tests.builders import audit_with_returns
from maca.returns.tests.test_tracking import complete
from maca.returns.tests.test_withdrawn_and_late_in_the_grid import GRID, _csv, _csv_row, _page, _police_returns
from maca.tests.page import words_shown
from maca.tests.tables import read_tables

ANSWERS = {"info_grade": "good", "health_involved": "yes"}
SENT_BACK_FOR = "Say which health visitor saw the family."


@contextlib.contextmanager
def _at(monkeypatch, moment: dt.datetime):
    """What is done inside happens at ``moment`` (as maca and the database's
    own times read the clock)."""
    with monkeypatch.context() as m:
        m.setattr(timezone, "now", lambda: moment)
        yield


def _sent_back_and_resubmitted(world, ret, *, accept: bool) -> Return:
    """The QA officer sends it back (now), the agency lead resubmits it (now)."""
    qa, lead = world["qa"], world["lead"]
    ret.refresh_from_db()
    ret = return_review(
        actor=qa.user,
        membership=qa.membership,
        return_record=ret,
        accept=False,
        comment=SENT_BACK_FOR,
        expected_version=ret.version,
    )
    ret = return_submit(actor=lead.user, membership=lead.membership, return_record=ret, expected_version=ret.version)
    if accept:
        ret = return_review(
            actor=qa.user,
            membership=qa.membership,
            return_record=ret,
            accept=True,
            comment="",
            expected_version=ret.version,
        )
    return ret


def _with_deadline(audit, deadline: dt.date) -> None:
    replan(audit, return_deadline=deadline, planned_meeting_date=max(deadline, audit.planned_meeting_date))


def _return_by_in_the_lists(world, client_for) -> tuple[dict, dict]:
    """Case → "Return by" in the agency's returns and in its Cases to audit."""
    table = read_tables(_page(client_for(world["lead"]), reverse("returns:mine")))["Your agency’s returns"]
    mine = {row[1].split(" –")[0]: row[4] for row in table.rows}
    table = read_tables(_page(client_for(world["auditor"]), reverse("selection:my_cases")))[
        "Cases your agency is auditing"
    ]
    to_audit = {row[1]: row[table.head.index("Return by")] for row in table.rows}
    return mine, to_audit


@pytest.mark.django_db
def test_a_return_submitted_on_time_then_sent_back_and_resubmitted_late_is_not_submitted_late(
    world, client_for, monkeypatch
):
    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    deadline = timezone.localdate() - dt.timedelta(days=2)
    _with_deadline(audit, deadline)
    ret = _police_returns(world, audit)[0]
    with _at(monkeypatch, timezone.now() - dt.timedelta(days=4)):  # two days before the deadline
        complete(ret, world, ANSWERS)
    _sent_back_and_resubmitted(world, ret, accept=False)  # today, after the deadline
    short, long = f"{deadline:%-d %b %Y}", f"{deadline:%-d %B %Y}"

    qa = client_for(world["qa"])
    grid = read_tables(_page(qa, reverse("returns:tracking", args=[audit.pk])))[GRID]
    assert grid.cell(world.police.name, "Case 1") == ReturnStatus.SUBMITTED.label
    assert _csv_row(_csv(qa, audit), world.police.name)[1:] == [ReturnStatus.SUBMITTED.label]
    for persona in ("qa", "lead"):
        page = _page(client_for(world[persona]), reverse("returns:detail", args=[ret.pk]))
        detail = words_shown(page)
        assert f"Return by {long} Audit tool" in detail
        assert "submitted late" not in detail.lower()
        # Its history still tells both submissions, and the send-back between.
        history = read_tables(page)["What has happened to this return"]
        changes = [row[history.head.index("Change")] for row in history.rows]
        assert changes.count("Draft → Submitted") == 1 and changes.count("Sent back → Submitted") == 1
    mine, to_audit = _return_by_in_the_lists(world, client_for)
    assert mine["Case 1"] == short
    assert to_audit["Case 1"] == short


@pytest.mark.django_db
def test_a_return_first_submitted_late_still_says_so_and_when_after_it_is_resubmitted(world, client_for, monkeypatch):
    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    deadline = timezone.localdate() - dt.timedelta(days=4)
    _with_deadline(audit, deadline)
    ret = _police_returns(world, audit)[0]
    first = timezone.now() - dt.timedelta(days=2)  # two days after the deadline
    with _at(monkeypatch, first):
        complete(ret, world, ANSWERS)
    _sent_back_and_resubmitted(world, ret, accept=True)  # today
    came_in = timezone.localtime(first).date()
    short, long = f"{deadline:%-d %b %Y}", f"{deadline:%-d %B %Y}"
    came_in_short, came_in_long = f"{came_in:%-d %b %Y}", f"{came_in:%-d %B %Y}"

    qa = client_for(world["qa"])
    grid = read_tables(_page(qa, reverse("returns:tracking", args=[audit.pk])))[GRID]
    assert grid.cell(world.police.name, "Case 1") == f"Accepted Submitted late on {came_in_short}"
    assert _csv_row(_csv(qa, audit), world.police.name)[1:] == [f"Accepted (submitted late on {came_in_short})"]
    for persona in ("qa", "lead"):
        detail = words_shown(_page(client_for(world[persona]), reverse("returns:detail", args=[ret.pk])))
        assert f"Return by {long} (submitted late on {came_in_long})" in detail
    mine, to_audit = _return_by_in_the_lists(world, client_for)
    assert mine["Case 1"] == f"{short} (submitted late on {came_in_short})"
    assert to_audit["Case 1"] == f"{short} (submitted late on {came_in_short})"


@pytest.fixture
def back_to_the_latest():
    """The database is left at the latest migrations after the test, whatever
    it did: the tests after it on this worker need every column."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


BEFORE = [("returns", "0002_started_by_its_chronology")]
AFTER = [("returns", "0003_first_submitted_at")]


@pytest.mark.django_db(transaction=True)
def test_returns_submitted_before_get_their_first_submission_from_their_history(world, monkeypatch, back_to_the_latest):
    if connection.vendor == "postgresql":
        # The tests connect as the application's role, which may not drop the
        # owner's column; the migration itself ran as the test database was made.
        pytest.skip("Migrating back needs the tables' owner")
    audit = audit_with_returns(world, cases=4, agencies=[world.police])
    resubmitted, from_the_log, without_history, never = _police_returns(world, audit)
    now = timezone.now()
    four_days_ago, three_days_ago = now - dt.timedelta(days=4), now - dt.timedelta(days=3)
    with _at(monkeypatch, four_days_ago):
        complete(resubmitted, world, ANSWERS)
    _sent_back_and_resubmitted(world, resubmitted, accept=False)
    with _at(monkeypatch, three_days_ago):
        complete(from_the_log, world, ANSWERS)

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    OldReturn, OldTransition = old.get_model("returns", "Return"), old.get_model("returns", "ReturnTransition")
    # Its moves were lost, and it was resubmitted since: the audit log still has its first submission.
    OldTransition.objects.filter(return_record_id=from_the_log.pk).delete()
    OldReturn.objects.filter(pk=from_the_log.pk).update(submitted_at=now)
    # Submitted with no history at all (as data brought in): its submission is all there is.
    OldReturn.objects.filter(pk=without_history.pk).update(status="submitted", submitted_at=three_days_ago)
    assert OldReturn.objects.get(pk=resubmitted.pk).submitted_at > now  # the resubmission, today

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    first = dict(
        Return.objects.filter(pk__in=[r.pk for r in (resubmitted, from_the_log, without_history, never)]).values_list(
            "pk", "first_submitted_at"
        )
    )
    assert first == {
        resubmitted.pk: four_days_ago,
        from_the_log.pk: three_days_ago,
        without_history.pk: three_days_ago,
        never.pk: None,
    }


@pytest.mark.django_db
def test_the_fill_of_first_submissions_reads_the_history_on_either_database(world, monkeypatch):
    """The migration's fill itself, on the database the tests run on
    (PostgreSQL too, where the test above cannot migrate back)."""
    import importlib

    from django.apps import apps

    fill = importlib.import_module("maca.returns.migrations.0003_first_submitted_at").fill_first_submissions
    audit = audit_with_returns(world, cases=2, agencies=[world.police])
    resubmitted, never = _police_returns(world, audit)
    four_days_ago = timezone.now() - dt.timedelta(days=4)
    with _at(monkeypatch, four_days_ago):
        complete(resubmitted, world, ANSWERS)
    _sent_back_and_resubmitted(world, resubmitted, accept=True)
    Return.objects.filter(pk__in=[resubmitted.pk, never.pk]).update(first_submitted_at=None)

    fill(apps, type("SchemaEditor", (), {"connection": connection})())

    first = dict(Return.objects.filter(pk__in=[resubmitted.pk, never.pk]).values_list("pk", "first_submitted_at"))
    assert first == {resubmitted.pk: four_days_ago, never.pk: None}
    assert Return.objects.get(pk=resubmitted.pk).submitted_at > four_days_ago
