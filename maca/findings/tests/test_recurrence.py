"""Across the years: each theme's concerns and strengths by audit and year, as a
chart and its table; recurring themes linked to both audits; search; the
figures other apps add to each theme."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from maca.findings.extensions import register_theme_figures, unregister_theme_figures
from maca.findings.models import Finding, FindingTag, Theme
from maca.findings.recurrence import recurrence
from maca.findings.tests.past_audits import past_audit
from maca.findings.tests.recurrence_builders import finding, imported
from maca.tests.page import words_shown
from maca.tests.querycount import assert_queries_do_not_grow
from maca.tests.tables import read_tables

pytestmark = pytest.mark.django_db


def two_years(partnership):
    older = past_audit("Neglect in families with babies", 2024)
    older["themes"] = []
    older["findings"] = [
        finding(1, "concern", "Fathers were not asked about.", "think_family"),
        finding(2, "concern", "The father was left out of the plan.", "think_family", "assessment_planning"),
        finding(3, "strength", "Schools shared worries quickly.", "information_sharing"),
    ]
    older["recommendations"] = []
    newer = past_audit("Children living with domestic abuse", 2025)
    newer["themes"] = []
    newer["findings"] = [
        finding(1, "concern", "Nobody spoke to the mother's new partner.", "think_family"),
        finding(2, "strength", "Police notices reached the school the next day.", "information_sharing"),
        finding(3, "concern", "The plan had no contingency.", "assessment_planning"),
    ]
    newer["recommendations"] = []
    return imported(partnership, older), imported(partnership, newer)


def test_counts_by_audit_and_year_and_the_recurring_themes(world):
    older, newer = two_years(world.partnership)
    found = recurrence(world.partnership)
    assert [p.audit for p in found.points] == [older, newer]
    think = next(h for h in found.histories if h.theme.key == "think_family")
    assert (think.totals.concerns, think.totals.strengths) == (3, 0)
    assert {year: (c.concerns, c.strengths) for year, c in found.by_year(think).items()} == {2024: (2, 0), 2025: (1, 0)}
    recurring = {r.theme.key: r for r in found.recurring()}
    assert set(recurring) == {"think_family", "assessment_planning"}  # information sharing was a strength only
    assert recurring["think_family"].latest.audit == newer
    assert [p.audit for p in recurring["think_family"].earlier] == [older]


def test_the_board_sees_the_themes_chart_agree_with_its_table(world, client_for):
    two_years(world.partnership)
    html = client_for(world["board"]).get(reverse("findings:themes_over_years")).content.decode()
    tables = read_tables(html)
    page_table = tables["Each theme over the years"]  # the chart's table
    assert "Concerns and strengths by theme" not in tables
    assert page_table.cell("Think family", "Concerns") == "3"
    assert page_table.cell("Information sharing", "Strengths") == "2"
    assert 'data-row="Think family" data-column="Concerns" data-value="3"' in html
    assert 'data-row="Information sharing" data-column="Strengths" data-value="2"' in html
    assert page_table.cell("Think family", "Audits") == "2"
    assert page_table.cell("Think family", "First found") == "2024–25"
    assert page_table.cell("Think family", "Last found") == "2025–26"


def test_one_theme_year_by_year_and_audit_by_audit(world, client_for):
    older, newer = two_years(world.partnership)
    url = reverse("findings:theme_over_years", args=["think_family"])
    html = client_for(world["qa"]).get(url).content.decode()
    tables = read_tables(html)
    assert tables["Think family, year by year"].cell("2024–25", "Concerns") == "2"
    assert tables["Think family, year by year"].cell("2025–26", "Concerns") == "1"
    by_audit = tables["Think family, audit by audit"]
    assert by_audit.cell(older.title, "Concerns") == "2"
    assert f"?theme=think_family&amp;audit={newer.pk}" in html
    assert client_for(world["qa"]).get(reverse("findings:theme_over_years", args=["no_such"])).status_code == 404


def test_recurring_themes_link_to_both_audits(world, client_for):
    older, newer = two_years(world.partnership)
    html = client_for(world["qa"]).get(reverse("findings:recurring_themes")).content.decode()
    table = read_tables(html)["Themes raised as a concern again"]
    assert table.cell("Think family", "Raised again in") == f"{newer.title} (2025–26)"
    assert table.cell("Think family", "Raised before in") == f"{older.title} (2024–25)"
    assert table.cell("Think family", "Raised as a concern in") == "2 audits in 2 programme years"
    for audit in (older, newer):  # its concerns on the theme: what the row counts
        assert f"?theme=think_family&amp;audit={audit.pk}&amp;polarity=concern" in html
    assert "2 themes raised as a concern in the latest audit" in html


def test_another_app_adds_its_figures_to_each_theme(world, client_for):
    two_years(world.partnership)
    think = Theme.objects.get(partnership=world.partnership, key="think_family")
    asked = []

    def actions(*, partnership, theme_ids):
        asked.append(sorted(theme_ids))
        return {think.pk: [("Actions raised", 4, "/actions/?theme=think_family"), ("Closed with impact", 1, None)]}

    register_theme_figures(actions)
    try:
        client = client_for(world["board"])
        html = client.get(reverse("findings:themes_over_years")).content.decode()
        detail = client.get(reverse("findings:theme_over_years", args=["think_family"])).content.decode()
    finally:
        unregister_theme_figures(actions)
    table = read_tables(html)["Each theme over the years"]
    assert table.cell("Think family", "Actions raised") == "4"
    assert table.cell("Think family", "Closed with impact") == "1"
    assert table.cell("Information sharing", "Actions raised") == "–"
    assert 'href="/actions/?theme=think_family"' in html
    assert len(asked[0]) == 3  # once, every theme at once
    assert "Actions raised" in detail and "Closed with impact" in detail


def test_search_by_words_and_theme(world, client_for):
    older, _ = two_years(world.partnership)
    client = client_for(world["qa"])
    url = reverse("findings:search")
    html = client.get(url, {"q": "FATHER plan"}).content.decode()
    assert "1 finding" in html and "The father was left out of the plan." in html
    html = client.get(url, {"theme": "think_family"}).content.decode()
    assert "3 findings" in html
    html = client.get(url, {"theme": "think_family", "audit": older.pk}).content.decode()
    assert "2 findings" in html and f"Only the findings of ‘{older.title}’" in html
    html = client.get(url, {"q": "dragons"}).content.decode()
    assert "No finding matches this search." in html
    assert client.get(url).status_code == 200
    # Other forms of a word find it; words beyond the tenth are said to be left out.
    html = client.get(url, {"q": "Fathers plans"}).content.decode()
    assert "1 finding" in html and "The father was left out of the plan." in html

    # However the apostrophe is typed, a possessive finds what the word finds.
    def found(typed):
        return re.search(r"\d+ findings?", words_shown(client.get(url, {"q": typed}).content.decode())).group()

    assert found("Father's") == found("father’s") == found("father") == "2 findings"
    # An apostrophe inside a word is found however it was typed, and only there.
    Finding.objects.create(partnership=world.partnership, audit=older, polarity="concern", text="The GP didn't know.")
    assert found("didn’t") == found("didn't") == "1 finding"
    assert "words-left-out" not in html
    html = client.get(url, {"q": "father the plan was not made and his school did tell us"}).content.decode()
    assert "Only the first 10 words were searched for: the last 2 were left out." in html


@pytest.mark.parametrize(
    ("typed", "stem"),
    [
        ("Fathers", "father"),
        ("families", "famil"),
        ("missed", "miss"),
        ("sharing", "shar"),
        ("class", "class"),
        ("Father's", "father"),
        ("father’s", "father"),
        ("fathers'", "father"),
        ("didn't", "didn't"),
        ("it's", "it's"),
    ],
)
def test_a_search_word_is_matched_in_any_of_its_forms(typed, stem):
    from maca.findings.search import word_stem

    assert word_stem(typed) == stem


def test_search_for_readers_keeps_to_findings_with_confirmed_themes(world, client_for):
    audit, _ = two_years(world.partnership)
    Finding.objects.create(partnership=world.partnership, audit=audit, polarity="concern", text="Untagged father note")
    url = reverse("findings:search")
    assert "Untagged father note" in client_for(world["qa"]).get(url, {"q": "untagged"}).content.decode()
    assert "Untagged father note" not in client_for(world["board"]).get(url, {"q": "untagged"}).content.decode()


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("findings:themes_over_years", {}),
        ("findings:theme_over_years", {}),
        ("findings:recurring_themes", {}),
        ("findings:search", {"q": "father"}),
        ("findings:search", {"theme": "think_family"}),
    ],
)
def test_pages_read_the_same_number_of_queries_however_many_audits_and_findings(world, client_for, name, params):
    client = client_for(world["qa"])
    theme = Theme.objects.get(partnership=world.partnership, key="think_family")
    made = iter(range(1000))

    def add(n):
        for _ in range(n):
            number = next(made)
            data = past_audit(f"Audit {number}", 2010 + number % 15)
            data["themes"] = []
            data["findings"] = data["findings"][:3]
            data["recommendations"] = []
            audit = imported(world.partnership, data)
            extra = Finding.objects.create(
                partnership=world.partnership,
                audit=audit,
                polarity="concern",
                text=f"Another father {number}",
                tags_confirmed_at=timezone.now(),
            )
            FindingTag.objects.create(partnership=world.partnership, finding=extra, theme=theme)

    args = ["think_family"] if name == "findings:theme_over_years" else []
    assert_queries_do_not_grow(lambda: client.get(reverse(name, args=args), params), add)


def test_findings_like_this_one_across_audits(world, client_for):
    older, _ = two_years(world.partnership)
    father = Finding.objects.get(audit=older, text="The father was left out of the plan.")
    client = client_for(world["qa"])
    search_page = client.get(reverse("findings:search"), {"q": "father"}).content.decode()
    assert f'href="{reverse("findings:search")}?like={father.pk}&amp;q=father"' in search_page
    page = client.get(reverse("findings:search"), {"like": father.pk})
    html = page.content.decode()
    assert page.status_code == 200 and "Findings like this one" in html
    results = html.split('id="results-count"')[1]
    # Alike by their words: the other finding about fathers and the other plan, never itself
    # nor the ones that share nothing.
    assert "Fathers were not asked about." in results and "The plan had no contingency." in results
    assert "2 findings like it" in html
    assert "The father was left out of the plan." not in results
    assert "Schools shared worries quickly." not in results
    assert "% alike" in results


def test_findings_like_this_one_when_none_is_says_only_that(world, client_for):
    """No "0 findings like it" beside the sentence saying none was found (as
    the search page says it)."""
    older, _ = two_years(world.partnership)
    alone = Finding.objects.create(
        partnership=world.partnership,
        audit=older,
        polarity="concern",
        text="Quokka xylophone zeppelin.",
        tags_confirmed_at=timezone.now(),
    )
    page = client_for(world["qa"]).get(reverse("findings:search"), {"like": alone.pk})
    assert page.status_code == 200
    shown = words_shown(page.content.decode())
    assert "No other finding shares enough of its words." in shown
    assert "0 findings like it" not in shown and "findings like it" not in shown
    assert 'id="results-count"' not in page.content.decode()


def test_findings_like_a_finding_the_reader_may_not_read_is_not_found(world, client_for):
    audit, _ = two_years(world.partnership)
    untagged = Finding.objects.create(partnership=world.partnership, audit=audit, polarity="concern", text="A plan")
    url = reverse("findings:search")
    assert client_for(world["board"]).get(url, {"like": untagged.pk}).status_code == 404
    assert client_for(world["qa"]).get(url, {"like": untagged.pk}).status_code == 200
    other, _ = two_years(world.other_partnership)
    theirs = Finding.objects.filter(audit=other).first()
    assert client_for(world["qa"]).get(url, {"like": theirs.pk}).status_code == 404
    assert client_for(world["qa"]).get(url, {"like": "x1"}).status_code == 404


def test_findings_like_this_one_reads_the_same_number_of_queries_however_many_findings(world, client_for):
    older, _ = two_years(world.partnership)
    father = Finding.objects.get(audit=older, text="The father was left out of the plan.")
    theme = Theme.objects.get(partnership=world.partnership, key="think_family")
    client = client_for(world["qa"])
    made = iter(range(1000))

    def add(n):
        for _ in range(n):
            extra = Finding.objects.create(
                partnership=world.partnership,
                audit=older,
                polarity="concern",
                text=f"The father was left out of plan {next(made)}.",
                tags_confirmed_at=timezone.now(),
            )
            FindingTag.objects.create(partnership=world.partnership, finding=extra, theme=theme)
        # The index of the findings' words is rebuilt once after a change (one
        # query, whatever the number of findings); warm it as a person's
        # earlier page would have.
        client.get(reverse("findings:search"), {"like": father.pk})

    assert_queries_do_not_grow(lambda: client.get(reverse("findings:search"), {"like": father.pk}), add)


@pytest.mark.parametrize(
    "persona", ["admin", "qa", "lead", "auditor", "health_lead", "board", "scrutineer", "outsider"]
)
def test_findings_like_this_one_for_each_role_and_another_partnership(world, client_for, persona):
    from maca.findings.tests.url_expectations_recurrence import READERS

    older, _ = two_years(world.partnership)
    father = Finding.objects.get(audit=older, text="The father was left out of the plan.")
    response = client_for(world[persona]).get(reverse("findings:search"), {"like": father.pk})
    if persona == "outsider":
        # A member of another partnership: the finding is not in their partnership.
        assert response.status_code in (403, 404)
        assert "The father was left out of the plan." not in response.content.decode()
    elif persona in READERS:
        assert response.status_code == 200 and "Fathers were not asked about." in response.content.decode()
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("audit", ["999999", "another partnership's", "first", "0"])
def test_a_search_kept_to_an_audit_that_is_not_the_partnerships_is_not_found(world, client_for, audit):
    """Not quietly widened to every audit, which the page would then not say."""
    two_years(world.partnership)
    if audit == "another partnership's":
        audit = two_years(world.other_partnership)[0].pk
    response = client_for(world["qa"]).get(reverse("findings:search"), {"theme": "think_family", "audit": audit})
    assert response.status_code == 404
    assert "Fathers were not asked about." not in response.content.decode()
