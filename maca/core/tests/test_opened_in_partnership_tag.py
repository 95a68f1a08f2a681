"""``{% opened_in_partnership %}`` drew nothing when the page was drawn without
its request (an inclusion tag's own context, say): the home page's "Try again"
for an e-mail not sent lost its partnership that way, and only a walk of every
page found it. A form is always drawn for a request, so the tag now refuses to
draw without one, and the page fails in development and in the tests; a
request in no partnership (signed out, say) still draws nothing."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.template import Context, Template

from maca.core.opened_in import FIELD

FORM = '<form method="post">{% opened_in_partnership %}</form>'


@pytest.mark.parametrize("drawn_with", [{}, {"request": None}], ids=["no request", "request of None"])
def test_a_form_drawn_without_its_request_fails_rather_than_lose_its_partnership(drawn_with):
    with pytest.raises(ImproperlyConfigured, match="request"):
        Template(FORM).render(Context(drawn_with))


def test_a_request_in_no_partnership_draws_nothing():
    for request in (SimpleNamespace(partnership=None), SimpleNamespace()):
        assert Template(FORM).render(Context({"request": request})) == '<form method="post"></form>'


def test_a_request_in_a_partnership_draws_it():
    request = SimpleNamespace(partnership=SimpleNamespace(pk=7))
    assert Template(FORM).render(Context({"request": request})) == (
        f'<form method="post"><input type="hidden" name="{FIELD}" value="7"></form>'
    )


def test_in_production_it_is_logged_and_the_form_still_drawn(settings, caplog):
    """A person's work is not met with a server error for a fault of ours: the
    middleware lets a post without the field through (and logs it)."""
    settings.DEBUG = False
    settings.IS_TEST = False

    assert Template(FORM).render(Context({})) == '<form method="post"></form>'
    assert "drawn without the page's request" in caplog.text
