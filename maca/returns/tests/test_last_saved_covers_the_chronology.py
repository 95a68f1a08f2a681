"""A return's "Last saved" covers its chronology as well as its answers (QA
walk): an entry added, changed or removed, or entries uploaded, after the
answers were last saved is the return's last save, and says who made it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from maca.audit_trail.models import AuditEvent
from maca.core.presenters import date_time
from maca.returns import chronology_services
from maca.returns.models import ReturnRevision
from maca.returns.tests.builders import police_return, save
from maca.returns.tests.chronology_factories import make_entries
from maca.tests.page import words_shown

ANSWERS_SAVED = dt.datetime(2026, 1, 5, 10, 15, tzinfo=dt.UTC)


@pytest.fixture
def ret(world):
    ret = police_return(world)
    save(ret, world["auditor"], {"worried": "Made-up worry: late referrals"})
    ReturnRevision.objects.filter(return_record=ret).update(saved_at=ANSWERS_SAVED)
    ret.refresh_from_db()
    return ret


def _last_saved(client, ret) -> str:
    shown = words_shown(client.get(reverse("returns:detail", args=[ret.pk])).content.decode())
    found = re.search(r"Last saved (.*? by [A-Z][a-z]+ [A-Z][a-z]+)", shown)
    return found.group(1) if found else ""


def _latest(ret, action: str) -> AuditEvent:
    return AuditEvent.objects.filter(object_id=str(ret.pk), action=action).order_by("-occurred_at", "-id").first()


def _said(event: AuditEvent) -> str:
    return f"{date_time(event.occurred_at)} by {event.actor.full_name}"


def test_entries_uploaded_after_the_answers_are_the_last_save(world, ret, client_for):
    lead = client_for(world["lead"])
    assert _last_saved(lead, ret) == f"5 January 2026 at 10:15am by {world['auditor'].user.full_name}"

    make_entries(ret, 2, start=dt.date(2025, 1, 1))  # uploaded by one of the agency's people

    assert _last_saved(lead, ret) == _said(_latest(ret, "chronology.imported"))


def test_an_entry_added_changed_or_removed_after_the_answers_is_the_last_save(world, ret, client_for):
    lead = client_for(world["lead"])
    entry = chronology_services.chronology_entry_add(
        actor=world["lead"].user,
        return_record=ret,
        date=dt.date(2025, 2, 1),
        end_date=None,
        event="Made-up event: missed school",
        source="",
        impact="neutral",
        action_taken="",
    )
    added = _latest(ret, "chronology.entry_added")
    assert _last_saved(lead, ret) == _said(added)
    assert added.actor == world["lead"].user

    entry = chronology_services.chronology_entry_update(
        actor=world["auditor"].user,
        entry=entry,
        expected_version=entry.version,
        date=dt.date(2025, 2, 1),
        end_date=None,
        event="Made-up event: missed school twice",
        source="",
        impact="neutral",
        action_taken="",
    )
    assert _last_saved(lead, ret) == _said(_latest(ret, "chronology.entry_updated"))
    assert _last_saved(lead, ret).endswith(world["auditor"].user.full_name)

    chronology_services.chronology_entry_remove(actor=world["lead"].user, entry=entry, expected_version=entry.version)
    assert _last_saved(lead, ret) == _said(_latest(ret, "chronology.entry_removed"))
    assert _last_saved(lead, ret).endswith(world["lead"].user.full_name)


def test_answers_saved_after_the_chronology_are_the_last_save(world, ret, client_for):
    make_entries(ret, 1, start=dt.date(2025, 1, 1))
    later = _latest(ret, "chronology.imported").occurred_at + dt.timedelta(minutes=3)
    ReturnRevision.objects.filter(return_record=ret).update(saved_at=later)

    shown = _last_saved(client_for(world["lead"]), ret)

    assert shown == f"{date_time(later)} by {world['auditor'].user.full_name}"
