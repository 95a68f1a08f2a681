"""The extension point higher apps use to add their figures to each theme."""

import pytest

from maca.findings import extensions
from maca.findings.extensions import (
    ThemeFigure,
    register_theme_figures,
    theme_figures,
    unregister_theme_figures,
)


@pytest.fixture(autouse=True)
def _no_registered_providers(monkeypatch):
    """The apps' own providers (``actions``) are set aside: these tests register their own."""
    monkeypatch.setattr(extensions, "_providers", [])


def test_every_provider_is_asked_once_for_all_themes_and_its_labels_become_columns():
    calls = []

    def actions(*, partnership, theme_ids):
        calls.append(("actions", partnership, tuple(theme_ids)))
        return {1: [("Actions raised", 4, "/actions/?theme=1"), ("Closed with impact", 1, None)]}

    def other(*, partnership, theme_ids):
        calls.append(("other", partnership, tuple(theme_ids)))
        return {2: [("Briefings", 2, None)], 1: [("Actions raised", 9, None)]}

    register_theme_figures(actions)
    register_theme_figures(actions)  # once, however often registered
    register_theme_figures(other)
    try:
        figures = theme_figures(partnership="P", theme_ids=iter([1, 2, 3]))
    finally:
        unregister_theme_figures(actions)
        unregister_theme_figures(other)

    assert calls == [("actions", "P", (1, 2, 3)), ("other", "P", (1, 2, 3))]
    assert figures.labels == ("Actions raised", "Closed with impact", "Briefings")
    assert figures.row(1) == [
        ThemeFigure("Actions raised", 4, "/actions/?theme=1"),
        ThemeFigure("Closed with impact", 1),
        None,
    ]
    assert figures.row(2) == [None, None, ThemeFigure("Briefings", 2)]
    assert figures.row(3) == [None, None, None]
    assert figures


def test_without_providers_there_are_no_extra_columns():
    figures = theme_figures(partnership="P", theme_ids=[1])
    assert not figures
    assert figures.labels == ()
    assert figures.row(1) == []
