"""A return is started once its agency records anything on it: an answer or
an entry in its chronology (``services.mark_started``, the one rule). A
return with a chronology and no answer used to read "Not started" on every
page. Now it reads "Draft" wherever its status is shown: the agency's
returns, the return itself, the QA officer's grid of who has responded,
the lead's home page; and its history says when and by whom it was started."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from maca.audit_trail.models import AuditEvent
from maca.returns.models import Return, ReturnStatus
from maca.returns.tests.builders import audit_with_returns
from maca.returns.tests.chronology_factories import make_entries, make_entry
from maca.tests.page import words_shown
from maca.tests.tables import read_tables


def _page(client, url) -> str:
    return client.get(url).content.decode()


def _started_by_its_chronology(world) -> Return:
    audit = audit_with_returns(world, cases=2, agencies=[world.police])
    first = Return.objects.filter(audit=audit, agency=world.police).order_by("audit_case__number").first()
    make_entry(first, date=dt.date(2025, 3, 4), event="Police attended a domestic incident")
    return first


def test_a_return_with_a_chronology_entry_and_no_answer_reads_draft_everywhere(world, client_for):
    started = _started_by_its_chronology(world)
    assert started.answers == {}
    audit = started.audit
    draft, not_started = ReturnStatus.DRAFT.label, ReturnStatus.NOT_STARTED.label

    lead = client_for(world["lead"])
    mine = read_tables(_page(lead, reverse("returns:mine")))["Your agency’s returns"]
    statuses = {row[1].split(" –")[0]: row[3] for row in mine.rows}
    assert statuses == {"Case 1": draft, "Case 2": not_started}

    detail = words_shown(_page(lead, reverse("returns:detail", args=[started.pk])))
    assert f"Status {draft}" in detail
    assert "Continue editing" in detail and "Start the audit" not in detail
    assert "Not started → Draft" in detail  # its history: the move, by whom

    grid = read_tables(_page(client_for(world["qa"]), reverse("returns:tracking", args=[audit.pk])))[
        "Returns by agency and case"
    ]
    # (The factory's audit is past its deadline: both are late, whatever they read.)
    assert grid.cell(world.police.name, "Case 1").removesuffix(" Late") == draft
    assert grid.cell(world.police.name, "Case 2").removesuffix(" Late") == not_started

    home = words_shown(_page(lead, reverse("home:index")))
    to_review = home.split("To review and submit")[1].split("Not started yet")[0]
    not_yet = home.split("Not started yet")[1]
    assert f"{audit.title}: Case 1" in to_review and f"{audit.title}: Case 1" not in not_yet
    assert f"{audit.title}: Case 2" in not_yet


def test_an_uploaded_chronology_starts_the_return_too_and_the_log_says_so(world, client_for):
    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    ret = Return.objects.get(audit=audit, agency=world.police)
    make_entries(ret, 2, start=dt.date(2025, 1, 1))
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.DRAFT
    assert AuditEvent.objects.filter(action="return.started", object_id=str(ret.pk)).count() == 1
    # A second entry starts nothing again.
    make_entry(ret, date=dt.date(2025, 3, 4))
    assert AuditEvent.objects.filter(action="return.started", object_id=str(ret.pk)).count() == 1
    detail = words_shown(_page(client_for(world["lead"]), reverse("returns:detail", args=[ret.pk])))
    assert f"Status {ReturnStatus.DRAFT.label}" in detail


def test_returns_with_a_chronology_left_not_started_before_are_started_by_the_migration(world, client_for):
    import importlib

    from django.apps import apps

    from maca.returns.models import ChronologyEntry, Impact

    migration = importlib.import_module("maca.returns.migrations.0002_started_by_its_chronology")
    audit = audit_with_returns(world, cases=2, agencies=[world.police])
    first, second = Return.objects.filter(audit=audit, agency=world.police).order_by("audit_case__number")
    # An entry added before adding one started the return: made as it was then.
    ChronologyEntry.objects.create(
        partnership_id=first.partnership_id,
        return_record=first,
        audit_case_id=first.audit_case_id,
        agency_id=first.agency_id,
        date=dt.date(2025, 3, 4),
        event="Police attended a domestic incident",
        impact=Impact.NEGATIVE,
    )
    migration.start_returns_with_a_chronology(apps, None)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (ReturnStatus.DRAFT, ReturnStatus.NOT_STARTED)
    detail = words_shown(_page(client_for(world["qa"]), reverse("returns:detail", args=[first.pk])))
    assert f"Status {ReturnStatus.DRAFT.label}" in detail
    assert "Not started → Draft maca Started: its chronology has entries." in detail
    assert AuditEvent.objects.get(action="return.started", object_id=str(first.pk)).actor_label == "system"
