"""The Content-Security-Policy lets the page's own scripts run and nothing else."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from maca.tests.page import Page


def policy_of(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["account_login", "core:accessibility"])
def test_every_inline_script_carries_the_nonce_the_policy_allows(url_name):
    response = Client().get(reverse(url_name))
    scripts = Page(response.content.decode()).all("script")
    inline = [script for script in scripts if "src" not in script]
    assert inline, "the page shell has inline scripts (the js-enabled class and GOV.UK Frontend's initAll)"
    script_src = policy_of(response)["script-src"]
    assert "'nonce'" not in script_src
    allowed = {re.fullmatch(r"'nonce-(.+)'", value).group(1) for value in script_src if value.startswith("'nonce-")}
    assert len(allowed) == 1
    assert {script.get("nonce") for script in inline} == allowed


@pytest.mark.django_db
def test_each_response_has_its_own_nonce():
    first, second = (policy_of(Client().get(reverse("account_login")))["script-src"] for _ in range(2))
    assert first != second
