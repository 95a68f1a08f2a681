"""What the apps above ``findings`` add to its pages, without ``findings``
importing them.

The themes-over-the-years page shows, for each theme, how often it was raised
as a concern or a strength. An app higher in the dependency order (``actions``:
actions raised for a theme, closed with evidence of impact) adds its own
figures to each theme's row by registering a provider from its
``AppConfig.ready()``::

    from maca.findings.extensions import register_theme_figures

    def action_figures(*, partnership, theme_ids):
        # one or two queries for every theme at once, never one per theme
        return {theme_id: [("Actions raised", 4, url), ("Closed with impact", 1, None)], ...}

    register_theme_figures(action_figures)

A provider is called once per page with every theme shown (``theme_ids``:
the primary keys of the partnership's ``Theme`` records), and answers
``{theme_id: [(label, value, url_or_None), ...]}``. Each label becomes a
column of the page's table (in the order providers first give them); a theme
the provider leaves out shows an empty cell in its columns. Values are shown as they are given
(numbers or short texts); a URL makes the value a link.

An immediate concern becomes an urgent action of ``actions`` (its
``post_save`` receiver). ``actions`` also registers what the concern's page
shows of that action (``register_concern_rows``: ``provider(*, concern,
membership)`` answers summary-list rows) and what follows when the agency
acknowledges the concern (``register_concern_acknowledged``:
``receiver(*, concern, actor)``, called in the acknowledging transaction).

A recommendation may have actions raised from it. ``actions`` registers
which (``register_recommendation_actions``: ``provider(*, recommendation)``
answers a :class:`LinkedAction` for each): the withdraw page names them, and
withdrawing is refused while one is still open (``recommendation_withdraw``).

A finding must not name or identify anyone: once confirmed it reaches the
board, by case number only. ``publications`` holds the detector (its safety
check) and registers it (``register_identifier_finder``: ``finder(*, text,
audit)`` answers the words of ``text`` that may identify a person, in text
order); the finding's page warns with what every finder found
(``identifiers_in``). Nothing registered, nothing is found.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

ThemeFiguresProvider = Callable[..., dict]


@dataclass(frozen=True, slots=True)
class ThemeFigure:
    label: str
    value: object
    url: str | None = None


_providers: list[ThemeFiguresProvider] = []


def register_theme_figures(provider: ThemeFiguresProvider) -> None:
    """Add ``provider(*, partnership, theme_ids)`` to the themes-over-the-years
    page. Registering the same provider twice adds it once."""
    if provider not in _providers:
        _providers.append(provider)


def unregister_theme_figures(provider: ThemeFiguresProvider) -> None:
    """Take a provider off again (tests register their own and remove it)."""
    if provider in _providers:
        _providers.remove(provider)


@dataclass(frozen=True, slots=True)
class ThemeFigures:
    """What every provider said, ready for a table: the column labels in order,
    and each theme's figure for each label (``None`` where none was given)."""

    labels: tuple[str, ...]
    by_theme: dict

    def row(self, theme_id) -> list[ThemeFigure | None]:
        given: dict[str, ThemeFigure] = {}
        for figure in self.by_theme.get(theme_id, []):
            given.setdefault(figure.label, figure)  # the first provider to give a label keeps it
        return [given.get(label) for label in self.labels]

    def __bool__(self) -> bool:
        return bool(self.labels)


def theme_figures(*, partnership, theme_ids: Iterable) -> ThemeFigures:
    """Ask every registered provider once for all ``theme_ids``."""
    theme_ids = list(theme_ids)
    labels: list[str] = []
    by_theme: dict = {}
    for provider in list(_providers):
        answer = provider(partnership=partnership, theme_ids=theme_ids) or {}
        for theme_id, figures in answer.items():
            for label, value, url in figures:
                if label not in labels:
                    labels.append(label)
                by_theme.setdefault(theme_id, []).append(ThemeFigure(str(label), value, url))
    return ThemeFigures(tuple(labels), by_theme)


_concern_rows: list[Callable[..., list]] = []
_concern_acknowledged: list[Callable[..., None]] = []


def register_concern_rows(provider: Callable[..., list]) -> None:
    """Add ``provider(*, concern, membership)``'s summary-list rows to an
    immediate concern's page. Registering the same provider twice adds it once."""
    if provider not in _concern_rows:
        _concern_rows.append(provider)


def concern_rows(*, concern, membership) -> list[dict]:
    return [row for provider in list(_concern_rows) for row in provider(concern=concern, membership=membership)]


def register_concern_acknowledged(receiver: Callable[..., None]) -> None:
    """Call ``receiver(*, concern, actor)`` when an agency acknowledges an
    immediate concern, in the same transaction. Registering twice adds it once."""
    if receiver not in _concern_acknowledged:
        _concern_acknowledged.append(receiver)


def concern_acknowledged(*, concern, actor) -> None:
    for receiver in list(_concern_acknowledged):
        receiver(concern=concern, actor=actor)


_identifier_finders: list[Callable[..., list[str]]] = []


def register_identifier_finder(finder: Callable[..., list[str]]) -> None:
    """Add ``finder(*, text, audit)``: the words of a finding's text that may
    identify a person. Registering the same finder twice adds it once."""
    if finder not in _identifier_finders:
        _identifier_finders.append(finder)


def unregister_identifier_finder(finder: Callable[..., list[str]]) -> None:
    """Take a finder off again (tests register their own and remove it)."""
    if finder in _identifier_finders:
        _identifier_finders.remove(finder)


def identifiers_in(text: str, *, audit) -> list[str]:
    """What every registered finder found in ``text``, each said once, in the
    order found."""
    found: list[str] = []
    for finder in list(_identifier_finders):
        found += finder(text=text, audit=audit)
    return list(dict.fromkeys(found))


@dataclass(frozen=True, slots=True)
class LinkedAction:
    """An action raised from a recommendation, as the recommendation's pages
    name it: ``name`` ("A3: Invite fathers to core groups"), its status in
    words, the address of its page, and whether it is still open (not yet
    closed or cancelled)."""

    name: str
    status: str
    url: str
    is_open: bool


_recommendation_actions: list[Callable[..., list[LinkedAction]]] = []


def register_recommendation_actions(provider: Callable[..., list[LinkedAction]]) -> None:
    """Add ``provider(*, recommendation)``: the actions raised from it.
    Registering the same provider twice adds it once."""
    if provider not in _recommendation_actions:
        _recommendation_actions.append(provider)


def recommendation_actions(*, recommendation) -> list[LinkedAction]:
    """Every action raised from ``recommendation`` (none when nothing is registered)."""
    return [item for provider in list(_recommendation_actions) for item in provider(recommendation=recommendation)]
