"""Found walking the search, the themes over the years and their audit log
entries as the QA officer, a board member and the partnership admin (December
2026): what each page says, and what it says when it finds nothing."""

from __future__ import annotations

import html as _html
import re

import pytest
from django.urls import reverse

from maca.audit_trail.models import AuditEvent
from maca.findings.models import Theme
from maca.findings.tests.past_audits import past_audit
from maca.findings.tests.recurrence_builders import finding, imported, meeting_audit
from maca.programme.models import Stage
from maca.tests.page import words_shown
from maca.tests.tables import read_tables

pytestmark = pytest.mark.django_db

SEARCH = reverse("findings:search")


def test_a_search_narrowed_to_an_audit_before_its_meeting_says_why_nothing_is_found(world, client_for):
    # The recurring page's and a theme's links narrow the search to one audit; an
    # audit still at "Agencies auditing" has findings being drafted, not yet searched.
    audit = meeting_audit(world.partnership, title="Neglect in families with babies")
    type(audit).objects.filter(pk=audit.pk).update(stage=Stage.AUDITING)
    shown = words_shown(client_for(world["qa"]).get(SEARCH, {"audit": audit.pk}).content.decode())
    assert (
        "‘Neglect in families with babies’ has not reached its meeting yet (it is at ‘Agencies auditing’): "
        "its findings are searched from its meeting on." in shown
    )
    assert "No finding matches this search." not in shown


def test_a_search_narrowed_to_a_cancelled_audit_says_its_findings_are_not_searched(world, client_for):
    audit = meeting_audit(world.partnership, title="Neglect in families with babies")
    type(audit).objects.filter(pk=audit.pk).update(stage=Stage.CANCELLED)
    shown = words_shown(client_for(world["board"]).get(SEARCH, {"audit": audit.pk}).content.decode())
    assert "‘Neglect in families with babies’ was cancelled: its findings were never agreed" in shown


def test_an_audit_at_its_meeting_with_nothing_matching_still_says_no_finding_matches(world, client_for):
    audit = meeting_audit(world.partnership)
    shown = words_shown(client_for(world["qa"]).get(SEARCH, {"audit": audit.pk, "q": "trampoline"}).content.decode())
    assert "No finding matches this search." in shown and "has not reached its meeting" not in shown


def test_the_search_says_whose_findings_it_searches_to_each_role(world, client_for):
    meeting_audit(world.partnership)
    qa = words_shown(client_for(world["qa"]).get(SEARCH).content.decode())
    board = words_shown(client_for(world["board"]).get(SEARCH).content.decode())
    for shown in (qa, board):
        assert "Every strength and concern of every audit from its meeting on, past audits imported included" in shown
    # The board sees only findings whose themes are confirmed: it is told so,
    # and the QA officer (who sees the rest, marked "Themes not confirmed yet") is not.
    assert "You see a finding once its themes have been confirmed." in board
    assert "You see a finding once its themes have been confirmed." not in qa


def _information_sharing_a_strength_only_in_the_later_year(partnership):
    older = past_audit("Children missing from school", 2024)
    older["themes"], older["recommendations"] = [], []
    older["findings"] = [finding(1, "concern", "The school’s worry was not passed on.", "information_sharing")]
    newer = past_audit("Fathers and male carers", 2025)
    newer["themes"], newer["recommendations"] = [], []
    newer["findings"] = [finding(1, "strength", "Each call-out was shared the next morning.", "information_sharing")]
    imported(partnership, older)
    imported(partnership, newer)


def test_the_themes_table_does_not_say_a_theme_was_raised_in_a_year_it_was_only_a_strength(world, client_for):
    # "Last raised 2025–26" beside a theme raised as a concern only in 2024–25
    # disagreed with the recurring page, where "raised" means raised as a concern.
    _information_sharing_a_strength_only_in_the_later_year(world.partnership)
    page = client_for(world["board"]).get(reverse("findings:themes_over_years")).content.decode()
    table = read_tables(page)["Each theme over the years"]
    assert (table.cell("Information sharing", "First found"), table.cell("Information sharing", "Last found")) == (
        "2024–25",
        "2025–26",
    )
    shown = words_shown(page)
    assert "Last raised" not in shown and "First raised" not in shown
    assert "count its strengths as well as its concerns; the recurring themes count concerns alone." in shown


