"""A change on an audit log entry's page reads as a change ("From ‘Board
member’ to ‘QA officer’"), not as a list of two values ("Board member, QA
officer"); a list of two things recorded reads as a list still."""

from __future__ import annotations

from django.urls import reverse

from maca.accounts.roles import Role
from maca.audit_trail.models import AuditEvent
from maca.audit_trail.services import record
from maca.tests.page import words_shown


def _entry(client, event) -> str:
    return words_shown(client.get(reverse("audit_trail:event", args=[event.pk])).content.decode())


def test_a_role_changed_reads_from_the_old_role_to_the_new(world, client_for):
    admin = client_for(world["admin"])
    board = world["board"].membership
    admin.post(
        reverse("accounts:member", args=[board.pk]),
        {"role": Role.QA_OFFICER, "agency": "", "job_title": "Scrutiny lead", "version": board.version},
    )
    event = AuditEvent.objects.get(action="membership.updated", object_id=str(board.pk))
    page = _entry(admin, event)
    assert "Role From ‘Board member’ to ‘QA officer’" in page
    assert "Board member, QA officer" not in page


def test_a_value_given_where_there_was_none_reads_from_nothing(world, client_for):
    admin = client_for(world["admin"])
    board = world["board"].membership
    board.refresh_from_db()
    assert board.job_title == ""
    admin.post(
        reverse("accounts:member", args=[board.pk]),
        {"role": board.role, "agency": "", "job_title": "Lay member", "version": board.version},
    )
    event = AuditEvent.objects.get(action="membership.updated", object_id=str(board.pk))
    assert "Job title From nothing to ‘Lay member’" in _entry(admin, event)


def test_two_cases_listed_still_read_as_a_list(world, client_for):
    event = record(
        actor=world["qa"].user,
        action="audit_cases.viewed",
        partnership=world.partnership,
        changes={"cases": ["F-000101", "F-000102"]},
    )
    page = _entry(client_for(world["admin"]), event)
    assert "Cases F-000101, F-000102" in page
    assert "From ‘F-000101’" not in page
