"""The ONNX encoder: its export cache, and the manifest's record of the encoder that built an index.

The unit tests use a fake exporter and hand-written manifests; the tests marked `integration`
export the real bundled model once per session into a temporary cache.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from reelqa.config.errors import IndexMismatchError, ReelqaError
from reelqa.config.settings import BUNDLED_MODEL, IndexSettings, RetrievalSettings, load_settings
from reelqa.index.engine import open_engine
from reelqa.index.ingest.chunking import sentence_units
from reelqa.index.query import understand
from reelqa.index.retrieve.search import Retriever
from reelqa.index.store.build import build_index
from reelqa.index.store.embedding import (
    bundled_model_path,
    check_backend,
    load_embedder,
)
from reelqa.index.store.folder import load_index, read_manifest, sha256
from reelqa.index.store.onnx import OnnxEncoder, cache_key, exported_model

from tests.conftest import CORPUS, ROOT

SENTENCES = ["Kim Tae-ri voices Na-young with real warmth.",
             "The film is set in Seoul, 2050.",
             "I found the second half slow, but the ending made up for it.",
             "Directed by Han Ji-won."]


def fake_model(folder: Path, weights: bytes = b"weights", pooling: str = "mean_tokens") -> Path:
    """A model folder laid out like the bundled one, without real weights."""
    (folder / "1_Pooling").mkdir(parents=True, exist_ok=True)
    (folder / "config.json").write_text("{}")
    (folder / "model.safetensors").write_bytes(weights)
    kinds = ["Transformer", "Pooling", "Normalize"]
    (folder / "modules.json").write_text(json.dumps(
        [{"type": f"sentence_transformers.models.{k}"} for k in kinds]))
    (folder / "1_Pooling" / "config.json").write_text(json.dumps({f"pooling_mode_{pooling}": True}))
    return folder


def test_cache_key_follows_the_weights_and_the_backend(tmp_path) -> None:
    one = fake_model(tmp_path / "one")
    same = fake_model(tmp_path / "same")
    other = fake_model(tmp_path / "other", b"other weights")
    assert cache_key(one, "onnx") == cache_key(same, "onnx")
    assert cache_key(one, "onnx") != cache_key(other, "onnx")
    assert cache_key(one, "onnx") != cache_key(one, "onnx-int8")


def test_an_export_is_made_once_and_then_read_from_the_cache(tmp_path) -> None:
    model = fake_model(tmp_path / "model")
    calls: list[Path] = []

    def export(model_dir: Path, target: Path) -> None:
        calls.append(model_dir)
        target.write_bytes(b"graph")

    first = exported_model(model, "onnx", tmp_path / "cache", export)
    again = exported_model(model, "onnx", tmp_path / "cache", export)
    assert (first, again, first.read_bytes(), calls) == (again, first, b"graph", [model])
    assert first.parent == tmp_path / "cache" / cache_key(model, "onnx")
    assert [p.name for p in first.parent.iterdir()] == ["model.onnx"]  # no scraps left


def test_a_failed_export_leaves_nothing_in_the_cache(tmp_path) -> None:
    def export(model_dir: Path, target: Path) -> None:
        target.write_bytes(b"half")
        raise ReelqaError("export failed")

    with pytest.raises(ReelqaError, match="export failed"):
        exported_model(fake_model(tmp_path / "m"), "onnx", tmp_path / "cache", export)
    assert [p for p in (tmp_path / "cache").rglob("*") if p.is_file()] == []


def test_an_unwritable_cache_is_one_clear_error(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ReelqaError) as caught:
        exported_model(fake_model(tmp_path / "m"), "onnx", blocker / "cache", lambda m, t: None)
    assert str(caught.value).startswith(
        f"cannot write the ONNX export of the embedding model to {blocker / 'cache'} (")
    assert str(caught.value).endswith("set REELQA_EMBEDDING_CACHE_DIR to a writable folder or "
                                      "REELQA_EMBEDDING_BACKEND=torch")


def test_a_model_that_is_not_mean_pooled_is_refused_before_exporting(tmp_path) -> None:
    with pytest.raises(ReelqaError, match="mean-pooled, normalised .* REELQA_EMBEDDING_BACKEND=torch"):
        exported_model(fake_model(tmp_path / "m", pooling="cls_token"), "onnx", tmp_path / "cache",
                       lambda m, t: None)


def test_the_backend_must_match_the_one_that_built_the_index(tmp_path) -> None:
    manifest = {"model": {"name": BUNDLED_MODEL, "dimension": 384, "backend": "onnx-int8"}}
    check_backend(tmp_path, manifest, "onnx-int8")
    with pytest.raises(IndexMismatchError) as caught:
        check_backend(tmp_path, manifest, "torch")
    assert str(caught.value) == (
        f"index at {tmp_path} was built with embedding backend 'onnx-int8' but "
        "REELQA_EMBEDDING_BACKEND is 'torch'; rebuild with `reelqa index build` "
        "or set REELQA_EMBEDDING_BACKEND=onnx-int8")
    older = {"model": {"name": BUNDLED_MODEL, "dimension": 384}}  # before backends: torch
    check_backend(tmp_path, older, "torch")
    with pytest.raises(IndexMismatchError, match="backend 'torch' but"):
        check_backend(tmp_path, older, "onnx")


def test_the_backend_setting(monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REELQA_EMBEDDING_BACKEND", raising=False)
    assert load_settings().index_settings().backend == "onnx-int8"
    monkeypatch.setenv("REELQA_EMBEDDING_BACKEND", "onnx")
    monkeypatch.setenv("REELQA_EMBEDDING_CACHE_DIR", str(tmp_path / "c"))
    settings = load_settings().index_settings()
    assert (settings.backend, settings.cache_dir, settings.query_threads) == (
        "onnx", tmp_path / "c", 1)
    monkeypatch.setenv("REELQA_EMBEDDING_BACKEND", "tensorflow")
    with pytest.raises(ReelqaError, match="^invalid setting REELQA_EMBEDDING_BACKEND: "):
        load_settings()


def test_an_unknown_backend_is_refused() -> None:
    with pytest.raises(ReelqaError, match="unknown embedding backend 'gpu'"):
        load_embedder(BUNDLED_MODEL, backend="gpu")


@pytest.mark.integration
def test_onnx_vectors_match_torch(onnx_cache, int8_encoder, real_embedder) -> None:
    reference = real_embedder.encode(SENTENCES)
    fp32_encoder = load_embedder(BUNDLED_MODEL, backend="onnx", cache_dir=onnx_cache)
    fp32 = fp32_encoder.encode(SENTENCES)
    int8 = int8_encoder.encode(SENTENCES)
    assert int8.shape == (4, 384) and int8.dtype == np.float32
    assert np.allclose(np.linalg.norm(int8, axis=1), 1.0, atol=1e-5)
    assert float((fp32 * reference).sum(1).min()) > 0.9999
    assert float((int8 * reference).sum(1).min()) > 0.95
    # One question goes through the single-question session: the same vector as in a batch.
    assert np.array_equal(fp32_encoder.encode([SENTENCES[1]])[0], fp32[1])
    assert np.array_equal(int8_encoder.encode([SENTENCES[1]])[0], int8[1])


@pytest.mark.integration
def test_a_sentence_has_one_int8_vector_whatever_its_batch(int8_encoder) -> None:
    """Each text is quantized on its own: alone, in any company, in a batch of any size, its
    vector is the same bit for bit (dynamic int8 over a whole batch moved it to cosine 0.945)."""
    sentences = [s for s, _ in real_sentences(60)]
    together = int8_encoder.encode(sentences)
    alone = np.vstack([int8_encoder.encode([s]) for s in sentences[:12]])
    assert np.array_equal(alone, together[:12])
    rng = random.Random(4)
    for size in (3, 7, 25):
        order = rng.sample(range(len(sentences)), size)
        batch = int8_encoder.encode([sentences[i] for i in order])
        assert np.array_equal(batch, together[order]), size
    assert float((alone * together[:12]).sum(1).min()) >= 0.9999  # the target


@pytest.mark.integration
def test_a_question_gets_the_builds_vector_on_any_number_of_threads(onnx_cache,
                                                                   int8_encoder) -> None:
    """A question is encoded on a session of `query_threads` intra-op threads, a build's texts
    on one-thread sessions: the same vector bit for bit, so the threads a question runs on
    change no score."""
    texts = [s for s, _ in real_sentences(40)] + [
        "Who plays Linda Morrison in Ladder 49?", "Is the soundtrack any good?", "Who directed it?"]
    built = int8_encoder.encode(texts)  # the build's path: worker threads, one-thread sessions
    for threads in (1, 2, 3):
        encoder = load_embedder(BUNDLED_MODEL, backend="onnx-int8", cache_dir=onnx_cache,
                                query_threads=threads)
        asked = np.vstack([encoder.encode([text]) for text in texts])
        assert np.array_equal(asked, built), threads


def real_sentences(count: int) -> list[tuple[str, str]]:
    """(sentence, review id) of real IMDb reviews, of every length, in corpus order."""
    out = []
    for line in (ROOT / "tests/data/imdb_slice/corpus.jsonl").read_text().split("\n")[:-1]:
        review = json.loads(line)
        for start, end in sentence_units(review["text"]):
            out.append((review["text"][start:end], review["id"]))
    step = max(1, len(out) // count)
    return out[::step][:count]


@pytest.mark.integration
def test_the_second_load_reads_the_cache(onnx_cache, int8_encoder) -> None:
    def refuse(model_dir: Path, target: Path) -> None:
        raise AssertionError("exported again")

    model = bundled_model_path()
    assert model is not None
    again = OnnxEncoder(BUNDLED_MODEL, model, "onnx-int8", onnx_cache, refuse, quantize=True)
    assert (again.path, again.onnx_sha256) == (int8_encoder.path, sha256(int8_encoder.path))


@pytest.mark.integration
def test_an_index_is_queried_only_with_the_encoder_that_built_it(
    tmp_path, onnx_cache, int8_encoder, real_embedder, monkeypatch
) -> None:
    folder = tmp_path / "index"
    build_index(IndexSettings(corpus_dirs=(CORPUS,), index_dir=folder,
                              embedding_model=BUNDLED_MODEL, batch_size=32),
                embedder=int8_encoder)
    model = read_manifest(folder)["model"]
    assert model == {"name": BUNDLED_MODEL, "dimension": 384, "backend": "onnx-int8",
                     "onnx_sha256": int8_encoder.onnx_sha256, "activation_scales": "per-text"}
    index = load_index(folder, BUNDLED_MODEL)
    hits = Retriever(int8_encoder, index, RetrievalSettings()).search(understand("who voices Jay?"))
    assert "Hong Kyung" in hits[0].passage.text
    with pytest.raises(IndexMismatchError, match="backend 'onnx-int8' but .* is 'torch'"):
        Retriever(real_embedder, index, RetrievalSettings())
    # open_engine refuses before it loads any model.
    monkeypatch.chdir(tmp_path)
    settings = load_settings(index_dir=folder, embedding_backend="onnx",
                             embedding_cache_dir=onnx_cache)
    with pytest.raises(IndexMismatchError, match="backend 'onnx-int8' but .* is 'onnx'"):
        open_engine(settings)
