"""The case pool's search box takes what is pasted into it: a NUL character
that came with a reference (PostgreSQL's text cannot hold one) is dropped, and
the case is found, on the page and in its download (the old failure, a
server error, showed only on PostgreSQL; SQLite reads the text up to the NUL)."""

from __future__ import annotations

from django.urls import reverse

from maca.selection.tests.builders import make_case
from maca.tests.page import words_shown


def test_a_reference_pasted_with_a_nul_finds_its_case(world, client_for):
    case = make_case(world.partnership)
    other = make_case(world.partnership)
    qa = client_for(world["qa"])
    pasted = case.reference + "\x00"

    page = words_shown(qa.get(reverse("pool:index"), {"q": pasted}).content.decode())
    assert case.reference in page
    assert other.reference not in page

    download = qa.get(reverse("pool:export", kwargs={"fmt": "csv"}), {"q": pasted})
    assert download.status_code == 200
    text = b"".join(download.streaming_content if download.streaming else [download.content]).decode("utf-8-sig")
    assert case.reference in text
    assert other.reference not in text
