"""The pseudonyms page opened from a publication ("?publication=N") leads
back to it only when it is a kept publication of that audit of the person's
own partnership (``selectors.publication_of_audit``, read with the tenant
key): another partnership's publication, even one recorded against this
audit, a discarded one or another audit's, leads back to the audit."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from maca.publications import selectors
from maca.publications.models import Kind, Publication
from maca.publications.tests.builders import audit_with_findings, six_step_for

pytestmark = pytest.mark.django_db


def _back_link(response) -> tuple[str, str]:
    found = re.search(r'<a href="([^"]*)" class="govuk-back-link">([^<]*)</a>', response.content.decode())
    assert found, "no back link"
    return found.group(2).strip(), found.group(1)


def test_only_a_kept_publication_of_the_audit_of_ones_own_partnership_is_led_back_to(world, client_for):
    audit = audit_with_findings(world, child_names={})
    own = six_step_for(world, audit)
    other_audit = audit_with_findings(world, child_names={})
    of_another_audit = six_step_for(world, other_audit)
    discarded = Publication.objects.create(
        partnership=world.partnership,
        kind=Kind.KEY_MESSAGES,
        audit=audit,
        title="Key messages",
        created_by=world["qa"].user,
        discarded_at=timezone.now(),
    )
    # A row of another partnership that names this audit: never found from this partnership.
    elsewhere = Publication.objects.create(
        partnership=world.other_partnership,
        kind=Kind.LEARNING_SUMMARY,
        audit=audit,
        title="Learning summary",
        created_by=world["outsider"].user,
    )
    qa = client_for(world["qa"])
    people = reverse("publications:people", args=[audit.pk])
    to_audit = ("Back to the audit", reverse("programme:audit", args=[audit.pk]))
    assert _back_link(qa.get(f"{people}?publication={own.pk}")) == (
        "Back to the publication",
        reverse("publications:detail", args=[own.pk]),
    )
    for publication in (of_another_audit, discarded, elsewhere):
        assert _back_link(qa.get(f"{people}?publication={publication.pk}")) == to_audit, publication.title

    assert selectors.publication_of_audit(world.partnership, audit, own.pk) == own
    assert selectors.publication_of_audit(world.partnership, audit, elsewhere.pk) is None
    assert selectors.publication_of_audit(world.other_partnership, audit, elsewhere.pk) == elsewhere
    assert selectors.publication_of_audit(world.partnership, audit, None) is None
