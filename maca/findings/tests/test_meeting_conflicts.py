"""Two people recording the meeting at once: whoever saves second loses
nothing they typed (ADR 0027). Each test reads the pages as the second
person sees them after saving, then saves again and opens the pages anew."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from maca.findings.models import Finding
from maca.returns.models import Return
from maca.tests.forms_shown import fields_shown
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db

FIRST = "The school saw the child every day.\n\nThe health visitor did not know about the move."
SECOND = "Police and health shared information late.\n\nNobody spoke to the child alone."


@pytest.fixture
def people(world, client_for):
    """The QA officer (saves first) and the admin (on a page opened before)."""
    return client_for(world["qa"]), client_for(world["admin"])


def _body(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _as_shown(shown) -> dict:
    """What submitting the form as the page shows it sends."""
    data = {}
    for name, field in shown.items():
        if field.kind == "checkbox":
            data[name] = field.chosen
        elif field.chosen:
            data[name] = field.chosen[0]
    return data


def _saved_meanwhile(body: str, name: str) -> str | None:
    """The words of the note under field ``name`` saying what someone else
    saved meanwhile, with its line breaks; None when the page has none."""
    found = re.search(rf'id="id_{name}-saved-meanwhile">(.*?)</div>', body, re.S)
    if found is None:
        return None
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip()


def _told_as_an_error(body: str, title: str) -> None:
    """The conflict is told as every form's conflict is: the page's title
    starts "Error:", and an error summary headed ``title`` comes first."""
    assert re.search(r"<title>\s*Error: ", body), "the page title does not say Error:"
    summary = re.search(r'<div class="govuk-error-summary".*?</h2>', body, re.S)
    assert summary is not None and title in html.unescape(summary.group(0))
    assert "govuk-notification-banner" not in body


# The discussion of a case ------------------------------------------------------------------------


def _discussion_url(audit):
    return reverse("findings:discussion", args=[audit.pk, audit.audit_cases.order_by("number").first().pk])


def test_both_changed_the_discussion_the_second_keeps_their_words_and_sees_the_firsts(audit, people):
    qa, admin = people
    url = _discussion_url(audit)
    by_qa, by_admin = (fields_shown(_body(c.get(url))) for c in people)
    assert qa.post(url, {**_as_shown(by_qa), "notes": FIRST, "agreed_grade": "good"}).status_code == 302

    body = _body(admin.post(url, {**_as_shown(by_admin), "notes": SECOND, "agreed_grade": "inadequate"}))
    words = words_shown(body)
    assert "Someone else changed the discussion of case 1 while you were editing it" in words
    _told_as_an_error(body, "Someone else changed this discussion")
    assert "You both changed ‘Notes of the discussion’ and ‘Overall grade agreed by the meeting’" in words
    shown = fields_shown(body)
    assert shown["notes"].chosen == [SECOND]  # what the admin typed is still in the box
    assert shown["agreed_grade"].chosen == ["inadequate"]
    # What the QA officer saved is beside it, its paragraphs kept, to compare.
    note = _saved_meanwhile(body, "notes")
    assert note.startswith("Saved meanwhile by someone else") and note.endswith(FIRST)
    assert _saved_meanwhile(body, "agreed_grade").endswith("Good")

    # Saving again is a knowing choice: the admin's words and grade are kept.
    assert admin.post(url, _as_shown(shown)).status_code == 302
    again = fields_shown(_body(qa.get(url)))
    assert again["notes"].chosen == [SECOND] and again["agreed_grade"].chosen == ["inadequate"]
    assert _saved_meanwhile(_body(qa.get(url)), "notes") is None
    case_page = words_shown(_body(qa.get(reverse("findings:case", args=[audit.pk, audit.audit_cases.first().pk]))))
    assert "Overall grade agreed Inadequate" in case_page and "Nobody spoke to the child alone." in case_page


def test_what_only_the_first_changed_in_the_discussion_is_not_put_back(audit, people):
    """The QA officer agrees the grade; the admin, on a page opened before,
    writes only the notes: saving again keeps both."""
    qa, admin = people
    url = _discussion_url(audit)
    by_qa, by_admin = (fields_shown(_body(c.get(url))) for c in people)
    assert qa.post(url, {**_as_shown(by_qa), "agreed_grade": "good"}).status_code == 302

    body = _body(admin.post(url, {**_as_shown(by_admin), "notes": SECOND}))
    assert "You both changed" not in words_shown(body)
    assert _saved_meanwhile(body, "notes") is None and _saved_meanwhile(body, "agreed_grade") is None
    shown = fields_shown(body)
    assert shown["notes"].chosen == [SECOND] and shown["agreed_grade"].chosen == ["good"]
    assert admin.post(url, _as_shown(shown)).status_code == 302
    again = fields_shown(_body(admin.get(url)))
    assert again["notes"].chosen == [SECOND] and again["agreed_grade"].chosen == ["good"]


def test_what_was_saved_meanwhile_is_shown_as_words_not_as_markup(audit, people):
    qa, admin = people
    url = _discussion_url(audit)
    by_qa, by_admin = (fields_shown(_body(c.get(url))) for c in people)
    typed = 'Mother & baby <b onclick="x()">seen</b>'
    assert qa.post(url, {**_as_shown(by_qa), "notes": typed}).status_code == 302
    body = _body(admin.post(url, {**_as_shown(by_admin), "notes": SECOND}))
    assert '<b onclick="x()">' not in body
    assert _saved_meanwhile(body, "notes").endswith(typed)


# A finding's themes and polarity --------------------------------------------------------------


@pytest.fixture
def finding(world, audit, people):
    qa, _ = people
    case = audit.audit_cases.order_by("number").first()
    return_record = Return.objects.get(audit_case=case, agency=world.police)
    qa.post(reverse("findings:take", args=[audit.pk, case.pk]), {"return": return_record.pk, "key": "worried"})
    return Finding.objects.get()


def test_themes_are_merged_box_by_box_and_the_polarity_only_the_first_changed_is_kept(audit, finding, people):
    """The QA officer adds housing and calls it a strength; the admin, on a page
    opened before, adds education and takes think family off: both people's
    ticks stand, and the QA officer's polarity, which the admin left alone."""
    qa, admin = people
    url = reverse("findings:finding", args=[audit.pk, finding.pk])
    by_qa, by_admin = (fields_shown(_body(c.get(url))) for c in people)
    suggested = set(by_qa["themes"].chosen)
    assert "think_family" in suggested and not suggested & {"housing", "education"}
    assert by_qa["polarity"].chosen == ["concern"]
    ticked = sorted(suggested | {"housing"})
    assert qa.post(url, {**_as_shown(by_qa), "polarity": "strength", "themes": ticked}).status_code == 302

    mine = sorted((suggested - {"think_family"}) | {"education"})
    body = _body(admin.post(url, {**_as_shown(by_admin), "themes": mine}))
    words = words_shown(body)
    assert "Someone else changed this finding’s themes while you were editing it" in words
    _told_as_an_error(body, "Someone else changed this finding’s themes")
    assert "You both changed" not in words
    shown = fields_shown(body)
    merged = (suggested - {"think_family"}) | {"education", "housing"}
    assert set(shown["themes"].chosen) == merged
    assert shown["polarity"].chosen == ["strength"]
    assert admin.post(url, _as_shown(shown)).status_code == 302
    again = fields_shown(_body(qa.get(url)))
    assert set(again["themes"].chosen) == merged and again["polarity"].chosen == ["strength"]


