"""The multi-agency chronology of a case leads back to the page it was opened
from (a return's page, an agency's chronology, the case at the meeting): the
link there carries ``?back=``, which is followed only when it is the address on
this site of one of those pages, never another site's address."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.urls import reverse

from maca.returns.models import ReturnStatus
from maca.returns.tests.chronology_factories import make_chronology_audit, make_entry, move_return

BACK_LINK = re.compile(r'<a href="([^"]+)" class="govuk-back-link">([^<]+)</a>')


@pytest.fixture
def made(world):
    return make_chronology_audit(world)


def integrated_url(made) -> str:
    return reverse("chronology:integrated", args=[made.audit.pk, made.audit_case.pk])


def back_link(response) -> tuple[str, str]:
    found = BACK_LINK.search(response.content.decode())
    assert found, "no back link"
    return html.unescape(found.group(1)), found.group(2)


def follow_link_to_the_chronology(client, made, page_url: str) -> str:
    """The address the link to the multi-agency chronology on ``page_url`` leads to, as a person follows it."""
    page = client.get(page_url).content.decode()
    found = re.search(r'href="(' + re.escape(integrated_url(made)) + r'[^"]*)"', page)
    assert found, f"no link to the multi-agency chronology on {page_url}"
    return html.unescape(found.group(1))


def test_opened_from_a_return_the_qa_officer_goes_back_to_the_return(world, made, client_for):
    qa = client_for(world["qa"])
    police_return = made.return_of(world.police)
    detail_url = reverse("returns:detail", args=[police_return.pk])
    opened = follow_link_to_the_chronology(qa, made, detail_url)
    assert opened.startswith(integrated_url(made))
    assert back_link(qa.get(opened)) == (detail_url, "Back to the return")


def test_opened_from_an_agencys_chronology_the_qa_officer_goes_back_to_it(world, made, client_for):
    qa = client_for(world["qa"])
    chronology_url = reverse("chronology:return", args=[made.return_of(world.police).pk])
    opened = follow_link_to_the_chronology(qa, made, chronology_url)
    assert back_link(qa.get(opened)) == (chronology_url, "Back to the agency’s chronology")


def test_an_agency_lead_goes_back_to_their_own_agencys_chronology(world, made, client_for):
    lead = client_for(world["lead"])
    chronology_url = reverse("chronology:return", args=[made.return_of(world.police).pk])
    opened = follow_link_to_the_chronology(lead, made, chronology_url)
    assert back_link(lead.get(opened)) == (chronology_url, "Back to your agency’s chronology")
    detail_url = reverse("returns:detail", args=[made.return_of(world.police).pk])
    opened = follow_link_to_the_chronology(lead, made, detail_url)
    assert back_link(lead.get(opened)) == (detail_url, "Back to your agency’s return")


def test_opened_from_the_case_at_the_meeting_it_goes_back_there(world, made, client_for):
    qa = client_for(world["qa"])
    case_url = reverse("findings:case", args=[made.audit.pk, made.audit_case.pk])
    response = qa.get(integrated_url(made), {"back": case_url})
    assert back_link(response) == (case_url, "Back to the case at the meeting")


def test_the_way_back_is_kept_when_the_options_change_and_when_printed(world, made, client_for):
    # The options and the printable page are offered once there is an entry to show.
    police = made.return_of(world.police)
    make_entry(police, date=dt.date(2025, 1, 3), event="Police attended a domestic incident")
    move_return(police, world, to=ReturnStatus.SUBMITTED)
    qa = client_for(world["qa"])
    detail_url = reverse("returns:detail", args=[made.return_of(world.police).pk])
    page = qa.get(integrated_url(made), {"back": detail_url}).content.decode()
    assert f'<input type="hidden" name="back" value="{detail_url}">' in page
    # The options form sends the way back again with the new options.
    updated = qa.get(integrated_url(made), {"back": detail_url, "gap": 30, "cluster_days": 7})
    assert back_link(updated) == (detail_url, "Back to the return")
    printable = re.search(r'href="([^"]*print=1[^"]*)"', page)
    assert printable
    screen = re.search(
        r'href="([^"]*)">Back to the chronology</a>', qa.get(html.unescape(printable.group(1))).content.decode()
    )
    assert screen
    assert back_link(qa.get(html.unescape(screen.group(1)))) == (detail_url, "Back to the return")


@pytest.mark.parametrize(
    "back",
    [
        "https://elsewhere.example/returns/1/",
        "//elsewhere.example/returns/1/",
        "/\\elsewhere.example/returns/1/",
        "javascript:alert(1)",
        "/not-a-page-of-maca/",
        "/programme/",  # on this site, but not a page that opens the chronology
    ],
)
def test_any_other_address_leads_back_to_the_audits_cases(world, made, client_for, back):
    qa = client_for(world["qa"])
    response = qa.get(integrated_url(made), {"back": back})
    assert back_link(response) == (reverse("selection:cases", args=[made.audit.pk]), "Back to the audit’s cases")
    assert "elsewhere.example" not in response.content.decode()
