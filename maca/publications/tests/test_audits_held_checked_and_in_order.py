"""The year's report's "The audits held" is a section of figures like the
others: it says "Figures as at …", and a draft says so when an audit was
held, renamed, cancelled or added after it was drafted, and draws it again
on "Refresh the figures". Its audits are in the order of the meeting day
each shows (held, else planned), on the page, in the PDF and in the Word
file: an audit planned early but held late sits among the late ones."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document as WordDocument

from maca.programme.models import Audit, Stage
from maca.publications import services
from maca.publications.drafting import long_date
from maca.publications.models import Kind
from maca.publications.tests.builders import audit_with_findings, meeting_held, publish, version_on
from maca.publications.tests.pdf import pdf_text
from maca.returns.tests.builders import audit_with_returns
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db

BUTTON = "Refresh the figures from the year’s findings"
NOTICE = "no longer agree with the year’s record"
# The document's subtitle, under its title: what follows is the document as a person reads it.
DOCUMENT = "multi-agency case audits, April"


def _audits_held(words: str) -> str:
    """The words of the document's "The audits held", as a person reads them."""
    document = words.split(DOCUMENT, 1)[1]
    return document.split("The audits held", 1)[1].split("What each audit found and what changed", 1)[0]


def _what_changed(words: str) -> str:
    """The list under "What changed in ‘The audits held’:" (empty when there is none)."""
    if "What changed in ‘The audits held’:" not in words:
        return ""
    return words.split("What changed in ‘The audits held’:", 1)[1].split("What changed in", 1)[0].split(BUTTON)[0]


@pytest.fixture
def year(world):
    """A year of two audits: one held, one under way; and its report's draft."""
    held = audit_with_findings(world)
    Audit.objects.filter(pk=held.pk).update(title="Neglect of babies")
    under_way = audit_with_returns(world)
    Audit.objects.filter(pk=under_way.pk).update(title="Children missing education")
    under_way.refresh_from_db()
    report = services.publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=Kind.ANNUAL_REPORT, year=held.programme.year
    )
    return held, under_way, report


def _held_after_drafting(world, held, under_way):
    meeting_held(under_way, dt.date(under_way.programme.year, 11, 20))
    return [f"20 November {under_way.programme.year}"], "The partnership held 2 audits in", []


def _renamed(world, held, under_way):
    Audit.objects.filter(pk=under_way.pk).update(title="Children out of school")
    return ["Children out of school"], "The partnership has 2 audits in", ["Children missing education"]


def _cancelled(world, held, under_way):
    Audit.objects.filter(pk=under_way.pk).update(stage=Stage.CANCELLED)
    return ["The partnership held 1 audit in"], "The partnership held 1 audit in", ["Children missing education"]


def _added(world, held, under_way):
    added = audit_with_returns(world)
    Audit.objects.filter(pk=added.pk).update(title="Domestic abuse and young people")
    return ["Domestic abuse and young people"], "The partnership has 3 audits in", []


@pytest.mark.parametrize("change", [_held_after_drafting, _renamed, _cancelled, _added])
def test_the_audits_held_says_it_no_longer_agrees_and_the_refresh_draws_it_again(world, client_for, year, change):
    held, under_way, report = year
    qa = client_for(world["qa"])
    url = reverse("publications:detail", args=[report.pk])
    as_at = f"Figures as at {long_date(timezone.localdate())}"

    words = words_of(qa.get(url).content.decode())
    section = _audits_held(words)
    assert section.strip().startswith(as_at)
    assert "The partnership has 2 audits in" in section and "(1 held and 1 under way)" in section
    assert NOTICE not in words

    said, text_after, gone = change(world, held, under_way)
    page = qa.get(url).content.decode()
    words = words_of(page)
    notice = words.split(NOTICE, 1)[0].rsplit("The figures in", 1)[1]
    assert "‘The audits held’" in notice
    assert all(line in _what_changed(words) for line in said), _what_changed(words)
    assert BUTTON in words

    words = words_of(
        qa.post(
            reverse("publications:figures", args=[report.pk]), {"version": version_on(page)}, follow=True
        ).content.decode()
    )
    assert "‘The audits held’" in words.split("were refreshed from the year’s record", 1)[0]
    assert NOTICE not in words
    # Re-opened: the section says what the record says now, as at today.
    section = _audits_held(words_of(qa.get(url).content.decode()))
    assert section.strip().startswith(as_at)
    assert text_after in section
    assert all(line in section for line in said if not line.startswith("The partnership"))
    assert not any(title in section for title in gone)


