"""What a QA walk of the recurrence, search and across-cases pages found, each
checked as a person reads it: figures that agree from page to page, words
matched as words, and forms offered only when they can succeed. Made up."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.core.presenters import in_sentence
from maca.findings.cross_case import across_cases
from maca.findings.models import Finding, Recommendation, Theme
from maca.findings.recommendation_services import recommendation_withdraw, recommendations_propose
from maca.findings.recurrence import recurrence, theme_years_chart
from maca.findings.tests.past_audits import past_audit
from maca.findings.tests.recurrence_builders import imported, meeting_audit
from maca.findings.tests.test_recurrence import two_years
from maca.programme.models import Audit, Stage
from maca.tests.forms_shown import fields_shown
from maca.tests.page import words_shown
from maca.tests.tables import read_tables

pytestmark = pytest.mark.django_db


def test_flags_that_count_towards_one_theme_make_one_row_named_by_that_theme(world, client_for):
    data = past_audit("Young people missing from home", 2025)
    data["cases"] = [
        {"number": 1, "service_level": "child_in_need", "flags": ["missing"], "agreed_grade": ""},
        {"number": 2, "service_level": "child_in_need", "flags": ["exploitation"], "agreed_grade": ""},
        {"number": 3, "service_level": "child_in_need", "flags": ["parental_mental_health"], "agreed_grade": ""},
        {"number": 4, "service_level": "child_in_need", "flags": ["substance_misuse"], "agreed_grade": ""},
    ]
    data["findings"], data["recommendations"], data["themes"] = [], [], []
    audit = imported(world.partnership, data)
    html = client_for(world["qa"]).get(reverse("findings:across_cases", args=[audit.pk])).content.decode()
    shown = words_shown(html)
    # Two cases each, under names that say what the two flags have in common.
    assert "Exploitation was present in 2 of the 4 cases." in shown
    assert "Parental mental health and substance misuse was present in 2 of the 4 cases." in shown
    assert "Missing episodes was present" not in shown and "Parental mental health was present" not in shown
    table = read_tables(html)["What was present in the 4 cases"]
    assert table.cell("Exploitation", "Flagged in the case list") == "2"
    # The partnership's own name for the theme is the row's name.
    Theme.objects.filter(partnership=world.partnership, key="exploitation").update(name="Exploitation and missing")
    assert "Exploitation and missing was present in 2 of the 4 cases." in [
        r.sentence for r in across_cases(audit).presence
    ]


def test_a_cancelled_audits_findings_count_nowhere_and_the_figures_agree_with_the_search(world, client_for):
    older, newer = two_years(world.partnership)
    Audit.objects.filter(pk=newer.pk).update(stage=Stage.CANCELLED)
    found = recurrence(world.partnership)
    assert [point.audit for point in found.points] == [older]
    assert "think_family" not in {r.theme.key for r in found.recurring()}
    board = client_for(world["board"])
    theme_page = board.get(reverse("findings:theme_over_years", args=["think_family"])).content.decode()
    assert read_tables(theme_page)["Think family, audit by audit"].cell(older.title, "Concerns") == "2"
    assert newer.title not in words_shown(theme_page)
    searched = words_shown(board.get(reverse("findings:search"), {"theme": "think_family"}).content.decode())
    assert "2 findings" in searched
    table = read_tables(board.get(reverse("findings:themes_over_years")).content.decode())["Each theme over the years"]
    assert table.cell("Think family", "Concerns") == "2"


def test_a_theme_raised_in_one_year_is_summarised_with_its_figures(world, client_for):
    two_years(world.partnership)
    Audit.objects.filter(programme__year=2025).update(stage=Stage.CANCELLED)
    found = recurrence(world.partnership, theme=Theme.objects.get(partnership=world.partnership, key="think_family"))
    chart = theme_years_chart(found, found.histories[0])
    assert chart.summary == "Think family: 2 concerns and 0 strengths in 2024–25."
    html = client_for(world["qa"]).get(reverse("findings:theme_over_years", args=["think_family"])).content.decode()
    assert "Think family: 2 concerns and 0 strengths in 2024–25." in words_shown(html)


def test_punctuation_alone_is_not_a_search_of_every_finding(world, client_for):
    two_years(world.partnership)
    client = client_for(world["qa"])
    url = reverse("findings:search")
    for typed in ("?", "...", "'"):
        html = client.get(url, {"q": typed}).content.decode()
        assert "Enter words with letters or numbers in them: punctuation alone finds nothing" in words_shown(html)
        assert "govuk-error-summary" in html and 'id="results-count"' not in html
    # Beside a word, a lone mark is left out rather than matching everything.
    assert "2 findings" in words_shown(client.get(url, {"q": "father ?"}).content.decode())


def test_a_word_is_found_where_a_word_starts_not_inside_another(world, client_for):
    older, _ = two_years(world.partnership)
    for text in ("The assessment missed the appointments.", "Men in the household were not seen.", "(MASH) notes"):
        Finding.objects.create(partnership=world.partnership, audit=older, polarity="concern", text=text)
    client = client_for(world["qa"])
    url = reverse("findings:search")
    html = client.get(url, {"q": "men"}).content.decode()
    assert "1 finding" in words_shown(html) and "Men in the household were not seen." in html
    assert "The assessment missed the appointments." not in html
    assert "1 finding" in words_shown(client.get(url, {"q": "mash"}).content.decode())  # after a bracket
    assert "2 findings" in words_shown(client.get(url, {"q": "fathers"}).content.decode())  # any ending still


def test_findings_like_this_one_goes_back_to_the_search_it_came_from(world, client_for):
    older, _ = two_years(world.partnership)
    father = Finding.objects.get(audit=older, text="The father was left out of the plan.")
    client = client_for(world["qa"])
    search_url = reverse("findings:search")
    results = client.get(search_url, {"q": "father", "theme": "think_family"}).content.decode()
    like = f"{search_url}?like={father.pk}&amp;q=father&amp;theme=think_family"
    assert f'href="{like}"' in results
    page = client.get(like.replace("&amp;", "&")).content.decode()
    assert f'href="{search_url}?q=father&amp;theme=think_family" class="govuk-back-link"' in page or (
        f'class="govuk-back-link" href="{search_url}?q=father&amp;theme=think_family"' in page
    )


def test_the_withdraw_form_is_not_offered_when_withdrawing_cannot_succeed(world, client_for):
    audit = meeting_audit(world.partnership)
    qa = world["qa"]
    first, second = recommendations_propose(actor=qa.user, audit=audit)
    recommendation_withdraw(actor=qa.user, recommendation=first, reason="Covered by the other", expected_version=1)
    client = client_for(qa)
    refused = client.get(reverse("findings:recommendation_withdraw", args=[first.pk]))
    shown = words_shown(refused.content.decode())
    assert refused.status_code == 403
    assert "This recommendation cannot be withdrawn" in shown and "It has already been withdrawn." in shown
    assert 'name="reason"' not in refused.content.decode()
    Audit.objects.filter(pk=audit.pk).update(stage=Stage.CLOSED)
    refused = client.get(reverse("findings:recommendation_withdraw", args=[second.pk]))
    assert refused.status_code == 403
    assert "Recommendations can be changed while the audit is at ‘Meeting’ or ‘Writing up’ (it is at ‘Closed’)." in (
        words_shown(refused.content.decode())
    )
    # The across-cases page of a closed audit does not promise what cannot be done.
    page = words_shown(client.get(reverse("findings:across_cases", args=[audit.pk])).content.decode())
    assert "which you edit and confirm" not in page
    assert "(it is at ‘Closed’)" in page


def test_a_recommendation_typed_in_a_browser_is_kept_with_plain_new_lines(world, client_for):
    audit = meeting_audit(world.partnership)
    item = recommendations_propose(actor=world["qa"].user, audit=audit)[0]
    url = reverse("findings:recommendation", args=[item.pk])
    client = client_for(world["qa"])
    form = fields_shown(client.get(url).content.decode())
    typed = "First line.\r\nSecond line."
    data = {name: field.chosen[0] if field.chosen else "" for name, field in form.items()}
    assert client.post(url, {**data, "text": typed}).status_code == 302
    assert Recommendation.objects.get(pk=item.pk).text == "First line.\nSecond line."
    assert fields_shown(client.get(url).content.decode())["text"].chosen == ["First line.\nSecond line."]


@pytest.mark.parametrize(
    ("name", "read"),
    [
        ("Think family", "think family"),
        ("SEND and disability", "SEND and disability"),
        ("MASH referrals", "MASH referrals"),
        ("Voice of the child", "voice of the child"),
        ("A", "a"),
        ("", ""),
    ],
)
def test_a_theme_name_inside_a_sentence_keeps_its_acronyms(name, read):
    assert in_sentence(name) == read


def test_theme_names_in_running_text_keep_their_capitals(world, client_for):
    audit = meeting_audit(world.partnership)
    Theme.objects.filter(partnership=world.partnership, key="think_family").update(name="SEND and family")
    item = next(
        r for r in recommendations_propose(actor=world["qa"].user, audit=audit) if r.proposed_from.key == "think_family"
    )
    assert "on SEND and family, who leads it" in item.text
    page = words_shown(client_for(world["qa"]).get(reverse("findings:recommendation", args=[item.pk])).content.decode())
    assert "Recommendation on SEND and family" in page


def test_a_character_count_says_its_limit_as_its_error_does(world, client_for):
    audit = meeting_audit(world.partnership)
    item = recommendations_propose(actor=world["qa"].user, audit=audit)[0]
    shown = words_shown(
        client_for(world["qa"]).get(reverse("findings:recommendation", args=[item.pk])).content.decode()
    )
    assert "You can enter up to 5,000 characters" in shown and "5000" not in shown


def test_an_audit_brought_in_says_how_many_children_its_record_gives(world, client_for):
    from maca.programme.audit_cases import selected
    from maca.publications.sources import audit_record

    audit = imported(world.partnership, past_audit("Babies and neglect", 2024))  # 3 cases, 7 children
    client = client_for(world["qa"])
    page = words_shown(client.get(reverse("programme:audit", args=[audit.pk])).content.decode())
    assert "3 cases reviewing 7 children" in page and "not recorded" not in page
    year = words_shown(client.get(reverse("programme:year", args=[2024])).content.decode())
    assert "3 of 3 (7 children)" in year
    # The briefings count by the same rule.
    assert audit_record(audit).selected == selected(world.partnership, audit) == (3, 0, 3, 7, True)
    assert audit_record(audit).selected.known_children == 7


def _housing_raised_by_an_audit_that_met_in_the_next_year(world):
    """Housing raised in 2024-25 by an audit that met in February 2026, and in 2025-26
    by one that met in October 2025."""
    late = past_audit("Housing moves and babies", 2024)
    late["audit"]["meeting_date"] = "2026-02-10"  # an audit of 2024-25 that met in the year after
    early = past_audit("Young people sofa surfing", 2025)
    early["audit"]["meeting_date"] = "2025-10-01"
    for data in (late, early):
        data["themes"], data["recommendations"] = [], []
        data["findings"] = [
            {"case": 1, "polarity": "concern", "text": "The family moved twice in a month.", "themes": ["housing"]}
        ]
        imported(world.partnership, data)


def test_first_and_last_raised_are_programme_years_even_when_a_meeting_falls_in_the_next(world, client_for):
    _housing_raised_by_an_audit_that_met_in_the_next_year(world)
    html = client_for(world["qa"]).get(reverse("findings:themes_over_years")).content.decode()
    table = read_tables(html)["Each theme over the years"]
    assert (table.cell("Housing", "First found"), table.cell("Housing", "Last found")) == ("2024–25", "2025–26")


def test_the_latest_audit_is_the_latest_programme_years_even_when_an_earlier_one_met_later(world, client_for):
    _housing_raised_by_an_audit_that_met_in_the_next_year(world)
    html = client_for(world["qa"]).get(reverse("findings:recurring_themes")).content.decode()
    said = words_shown(html)
    assert "raised as a concern in the latest audit, ‘Young people sofa surfing’ (2025–26), had been raised" in said
    table = read_tables(html)["Themes raised as a concern again"]
    assert table.cell("Housing", "Raised again in") == "Young people sofa surfing (2025–26)"
