"""A version opened from the publication's table of versions goes back to the
publication it is a version of, not to the list of every publication; the
publication's own page goes back to that list."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from maca.publications.tests.builders import six_step_for

pytestmark = pytest.mark.django_db


def _back_link(html: str) -> tuple[str, str]:
    href, text = re.search(r'<a href="([^"]*)" class="govuk-back-link">([^<]*)</a>', html).groups()
    return text.strip(), href


def test_a_version_goes_back_to_its_publication(world, client_for):
    publication = six_step_for(world)
    client = client_for(world["qa"])
    detail = reverse("publications:detail", args=[publication.pk])
    page = client.get(detail).content.decode()
    assert reverse("publications:version", args=[publication.pk, 1]) in page  # its table of versions links to it
    assert _back_link(page) == ("Back to publications", reverse("publications:index"))
    version = client.get(reverse("publications:version", args=[publication.pk, 1])).content.decode()
    assert _back_link(version) == ("Back to the publication", detail)
