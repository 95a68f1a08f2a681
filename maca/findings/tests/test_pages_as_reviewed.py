"""What a walk through the meeting pages as each role found, each kept fixed:
the figure, words or error a person sees after doing what they did."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.findings import services
from maca.findings.models import Finding, MeetingAttendance, Recommendation
from maca.findings.recommendation_services import recommendations_propose
from maca.findings.suggesting import as_stored, suggest_for
from maca.findings.tests.recurrence_builders import meeting_audit
from maca.findings.tests.test_pages import page_of, text_of
from maca.returns.models import Return
from maca.tests.page import Page

pytestmark = pytest.mark.django_db


def _cases_row(page: str, number: int) -> str:
    """The row of the meeting page's cases table for case ``number``."""
    table = page[page.index("<caption") : page.index("</table>")]
    start = table.index(f">Case {number}</a>")
    return table[start : table.index("</tr>", start)]


def test_the_meeting_page_counts_each_cases_immediate_concerns(world, audit, qa):
    case = audit.audit_cases.order_by("number").first()
    services.concern_raise(
        actor=world["qa"].user, audit_case=case, agency=world.police, what_was_found="Children left alone overnight."
    )
    row = _cases_row(text_of(qa.get(reverse("findings:meeting", args=[audit.pk]))), case.number)
    assert row.rstrip().endswith(">1</td>"), row


def test_a_finding_taken_from_a_return_keeps_its_source_when_its_agency_changes(world, audit, qa):
    case = audit.audit_cases.order_by("number").first()
    return_record = Return.objects.get(audit_case=case, agency=world.police)
    qa.post(reverse("findings:take", args=[audit.pk, case.pk]), {"return": return_record.pk, "key": "worried"})
    finding = Finding.objects.get()
    url = reverse("findings:finding_edit", args=[audit.pk, finding.pk])
    shown = page_of(qa, url)
    response = qa.post(
        url,
        {"version": shown.value("version"), "kind": "finding", "agency": str(world.health.pk), "text": finding.text},
    )
    assert response.status_code == 302
    finding_page = text_of(qa.get(reverse("findings:finding", args=[audit.pk, finding.pk])))
    case_page = text_of(qa.get(reverse("findings:case", args=[audit.pk, case.pk])))
    for page in (finding_page, case_page):
        assert f"From {world.police.name}’s return" in page
        assert f"From {world.health.name}’s return" not in page


def test_names_typed_for_an_agency_whose_attendance_is_not_chosen_are_not_thrown_away(world, audit, qa):
    url = reverse("findings:attendance", args=[audit.pk])
    shown = page_of(qa, url)
    police = world.police.pk
    page = text_of(
        qa.post(url, {"version": shown.value("version"), f"status_{police}": "", f"people_{police}": "A sergeant"})
    )
    assert "govuk-error-summary" in page
    assert f"Select whether {world.police.name} attended, sent apologies or did not attend, or remove the names" in page
    assert 'value="A sergeant"' in page or ">A sergeant<" in page  # kept in the box to correct
    assert not MeetingAttendance.objects.exists()


def test_good_practice_cannot_be_recorded_as_a_concern(world, audit, qa):
    case = audit.audit_cases.order_by("number").first()
    url = reverse("findings:finding_new", args=[audit.pk, case.pk])
    page = text_of(
        qa.post(url, {"kind": "good_practice", "polarity": "concern", "text": "A joint visit the same day."})
    )
    assert "govuk-error-summary" in page and "Good practice resulting from the audit is a strength" in page
    assert not Finding.objects.exists()
    # Left for maca to suggest, good practice is a strength whatever the words.
    response = qa.post(url, {"kind": "good_practice", "polarity": "", "text": "Nobody missed the core group."})
    assert response.status_code == 302
    assert Finding.objects.get().polarity == "strength"


@pytest.mark.parametrize(
    ("year", "said"),
    [
        ("1900", "The date of the meeting must be between 1 April"),
        # Past the audit's years and still to come: the meeting cannot have been held yet.
        ("2100", "The date the meeting was held must be today or in the past"),
    ],
)
def test_a_meeting_dated_outside_the_audits_years_is_refused(audit, qa, year, said):
    url = reverse("findings:meeting_edit", args=[audit.pk])
    shown = page_of(qa, url)
    data = {"version": shown.value("version"), "held_on-day": "1", "held_on-month": "1", "held_on-year": year}
    page = text_of(qa.post(url, data))
    assert "govuk-error-summary" in page and said in page
    assert "held_on" in page[page.index("govuk-error-summary") :][:2000]  # the summary links to the date
    again = text_of(qa.get(reverse("findings:meeting", args=[audit.pk])))
    assert f"January {year}" not in again


def test_feedback_dated_before_the_meeting_is_refused(world, audit, qa, client_for):
    services.meeting_save(
        actor=world["qa"].user,
        audit=audit,
        held_on=audit.planned_meeting_date,
        returns_quality="",
        attendance_judgement="",
        notes="",
        expected_version=None,
    )
    lead = client_for(world["lead"])
    assignment = world.police.assignments.filter(audit_case__audit=audit).first()
    url = reverse("findings:feedback_new", args=[assignment.pk])
    data = {"what_was_fed_back": "Seeing fathers.", "given_on-day": "1", "given_on-month": "1", "given_on-year": "1900"}
    page = text_of(lead.post(url, data))
    held = f"{audit.planned_meeting_date:%-d %B %Y}"
    assert "govuk-error-summary" in page and f"Feedback is given after the meeting on {held}" in page
    assert not assignment.audit_case.practitioner_feedback.exists()


