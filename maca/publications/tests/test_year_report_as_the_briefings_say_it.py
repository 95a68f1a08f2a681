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

from maca.findings.models import Finding, FindingKind
from maca.findings.presenters import THEMES_TO_CONFIRM_ID
from maca.programme.models import Audit, Stage
from maca.programme.tests.factories import AuditFactory, ProgrammeFactory
from maca.publications import services
from maca.publications.document import Document, drawn_mark
from maca.publications.models import Kind, PublicationVersion
from maca.publications.tests.builders import audit_with_findings, meeting_held, publish, version_on
from maca.returns.tests.builders import audit_with_returns
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db

BUTTON = "Refresh the figures from the year’s findings"
# The document's subtitle, under its title: what follows is the document as a person reads it.
DOCUMENT = "multi-agency case audits, April"


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
        "This draft was drafted leaving out strengths or findings until their themes were confirmed, and none "
        f"waits now: press ‘{BUTTON}’ to bring ‘What each audit found and what changed’ up to date." in words
    )
    assert re.search(
        r"The figures in [^.]*‘What each audit found and what changed’[^.]* no longer agree with the year’s record",
        words,
    )

    qa.post(reverse("publications:figures", args=[report.pk]), {"version": version_on(page)})
    words = words_of(qa.get(url).content.decode())
    assert "drafted leaving out" not in words and "this draft leaves" not in words
    assert "2 strengths and 2 findings recorded." in _found_of(words, "Neglect of babies")
    assert "0 strengths and 2 findings recorded." in _found_of(words, "Home alone")
    assert "left out until" not in words


NOTICE = "this draft leaves"


def _page(world, client_for, report) -> str:
    return client_for(world["qa"]).get(reverse("publications:detail", args=[report.pk])).content.decode()


def _refreshed(world, client_for, report) -> str:
    """The draft's page after ‘Refresh the figures from the year’s findings’: its words."""
    qa = client_for(world["qa"])
    version = version_on(_page(world, client_for, report))
    qa.post(reverse("publications:figures", args=[report.pk]), {"version": version})
    return words_of(_page(world, client_for, report))


@pytest.mark.parametrize("stage", [Stage.ACTIONS, Stage.CLOSED])
def test_an_audit_past_its_meeting_says_its_waiting_findings_were_never_given_confirmed_themes(
    world, client_for, stage
):
    """From 'Actions' on nobody can confirm their themes (the meeting is no
    longer recorded): the report never says they are left out "until" then,
    and the draft page neither asks to confirm them nor links to them."""
    audit = audit_with_findings(world)
    Audit.objects.filter(pk=audit.pk).update(title="Neglect of babies", stage=stage)
    Finding.objects.filter(audit=audit, polarity="concern").update(tags_confirmed_at=None)
    report = _draft(world, audit.programme.year)
    page = _page(world, client_for, report)
    words = words_of(page)
    assert (
        "2 strengths and 0 findings recorded. 2 findings recorded were never given confirmed themes and are not "
        "counted." in _found_of(words, "Neglect of babies")
    )
    assert "left out until" not in words
    assert NOTICE not in words and "drafted leaving out" not in words
    assert reverse("findings:meeting", args=[audit.pk]) not in page
    assert Document.from_json(PublicationVersion.objects.get(publication=report).document).left_out == 0

    # With none of its strengths and findings confirmed: said so, never "0 strengths and 0 findings".
    Finding.objects.filter(audit=audit).update(tags_confirmed_at=None)
    words = _refreshed(world, client_for, report)
    assert (
        "None with confirmed themes: 2 strengths and 2 findings recorded were never given confirmed themes and are "
        "not counted." in words
    )


def test_good_practice_is_never_said_to_wait_in_what_each_audit_found(world, client_for):
    """The section counts strengths and findings, never good practice: good
    practice waiting for its themes is in no count of it, nor of the notice."""
    audit = audit_with_findings(world)
    Audit.objects.filter(pk=audit.pk).update(title="Neglect of babies")
    Finding.objects.create(
        partnership=world.partnership,
        audit=audit,
        agency=world.health,
        polarity="strength",
        kind=FindingKind.GOOD_PRACTICE,
        text="The health visitor saw the baby at every visit.",
    )
    report = _draft(world, audit.programme.year)
    words = words_of(_page(world, client_for, report))
    found = _found_of(words, "Neglect of babies")
    assert "2 strengths and 2 findings recorded." in found
    assert "left out" not in found and "good practice" not in found
    assert NOTICE not in words

    # A finding and good practice waiting: the finding alone is said to wait.
    Finding.objects.filter(pk=Finding.objects.filter(audit=audit, polarity="concern").first().pk).update(
        tags_confirmed_at=None
    )
    words = _refreshed(world, client_for, report)
    assert (
        "2 strengths and 1 finding recorded. 1 finding recorded is left out until its themes are confirmed."
        in _found_of(words, "Neglect of babies")
    )
    assert "1 strength or finding has themes nobody has confirmed yet: this draft leaves it out" in words


