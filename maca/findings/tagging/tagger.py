"""The theme tagger: lexicon evidence, plus the partnership's confirmed
examples when there are any, turned into suggestions with their reasons."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from ..taxonomy import THEME_IDS
from . import polarity as polarity_rules
from .cues import Cue
from .examples import (
    LEARNED_TERM_MIN_EXAMPLES,
    LEARNED_TERM_WEIGHT,
    LEARNED_WORD_MIN_EXAMPLES,
    NEIGHBOUR_WEIGHT,
    REJECTED_PENALTY,
    TWIN_PENALTY,
    TWIN_SIMILARITY,
    Example,
    ExampleIndex,
    as_written,
)
from .lexicon import THEME_CUES
from .polarity import PolarityReason
from .text import normalise, sentence_bounds

# Evidence a theme needs to be suggested (one strong cue, or two weaker ones).
THRESHOLD = 2.0
MAX_THEMES = 4
LEARNED_TERMS_PER_THEME = 2


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a theme was suggested, as data: the words in the statement that
    triggered it (``kind="words"``), a confirmed example it resembles or
    shares words with (``kind="example"``), or statements we wrote that are
    alike in meaning (``kind="alike"``: ``weight`` is the theme's share of
    their vote). What a page says is the presenter's
    (``maca.findings.presenters.reasons_text``), never read back out of
    words; ``str()`` is the tagger's own account of it.

    A finding keeps it as ``as_stored`` gives it. ``kind="text"`` is a
    finding's reason from before reasons were kept as data that fits none of
    these (``evidence``, its words as they were kept); the tagger never gives
    one.
    """

    kind: str
    evidence: str
    weight: float = 0.0
    example_id: Any = None
    similarity: float | None = None
    # Words of the statement that the partnership's examples of the theme
    # share (a local service's name), as written in the statement; one
    # example's are said together ("'kestrel dads' and 'dads project'").
    learned_words: tuple[str, ...] = ()

    @property
    def likeness(self) -> int | None:
        """The similarity in whole per cent, as ``"{:.0%}"`` rounds it; None without one."""
        return None if self.similarity is None else round(float(self.similarity) * 100)

    def __str__(self) -> str:
        if self.kind == "words":
            return f"the words '{self.evidence}'"
        if self.kind == "alike":
            return f"alike in meaning to statements on this theme, such as '{self.evidence}' ({self.likeness}% alike)"
        if self.kind == "text":
            return self.evidence
        learned = " and ".join(f"'{word}'" for word in self.learned_words)
        if self.similarity is not None:
            shared = f"; both say {learned}" if learned else ""
            return f"like the confirmed example '{self.evidence}' ({self.likeness}% alike{shared})"
        return f"{learned}, as in the confirmed example '{self.evidence}'"

    def as_stored(self) -> dict:
        """As a finding keeps it (JSON): ``kind`` and ``evidence``, the
        likeness in whole per cent (``likeness``) and ``learned_words`` (a
        list) where there are any; ``{"kind": "text", "text": ...}`` for a
        reason kept in words. Only what a page says: two reasons kept alike
        say the same (the weight and the example's id are left out)."""
        if self.kind == "text":
            return {"kind": "text", "text": self.evidence}
        stored: dict[str, Any] = {"kind": self.kind, "evidence": self.evidence}
        if self.similarity is not None:
            stored["likeness"] = self.likeness
        if self.learned_words:
            stored["learned_words"] = list(self.learned_words)
        return stored

    @classmethod
    def from_stored(cls, stored: Mapping) -> Reason:
        """A reason kept by ``as_stored``."""
        kind = stored.get("kind", "text")
        if kind == "text":
            return cls("text", stored.get("text", ""))
        likeness = stored.get("likeness")
        return cls(
            kind,
            stored.get("evidence", ""),
            similarity=None if likeness is None else likeness / 100,
            learned_words=tuple(stored.get("learned_words", ())),
        )


@dataclass(frozen=True, slots=True)
class ThemeSuggestion:
    """A suggested theme. ``score`` runs from 0.5 (just enough evidence) towards
    1 (a great deal); reasons come strongest first."""

    id: str
    score: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class Suggestion:
    """Themes strongest first (at most four), and the polarity with its reason
    (``polarity_basis``, as data; ``polarity_reason``, in the tagger's words).
    ``vector`` is the statement's sentence embedding when the model is in use
    (kept with a finding for "findings like this one"), else None."""

    themes: tuple[ThemeSuggestion, ...]
    polarity: str
    polarity_basis: PolarityReason
    vector: Any = dataclass_field(default=None, compare=False, repr=False)

    @property
    def polarity_reason(self) -> str:
        return str(self.polarity_basis)

    @property
    def theme_ids(self) -> list[str]:
        return [theme.id for theme in self.themes]


@dataclass(slots=True)
class _Words:
    text: str
    scores: dict[str, float]
    chosen: list[str]
    themes: list[ThemeSuggestion]
    left_off: set[str]
    polarity: str
    polarity_basis: PolarityReason


