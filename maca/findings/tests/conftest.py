"""Fixtures the findings tests share: an audit at its meeting, its first case,
a deep dive with two summative reports,
and the QA officer's client (a module may define its own in their place)."""

from __future__ import annotations

import pytest

from maca.findings.tests.builders import audit_at_meeting
from maca.findings.tests.deep_dive_builders import deep_dive_with_two_reports


@pytest.fixture
def audit(world):
    return audit_at_meeting(world)


@pytest.fixture
def case(audit):
    return audit.audit_cases.order_by("number").first()


@pytest.fixture
def deep_dive_with_reports(world):
    """A deep dive at its meeting with the police's and health's summative reports."""
    return deep_dive_with_two_reports(world)


@pytest.fixture
def qa(world, client_for):
    return client_for(world["qa"])
