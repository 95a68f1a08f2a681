"""Actions for tests, raised through the services."""

from __future__ import annotations

import datetime as dt
import itertools

from maca.actions.models import Priority, Source
from maca.actions.services import action_raise

_n = itertools.count(1)


def raise_action(world, *, agency=None, owner=None, due_on=None, today=None, audit=None, **fields):
    today = today or dt.date.today()
    n = next(_n)
    values = {
        "title": f"Test action {n}",
        "text": "Agree a shared protocol for strategy discussions by the end of the quarter.",
        "measure": "The protocol is signed by every agency and used in a sample of ten cases.",
        "priority": Priority.MEDIUM,
        "source": Source.STANDING,
    }
    values.update(fields)
    return action_raise(
        actor=world["qa"].user,
        partnership=world.partnership,
        owner_agency=agency or world.police,
        owner=owner or world["lead"].user,
        due_on=due_on or today + dt.timedelta(days=60),
        audit=audit,
        today=today,
        **values,
    )


def audit_with_recommendations(world, *, texts=("Agencies see fathers.", "Strategy meetings include health.")):
    """An audit at 'agencies auditing' with a concern found in its first case and
    confirmed cross-case recommendations, each tagged with a theme."""
    from maca.findings.models import (
        Finding,
        FindingTag,
        Recommendation,
        RecommendationFinding,
        RecommendationStatus,
        RecommendationTheme,
        Theme,
    )
    from maca.returns.tests.builders import audit_with_returns

    audit = audit_with_returns(world, cases=2, agencies=[world.police])
    case = audit.audit_cases.order_by("number").first()
    p = world.partnership
    qa = world["qa"].user
    theme = Theme.objects.get(partnership=p, key="think_family")
    finding = Finding.objects.create(
        partnership=p, audit=audit, audit_case=case, agency=world.police, polarity="concern", text="Fathers unseen."
    )
    FindingTag.objects.create(partnership=p, finding=finding, theme=theme, was_suggested=True, confirmed_by=qa)
    recommendations = []
    for text in texts:
        rec = Recommendation.objects.create(
            partnership=p, audit=audit, text=text, status=RecommendationStatus.CONFIRMED, confirmed_by=qa
        )
        RecommendationTheme.objects.create(partnership=p, recommendation=rec, theme=theme)
        RecommendationFinding.objects.create(partnership=p, recommendation=rec, finding=finding)
        recommendations.append(rec)
    return audit, finding, recommendations, theme
