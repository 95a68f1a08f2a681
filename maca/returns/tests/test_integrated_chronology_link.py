"""A return's pages link to the integrated chronology of its case only for
someone who may open it: agency staff may open only the cases their agency is
assigned to now, so the lead of an agency taken off a case still sees their
withdrawn return, but no link to a page that would answer "not found"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.returns.models import ReturnStatus
from maca.returns.tests.chronology_factories import make_chronology_audit
from maca.selection.services import assignments_set
from maca.tests.page import words_shown

ON_THE_RETURN = "Multi-agency chronology of case"
ON_THE_CHRONOLOGY = "See the multi-agency chronology of case"


@pytest.fixture
def made(world):
    return make_chronology_audit(world)


def integrated_url(made) -> str:
    return reverse("chronology:integrated", args=[made.audit.pk, made.audit_case.pk])


def take_police_off_the_case(world, made):
    assignments_set(actor=made.audit.lead, audit_case=made.audit_case, agencies=[world.health])
    police_return = made.return_of(world.police)
    police_return.refresh_from_db()
    assert police_return.status == ReturnStatus.WITHDRAWN
    return police_return


def test_a_withdrawn_returns_pages_offer_the_integrated_chronology_only_to_those_who_can_open_it(
    world, made, client_for
):
    police_return = take_police_off_the_case(world, made)

    # The police lead still sees the withdrawn return, but not the case.
    lead = client_for(world["lead"])
    detail = lead.get(reverse("returns:detail", args=[police_return.pk]))
    assert detail.status_code == 200
    assert ON_THE_RETURN not in words_shown(detail.content.decode())
    assert integrated_url(made) not in detail.content.decode()
    chronology = lead.get(reverse("chronology:return", args=[police_return.pk]))
    assert chronology.status_code == 200
    assert ON_THE_CHRONOLOGY not in words_shown(chronology.content.decode())
    assert integrated_url(made) not in chronology.content.decode()

    # The QA officer, who sees every case, is offered it from the withdrawn return.
    qa = client_for(world["qa"])
    assert ON_THE_RETURN in words_shown(qa.get(reverse("returns:detail", args=[police_return.pk])).content.decode())
    assert qa.get(integrated_url(made)).status_code == 200

    # The lead of the agency still on the case is offered it from their return, and it opens.
    health_lead = client_for(world["health_lead"])
    health_return = made.return_of(world.health)
    shown = health_lead.get(reverse("returns:detail", args=[health_return.pk])).content.decode()
    assert ON_THE_RETURN in words_shown(shown)
    chronology = health_lead.get(reverse("chronology:return", args=[health_return.pk]))
    assert ON_THE_CHRONOLOGY in words_shown(chronology.content.decode())
    assert health_lead.get(integrated_url(made)).status_code == 200


def test_the_integrated_chronology_leads_an_agency_back_to_the_return_it_was_opened_from(world, made, client_for):
    """Agency staff reach the multi-agency chronology only from their agency's
    return (its page, or its chronology): its back link goes there."""
    import re

    police_return = made.return_of(world.police)
    for persona in ("auditor", "lead"):
        page = client_for(world[persona]).get(integrated_url(made)).content.decode()
        back = re.search(r'<a href="([^"]+)" class="govuk-back-link">([^<]+)</a>', page)
        assert back, persona
        assert back.group(1) == reverse("returns:detail", args=[police_return.pk]), persona
        assert back.group(2) == "Back to your agency’s return", persona


def test_the_link_from_the_return_says_what_the_page_it_opens_is_called(world, made, client_for):
    """The return's page called it "Integrated chronology of the case", its
    chronology page "See the multi-agency chronology of case 1", and the page
    itself is headed "Multi-agency chronology of case 1": one page, one name."""
    import re

    police_return = made.return_of(world.police)
    lead = client_for(world["lead"])
    detail = lead.get(reverse("returns:detail", args=[police_return.pk])).content.decode()
    # The link carries the page it is on (``?back=``), for the chronology's back link.
    href = re.escape(integrated_url(made)) + r'(?:\?[^"]*)?'
    link = re.search(r'<a class="govuk-link" href="' + href + r'">([^<]+)</a>', detail)
    heading = re.search(r'<h1 class="govuk-heading-l">([^<]+)</h1>', lead.get(integrated_url(made)).content.decode())
    assert link and heading
    assert link.group(1) == heading.group(1) == f"Multi-agency chronology of case {made.audit_case.number}"
