"""The chronology URLs against their declared expectations, with only this
module's records, so that they are checked even while another app's matrix
records are being built (the project-wide matrix checks them too)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from maca.returns.tests import matrix_fixtures_chronology
from maca.returns.tests.url_expectations_chronology import EXPECTATIONS
from maca.tests.url_expectations import ALL


@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_each_persona_gets_the_declared_answer(name, world, client_for):
    fixtures = SimpleNamespace(**matrix_fixtures_chronology.build(world))
    expect = EXPECTATIONS[name]
    url = reverse(name, kwargs=expect.kwargs(fixtures))
    problems = []
    for persona in ALL:
        client = Client() if persona == "anonymous" else client_for(world[persona])
        if expect.method == "post":
            response = client.post(url, expect.data(fixtures))
        else:
            response = client.get(url)
        if response.status_code != expect.statuses[persona]:
            problems.append(f"{persona}: expected {expect.statuses[persona]}, got {response.status_code}")
    assert not problems, f"{name} ({url}): " + "; ".join(problems)
