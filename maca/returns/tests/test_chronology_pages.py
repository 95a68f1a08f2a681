"""The chronology pages: an agency's chronology in its return, and the
integrated multi-agency chronology of a case."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from maca.audit_trail.models import AuditEvent
from maca.programme.models import Stage
from maca.returns.chronology_services import chronology_entry_remove, chronology_entry_update
from maca.returns.models import ChronologyEntry, Impact, ReturnStatus
from maca.returns.tests.builders import move
from maca.returns.tests.chronology_factories import (
    add_agency,
    make_chronology_audit,
    make_entries,
    make_entry,
    more_agencies,
    move_return,
    submit,
)
from maca.tests.page import words_shown
from maca.tests.querycount import assert_queries_do_not_grow

HEADINGS = ["Date", "End date (optional)", "Significant event", "Source", "Impact on the child", "Action taken"]


@pytest.fixture
def made(world):
    return make_chronology_audit(world)


@pytest.fixture
def police_return(made, world):
    return made.return_of(world.police)


@pytest.fixture
def health_return(made, world):
    return made.return_of(world.health)


def page_url(return_record):
    return reverse("chronology:return", args=[return_record.pk])


def integrated_url(made, **query):
    url = reverse("chronology:integrated", args=[made.audit.pk, made.audit_case.pk])
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def entry_data(day="4", month="3", year="2025", end=("", "", ""), **overrides):
    data = {
        "date-day": day,
        "date-month": month,
        "date-year": year,
        "end_date-day": end[0],
        "end_date-month": end[1],
        "end_date-year": end[2],
        "event": "Seen at the walk-in centre with a bruise to the arm",
        "source": "Urgent care record",
        "impact": "negative",
        "action_taken": "Safeguarding referral",
    }
    data.update(overrides)
    return data


def text_of(response) -> str:
    return words_shown(response.content.decode())


# The return's chronology --------------------------------------------------------------------


def test_the_chronology_lists_entries_in_date_order_with_periods_and_impact(world, client_for, police_return):
    make_entry(police_return, date=dt.date(2025, 5, 12), event="Second event", impact=Impact.POSITIVE)
    make_entry(police_return, date=dt.date(2025, 1, 3), end_date=dt.date(2025, 2, 1), event="First event", source="PNC")
    response = client_for(world["auditor"]).get(page_url(police_return))
    assert response.status_code == 200
    text = text_of(response)
    assert text.index("First event") < text.index("Second event")
    assert "3 Jan 2025 to 1 Feb 2025" in text
    assert "12 May 2025" in text
    assert 'govuk-tag govuk-tag--green maca-chronology__impact">Positive' in response.content.decode()
    assert "Add an entry" in text
    assert "Change the entry of 3 Jan 2025 to 1 Feb 2025" in text
    assert AuditEvent.objects.filter(
        action="chronology.viewed",
        object_type="returns.return",
        object_id=str(police_return.pk),
        changes={"entries": 2},
    ).exists()


def test_people_who_may_not_change_it_see_no_forms(world, client_for, police_return):
    make_entry(police_return, date=dt.date(2025, 1, 3))
    for persona in ("qa", "admin", "scrutineer"):
        text = text_of(client_for(world[persona]).get(page_url(police_return)))
        assert "Add an entry" not in text
        assert "Change the entry" not in text


def _back_link(response) -> tuple[str, str]:
    import re

    found = re.search(r'<a href="([^"]+)" class="govuk-back-link">([^<]+)</a>', response.content.decode())
    return found.group(1), found.group(2)


def test_the_back_link_names_the_page_it_leads_to(world, client_for, police_return):
    """Those who change the return go back to its task list, which the
    section pages and Check your answers call "the sections"; the task list's
    own back link is "Back to the return", to the return's page. The
    chronology said "Back to the return" for the task list too: two links of
    the same words, one after the other, to two different pages."""
    auditor = client_for(world["auditor"])
    assert _back_link(auditor.get(page_url(police_return))) == (
        reverse("returns:edit", args=[police_return.pk]),
        "Back to the sections",
    )
    assert _back_link(auditor.get(reverse("returns:section", args=[police_return.pk, 1])))[1] == "Back to the sections"
    assert _back_link(auditor.get(reverse("returns:edit", args=[police_return.pk]))) == (
        reverse("returns:detail", args=[police_return.pk]),
        "Back to the return",
    )
    # Anyone else goes back to the return's page, and is told so.
    assert _back_link(client_for(world["qa"]).get(page_url(police_return))) == (
        reverse("returns:detail", args=[police_return.pk]),
        "Back to the return",
    )


def test_a_date_written_wrongly_is_told_by_the_example_its_hint_gives(world, client_for, police_return):
    """The hint said "For example, 27 3 2025" and the error under it "for
    example 27 3 2026": one example on both, the date of an event (in the past)."""
    client = client_for(world["auditor"])
    for data in (entry_data(day="x"), entry_data(end=("x", "3", "2025"))):
        shown = text_of(client.post(reverse("chronology:add", args=[police_return.pk]), data))
        assert "For example, 27 3 2025" in shown
        assert "must be a real date, written in numbers, for example 27 3 2025" in shown
        assert "27 3 2026" not in shown


