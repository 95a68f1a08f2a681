"""The safety check before approval: a name typed into an output is found in
context with its reason, replaced by the audit's pseudonym in one click, or
kept with a written reason that is logged; submitting and approving are
refused while anything is left."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maca.audit_trail.models import AuditEvent
from maca.publications import checking, services
from maca.publications.document import Document
from maca.publications.models import Pseudonym, Status
from maca.publications.pseudonyms import ensure_pseudonyms, family_member_add, held_names
from maca.publications.tests.builders import CONCERN, audit_with_findings, six_step_for

pytestmark = pytest.mark.django_db

SLIP = "Kayden told the school nurse he was hungry. His mother's mobile is 07700 900461."


@pytest.fixture
def briefing(world):
    return six_step_for(world, audit_with_findings(world, child_names={1: ["Kayden Ashworth"]}))


def _type_into_findings(world, publication, text=SLIP):
    version = publication.versions.get(status=Status.DRAFT)
    section = Document.from_json(version.document).section("findings")
    return services.section_update(
        actor=world["qa"].user,
        version=version,
        key="findings",
        heading=section.heading,
        text=f"{section.text}\n\n{text}",
        expected_version=version.version,
    )


def test_a_drafted_briefing_of_ordinary_professional_text_has_no_hit(briefing):
    assert checking.check_version(briefing.versions.get()) == []


def test_a_typed_name_is_found_in_context_with_its_pseudonym(world, briefing):
    version = _type_into_findings(world, briefing)
    found = checking.check_version(version)
    assert [(h.hit.kind, h.hit.text, h.proposal) for h in found] == [
        ("name", "Kayden", "Child A"),
        ("phone", "07700 900461", None),
    ]
    name = found[0]
    assert name.where == "‘4. Findings identified per case’"
    assert name.after.startswith(" told the school nurse")
    assert "held for" in name.hit.reason


def test_submitting_is_refused_until_each_hit_is_replaced_or_kept(world, briefing):
    version = _type_into_findings(world, briefing)
    with pytest.raises(ValidationError, match="found 2 things that could identify someone"):
        services.version_submit(actor=world["qa"].user, version=version, expected_version=version.version)
    name, phone = checking.check_version(version)
    version = services.hit_replace(
        actor=world["qa"].user,
        version=version,
        address=name.address,
        start=name.hit.start,
        end=name.hit.end,
        found=name.hit.text,
        new=name.proposal,
        expected_version=version.version,
    )
    assert "Child A told the school nurse" in Document.from_json(version.document).section("findings").text
    with pytest.raises(ValidationError, match="Say why"):
        services.hit_override(actor=world["qa"].user, version=version, fingerprint=phone.fingerprint, reason="ok")
    services.hit_override(
        actor=world["qa"].user,
        version=version,
        fingerprint=phone.fingerprint,
        reason="A fictional number from the range set aside for drama.",
    )
    event = AuditEvent.objects.filter(action="publication.check_overridden").get()
    assert event.changes["reason"] == "A fictional number from the range set aside for drama."
    assert "07700" not in str(event.changes)
    version.refresh_from_db()
    version = services.version_submit(actor=world["qa"].user, version=version, expected_version=version.version)
    assert version.status == Status.SUBMITTED


def test_a_stale_replacement_is_refused(world, briefing):
    version = _type_into_findings(world, briefing)
    name = checking.check_version(version)[0]
    with pytest.raises(ValidationError, match="changed since it was checked"):
        services.hit_replace(
            actor=world["qa"].user,
            version=version,
            address=name.address,
            start=name.hit.start + 1,
            end=name.hit.end + 1,
            found=name.hit.text,
            new="Child A",
            expected_version=version.version,
        )


def test_approval_is_refused_when_a_name_is_held_after_submission(world, briefing):
    version = _type_into_findings(world, briefing, text="The lodger, Shane, was not checked.")
    version = services.version_submit(actor=world["admin"].user, version=version, expected_version=version.version)
    audit_case = briefing.audit.audit_cases.get(number=2)
    family_member_add(
        actor=world["qa"].user, audit=briefing.audit, audit_case=audit_case, relation="lodger", names=["Shane Morrow"]
    )
    qa = world["qa"]
    with pytest.raises(ValidationError, match="before it can be approved"):
        services.version_approve(
            actor=qa.user, membership=qa.membership, version=version, expected_version=version.version
        )


def test_pseudonyms_are_stable_and_names_are_held_encrypted(world, briefing):
    audit = briefing.audit
    before = list(Pseudonym.objects.filter(audit=audit).values_list("pk", "label"))
    assert ensure_pseudonyms(actor=world["qa"].user, audit=audit) == 0
    assert list(Pseudonym.objects.filter(audit=audit).values_list("pk", "label")) == before
    mother = family_member_add(
        actor=world["qa"].user,
        audit=audit,
        audit_case=audit.audit_cases.get(number=1),
        relation="Mother",
        names=["Leanne Ashworth"],
    )
    assert mother.label == "Child A’s mother"
    assert held_names(audit) == {"Kayden Ashworth": "Child A", "Leanne Ashworth": "Child A’s mother"}
    stored = Pseudonym.objects.filter(pk=mother.pk).values_list("names", flat=True).get()
    assert "Leanne" not in str(stored)
    with pytest.raises(ValidationError, match="already a pseudonym"):
        family_member_add(
            actor=world["qa"].user, audit=audit, audit_case=audit.audit_cases.get(number=1), relation="mother", names=[]
        )


def test_the_check_page_shows_each_hit_and_replaces_it_in_one_click(world, briefing, client_for):
    _type_into_findings(world, briefing, text="Kayden was not seen alone.")
    client = client_for(world["qa"])
    url = reverse("publications:check", args=[briefing.pk])
    page = client.get(url).content.decode()
    assert "1 thing to fix" in page
    assert "<mark>Kayden</mark> was not seen alone." in page
    assert "Replace with ‘Child A’" in page
    version = briefing.versions.get()
    hit = checking.check_version(version)[0]
    response = client.post(
        reverse("publications:replace", args=[briefing.pk]),
        {
            "version": version.version,
            "address": hit.address,
            "start": hit.hit.start,
            "end": hit.hit.end,
            "found": hit.hit.text,
            "new": hit.proposal,
        },
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Nothing left to fix" in page
    detail = client.get(reverse("publications:detail", args=[briefing.pk])).content.decode()
    assert "Child A was not seen alone." in detail
    assert CONCERN in detail


def test_the_override_page_asks_for_a_reason(world, briefing, client_for):
    version = _type_into_findings(world, briefing, text="Call 07700 900461.")
    hit = checking.check_version(version)[0]
    client = client_for(world["qa"])
    url = reverse("publications:override", args=[briefing.pk, hit.fingerprint])
    response = client.post(url, {"reason": ""})
    assert "Say why this can be published" in response.content.decode()
    response = client.post(url, {"reason": "The duty team's number, published on the council's site."})
    assert response.status_code == 302
    page = client.get(reverse("publications:check", args=[briefing.pk])).content.decode()
    assert "Kept with a reason" in page and "The duty team&#x27;s number" in page