def test_the_audits_are_listed_in_the_order_of_the_meeting_days_shown(world, client_for):
    """Planned 1 June but held 20 November; planned 1 September, not held
    yet; planned 1 October, held 10 October. Planned order: the first, the
    second, the third; as shown: 1 September, 10 October, 20 November."""
    first, second, third = audit_with_findings(world), audit_with_findings(world), audit_with_findings(world)
    year = first.programme.year
    assert second.programme.year == year == third.programme.year
    for audit, title, planned in (
        (first, "An early plan held late", dt.date(year, 6, 1)),
        (second, "Bullying online", dt.date(year, 9, 1)),
        (third, "Children missing education", dt.date(year, 10, 1)),
    ):
        Audit.objects.filter(pk=audit.pk).update(title=title, planned_meeting_date=planned, stage=Stage.AUDITING)
    meeting_held(first, dt.date(year, 11, 20))
    meeting_held(third, dt.date(year, 10, 10))
    shown = [
        ("Bullying online", f"1 September {year}"),
        ("Children missing education", f"10 October {year}"),
        ("An early plan held late", f"20 November {year}"),
    ]
    report = services.publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=Kind.ANNUAL_REPORT, year=year
    )
    publish(world, report)
    board = client_for(world["board"])

    section = _audits_held(words_of(board.get(reverse("publications:detail", args=[report.pk])).content.decode()))
    read = sorted((section.index(title), title, day) for title, day in shown)
    assert [(title, day) for _index, title, day in read] == shown
    for title, day in shown:  # each row says the day shown, next to its title
        row = section.split(title, 1)[1]
        assert row.index(day) < min((row.index(t) for t, _d in shown if t in row), default=len(row))

    pdf = " ".join(pdf_text(board.get(reverse("publications:download", args=[report.pk, 1, "pdf"])).content).split())
    table = pdf.split("Audits in", 1)[1].split("What each audit found and what changed", 1)[0]
    assert sorted(shown, key=lambda pair: table.index(pair[0])) == shown
    # A cell's words wrap in the PDF's table: the row says the day and month, its year below.
    for (title, day), following in zip(shown, [*shown[1:], ("", "")], strict=True):
        row = table.split(title, 1)[1]
        row = row.split(following[0], 1)[0] if following[0] else row
        assert day.rsplit(" ", 1)[0] in row, (title, row)

    word = WordDocument(io.BytesIO(board.get(reverse("publications:download", args=[report.pk, 1, "docx"])).content))
    audits = next(t for t in word.tables if [c.text for c in t.rows[0].cells][:3] == ["Audit", "Theme", "Meeting"])
    assert [(row.cells[0].text, row.cells[2].text) for row in audits.rows[1:]] == shown


def test_the_same_audits_in_a_new_order_are_said_to_be_in_a_new_order():
    """A draft drafted before its audits were in the order of the days shown
    has the same rows in another order: its list of what changed says so."""
    from maca.publications.document import Section, Table
    from maca.publications.figures import _section_lines

    rows = [["Bullying online", "1 September 2026"], ["An early plan held late", "20 November 2026"]]
    before = Section("audits", "The audits held", "The partnership held 2 audits.", tables=[Table("Audits", [], rows)])
    after = Section("audits", "The audits held", before.text, tables=[Table("Audits", [], rows[::-1])])
    assert _section_lines(after, before) == ("the rows of ‘Audits’ are in a new order",)
