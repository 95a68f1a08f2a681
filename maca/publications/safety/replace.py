"""Replacing what the check found: the audit's pseudonym for a held name, and
applying replacements to a text by their offsets."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .hits import Hit, Kind
from .lexicon import WORD, fold, split_possessive


@dataclass(frozen=True, slots=True)
class Replacement:
    start: int
    end: int
    new: str
    expected: str | None = None  # what text[start:end] must still be


def _key(name: str) -> str:
    return " ".join(fold(part) for part in name.split())


def propose_replacement(hit: Hit, pseudonyms: Mapping[str, str]) -> str | None:
    """The pseudonym to put in place of ``hit``, or None when there is no one
    answer (not a held name; a surname shared by several people with different
    pseudonyms; a name with no pseudonym yet).

    ``pseudonyms`` maps each held name to its pseudonym, e.g.
    ``{"Jayden Smith": "Child A", "Kelly Smith": "Child A’s mother"}``. The
    possessive stays in the text as it was typed ("Jayden's" → "Child A's",
    "Jayden’s" → "Child A’s"), because the hit does not include it; a
    possessive written without its apostrophe ("Jaydens") gets a curly one
    ("Child A’s"), as every apostrophe maca writes.
    """
    if hit.kind != Kind.NAME or not hit.held:
        return None
    by_key = {_key(name): pseudonym for name, pseudonym in pseudonyms.items() if pseudonym}
    options = {by_key.get(_key(name)) for name in hit.held}
    if None in options or len(options) != 1:
        return None
    replacement = options.pop()
    last = WORD.findall(hit.text)[-1] if WORD.findall(hit.text) else ""
    held_words = {fold(split_possessive(w)[0]) for name in hit.held for w in WORD.findall(name)}
    key = fold(last)
    if key not in held_words and key.endswith("s") and key[:-1] in held_words:
        replacement += "’s"
    return replacement


def apply_replacements(text: str, replacements: Iterable[Replacement | tuple[int, int, str]]) -> str:
    """``text`` with each span replaced. Spans must not overlap; a span whose
    ``expected`` text is no longer there is refused (the text changed since the
    check ran), so a stale click never replaces the wrong words."""
    items = sorted((r if isinstance(r, Replacement) else Replacement(*r) for r in replacements), key=lambda r: r.start)
    pieces = []
    position = 0
    for item in items:
        if not 0 <= item.start <= item.end <= len(text):
            raise ValueError(f"Replacement {item.start}–{item.end} is outside the text.")
        if item.start < position:
            raise ValueError(f"Replacement {item.start}–{item.end} overlaps another.")
        if item.expected is not None and text[item.start : item.end] != item.expected:
            raise ValueError(f"The text at {item.start}–{item.end} has changed since it was checked.")
        pieces += [text[position : item.start], item.new]
        position = item.end
    pieces.append(text[position:])
    return "".join(pieces)


def replace_held_names(text: str, hits: Iterable[Hit], pseudonyms: Mapping[str, str]) -> tuple[str, int]:
    """``text`` with every held name that has one pseudonym replaced by it, and
    how many were replaced. Offsets change: run the check again on the result
    for what is left."""
    chosen = []
    for hit in hits:
        new = propose_replacement(hit, pseudonyms)
        if new is not None:
            chosen.append(Replacement(hit.start, hit.end, new, hit.text))
    return apply_replacements(text, chosen), len(chosen)
