"""What a walk of the agency return as its users found (December 2026): each
test is what a person saw, checked as they see it."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.urls import reverse

from maca.programme.models import Stage
from maca.returns.models import ChronologyEntry, Return, ReturnStatus
from maca.returns.services import return_review
from maca.returns.tests.builders import audit_with_returns
from maca.returns.tests.chronology_factories import make_chronology_audit, make_entry, move_return
from maca.selection.services import assignments_set
from maca.tests.page import words_shown


def text_of(response) -> str:
    return words_shown(response.content.decode())


def _title(response) -> str:
    return html.unescape(re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)).strip()


# The chronology of a return that has just been submitted ----------------------------------------


@pytest.fixture
def made(world):
    return make_chronology_audit(world)


def entry_data(**overrides):
    data = {
        "date-day": "4",
        "date-month": "3",
        "date-year": "2025",
        "end_date-day": "",
        "end_date-month": "",
        "end_date-year": "",
        "event": "Strategy meeting held",
        "source": "Case record",
        "impact": "negative",
        "action_taken": "",
    }
    return {**data, **overrides}


def test_an_auditor_adding_to_a_chronology_just_submitted_is_told_why_not_that_their_role_forbids_it(
    world, client_for, made
):
    """The auditor had the chronology open while their lead submitted the
    return: adding, changing or removing an entry said "Your role does not
    include this part of maca", which is not true and says nothing of why."""
    police_return = made.return_of(world.police)
    entry = make_entry(police_return, date=dt.date(2025, 1, 3))
    move_return(police_return, world)
    auditor = client_for(world["auditor"])
    for response in (
        auditor.post(reverse("chronology:add", args=[police_return.pk]), entry_data()),
        auditor.get(reverse("chronology:edit", args=[police_return.pk, entry.pk])),
        auditor.post(reverse("chronology:remove", args=[police_return.pk, entry.pk]), {"version": entry.version}),
    ):
        text = text_of(response)
        assert "Your role does not include" not in text
        assert "You cannot change this chronology" in text
        assert "The chronology cannot be changed because the return has been submitted." in text
        assert "Go to the chronology" in text
    assert ChronologyEntry.objects.current().filter(return_record=police_return).count() == 1


def test_another_agency_s_chronology_is_still_refused_without_reasons(world, client_for):
    made = make_chronology_audit(world, stage=Stage.MEETING)
    health_return = made.return_of(world.health)
    response = client_for(world["auditor"]).post(reverse("chronology:add", args=[health_return.pk]), entry_data())
    assert response.status_code == 403
    assert "You cannot change this chronology" not in text_of(response)


# The reason a return was sent back ---------------------------------------------------------------


def test_a_return_brought_back_after_being_taken_off_the_case_still_says_why_it_was_sent_back(world, client_for):
    """Sent back, then its agency taken off the case and ticked again: the
    banner named the QA officer's ticking as the send-back, with maca's words
    "The agency is auditing this case again." instead of the QA officer's."""
    audit = audit_with_returns(world, cases=1, agencies=[world.police, world.health])
    police_return = Return.objects.get(audit=audit, agency=world.police)
    submitted = move_return(police_return, world)
    qa = world["qa"]
    return_review(
        actor=qa.user,
        membership=qa.membership,
        return_record=submitted,
        accept=False,
        comment="Say whether the child was seen alone.",
        expected_version=submitted.version,
    )
    audit_case = police_return.audit_case
    # Taken off the case (the QA officer confirms: the return has answers), then ticked again.
    assignments_set(
        actor=qa.user, audit_case=audit_case, agencies=[world.health], confirmed_agency_ids={world.police.pk}
    )
    assignments_set(actor=qa.user, audit_case=audit_case, agencies=[world.health, world.police])
    police_return.refresh_from_db()
    assert police_return.status == ReturnStatus.RETURNED
    lead = client_for(world["lead"])
    for url in (
        reverse("returns:detail", args=[police_return.pk]),
        reverse("returns:edit", args=[police_return.pk]),
        reverse("returns:check", args=[police_return.pk]),
    ):
        text = text_of(lead.get(url))
        assert "Say whether the child was seen alone." in text
        assert "auditing this case again" not in text.split("Sent back", 1)[1].split("Change the answers", 1)[0]
    home = text_of(lead.get(reverse("home:index")))
    assert "comment: Say whether the child was seen alone." in home


# Words ------------------------------------------------------------------------------------------


def test_a_return_says_its_deadline_as_gov_uk_writes_dates(world, client_for):
    audit = audit_with_returns(world, cases=1)
    audit.return_deadline = dt.date(2026, 12, 3)
    audit.save(update_fields=["return_deadline"])
    police_return = Return.objects.get(audit=audit, agency=world.police)
    text = text_of(client_for(world["auditor"]).get(reverse("returns:detail", args=[police_return.pk])))
    assert "Return by 3 December 2026" in text


def test_the_agency_s_list_of_returns_is_named_with_a_curly_apostrophe(world, client_for):
    audit_with_returns(world, cases=1)
    page = html.unescape(client_for(world["lead"]).get(reverse("returns:mine")).content.decode())
    assert "Your agency's returns" not in page
    assert "Your agency’s returns" in page


