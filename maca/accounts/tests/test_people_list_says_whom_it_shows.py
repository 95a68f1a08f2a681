"""Found walking the people pages as the partnership admin: with the filter
"Access removed" chosen, the list of people whose access was removed still sat
under the heading "People with access"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.accounts.services import membership_deactivate
from maca.tests.page import words_shown
from maca.tests.tables import read_tables


@pytest.mark.parametrize(
    ("status", "heading", "shown", "not_shown"),
    [
        ("active", "People with access", "Aiden Auditor", "Lena Lead"),
        ("deactivated", "People whose access was removed", "Lena Lead", "Aiden Auditor"),
        ("all", "Everyone who has had access", "Lena Lead", None),
    ],
)
def test_the_people_list_is_headed_by_whom_the_filter_shows(world, client_for, status, heading, shown, not_shown):
    membership = world["lead"].membership
    membership_deactivate(
        actor=world["admin"].user, membership=membership, reason="Moved on", expected_version=membership.version
    )
    page = client_for(world["admin"]).get(reverse("accounts:members"), {"status": status}).content.decode()
    assert f"Access removed Everyone {heading} Name E-mail" in words_shown(page)
    names = [row[0] for row in read_tables(page)[heading].rows]
    assert shown in names and not_shown not in names
