"""A case list's result is recorded in the name of the officer who started the
import (matched the columns and pressed import), who may not be the one who
uploaded the file: the import ran on their say."""

import html
import re

from django.core.management import call_command
from django.urls import reverse

from maca.audit_trail.models import AuditEvent
from maca.cases.models import CaseImport, ImportStatus
from maca.cases.services import case_import_run, case_import_start, case_import_worker_lost
from maca.cases.tests.factories import COLUMNS, child_row, csv_bytes, upload, uploaded_case_import


def _log_page(client, action: str) -> str:
    return html.unescape(client.get(reverse("audit_trail:events"), {"action": action}).content.decode())


def test_an_import_uploaded_by_one_officer_and_started_by_another_is_recorded_in_the_starters_name(world, client_for):
    uploader, starter = world["qa"], world["admin"]
    client_for(uploader).post(reverse("cases:import_new"), {"file": upload(csv_bytes([child_row()]), "export.csv")})
    case_import = CaseImport.objects.get(partnership=world.partnership)
    admin = client_for(starter)
    response = admin.post(reverse("cases:import_mapping", args=[case_import.pk]), COLUMNS)
    assert response["Location"] == reverse("cases:import_detail", args=[case_import.pk])

    case_import.refresh_from_db()
    assert case_import.status == ImportStatus.IMPORTED
    assert case_import.uploaded_by == uploader.user
    assert case_import.started_by == starter.user
    event = AuditEvent.objects.get(action="case_import.completed")
    assert event.actor == starter.user
    assert event.actor_label == starter.user.email

    page = _log_page(admin, "case_import.completed")
    assert f"{starter.user.full_name} imported a case list (case list import {case_import.pk})" in page
    assert f"{uploader.user.full_name} imported a case list" not in page
    # Who uploaded it is still who the upload is recorded against.
    page = _log_page(admin, "case_import.uploaded")
    assert f"{uploader.user.full_name} uploaded a case list (case list import {case_import.pk})" in page

    # The import's own page names both.
    page = html.unescape(admin.get(reverse("cases:import_detail", args=[case_import.pk])).content.decode())
    assert f"by {uploader.user.full_name}" in page
    assert re.search(rf"Started by\s*</dt>\s*<dd[^>]*>\s*{re.escape(starter.user.full_name)}\s*</dd>", page)


def test_an_import_started_by_its_uploader_says_so_once(world, client_for):
    officer = client_for(world["qa"])
    officer.post(reverse("cases:import_new"), {"file": upload(csv_bytes([child_row()]), "export.csv")})
    case_import = CaseImport.objects.get(partnership=world.partnership)
    officer.post(reverse("cases:import_mapping", args=[case_import.pk]), COLUMNS)
    page = officer.get(reverse("cases:import_detail", args=[case_import.pk])).content.decode()
    assert "Started by" not in page


def test_a_failed_import_is_recorded_in_the_starters_name(world, client_for):
    uploader, starter = world["qa"], world["admin"]
    bad = csv_bytes([child_row(DOB="31/02/2020")])
    case_import = uploaded_case_import(partnership=world.partnership, actor=uploader.user, content=bad)
    case_import_start(actor=starter.user, case_import=case_import, columns=COLUMNS, enqueue=False)
    assert case_import_run(case_import_id=case_import.pk).status == ImportStatus.FAILED
    assert AuditEvent.objects.get(action="case_import.failed").actor == starter.user
    page = _log_page(client_for(starter), "case_import.failed")
    assert f"{starter.user.full_name} could not import a case list (case list import {case_import.pk})" in page


def test_an_import_whose_worker_was_lost_is_recorded_in_the_starters_name(world):
    uploader, starter = world["qa"], world["admin"]
    case_import = uploaded_case_import(partnership=world.partnership, actor=uploader.user)
    case_import_start(actor=starter.user, case_import=case_import, columns=COLUMNS, enqueue=False)
    case_import_worker_lost({"case_import_id": case_import.pk}, gave_up=True)
    assert AuditEvent.objects.get(action="case_import.failed").actor == starter.user


def test_an_import_started_before_the_starter_was_kept_stays_in_the_uploaders_name(world):
    uploader, starter = world["qa"], world["admin"]
    case_import = uploaded_case_import(partnership=world.partnership, actor=uploader.user)
    case_import_start(actor=starter.user, case_import=case_import, columns=COLUMNS, enqueue=False)
    CaseImport.objects.filter(pk=case_import.pk).update(started_by=None)  # as an import queued before the change
    case_import_run(case_import_id=case_import.pk)
    assert AuditEvent.objects.get(action="case_import.completed").actor == uploader.user


def test_an_import_from_the_command_line_is_recorded_as_the_command_lines(world, tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(csv_bytes([child_row()]))
    call_command("import_cases", str(path), "--partnership", world.partnership.slug)
    case_import = CaseImport.objects.get(partnership=world.partnership)
    assert case_import.uploaded_by is None and case_import.started_by is None
    event = AuditEvent.objects.get(action="case_import.completed")
    assert event.actor is None and event.actor_label == "command line"
