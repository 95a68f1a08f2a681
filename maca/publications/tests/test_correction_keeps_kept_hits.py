"""A correction starts from the published words, so what the safety check
found there and a person kept with a reason stays kept in the correction's
draft, with the same reason and person; it is asked again only where the
correction changes those words."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maca.audit_trail.models import AuditEvent
from maca.publications import checking, services
from maca.publications.document import Document
from maca.publications.models import SafetyOverride, Status
from maca.publications.tests.builders import audit_with_findings, publish, six_step_for
from maca.tests.test_words_on_pages import words_of

pytestmark = pytest.mark.django_db

NUMBER = "Call 07700 900461 for the out-of-hours worker."
REASON = "The duty team's number, published on the council's own site."


def _type(world, version, text):
    section = Document.from_json(version.document).section("findings")
    return services.section_update(
        actor=world["qa"].user,
        version=version,
        key="findings",
        heading=section.heading,
        text=f"{section.text}\n\n{text}",
        expected_version=version.version,
    )


@pytest.fixture
def published(world):
    publication = six_step_for(world, audit_with_findings(world))
    version = _type(world, publication.versions.get(status=Status.DRAFT), NUMBER)
    (hit,) = checking.check_version(version)
    services.hit_override(actor=world["admin"].user, version=version, fingerprint=hit.fingerprint, reason=REASON)
    publish(world, publication)
    return publication


def test_the_correction_keeps_what_was_kept_and_says_who_kept_it(world, published, client_for):
    correction = services.correction_start(
        actor=world["qa"].user, publication=published, reason="The date of the meeting in step 1 was wrong."
    )
    (hit,) = checking.check_version(correction)
    assert not hit.is_open
    assert hit.override.reason == REASON
    assert hit.override.decided_by == world["admin"].user
    first = SafetyOverride.objects.get(version__number=1)
    assert hit.override.decided_at == first.decided_at
    assert AuditEvent.objects.get(action="publication.correction_started").changes["kept_hits_carried"] == 1

    page = words_of(client_for(world["qa"]).get(reverse("publications:check", args=[published.pk])).content.decode())
    assert "Nothing left to fix" in page
    assert "Kept with a reason" in page
    assert f"{world['admin'].user.full_name}: “{REASON}”" in page

    correction = services.version_submit(
        actor=world["qa"].user, version=correction, expected_version=correction.version
    )
    assert correction.status == Status.SUBMITTED


def test_a_kept_hit_whose_words_the_correction_changes_is_asked_again(world, published):
    correction = services.correction_start(
        actor=world["qa"].user, publication=published, reason="The duty team's number in step 4 was wrong."
    )
    document = Document.from_json(correction.document)
    section = document.section("findings")
    correction = services.section_update(
        actor=world["qa"].user,
        version=correction,
        key="findings",
        heading=section.heading,
        text=section.text.replace("07700 900461", "07700 900462"),
        expected_version=correction.version,
    )
    (hit,) = checking.check_version(correction)
    assert hit.is_open
    with pytest.raises(ValidationError, match="could identify someone"):
        services.version_submit(actor=world["qa"].user, version=correction, expected_version=correction.version)
    # The published version keeps its own kept hit.
    assert [o.reason for o in SafetyOverride.objects.filter(version__number=1)] == [REASON]
