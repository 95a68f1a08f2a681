"""Fixtures the findings tests share: an audit at its meeting, its first case,
and the QA officer's client (a module may define its own in their place)."""

from __future__ import annotations

import pytest

from maca.findings.tests.builders import audit_at_meeting


@pytest.fixture
def audit(world):
    return audit_at_meeting(world)


@pytest.fixture
def case(audit):
    return audit.audit_cases.order_by("number").first()


@pytest.fixture
def qa(world, client_for):
    return client_for(world["qa"])
