"""The demo partnership’s action plan: two confirmed cross-case
recommendations of the neglect audit (and the concern they answer), for the
QA officer to raise actions from, and three standing actions from earlier
work: one overdue, one due soon without progress, one closed with a
statement of impact. Every word here is ours and fictional."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from maca.accounts.models import User
from maca.actions import services
from maca.actions.models import Action, Priority
from maca.findings.models import (
    Finding,
    Recommendation,
    RecommendationFinding,
    RecommendationStatus,
    RecommendationTheme,
    Theme,
)
from maca.partnerships.models import Agency, Partnership
from maca.programme.models import Audit

RECOMMENDATIONS = [
    (
        "Health visitors and early years staff share a short note with the GP when a family with a baby "
        "misses two contacts in a row.",
        "neglect",
    ),
    (
        "Strategy discussions about babies include the health visitor, and the minutes say who will see "
        "the baby next and when.",
        "information_sharing",
    ),
]
CONCERN = (
    "In four of the six families, missed health contacts for the baby were not known to the other agencies "
    "until the family was referred."
)


def _user(email: str) -> User:
    return User.objects.get(email=email)


def _theme(partnership, key: str):
    return (
        Theme.objects.filter(partnership=partnership, key=key).first()
        or Theme.objects.filter(partnership=partnership).order_by("position").first()
    )


def load_demo_actions() -> None:
    partnership = Partnership.objects.filter(slug="wyvernshire").first()
    if partnership is None:
        return
    qa = _user("qa@wyvernshire.example")
    audit = Audit.objects.filter(partnership=partnership, title__startswith="Neglect").first()
    if (
        audit is not None
        and not Recommendation.objects.filter(audit=audit, status=RecommendationStatus.CONFIRMED).exists()
    ):
        finding = Finding.objects.create(
            partnership=partnership, audit=audit, polarity="concern", text=CONCERN, created_by=qa
        )
        for position, (text, key) in enumerate(RECOMMENDATIONS):
            rec = Recommendation.objects.create(
                partnership=partnership,
                audit=audit,
                text=text,
                status=RecommendationStatus.CONFIRMED,
                position=position,
                created_by=qa,
                confirmed_by=qa,
                confirmed_at=timezone.now(),
            )
            theme = _theme(partnership, key)
            if theme is not None:
                RecommendationTheme.objects.create(partnership=partnership, recommendation=rec, theme=theme)
            RecommendationFinding.objects.create(partnership=partnership, recommendation=rec, finding=finding)
    if Action.objects.filter(partnership=partnership, audit__isnull=True).exists():
        return
    today = timezone.localdate()
    csc = Agency.objects.get(partnership=partnership, name="Wyvernshire Children’s Social Care")
    police = Agency.objects.get(partnership=partnership, name="Wyvern and Fenmoor Police")
    health = Agency.objects.get(partnership=partnership, name="Wyvernshire Integrated Care Board")
    overdue = services.action_raise(
        actor=qa,
        partnership=partnership,
        title="Neglect toolkit refresher for team managers",
        text="Every children’s social care team manager completes the half-day neglect toolkit refresher.",
        measure="The training record shows all 24 team managers attended; a sample of 10 assessments uses the toolkit.",
        owner_agency=csc,
        owner=_user("csc.lead@wyvernshire.example"),
        due_on=today - dt.timedelta(days=8),
        priority=Priority.HIGH,
        themes=[t for t in [_theme(partnership, "neglect")] if t],
        today=today - dt.timedelta(days=120),
    )
    services.progress_post(
        actor=_user("csc.lead@wyvernshire.example"),
        action=overdue,
        note="Dates booked for three sessions; the first was cancelled for lack of a trainer.",
        expected_version=overdue.version,
        today=today - dt.timedelta(days=60),
    )
    services.action_raise(
        actor=qa,
        partnership=partnership,
        title="Domestic abuse notifications reach schools by nine",
        text="The police send overnight domestic abuse notifications to the named school by 9am on school days.",
        measure="A month’s log shows 95% of notifications sent by 9am.",
        owner_agency=police,
        owner=_user("police.lead@wyvernshire.example"),
        due_on=today + dt.timedelta(days=20),
        priority=Priority.MEDIUM,
        today=today - dt.timedelta(days=90),
    )
    closed = services.action_raise(
        actor=qa,
        partnership=partnership,
        title="Safeguarding supervision for health visitors",
        text="Every health visitor has safeguarding supervision at least every three months, recorded on the system.",
        measure="The supervision report shows every health visitor supervised in the last quarter.",
        owner_agency=health,
        owner=_user("health.lead@wyvernshire.example"),
        due_on=today - dt.timedelta(days=40),
        priority=Priority.MEDIUM,
        today=today - dt.timedelta(days=200),
    )
    lead = _user("health.lead@wyvernshire.example")
    closed = services.sign_off_request(
        actor=lead,
        action=closed,
        note="The quarterly report shows 41 of 41 health visitors supervised.",
        expected_version=closed.version,
        today=today - dt.timedelta(days=45),
    )
    services.action_sign_off(
        actor=qa,
        action=closed,
        impact="Health visitors now raise worries about neglect earlier: referrals from health visiting "
        "rose by a quarter and more of them describe the baby’s daily care.",
        expected_version=closed.version,
        today=today - dt.timedelta(days=30),
    )
