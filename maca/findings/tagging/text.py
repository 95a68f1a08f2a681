"""Text normalisation that keeps character positions, so that a reason can
quote the person's own words back to them."""

from __future__ import annotations

import re

# One character in, one character out: positions in the normalised text are
# positions in the original.
_SAME_LENGTH = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2010": "-",
        "\u2011": "-",
        "\u00a0": " ",
        "&": "+",
    }
)

_SENTENCE_END = re.compile(r"[.;!?:](?=\s|$)|\n")


def normalise(text: str) -> str:
    """Lower case with typographic quotes and dashes made plain, same length as
    ``text``. ``&`` becomes ``+`` so patterns can treat it as a joining word."""
    lowered = text.translate(_SAME_LENGTH).lower()
    if len(lowered) != len(text):
        # A few characters change length when lowered (e.g. dotted capital I);
        # fall back to lowering character by character, keeping one for one.
        lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text.translate(_SAME_LENGTH))
    return lowered


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence or clause ended by . ; ! ? : or a new line."""
    bounds = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if text[start:end].strip():
            bounds.append((start, end))
        start = end
    if text[start:].strip():
        bounds.append((start, len(text)))
    return bounds or [(0, len(text))]


WORD = re.compile(r"[a-z][a-z0-9']*")


def words(normalised: str) -> list[str]:
    return WORD.findall(normalised)
