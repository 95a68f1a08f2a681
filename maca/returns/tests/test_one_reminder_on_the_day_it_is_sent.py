"""A lead gets at most one reminder e-mail a day, and each e-mail says "This is
the only reminder you will get from maca today": the day is the day the e-mail
is sent (Europe/London), not the day the reminder was due (QA walk: the daily
job's reminder due on the 7th went out after midnight on the 8th, and a
reminder by hand on the 8th went out too, both saying so)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from maca.notifications.models import SentEmail
from maca.returns.models import Reminder
from maca.returns.reminders import reminders_send_due
from maca.returns.tests.builders import audit_with_returns
from maca.returns.tests.test_submitted_late_is_said_of_the_first_submission import back_to_the_latest  # noqa: F401
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db

ONLY_ONE = "This is the only reminder you will get from maca today."


def _today_is(monkeypatch, day: dt.date) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)


def _reminders_to(address: str) -> list[str]:
    sent = SentEmail.objects.filter(kind="reminder").order_by("pk")
    return [" ".join(m.body.split()) for m in sent if address in m.to]


def _remind_by_hand(client, audit):
    return client.post(reverse("returns:remind", args=[audit.pk]), {"agency": audit.returns.first().agency_id})


def test_the_daily_jobs_reminder_sent_after_midnight_counts_on_the_day_it_went_out(world, client_for, monkeypatch):
    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    due = audit.return_deadline - dt.timedelta(days=audit.reminder_days_before)
    # The job for the day due ran late, after midnight: the e-mail goes out the day after.
    _today_is(monkeypatch, due + dt.timedelta(days=1))
    (automatic,) = reminders_send_due(today=due)
    assert automatic.due_on == due and automatic.sent_on == due + dt.timedelta(days=1)

    qa = client_for(world["qa"])
    response = _remind_by_hand(qa, audit)
    page = words_shown(qa.get(response["Location"]).content.decode())
    assert "already sent a reminder today" in page
    (only,) = _reminders_to(world["lead"].user.email)  # one e-mail that day, as it says
    assert ONLY_ONE in only
    assert Reminder.objects.count() == 1


def test_a_reminder_sent_the_day_before_does_not_stop_one_today(world, client_for, monkeypatch):
    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    due = audit.return_deadline - dt.timedelta(days=audit.reminder_days_before)
    _today_is(monkeypatch, due)
    reminders_send_due(today=due)
    _today_is(monkeypatch, due + dt.timedelta(days=1))
    _remind_by_hand(client_for(world["qa"]), audit)
    first, second = _reminders_to(world["lead"].user.email)
    assert ONLY_ONE in first and ONLY_ONE in second
    assert sorted(Reminder.objects.values_list("sent_on", flat=True)) == [due, due + dt.timedelta(days=1)]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_the_latest")
def test_reminders_sent_before_keep_the_day_they_were_sent_in_london(world):
    """Reminders sent before the day was kept take it from when they were sent,
    in Europe/London: 23:30 UTC on 7 July is 00:30 on 8 July there."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    if connection.vendor == "postgresql":
        pytest.skip("Migrating back needs the tables' owner")  # as test_submitted_late_is_said_of_the_first_submission
    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    before, after = [("returns", "0003_first_submitted_at")], [("returns", "0004_reminder_sent_on")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    OldReminder = executor.loader.project_state(before).apps.get_model("returns", "Reminder")
    old = OldReminder.objects.create(
        partnership_id=audit.partnership_id,
        audit_id=audit.pk,
        agency_id=world.police.pk,
        kind="before",
        due_on=dt.date(2026, 7, 7),
        outstanding=1,
        recipients=[world["lead"].user.email],
    )
    OldReminder.objects.filter(pk=old.pk).update(sent_at=dt.datetime(2026, 7, 7, 23, 30, tzinfo=dt.UTC))
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    NewReminder = executor.loader.project_state(after).apps.get_model("returns", "Reminder")
    assert NewReminder.objects.get(pk=old.pk).sent_on == dt.date(2026, 7, 8)