def test_the_page_comparing_two_people_s_answers_names_the_return_in_its_title(world, client_for):
    audit = audit_with_returns(world, cases=1)
    police_return = Return.objects.get(audit=audit, agency=world.police)
    url = reverse("returns:section", args=[police_return.pk, 1])
    lead, auditor = client_for(world["lead"]), client_for(world["auditor"])
    lead.post(url, {"version": police_return.version, "info_grade": "good"})
    response = auditor.post(url, {"version": police_return.version, "info_grade": "inadequate"})
    assert "Combine your changes with theirs" in text_of(response)
    assert _title(response) == f"Error: Combine your changes with theirs – {police_return.page_title} – maca"


def test_a_chronology_entry_changed_meanwhile_heads_its_page_before_the_entry_as_it_is_now(world, client_for, made):
    police_return = made.return_of(world.police)
    entry = make_entry(police_return, date=dt.date(2025, 1, 3))
    url = reverse("chronology:edit", args=[police_return.pk, entry.pk])
    data = entry_data(**{"date-day": "3", "date-month": "1", "version": entry.version})
    client_for(world["lead"]).post(url, {**data, "source": "Lead's change"})
    page = client_for(world["auditor"]).post(url, {**data, "action_taken": "Auditor's change"}).content.decode()
    assert "The entry as it is now" in page
    headings = [text.strip() for _level, text in re.findall(r"<h([12])[^>]*>(.*?)</h\1>", page, re.S)]
    # The error summary first (its own heading), then the page's heading, then the rest.
    assert headings[:4] == [
        "Someone else changed this entry",
        "Change an entry",
        "The entry as it is now",
        "Your changes",
    ]


def test_removing_an_entry_changed_meanwhile_says_what_happened_in_words(world, client_for, made):
    """The page said "True" under "Someone else changed this entry"."""
    police_return = made.return_of(world.police)
    entry = make_entry(police_return, date=dt.date(2025, 1, 3))
    edit = reverse("chronology:edit", args=[police_return.pk, entry.pk])
    data = entry_data(**{"date-day": "3", "date-month": "1", "version": entry.version})
    client_for(world["lead"]).post(edit, {**data, "source": "Changed by the lead"})
    url = reverse("chronology:remove", args=[police_return.pk, entry.pk])
    response = client_for(world["auditor"]).post(url, {"version": entry.version})
    summary = text_of(response).split("Someone else changed this entry", 1)[1].split("Are you sure", 1)[0]
    assert "True" not in summary
    assert "nothing has been removed" in summary
    assert "Changed by the lead" in text_of(response)
    assert ChronologyEntry.objects.current().filter(pk=entry.pk).exists()


def _two_text_questions(partnership):
    from maca.tools import services
    from maca.tools.models import QuestionKind

    tool = services.tool_create(actor=None, partnership=partnership, name="Two texts", kind="case")
    version = tool.versions.get()
    section = services.section_add(actor=None, version=version, title="In your words", expected_version=version.version)
    for key, text in (("strengths", "What is working well?"), ("worries", "What are we worried about?")):
        version.refresh_from_db()
        services.question_add(
            actor=None,
            section=section,
            expected_version=version.version,
            key=key,
            text=text,
            kind=QuestionKind.TEXT,
            required=False,
            max_length=100,
        )
    version.refresh_from_db()
    return services.version_publish(actor=None, version=version, expected_version=version.version)


def test_two_answers_too_long_are_told_apart_in_the_error_summary(world, client_for):
    """Both said "Keep this to 100 characters or fewer": two identical lines."""
    audit = audit_with_returns(world, cases=1)
    police_return = Return.objects.get(audit=audit, agency=world.police)
    police_return.tool_version = _two_text_questions(world.partnership)
    police_return.save(update_fields=["tool_version"])
    response = client_for(world["auditor"]).post(
        reverse("returns:section", args=[police_return.pk, 1]),
        {"version": police_return.version, "strengths": "x" * 101, "worries": "y" * 101},
    )
    summary = text_of(response).split("There is a problem", 1)[1]
    assert "‘What is working well?’ must be 100 characters or fewer" in summary
    assert "‘What are we worried about?’ must be 100 characters or fewer" in summary
    police_return.refresh_from_db()
    assert police_return.answers == {}


def test_the_same_person_in_two_tabs_is_not_called_someone_else(world, client_for):
    audit = audit_with_returns(world, cases=1)
    police_return = Return.objects.get(audit=audit, agency=world.police)
    url = reverse("returns:section", args=[police_return.pk, 1])
    lead = client_for(world["lead"])
    # Two tabs opened on the same version; the first saves, then the second.
    lead.post(url, {"version": police_return.version, "info_grade": "good"})
    response = lead.post(url, {"version": police_return.version, "info_grade": "inadequate"})
    text = text_of(response)
    assert "You changed this return on another page while editing it here" in text
    assert "Combine your changes from both pages" in text
    assert "Keep the saved answer: Good" in text and "Use this page’s answer: Inadequate" in text
    assert "Someone else" not in text and "Lena Lead saved" not in text
    assert _title(response) == f"Error: Combine your changes from both pages – {police_return.page_title} – maca"


def test_the_response_grid_says_returns_in_as_the_home_page_does(world, client_for):
    audit = audit_with_returns(world, cases=1)
    text = text_of(client_for(world["qa"]).get(reverse("returns:tracking", args=[audit.pk])))
    assert "0 of 2 returns in (0%)." in text and "returns submitted." not in text
