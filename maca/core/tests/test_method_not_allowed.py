"""An address only a form posts to, opened as a page, says so in a GOV.UK
page (not the browser's blank error), still as 405 with its Allow header."""

from __future__ import annotations

import html

from django.urls import reverse


def test_opening_a_form_only_address_shows_a_page_that_says_so(world, client_for):
    response = client_for(world["qa"]).get(reverse("accounts:keep_alive"))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    page = html.unescape(response.content.decode())
    assert "This page cannot be opened on its own" in page and "go to your home page" in page
    assert "govuk-footer" in page and "govuk-main-wrapper" in page  # the service's own page


def test_a_post_answer_is_left_alone(world, client_for):
    response = client_for(world["qa"]).post(reverse("accounts:keep_alive"))
    assert response.status_code != 405
