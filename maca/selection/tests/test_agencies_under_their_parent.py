"""A case's agencies page (QA walk): each sub-unit (a GP practice) is listed
under the agency it belongs to, not after all the agencies; the boxes ticked
are still ticked when the page is opened again after saving."""

from __future__ import annotations

import re

from maca.partnerships.models import AgencyKind
from maca.partnerships.tests.factories import AgencyFactory
from maca.returns.tests.builders import audit_with_returns
from maca.selection.tests.agencies_page import agencies_url
from maca.tests.page import Page, words_shown


def _labels_in_order(body: str) -> list[str]:
    """The agencies' check box labels, as the page lists them."""
    return [
        words_shown(label)
        for label in re.findall(r'<label class="govuk-label govuk-checkboxes__label"[^>]*>(.*?)</label>', body, re.S)
    ]


def test_sub_units_are_listed_under_their_agency_and_ticks_are_kept(world, client_for):
    AgencyFactory(
        partnership=world.partnership, name="Abbey Lane Surgery", kind=AgencyKind.GP_PRACTICE, parent=world.health
    )
    AgencyFactory(partnership=world.partnership, name="Allshire Youth Justice", kind=AgencyKind.YOUTH_JUSTICE)
    audit_case = audit_with_returns(world, cases=1).audit_cases.current().get()  # the police and health audit it
    qa, url = client_for(world["qa"]), agencies_url(audit_case)

    body = qa.get(url).content.decode()
    assert _labels_in_order(body) == [
        "Allshire Youth Justice",
        "Testshire Care Board",
        "Abbey Lane Surgery (Testshire Care Board)",
        "Mill Lane Surgery (Testshire Care Board)",
        "Testshire Police",
    ]

    page = Page(body)
    ticked = {str(world.police.pk), str(world.health.pk), str(world.gp_practice.pk)}
    response = qa.post(url, {"agencies": sorted(ticked), "shown": page.value("shown")})
    assert response.status_code == 302
    assert Page(qa.get(url).content.decode()).checked("agencies") == ticked
