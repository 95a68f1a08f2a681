"""On the list of audit tools every tool has a "Version 1": each link says,
for screen readers, which tool's version it opens."""

from __future__ import annotations

import lxml.html
from django.urls import reverse

from maca.tools.tests.builders import draft_tool, published_tool


def test_each_tools_version_links_name_the_tool(world, client_for):
    neglect = published_tool(world.partnership, name="Neglect audit tool")
    harm = published_tool(world.partnership, name="Sexual harm audit tool")
    exploitation = draft_tool(world.partnership, name="Exploitation audit tool")
    doc = lxml.html.fromstring(client_for(world["qa"]).get(reverse("tools:index")).content.decode())
    links = [(" ".join(a.text_content().split()), a.get("href")) for a in doc.xpath("//main//table//a[@href]")]
    assert len({text for text, _ in links}) == len(links), "no two links in the table read the same"
    assert ("Version 1 of ‘Neglect audit tool’", reverse("tools:version", args=[neglect.pk])) in links
    assert ("Version 1 of ‘Sexual harm audit tool’", reverse("tools:version", args=[harm.pk])) in links
    assert ("Version 1 (draft) of ‘Exploitation audit tool’", reverse("tools:version", args=[exploitation.pk])) in links
    # What a sighted person sees is unchanged: the tool's name is visually hidden.
    (link,) = doc.xpath(f'//main//a[@href="{reverse("tools:version", args=[neglect.pk])}"]')
    assert link.text == "Version 1"
    assert link.xpath('./span[@class="govuk-visually-hidden"]')[0].text_content() == " of ‘Neglect audit tool’"