def test_the_audit_log_names_the_theme_audit_and_strength_or_concern_a_search_was_narrowed_to(world, client_for):
    audit = meeting_audit(world.partnership, title="Domestic abuse and babies")
    client_for(world["board"]).get(SEARCH, {"theme": "voice_of_child", "audit": audit.pk, "polarity": "strength"})
    event = AuditEvent.objects.filter(action="findings_search.viewed").latest("pk")
    page = client_for(world["admin"]).get(reverse("audit_trail:event", args=[event.pk])).content.decode()
    rows = {
        _html.unescape(re.sub(r"<[^>]+>", "", key)).strip(): _html.unescape(re.sub(r"<[^>]+>", "", value)).strip()
        for key, value in re.findall(
            r'<dt class="govuk-summary-list__key">(.*?)</dt>\s*<dd class="govuk-summary-list__value">(.*?)</dd>',
            page,
            flags=re.S,
        )
    }
    # Was "Voice of child" (the theme's key spelt out) and the audit's database number.
    assert rows["Theme"] == "Voice of the child"
    assert rows["Audit"] == "Domestic abuse and babies"
    assert rows["Strength or concern"] == "Strength"
    assert "Polarity" not in rows


def _across_cases(client, audit) -> str:
    return words_shown(client.get(reverse("findings:across_cases", args=[audit.pk])).content.decode())


def _one_case_only(partnership, *, confirmed: bool):
    data = past_audit("Fathers and male carers", 2026)
    data["themes"], data["recommendations"] = [], []
    data["findings"] = [finding(1, "concern", "The stepfather was not asked about.", "think_family")]
    audit = imported(partnership, data, stage=Stage.MEETING)
    if not confirmed:
        audit.findings.update(tags_confirmed_at=None)
    return audit


def test_across_cases_does_not_ask_to_confirm_themes_that_are_all_confirmed(world, client_for):
    # Every finding's themes confirmed, one case with a concern: the page asked
    # the QA officer to "Confirm the themes of each case’s findings first".
    audit = _one_case_only(world.partnership, confirmed=True)
    shown = _across_cases(client_for(world["qa"]), audit)
    assert "No theme is a concern in more than one case. The themes of every finding are confirmed." in shown
    assert "Confirm the themes" not in shown and "confirm them" not in shown


def test_across_cases_says_how_many_findings_wait_for_their_themes_and_where(world, client_for):
    audit = _one_case_only(world.partnership, confirmed=False)
    client = client_for(world["qa"])
    page = client.get(reverse("findings:across_cases", args=[audit.pk])).content.decode()
    assert (
        "No theme is a concern in more than one case yet. 1 finding’s themes are not confirmed yet, "
        "so it does not count here: confirm them on the meeting’s pages" in words_shown(page)
    )
    assert f'href="{reverse("findings:meeting", args=[audit.pk])}"' in page


def test_the_practice_themes_page_leads_to_the_findings_it_counts(world, client_for):
    # Its "Findings" column counted each theme's findings with no way to read them.
    page = client_for(world["qa"]).get(reverse("findings:themes")).content.decode()
    shown = words_shown(page)
    assert "Every strength and concern found is tagged with these themes." in shown
    assert "Every strength and finding" not in shown
    assert f'href="{reverse("findings:themes_over_years")}">themes over the years</a>' in page
    assert f'href="{SEARCH}">search the findings</a>' in page


@pytest.mark.parametrize("persona", ["board", "scrutineer"])
def test_a_reader_opens_the_audit_a_finding_was_searched_from(world, client_for, persona):
    # The audit's title was plain text for the board and scrutineers: a finding
    # found led nowhere. It opens what the audit found, which they may read.
    audit = meeting_audit(world.partnership, title="Domestic abuse and babies")
    client = client_for(world[persona])
    page = client.get(SEARCH, {"theme": "think_family"}).content.decode()
    link = reverse("findings:audit_findings", args=[audit.pk])
    assert f'<a class="govuk-link" href="{link}">Domestic abuse and babies</a>' in page
    opened = client.get(link)
    assert opened.status_code == 200
    assert "The partner was never spoken to." in words_shown(opened.content.decode())


def test_a_retired_theme_is_offered_to_search_by_and_said_to_be_retired(world, client_for):
    Theme.objects.filter(partnership=world.partnership, key="consent").update(is_retired=True)
    page = client_for(world["qa"]).get(SEARCH).content.decode()
    assert '<option value="consent">Consent (retired)</option>' in page
    assert '<option value="think_family">Think family</option>' in page


def test_a_word_typed_again_takes_no_place_of_another_among_those_searched(world, client_for):
    # "father" twelve times is one word searched for: nothing was left out.
    shown = words_shown(client_for(world["qa"]).get(SEARCH, {"q": " ".join(["father"] * 12)}).content.decode())
    assert "left out" not in shown
    # Ten different words and the same ones again, in other cases and forms: none left out.
    ten = "father mother school nursery health visitor police housing neglect referral"
    again = ten.upper() + " fathers"
    shown = words_shown(client_for(world["qa"]).get(SEARCH, {"q": f"{ten} {again}"}).content.decode())
    assert "left out" not in shown
    shown = words_shown(client_for(world["qa"]).get(SEARCH, {"q": f"{ten} {again} dentist"}).content.decode())
    assert "Only the first 10 words were searched for: the last 1 was left out." in shown
