"""The chronology as part of the return's work (QA walk of the return cycle):
a task on the return's task list, a part of "Check your answers", changes to
it on the return's "Every change" page beside the saves of the answers, and
the QA officer's review page showing what they decide on. Checked by opening
the pages as each person would, after doing what they do through the pages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from maca.returns.models import ChronologyEntry, Return, ReturnRevision, ReturnStatus
from maca.returns.services import return_review, return_submit
from maca.returns.tests.builders import police_return, save
from maca.returns.tests.chronology_factories import make_entries
from maca.returns.tests.test_return_sections import task_statuses
from maca.tests.page import words_shown
from maca.tests.querycount import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db

COMPLETE = {
    "info_grade": "good",
    "health_involved": "yes",
    "voice": "Seen alone at school; said she was frightened at home.",
}
ADDED = "Seen at the walk-in centre with a bruise to the arm"
CHANGED = "Seen at the walk-in centre with bruises to both arms"
REMOVED = "Missed appointment at the dental practice"


@pytest.fixture
def ret(world):
    return police_return(world, two_sections=True)


def shown(client, name, ret) -> str:
    response = client.get(reverse(name, args=[ret.pk]))
    assert response.status_code == 200
    return words_shown(response.content.decode())


def entry_data(event=ADDED, *, day="4", impact="negative", **extra) -> dict:
    return {
        "date-day": day,
        "date-month": "3",
        "date-year": "2025",
        "event": event,
        "source": "Urgent care record",
        "impact": impact,
        "action_taken": "",
        **extra,
    }


def add_entry(client, ret, event=ADDED, **data):
    response = client.post(reverse("chronology:add", args=[ret.pk]), entry_data(event, **data))
    assert response.status_code == 302, words_shown(response.content.decode())
    return ChronologyEntry.objects.get(return_record=ret, event=event)


def change_entry(client, entry, event, **data):
    entry.refresh_from_db()
    response = client.post(
        reverse("chronology:edit", args=[entry.return_record_id, entry.pk]),
        entry_data(event, version=entry.version, **data),
    )
    assert response.status_code == 302, words_shown(response.content.decode())


def remove_entry(client, entry):
    entry.refresh_from_db()
    response = client.post(
        reverse("chronology:remove", args=[entry.return_record_id, entry.pk]), {"version": entry.version}
    )
    assert response.status_code == 302


def submitted(world, ret) -> Return:
    save(ret, world["auditor"], COMPLETE)
    ret.refresh_from_db()
    lead = world["lead"]
    return return_submit(actor=lead.user, membership=lead.membership, return_record=ret, expected_version=ret.version)


# The task list ---------------------------------------------------------------------------------


def test_the_task_list_has_the_chronology_with_how_many_entries_it_has(world, ret, client_for):
    auditor = client_for(world["auditor"])
    assert task_statuses(auditor, ret)["Chronology"] == "No chronology entries"
    page = auditor.get(reverse("returns:edit", args=[ret.pk])).content.decode()
    link = re.search(r'<a class="govuk-link govuk-task-list__link" href="([^"]+)"[^>]*>\s*Chronology\s*</a>', page)
    assert link and link.group(1) == reverse("chronology:return", args=[ret.pk])
    # The chronology page leads back to the task list, where the lead goes on to check and submit.
    back = re.search(r'<a href="([^"]+)" class="govuk-back-link', auditor.get(link.group(1)).content.decode())
    assert back and back.group(1) == reverse("returns:edit", args=[ret.pk])

    entry = add_entry(auditor, ret)
    assert task_statuses(auditor, ret)["Chronology"] == "1 entry"
    add_entry(auditor, ret, REMOVED, day="9")
    assert task_statuses(client_for(world["lead"]), ret)["Chronology"] == "2 entries"
    remove_entry(auditor, entry)
    assert task_statuses(auditor, ret)["Chronology"] == "1 entry"
    # The sections are counted as before: the chronology is not one of them.
    assert "You have completed 0 of 2 sections." in shown(auditor, "returns:edit", ret)


# Check your answers ----------------------------------------------------------------------------


def chronology_part(page: str) -> str:
    """The words of the check page's Chronology card."""
    found = re.search(r"Chronology Entries (.*?) (?:Now submit|Your agency lead)", page)
    return found.group(1) if found else ""


def test_check_your_answers_says_plainly_there_are_no_entries_and_the_lead_may_still_submit(world, ret, client_for):
    save(ret, world["auditor"], COMPLETE)
    lead = client_for(world["lead"])
    page = shown(lead, "returns:check", ret)
    assert chronology_part(page) == "No chronology entries Add entries (Chronology)"
    assert "The return has no chronology entries." in page
    ret.refresh_from_db()
    response = lead.post(reverse("returns:check", args=[ret.pk]), {"version": ret.version})
    assert response.status_code == 302
    ret.refresh_from_db()
    assert ret.status == ReturnStatus.SUBMITTED


