"""A view of a return's history is a view of case-level data like any other:
the log says who looked, and the retention run deletes it after the
partnership's period. Views recorded under the old name
(``return.history_viewed``) still read as sentences, and go too."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from maca.audit_trail.models import AuditEvent
from maca.audit_trail.services import record
from maca.partnerships.retention import periods_of, retention_apply, retention_policy_update
from maca.returns.models import Return
from maca.returns.tests.builders import audit_with_returns
from maca.tests.page import words_shown


def _log(client) -> str:
    return words_shown(client.get(reverse("audit_trail:events")).content.decode())


def test_views_of_a_returns_history_old_and_new_are_read_then_leave_the_log(world, client_for):
    audit = audit_with_returns(world, cases=1)
    ret = Return.objects.filter(audit=audit).first()
    assert client_for(world["qa"]).get(reverse("returns:history", args=[ret.pk])).status_code == 200
    # One recorded before the rename, under the old name (the log is never rewritten).
    record(actor=world["qa"].user, action="return.history_viewed", partnership=world.partnership, target=ret)
    ours = AuditEvent.objects.filter(partnership=world.partnership)
    assert ours.filter(action="return_history.viewed").count() == 1
    admin = client_for(world["admin"])
    log = _log(admin)
    who = world["qa"].user.full_name
    assert log.count(f"{who} viewed every change to the return ‘{ret}’") == 2
    assert "return.history_viewed" not in log and "return_history.viewed" not in log

    periods = {**periods_of(world.partnership), "audit_log_views": 6}
    retention_policy_update(
        actor=world["admin"].user, partnership=world.partnership, periods=periods, expected_version=0
    )
    retention_apply(now=timezone.now() + dt.timedelta(days=400))

    assert not ours.filter(action__in=["return_history.viewed", "return.history_viewed"]).exists()
    assert "viewed every change to" not in _log(admin)
    run = ours.get(action="retention.applied", changes__kind="audit_log_views")
    assert run.changes["records"] >= 2
