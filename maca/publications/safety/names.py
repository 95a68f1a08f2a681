"""Names held for the audit's cases, found in any of their written forms.

The held names become one regular expression shaped as a trie (a word-level
Aho–Corasick: its cost does not grow with the number of names), run once
over a folded copy of the text (lower case, no accents, straight apostrophes,
same offsets). So "JAYDEN", "jayden", "Jayden's", "Jaydens", "Zoe" for a held
"Zoë" and "OBrien" for a held "O'Brien" are all found. Found words next to each
other that belong to the same person become one hit ("Jayden Smith"), so that
it can be replaced by that person's pseudonym in one go.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .context import PERSON_AFTER, is_sentence_start
from .hits import Hit, Kind
from .lexicon import (
    MONTHS,
    PARTICLES,
    PERSON_TITLES,
    PROFESSIONAL_TITLES,
    WEEKDAYS,
    WORD,
    ambiguous_names,
    fold,
    fold_text,
    given_names,
    split_possessive,
    surnames,
    trie_pattern,
)

# Words that may be written in a held name but are not part of it: "Mrs Kelly
# Smith", "Baby Smith" (a newborn not yet named), "Unborn child of Kelly Smith".
_NOT_NAME_WORDS = PERSON_TITLES | PROFESSIONAL_TITLES | {
    "baby", "child", "unborn", "of", "and", "the", "mother", "father", "mum", "dad", "aka", "nee", "family",
    "household", "children", "sibling", "siblings", "brother", "sister", "son", "daughter", "partner", "carer",
    "grandmother", "grandfather", "nan", "aunt", "uncle", "cousin", "stepfather", "stepmother", "unknown", "name",
    "surname", "forename", "first", "last", "known", "as",
}  # fmt: skip
_GAP = re.compile(r"[ \t]*(?:\r?\n|-)?[ \t]*")
_NUMBER_NEAR = re.compile(r"\s*\d")
_NUMBER_BEFORE = re.compile(r"\d\s*(?:st|nd|rd|th)?\s*$")
_POSSESSIVE = re.compile(r"['’‘][sS]\b")
_TITLE_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Master|MR|MRS|MS|MISS)\.?[ \t]+$")
# Words a capitalised ordinary-word name is not followed by when it is a name:
# "Young People's Service", "Green Lane", "Hope Street".
_NOT_A_NAME_AFTER = re.compile(
    r"\s+(?:People|Carers|Minds|Lane|Street|Road|Avenue|Close|Drive|Park|House|Court|Hill|Way|Farm|Trust|Centre"
    r"|Foundation|Project|Hospital|School|Academy)\b"
)
_LETTER = r"[^\W\d_]"


@dataclass(frozen=True, slots=True)
class Word:
    start: int
    end: int  # the end of the word without a possessive ending
    raw: str
    key: str
    possessive: bool


_CAPITALISED = re.compile(
    r"[A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĘĚĞĪİŁŃŇŌŐŒŘŚŞŠŢŤŪŮŰŹŻŽ][^\W\d_]*(?:['’‘][^\W\d_]+)*(?:-[^\W\d_]+(?:['’‘][^\W\d_]+)*)*"
)


def capitalised_words(text: str) -> list[Word]:
    """The words of ``text`` that begin with a capital, possessive endings split
    off: all the unheld-name detector needs to look at."""
    found = []
    for match in _CAPITALISED.finditer(text):
        start = match.start()
        if start and (text[start - 1].isalpha() or text[start - 1] in "'’‘-"):
            continue  # inside a word ("McDonald", "O'Brien" are whole words here)
        raw = match.group()
        if len(raw) > 3 and raw[-1] in "sS" and raw[-2] in "'’‘":
            found.append(Word(start, start + len(raw) - 2, raw[:-2], fold(raw[:-2]), True))
        else:
            found.append(Word(start, match.end(), raw, fold(raw), False))
    return found


class HeldNames:
    """The names held for an audit's cases, ready to be found in any text."""

    def __init__(self, names: Iterable[str]):
        self.names: tuple[str, ...] = tuple(dict.fromkeys(n.strip() for n in names if n and n.strip()))
        self.index: dict[str, set[int]] = {}
        self.particles: dict[str, set[int]] = {}
        self.needs_capital: set[str] = set()
        spellings: set[str] = set()
        ambiguous = ambiguous_names()
        for number, name in enumerate(self.names):
            for match in WORD.finditer(name):
                word, _ = split_possessive(match.group())
                key = fold(word)
                if key in _NOT_NAME_WORDS:
                    continue
                if key in PARTICLES:
                    self.particles.setdefault(key, set()).add(number)
                    continue
                parts = [word] + (word.split("-") if "-" in word else [])
                for part in parts:
                    part_key = fold(part)
                    if len(part_key) < 2 or part_key in PARTICLES or part_key in _NOT_NAME_WORDS:
                        continue
                    self.index.setdefault(part_key, set()).add(number)
                    spellings.add(fold_text(part))
                    if part_key in ambiguous or part_key in MONTHS or part_key in WEEKDAYS or len(part_key) <= 2:
                        self.needs_capital.add(part_key)
        self.pattern = None
        if spellings:
            body = trie_pattern(sorted(spellings))
            self.pattern = re.compile(rf"(?<!{_LETTER})(?P<word>{body})(?P<s>s)?(?!{_LETTER})")

    def __bool__(self) -> bool:
        return bool(self.index)

    def find(self, text: str, folded: str | None = None) -> list[Hit]:
        if self.pattern is None:
            return []
        folded = fold_text(text) if folded is None else folded
        candidates = []  # start, end, key, owners
        for match in self.pattern.finditer(folded):
            key = match.group("word").replace("'", "")
            owners = self.index.get(key)
            if owners is None:
                continue
            start, end = match.span()
            # "Jaydens mother": a possessive written without its apostrophe.
            if match.group("s") and (len(key) < 4 or key in self.needs_capital):
                continue
            candidates.append((start, end, key, owners))
        found = []
        known = given_names() | surnames()
        for position, (start, end, key, owners) in enumerate(candidates):
            if key in self.needs_capital and not self._reads_as_name(text, candidates, position):
                continue
            if text[start].islower() and key not in known and not self._beside(text, candidates, position):
                continue  # "case", "early": a held surname that is also a word needs its capital
            possessive = bool(_POSSESSIVE.match(text, end))
            found.append((start, end, set(owners), possessive))
        return self._merge(text, found)

    def _reads_as_name(self, text: str, candidates: list, position: int) -> bool:
        """For a held name that is also an ordinary word (Hope, Brown, May, Will):
        only with a capital, not a month beside a number, not opening a sentence
        on its own, not the first word of a place or a service."""
        start, end, key, _ = candidates[position]
        if not text[start].isupper():
            return False
        if key in MONTHS and (_NUMBER_NEAR.match(text, end) or _NUMBER_BEFORE.search(text, max(0, start - 8), start)):
            return False
        if _NOT_A_NAME_AFTER.match(text, end):
            return False
        if self._beside(text, candidates, position):
            return True
        if _POSSESSIVE.match(text, end) or not is_sentence_start(text, start):
            return True
        # Opening a sentence, "Hope attended ..." is a name; "Will agencies ..." is not.
        return bool(PERSON_AFTER.match(text, end))

    @staticmethod
    def _beside(text: str, candidates: list, position: int) -> bool:
        """Whether another word of a held name is right next to this one."""
        key = candidates[position][2]
        for other in (position - 1, position + 1):
            if 0 <= other < len(candidates) and candidates[other][2] != key:
                first, second = sorted((candidates[position], candidates[other]), key=lambda c: c[0])
                if _GAP.fullmatch(text, first[1], second[0]):
                    return True
        return False

    def _merge(self, text: str, found: list[tuple[int, int, set[int], bool]]) -> list[Hit]:
        hits: list[Hit] = []
        current: list | None = None
        for start, end, owners, possessive in found:
            if current is not None:
                gap = text[current[1] : start]
                shared = current[2] & owners
                joinable = _GAP.fullmatch(gap) or self._particle_gap(gap, shared)
                if joinable and shared and not current[3]:
                    current = [current[0], end, shared, possessive]
                    continue
                hits.append(self._hit(text, current))
            current = [start, end, owners, possessive]
        if current is not None:
            hits.append(self._hit(text, current))
        return hits

    def _particle_gap(self, gap: str, owners: set[int]) -> bool:
        parts = gap.split()
        return bool(parts) and all(fold(p) in self.particles and owners & self.particles[fold(p)] for p in parts)

    def _hit(self, text: str, span: list) -> Hit:
        start, end, owners, _ = span
        title = _TITLE_BEFORE.search(text, max(0, start - 8), start)
        if title:
            start = title.start()
        held = tuple(self.names[n] for n in sorted(owners))
        return Hit(Kind.NAME, start, end, text[start:end], "A name held for someone in the audited cases.", held)
