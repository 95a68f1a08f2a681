"""Drafting a publication: each kind reads only its own field, so a slip in
the other field (a year typed for a briefing, an audit left chosen for the
annual report) neither stops the draft nor is used."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.publications.models import Kind, Publication
from maca.publications.tests.builders import audit_with_findings
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db


def test_a_briefing_is_drafted_whatever_is_typed_in_the_year(world, client_for):
    audit = audit_with_findings(world)
    client = client_for(world["qa"])
    response = client.post(reverse("publications:new"), {"kind": Kind.SIX_STEP, "audit": audit.pk, "year": "26"})
    assert response.status_code == 302, words_of(response.content.decode())
    publication = Publication.objects.get()
    assert publication.kind == Kind.SIX_STEP and publication.audit == audit
    assert audit.title in words_of(client.get(response.url).content.decode())


def test_a_year_typed_wrong_for_the_annual_report_is_still_refused(world, client_for):
    response = client_for(world["qa"]).post(reverse("publications:new"), {"kind": Kind.ANNUAL_REPORT, "year": "26"})
    assert response.status_code == 200
    assert "Enter a year between 2000 and 2100" in words_of(response.content.decode())
    assert not Publication.objects.exists()


def test_an_audit_chosen_before_switching_to_the_annual_report_is_not_refused(world, client_for):
    audit = audit_with_findings(world)
    response = client_for(world["qa"]).post(
        reverse("publications:new"),
        {"kind": Kind.ANNUAL_REPORT, "audit": "999999", "year": str(audit.programme.year)},
    )
    assert response.status_code == 302, words_of(response.content.decode())
    publication = Publication.objects.get()
    assert publication.kind == Kind.ANNUAL_REPORT and publication.audit is None


def test_drafting_one_the_audit_already_has_links_to_the_one_it_has(world, client_for):
    """ "This audit already has a 6 Step Briefing: open it to edit it" says where
    it is: a link to it beside the error (and so for the year's annual report)."""
    audit = audit_with_findings(world)
    client = client_for(world["qa"])
    first = client.post(reverse("publications:new"), {"kind": Kind.SIX_STEP, "audit": audit.pk})
    again = client.post(reverse("publications:new"), {"kind": Kind.SIX_STEP, "audit": audit.pk})
    page = again.content.decode()
    assert "This audit already has a 6 Step Briefing: open it to edit it" in words_of(page)
    assert f'href="{first.url}">Open ‘6 Step Briefing: {audit.title}’</a>' in page
    year = str(audit.programme.year)
    report = client.post(reverse("publications:new"), {"kind": Kind.ANNUAL_REPORT, "year": year})
    page = client.post(reverse("publications:new"), {"kind": Kind.ANNUAL_REPORT, "year": year}).content.decode()
    assert "There is already an annual report for" in words_of(page)
    assert f'href="{report.url}">Open ‘Annual quality assurance report' in page
