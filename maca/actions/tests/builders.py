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
