"""Learning from a partnership's confirmed tags, at run time.

Two kinds of evidence, both explainable by pointing at the confirmed examples:

- nearest neighbours: a new statement that reads like a confirmed one (cosine
  similarity of TF-IDF word and word-pair vectors) takes that example's themes
  and, when no field decides, its polarity; a near twin also counts against
  themes the partnership left off it, and far more against a theme a person
  rejected on it (maca suggested it and they unticked it);
- learned words: a word or word pair that the partnership's confirmed examples
  of a theme share, and that rarely appears without that theme (a local service
  name, say), becomes extra evidence for the theme.

Pure Python and deterministic: ties are broken by the examples' order.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .text import normalise

# A neighbour must be at least this alike to count at all, and this alike to
# count against themes the partnership left off and to decide polarity.
MIN_SIMILARITY = 0.3
TWIN_SIMILARITY = 0.6
NEIGHBOURS = 5
# Weight of a neighbour's themes per unit of similarity (2 is enough alone).
NEIGHBOUR_WEIGHT = 3.0
TWIN_PENALTY = 2.0
# Against a theme a person rejected on a near twin, per unit of similarity: at
# 0.6 alike it outweighs one strong cue (3.6), at 0.9 the strongest run of cues
# a statement usually has (5.4), so what was rejected is not pushed back.
REJECTED_PENALTY = 6.0
LEARNED_TERM_WEIGHT = 1.5
# A word pair (a local service's name) is learned from two examples; a single
# word, more often a common one ("assessment"), from three.
LEARNED_TERM_MIN_EXAMPLES = 2
LEARNED_WORD_MIN_EXAMPLES = 3
LEARNED_TERM_MIN_PRECISION = 0.8

_STOPWORDS_TEXT = """
a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing down during each few for from further had has have having he her here
hers him his how i if in into is it its itself just may me might more most must my no nor not now of off on once
only or other our out over own same she should so some such than that the their them then there these they this
those through to too under until up very was we were what when where which while who whom why will with would
you your case cases child children family families agency agencies professionals practitioners work working
there's
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())
_TOKEN = re.compile(r"[a-z][a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Example:
    """A statement whose themes and polarity a person in the partnership confirmed."""

    text: str
    themes: tuple[str, ...]
    polarity: str
    id: Any = None
    # Themes maca suggested for it that the person unticked.
    rejected: tuple[str, ...] = ()

    @classmethod
    def coerce(cls, value: Example | Sequence | dict) -> Example:
        if isinstance(value, Example):
            return value
        if isinstance(value, dict):
            return cls(
                value["text"],
                tuple(value["themes"]),
                value["polarity"],
                value.get("id"),
                tuple(value.get("rejected", ())),
            )
        text, themes, polarity, *rest = value
        return cls(text, tuple(themes), polarity, rest[0] if rest else None)


@dataclass(frozen=True, slots=True)
class Neighbour:
    example: Example
    similarity: float


@dataclass(frozen=True, slots=True)
class LearnedTerm:
    term: str
    theme: str
    examples: tuple[Example, ...]


def _stem(word: str) -> str:
    for suffix, replacement in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: len(word) - len(suffix)] + replacement
    return word


def terms(text: str) -> list[str]:
    stems = [_stem(w) for w in _TOKEN.findall(normalise(text)) if w not in STOPWORDS]
    return stems + [f"{a} {b}" for a, b in itertools.pairwise(stems)]


def as_written(text: str) -> dict[str, str]:
    """Each term of ``text`` with the words as they were written there, to
    quote in a reason ("sharing", not the stem "shar")."""
    words = [w for w in _TOKEN.findall(normalise(text)) if w not in STOPWORDS]
    stems = [_stem(w) for w in words]
    found: dict[str, str] = {}
    for stem, word in zip(stems, words, strict=True):
        found.setdefault(stem, word)
    for (a, b), (x, y) in zip(itertools.pairwise(stems), itertools.pairwise(words), strict=True):
        found.setdefault(f"{a} {b}", f"{x} {y}")
    return found


@dataclass
class ExampleIndex:
    examples: list[Example]
    _idf: dict[str, float] = field(default_factory=dict, repr=False)
    _vectors: list[dict[str, float]] = field(default_factory=list, repr=False)
    _postings: dict[str, list[int]] = field(default_factory=dict, repr=False)
    _learned: dict[str, list[LearnedTerm]] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, examples: Iterable[Example | Sequence | dict]) -> ExampleIndex:
        index = cls([Example.coerce(e) for e in examples])
        documents = [Counter(terms(e.text)) for e in index.examples]
        frequency = Counter(t for counts in documents for t in counts)
        n = len(documents)
        index._idf = {t: math.log((1 + n) / (1 + df)) + 1 for t, df in frequency.items()}
        postings = defaultdict(list)
        for position, counts in enumerate(documents):
            vector = {t: (1 + math.log(c)) * index._idf[t] for t, c in counts.items()}
            index._vectors.append(_unit(vector))
            for t in vector:
                postings[t].append(position)
        index._postings = dict(postings)
        index._learn_terms(documents)
        return index

    def _learn_terms(self, documents: list[Counter]) -> None:
        learned: dict[str, list[LearnedTerm]] = defaultdict(list)
        for term, positions in sorted(self._postings.items()):
            least = LEARNED_TERM_MIN_EXAMPLES if " " in term else LEARNED_WORD_MIN_EXAMPLES
            if len(positions) < least:
                continue
            by_theme = Counter(theme for p in positions for theme in self.examples[p].themes)
            for theme, count in sorted(by_theme.items()):
                if count >= least and count / len(positions) >= LEARNED_TERM_MIN_PRECISION:
                    supporting = tuple(self.examples[p] for p in positions if theme in self.examples[p].themes)
                    learned[term].append(LearnedTerm(term, theme, supporting))
        self._learned = dict(learned)

    def __len__(self) -> int:
        return len(self.examples)

    def neighbours(self, text: str) -> list[Neighbour]:
        """The confirmed examples most like ``text`` (at most five, 30% alike or more)."""
        return self.similar(text, limit=NEIGHBOURS, min_similarity=MIN_SIMILARITY)

    def similar(self, text: str, *, limit: int, min_similarity: float) -> list[Neighbour]:
        """The ``limit`` examples most like ``text``, at least ``min_similarity`` alike."""
        counts = Counter(terms(text))
        query = _unit({t: (1 + math.log(c)) * self._idf[t] for t, c in counts.items() if t in self._idf})
        scores: dict[int, float] = defaultdict(float)
        for t, weight in query.items():
            for position in self._postings[t]:
                scores[position] += weight * self._vectors[position][t]
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        return [Neighbour(self.examples[p], round(s, 4)) for p, s in ranked[:limit] if s >= min_similarity]

    def learned_terms(self, text: str) -> list[LearnedTerm]:
        found = []
        for t in dict.fromkeys(terms(text)):
            found.extend(self._learned.get(t, ()))
        return found


def _unit(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {t: v / norm for t, v in vector.items()} if norm else {}
