"""Weighted cue patterns with context rules: the lexicon's building block.

A cue is a regular expression over normalised text (see ``text.normalise``),
matched on word boundaries. It counts for its theme only when its context
rules hold within the same sentence:

- ``near``: another pattern must occur within ``window`` characters;
- ``not_near``: a pattern that, within ``window`` characters, cancels it.

Weights: 2 or more is enough on its own to suggest the theme; 1 or less needs
other evidence. A negative weight counts against the theme (a sense of a word
that belongs elsewhere).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Cue:
    pattern: str
    weight: float = 2.0
    near: str | None = None
    not_near: str | None = None
    window: int = 60
    # Acronyms that are also common words (SEND, SMART) count only in capitals,
    # matched on the original text rather than the lowered one.
    case_sensitive: bool = False
    regex: re.Pattern = field(init=False, repr=False, compare=False)
    near_regex: re.Pattern | None = field(init=False, repr=False, compare=False)
    not_near_regex: re.Pattern | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "regex", _compile(self.pattern, self.case_sensitive))
        object.__setattr__(self, "near_regex", _compile(self.near) if self.near else None)
        object.__setattr__(self, "not_near_regex", _compile(self.not_near) if self.not_near else None)

    def first_match(self, text: str, original: str, bounds: list[tuple[int, int]]) -> re.Match | None:
        """The first occurrence whose context rules hold, or None. ``text`` is
        the normalised form of ``original`` (same length)."""
        return next(self.matches(text, original, bounds), None)

    def matches(self, text: str, original: str, bounds: list[tuple[int, int]]) -> Iterator[re.Match]:
        """Each occurrence whose context rules hold."""
        for match in self.regex.finditer(original if self.case_sensitive else text):
            if self.near_regex is None and self.not_near_regex is None:
                yield match
                continue
            start, end = _sentence_of(match.start(), bounds)
            lo = max(start, match.start() - self.window)
            hi = min(end, match.end() + self.window)
            # The context is looked for around the match, not inside it.
            before, after = text[lo : match.start()], text[match.end() : hi]
            if self.near_regex is not None and not (self.near_regex.search(before) or self.near_regex.search(after)):
                continue
            # A sense-excluding context may include the cue's own words
            # ("challenges of working with" is a difficulty, not a challenge).
            if self.not_near_regex is not None and self.not_near_regex.search(text, lo, hi):
                continue
            yield match


def _compile(pattern: str, case_sensitive: bool = False) -> re.Pattern:
    if case_sensitive:
        return re.compile(rf"(?<![A-Za-z0-9])(?:{pattern})(?![A-Za-z0-9])")
    return re.compile(rf"(?<![a-z0-9])(?:{pattern})(?![a-z0-9])")


def _sentence_of(position: int, bounds: list[tuple[int, int]]) -> tuple[int, int]:
    for start, end in bounds:
        if start <= position < end:
            return start, end
    return bounds[-1]


Pattern = str | list[str] | tuple[str, ...]


def either(*patterns: Pattern) -> str:
    """One pattern matching any of the given ones (lists are alternatives)."""
    parts = []
    for pattern in patterns:
        parts.extend([pattern] if isinstance(pattern, str) else pattern)
    return "|".join(f"(?:{part})" for part in parts)


def cue(
    pattern: Pattern,
    weight: float = 2.0,
    *,
    near: Pattern | None = None,
    not_near: Pattern | None = None,
    window: int = 60,
    case_sensitive: bool = False,
) -> Cue:
    """A cue; any pattern may be given as a list of alternatives."""
    return Cue(
        either(pattern),
        weight,
        either(near) if near else None,
        either(not_near) if not_near else None,
        window,
        case_sensitive,
    )
