"""What a QA walk of publications found, each as the person sees it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.publications import services
from maca.publications.models import PublicationSettings
from maca.publications.tests.builders import audit_with_findings, six_step_for
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db


def _words(response) -> str:
    assert response.status_code == 200, response.status_code
    return words_of(response.content.decode())


def test_the_list_tells_an_approver_they_also_see_those_waiting(world, client_for):
    """A board member who approves sees versions waiting for approval in the
    list: it must not say they see only the published ones."""
    PublicationSettings.objects.create(partnership=world.partnership, approver_role="board_member")
    publication = six_step_for(world, audit_with_findings(world, child_names={}))
    version = publication.versions.get()
    services.version_submit(actor=world["qa"].user, version=version, expected_version=version.version)
    index = reverse("publications:index")
    page = _words(client_for(world["board"]).get(index))
    assert publication.title in page
    assert "You see the published ones, and those waiting for approval or to be published." in page
    # Someone who only reads sees it said as before, and nothing waiting.
    page = _words(client_for(world["scrutineer"]).get(index))
    assert "You see the published ones." in page
    assert publication.title not in page


def _back_link(response) -> tuple[str, str]:
    import re

    found = re.search(r'<a href="([^"]*)" class="govuk-back-link">([^<]*)</a>', response.content.decode())
    assert found, "no back link"
    return found.group(2).strip(), found.group(1)


def test_the_pseudonyms_opened_from_a_publication_lead_back_to_it(world, client_for):
    """ "Pseudonyms and names held" on a publication's page opened a page whose
    only way back went to the audit, even after adding someone or saving names."""
    audit = audit_with_findings(world, child_names={})
    publication = six_step_for(world, audit)
    qa = client_for(world["qa"])
    detail = reverse("publications:detail", args=[publication.pk])
    page = qa.get(detail).content.decode()
    people = reverse("publications:people", args=[audit.pk]) + f"?publication={publication.pk}"
    assert f'href="{people}"' in page
    response = qa.get(people)
    assert _back_link(response) == ("Back to the publication", detail)
    # Adding a family member comes back to the same page, still leading to the publication.
    case = audit.audit_cases.order_by("number").first()
    response = qa.post(people, {"audit_case": case.pk, "relation": "aunt", "names": ""})
    assert response.status_code == 302 and response.url == people
    response = qa.get(response.url)
    assert "‘Child A’s aunt’ has been added." in _words(response)
    assert _back_link(response) == ("Back to the publication", detail)
    # One person's names: back to the pseudonyms, and from there to the publication.
    from maca.publications import pseudonyms

    aunt = next(p for p in pseudonyms.pseudonyms_for(audit) if p.label == "Child A’s aunt")
    person = reverse("publications:person", args=[audit.pk, aunt.pk]) + f"?publication={publication.pk}"
    assert f'href="{person}"' in response.content.decode()
    response = qa.get(person)
    assert _back_link(response) == ("Back to the pseudonyms", people)
    # Opened from the audit (no publication, or one of another audit): back to the audit.
    plain = reverse("publications:people", args=[audit.pk])
    assert _back_link(qa.get(plain)) == ("Back to the audit", reverse("programme:audit", args=[audit.pk]))
    assert _back_link(qa.get(plain + "?publication=999999"))[0] == "Back to the audit"


def test_a_postcode_ending_a_sentence_before_a_school_is_found(world, client_for):
    """ "Moved to NG1 2AB. Oakfield Primary School was told.": the school's
    name ran back over "AB." and swallowed the postcode, which the safety
    check then never showed; keeping the school with a reason let the
    postcode through."""
    from maca.publications.document import Document
    from maca.publications.models import Status

    publication = six_step_for(world, audit_with_findings(world, child_names={}))
    version = publication.versions.get(status=Status.DRAFT)
    section = Document.from_json(version.document).section("findings")
    services.section_update(
        actor=world["qa"].user,
        version=version,
        key="findings",
        heading=section.heading,
        text=f"{section.text}\n\nThe family moved to NG1 2AB. Oakfield Primary School was told in May. "
        "Redwater Primary School was not.",
        expected_version=version.version,
    )
    page = client_for(world["qa"]).get(reverse("publications:check", args=[publication.pk])).content.decode()
    assert "<mark>NG1 2AB</mark>" in page
    assert "<mark>Oakfield Primary School</mark>" in page
    assert "<mark>Redwater Primary School</mark>" in page
    assert "3 things to fix" in words_of(page)


def test_a_school_name_keeps_its_abbreviations():
    from maca.publications.safety.check import SafetyCheck

    found = SafetyCheck().find("He attends St. Anne's R.C. Primary School, then J. Smith Academy.")
    assert [h.text for h in found] == ["St. Anne's R.C. Primary School", "J. Smith Academy"]


@pytest.mark.parametrize(
    "sentence, name",
    [
        ("She attends Hillside Inf. School in the town.", "Hillside Inf. School"),
        ("He moved to Redwater Jnr. School last year.", "Redwater Jnr. School"),
        ("A pupil at Gt. Barford Primary since May.", "Gt. Barford Primary"),
        ("He went to Wm. Hulme Grammar School.", "Wm. Hulme Grammar School"),
    ],
)
def test_a_shortened_word_in_a_school_name_does_not_end_it(sentence, name):
    """A full stop after "Inf", "Jnr", "Gt" or "Wm" ends no sentence: the name
    is found whole, not cut down to what follows the stop, or missed."""
    from maca.publications.safety.check import SafetyCheck

    assert [h.text for h in SafetyCheck().find(sentence)] == [name]


def test_the_annual_report_names_every_theme_tied_as_most_raised(world, client_for):
    """Five themes tied at 2 concerns in the demo's 2024–25 report, which
    said "Raised most often as a concern: Information sharing (2 findings)",
    as if it alone stood out; the recurrence pages name them all."""
    from maca.findings.models import Finding, FindingTag, Theme
    from maca.publications.models import Kind

    audit = audit_with_findings(world, child_names={})  # Think family on each case's concern: 2
    sharing = Theme.objects.get(partnership=world.partnership, key="information_sharing")
    for concern in Finding.objects.filter(audit=audit, polarity="concern"):
        FindingTag.objects.create(
            partnership=world.partnership, finding=concern, theme=sharing, confirmed_by=world["qa"].user
        )
    year = audit.programme.year
    label = f"{year}–{str(year + 1)[-2:]}"
    report = services.publication_create(
        actor=world["qa"].user, partnership=world.partnership, kind=Kind.ANNUAL_REPORT, year=year
    )
    page = _words(client_for(world["qa"]).get(reverse("publications:detail", args=[report.pk])))
    assert f"Raised most often as a concern in {label}: Information sharing and Think family (2 findings each)." in page


def test_keeping_a_hit_someone_kept_meanwhile_says_their_reason_was_kept(world, client_for):
    """Two people open "Keep it, with a reason" for the same hit; the second
    to save was told "kept, with your reason" while the first one's reason
    was the one recorded, theirs dropped without a word."""
    from maca.publications import checking
    from maca.publications.document import Document
    from maca.publications.models import Status

    publication = six_step_for(world, audit_with_findings(world, child_names={}))
    version = publication.versions.get(status=Status.DRAFT)
    section = Document.from_json(version.document).section("findings")
    services.section_update(
        actor=world["qa"].user,
        version=version,
        key="findings",
        heading=section.heading,
        text=f"{section.text}\n\nHis mother’s mobile is 07700 900461.",
        expected_version=version.version,
    )
    version.refresh_from_db()
    [hit] = checking.check_version(version)
    url = reverse("publications:override", args=[publication.pk, hit.fingerprint])
    qa = client_for(world["qa"])
    assert qa.get(url).status_code == 200  # the QA officer opens the form ...
    admin = world["admin"]
    services.hit_override(  # ... and the admin keeps it first
        actor=admin.user, version=version, fingerprint=hit.fingerprint, reason="The duty team's published number."
    )
    response = qa.post(url, {"reason": "It is the MASH's public line, on its website."})
    assert response.status_code == 302
    page = _words(qa.get(response.url))
    assert "kept, with your reason" not in page
    assert (
        f"It had already been kept by {admin.user.full_name}, with the reason “The duty team's published number.”: "
        "the reason you typed has not been saved." in page
    )
    # Keeping it a first time says so as before.
    services.section_update(
        actor=world["qa"].user,
        version=version,
        key="theme",
        heading=Document.from_json(version.document).section("theme").heading,
        text="Her father’s mobile is 07700 900462.",
        expected_version=version.version,
    )
    version.refresh_from_db()
    [fresh] = [h for h in checking.check_version(version) if h.is_open]
    response = qa.post(
        reverse("publications:override", args=[publication.pk, fresh.fingerprint]),
        {"reason": "The team's number, on its website."},
    )
    assert "What the safety check found has been kept, with your reason." in _words(qa.get(response.url))


def test_drafting_one_the_audit_already_has_says_what_can_be_done_with_it(world, client_for):
    """Drafting a 6 Step Briefing for an audit whose briefing is published said
    "open it to edit it": a published one cannot be edited, only corrected."""
    from maca.publications.models import Kind
    from maca.publications.tests.builders import publish

    audit = audit_with_findings(world, child_names={})
    publication = six_step_for(world, audit)
    qa = client_for(world["qa"])
    again = {"kind": Kind.SIX_STEP, "audit": audit.pk}
    version = publication.versions.get()
    services.version_submit(actor=world["admin"].user, version=version, expected_version=version.version)
    page = words_of(qa.post(reverse("publications:new"), again).content.decode())
    assert "This audit already has a 6 Step Briefing, waiting for approval" in page
    assert "open it to edit it" not in page
    version.refresh_from_db()
    services.version_return(  # the QA officer (the approver's role) sends it back, so that it can be published
        actor=world["qa"].user,
        membership=world["qa"].membership,
        version=version,
        reason="Say who the fathers were.",
        expected_version=version.version,
    )
    publish(world, publication)
    page = words_of(qa.post(reverse("publications:new"), again).content.decode())
    assert "This audit already has a 6 Step Briefing: open it to read or correct it" in page


def test_keeping_an_nhs_number_says_nhs_in_capitals(world, client_for):
    """The page to keep a hit was headed "Keep this nhs number"."""
    from maca.publications import checking
    from maca.publications.document import Document
    from maca.publications.models import Status

    publication = six_step_for(world, audit_with_findings(world, child_names={}))
    version = publication.versions.get(status=Status.DRAFT)
    section = Document.from_json(version.document).section("findings")
    services.section_update(
        actor=world["qa"].user,
        version=version,
        key="findings",
        heading=section.heading,
        text=f"{section.text}\n\nHis NHS number is 943 476 5919. Her mobile is 07700 900461.",
        expected_version=version.version,
    )
    version.refresh_from_db()
    qa = client_for(world["qa"])
    headings = {}
    for hit in checking.check_version(version):
        page = qa.get(reverse("publications:override", args=[publication.pk, hit.fingerprint])).content.decode()
        headings[hit.hit.kind] = words_of(page)
    assert "Keep this NHS number" in headings["nhs_number"]
    assert "Keep this nhs number" not in headings["nhs_number"]
    assert "Keep this phone number" in headings["phone"]
