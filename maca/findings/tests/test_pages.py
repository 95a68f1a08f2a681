"""The meeting pages as people use them: after each save the page is opened
again and shows what was saved."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from maca.findings.models import Finding, FindingTag, ImmediateConcern, Theme
from maca.findings.tests.builders import WORRY
from maca.notifications.models import OutgoingEmail
from maca.returns.models import Return
from maca.tests.page import Page, words_shown

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return html.unescape(response.content.decode())


def page_of(client, url) -> Page:
    response = client.get(url)
    assert response.status_code == 200
    return Page(response.content.decode())


def test_the_meeting_date_and_judgement_are_saved_and_shown(audit, qa):
    url = reverse("findings:meeting_edit", args=[audit.pk])
    shown = page_of(qa, url)
    assert shown.value("held_on-day") == "5"  # the planned date to start from
    response = qa.post(
        url,
        {
            "version": shown.value("version"),
            "held_on-day": "6",
            "held_on-month": "11",
            "held_on-year": "2026",
            "returns_quality": "Returns were on time and evidenced.",
            "attendance_judgement": "Health sent apologies.",
            "notes": "",
        },
    )
    assert response.status_code == 302
    page = text_of(qa.get(reverse("findings:meeting", args=[audit.pk])))
    assert "6 November 2026" in page and "Returns were on time and evidenced." in page
    again = page_of(qa, url)
    assert (again.value("held_on-day"), again.value("returns_quality")) == ("6", "Returns were on time and evidenced.")


def test_bad_meeting_input_gets_an_error_summary_and_nothing_is_saved(audit, qa):
    url = reverse("findings:meeting_edit", args=[audit.pk])
    response = qa.post(url, {"version": "0", "held_on-day": "31", "held_on-month": "2", "held_on-year": "2026"})
    page = text_of(response)
    assert "govuk-error-summary" in page and "Date of the meeting must be a real date" in page
    assert not audit.meeting if hasattr(audit, "meeting") else True


def test_attendance_is_recorded_by_agency(world, audit, qa):
    url = reverse("findings:attendance", args=[audit.pk])
    shown = page_of(qa, url)
    police, health = world.police.pk, world.health.pk
    response = qa.post(
        url,
        {
            "version": shown.value("version"),
            f"status_{police}": "attended",
            f"people_{police}": "Detective sergeant, public protection",
            f"status_{health}": "apologies",
            f"people_{health}": "",
        },
    )
    assert response.status_code == 302
    again = page_of(qa, url)
    assert again.checked(f"status_{police}") == {"attended"}
    assert again.checked(f"status_{health}") == {"apologies"}
    assert again.value(f"people_{police}") == "Detective sergeant, public protection"
    page = text_of(qa.get(reverse("findings:meeting", args=[audit.pk])))
    assert "Sent apologies" in page


def test_the_agreed_grade_of_a_case(audit, qa):
    case = audit.audit_cases.order_by("number").first()
    url = reverse("findings:discussion", args=[audit.pk, case.pk])
    shown = page_of(qa, url)
    assert "good" in {i.get("value") for i in shown.inputs("agreed_grade")}
    response = qa.post(
        url, {"version": shown.value("version"), "notes": "Good multi-agency work.", "agreed_grade": "good"}
    )
    assert response.status_code == 302
    assert page_of(qa, url).checked("agreed_grade") == {"good"}
    case_page = text_of(qa.get(reverse("findings:case", args=[audit.pk, case.pk])))
    assert "Good multi-agency work." in case_page
    meeting_page = text_of(qa.get(reverse("findings:meeting", args=[audit.pk])))
    assert "Good" in meeting_page


def test_one_click_from_a_return_then_accept_or_correct_the_themes(world, audit, qa):
    case = audit.audit_cases.order_by("number").first()
    case_url = reverse("findings:case", args=[audit.pk, case.pk])
    page = text_of(qa.get(case_url))
    assert WORRY in page and "Add as a concern" in page
    return_record = Return.objects.get(audit_case=case, agency=world.police)
    response = qa.post(
        reverse("findings:take", args=[audit.pk, case.pk]), {"return": return_record.pk, "key": "worried"}
    )
    finding = Finding.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "findings:finding", args=[audit.pk, finding.pk]
    )
    tags_page = page_of(qa, response["Location"])
    suggested = {s["theme"] for s in finding.suggestions}
    assert "think_family" in suggested
    assert tags_page.checked("themes") == suggested  # suggestions start ticked, to accept or untick
    assert tags_page.checked("polarity") == {"concern"}
    assert "Suggested by maca: " in text_of(qa.get(response["Location"]))
    # Correct them: keep think_family, reject the rest, add voice of the child.
    chosen = {"think_family", "voice_of_child"}
    response = qa.post(
        response["Location"], {"version": tags_page.value("version"), "polarity": "concern", "themes": sorted(chosen)}
    )
    assert response.status_code == 302
    again = page_of(qa, reverse("findings:finding", args=[audit.pk, finding.pk]))
    assert again.checked("themes") == chosen
    assert set(FindingTag.objects.filter(finding=finding).values_list("theme__key", flat=True)) == chosen
    page = text_of(qa.get(case_url))
    assert "Added" in page and "Fathers" in page
    assert "Think family, Voice of the child" in page or "Voice of the child, Think family" in page


def test_a_finding_written_at_the_meeting_with_a_bad_form(world, audit, qa):
    case = audit.audit_cases.order_by("number").first()
    url = reverse("findings:finding_new", args=[audit.pk, case.pk])
    page = text_of(qa.post(url, {"kind": "finding", "text": ""}))
    assert "govuk-error-summary" in page and "Enter the strength or finding" in page
    assert not Finding.objects.exists()
    response = qa.post(
        url,
        {
            "kind": "good_practice",
            "polarity": "",
            "agency": str(world.police.pk),
            "text": "A strategy meeting was held the same day.",
        },
    )
    assert response.status_code == 302
    finding = Finding.objects.get()
    assert finding.kind == "good_practice" and finding.agency == world.police


def test_themes_are_renamed_added_and_retired(world, qa):
    theme = Theme.objects.get(partnership=world.partnership, key="housing")
    url = reverse("findings:theme_edit", args=[theme.pk])
    shown = page_of(qa, url)
    response = qa.post(
        url,
        {
            "version": shown.value("version"),
            "name": "Homes and housing",
            "description": "Where families live.",
            "is_retired": "on",
        },
    )
    assert response.status_code == 302
    again = page_of(qa, url)
    assert again.value("name") == "Homes and housing" and again.checked("is_retired") == {"on"}
    response = qa.post(reverse("findings:theme_new"), {"name": "Think family", "description": ""})
    assert "There is already a theme with this name" in text_of(response)
    response = qa.post(reverse("findings:theme_new"), {"name": "Transitions", "description": ""})
    assert response.status_code == 302
    page = text_of(qa.get(reverse("findings:themes")))
    assert "Homes and housing" in page and "Transitions" in page and "Retired" in page


def test_an_immediate_concern_reaches_the_agency_lead_at_once(world, audit, qa, client_for):
    case = audit.audit_cases.order_by("number").first()
    url = reverse("findings:concern_new", args=[audit.pk, case.pk])
    shown = page_of(qa, url)
    assert shown.input_types("agency") == {"radio"}
    response = qa.post(url, {"agency": str(world.police.pk), "what_was_found": "Young children left alone overnight."})
    concern = ImmediateConcern.objects.get()
    assert response.status_code == 302
    assert OutgoingEmail.objects.filter(kind="immediate_concern", to=world["lead"].user.email).exists()
    lead = client_for(world["lead"])
    home = text_of(lead.get(reverse("home:index")))
    assert "Immediate safeguarding concerns" in home and f"Case {case.number}" in home
    concern_url = reverse("findings:concern", args=[concern.pk])
    shown = page_of(lead, concern_url)
    response = lead.post(
        concern_url, {"version": shown.value("version"), "acknowledgement": "Referred to children's social care."}
    )
    assert response.status_code == 302
    page = words_shown(lead.get(concern_url).content.decode())
    assert "Referred to children's social care." in page
    assert re.search(r"Status Acknowledged by Lena Lead, \d{1,2} \w+ \d{4} at \d{1,2}:\d\d[ap]m", page)
    listing = words_shown(qa.get(reverse("findings:concerns")).content.decode())
    assert "Acknowledged by Lena Lead" in listing
    other = client_for(world["health_lead"])
    assert other.get(concern_url).status_code == 404


def test_the_agency_lead_records_feedback_to_practitioners(world, audit, client_for):
    lead = client_for(world["lead"])
    page = text_of(lead.get(reverse("findings:feedback_cases")))
    assert "Not recorded yet" in page
    assignment = world.police.assignments.filter(audit_case__audit=audit).order_by("audit_case__number").first()
    url = reverse("findings:feedback_new", args=[assignment.pk])
    response = lead.post(
        url,
        {
            "what_was_fed_back": "Seeing fathers.",
            "given_to": "The team",
            "given_on-day": "20",
            "given_on-month": "11",
            "given_on-year": "2026",
        },
    )
    assert response.status_code == 302
    page = text_of(lead.get(url))
    assert "Seeing fathers." in page and "20 November 2026" in page


def test_the_board_sees_confirmed_findings_by_case_number_only(world, audit, qa, client_for):
    case = audit.audit_cases.order_by("number").first()
    return_record = Return.objects.get(audit_case=case, agency=world.police)
    qa.post(reverse("findings:take", args=[audit.pk, case.pk]), {"return": return_record.pk, "key": "worried"})
    board = client_for(world["board"])
    url = reverse("findings:audit_findings", args=[audit.pk])
    assert "No findings have been confirmed yet" in text_of(board.get(url))
    finding = Finding.objects.get()
    qa.post(
        reverse("findings:finding", args=[audit.pk, finding.pk]),
        {"version": finding.version, "polarity": "concern", "themes": ["think_family"]},
    )
    page = text_of(board.get(url))
    assert WORRY in page and f"Case {case.number}" in page and case.case.reference not in page


def test_suggestions_while_typing_store_nothing(audit, qa):
    url = reverse("findings:suggest", args=[audit.pk])
    page = text_of(qa.post(url, {"text": "Fathers were never invited to the core group."}))
    assert "Think family" in page and "the words" in page and "A concern" in page
    assert "As you type" in text_of(qa.post(url, {"text": "Fathers"}))
    assert not Finding.objects.exists()


def test_a_theme_implied_rather_than_named_is_suggested_with_the_statement_it_is_alike_to(audit, qa):
    url = reverse("findings:suggest", args=[audit.pk])
    text = (
        "The pupil regularly arrived at school hungry and unkempt, and teachers quietly fed him without telling anyone."
    )
    page = text_of(qa.post(url, {"text": text}))
    assert "<strong>Education</strong>: the word ‘pupil’" in page
    assert "<strong>Neglect</strong>: alike in meaning to statements on this theme, such as ‘" in page
    assert "% alike)" in page


def test_a_stale_tags_form_is_refused_and_nothing_is_overwritten(world, audit, qa):
    case = audit.audit_cases.order_by("number").first()
    return_record = Return.objects.get(audit_case=case, agency=world.police)
    qa.post(reverse("findings:take", args=[audit.pk, case.pk]), {"return": return_record.pk, "key": "worried"})
    finding = Finding.objects.get()
    url = reverse("findings:finding", args=[audit.pk, finding.pk])
    stale = page_of(qa, url).value("version")
    qa.post(url, {"version": stale, "polarity": "concern", "themes": ["think_family"]})
    response = qa.post(url, {"version": stale, "polarity": "strength", "themes": ["housing"]})
    page = text_of(response)
    # The same person saved both (two tabs): said to be theirs (ADR 0027).
    assert "You changed this finding’s themes on another page" in page
    finding.refresh_from_db()
    assert finding.polarity == "concern"
    assert set(FindingTag.objects.filter(finding=finding).values_list("theme__key", flat=True)) == {"think_family"}
    assert page_of(qa, url).checked("themes") == {"think_family"}


def test_feedback_cannot_be_dated_in_the_future(world, audit, client_for):
    lead = client_for(world["lead"])
    assignment = world.police.assignments.filter(audit_case__audit=audit).first()
    url = reverse("findings:feedback_new", args=[assignment.pk])
    page = text_of(
        lead.post(
            url,
            {"what_was_fed_back": "x", "given_on-day": "1", "given_on-month": "1", "given_on-year": "2099"},
        )
    )
    assert "govuk-error-summary" in page and "must be today or in the past" in page
    assert not assignment.audit_case.practitioner_feedback.exists()


@pytest.mark.parametrize("value", ["", "not-a-number", "999999"])
def test_taking_from_a_return_that_is_not_the_cases_is_not_found(audit, qa, value):
    case = audit.audit_cases.order_by("number").first()
    response = qa.post(reverse("findings:take", args=[audit.pk, case.pk]), {"return": value, "key": "worried"})
    assert response.status_code == 404
    assert not Finding.objects.exists()


def test_a_closed_audit_without_attendance_says_none_was_recorded_not_yet(world, client_for):
    from maca.findings.tests.past_audits import past_audit
    from maca.findings.tests.recurrence_builders import imported

    audit = imported(world.partnership, past_audit())
    words = words_shown(client_for(world["qa"]).get(reverse("findings:meeting", args=[audit.pk])).content.decode())
    assert "No attendance was recorded." in words and "recorded yet" not in words
