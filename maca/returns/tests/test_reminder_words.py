"""What a reminder e-mail says is true on the day it is sent: whether the
deadline has passed (the one rule, ``Audit.returns_deadline_passed``), and
whose returns it counts (each sub-unit with a lead of its own is reminded on
its own, by hand as by the daily job)."""

from __future__ import annotations

import datetime as dt
import html

from django.urls import reverse
from django.utils import timezone

from maca.accounts.roles import Role
from maca.accounts.tests.factories import MembershipFactory, UserFactory
from maca.notifications.models import SentEmail
from maca.returns.reminders import reminders_send_due
from maca.returns.tests.builders import audit_with_returns
from maca.tests.tables import read_tables

GP = "Mill Lane Surgery (Testshire Care Board)"


def _bodies_to(address: str) -> list[str]:
    sent = SentEmail.objects.filter(kind="reminder").order_by("pk")
    return [" ".join(m.body.split()) for m in sent if address in m.to]


def _due(deadline) -> dict:
    """A plan whose returns are due on ``deadline`` (in the programme year of
    that day, so that the test passes on any day)."""
    return {
        "planned_selection_date": deadline - dt.timedelta(days=30),
        "return_deadline": deadline,
        "planned_meeting_date": deadline + dt.timedelta(days=30),
    }


def test_a_reminder_by_hand_after_the_deadline_says_the_deadline_has_passed(world, client_for):
    deadline = timezone.localdate() - dt.timedelta(days=10)
    audit = audit_with_returns(world, cases=2, agencies=[world.police], **_due(deadline))
    client = client_for(world["qa"])
    assert "the deadline has passed" in client.get(reverse("returns:tracking", args=[audit.pk])).content.decode()
    client.post(reverse("returns:remind", args=[audit.pk]), {"agency": world.police.pk})
    (body,) = _bodies_to(world["lead"].user.email)
    past = f"{deadline:%-d %B %Y}"
    assert f"The deadline was {past}: please submit as soon as you can" in body
    assert "Please submit by" not in body


def test_a_reminder_by_hand_on_the_day_returns_are_due_asks_for_them_by_that_day(world, client_for):
    today = timezone.localdate()
    audit = audit_with_returns(world, cases=1, agencies=[world.police], **_due(today))  # due today: not passed yet
    client_for(world["qa"]).post(reverse("returns:remind", args=[audit.pk]), {"agency": world.police.pk})
    (body,) = _bodies_to(world["lead"].user.email)
    assert f"Please submit by {today:%-d %B %Y}." in body and "The deadline was" not in body


def test_the_daily_jobs_reminders_say_whether_the_deadline_has_passed(world, monkeypatch):
    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    deadline = audit.return_deadline
    reminders_send_due(today=deadline - dt.timedelta(days=audit.reminder_days_before))
    # Sent on the day it is due: a lead is reminded once on the day an e-mail is sent.
    after = deadline + dt.timedelta(days=audit.reminder_days_after)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: after)
    reminders_send_due(today=after)
    before, after = _bodies_to(world["lead"].user.email)
    assert f"Please submit by {deadline:%-d %B %Y}." in before
    assert f"The deadline was {deadline:%-d %B %Y}" in after


def _gp_lead(world):
    return MembershipFactory(
        user=UserFactory(email="pip@testshire.example", full_name="Pip Practice"),
        partnership=world.partnership,
        role=Role.AGENCY_LEAD,
        agency=world.gp_practice,
    )


def test_a_reminder_by_hand_to_a_care_board_reminds_a_practice_with_its_own_lead_on_its_own(world, client_for):
    """A GP practice with a lead of its own is not counted in the care board's
    e-mail (which then says nothing of sub-units); its own lead is reminded about its returns, as the daily
    job would."""
    audit = audit_with_returns(world, cases=2, agencies=[world.health, world.gp_practice])
    pip = _gp_lead(world).user.email
    hari = world["health_lead"].user.email
    client = client_for(world["qa"])
    response = client.post(reverse("returns:remind", args=[audit.pk]), {"agency": world.health.pk}, follow=True)
    assert f"A reminder to {hari}, {pip} is on its way." in html.unescape(response.content.decode())
    (board,) = _bodies_to(hari)
    assert "Testshire Care Board has 2 returns still to submit" in board
    # Its only sub-unit has a lead of its own: the board's figures count none.
    assert "sub-units" not in board
    (practice,) = _bodies_to(pip)
    assert f"{GP} has 2 returns still to submit" in practice
    tracking = read_tables(client.get(reverse("returns:tracking", args=[audit.pk])).content.decode())
    assert sorted(row[1] for row in tracking["Reminders"].rows) == sorted(["Testshire Care Board", GP])
    # Pressed again the same day: every lead has had a reminder today.
    response = client.post(reverse("returns:remind", args=[audit.pk]), {"agency": world.health.pk}, follow=True)
    assert "already sent a reminder today" in html.unescape(response.content.decode())
    assert len(_bodies_to(hari)) == 1 and len(_bodies_to(pip)) == 1


def test_a_reminder_by_hand_reaches_a_practices_own_lead_when_the_board_has_only_its_returns_outstanding(
    world, client_for
):
    audit = audit_with_returns(world, cases=2, agencies=[world.gp_practice])
    pip = _gp_lead(world).user.email
    response = client_for(world["qa"]).post(
        reverse("returns:remind", args=[audit.pk]), {"agency": world.health.pk}, follow=True
    )
    assert f"A reminder to {pip} is on its way." in html.unescape(response.content.decode())
    assert _bodies_to(world["health_lead"].user.email) == []
    (practice,) = _bodies_to(pip)
    assert f"{GP} has 2 returns still to submit" in practice