def test_line_breaks_typed_in_the_meeting_record_are_kept_on_the_page(audit, qa):
    url = reverse("findings:meeting_edit", args=[audit.pk])
    shown = page_of(qa, url)
    qa.post(
        url,
        {
            "version": shown.value("version"),
            "held_on-day": "6",
            "held_on-month": "11",
            "held_on-year": "2026",
            "returns_quality": "First paragraph.\r\n\r\nSecond paragraph.",
            "attendance_judgement": "",
            "notes": "",
        },
    )
    page = text_of(qa.get(reverse("findings:meeting", args=[audit.pk])))
    assert '<p class="govuk-body govuk-!-margin-bottom-2">First paragraph.</p>' in page
    assert '<p class="govuk-body govuk-!-margin-bottom-2">Second paragraph.</p>' in page


def test_too_long_a_text_gets_a_message_naming_it_not_djangos(audit, qa):
    case = audit.audit_cases.order_by("number").first()
    url = reverse("findings:discussion", args=[audit.pk, case.pk])
    shown = page_of(qa, url)
    page = text_of(qa.post(url, {"version": shown.value("version"), "notes": "x" * 5001, "agreed_grade": "99"}))
    assert "The notes must be 5,000 characters or fewer" in page
    assert "Select a grade from the list" in page
    assert "Ensure this value" not in page and "is not one of the available choices" not in page


def test_a_recommendation_saved_by_someone_else_can_be_saved_over_knowingly(world, qa, client_for):
    audit = meeting_audit(world.partnership)
    item = recommendations_propose(actor=world["qa"].user, audit=audit)[0]
    url = reverse("findings:recommendation", args=[item.pk])
    stale = page_of(qa, url).value("version")
    client_for(world["admin"]).post(url, {"version": stale, "text": "Their words.", "save": "1"})
    page = text_of(qa.post(url, {"version": stale, "text": "My words.", "save": "1"}))
    assert "Someone else changed this recommendation while you were editing it" in page
    assert "What is saved now" in page and "Their words." in page
    retried = Page(page)
    assert retried.value("version") != stale
    response = qa.post(url, {"version": retried.value("version"), "text": "My words.", "save": "1"})
    assert response.status_code == 302
    assert Recommendation.objects.get(pk=item.pk).text == "My words."
    assert "My words." in text_of(qa.get(url))


def test_the_scrutineer_is_not_linked_to_a_concern_they_cannot_open(world, audit, client_for):
    case = audit.audit_cases.order_by("number").first()
    concern = services.concern_raise(
        actor=world["qa"].user, audit_case=case, agency=world.police, what_was_found="Children left alone overnight."
    )
    audit.scrutineers.add(world["scrutineer"].user)
    scrutineer = client_for(world["scrutineer"])
    page = text_of(scrutineer.get(reverse("findings:meeting", args=[audit.pk])))
    link = reverse("findings:concern", args=[concern.pk])
    assert "Immediate concerns" in page and link not in page
    assert scrutineer.get(link).status_code == 403
    assert link in text_of(client_for(world["qa"]).get(reverse("findings:meeting", args=[audit.pk])))


def test_each_reason_is_said_once_and_a_finding_is_not_its_own_example(world, audit):
    case = audit.audit_cases.order_by("number").first()
    qa = world["qa"].user
    finding = services.finding_create(
        actor=qa, audit=audit, audit_case=case, text="The health visitor did not see the baby at the health review."
    )
    for theme in finding.suggestions:
        assert all(theme["reasons"].count(reason) == 1 for reason in theme["reasons"])
    health = next(s for s in finding.suggestions if s["theme"] == "health")
    assert {"kind": "words", "evidence": "health visitor"} in health["reasons"]
    assert {"kind": "words", "evidence": "health"} not in health["reasons"]  # inside 'health visitor'
    services.finding_confirm_tags(
        actor=qa, finding=finding, polarity="concern", theme_keys=["health"], expected_version=finding.version
    )
    finding.refresh_from_db()
    services.finding_update(
        actor=qa,
        finding=finding,
        text="The health visitor did not see the baby at the twelve-month review.",
        kind="finding",
        agency=None,
        expected_version=finding.version,
    )
    finding.refresh_from_db()
    quoted = [r for s in finding.suggestions for r in s["reasons"]]
    assert not any(r["kind"] == "example" and r["evidence"].startswith("The health visitor did not") for r in quoted)
    # Another finding in the same words does learn from it.
    other = as_stored(suggest_for(audit.partnership, "The health visitor did not see the baby at the health review."))
    assert any(r["kind"] == "example" for s in other for r in s["reasons"])


def test_while_typing_the_polarity_chosen_is_shown_not_macas_guess(audit, qa):
    url = reverse("findings:suggest", args=[audit.pk])
    text = "Fathers were never invited to the core group."
    assert "A concern: " in text_of(qa.post(url, {"text": text}))
    page = text_of(qa.post(url, {"text": text, "polarity": "strength", "kind": "finding"}))
    assert "A strength, as you chose." in page and "A concern" not in page
    page = text_of(qa.post(url, {"text": text, "polarity": "", "kind": "good_practice"}))
    assert "A strength: good practice resulting from the audit is always a strength." in page