class Tagger:
    """Build once (for a partnership's examples) and call many times.

    ``cues`` maps theme ids to cues; the default taxonomy's lexicon unless
    given. Themes a partnership adds have no cues: they are learned from
    confirmed examples alone. ``alike=False`` leaves out the evidence of
    statements alike in meaning (sentence embeddings); it is also left out,
    by itself, where the model is not installed.
    """

    def __init__(
        self,
        examples: Iterable[Example | Sequence | dict] | ExampleIndex | None = None,
        *,
        cues: dict[str, list[Cue]] | None = None,
        theme_ids: Sequence[str] | None = None,
        alike: bool = True,
    ) -> None:
        self.cues = THEME_CUES if cues is None else cues
        self.theme_ids = tuple(theme_ids) if theme_ids is not None else THEME_IDS
        if examples is None or isinstance(examples, ExampleIndex):
            self.index = examples
        else:
            self.index = ExampleIndex.build(examples)
        self.embedder, self.written = None, None
        if alike:
            # Imported here, not at the top: numpy and the model are loaded by the
            # first process that tags, not by every process that imports maca.
            from . import alike as alike_module

            self.embedder, self.written = alike_module.shared() or (None, None)

    @property
    def uses_embeddings(self) -> bool:
        return self.embedder is not None

    def suggest(self, text: str, *, field: str | None = None, exclude: Any = None) -> Suggestion:
        """``exclude``: the id of a confirmed example not to learn from (the
        finding being suggested for, whose earlier words are an example)."""
        vector = self.embedder.embed(text) if self.embedder else None
        return self._with_alike(self._words(text, field, exclude), vector)

    def suggest_many(self, texts: Iterable[str], *, field: str | None = None) -> list[Suggestion]:
        texts = list(texts)
        if self.embedder is None or len(texts) < 2:
            vectors = self.embedder.embed_many(texts) if self.embedder else [None] * len(texts)
            return [self._suggest(text, field, vector) for text, vector in zip(texts, vectors, strict=True)]
        # The statements are read for their meaning in other threads while this
        # one reads their words: the lexicon needs no vector.
        with ThreadPoolExecutor(max_workers=1) as pool:
            reading = pool.submit(self.embedder.embed_many, texts)
            words = [self._words(text, field) for text in texts]
            vectors = reading.result()
        return [self._with_alike(found, vector) for found, vector in zip(words, vectors, strict=True)]

    def _suggest(self, text: str, field: str | None, vector) -> Suggestion:
        return self._with_alike(self._words(text, field), vector)

    def _words(self, text: str, field: str | None, exclude: Any = None) -> _Words:
        """What the lexicon, the polarity rules and the partnership's examples
        find in the statement."""
        lowered = normalise(text)
        bounds = sentence_bounds(lowered)
        scores: dict[str, float] = {}
        reasons: dict[str, list[Reason]] = {}
        for theme_id in self.theme_ids:
            total = 0.0
            found = []
            for item in self.cues.get(theme_id, ()):
                match = item.first_match(lowered, text, bounds)
                if match is None:
                    continue
                total += item.weight
                if item.weight > 0:
                    found.append(Reason("words", text[match.start() : match.end()], item.weight))
            scores[theme_id] = total
            reasons[theme_id] = found

        decision = polarity_rules.decide(text, field=field, normalised=lowered)
        polarity, polarity_basis = decision.polarity, decision.basis
        left_off: set[str] = set()
        if self.index is not None and len(self.index):
            polarity, polarity_basis = self._learn(
                text, field, scores, reasons, polarity, polarity_basis, left_off, exclude
            )

        chosen = sorted(
            (t for t in self.theme_ids if scores[t] >= THRESHOLD and reasons[t]),
            key=lambda t: (-scores[t], self.theme_ids.index(t)),
        )
        chosen = chosen[:MAX_THEMES]
        themes = [
            ThemeSuggestion(t, round(scores[t] / (scores[t] + THRESHOLD), 3), tuple(_strongest_first(reasons[t])))
            for t in chosen
        ]
        return _Words(text, scores, chosen, themes, left_off, polarity, polarity_basis)

    def _with_alike(self, found: _Words, vector) -> Suggestion:
        """The suggestion: the words' themes, then those of statements alike in meaning."""
        text, scores, chosen, left_off = found.text, found.scores, found.chosen, found.left_off
        themes = list(found.themes)
        if vector is not None:
            # Themes implied rather than named: added after the lexicon's, never
            # in place of one, nor where the lexicon's context rules counted
            # against the theme ("a business plan" is not a child's plan) or the
            # partnership's near twin left it off.
            for vote in self.written.votes(vector, text):
                if len(themes) >= MAX_THEMES:
                    break
                if vote.theme in chosen or vote.theme not in self.theme_ids or vote.theme in left_off:
                    continue
                if scores[vote.theme] < 0:
                    continue
                reason = Reason("alike", vote.example_text, vote.share, None, vote.similarity)
                themes.append(ThemeSuggestion(vote.theme, vote.share, (reason,)))
        return Suggestion(tuple(themes), found.polarity, found.polarity_basis, vector)

    def _learn(self, text, field, scores, reasons, polarity, polarity_basis, left_off, exclude=None):
        neighbours = [n for n in self.index.neighbours(text) if exclude is None or n.example.id != exclude]
        for neighbour in neighbours:
            example = neighbour.example
            for theme_id in example.themes:
                if theme_id not in scores:
                    continue
                weight = NEIGHBOUR_WEIGHT * neighbour.similarity
                scores[theme_id] += weight
                reasons[theme_id].append(Reason("example", example.text, weight, example.id, neighbour.similarity))
        if neighbours and neighbours[0].similarity >= TWIN_SIMILARITY:
            twin = neighbours[0]
            for theme_id in scores:
                if theme_id not in twin.example.themes:
                    scores[theme_id] -= TWIN_PENALTY * twin.similarity
                    left_off.add(theme_id)
        # A theme a person unticked on a near twin is not pushed back at them:
        # its words were there then too (ADR 0010, addendum of the seventh round).
        for neighbour in neighbours:
            if neighbour.similarity < TWIN_SIMILARITY:
                break
            for theme_id in neighbour.example.rejected:
                if theme_id in scores:
                    scores[theme_id] -= REJECTED_PENALTY * neighbour.similarity
                    left_off.add(theme_id)
            if field is None and twin.example.polarity in (polarity_rules.STRENGTH, polarity_rules.CONCERN):
                polarity = twin.example.polarity
                # Its likeness in whole per cent, as "{:.0%}" rounds it.
                polarity_basis = PolarityReason(
                    "example", polarity, example=twin.example.text, likeness=round(float(twin.similarity) * 100)
                )
        # Word pairs before single words, and at most two learned words per
        # theme, so that one local name ("Bright Steps") counts once or twice,
        # not once for each of its words.
        by_theme: dict[str, list] = {}
        for learned in self.index.learned_terms(text):
            # The finding's own earlier words neither teach nor are quoted.
            supporting = [example for example in learned.examples if exclude is None or example.id != exclude]
            least = LEARNED_TERM_MIN_EXAMPLES if " " in learned.term else LEARNED_WORD_MIN_EXAMPLES
            if len(supporting) < least:
                continue
            if learned.theme in scores:
                by_theme.setdefault(learned.theme, []).append((learned.term, supporting[0]))
        written = as_written(text) if by_theme else {}
        for theme_id, found in by_theme.items():
            found.sort(key=lambda item: (-item[0].count(" "), item[0]))
            # Said once per example: its words together, beside its likeness when it is also a neighbour.
            words_of: dict[Any, list[str]] = {}
            example_of: dict[Any, Example] = {}
            for term, example in found[:LEARNED_TERMS_PER_THEME]:
                scores[theme_id] += LEARNED_TERM_WEIGHT
                words_of.setdefault(example.id, []).append(written.get(term, term))
                example_of[example.id] = example
            for example_id, words in words_of.items():
                said = tuple(words)
                weight = LEARNED_TERM_WEIGHT * len(words)
                kept = reasons[theme_id]
                like = next(
                    (i for i, r in enumerate(kept) if r.example_id == example_id and r.similarity is not None), None
                )
                if like is not None:
                    r = kept[like]
                    kept[like] = Reason(r.kind, r.evidence, r.weight + weight, r.example_id, r.similarity, said)
                else:
                    example = example_of[example_id]
                    kept.append(Reason("example", example.text, weight, example.id, None, said))
        return polarity, polarity_basis


