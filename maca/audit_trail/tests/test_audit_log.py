"""The audit log: append-only, written with the change, searchable by admins."""

import html

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from maca.audit_trail.models import AppendOnlyError, AuditEvent
from maca.audit_trail.services import diff, record
from maca.partnerships.services import agency_create
from maca.tests.querycount import assert_queries_do_not_grow


def test_events_cannot_be_changed_or_deleted(world):
    event = record(actor=world["admin"].user, action="test.thing", partnership=world.partnership)
    event.action = "tampered"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="The trigger exists on PostgreSQL only")
def test_the_database_itself_refuses_to_change_events(world):
    from django.db.utils import DatabaseError

    event = record(actor=world["admin"].user, action="test.thing", partnership=world.partnership)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_trail_auditevent SET action = 'x' WHERE id = %s", [event.pk])


def test_a_failed_change_leaves_no_audit_record(world):
    with pytest.raises(RuntimeError), transaction.atomic():
        agency_create(actor=None, partnership=world.partnership, name="Doomed", kind="other")
        raise RuntimeError("something later in the same transaction fails")
    assert not AuditEvent.objects.filter(action="agency.created", object_label="Doomed").exists()


def test_events_record_who_what_which_record_when_and_from_where(world, client_for):
    client = client_for(world["admin"])
    client.post(
        reverse("partnerships:create"),
        {"name": "Harbour School", "kind": "education"},
        REMOTE_ADDR="192.0.2.44",
        HTTP_USER_AGENT="Test browser",
    )
    event = AuditEvent.objects.get(action="agency.created", object_label="Harbour School")
    assert event.actor == world["admin"].user
    assert event.actor_label == world["admin"].user.email
    assert event.partnership == world.partnership
    assert event.object_type == "partnerships.agency"
    assert event.ip_address == "192.0.2.44"
    assert event.user_agent == "Test browser"
    assert event.changes["name"] == "Harbour School"


def test_diff_keeps_only_what_changed():
    assert diff({"a": 1, "b": 2}, {"a": 1, "b": 3}) == {"b": [2, 3]}


def test_an_admin_filters_the_log_by_person_and_action(world, client_for):
    record(actor=world["qa"].user, action="thing.done", partnership=world.partnership)
    record(actor=world["admin"].user, action="other.thing", partnership=world.partnership)
    client = client_for(world["admin"])
    body = client.get(
        reverse("audit_trail:events"), {"actor": world["qa"].user.pk, "action": "thing.done"}
    ).content.decode()
    assert "thing.done" in body
    assert "other.thing</td>" not in body
    detail = client.get(reverse("audit_trail:event", args=[AuditEvent.objects.get(action="thing.done").pk]))
    assert detail.status_code == 200


def test_a_reversed_date_range_is_explained(world, client_for):
    response = client_for(world["admin"]).get(
        reverse("audit_trail:events"),
        {
            "date_from-day": "2",
            "date_from-month": "1",
            "date_from-year": "2026",
            "date_to-day": "1",
            "date_to-month": "1",
            "date_to-year": "2026",
        },
    )
    assert "must be the same as or after" in response.content.decode()


def test_the_log_shows_only_the_admins_own_partnership(world, client_for):
    record(actor=world["outsider"].user, action="otherby.secret", partnership=world.other_partnership)
    body = client_for(world["admin"]).get(reverse("audit_trail:events")).content.decode()
    assert "otherby.secret" not in body


def test_the_log_does_not_get_slower_with_more_events(world, client_for):
    client = client_for(world["admin"])
    assert_queries_do_not_grow(
        lambda: client.get(reverse("audit_trail:events")),
        lambda n: [record(actor=world["qa"].user, action=f"bulk.{i}", partnership=world.partnership) for i in range(n)],
    )


def test_failed_sign_ins_are_logged(db):
    Client().post(reverse("account_login"), {"login": "nobody@testshire.example", "password": "x" * 12})
    assert AuditEvent.objects.filter(action="user.sign_in_failed", actor_label="nobody@testshire.example").exists()


def test_an_impossible_date_is_explained_and_the_title_says_there_is_an_error(world, client_for):
    response = client_for(world["admin"]).get(
        reverse("audit_trail:events"), {"date_from-day": "31", "date_from-month": "4", "date_from-year": "2026"}
    )
    page = html.unescape(response.content.decode())
    assert "The ‘from’ date must be a real date: April 2026 has 30 days" in page
    assert "<title>Error: " in page


def test_a_name_that_only_looks_like_a_date_is_shown_as_typed(world, client_for):
    """A date recorded by maca is shown in words; a name typed like one, and
    not a real date, is shown as typed (it was an error page)."""
    agency = agency_create(actor=world["admin"].user, partnership=world.partnership, name="2026-13-01", kind="other")
    event = AuditEvent.objects.get(action="agency.created", object_id=str(agency.pk))
    page = html.unescape(client_for(world["admin"]).get(reverse("audit_trail:event", args=[event.pk])).content.decode())
    assert "2026-13-01" in page
