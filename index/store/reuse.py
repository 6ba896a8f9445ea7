"""Incremental builds: the vectors of unchanged sentences, taken from the live index by content.

A sentence's vector depends only on its text and the model, so the key is a hash of the text,
the model (name and dimension) and the chunking settings; a review that changed yields new
sentence texts, hence new keys, and is embedded again; a deleted review's keys are never asked.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from reelqa.config.errors import ReelqaError
from reelqa.index.store.dense import DenseStore
from reelqa.index.store.folder import load_passages, sentence_spans
from reelqa.index.store.versions import resolve


@dataclass(frozen=True)
class Reusable:
    """The live index's vectors, by content key."""

    rows: dict[str, int]
    vectors: np.ndarray


@dataclass(frozen=True)
class Embedded:
    """The vectors of a build, in order, and how many were embedded or reused."""

    vectors: np.ndarray
    encoded: int
    reused: int


def content_key(model: dict[str, Any], chunking: dict[str, Any], text: str) -> str:
    """The reuse key of one embedded text."""
    head = json.dumps([model["name"], model["dimension"], chunking], sort_keys=True)
    return hashlib.sha256(f"{head}\0{text}".encode()).hexdigest()


def reusable(folder: Path, model: dict[str, Any], chunking: dict[str, Any]) -> Reusable | None:
    """The live index's vectors when it was built with the same model and chunking, else None
    (no index, another model, or one that cannot be read: the build is then a full one)."""
    try:
        manifest, passages = load_passages(folder)
        # Format 1 recorded no chunking; it cut reviews with the settings still in use.
        built = manifest.get("chunking", chunking if manifest["format"] == 1 else None)
        if manifest["model"] != model or built != chunking:
            return None
        version = resolve(folder)
        texts = {p.review.id: p.review.text for p in passages}
        spans = sentence_spans(version, manifest, passages)
        rows: dict[str, int] = {}
        for count, (review_id, start, end) in enumerate(spans):
            rows.setdefault(content_key(model, chunking, texts[review_id][start:end]), count)
        count = len(spans)
        vectors = DenseStore.load(version).vectors()
    except (ReelqaError, OSError, ValueError, KeyError, TypeError, RuntimeError):
        return None
    if len(vectors) != count or vectors.shape[1] != model["dimension"]:
        return None
    return Reusable(rows, vectors)


def embed_reusing(
    texts: Sequence[str],
    model: dict[str, Any],
    chunking: dict[str, Any],
    previous: Reusable | None,
    encode: Callable[[list[str]], np.ndarray],
) -> Embedded:
    """Vectors for `texts` in order: reused where `previous` holds the same content, the rest
    passed to `encode` (in order, once each)."""
    out = np.zeros((len(texts), model["dimension"]), dtype=np.float32)
    missing: list[int] = []
    for i, text in enumerate(texts):
        row = previous.rows.get(content_key(model, chunking, text)) if previous else None
        if row is None:
            missing.append(i)
        else:
            out[i] = previous.vectors[row]  # type: ignore[union-attr]
    if missing:
        out[missing] = encode([texts[i] for i in missing])
    return Embedded(out, len(missing), len(texts) - len(missing))
