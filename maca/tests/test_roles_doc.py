"""docs/roles.md explains every role and capability defined in code."""

from pathlib import Path

from maca.accounts.roles import Capability, Role

DOC = Path(__file__).resolve().parents[2] / "docs" / "roles.md"


def test_every_role_and_capability_is_explained():
    text = DOC.read_text()
    missing = [r.label for r in Role if r.label not in text] + [c.value for c in Capability if c.value not in text]
    assert not missing, f"Explain these in docs/roles.md: {missing}"