def test_a_themes_page_opened_before_its_values_were_carried_names_and_shows_what_differs(audit, finding, people):
    """Without the values the page was opened with, the person's ticks are kept
    and the themes saved meanwhile are named beside them."""
    qa, admin = people
    url = reverse("findings:finding", args=[audit.pk, finding.pk])
    by_qa, by_admin = (fields_shown(_body(c.get(url))) for c in people)
    assert qa.post(url, {**_as_shown(by_qa), "themes": ["housing", "neglect"]}).status_code == 302
    body = _body(admin.post(url, {**_as_shown(by_admin), "started": "", "themes": ["education"]}))
    assert "You both changed ‘Themes’" in words_shown(body)
    assert fields_shown(body)["themes"].chosen == ["education"]
    assert _saved_meanwhile(body, "themes").endswith("Housing, Neglect")


# The meeting record ---------------------------------------------------------------------------


def test_both_changed_the_meeting_notes_the_second_sees_the_firsts_under_theirs(audit, people):
    qa, admin = people
    url = reverse("findings:meeting_edit", args=[audit.pk])
    by_qa, by_admin = (fields_shown(_body(c.get(url))) for c in people)
    first = {"notes": FIRST, "returns_quality": "On time.", "held_on-day": "6"}
    assert qa.post(url, {**_as_shown(by_qa), **first}).status_code == 302

    body = _body(admin.post(url, {**_as_shown(by_admin), "notes": SECOND, "held_on-day": "7"}))
    words = words_shown(body)
    assert "You both changed ‘Date of the meeting’ and ‘Anything else about the audit itself’" in words
    _told_as_an_error(body, "Someone else changed the meeting record")
    shown = fields_shown(body)
    assert shown["notes"].chosen == [SECOND] and shown["held_on-day"].chosen == ["7"]
    assert shown["returns_quality"].chosen == ["On time."]  # only the QA officer changed it
    assert _saved_meanwhile(body, "notes").endswith(FIRST)  # paragraphs and all
    assert _saved_meanwhile(body, "held_on").endswith("6 November 2026")
    assert _saved_meanwhile(body, "returns_quality") is None

    assert admin.post(url, _as_shown(shown)).status_code == 302
    again = fields_shown(_body(qa.get(url)))
    assert again["notes"].chosen == [SECOND] and again["returns_quality"].chosen == ["On time."]
    assert again["held_on-day"].chosen == ["7"]


