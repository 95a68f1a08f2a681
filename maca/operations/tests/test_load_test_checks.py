"""What the load test (``locustfile.py``) expects of the pages it opens holds
for every kind of page it may open: an agency lead's returns include a deep
dive's summative reports beside a themed audit's case returns."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.operations.smoke import RETURN_PAGE
from maca.programme.models import AuditKind
from maca.returns.models import Return
from maca.returns.tests.builders import audit_with_returns

pytestmark = pytest.mark.django_db


def _page_of(world, client_for, audit) -> str:
    record = Return.objects.filter(audit=audit, agency=world.police).first()
    response = client_for(world["lead"]).get(reverse("returns:detail", args=[record.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_themed_audits_case_return_is_taken_for_a_return_page(world, client_for):
    page = _page_of(world, client_for, audit_with_returns(world, kind=AuditKind.THEMED))
    assert "’s return – " in page
    assert RETURN_PAGE.search(page)


def test_a_deep_dives_summative_report_is_taken_for_a_return_page(world, client_for):
    page = _page_of(world, client_for, audit_with_returns(world, kind=AuditKind.DEEP_DIVE, tool_kind="summative"))
    assert "’s summative report – " in page
    assert "’s return – " not in page  # what the load test looked for until it failed here
    assert RETURN_PAGE.search(page)


def test_the_sign_in_page_and_a_page_not_found_are_not(world, client, client_for):
    assert not RETURN_PAGE.search(client.get(reverse("account_login")).content.decode())
    assert not RETURN_PAGE.search(client_for(world["lead"]).get("/returns/999999/").content.decode())
