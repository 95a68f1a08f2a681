"""Found walking the agencies as the partnership's admin: the words of the
kinds of agency, as the list and the form show them."""

import html
import re

from django.urls import reverse

from maca.partnerships.models import AgencyKind
from maca.partnerships.tests.factories import AgencyFactory


def _words(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_childrens_social_care_is_written_with_a_curly_apostrophe(world, client_for):
    AgencyFactory(partnership=world.partnership, name="Testshire Social Care", kind=AgencyKind.CHILDRENS_SOCIAL_CARE)
    admin = client_for(world["admin"])
    listed = _words(admin.get(reverse("partnerships:agencies")))
    assert "Testshire Social Care Children’s social care" in listed
    offered = _words(admin.get(reverse("partnerships:create")))
    assert "Children’s social care" in offered
    assert "Children's social care" not in listed + offered
