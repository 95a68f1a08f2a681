"""Numbers read from a page or a link: digits that ``str.isdigit`` accepts and
``int`` refuses ("²") get the page's own message or are ignored, never an
error page."""

from __future__ import annotations

import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maca.core.forms import GovukDateField
from maca.core.numbers import whole_number


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", 12), (" 7 ", 7), ("0", 0), ("²", None), ("1²", None), ("٣", None), ("-1", None), ("", None), (None, None)],
)
def test_a_whole_number_is_read_only_from_the_digits_0_to_9(value, expected):
    assert whole_number(value) == expected


def test_a_number_longer_than_any_id_is_not_read():
    assert whole_number("9" * 18) == int("9" * 18)
    assert whole_number("9" * 19) is None


@pytest.mark.parametrize("parts", [["²", "3", "2026"], ["1", "³", "2026"], ["1", "3", "²⁰²⁶"]])
def test_a_date_written_with_other_digits_gets_the_date_message(parts):
    field = GovukDateField(label="Meeting date")
    with pytest.raises(ValidationError) as refused:
        field.clean(parts)
    assert refused.value.messages == ["Meeting date must be a real date, written in numbers, for example 27 3 2026"]


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("qa", reverse("findings:search") + "?audit=²"),
        ("qa", reverse("findings:search") + "?like=²"),
        ("admin", reverse("audit_trail:events") + "?after=²-1"),
        ("admin", reverse("audit_trail:events") + "?before=1-9999999999999999999999"),
        ("qa", reverse("publications:new") + "?audit=²"),
    ],
)
def test_links_with_other_digits_are_answered_as_pages(world, client_for, persona, url):
    response = client_for(world[persona]).get(url)
    assert response.status_code in (200, 404), response.status_code
    if response.status_code == 200:
        assert "Sorry, there is a problem" not in html.unescape(response.content.decode())
