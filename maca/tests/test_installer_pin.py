"""The installer pinned in requirements-pip.txt (installed first by make
install and in production) is the pip that requirements-dev.txt pins, hashes
and all: `make lock` rewrites only the latter."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _pin(name: str) -> tuple[str, set[str]]:
    text = (ROOT / name).read_text()
    found = re.search(r"^pip==(\S+)((?:\s*\\\n\s*--hash=sha256:[0-9a-f]{64})+)", text, re.M)
    assert found, f"{name} pins no pip with hashes"
    return found.group(1), set(re.findall(r"sha256:([0-9a-f]{64})", found.group(2)))


def test_the_installer_is_the_pip_the_development_lock_pins():
    assert _pin("requirements-pip.txt") == _pin("requirements-dev.txt")