def _strongest_first(reasons: list[Reason]) -> list[Reason]:
    return sorted(reasons, key=lambda r: -r.weight)


_DEFAULT: Tagger | None = None


def default_tagger() -> Tagger:
    """The tagger for the default taxonomy with no partnership data (shared)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Tagger()
    return _DEFAULT


def warm_up() -> None:
    """Load, once per process, what the first suggestion would otherwise load
    while a person waits: the lexicon's patterns, the sentence model (its
    checksums checked) and the written statements it compares with. A few
    seconds on a busy machine; nothing is kept that a later call would not."""
    default_tagger().suggest("The plan for the child was reviewed with the family.")


def suggest(
    text: str,
    *,
    field: str | None = None,
    examples: Iterable[Example | Sequence | dict] | ExampleIndex | None = None,
) -> Suggestion:
    """Suggested themes and polarity for one statement, each with its reason.

    ``field`` is ``"strengths"`` or ``"worries"`` when the statement was written
    in such a field (it then decides the polarity), else None. ``examples`` are
    the partnership's confirmed tags; to tag many statements against the same
    examples, build a ``Tagger(examples)`` (or an ``ExampleIndex``) once.
    """
    tagger = default_tagger() if examples is None else Tagger(examples)
    return tagger.suggest(text, field=field)


def suggest_many(
    texts: Iterable[str],
    *,
    field: str | None = None,
    examples: Iterable[Example | Sequence | dict] | ExampleIndex | None = None,
) -> list[Suggestion]:
    """``suggest`` for many statements, building the example index once."""
    tagger = default_tagger() if examples is None else Tagger(examples)
    return tagger.suggest_many(texts, field=field)