# Attendance ---------------------------------------------------------------------------------------


def test_who_else_came_is_kept_and_two_people_recording_attendance_are_merged_agency_by_agency(world, audit, people):
    qa, admin = people
    url = reverse("findings:attendance", args=[audit.pk])
    police, health = world.police.pk, world.health.pk
    by_qa, by_admin = fields_shown(_body(qa.get(url))), fields_shown(_body(admin.get(url)))
    response = qa.post(
        url,
        {
            **_as_shown(by_qa),
            f"status_{police}": "attended",
            "others": "Partnership business unit: quality assurance officer\nSchool nurse team leader",
        },
    )
    assert response.status_code == 302
    # The admin, on a page opened before, records the health agency's apologies and who else came.
    body = _body(
        admin.post(url, {**_as_shown(by_admin), f"status_{health}": "apologies", "others": "Business manager"})
    )
    _told_as_an_error(body, "Someone else changed the attendance")
    shown = fields_shown(body)
    assert shown[f"status_{police}"].chosen == ["attended"]  # the other person's, kept
    assert shown[f"status_{health}"].chosen == ["apologies"]  # theirs, kept
    assert shown["others"].chosen == ["Business manager"]
    assert _saved_meanwhile(body, "others").endswith("School nurse team leader")
    assert admin.post(url, _as_shown(shown)).status_code == 302
    meeting = words_shown(_body(qa.get(reverse("findings:meeting", args=[audit.pk]))))
    assert "Also there Business manager" in meeting and "Sent apologies" in meeting and "Attended" in meeting


# A finding's words, its removal, and a theme --------------------------------------------------------


def test_rewording_a_finding_while_another_confirms_its_themes_keeps_the_words(world, audit, people):
    qa, admin = people
    finding = Finding.objects.create(
        partnership=world.partnership, audit=audit, polarity="concern", text="The plan had no dates."
    )
    edit_url = reverse("findings:finding_edit", args=[audit.pk, finding.pk])
    typed = fields_shown(_body(qa.get(edit_url)))
    tags_url = reverse("findings:finding", args=[audit.pk, finding.pk])
    assert (
        admin.post(
            tags_url, {"version": finding.version, "polarity": "concern", "themes": ["assessment_planning"]}
        ).status_code
        == 302
    )
    body = _body(qa.post(edit_url, {**_as_shown(typed), "text": "The child's plan had no dates or owners."}))
    assert fields_shown(body)["text"].chosen == ["The child's plan had no dates or owners."]
    _told_as_an_error(body, "Someone else changed this finding")
    assert qa.post(edit_url, _as_shown(fields_shown(body))).status_code == 302
    finding.refresh_from_db()
    assert finding.text == "The child's plan had no dates or owners."
    assert [t.theme.key for t in finding.tags.all()] == [
        "assessment_planning"
    ]  # the other person's confirmation stands


def test_a_stale_removal_keeps_the_reason_typed_and_removes_nothing(world, audit, people):
    qa, admin = people
    finding = Finding.objects.create(
        partnership=world.partnership, audit=audit, polarity="concern", text="The plan had no dates."
    )
    stale = finding.version
    admin.post(
        reverse("findings:finding", args=[audit.pk, finding.pk]),
        {"version": stale, "polarity": "concern", "themes": ["assessment_planning"]},
    )
    body = _body(
        qa.post(
            reverse("findings:finding_remove", args=[audit.pk, finding.pk]),
            {"version": stale, "reason": "Written twice."},
        )
    )
    shown = fields_shown(body)
    assert shown["reason"].chosen == ["Written twice."] and "It has not been removed" in words_shown(body)
    finding.refresh_from_db()
    assert finding.removed_at is None and shown["version"].chosen == [str(finding.version)]


def test_two_people_changing_a_theme_keep_each_others_changes(world, people):
    from maca.findings.models import Theme

    qa, admin = people
    theme = Theme.objects.get(partnership=world.partnership, key="think_family")
    url = reverse("findings:theme_edit", args=[theme.pk])
    by_qa, by_admin = fields_shown(_body(qa.get(url))), fields_shown(_body(admin.get(url)))
    assert qa.post(url, {**_as_shown(by_qa), "name": "Whole family"}).status_code == 302
    body = _body(admin.post(url, {**_as_shown(by_admin), "description": "Fathers, partners and wider family."}))
    _told_as_an_error(body, "Someone else changed this theme")
    shown = fields_shown(body)
    assert shown["name"].chosen == ["Whole family"] and shown["description"].chosen == [
        "Fathers, partners and wider family."
    ]
    assert admin.post(url, _as_shown(shown)).status_code == 302
    theme.refresh_from_db()
    assert (theme.name, theme.description) == ("Whole family", "Fathers, partners and wider family.")
