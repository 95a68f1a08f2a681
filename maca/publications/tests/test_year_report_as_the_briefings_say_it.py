"""The year's report says what the briefings say (review of the year's
report):

- an audit whose findings wait for their themes to be confirmed is not said
  to have recorded "0 strengths and 0 findings": the report says what waits,
  in the briefings' words, and its draft page tells those who manage
  publications how many are left out, where the themes are confirmed, and,
  once they are, that the draft is out of date;
- "What changed in ‘The audits held’" says in words what changed for each
  audit, not its row joined with commas;
- "Next year’s programme" gives each audit's meeting day as every page
  shows it: the day held once recorded, else planned, in that day's order."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from maca.findings.models import Finding, Meeting
from maca.findings.presenters import THEMES_TO_CONFIRM_ID
from maca.programme.models import Audit, Stage
from maca.programme.tests.factories import AuditFactory, ProgrammeFactory
from maca.publications import services
from maca.publications.models import Kind
from maca.publications.tests.builders import audit_with_findings
from maca.returns.tests.builders import audit_with_returns
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db

BUTTON = "Refresh the figures from the year’s findings"
# The document's subtitle, under its title: what follows is the document as a person reads it.
DOCUMENT = "multi-agency case audits, April"


def _version_on(page: str) -> str:
    return re.search(r'name="version" value="(\d+)"', page).group(1)


def _held(audit, day: dt.date) -> None:
    """The audit's meeting took place on ``day``, as the meeting record says."""
    Audit.objects.filter(pk=audit.pk).update(stage=Stage.MEETING)
    Meeting.objects.update_or_create(audit=audit, defaults={"partnership": audit.partnership, "held_on": day})


def _section(words: str, heading: str, following: str) -> str:
    """The words of one of the document's sections, as a person reads them."""
    return words.split(DOCUMENT, 1)[1].split(heading, 1)[1].split(following, 1)[0]


def _found_of(words: str, title: str) -> str:
    """What "What each audit found and what changed" says of one audit."""
    section = _section(words, "What each audit found and what changed", "Themes across the year")
    return section.split(title, 1)[1]


def _draft(world, year: int):
    return services.publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=Kind.ANNUAL_REPORT, year=year
    )


# What waits for its themes ------------------------------------------------------------------


@pytest.fixture
def waiting(world):
    """A year of two audits at their meeting: ‘Neglect of babies’, whose 2
    findings wait for their themes (its 2 strengths are confirmed), and
    ‘Home alone’, whose only findings, 2, wait; and the year's report's draft."""
    neglect, home_alone = audit_with_findings(world), audit_with_findings(world)
    Audit.objects.filter(pk=neglect.pk).update(title="Neglect of babies")
    Audit.objects.filter(pk=home_alone.pk).update(title="Home alone")
    Finding.objects.filter(audit=neglect, polarity="concern").update(tags_confirmed_at=None)
    Finding.objects.filter(audit=home_alone, polarity="strength").update(removed_at=timezone.now())
    Finding.objects.filter(audit=home_alone).update(tags_confirmed_at=None)
    return neglect, home_alone, _draft(world, neglect.programme.year)


def test_the_year_report_says_what_waits_for_its_themes_as_a_briefing_does(world, client_for, waiting):
    _neglect, _home_alone, report = waiting
    words = words_of(client_for(world["qa"]).get(reverse("publications:detail", args=[report.pk])).content.decode())
    assert "0 strengths and 0 findings recorded" not in words
    assert (
        "None yet with confirmed themes: 2 findings recorded are left out until their themes are confirmed."
        in _found_of(words, "Home alone")
    )
    assert (
        "2 strengths and 0 findings recorded. 2 findings recorded are left out until their themes are confirmed."
        in _found_of(words, "Neglect of babies").split("Home alone", 1)[0]
    )


def test_the_draft_page_says_how_many_are_left_out_and_where_their_themes_are_confirmed(world, client_for, waiting):
    neglect, home_alone, report = waiting
    url = reverse("publications:detail", args=[report.pk])
    page = client_for(world["qa"]).get(url).content.decode()
    words = words_of(page)
    assert (
        "4 strengths and findings have themes nobody has confirmed yet: this draft leaves them out, as the year’s "
        "report counts only those whose themes a person has confirmed. Confirm the themes at each audit’s meeting, "
        f"then press ‘{BUTTON}’." in words
    )
    for audit, title in ((neglect, "Neglect of babies"), (home_alone, "Home alone")):
        href = reverse("findings:meeting", args=[audit.pk]) + f"#{THEMES_TO_CONFIRM_ID}"
        assert re.search(
            rf'<a class="govuk-link" href="{re.escape(href)}">See the strengths and findings of ‘{title}’ whose '
            "themes are not confirmed</a>",
            page,
        )
    # Read by those who manage publications only: a draft is not found by others.
    for persona in ("lead", "board", "scrutineer"):
        response = client_for(world[persona]).get(url)
        assert response.status_code == 404 or "this draft leaves" not in words_of(response.content.decode())


def test_once_their_themes_are_confirmed_the_draft_is_out_of_date_until_its_figures_are_refreshed(
    world, client_for, waiting
):
    neglect, home_alone, report = waiting
    qa = client_for(world["qa"])
    url = reverse("publications:detail", args=[report.pk])
    Finding.objects.filter(audit__in=[neglect, home_alone]).update(tags_confirmed_at=neglect.created_at)

    page = qa.get(url).content.decode()
    words = words_of(page)
    assert "this draft leaves" not in words
    assert (
        "This draft was drafted leaving out strengths or findings until their themes were confirmed. Their themes "
        f"are confirmed now: press ‘{BUTTON}’ to include them." in words
    )
    assert "‘What each audit found and what changed’" in words.split("no longer agree with the year’s record", 1)[0]

    qa.post(reverse("publications:figures", args=[report.pk]), {"version": _version_on(page)})
    words = words_of(qa.get(url).content.decode())
    assert "drafted leaving out" not in words and "this draft leaves" not in words
    assert "2 strengths and 2 findings recorded." in _found_of(words, "Neglect of babies")
    assert "0 strengths and 2 findings recorded." in _found_of(words, "Home alone")
    assert "left out until" not in words


