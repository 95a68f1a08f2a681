"""A year's report speaks of every audit of its year, and each audit has its
own "Child A": there, a pseudonym is written after its audit's title
("Neglect of babies: Child A"), so two children are never the same "Child A"
in one report, and a name held in two audits is not given one audit's
pseudonym at random. The audit's own briefings keep "Child A"."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from maca.programme.models import Audit
from maca.publications import services
from maca.publications.document import Document
from maca.publications.models import Kind, PublicationVersion
from maca.publications.tests.builders import audit_with_findings, six_step_for
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db

TEXT = "Kayden Ashworth and Mia Holloway were both seen alone at every visit."


def _titled(audit, title: str):
    Audit.objects.filter(pk=audit.pk).update(title=title)
    audit.refresh_from_db()
    return audit


@pytest.fixture
def two_audits(world):
    babies = _titled(audit_with_findings(world, child_names={1: ["Kayden Ashworth"]}), "Neglect of babies")
    school = _titled(audit_with_findings(world, child_names={1: ["Mia Holloway"]}), "Children missing education")
    assert babies.programme_id == school.programme_id
    return babies, school


def _report_saying(world, year: int, text: str):
    report = services.publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=Kind.ANNUAL_REPORT, year=year
    )
    draft = PublicationVersion.objects.get(publication=report)
    section = Document.from_json(draft.document).sections[0]
    services.section_update(
        actor=world["qa"].user,
        version=draft,
        key=section.key,
        heading=section.heading,
        text=text,
        expected_version=draft.version,
    )
    return report


def _replace_forms(page: str) -> list[dict]:
    """Each "Replace with" form on the check page, as the browser would send it."""
    forms = re.findall(r'<form method="post" action="[^"]*/replace/">(.*?)</form>', page, flags=re.S)
    fields = (re.findall(r'name="([^"]+)" value="([^"]*)"', form) for form in forms)
    return [{name: html.unescape(value) for name, value in pairs} for pairs in fields]


def test_each_audits_child_a_is_told_apart_in_the_years_report(world, two_audits, client_for):
    babies, _school = two_audits
    report = _report_saying(world, babies.programme.year, TEXT)
    client = client_for(world["qa"])
    check = reverse("publications:check", args=[report.pk])
    page = words_shown(client.get(check).content.decode())
    assert "Replace with ‘Neglect of babies: Child A’" in page
    assert "Replace with ‘Children missing education: Child A’" in page
    assert "Replace with ‘Child A’" not in page

    # The QA officer presses each button as the page shows it.
    for _ in range(2):
        form = _replace_forms(client.get(check).content.decode())[0]
        assert client.post(reverse("publications:replace", args=[report.pk]), form).status_code == 302
    assert "Nothing left to fix" in words_shown(client.get(check).content.decode())
    shown = words_shown(client.get(reverse("publications:detail", args=[report.pk])).content.decode())
    assert (
        "Neglect of babies: Child A and Children missing education: Child A were both seen alone at every visit."
        in shown
    )


def test_a_name_held_in_two_audits_is_not_given_either_audits_pseudonym(world, two_audits, client_for):
    babies, _school = two_audits
    # A third audit of the year holds the same name, for its own Child A.
    _titled(audit_with_findings(world, child_names={1: ["Kayden Ashworth"]}), "Exploitation of teenagers")
    report = _report_saying(world, babies.programme.year, "Kayden Ashworth was seen alone at every visit.")
    page = words_shown(client_for(world["qa"]).get(reverse("publications:check", args=[report.pk])).content.decode())
    assert "1 thing to fix" in page
    assert "Replace with" not in page
    assert "Edit the section ‘The audits held’ to remove it, or keep it with a reason." in page


def test_the_audits_own_briefing_keeps_its_pseudonym_as_it_is(world, two_audits, client_for):
    babies, _school = two_audits
    briefing = six_step_for(world, babies)
    draft = briefing.versions.get()
    section = Document.from_json(draft.document).sections[0]
    services.section_update(
        actor=world["qa"].user,
        version=draft,
        key=section.key,
        heading=section.heading,
        text="Kayden Ashworth was seen alone at every visit.",
        expected_version=draft.version,
    )
    page = words_shown(client_for(world["qa"]).get(reverse("publications:check", args=[briefing.pk])).content.decode())
    assert "Replace with ‘Child A’" in page


def test_a_name_held_in_two_audits_is_taken_out_of_the_years_draft_when_one_audits_names_go(world, two_audits):
    """The retention run forgets the first audit's names: where the year's
    draft says a name another audit of the year holds too, it cannot tell whose
    child is meant, so it takes the name out rather than give it the first
    audit's pseudonym; a name only that audit held gets its pseudonym."""
    import datetime as dt

    from django.utils import timezone

    from maca.publications.retention import NAME_TAKEN_OUT, forget_names_after_audit
    from maca.publications.tests.builders import audit_ended

    babies, _school = two_audits
    teenagers = _titled(audit_with_findings(world, child_names={1: ["Kayden Ashworth"]}), "Exploitation of teenagers")
    report = _report_saying(world, babies.programme.year, "Kayden Ashworth was seen alone. Mia Holloway missed school.")
    audit_ended(world, babies, days_ago=400)
    audit_ended(world, _school, days_ago=400)
    forget_names_after_audit(partnership=world.partnership, before=timezone.now() - dt.timedelta(days=365))
    draft = PublicationVersion.objects.get(publication=report)
    text = Document.from_json(draft.document).sections[0].text
    assert text == f"{NAME_TAKEN_OUT} was seen alone. Children missing education: Child A missed school."
    assert "Neglect of babies: Child A" not in text
    assert teenagers.title not in text
