"""One reading of an address sent back to us (``?back=``, ``?next=``)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.core.addresses import links_with_partnership, local_view


@pytest.mark.parametrize(
    "address",
    [
        "",
        None,
        "https://elsewhere.example/",
        "//elsewhere.example/actions/",
        "/\\elsewhere.example",
        "actions/",
        "/no/such/page/",
    ],
)
def test_anything_but_a_path_to_one_of_our_pages_is_nothing(address):
    assert local_view(address) is None


def test_a_path_to_one_of_our_pages_is_its_view_with_its_query_left_aside():
    match = local_view(reverse("actions:plan") + "?rag=red")
    assert match is not None and match.view_name == "actions:plan"


def test_every_link_to_maca_in_an_e_mail_names_the_partnership_and_nothing_else_changes():
    base = "https://maca.example.org"
    body = (
        f"Read it here: {base}/returns/20/\n"
        f"The plan ({base}/actions/?status=open).\n"
        f"Already named: {base}/cases/3/?partnership=elsewhere\n"
        "Elsewhere: https://www.gov.uk/guidance\n"
    )
    assert links_with_partnership(body, base_url=base, slug="testshire") == (
        f"Read it here: {base}/returns/20/?partnership=testshire\n"
        f"The plan ({base}/actions/?status=open&partnership=testshire).\n"
        f"Already named: {base}/cases/3/?partnership=testshire\n"
        "Elsewhere: https://www.gov.uk/guidance\n"
    )
