"""A GP practice that audited an audit's cases is named in its briefing as
the case's pages name it, with the agency at the top of its tree ("Mill Lane
Surgery (Testshire Care Board)", ``partnerships.presenters.agency_name``):
in the table of the cases audited and beside its strengths. So is an agency
in the page of how agencies used a briefing."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from maca.findings.models import Finding
from maca.programme.models import Audit, Stage
from maca.publications.document import Document
from maca.publications.practice import practice_report_save
from maca.publications.pseudonyms import ensure_pseudonyms
from maca.publications.tests.builders import STRENGTH, publish, six_step_for
from maca.returns.tests.builders import audit_with_returns
from maca.tests.page import words_shown
from maca.tests.tables import read_tables

pytestmark = pytest.mark.django_db
GP = "Mill Lane Surgery (Testshire Care Board)"


@pytest.fixture
def audit(world):
    audit = audit_with_returns(world, cases=1, agencies=[world.police, world.gp_practice])
    Audit.objects.filter(pk=audit.pk).update(stage=Stage.MEETING)
    audit.refresh_from_db()
    Finding.objects.create(
        partnership=world.partnership,
        audit=audit,
        audit_case=audit.audit_cases.get(),
        agency=world.gp_practice,
        polarity="strength",
        text=STRENGTH,
        tags_confirmed_at=timezone.now(),
    )
    ensure_pseudonyms(actor=world["qa"].user, audit=audit)
    return audit


def test_a_briefing_names_a_gp_practice_as_the_case_pages_do(world, audit, client_for):
    publication = six_step_for(world, audit)
    document = Document.from_json(publication.versions.get(number=1).document)
    cases = document.section("theme").tables[0]
    assert cases.rows[0][cases.headings.index("Agencies auditing")] == f"{GP}, Testshire Police"
    assert f"- {GP}: {STRENGTH}" in document.section("strengths").text
    page = words_shown(
        client_for(world["qa"]).get(reverse("publications:detail", args=[publication.pk])).content.decode()
    )
    assert f"{GP}, Testshire Police" in page


def test_how_agencies_used_a_briefing_names_a_sub_unit_with_its_agency(world, audit, client_for):
    publication = six_step_for(world, audit)
    publish(world, publication)
    practice_report_save(
        actor=world["health_lead"].user,
        publication=publication,
        agency=world.gp_practice,
        meetings_held=2,
        staff_reached=9,
        changes_made="",
    )
    page = client_for(world["qa"]).get(reverse("publications:practice", args=[publication.pk])).content.decode()
    assert read_tables(page)["How agencies used it"].cell(GP, "Staff reached") == "9"
