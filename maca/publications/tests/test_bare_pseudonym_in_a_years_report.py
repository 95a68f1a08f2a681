"""In a year's report every audit has its own "Child A", so one typed on its
own, without its audit's title, does not say which child it is: the safety
check finds it, names the audits it could be, and offers each titled form
("Neglect of babies: Child A") as a replacement, or keeping it with a
reason. The audit's own briefings keep "Child A" as it is."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.publications import services
from maca.publications.document import Document
from maca.publications.tests.builders import audit_with_findings, six_step_for
from maca.publications.tests.test_year_report_pseudonyms import (  # noqa: F401 (a fixture)
    _replace_forms,
    _report_saying,
    _titled,
    two_audits,
)
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db

REASON = (
    "Every audit of the year has its own pseudonyms, so ‘Child A’ on its own does not say which child it is. "
    "It could be ‘Neglect of babies: Child A’ or ‘Children missing education: Child A’: "
    "write it after its audit’s title."
)


def test_a_bare_child_a_is_found_with_the_audits_it_could_be(world, two_audits, client_for):  # noqa: F811
    babies, _school = two_audits
    report = _report_saying(world, babies.programme.year, "Child A was seen alone at every visit.")
    client = client_for(world["qa"])
    check = reverse("publications:check", args=[report.pk])
    page = words_shown(client.get(check).content.decode())
    assert "1 thing to fix" in page
    assert "Pseudonym without its audit: ‘The audits held’" in page
    assert REASON in page
    assert "Replace with ‘Neglect of babies: Child A’" in page
    assert "Replace with ‘Children missing education: Child A’" in page
    assert "Keep it, with a reason" in page

    # The publication's page says it cannot be submitted yet.
    detail = reverse("publications:detail", args=[report.pk])
    assert "The safety check found 1 thing that could identify someone." in words_shown(
        client.get(detail).content.decode()
    )

    # The QA officer presses the button for the audit the sentence is about.
    forms = _replace_forms(client.get(check).content.decode())
    chosen = next(form for form in forms if form["new"] == "Children missing education: Child A")
    assert client.post(reverse("publications:replace", args=[report.pk]), chosen).status_code == 302
    assert "Nothing left to fix" in words_shown(client.get(check).content.decode())
    assert "Children missing education: Child A was seen alone at every visit." in words_shown(
        client.get(detail).content.decode()
    )

    # The audit's own briefing says "Child A" as it is: nothing to fix there.
    briefing = six_step_for(world, babies)
    draft = briefing.versions.get()
    section = Document.from_json(draft.document).sections[1]
    services.section_update(
        actor=world["qa"].user,
        version=draft,
        key=section.key,
        heading=section.heading,
        text="Child A was seen alone at every visit.",
        expected_version=draft.version,
    )
    page = words_shown(client.get(reverse("publications:check", args=[briefing.pk])).content.decode())
    assert "Pseudonym without its audit" not in page


def test_a_pseudonym_of_one_audit_only_is_offered_that_audit(world, two_audits, client_for):  # noqa: F811
    babies, _school = two_audits
    # A third audit of the year, the only one with three cases: only it has a Child C.
    _titled(audit_with_findings(world, cases=3, child_names={}), "Exploitation of teenagers")
    report = _report_saying(world, babies.programme.year, "Child C was seen at home.")
    page = words_shown(client_for(world["qa"]).get(reverse("publications:check", args=[report.pk])).content.decode())
    assert (
        "Every audit of the year has its own pseudonyms, so ‘Child C’ on its own does not say which child it is. "
        "Only ‘Exploitation of teenagers’ has a ‘Child C’: write it as ‘Exploitation of teenagers: Child C’."
    ) in page
    assert "Replace with ‘Exploitation of teenagers: Child C’" in page
    assert "Replace with ‘Neglect of babies" not in page


def test_kept_with_a_reason_it_is_no_longer_to_fix(world, two_audits, client_for):  # noqa: F811
    babies, _school = two_audits
    report = _report_saying(world, babies.programme.year, "Neglect of babies. Child A was seen alone.")
    client = client_for(world["qa"])
    check = client.get(reverse("publications:check", args=[report.pk])).content.decode()
    href = check[: check.index("Keep it, with a reason")].rsplit('href="', 1)[1].split('"', 1)[0]
    page = words_shown(client.get(href).content.decode())
    assert "Keep this pseudonym without its audit" in page
    client.post(href, {"reason": "The sentence follows the audit’s title, so readers know which child it is."})
    page = words_shown(client.get(reverse("publications:check", args=[report.pk])).content.decode())
    assert "Nothing left to fix" in page
    assert "Pseudonym without its audit in ‘The audits held’: ‘Child A’." in page
