"""A theme's figure is the same on every page that shows it: the themes page,
the themes over the years, and the search its link opens. A cancelled
audit's findings were never agreed: they count nowhere and the search leaves
them out, for the QA officer as for a reader."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from maca.findings import services
from maca.programme.models import Stage
from maca.returns.tests.builders import move
from maca.tests.page import words_shown

pytestmark = pytest.mark.django_db

TEXT = "Fathers were not seen by the social worker."


def _words(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return words_shown(response.content.decode())


def _figures(client) -> dict[str, int]:
    themes = _words(client, reverse("findings:themes"))
    over_years = _words(client, reverse("findings:themes_over_years"))
    counted = re.search(r"Think family (\d+) (\d+)", over_years)
    searched = _words(client, reverse("findings:search") + "?theme=think_family").split("Clear the search", 1)[1]
    found = re.search(r"(\d+) findings? ", searched)
    return {
        "themes page": int(re.search(r"Think family .*? think_family Default (\d+)", themes).group(1)),
        "themes over the years": int(counted.group(1)) + int(counted.group(2)) if counted else 0,
        "search": int(found.group(1)) if found else 0,
    }


@pytest.fixture
def confirmed(world, audit, case):
    qa = world["qa"].user
    finding = services.finding_create(actor=qa, audit=audit, audit_case=case, agency=world.police, text=TEXT)
    return services.finding_confirm_tags(
        actor=qa, finding=finding, polarity="concern", theme_keys=["think_family"], expected_version=finding.version
    )


def test_a_cancelled_audits_findings_count_nowhere_and_are_not_searched(world, audit, confirmed, qa, client_for):
    assert _figures(qa) == {"themes page": 1, "themes over the years": 1, "search": 1}

    move(audit, Stage.CANCELLED, world["qa"].user)

    assert _figures(qa) == {"themes page": 0, "themes over the years": 0, "search": 0}
    assert TEXT not in _words(qa, reverse("findings:search") + "?q=fathers")
    assert TEXT not in _words(client_for(world["board"]), reverse("findings:search") + "?q=fathers")