def test_an_entry_is_added_from_the_page(world, client_for, police_return):
    client = client_for(world["auditor"])
    response = client.post(reverse("chronology:add", args=[police_return.pk]), entry_data(end=("6", "3", "2025")))
    assert response.status_code == 302
    entry = ChronologyEntry.objects.get(return_record=police_return)
    assert (entry.date, entry.end_date, entry.impact) == (dt.date(2025, 3, 4), dt.date(2025, 3, 6), "negative")
    assert entry.created_by == world["auditor"].user
    assert AuditEvent.objects.filter(action="chronology.entry_added", changes={"entry": entry.pk}).exists()
    follow = client.get(response["Location"])
    assert "The entry has been added to the chronology." in text_of(follow)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (entry_data(day="", month="", year=""), "Enter the date of the event"),
        (entry_data(day="31", month="2"), "Date of the event must be a real date"),
        (entry_data(month=""), "Date of the event must include a month"),
        (entry_data(year="2099"), "Date of the event must be today or in the past"),
        (entry_data(end=("1", "3", "2025")), "The end date must be the same as or after the date of the event"),
        (entry_data(end=("40", "3", "2025")), "End date must be a real date"),
        (entry_data(impact=""), "Select the impact on the child"),
        (entry_data(event=""), "Enter the significant event"),
        (entry_data(event="x" * 2001), "The significant event must be 2,000 characters or fewer"),
        (entry_data(action_taken="x" * 2001), "The action taken must be 2,000 characters or fewer"),
        (entry_data(source="x" * 301), "The source must be 300 characters or fewer"),
    ],
)
def test_each_mistake_is_shown_in_the_error_summary(world, client_for, police_return, data, message):
    response = client_for(world["auditor"]).post(reverse("chronology:add", args=[police_return.pk]), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert message in text_of(response)
    assert "<title>Error:" in content
    assert not ChronologyEntry.objects.filter(return_record=police_return).exists()


def test_several_mistakes_are_shown_at_once_and_the_typing_is_kept(world, client_for, police_return):
    data = entry_data(year="2099", impact="", event="Kept words")
    response = client_for(world["auditor"]).post(reverse("chronology:add", args=[police_return.pk]), data)
    text = text_of(response)
    # In the order of the fields on the page.
    assert text.index("Date of the event must be today or in the past") < text.index("Select the impact on the child")
    assert "Kept words" in text


def test_the_form_says_how_much_can_be_written(world, client_for, police_return):
    text = text_of(client_for(world["auditor"]).get(page_url(police_return)))
    assert text.count("You can enter up to 2,000 characters") == 2
    assert "You can enter up to 300 characters" in text


def test_an_entry_is_changed_and_a_stale_change_keeps_the_typing(world, client_for, police_return):
    entry = make_entry(police_return, date=dt.date(2025, 1, 3), event="Original words")
    url = reverse("chronology:edit", args=[police_return.pk, entry.pk])
    auditor, lead = client_for(world["auditor"]), client_for(world["lead"])
    assert "Original words" in text_of(auditor.get(url))
    response = lead.post(url, {**entry_data(), "event": "The lead's words", "version": 1})
    assert response.status_code == 302
    response = auditor.post(url, {**entry_data(), "event": "The auditor's words", "version": 1})
    assert response.status_code == 200
    text = text_of(response)
    assert "Someone else changed this entry while you were editing it, so nothing has been saved yet" in text
    assert "The lead's words" in text  # their version
    assert "The auditor's words" in text  # the typing, kept
    entry.refresh_from_db()
    assert entry.event == "The lead's words"
    # Saving again, knowingly, over their change.
    again = auditor.post(url, {**entry_data(), "event": "The auditor's words", "version": 2})
    assert again.status_code == 302
    entry.refresh_from_db()
    assert (entry.event, entry.version) == ("The auditor's words", 3)


def test_saving_again_after_a_conflict_never_puts_back_what_the_other_person_changed(world, client_for, police_return):
    """The auditor changes the source; the lead, on a page opened before, changes
    only the action taken. The lead's page then shows both changes, and saving
    it keeps both."""
    from maca.tests.page import Page

    entry = make_entry(police_return, date=dt.date(2025, 1, 3), event="Seen at the walk-in centre")
    url = reverse("chronology:edit", args=[police_return.pk, entry.pk])
    auditor, lead = client_for(world["auditor"]), client_for(world["lead"])
    opened = {name: Page(c.get(url).content.decode()) for name, c in (("auditor", auditor), ("lead", lead))}

    def as_opened(page, **changes):
        fields = ("date-day", "date-month", "date-year", "end_date-day", "end_date-month", "end_date-year")
        data = {name: page.value(name) or "" for name in (*fields, "event", "source", "action_taken")}
        data |= {"impact": next(iter(page.checked("impact")), ""), "version": page.value("version")}
        data["started"] = page.value("started")
        return data | changes

    assert auditor.post(url, as_opened(opened["auditor"], source="The health visitor's notes")).status_code == 302
    response = lead.post(url, as_opened(opened["lead"], action_taken="Strategy discussion held"))
    assert response.status_code == 200
    shown = Page(response.content.decode())
    assert shown.value("source") == "The health visitor's notes"  # theirs, untouched by the lead
    assert shown.value("action_taken") == "Strategy discussion held"  # the lead's, kept
    assert "You both changed" not in text_of(response)
    assert lead.post(url, as_opened(shown)).status_code == 302
    entry.refresh_from_db()
    assert (entry.source, entry.action_taken) == ("The health visitor's notes", "Strategy discussion held")


def test_an_entry_is_removed_after_confirmation(world, client_for, police_return):
    entry = make_entry(police_return, date=dt.date(2025, 1, 3), event="To be removed")
    url = reverse("chronology:remove", args=[police_return.pk, entry.pk])
    client = client_for(world["lead"])
    assert "Are you sure you want to remove this entry?" in text_of(client.get(url))
    response = client.post(url, {"version": 1})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.removed_by == world["lead"].user
    assert "To be removed" not in text_of(client.get(page_url(police_return)))
    assert client.get(url).status_code == 404


def test_removing_a_changed_entry_asks_again(world, client_for, police_return):
    entry = make_entry(police_return, date=dt.date(2025, 1, 3))
    # Someone else changes it first.
    chronology_entry_update(
        actor=world["auditor"].user,
        entry=entry,
        expected_version=entry.version,
        date=entry.date,
        end_date=None,
        event="Changed by someone else",
        source="",
        impact=entry.impact,
        action_taken="",
    )
    url = reverse("chronology:remove", args=[police_return.pk, entry.pk])
    response = client_for(world["lead"]).post(url, {"version": 1})
    assert response.status_code == 200
    assert "Someone else changed this entry" in text_of(response)
    assert ChronologyEntry.objects.current().filter(pk=entry.pk).exists()


def test_a_submitted_return_cannot_be_changed(world, client_for, police_return):
    entry = make_entry(police_return, date=dt.date(2025, 1, 3))
    move_return(police_return, world)
    client = client_for(world["lead"])
    # Their own agency's chronology: told why it cannot be changed, not that their role forbids it.
    for refused in (
        client.post(reverse("chronology:add", args=[police_return.pk]), entry_data()),
        client.post(reverse("chronology:upload", args=[police_return.pk]), {}),
        client.get(reverse("chronology:edit", args=[police_return.pk, entry.pk])),
        client.post(reverse("chronology:remove", args=[police_return.pk, entry.pk]), {"version": 1}),
    ):
        assert refused.status_code == 200
        assert "The chronology cannot be changed because the return has been submitted." in text_of(refused)
    page = client.get(page_url(police_return))
    assert page.status_code == 200
    assert "The chronology cannot be changed because the return has been submitted." in text_of(page)
    assert ChronologyEntry.objects.current().filter(return_record=police_return).count() == 1


def test_another_agency_s_return_is_not_found_before_the_meeting(world, client_for, health_return):
    entry = make_entry(health_return, date=dt.date(2025, 1, 3))
    client = client_for(world["auditor"])
    assert client.get(page_url(health_return)).status_code == 404
    assert client.get(reverse("chronology:edit", args=[health_return.pk, entry.pk])).status_code == 404
    assert client.post(reverse("chronology:add", args=[health_return.pk]), entry_data()).status_code == 404


def test_an_entry_of_another_return_is_not_found_through_this_one(world, client_for, police_return, health_return):
    entry = make_entry(health_return, date=dt.date(2025, 1, 3))
    url = reverse("chronology:edit", args=[police_return.pk, entry.pk])
    assert client_for(world["auditor"]).get(url).status_code == 404


# Uploading ----------------------------------------------------------------------------------


def upload(client, return_record, content: bytes, name="chronology.csv"):
    return client.post(
        reverse("chronology:upload", args=[return_record.pk]), {"file": SimpleUploadedFile(name, content)}
    )


def csv_bytes(rows, headings=HEADINGS) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headings)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def test_a_clean_file_is_added_from_the_page(world, client_for, police_return):
    client = client_for(world["auditor"])
    content = csv_bytes([["3/1/2025", "", "Seen", "", "pos", ""], ["4/1/2025", "", "Seen again", "", "neg", ""]])
    response = upload(client, police_return, content)
    assert response.status_code == 302
    assert "2 entries have been added to the chronology." in text_of(client.get(response["Location"]))
    assert ChronologyEntry.objects.filter(return_record=police_return).count() == 2