def test_check_your_answers_has_the_chronology_with_its_count_and_the_way_to_it(world, ret, client_for):
    auditor = client_for(world["auditor"])
    add_entry(auditor, ret)
    add_entry(auditor, ret, REMOVED, day="9")
    for persona in ("auditor", "lead"):
        page = shown(client_for(world[persona]), "returns:check", ret)
        assert chronology_part(page) == "2 entries View or change entries (Chronology)"
        assert "no chronology entries" not in page.lower()
    html = auditor.get(reverse("returns:check", args=[ret.pk])).content.decode()
    assert f'href="{reverse("chronology:return", args=[ret.pk])}"' in html
    # In brief: the count, not the entries (a return can have dozens, each on the chronology page).
    assert ADDED not in words_shown(html)


# Every change ----------------------------------------------------------------------------------


def change_titles(page: str) -> list[str]:
    return re.findall(r"(Version \d+|Chronology entr(?:y|ies) [a-z ]+?): (\w+ \w+),", page)


def test_every_change_shows_the_chronology_added_changed_and_removed_in_time_order_with_names(world, ret, client_for):
    auditor, lead = client_for(world["auditor"]), client_for(world["lead"])
    add_entry(auditor, ret)
    to_remove = add_entry(auditor, ret, REMOVED, day="9", impact="neutral")
    ret = submitted(world, ret)
    qa = world["qa"]
    return_review(
        actor=qa.user,
        membership=qa.membership,
        return_record=ret,
        accept=False,
        comment="Please correct the walk-in centre visit and take out the dental appointment.",
        expected_version=ret.version,
    )
    change_entry(lead, ChronologyEntry.objects.get(event=ADDED), CHANGED, impact="positive")
    remove_entry(lead, to_remove)

    page = shown(client_for(qa), "returns:history", ret)
    assert change_titles(page) == [
        ("Chronology entry removed", "Lena Lead"),
        ("Chronology entry changed", "Lena Lead"),
        ("Version 2", "Aiden Auditor"),
        ("Chronology entry added", "Aiden Auditor"),
        ("Chronology entry added", "Aiden Auditor"),
    ]
    removed = page[page.index("Chronology entry removed") : page.index("Chronology entry changed")]
    assert f"Date 9 Mar 2025 Significant event {REMOVED}" in removed
    changed = page[page.index("Chronology entry changed") : page.index("Version 2")]
    assert "What changed Significant event and Impact on the child" in changed
    assert f"Date 4 Mar 2025 Significant event now {CHANGED}" in changed
    # The entry removed, where it was added: not said to be in the chronology now.
    added = page[page.index("Version 2") :]
    assert f"Date 9 Mar 2025 Significant event, removed since {REMOVED}" in added
    assert f"Significant event now {REMOVED}" not in added
    # Who sent it back and when stays in the table of what happened to the return.
    assert "Submitted → Sent back" in page


def test_every_change_counts_entries_added_from_a_spreadsheet(world, ret, client_for):
    make_entries(ret, 3, start=dt.date(2024, 1, 1))
    page = shown(client_for(world["qa"]), "returns:history", ret)
    assert "Chronology entries added from a spreadsheet:" in page
    assert "Entries added 3" in page
    assert "Nobody has saved this return" not in page


def test_every_change_with_its_chronology_does_not_get_slower_with_more_changes(world, ret, client_for):
    auditor = client_for(world["auditor"])
    done = []

    def more(n):
        for _ in range(n):
            done.append(f"Home visit number {len(done) + 1}")
            entry = add_entry(auditor, ret, done[-1], day=str(1 + len(done) % 27))
            change_entry(auditor, entry, done[-1] + " (seen alone)")
            save(ret, world["lead"], {"visits": len(done)})

    client = client_for(world["qa"])
    url = reverse("returns:history", args=[ret.pk])
    assert_queries_do_not_grow(lambda: client.get(url), more)
    assert f"{done[-1]} (seen alone)" in words_shown(client.get(url).content.decode())


# The QA officer's review -----------------------------------------------------------------------


def test_the_review_page_shows_the_answers_and_the_chronology_beside_the_decision(world, ret, client_for):
    auditor = client_for(world["auditor"])
    add_entry(auditor, ret)
    ret = submitted(world, ret)
    client = client_for(world["qa"])
    html = client.get(reverse("returns:review", args=[ret.pk])).content.decode()
    page = words_shown(html)
    assert "What the agency sent" in page
    assert "How well was information shared? Good" in page
    assert f"How was the child's voice heard? {COMPLETE['voice']}" in page
    assert "How many times was the child seen alone? Not answered" in page
    assert "Chronology Entries 1 entry View entries (Chronology)" in page
    assert f'href="{reverse("chronology:return", args=[ret.pk])}"' in html
    assert "Every change to this return" in page
    # Read-only: nothing to change from here, and the decision follows what is shown.
    assert "Change" not in re.sub(r"Every change", "", page)
    assert page.index("What the agency sent") < page.index("Your decision") < page.index("Save decision")
    assert ReturnRevision.objects.filter(return_record=ret).count() == 1
