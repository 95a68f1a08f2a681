"""One reading of an address sent back to us (``?back=``, ``?next=``)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maca.core.addresses import local_view


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
