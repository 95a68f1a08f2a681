"""What a QA walk of the findings pages in a browser found, each read as the
person sees the page (re-opened after a save where there is one)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.returns.tests.builders import audit_with_returns
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db


def _words(response) -> str:
    assert response.status_code == 200, response.status_code
    return words_shown(response.content.decode())


# The meeting page while agencies are still auditing ---------------------------------------------


def test_the_meeting_page_says_where_to_raise_a_concern_while_agencies_audit(world, qa):
    """An immediate concern can be raised from 'Agencies auditing' (its case
    page offers it), so the meeting page says where, as it does at the meeting."""
    audit = audit_with_returns(world)
    words = _words(qa.get(reverse("findings:meeting", args=[audit.pk])))
    assert "None raised. Raise one from the case it is about." in words
    case = audit.audit_cases.order_by("number").first()
    case_page = _words(qa.get(reverse("findings:case", args=[audit.pk, case.pk])))
    assert "Flag an immediate safeguarding concern" in case_page


def test_the_meeting_page_does_not_offer_a_concern_to_a_scrutineer(world, client_for, audit):
    audit.scrutineers.add(world["scrutineer"].user)
    words = _words(client_for(world["scrutineer"]).get(reverse("findings:meeting", args=[audit.pk])))
    assert "None raised." in words
    assert "Raise one from the case" not in words


# Attendance: the error names the choices as the radios do ---------------------------------------


def test_names_without_attendance_are_asked_about_in_the_radios_own_words(world, audit, qa):
    from maca.tests.forms_shown import fields_shown

    url = reverse("findings:attendance", args=[audit.pk])
    shown = fields_shown(qa.get(url).content.decode())
    police = world.police.pk
    data = {"version": shown["version"].chosen[0], f"status_{police}": "", f"people_{police}": "A sergeant"}
    response = qa.post(url, data)
    words = _words(response)
    assert "Did not attend" in words  # the radio's label
    assert (
        f"Select whether {world.police.name} attended, sent apologies or did not attend, or remove the names" in words
    )
    assert "was absent" not in words


# The same person's save on another page (another tab) is told as theirs --------------------------


def _as_shown(shown) -> dict:
    data = {}
    for name, field in shown.items():
        if field.kind == "checkbox":
            data[name] = field.chosen
        elif field.chosen:
            data[name] = field.chosen[0]
    return data


def _conflict_told(response) -> str:
    """The error summary's heading and the page's words, after a save that met a conflict."""
    import html
    import re

    body = response.content.decode()
    assert response.status_code == 200, response.status_code
    summary = re.search(r'<div class="govuk-error-summary".*?</h2>', body, re.S)
    assert summary is not None, "no error summary"
    return html.unescape(re.sub(r"<[^>]+>", " ", summary.group(0))), words_shown(body)


def _a_theme(audit):
    from maca.findings.models import Theme

    return Theme.objects.get(partnership=audit.partnership, key="think_family")


def _two_tabs(client, url):
    from maca.tests.forms_shown import fields_shown

    return fields_shown(client.get(url).content.decode()), fields_shown(client.get(url).content.decode())


@pytest.mark.parametrize(
    ("on_page", "first", "second", "title", "what"),
    [
        (
            "discussion",
            {"notes": "Seen and safe."},
            {"agreed_grade": "good"},
            "You changed this discussion on another page",
            "You changed the discussion of case 1 on another page (another tab or window)",
        ),
        (
            "meeting_edit",
            {"notes": "On time."},
            {"returns_quality": "Brief."},
            "You changed the meeting record on another page",
            "You changed the meeting record on another page (another tab or window)",
        ),
        (
            "attendance",
            {"others": "The business manager."},
            {"others": "The chair."},
            "You changed the attendance on another page",
            "You changed the attendance on another page (another tab or window)",
        ),
        (
            "theme_edit",
            {"description": "Fathers and other men in the household."},
            {"name": "Fathers and male carers"},
            "You changed this theme on another page",
            "You changed this theme on another page (another tab or window)",
        ),
    ],
)
def test_your_own_save_in_another_tab_is_not_called_someone_elses(audit, qa, on_page, first, second, title, what):
    case = audit.audit_cases.order_by("number").first()
    args = {"discussion": [audit.pk, case.pk], "theme_edit": [_a_theme(audit).pk]}.get(on_page, [audit.pk])
    url = reverse(f"findings:{on_page}", args=args)
    # A record to change, saved before both tabs open.
    from maca.tests.forms_shown import fields_shown

    assert qa.post(url, _as_shown(fields_shown(qa.get(url).content.decode()))).status_code == 302
    tab_one, tab_two = _two_tabs(qa, url)
    assert qa.post(url, {**_as_shown(tab_one), **first}).status_code == 302

    heading, words = _conflict_told(qa.post(url, {**_as_shown(tab_two), **second}))
    assert title in heading
    assert "Someone else" not in heading
    assert what in words
    assert "Someone else changed" not in words


def test_someone_elses_save_is_still_called_someone_elses(world, audit, qa, client_for):
    case = audit.audit_cases.order_by("number").first()
    url = reverse("findings:discussion", args=[audit.pk, case.pk])
    admin = client_for(world["admin"])
    from maca.tests.forms_shown import fields_shown

    assert qa.post(url, _as_shown(fields_shown(qa.get(url).content.decode()))).status_code == 302
    mine = fields_shown(qa.get(url).content.decode())
    theirs = fields_shown(admin.get(url).content.decode())
    assert admin.post(url, {**_as_shown(theirs), "notes": "Theirs."}).status_code == 302
    heading, words = _conflict_told(qa.post(url, {**_as_shown(mine), "agreed_grade": "good"}))
    assert "Someone else changed this discussion" in heading
    assert "Someone else changed the discussion of case 1 while you were editing it" in words


@pytest.mark.parametrize("on_page", ["discussion", "meeting_edit", "attendance"])
def test_your_own_first_save_in_another_tab_is_yours_too(audit, qa, on_page):
    """Both tabs opened before anything was recorded: the first save makes the record."""
    case = audit.audit_cases.order_by("number").first()
    url = reverse(f"findings:{on_page}", args=[audit.pk, case.pk] if on_page == "discussion" else [audit.pk])
    tab_one, tab_two = _two_tabs(qa, url)
    field = {"discussion": "notes", "meeting_edit": "notes", "attendance": "others"}[on_page]
    assert qa.post(url, {**_as_shown(tab_one), field: "First tab."}).status_code == 302
    heading, words = _conflict_told(qa.post(url, {**_as_shown(tab_two), field: "Second tab."}))
    assert "You changed" in heading and "on another page" in heading
    assert "Someone else" not in words


# The themes page names the key as its table and each theme's page do ----------------------------


def test_the_themes_page_calls_the_key_what_its_table_calls_it(qa):
    words = _words(qa.get(reverse("findings:themes")))
    assert "Key in files of past audits" in words  # the table's column
    assert "stable id" not in words
    assert "its key in files of past audits, and every finding tagged with it, stay the same" in words


# A confirmed concern made good practice: the error says how to put it right ---------------------


def test_a_confirmed_concern_made_good_practice_is_told_how_to_put_it_right(world, audit, case, qa):
    from maca.findings import services
    from maca.findings.models import Finding, Polarity

    finding = services.finding_create(
        actor=world["qa"].user, audit=audit, audit_case=case, text="Nobody asked the father about his role."
    )
    services.finding_confirm_tags(
        actor=world["qa"].user,
        finding=finding,
        polarity=Polarity.CONCERN,
        theme_keys=[],
        expected_version=Finding.objects.get(pk=finding.pk).version,
    )
    url = reverse("findings:finding_edit", args=[audit.pk, finding.pk])
    from maca.tests.forms_shown import fields_shown

    shown = fields_shown(qa.get(url).content.decode())
    words = _words(qa.post(url, {**_as_shown(shown), "kind": "good_practice"}))
    assert "There is a problem" in words
    # The radios it names are on the page; where the polarity changes is said.
    assert "Finding" in words and "Good practice resulting from the audit" in words
    assert "select ‘Finding’, or first make it a strength on its ‘Themes and changes’ page" in words


# A recommendation once the audit has moved on says why, as the across-cases page does -------------


def test_a_recommendation_after_writing_up_says_why_in_the_across_cases_pages_words(world, qa):
    from maca.findings.recommendation_services import recommendations_propose
    from maca.findings.tests.recurrence_builders import meeting_audit
    from maca.programme.models import Audit, Stage

    audit = meeting_audit(world.partnership)
    first, _ = recommendations_propose(actor=world["qa"].user, audit=audit)
    Audit.objects.filter(pk=audit.pk).update(stage=Stage.ACTIONS)
    said = "Recommendations can be changed while the audit is at ‘Meeting’ or ‘Writing up’ (it is at ‘Actions’)."
    assert said in _words(qa.get(reverse("findings:across_cases", args=[audit.pk])))
    page = _words(qa.get(reverse("findings:recommendation", args=[first.pk])))
    assert said in page
    assert "at the meeting or writing up" not in page


# Confirming a finding with every theme unticked says so ----------------------------------------


def test_confirming_with_no_theme_ticked_is_not_called_themes_confirmed(world, audit, case, qa):
    from maca.findings import services
    from maca.tests.forms_shown import fields_shown

    finding = services.finding_create(
        actor=world["qa"].user, audit=audit, audit_case=case, text="Nobody asked the father about his role."
    )
    url = reverse("findings:finding", args=[audit.pk, finding.pk])
    shown = _as_shown(fields_shown(qa.get(url).content.decode()))
    shown["themes"] = []
    shown["polarity"] = "concern"
    words = _words(qa.post(url, shown, follow=True))
    assert "The themes have been confirmed" not in words
    assert "Saved with no themes: this finding is not counted under any theme." in words
    assert "open ‘Themes and changes’ for it" in words and "Themes and changes for" in words  # the link it names
    # Re-opened, nothing is ticked and the finding is confirmed.
    again = fields_shown(qa.get(url).content.decode())
    assert again["themes"].chosen == []
    assert "Change its themes" in _words(qa.get(url))

    shown["themes"] = ["think_family"]
    shown["version"] = again["version"].chosen[0]
    words = _words(qa.post(url, shown, follow=True))
    assert "The themes have been confirmed." in words


# A case discussed first does not make the meeting record's page, opened before, a conflict --------


def test_the_meeting_record_opened_before_a_case_was_discussed_saves_without_a_conflict(audit, case, qa):
    from maca.tests.forms_shown import fields_shown

    meeting_url = reverse("findings:meeting_edit", args=[audit.pk])
    opened = _as_shown(fields_shown(qa.get(meeting_url).content.decode()))
    # Meanwhile, on another page, the first case's discussion is saved: that starts the meeting's record.
    discussion_url = reverse("findings:discussion", args=[audit.pk, case.pk])
    shown = _as_shown(fields_shown(qa.get(discussion_url).content.decode()))
    assert qa.post(discussion_url, {**shown, "notes": "Seen and safe.", "agreed_grade": "good"}).status_code == 302

    response = qa.post(meeting_url, {**opened, "returns_quality": "All on time."})
    assert response.status_code == 302, words_shown(response.content.decode())[:300]
    again = fields_shown(qa.get(meeting_url).content.decode())
    assert again["returns_quality"].chosen == ["All on time."]
    case_page = _words(qa.get(reverse("findings:case", args=[audit.pk, case.pk])))
    assert "Overall grade agreed Good" in case_page and "Seen and safe." in case_page


def test_the_meeting_record_saved_meanwhile_is_still_a_conflict(audit, qa):
    from maca.tests.forms_shown import fields_shown

    url = reverse("findings:meeting_edit", args=[audit.pk])
    tab_one, tab_two = _two_tabs(qa, url)
    assert qa.post(url, {**_as_shown(tab_one), "notes": "First."}).status_code == 302
    heading, _ = _conflict_told(qa.post(url, {**_as_shown(tab_two), "notes": "Second."}))
    assert "changed the meeting record" in heading
    assert fields_shown(qa.get(url).content.decode())["notes"].chosen == ["First."]


# A recommendation saved in another tab by the same person is theirs -------------------------------


@pytest.mark.parametrize("on_page", ["recommendation", "recommendation_withdraw"])
def test_a_recommendation_you_saved_in_another_tab_is_not_called_someone_elses(world, qa, on_page):
    from maca.findings.recommendation_services import recommendations_propose
    from maca.findings.tests.recurrence_builders import meeting_audit
    from maca.tests.forms_shown import fields_shown

    audit = meeting_audit(world.partnership)
    item = recommendations_propose(actor=world["qa"].user, audit=audit)[0]
    edit_url = reverse("findings:recommendation", args=[item.pk])
    url = reverse(f"findings:{on_page}", args=[item.pk])
    stale = fields_shown(qa.get(url).content.decode())["version"].chosen[0]
    assert qa.post(edit_url, {"version": stale, "text": "Words from the first tab.", "save": "1"}).status_code == 302
    data = {"version": stale, "text": "Words from the second tab.", "save": "1", "reason": "Covered elsewhere."}
    words = _words(qa.post(url, data))
    assert "You changed this recommendation on another page (another tab or window)" in words
    assert "Someone else" not in words


def test_a_record_someone_else_only_started_is_yours_when_only_you_saved_it(world, audit, qa, client_for):
    """Both tabs opened before there was a record; someone else's case discussion
    then started it (changing nothing in it); only this person saved it since."""
    from maca.tests.forms_shown import fields_shown

    url = reverse("findings:meeting_edit", args=[audit.pk])
    tab_one, tab_two = _two_tabs(qa, url)
    admin = client_for(world["admin"])
    discussion = reverse("findings:discussion", args=[audit.pk, audit.audit_cases.order_by("number").first().pk])
    shown = _as_shown(fields_shown(admin.get(discussion).content.decode()))
    assert admin.post(discussion, {**shown, "notes": "Seen and safe."}).status_code == 302
    assert qa.post(url, {**_as_shown(tab_one), "notes": "First tab."}).status_code == 302

    heading, words = _conflict_told(qa.post(url, {**_as_shown(tab_two), "notes": "Second tab."}))

    assert "You changed the meeting record on another page" in heading
    assert "Someone else" not in words
