"""docs/deployment.md documents every setting the service reads from the environment."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_every_environment_variable_is_documented():
    settings = (ROOT / "maca" / "settings.py").read_text()
    names = set(re.findall(r'env_(?:str|bool|int|list|choice)\(\s*"([A-Z0-9_]+)"', settings, flags=re.S))
    assert "EMAIL_BACKEND" in names and "SECRET_KEY" in names  # the pattern finds them all
    doc = (ROOT / "docs" / "deployment.md").read_text()
    missing = sorted(name for name in names if f"`{name}`" not in doc)
    assert not missing, f"Document these in docs/deployment.md, 'Every setting': {missing}"