# What changed in "The audits held" ------------------------------------------------------------


def _what_changed(words: str) -> str:
    """The list under "What changed in ‘The audits held’:"."""
    return words.split("What changed in ‘The audits held’:", 1)[1].split("What changed in", 1)[0].split(BUTTON)[0]


def test_what_changed_in_the_audits_held_is_said_audit_by_audit_in_words(world, client_for):
    kept = audit_with_findings(world)
    year = kept.programme.year
    Audit.objects.filter(pk=kept.pk).update(title="Neglect of babies")
    renamed = audit_with_returns(world, planned_meeting_date=dt.date(year, 12, 1))
    Audit.objects.filter(pk=renamed.pk).update(title="Children missing education")
    cancelled = audit_with_returns(world)
    Audit.objects.filter(pk=cancelled.pk).update(title="Bullying online")
    report = _draft(world, year)

    Audit.objects.filter(pk=renamed.pk).update(title="Children out of school")
    _held(renamed, dt.date(year, 11, 20))
    Audit.objects.filter(pk=cancelled.pk).update(stage=Stage.CANCELLED)
    added = audit_with_returns(world)
    Audit.objects.filter(pk=added.pk).update(title="Domestic abuse and young people")

    words = words_of(client_for(world["qa"]).get(reverse("publications:detail", args=[report.pk])).content.decode())
    changed = _what_changed(words)
    assert (
        "‘Children out of school’: its title changed from ‘Children missing education’, its meeting day moved from "
        f"1 December {year} to 20 November {year} and its stage is now ‘Meeting’ (it was ‘Agencies auditing’)"
        in changed
    )
    assert "‘Domestic abuse and young people’ was added to the year’s audits" in changed
    assert "‘Bullying online’ is no longer one of the year’s audits" in changed
    # Never a row's cells joined with commas.
    assert "Audits in" not in changed
    assert "Neglect of babies" not in changed


# Next year's programme ---------------------------------------------------------------------


def test_next_years_programme_gives_the_day_each_meeting_shows(world, client_for):
    """Planned for 1 December but held 20 October; planned for 5 November,
    not held yet. As planned: the second, then the first; as shown: 20
    October, then 5 November."""
    year = audit_with_findings(world).programme.year
    programme = ProgrammeFactory(partnership=world.partnership, year=year + 1)
    held_early = AuditFactory(
        partnership=world.partnership, programme=programme, planned_meeting_date=dt.date(year + 1, 12, 1)
    )
    Audit.objects.filter(pk=held_early.pk).update(title="Children missing education")
    planned = AuditFactory(partnership=world.partnership, programme=programme)
    Audit.objects.filter(pk=planned.pk).update(title="Bullying online")
    _held(held_early, dt.date(year + 1, 10, 20))
    report = _draft(world, year)

    words = words_of(client_for(world["qa"]).get(reverse("publications:detail", args=[report.pk])).content.decode())
    section = words.split(DOCUMENT, 1)[1].split("Next year’s programme", 1)[1]
    assert f"1 December {year + 1}" not in section
    shown = [("Children missing education", f"20 October {year + 1}"), ("Bullying online", f"5 November {year + 1}")]
    assert sorted(shown, key=lambda pair: section.index(pair[0])) == shown
    for title, day in shown:  # each row says the day shown, next to its title
        row = section.split(title, 1)[1]
        assert row.index(day) < min((row.index(t) for t, _d in shown if t in row), default=len(row))


def test_a_table_drafted_before_its_rows_had_keys_is_read_by_the_audits_titles():
    """Drafted before a row was known by its audit: a renamed audit reads as
    one gone and one added; the other changes are said in words all the same."""
    from maca.publications.document import Table
    from maca.publications.drafting.year_report import AUDITS_HEADINGS
    from maca.publications.figures import _audits_lines

    before = Table(
        "Audits in 2026–27",
        AUDITS_HEADINGS,
        [
            ["Neglect of babies", "Neglect", "5 November 2026", "2", "Not recorded", "Agencies auditing"],
            ["Home alone", "Neglect", "Not set", "3", "4", "Planned"],
        ],
    )
    after = Table(
        "Audits in 2026–27",
        AUDITS_HEADINGS,
        [
            ["Neglect of babies", "Neglect", "5 November 2026", "3", "5", "Agencies auditing"],
            ["Left home alone", "Neglect", "1 March 2027", "3", "4", "Planned"],
        ],
        row_keys=[1, 2],
    )
    assert _audits_lines(before, after) == [
        "‘Neglect of babies’: it now has 3 cases (it had 2) and its number of children is now 5 (it was not recorded)",
        "‘Left home alone’ was added to the year’s audits",
        "‘Home alone’ is no longer one of the year’s audits",
    ]
    before.row_keys = [1, 2]
    assert _audits_lines(before, after) == [
        "‘Neglect of babies’: it now has 3 cases (it had 2) and its number of children is now 5 (it was not recorded)",
        "‘Left home alone’: its title changed from ‘Home alone’ and its meeting day is now 1 March 2027 "
        "(it was not set)",
    ]
