"""Themes from statements alike in meaning: the nearest of the statements we
wrote (``devdata/written_statements.jsonl``, fictional, labelled by the shared
rules), compared as sentence embeddings.

A statement's ten nearest written statements vote for their themes, each vote
weighted by its similarity cubed (so the nearest count most); a theme with at
least ``VOTE_TO_ADD`` of the vote is added to what the lexicon found, up to the
tagger's four. This adds themes that are implied rather than named; it never
removes one. Measured in ADR 0010 (third round): on the held-out statements
it raised recall from 0.72 to 0.76 at the same precision.

The written statements' vectors are kept in ``written_statements.minilm.npz``
with the digest of what they were made from; when that differs (the
statements or the model changed) they are made again at load, with a warning,
and ``manage.py tagging_vectors`` writes the file anew.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import embedding

logger = logging.getLogger(__name__)

DEVDATA = Path(__file__).resolve().parent / "devdata"
STATEMENTS = DEVDATA / "written_statements.jsonl"
VECTORS = DEVDATA / "written_statements.minilm.npz"
# Bump when the way vectors are made changes (tokenizer, pooling, activation).
METHOD = "minilm-l6-v2 mean-pooled, tanh GELU, 1"

NEIGHBOURS = 10
POWER = 3
VOTE_TO_ADD = 0.6


@dataclass(frozen=True, slots=True)
class Vote:
    """A theme's share of the nearest written statements' vote (0 to 1), and
    the nearest of them that carries the theme."""

    theme: str
    share: float
    example_text: str
    similarity: float


def source_digest() -> str:
    digest = hashlib.sha256(METHOD.encode())
    digest.update(embedding.PINNED_FILES["model.safetensors"].encode())
    digest.update(STATEMENTS.read_bytes())
    return digest.hexdigest()


def _statements() -> list[dict]:
    with STATEMENTS.open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


class WrittenExamples:
    def __init__(self, embedder: embedding.Embedder) -> None:
        rows = _statements()
        self.texts = [row["text"] for row in rows]
        self.themes = [tuple(row["themes"]) for row in rows]
        self.vectors = _vectors(embedder, self.texts)

    def votes(self, vector: np.ndarray, text: str | None = None) -> list[Vote]:
        """Themes with at least ``VOTE_TO_ADD`` of the vote, largest first.
        A written statement is not evidence for itself (``text``)."""
        similarities = self.vectors @ vector
        nearest = np.argsort(-similarities, kind="stable")[: NEIGHBOURS + 1]
        nearest = [index for index in nearest if self.texts[index] != text][:NEIGHBOURS]
        weights = {index: max(float(similarities[index]), 0.0) ** POWER for index in nearest}
        total = sum(weights.values())
        if total <= 0:
            return []
        shares: dict[str, float] = {}
        first: dict[str, int] = {}
        for index in nearest:
            for theme in self.themes[index]:
                shares[theme] = shares.get(theme, 0.0) + weights[index] / total
                first.setdefault(theme, index)
        votes = [
            Vote(theme, round(share, 3), self.texts[first[theme]], round(float(similarities[first[theme]]), 3))
            for theme, share in shares.items()
            if share >= VOTE_TO_ADD
        ]
        return sorted(votes, key=lambda vote: (-vote.share, vote.theme))


def _vectors(embedder: embedding.Embedder, texts: list[str]) -> np.ndarray:
    digest = source_digest()
    if VECTORS.is_file():
        with np.load(VECTORS) as stored:
            if str(stored["digest"]) == digest and len(stored["vectors"]) == len(texts):
                return stored["vectors"].astype(np.float32)
    logger.warning("%s is out of date: making the written statements' vectors again", VECTORS.name)
    return embedder.embed_many(texts)


def write_vectors() -> Path:
    """Make the written statements' vectors and keep them beside the statements."""
    embedder = embedding.load()
    if embedder is None:
        raise embedding.ModelUnavailable(embedding.unavailable_reason())
    vectors = embedder.embed_many([row["text"] for row in _statements()]).astype(np.float16)
    np.savez_compressed(VECTORS, vectors=vectors, digest=np.array(source_digest()))
    return VECTORS


_LOCK = threading.Lock()
_SHARED: dict[str, WrittenExamples] = {}


def shared() -> tuple[embedding.Embedder, WrittenExamples] | None:
    """The shared embedder and written examples, or None without the model."""
    embedder = embedding.load()
    if embedder is None:
        return None
    with _LOCK:
        if "examples" not in _SHARED:
            _SHARED["examples"] = WrittenExamples(embedder)
        return embedder, _SHARED["examples"]
