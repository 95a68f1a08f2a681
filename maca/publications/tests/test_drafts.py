"""Drafting, editing and discarding, as the people who write publications see
it: a year with no programme refused on its field, two people saving one
section, a draft nobody submitted discarded (kept, never deleted), and the
words on the pages."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from maca.audit_trail.models import AuditEvent
from maca.audit_trail.sentences import sentence
from maca.programme.models import Programme
from maca.publications import services
from maca.publications.document import Document
from maca.publications.models import Kind, Publication, Status
from maca.publications.tests.builders import audit_with_findings, six_step_for
from maca.tests.tables import read_tables
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def audit(world):
    return audit_with_findings(world, child_names={})


def _hidden_version(page: str) -> str:
    return re.search(r'name="version" value="(\d+)"', page).group(1)


def test_an_annual_report_needs_a_year_with_a_programme(world, audit, client_for):
    qa = client_for(world["qa"])
    year = audit.programme.year
    response = qa.post(reverse("publications:new"), {"kind": "annual_report", "year": "2099"})
    page = html.unescape(response.content.decode())
    message = f"There is no audit programme for 2099 to 2100. Enter {year}, the first year of your programme for "
    assert f'<a href="#id_year">{message}' in page  # in the error summary, linked to the field
    assert 'id="id_year-error"' in page and not Publication.objects.exists()
    Programme.objects.create(partnership=world.partnership, year=year + 1)
    response = qa.post(reverse("publications:new"), {"kind": "annual_report", "year": "2099"})
    assert f"Enter the first year of one of your programmes: {year} or {year + 1}" in html.unescape(
        response.content.decode()
    )
    # A year with a programme is drafted, and the message says what from.
    response = qa.post(reverse("publications:new"), {"kind": "annual_report", "year": str(year)})
    report = Publication.objects.get()
    page = words_of(qa.get(response.url).content.decode())
    label = audit.programme.label
    assert f"‘Annual quality assurance report {label}’ has been drafted from the year’s audits." in page
    assert "audit’s record" not in page
    response = qa.post(reverse("publications:new"), {"kind": "six_step", "audit": audit.pk})
    page = words_of(qa.get(response.url).content.decode())
    assert f"‘6 Step Briefing: {audit.title}’ has been drafted from the audit’s record." in page
    assert report.title == f"Annual quality assurance report {label}"


def test_two_people_save_one_section_and_the_second_sees_both_texts_then_saves_knowingly(world, audit, client_for):
    publication = six_step_for(world, audit)
    qa, admin = client_for(world["qa"]), client_for(world["admin"])
    url = reverse("publications:section_edit", args=[publication.pk, "process"])
    started = _hidden_version(qa.get(url).content.decode())
    assert _hidden_version(admin.get(url).content.decode()) == started

    first = "Agencies audited their own records, then met."
    assert qa.post(url, {"version": started, "heading": "2. Process", "text": first}).status_code == 302
    mine = "Each agency audited its records.\n\nThey met in November."
    response = admin.post(url, {"version": started, "heading": "2. How we audited", "text": mine})
    assert response.status_code == 200
    page = response.content.decode()
    words = words_of(page)
    assert "Someone else changed this publication while you were editing it" in words
    assert "Compare your text with what is saved now, then save again to replace it" in words
    assert 'href="#saved-now"' in page
    saved_now = page[page.index('id="saved-now"') : page.index("Your text</h2>")]
    assert first in saved_now and "2. Process" in saved_now
    assert f"{mine}</textarea>" in html.unescape(page)  # what they typed is kept
    assert 'value="2. How we audited"' in page
    current = publication.versions.get().version
    assert _hidden_version(page) == str(current) != started

    # Saving again, knowingly, saves it.
    response = admin.post(url, {"version": _hidden_version(page), "heading": "2. How we audited", "text": mine})
    assert response.status_code == 302
    detail = admin.get(reverse("publications:detail", args=[publication.pk])).content.decode()
    assert "They met in November." in detail and "2. How we audited" in detail
    assert first not in detail
    section = Document.from_json(publication.versions.get().document).section("process")
    assert (section.heading, section.text) == ("2. How we audited", mine)


def test_a_section_saved_after_the_draft_was_submitted_keeps_the_typed_text_and_says_why(world, audit, client_for):
    publication = six_step_for(world, audit)
    admin = client_for(world["admin"])
    url = reverse("publications:section_edit", args=[publication.pk, "process"])
    started = _hidden_version(admin.get(url).content.decode())
    version = publication.versions.get()
    services.version_submit(actor=world["qa"].user, version=version, expected_version=version.version)
    response = admin.post(url, {"version": started, "heading": "2. Process", "text": "Typed while it went."})
    page = response.content.decode()
    assert (
        "It has been submitted for approval since you opened this page, so it can no longer be changed. "
        "Your text has not been saved: copy it if you need it."
    ) in words_of(page)
    assert "Typed while it went.</textarea>" in page
    assert publication.versions.get().status == Status.SUBMITTED


def test_a_draft_nobody_submitted_is_discarded_kept_and_no_longer_listed(world, audit, client_for):
    publication = six_step_for(world, audit)
    qa = client_for(world["qa"])
    detail = reverse("publications:detail", args=[publication.pk])
    discard = reverse("publications:discard", args=[publication.pk])
    page = qa.get(detail).content.decode()
    assert f'href="{discard}">Discard this draft</a>' in page
    confirm = qa.get(discard).content.decode()
    assert "Are you sure you want to discard this draft?" in words_of(confirm)
    response = qa.post(discard, {"version": _hidden_version(confirm)})
    assert response.url == reverse("publications:index")
    index = words_of(qa.get(response.url).content.decode())
    assert f"‘{publication.title}’ has been discarded." in index
    assert publication.title not in words_of(qa.get(reverse("publications:index")).content.decode())
    assert qa.get(detail).status_code == 404
    # Kept, with who and when, and logged as a sentence.
    publication.refresh_from_db()
    assert publication.discarded_by == world["qa"].user and publication.discarded_at
    assert publication.versions.count() == 1
    event = AuditEvent.objects.get(action="publication.discarded")
    assert sentence(event).startswith("Quinn Quality discarded the draft")
    # The audit may have a 6 Step Briefing drafted again.
    response = qa.post(reverse("publications:new"), {"kind": "six_step", "audit": audit.pk})
    again = Publication.objects.kept().get(kind=Kind.SIX_STEP, audit=audit)
    assert response.url == reverse("publications:detail", args=[again.pk])
    assert read_tables(qa.get(reverse("publications:index")).content.decode())["Publications"].rows[0][0] == (
        again.title
    )


def test_a_draft_once_submitted_cannot_be_discarded(world, audit, client_for):
    publication = six_step_for(world, audit)
    version = publication.versions.get()
    version = services.version_submit(actor=world["admin"].user, version=version, expected_version=version.version)
    qa = world["qa"]
    version = services.version_return(
        actor=qa.user,
        membership=qa.membership,
        version=version,
        reason="Start again.",
        expected_version=version.version,
    )
    admin = client_for(world["admin"])
    page = admin.get(reverse("publications:detail", args=[publication.pk])).content.decode()
    assert "Discard this draft" not in page
    response = admin.post(reverse("publications:discard", args=[publication.pk]), {"version": version.version})
    page = words_of(admin.get(response.url).content.decode())
    assert "Only a draft that was never submitted for approval can be discarded." in page
    publication.refresh_from_db()
    assert publication.discarded_at is None
    with pytest.raises(Exception, match="never submitted"):
        services.publication_discard(actor=world["admin"].user, publication=publication)
    assert not AuditEvent.objects.filter(action="publication.discarded").exists()


def test_a_draft_changed_since_the_confirm_page_opened_is_not_discarded_unseen(world, audit, client_for):
    publication = six_step_for(world, audit)
    qa = client_for(world["qa"])
    discard = reverse("publications:discard", args=[publication.pk])
    started = _hidden_version(qa.get(discard).content.decode())
    version = publication.versions.get()
    services.section_update(
        actor=world["admin"].user,
        version=version,
        key="process",
        heading="2. Process",
        text="Changed meanwhile.",
        expected_version=version.version,
    )
    page = qa.post(discard, {"version": started}).content.decode()
    assert "Someone changed this draft since you opened this page." in words_of(page)
    publication.refresh_from_db()
    assert publication.discarded_at is None
    assert qa.post(discard, {"version": _hidden_version(page)}).status_code == 302


def test_the_pages_speak_of_publications_not_outputs_and_of_what_the_check_found_not_hits(world, client_for):
    audit = audit_with_findings(world)  # the first case's child has a name held: the check finds it
    publication = six_step_for(world, audit)
    version = publication.versions.get()
    services.section_update(
        actor=world["qa"].user,
        version=version,
        key="process",
        heading="2. Process",
        text="Kayden Ashworth was seen at home.",
        expected_version=version.version,
    )
    qa = client_for(world["qa"])
    from maca.publications import checking

    found = checking.check_version(publication.versions.get())
    pk = publication.pk
    urls = [
        reverse("publications:index"),
        reverse("publications:new"),
        reverse("publications:detail", args=[pk]),
        reverse("publications:section_edit", args=[pk, "process"]),
        reverse("publications:check", args=[pk]),
        reverse("publications:override", args=[pk, found[0].fingerprint]),
        reverse("publications:submit", args=[pk]),
        reverse("publications:discard", args=[pk]),
        reverse("publications:settings"),
    ]
    for url in urls:
        client = client_for(world["admin"]) if url == reverse("publications:settings") else qa
        response = client.get(url)
        assert response.status_code == 200, url
        words = words_of(response.content.decode())
        assert not re.search(r"\boutputs?\b", words, re.IGNORECASE), url
        assert not re.search(r"\bhits?\b", words, re.IGNORECASE), url
    response = qa.post(
        reverse("publications:override", args=[pk, found[0].fingerprint]),
        {"reason": "This is the name of the street, not the child."},
    )
    page = words_of(qa.get(response.url).content.decode())
    assert "What the safety check found has been kept, with your reason." in page
    assert "Nothing left to fix: everything the check found has been replaced or kept with a reason." in page


def test_a_section_saved_in_another_tab_is_told_as_the_persons_own_change(world, audit, client_for):
    publication = six_step_for(world, audit)
    qa = client_for(world["qa"])
    url = reverse("publications:section_edit", args=[publication.pk, "process"])
    started = _hidden_version(qa.get(url).content.decode())  # the first tab
    assert _hidden_version(qa.get(url).content.decode()) == started  # the second tab

    first = "Agencies audited their own records, then met."
    assert qa.post(url, {"version": started, "heading": "2. Process", "text": first}).status_code == 302
    response = qa.post(url, {"version": started, "heading": "2. Process", "text": "They met in November."})
    words = words_of(response.content.decode())
    assert "You changed this publication on another page" in words
    assert "Someone else" not in words
    assert "Compare your text with what is saved now, then save again to replace it" in words
