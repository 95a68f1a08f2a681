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
