"""Words typed on a page whose return was submitted before they were saved are
shown on the refusal, to copy, on every such page (as the section page does):
the merge page after a conflict, and a chronology entry added or changed."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.urls import reverse

from maca.returns.chronology_services import chronology_entry_add
from maca.returns.models import Impact, Return, ReturnStatus
from maca.returns.services import return_submit
from maca.returns.tests.builders import audit_with_returns, save
from maca.returns.tests.chronology_factories import make_chronology_audit, move_return
from maca.tests.page import Page, words_shown


def _shown(response) -> str:
    return words_shown(html.unescape(response.content.decode()))


def test_answers_changed_on_the_merge_page_are_listed_when_the_return_was_submitted_meanwhile(world, client_for):
    audit = audit_with_returns(world, cases=1, agencies=[world.police])
    ret = Return.objects.get(audit=audit, agency=world.police)
    auditor = client_for(world["auditor"])
    opened_at = ret.version
    # The lead saves first: the auditor's save meets the merge page.
    ret = save(ret, world["lead"], {"info_grade": "good", "health_involved": "yes"})
    merge_page = auditor.post(
        reverse("returns:section", args=[ret.pk, 1]),
        {"version": opened_at, "health_involved": "no", "worried": "The school was never told about the injuries"},
    )
    assert "Combine your changes with theirs" in _shown(merge_page)
    form = Page(merge_page.content.decode())
    posted = {name: form.value(name) for name in ("mine", "base_version", "version")}
    # The lead submits while the auditor chooses.
    ret.refresh_from_db()
    return_submit(
        actor=world["lead"].user, membership=world["lead"].membership, return_record=ret, expected_version=ret.version
    )

    refused = _shown(
        auditor.post(reverse("returns:merge", args=[ret.pk]), {**posted, "choice-health_involved": "mine"})
    )

    assert "You cannot change this return" in refused
    assert "Your answers, not saved" in refused
    assert "What are we worried about? The school was never told about the injuries" in refused
    assert "Were health part of decision-making? No" in refused
    # Only what the auditor changed: not the lead's grade, which is saved.
    assert "How well was information shared?" not in refused.split("Your answers, not saved")[1]


@pytest.fixture
def police_return(world):
    return make_chronology_audit(world).return_of(world.police)


ENTRY = {
    "date-day": "4",
    "date-month": "3",
    "date-year": "2025",
    "end_date-day": "",
    "end_date-month": "",
    "end_date-year": "",
    "event": "Strategy discussion held without health present",
    "source": "Police log",
    "impact": "negative",
    "action_taken": "",
}


def test_a_new_chronology_entry_is_listed_when_the_return_was_submitted_meanwhile(world, client_for, police_return):
    move_return(police_return, world, to=ReturnStatus.SUBMITTED)

    refused = _shown(client_for(world["auditor"]).post(reverse("chronology:add", args=[police_return.pk]), ENTRY))

    assert "You cannot change this chronology" in refused
    assert "Date of the event 4/3/2025" in refused
    assert "Significant event Strategy discussion held without health present" in refused
    assert "Source (optional) Police log" in refused
    assert "Impact on the child Negative" in refused
    assert "End date" not in refused and "Action taken" not in refused  # left empty


def test_a_changed_chronology_entry_is_listed_when_the_return_was_submitted_meanwhile(world, client_for, police_return):
    entry = chronology_entry_add(
        actor=world["auditor"].user,
        return_record=police_return,
        date=dt.date(2025, 3, 4),
        end_date=None,
        event="Strategy discussion",
        source="",
        impact=Impact.NEUTRAL,
        action_taken="",
    )
    move_return(police_return, world, to=ReturnStatus.SUBMITTED)

    refused = _shown(
        client_for(world["auditor"]).post(
            reverse("chronology:edit", args=[police_return.pk, entry.pk]),
            {**ENTRY, "action_taken": "Asked health for their notes", "version": entry.version},
        )
    )

    assert "You cannot change this chronology" in refused
    assert "Action taken (optional) Asked health for their notes" in refused
    assert "Significant event Strategy discussion held without health present" in refused
    entry.refresh_from_db()
    assert entry.event == "Strategy discussion"
