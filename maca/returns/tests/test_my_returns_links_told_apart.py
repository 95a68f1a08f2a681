"""On the agency's list of returns every audit has a "Case 1": each link
says, for screen readers, which audit and agency its return is for."""

from __future__ import annotations

from collections import defaultdict

import lxml.html
from django.urls import reverse

from maca.returns.models import Return
from maca.returns.tests.builders import audit_with_returns


def test_each_returns_link_names_its_audit_and_agency(world, client_for):
    first = audit_with_returns(world, cases=1, agencies=[world.police])
    second = audit_with_returns(world, cases=1, agencies=[world.police])
    doc = lxml.html.fromstring(client_for(world["lead"]).get(reverse("returns:mine")).content.decode())
    places = defaultdict(set)
    for a in doc.xpath("//main//a[@href]"):
        places[" ".join(a.text_content().split())].add(a.get("href"))
    assert all(len(hrefs) == 1 for hrefs in places.values()), "no two links with the same words go to different places"
    for audit in (first, second):
        href = reverse("returns:detail", args=[Return.objects.get(audit=audit).pk])
        (link,) = doc.xpath(f'//main//a[@href="{href}"]')
        assert " ".join(link.text_content().split()) == f"{link.text.strip()} – {audit.title}, Testshire Police"
        assert link.text.strip().startswith("Case ")  # what a sighted person sees is unchanged
