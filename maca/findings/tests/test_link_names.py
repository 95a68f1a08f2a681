"""What a screen reader hears for the links beside each finding: words the
page shows, never a number that appears nowhere on it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from maca.findings.models import Finding
from maca.findings.tests.builders import audit_at_meeting

pytestmark = pytest.mark.django_db


def test_each_findings_link_is_named_by_the_findings_opening_words(world, client_for):
    audit = audit_at_meeting(world)
    case = audit.audit_cases.order_by("number").first()
    finding = Finding.objects.create(
        partnership=world.partnership,
        audit=audit,
        audit_case=case,
        polarity="concern",
        text="The school nurse was not told\nabout the move to a new address in the spring term.",
    )
    body = client_for(world["qa"]).get(reverse("findings:case", args=[audit.pk, case.pk])).content.decode()
    names = re.findall(r'>Themes and changes<span class="govuk-visually-hidden">(.*?)</span>', body)
    assert names == [" for ‘The school nurse was not told about the…’"]
    assert str(finding.pk) not in "".join(names)
