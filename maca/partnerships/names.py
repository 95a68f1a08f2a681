"""Matching an agency's name as someone typed it or a case list holds it.

A name typed on a keyboard or exported from a case system has a straight
apostrophe where the agency list has a curly one (‘Children's’ and
‘Children’s’), a hyphen for a dash, two spaces for one, other capitals:
on screen they look the same, so they are the same name. Every place that
matches an agency's name by what was typed or imported uses this one key.
"""

from __future__ import annotations

import unicodedata

# Look-alike punctuation, each mapped to the plain keyboard character.
_LOOK_ALIKES = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′`´ʼ", "'"),
        **dict.fromkeys("“”„‟″", '"'),
        **dict.fromkeys("‐‑‒–—―−﹘﹣－", "-"),
    }
)


def agency_name_key(name: str) -> str:
    """The form two agency names are compared in: equal keys, same agency."""
    # NFKC turns the no-break and other odd spaces into spaces, and full-width
    # letters into plain ones; ``split`` then folds every run of white space.
    plain = unicodedata.normalize("NFKC", name or "").translate(_LOOK_ALIKES)
    return " ".join(plain.split()).casefold()


def _as_written(name: str) -> str:
    return " ".join((name or "").split()).casefold()


class AgencyNames:
    """Values (an agency's id, its name) found by a name as typed: the name as
    written (capitals and runs of spaces aside) first, then ``agency_name_key``
    when it points at one agency only. A partnership may hold two names that
    differ only by a look-alike character from before they were refused: each
    is still found by its own spelling, and a name that could be either is not
    guessed (``get`` gives None, as for an unknown name)."""

    def __init__(self, pairs):
        self._written: dict[str, object] = {}
        self._by_key: dict[str, set] = {}
        for name, value in pairs:
            self._written.setdefault(_as_written(name), value)
            self._by_key.setdefault(agency_name_key(name), set()).add(value)

    def get(self, name: str):
        written = self._written.get(_as_written(name))
        if written is not None:
            return written
        found = self._by_key.get(agency_name_key(name), set())
        return next(iter(found)) if len(found) == 1 else None
