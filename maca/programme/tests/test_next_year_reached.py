"""Planning next year: the programme's page leads the QA officer to create
the next year's programme (no address to type); a board member is not offered it."""

import html
import re

from django.urls import reverse

from maca.programme.tests.factories import ProgrammeFactory


def _links(response) -> dict[str, str]:
    """Each link's words, as shown, and its address."""
    found = re.findall(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', response.content.decode(), re.S)
    return {" ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split()): html.unescape(href) for href, text in found}


def test_the_programme_page_leads_to_creating_next_years_programme(world, client_for):
    ProgrammeFactory(partnership=world.partnership, year=2026)
    client = client_for(world["qa"])
    links = _links(client.get(reverse("programme:year", args=[2026])))
    assert links["Create the 2027–28 programme"] == reverse("programme:programme_new") + "?year=2027"

    client.post(reverse("programme:programme_new"), {"year": "2027"})
    links = _links(client.get(reverse("programme:year", args=[2026])))
    assert "Create the 2027–28 programme" not in links
    assert links["2027–28"] == reverse("programme:year", args=[2027])
    assert links["Create the 2028–29 programme"] == reverse("programme:programme_new") + "?year=2028"


def test_a_board_member_is_not_offered_to_create_a_programme(world, client_for):
    ProgrammeFactory(partnership=world.partnership, year=2026)
    links = _links(client_for(world["board"]).get(reverse("programme:year", args=[2026])))
    assert not [text for text in links if text.startswith("Create")]
