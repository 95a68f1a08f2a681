"""The audit and the pool most selection tests draw from (``builders``)."""

from __future__ import annotations

import pytest

from maca.selection.tests.builders import pool_at_three_levels, selecting_audit


@pytest.fixture
def audit(world):
    """‘Babies at risk’, of 4 cases, led by the QA officer, at ‘Selecting cases’."""
    return selecting_audit(world)


@pytest.fixture
def selecting(audit):
    """The same audit, named for its stage."""
    return audit


@pytest.fixture
def pool(world):
    """30 cases at three levels of service, known to health and the police in
    turn, in the North and the South in turn."""
    return pool_at_three_levels(
        world.partnership, agencies=[[world.health], [world.police]], localities=["North", "South"]
    )


@pytest.fixture
def police_pool(world):
    """30 cases at three levels of service, all known to the police, all in the North."""
    return pool_at_three_levels(world.partnership, agencies=[[world.police]])