def test_a_workbook_is_added_from_the_page(world, client_for, police_return):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(HEADINGS)
    workbook.active.append([dt.datetime(2025, 1, 3), None, "Seen", None, "Neutral", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(client_for(world["auditor"]), police_return, buffer.getvalue(), name="chronology.xlsx")
    assert response.status_code == 302
    assert ChronologyEntry.objects.get(return_record=police_return).date == dt.date(2025, 1, 3)


def test_problems_with_a_file_are_listed_and_nothing_is_saved(world, client_for, police_return):
    content = csv_bytes([["3/1/2025", "", "Seen", "", "pos", ""], ["2025-13-01", "", "Seen", "", "neg", ""]])
    response = upload(client_for(world["auditor"]), police_return, content)
    assert response.status_code == 200
    text = text_of(response)
    assert "There is a problem" in text
    assert "Row 3, column ‘Date’: enter a real date" in text
    assert "Nothing from the file has been saved" in text
    assert not ChronologyEntry.objects.filter(return_record=police_return).exists()


def test_the_list_of_problems_stops_at_200_and_counts_the_rest(world, client_for, police_return):
    content = csv_bytes([["bad", "", "Seen", "", "pos", ""]] * 250)
    response = upload(client_for(world["auditor"]), police_return, content)
    text = text_of(response)
    assert text.count("column ‘Date’") == 200
    assert "Row 201, column ‘Date’" in text and "Row 202, column ‘Date’" not in text
    assert "And 50 more problems not listed here" in text
    assert "The file has 250 problems." in text


def test_the_wrong_kind_of_file_is_refused_on_the_page(world, client_for, police_return):
    response = upload(client_for(world["auditor"]), police_return, b"not a spreadsheet", name="notes.docx")
    assert "The selected file must be a CSV or an Excel workbook (.xlsx)" in text_of(response)
    response = client_for(world["auditor"]).post(reverse("chronology:upload", args=[police_return.pk]), {})
    assert "Select a CSV or Excel file" in text_of(response)


def test_the_template_can_be_downloaded_and_uploaded(world, client_for, police_return):
    client = client_for(world["auditor"])
    response = client.get(reverse("chronology:template"))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == ",".join(HEADINGS)
    assert len(lines) == 2
    assert upload(client, police_return, response.content).status_code == 302


# The integrated chronology ------------------------------------------------------------------


def scene(made, world, *, submitted: bool = True):
    """Police and care board entries: a cluster of referrals in March, then a
    long gap; both returns then submitted (``submitted``), as the integrated
    chronology shows submitted returns' entries only."""
    police, health = made.return_of(world.police), made.return_of(world.health)
    make_entry(police, date=dt.date(2025, 1, 3), event="Police attended a domestic incident")
    make_entry(health, date=dt.date(2025, 3, 1), event="Referral to children's social care by the GP")
    make_entry(police, date=dt.date(2025, 3, 10), event="Police referral after a second incident")
    make_entry(health, date=dt.date(2025, 3, 20), event="Request for support from the health visitor")
    make_entry(health, date=dt.date(2025, 9, 1), event="Seen at the paediatric clinic", impact=Impact.POSITIVE)
    if submitted:
        submit(police)
        submit(health)


def test_the_integrated_chronology_merges_agencies_with_gaps_and_clusters(world, client_for, made):
    scene(made, world)
    response = client_for(world["qa"]).get(integrated_url(made))
    assert response.status_code == 200
    text = text_of(response)
    order = [
        "Police attended a domestic incident",
        "Referral to children's social care by the GP",
        "Police referral after a second incident",
        "Request for support from the health visitor",
        "Seen at the paediatric clinic",
    ]
    table = text.index("Events in date order")  # the timeline above it names the events too
    positions = [text.index(event, table) for event in order]
    assert positions == sorted(positions)
    assert "Repeated referrals 3 events in 19 days, from 2 agencies" in text
    assert "No recorded event for 5 months (20 Mar 2025 to 1 Sep 2025)" in text
    assert "5 entries from 2 agencies" in text
    assert "Testshire Care Board" in text and "Testshire Police" in text
    event = AuditEvent.objects.get(action="chronology.viewed", object_type="selection.auditcase")
    assert event.changes == {"entries": 5}
    assert event.object_id == str(made.audit_case.pk)


def test_gap_and_cluster_lengths_can_be_chosen(world, client_for, made):
    scene(made, world)
    client = client_for(world["qa"])
    text = text_of(client.get(integrated_url(made, gap=30, cluster_days=7)))
    assert "No recorded event for 57 days (3 Jan 2025 to 1 Mar 2025)" in text
    assert "Repeated referrals" not in text
    # Anything not offered falls back to the defaults.
    text = text_of(client.get(integrated_url(made, gap=45, cluster_days="x")))
    assert "Gaps of more than 90 days and 3 or more events within 30 days" in text


def test_removed_entries_and_withdrawn_returns_are_left_out(world, client_for, made):
    police, health = made.return_of(world.police), made.return_of(world.health)
    make_entry(police, date=dt.date(2025, 1, 3), event="Current police entry")
    removed = make_entry(police, date=dt.date(2025, 1, 4), event="Removed police entry")
    chronology_entry_remove(actor=world["auditor"].user, entry=removed, expected_version=removed.version)
    make_entry(health, date=dt.date(2025, 1, 5), event="Withdrawn health entry")
    move_return(health, world, to=ReturnStatus.WITHDRAWN)
    submit(police)
    text = text_of(client_for(world["qa"]).get(integrated_url(made)))
    assert "Current police entry" in text
    assert "Removed police entry" not in text
    assert "Withdrawn health entry" not in text


def test_who_sees_which_agencies_entries(world, client_for, made):
    scene(made, world)
    url = integrated_url(made)
    for persona in ("qa", "admin", "scrutineer"):
        text = text_of(client_for(world[persona]).get(url))
        assert "Seen at the paediatric clinic" in text, persona
        assert "Police attended a domestic incident" in text, persona
    auditor = text_of(client_for(world["auditor"]).get(url))
    assert "Police attended a domestic incident" in auditor
    assert "Seen at the paediatric clinic" not in auditor
    assert "You can see your own agency’s entries only" in auditor
    assert client_for(world["outsider"]).get(url).status_code == 404
    assert client_for(world["board"]).get(url).status_code == 403


def test_at_the_meeting_the_agencies_involved_see_every_agency_s_entries(world, client_for, made):
    scene(made, world)
    move(made.audit, Stage.MEETING, world["qa"].user)
    text = text_of(client_for(world["auditor"]).get(integrated_url(made)))
    assert "Seen at the paediatric clinic" in text
    assert "You can see your own agency’s entries only" not in text


def test_a_case_not_assigned_to_the_agency_is_not_found(world, client_for):
    made = make_chronology_audit(world, agencies=[world.health])
    assert client_for(world["auditor"]).get(integrated_url(made)).status_code == 404


def test_a_scrutineer_sees_only_audits_they_scrutinise(world, client_for):
    made = make_chronology_audit(world, scrutinised=False)
    assert client_for(world["scrutineer"]).get(integrated_url(made)).status_code == 404


def test_the_case_must_belong_to_the_audit_in_the_address(world, client_for, made):
    other = make_chronology_audit(world)
    url = reverse("chronology:integrated", args=[other.audit.pk, made.audit_case.pk])
    assert client_for(world["qa"]).get(url).status_code == 404


def test_the_printable_version_has_no_forms(world, client_for, made):
    scene(made, world)
    client = client_for(world["qa"])
    screen = client.get(integrated_url(made)).content.decode()
    assert 'href="' + integrated_url(made) + "?gap=90&amp;cluster_days=30&amp;print=1" in screen
    assert "Print this chronology" in screen
    printable = client.get(integrated_url(made, gap=90, cluster_days=30, print=1)).content.decode()
    assert "<select" not in printable
    assert "Print this chronology" not in printable
    assert "use your browser’s print command" in printable
    assert 'class="maca-no-print"' in printable
    assert "Repeated referrals" in printable
    assert "javascript:" not in printable


def test_the_pages_make_the_same_number_of_queries_however_many_entries(world, client_for, made):
    police = made.return_of(world.police)
    client = client_for(world["auditor"])
    added = {"n": 0}

    def add_rows(count):
        start = dt.date(2020, 1, 1) + dt.timedelta(days=added["n"])
        make_entries(police, count, start=start)
        added["n"] += count

    assert_queries_do_not_grow(lambda: client.get(page_url(police)), add_rows)


def test_the_integrated_chronology_makes_the_same_number_of_queries_however_many_agencies(world, client_for, made):
    client = client_for(world["qa"])

    def add_rows(count):
        for agency in more_agencies(world, count):
            make_entries(add_agency(made, agency), 3, start=dt.date(2024, 1, 1))
        make_entries(made.return_of(world.police), count, start=dt.date(2023, 1, 1))

    assert_queries_do_not_grow(lambda: client.get(integrated_url(made)), add_rows)
    auditor = client_for(world["auditor"])
    assert_queries_do_not_grow(lambda: auditor.get(integrated_url(made)), add_rows)


def test_twelve_agencies_with_twenty_entries_each_are_all_shown(world, client_for, made):
    # How fast is measured by `make bench` (integrated_chronology), not by a timed test.
    agencies = [world.police, world.health, *more_agencies(world, 10)]
    for number, agency in enumerate(agencies):
        return_record = add_agency(made, agency)
        make_entries(return_record, 20, start=dt.date(2023, 1, 1) + dt.timedelta(days=number), every_days=11)
        submit(return_record)
    client = client_for(world["qa"])
    response = client.get(integrated_url(made))
    assert response.status_code == 200
    assert "240 entries from 12 agencies" in text_of(response)


def test_removing_from_an_out_of_date_page_asks_again(world, client_for, police_return):
    entry = make_entry(police_return, date=dt.date(2025, 1, 3))
    url = reverse("chronology:remove", args=[police_return.pk, entry.pk])
    response = client_for(world["lead"]).post(url, {})
    assert "The page was out of date. Check the entry and try again." in text_of(response)
    assert ChronologyEntry.objects.current().filter(pk=entry.pk).exists()


def test_changing_an_entry_removed_meanwhile_says_so_and_shows_what_was_typed(world, client_for, police_return):
    """The entry is removed on one page (or by someone else) while it is being
    changed on another: saving says it was removed, rather than "Page not
    found", and shows what was typed, to copy."""
    entry = make_entry(police_return, date=dt.date(2025, 1, 3), event="Seen at the walk-in centre")
    url = reverse("chronology:edit", args=[police_return.pk, entry.pk])
    auditor = client_for(world["auditor"])
    assert auditor.get(url).status_code == 200
    chronology_entry_remove(actor=world["lead"].user, entry=entry, expected_version=entry.version)
    response = auditor.post(url, {**entry_data(), "event": "Words typed before the removal", "version": 1})
    text = text_of(response)
    assert response.status_code == 200
    assert "This entry has been removed from the chronology" in text
    assert "Words typed before the removal" in text
    assert page_url(police_return) in response.content.decode()
    assert ChronologyEntry.objects.get(pk=entry.pk).event == "Seen at the walk-in centre"
    # Opened again (the browser's Back, say), it says the same.
    assert "This entry has been removed from the chronology" in text_of(auditor.get(url))


def test_a_change_made_on_another_page_by_the_same_person_is_told_as_theirs(world, client_for, police_return):
    """The auditor changes the entry in one tab, then saves it from a tab opened
    before: the page says they changed it on another page, not someone else."""
    entry = make_entry(police_return, date=dt.date(2025, 1, 3), event="Original words")
    url = reverse("chronology:edit", args=[police_return.pk, entry.pk])
    auditor = client_for(world["auditor"])
    assert auditor.post(url, {**entry_data(), "event": "First tab's words", "version": 1}).status_code == 302
    response = auditor.post(url, {**entry_data(), "event": "Second tab's words", "version": 1})
    text = text_of(response)
    assert "You changed this entry on another page" in text
    assert "Someone else" not in text
    assert "Second tab's words" in text
    # Another person's change is still told as someone else's.
    lead = client_for(world["lead"])
    response = lead.post(url, {**entry_data(), "event": "The lead's words", "version": 1})
    assert "Someone else changed this entry" in text_of(response)


def test_an_entry_removed_by_someone_else_after_the_persons_own_change_is_not_told_as_theirs(world, police_return):
    """Each move of an entry's version is one logged event, a removal too: an
    entry the auditor changed (version 2) and the lead then removed (version 3)
    was changed since version 2 by the lead, not by the auditor."""
    from maca.returns.chronology_selectors import entry_changed_since_by

    entry = make_entry(police_return, date=dt.date(2025, 1, 3), event="Original words")
    auditor, lead = world["auditor"].user, world["lead"].user
    entry = chronology_entry_update(
        actor=auditor,
        entry=entry,
        expected_version=1,
        date=entry.date,
        end_date=entry.end_date,
        event="Changed",
        source=entry.source,
        impact=entry.impact,
        action_taken=entry.action_taken,
    )
    removed = chronology_entry_remove(actor=lead, entry=entry, expected_version=entry.version)
    assert entry_changed_since_by(removed, 2) == {lead.pk}
    assert entry_changed_since_by(removed, 1) == {auditor.pk, lead.pk}
