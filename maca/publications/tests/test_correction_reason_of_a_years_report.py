"""A correction's reason is printed under the title of the corrected version,
on its page and in its PDF and Word file, for everyone who reads it. In a
year's report every audit has its own "Child A", so a reason saying "Child A"
on its own does not say which child it is: it is found as the report's
sections would find it (a pseudonym without its audit), refused when the
correction is started or its reason changed, and, if the pseudonym came
into the year since, it stops the correction being submitted, approved or
published, saying which audits it could be."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.publications import services
from maca.publications.models import Kind, PublicationVersion, Status
from maca.publications.tests.builders import audit_with_findings, publish
from maca.publications.tests.test_year_report_pseudonyms import _titled, two_audits  # noqa: F401 (a fixture)
from maca.tests.forms_shown import fields_shown
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db

BARE = "The table of cases counted Child A twice."
TITLED = "The table of cases counted Neglect of babies: Child A twice."
WRITES_IT_BARE = (
    "The reason for the correction writes a pseudonym without its audit’s title. "
    "Every audit of the year has its own pseudonyms, so ‘Child A’ on its own does not say which child it is. "
    "It could be ‘Neglect of babies: Child A’ or ‘Children missing education: Child A’: "
    "write it after its audit’s title."
)
# "Child C" is no audit's of the year until a third audit, of three cases, is added.
LATER = "The table of cases left out Child C."
ONLY_ONE = (
    "The reason for the correction writes a pseudonym without its audit’s title. "
    "Every audit of the year has its own pseudonyms, so ‘Child C’ on its own does not say which child it is. "
    "Only ‘Exploitation of teenagers’ has a ‘Child C’: write it as ‘Exploitation of teenagers: Child C’."
)


def _published_report(world, year: int):
    report = services.publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=Kind.ANNUAL_REPORT, year=year
    )
    publish(world, report)
    return report


def _version(report) -> PublicationVersion:
    return report.versions.order_by("-number").first()


def _words(response) -> str:
    return words_of(response.content.decode())


def _follow(client, response) -> str:
    assert response.status_code == 302, response.status_code
    return _words(client.get(response.url))


def _shown(page: str) -> dict:
    return {name: field.chosen[0] for name, field in fields_shown(page).items() if field.chosen}


def _third_audit_of_the_year(world):
    """An audit of three cases: the year's only ‘Child C’."""
    return _titled(audit_with_findings(world, cases=3, child_names={}), "Exploitation of teenagers")


def test_a_bare_child_a_in_the_reason_is_refused_when_the_correction_is_started_or_its_reason_changed(
    world,
    two_audits,  # noqa: F811
    client_for,
):
    babies, _school = two_audits
    report = _published_report(world, babies.programme.year)
    qa = client_for(world["qa"])
    url = reverse("publications:correct", args=[report.pk])

    page = _words(qa.post(url, {"reason": BARE}))
    assert "There is a problem" in page
    assert WRITES_IT_BARE in page
    assert report.versions.count() == 1  # nothing started

    # Written after its audit's title, as the report writes it: started, and shown so.
    page = _follow(qa, qa.post(url, {"reason": TITLED}))
    assert f"Correction: {TITLED}" in page

    # Changed on its page, it is checked as when it was started.
    change = reverse("publications:correction_reason", args=[report.pk])
    form = _shown(qa.get(change).content.decode())
    response = qa.post(change, {**form, "reason": BARE})
    page = _words(response)
    assert "There is a problem" in page
    assert WRITES_IT_BARE in page
    assert _shown(response.content.decode())["reason"] == BARE  # kept as typed
    assert _version(report).correction_reason == TITLED
    page = _words(qa.get(reverse("publications:detail", args=[report.pk])))
    assert f"Correction: {TITLED}" in page
    assert BARE not in page


def test_a_pseudonym_come_into_the_year_since_stops_the_correction_until_its_reason_is_changed(
    world,
    two_audits,  # noqa: F811
    client_for,
):
    babies, _school = two_audits
    report = _published_report(world, babies.programme.year)
    qa = client_for(world["qa"])
    assert "Correction: " + LATER in _follow(
        qa, qa.post(reverse("publications:correct", args=[report.pk]), {"reason": LATER})
    )
    _third_audit_of_the_year(world)

    # The publication's page and the safety check say so before anything is pressed.
    change = reverse("publications:correction_reason", args=[report.pk])
    detail = qa.get(reverse("publications:detail", args=[report.pk])).content.decode()
    assert ONLY_ONE in words_of(detail)
    assert f'href="{change}"' in detail
    check = _words(qa.get(reverse("publications:check", args=[report.pk])))
    assert ONLY_ONE in check
    assert "Nothing left to fix" not in check

    # Submitting is refused, saying why and where the reason is changed.
    submit = reverse("publications:submit", args=[report.pk])
    assert ONLY_ONE in _words(qa.get(submit))
    page = _words(qa.post(submit, {"version": _version(report).version}))
    assert "There is a problem" in page
    assert (
        ONLY_ONE + " Change it with ‘Change the reason for the correction’ on the publication’s page "
        "before it can be submitted."
    ) in page
    assert _version(report).status == Status.DRAFT

    # Written after its audit's title, it goes for approval.
    form = _shown(qa.get(change).content.decode())
    titled = "The table of cases left out Exploitation of teenagers: Child C."
    assert "has been saved" in _follow(qa, qa.post(change, {**form, "reason": titled}))
    assert ONLY_ONE not in _words(qa.get(reverse("publications:detail", args=[report.pk])))
    assert "has been submitted for approval" in _follow(qa, qa.post(submit, {"version": _version(report).version}))


def test_a_pseudonym_come_into_the_year_after_approval_stops_the_publishing(world, two_audits, client_for):  # noqa: F811
    babies, _school = two_audits
    report = _published_report(world, babies.programme.year)
    services.correction_start(actor=world["qa"].user, publication=report, reason=LATER)
    version = _version(report)
    version = services.version_submit(actor=world["admin"].user, version=version, expected_version=version.version)
    qa = world["qa"]
    services.version_approve(actor=qa.user, membership=qa.membership, version=version, expected_version=version.version)
    _third_audit_of_the_year(world)

    admin = client_for(world["admin"])
    url = reverse("publications:publish", args=[report.pk])
    assert ONLY_ONE in _words(admin.get(url))
    page = _words(admin.post(url, {"version": _version(report).version}))
    assert "There is a problem" in page
    assert (
        ONLY_ONE + " The approver must send it back to draft, so that the reason can be changed before it is published."
    ) in page
    assert _version(report).status == Status.APPROVED
    # Readers still read the version published before, without the reason.
    board = _words(client_for(world["board"]).get(reverse("publications:detail", args=[report.pk])))
    assert LATER not in board
