"""What a walk of the learning-into-practice page found: an agency lead
types "1,200" staff as people write it, the figure is shown with its comma
wherever it is read back (the page, the annual report), and an agency that
reports on its own, when none was asked to, is never told that "every agency
asked has reported"."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from maca.publications import drafting
from maca.publications.sources import ImpactRow, YearRecord
from maca.publications.tests.builders import audit_with_findings, publish, six_step_for
from maca.tests.forms_shown import fields_shown
from maca.tests.tables import read_tables
from maca.tests.test_words_on_pages import words_of


def _report(world, staff: str, meetings: str = "4") -> dict:
    return {
        "agency": world.police.pk,
        "version": 0,
        "meetings_held": meetings,
        "staff_reached": staff,
        "changes_made": "Fathers are now asked about at every visit.",
    }


@pytest.mark.django_db
def test_staff_typed_with_a_comma_are_saved_and_shown_with_it(world, client_for):
    publication = six_step_for(world)
    publish(world, publication)
    lead = client_for(world["lead"])
    url = reverse("publications:practice", args=[publication.pk])
    response = lead.post(url, _report(world, "1,200", meetings=" 12 "))
    assert response.status_code == 302, words_of(response.content.decode())
    page = lead.get(url).content.decode()
    shown = read_tables(page)["How agencies used it"]
    assert shown.cell("Testshire Police", "Staff reached") == "1,200"
    assert shown.cell("Testshire Police", "Team meetings") == "12"
    # The form, opened again, holds the figures to change them.
    fields = fields_shown(page)
    assert fields["staff_reached"].chosen == ["1200"]
    assert fields["meetings_held"].chosen == ["12"]


@pytest.mark.django_db
def test_too_many_staff_is_refused_in_words_people_read(world, client_for):
    publication = six_step_for(world)
    publish(world, publication)
    lead = client_for(world["lead"])
    url = reverse("publications:practice", args=[publication.pk])
    page = words_of(lead.post(url, _report(world, "2,000,000", meetings="20000")).content.decode())
    assert "There is a problem" in page
    assert "Enter 1,000,000 or fewer staff" in page
    assert "Enter 10,000 or fewer meetings" in page
    page = words_of(lead.post(url, _report(world, "1,2,0")).content.decode())
    assert "Enter a whole number of staff, like 40" in page
    assert not publication.practice_reports.exists()


@pytest.mark.django_db
def test_an_agency_reporting_when_none_was_asked_is_not_told_every_agency_asked_has(world, client_for):
    from maca.selection.models import Assignment

    audit = audit_with_findings(world)
    Assignment.objects.filter(audit_case__audit=audit).update(removed_at=timezone.now())
    publication = six_step_for(world, audit)
    publish(world, publication)
    admin = client_for(world["admin"])
    url = reverse("publications:practice", args=[publication.pk])
    assert admin.post(url, _report(world, "52")).status_code == 302
    page = words_of(admin.get(url).content.decode())
    assert "Testshire Police" in page
    assert "Every agency asked has reported" not in page
    assert "None audited this audit’s cases in maca." in page
    assert "Not yet reported" not in page and "none has been asked" not in page  # said once


def test_the_annual_report_shows_staff_reached_with_a_comma():
    record = YearRecord(
        2025,
        "2025–26",
        [],
        [],
        [ImpactRow("6 Step Briefing: Babies", 2, 3, 1400, 12500, [])],
        [],
        None,
        "No actions were raised in 2025–26.",
    )
    table = drafting.annual_report(record, partnership_name="Testshire").section("impact").tables[0]
    assert table.rows == [["6 Step Briefing: Babies", "2 of 3", "1,400", "12,500"]]


@pytest.mark.django_db
def test_the_safety_check_says_what_to_do_with_a_phone_number_in_the_buttons_words(world, client_for):
    from maca.publications import services

    publication = six_step_for(world)
    version = publication.versions.get()
    services.section_update(
        actor=world["qa"].user,
        version=version,
        key="process",
        heading="2. Process",
        text="The GP phoned 01632 960123 on the same day.",
        expected_version=version.version,
    )
    page = words_of(client_for(world["qa"]).get(reverse("publications:check", args=[publication.pk])).content.decode())
    assert "Keep it, with a reason" in page
    assert "override" not in page
    assert "A phone number not given as a service’s: if it is a service’s, keep it with that reason." in page


@pytest.mark.django_db
def test_the_agencies_asked_are_listed_until_each_has_reported(world, client_for):
    """An audit whose cases agencies audited in maca asks them: the page
    lists those not yet reported, then says every agency asked has."""
    audit = audit_with_findings(world)
    publication = six_step_for(world, audit)
    publish(world, publication)
    admin = client_for(world["admin"])
    url = reverse("publications:practice", args=[publication.pk])
    page = words_of(admin.get(url).content.decode())
    assert "0 of 2 agencies asked have said how they used it. No agency has said how it used it yet." in page
    assert "Not yet reported Testshire Care Board Testshire Police Record how" in page
    assert "What the agency changed in its practice, policy or training." in page  # whoever records it
    assert "None audited this audit’s cases in maca" not in page
    assert admin.post(url, _report(world, "52")).status_code == 302
    page = words_of(admin.get(url).content.decode())
    assert "1 of 2 agencies asked has said how they used it." in page
    assert "Not yet reported Testshire Care Board Record how" in page
    assert admin.post(url, {**_report(world, "9"), "agency": world.health.pk}).status_code == 302
    page = words_of(admin.get(url).content.decode())
    assert "Not yet reported Every agency asked has reported." in page
