"""Bad filter input on the audit log: a specific error for each field, and no
events, count or download offered until the filters are put right; a download
asked for with them is refused, saying why, and nothing is exported."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from maca.audit_trail.models import AuditEvent
from maca.audit_trail.services import record
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db

WRONG_WAY_ROUND = {
    "date_from-day": "8",
    "date_from-month": "12",
    "date_from-year": "2026",
    "date_to-day": "1",
    "date_to-month": "12",
    "date_to-year": "2026",
}


def _logged(world):
    for _ in range(3):
        record(actor=world["qa"].user, action="finding.themes_confirmed", partnership=world.partnership)


def _shown(client, query):
    return words_shown(client.get(reverse("audit_trail:events"), query).content.decode())


def test_a_record_number_in_letters_is_refused_not_searched(world, client_for):
    _logged(world)
    page = _shown(client_for(world["admin"]), {"object_id": "abc"})
    assert "There is a problem" in page
    assert page.count("The record number must be in figures, like 123") == 2  # the summary and the field
    assert "0 events" not in page and "No events match these filters" not in page
    assert "No events are listed until the filters are put right." in page


@pytest.mark.parametrize("query", [WRONG_WAY_ROUND, {"object_id": "abc"}])
def test_filters_in_error_list_no_events_and_offer_no_download(world, client_for, query):
    _logged(world)
    client = client_for(world["admin"])
    page = _shown(client, query)
    assert "There is a problem" in page
    below = page.split("Clear filters", 1)[1]  # under the filters (the list of actions names every action)
    assert "Finding’s themes confirmed" not in below and not re.search(r"\d events?\b", below)
    assert "Download" not in page
    assert "No events are listed until the filters are put right." in page


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_download_with_filters_in_error_is_refused_and_says_why(world, client_for, fmt):
    _logged(world)
    client = client_for(world["admin"])
    response = client.get(reverse("audit_trail:events_export", args=[fmt]), WRONG_WAY_ROUND, follow=True)
    page = words_shown(response.content.decode())
    assert "Nothing was downloaded: put right the filters, then download again." in page
    assert "The ‘to’ date must be the same as or after the ‘from’ date" in page
    assert "Content-Disposition" not in response.headers
    assert not AuditEvent.objects.filter(action="audit_log.exported").exists()


def test_filters_put_right_list_the_events_again(world, client_for):
    _logged(world)
    page = _shown(client_for(world["admin"]), {"action": "finding.themes_confirmed"})
    assert "3 events" in page and "Finding’s themes confirmed" in page and "Download" in page
