"""The apps depend on each other in one direction only (.importlinter,
docs/architecture.md). ``make lint`` checks it too; this keeps it checked for
anyone who runs only the tests."""

from __future__ import annotations

from pathlib import Path

from importlinter.cli import lint_imports

CONFIG = Path(__file__).resolve().parents[2] / ".importlinter"


def test_the_import_contracts_are_kept(capsys):
    result = lint_imports(config_filename=str(CONFIG), no_cache=True, no_logo=True)
    assert result == 0, capsys.readouterr().out