def test_what_waits_is_said_by_kind(world, client_for):
    """ "1 strength and 1 finding recorded are left out…", never "2 strengths or findings"."""
    audit = audit_with_findings(world)
    Audit.objects.filter(pk=audit.pk).update(title="Neglect of babies")
    for polarity in ("strength", "concern"):
        Finding.objects.filter(pk=Finding.objects.filter(audit=audit, polarity=polarity).first().pk).update(
            tags_confirmed_at=None
        )
    words = words_of(_page(world, client_for, _draft(world, audit.programme.year)))
    assert (
        "1 strength and 1 finding recorded. 1 strength and 1 finding recorded are left out until their themes are "
        "confirmed." in _found_of(words, "Neglect of babies")
    )
    assert "strengths or findings recorded" not in words


def _as_drafted_before_it_said_what_waits(version) -> None:
    """The version's document as a year's report was stored before it said
    what waits for its themes: "What each audit found" says only what is
    counted, drawn so; no ``left_out``; no keys to the audits' rows."""
    data = version.document
    data.pop("left_out", None)
    for section in data["sections"]:
        for table in section.get("tables", []):
            table.pop("row_keys", None)
        if section["key"] == "found":
            text = re.sub(
                r"None yet with confirmed themes: \d+ \w+ recorded are left out until their themes are confirmed\.",
                "0 strengths and 0 findings recorded.",
                section["text"],
            )
            text = re.sub(r" \d+ \w+ recorded are left out until their themes are confirmed\.", "", text)
            assert "left out" not in text
            section["text"], section["drawn"] = text, drawn_mark(text)
    PublicationVersion.objects.filter(pk=version.pk).update(document=data)


def test_a_report_drafted_before_it_said_what_waits_is_not_said_to_disagree_with_the_record(world, client_for, waiting):
    """Its figures are the same: only the words of what waits are new."""
    _neglect, _home_alone, report = waiting
    _as_drafted_before_it_said_what_waits(PublicationVersion.objects.get(publication=report))
    words = words_of(_page(world, client_for, report))
    assert "2 strengths and 0 findings recorded." in _found_of(words, "Neglect of babies")
    assert "no longer agree" not in words

    publish(world, report)
    _as_drafted_before_it_said_what_waits(PublicationVersion.objects.get(publication=report, status="published"))
    words = words_of(_page(world, client_for, report))
    assert "Published" in words
    assert "no longer agree" not in words and "correct the published version" not in words


def test_a_refresh_that_keeps_edited_words_still_says_they_are_out_of_date(world, client_for, waiting):
    """People edited "What each audit found": a refresh keeps their words,
    which still say what was left out, and the page still says so until
    they change them."""
    neglect, home_alone, report = waiting
    qa = client_for(world["qa"])
    draft = PublicationVersion.objects.get(publication=report)
    edited = Document.from_json(draft.document).section("found").text + "\n\nOur own words."
    services.section_update(
        actor=world["qa"].user,
        version=draft,
        key="found",
        heading="What each audit found and what changed",
        text=edited,
        expected_version=draft.version,
    )
    Finding.objects.filter(audit__in=[neglect, home_alone]).update(tags_confirmed_at=neglect.created_at)
    url = reverse("publications:detail", args=[report.pk])
    qa.post(reverse("publications:figures", args=[report.pk]), {"version": version_on(qa.get(url).content.decode())})

    page = qa.get(url).content.decode()
    words = words_of(page)
    found = _found_of(words, "Neglect of babies")
    assert "Our own words." in found and "left out until" in found  # kept as people wrote them
    assert (
        "Its figures were refreshed, but ‘What each audit found and what changed’ kept the words people gave it, "
        "which may still say some are left out: change them to say what each audit found now." in words
    )

    draft = PublicationVersion.objects.get(publication=report)
    services.section_update(
        actor=world["qa"].user,
        version=draft,
        key="found",
        heading="What each audit found and what changed",
        text="Neglect of babies: 2 strengths and 2 findings recorded. Home alone: 2 findings recorded.",
        expected_version=draft.version,
    )
    words = words_of(qa.get(url).content.decode())
    assert "drafted leaving out" not in words and NOTICE not in words


def test_a_hostile_audit_title_is_shown_as_written_in_its_link(world, client_for, waiting):
    neglect, _home_alone, report = waiting
    Audit.objects.filter(pk=neglect.pk).update(title='<script>alert("x")</script>')
    page = _page(world, client_for, report)
    assert '<script>alert("x")' not in page
    assert (
        "See the strengths and findings of ‘&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;’ whose themes are not "
        "confirmed</a>" in page
    )


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
    meeting_held(renamed, dt.date(year, 11, 20))
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
    meeting_held(held_early, dt.date(year + 1, 10, 20))
    report = _draft(world, year)

    words = words_of(client_for(world["qa"]).get(reverse("publications:detail", args=[report.pk])).content.decode())
    section = words.split(DOCUMENT, 1)[1].split("Next year’s programme", 1)[1]
    assert f"1 December {year + 1}" not in section
    # Held is said so, as the programme's lists say it; planned is not.
    assert f"20 October {year + 1} (held)" in section
    assert f"5 November {year + 1} (held)" not in section
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


def test_a_count_edited_to_words_is_said_sensibly():
    from maca.publications.figures import _audit_cell_changed

    assert _audit_cell_changed("Cases", "2", "about ten") == "its number of cases is now ‘about ten’ (it was 2)"
    assert (
        _audit_cell_changed("Children", "Not recorded", "5") == "its number of children is now 5 (it was not recorded)"
    )
