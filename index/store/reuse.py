"""Incremental builds: the vectors of unchanged sentences, taken from the live index by content.

A sentence's vector depends only on its text and the encoder (each text is encoded on its own),
so the key is a 64-bit hash of the text, and the live index is used only when its encoder and
chunking are the build's (the manifest says); a review that changed yields new sentence texts,
hence new keys, and is embedded again; a deleted review's keys are never asked. The keys are
two sorted arrays (16 bytes a sentence), read from the live index in one pass over its reviews,
and the vectors are taken as their 4-bit codes: a reused vector is stored exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from reelqa.config.errors import ReelqaError
from reelqa.index.store import meta, reviewfile
from reelqa.index.store.dense import DenseStore
from reelqa.index.store.folder import MANIFEST, REVIEWS, SENTENCES_V1, read_manifest
from reelqa.index.store.versions import resolve


@dataclass(frozen=True)
class Reusable:
    """The live index's sentence keys (sorted) with their rows, and its vectors."""

    keys: np.ndarray  # uint64, sorted
    rows: np.ndarray  # int64: the dense row of each key
    store: DenseStore

    def find(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each key, whether the live index holds it (a bool mask) and, for those that it
        does, their rows there."""
        at = np.searchsorted(self.keys, keys)
        at[at == len(self.keys)] = 0
        found = self.keys[at] == keys if len(self.keys) else np.zeros(len(keys), bool)
        return found, self.rows[at[found]]


def text_keys(texts: Sequence[str]) -> np.ndarray:
    """The reuse key of each text: the first 8 bytes of its BLAKE2b hash, as uint64. Two of
    the 4.25M sentences of a million passages collide with odds of about 1 in 2 million."""
    return np.fromiter((int.from_bytes(hashlib.blake2b(t.encode(), digest_size=8).digest(),
                                       "little") for t in texts), dtype=np.uint64,
                       count=len(texts))


def reusable(folder: Path, model: dict[str, Any], chunking: dict[str, Any]) -> Reusable | None:
    """The live index's keys and vectors when it was built with the same encoder and chunking,
    else None (no index, another encoder, or one that cannot be read: the build is then a full
    one)."""
    try:
        version = resolve(folder)
        manifest = read_manifest(version)
        # Format 1 recorded no chunking; it cut reviews with the settings still in use.
        built = manifest.get("chunking", chunking if manifest["format"] == 1 else None)
        if manifest["model"] != model or built != chunking:
            return None
        rows = _keys_v1(version) if manifest["format"] == 1 else _keys(version)
        keys = np.concatenate([np.zeros(0, np.uint64), *rows])
        store = DenseStore.load(version)
    except (ReelqaError, OSError, ValueError, KeyError, TypeError, IndexError, RuntimeError):
        return None
    if len(keys) != store.size or store.dimension != model["dimension"]:
        return None
    order = np.argsort(keys, kind="stable")
    return Reusable(keys[order], order.astype(np.int64), store)


def _keys(version: Path) -> Iterator[np.ndarray]:
    """The key of every dense row, a review at a time (a review's sentences are consecutive)."""
    if not (version / MANIFEST).is_file():
        raise ReelqaError("no manifest")
    table = meta.read_table(version)
    review_of = np.load(version / meta.PASSAGES, allow_pickle=False)[:, 0]
    owner = review_of[table["first"]]
    ends = np.searchsorted(owner, np.arange(owner.max() + 2 if len(owner) else 1), "left")
    starts, stops = table["start"].tolist(), table["end"].tolist()
    for row, record in enumerate(_records(version)):
        if row + 1 < len(ends):
            first, last = int(ends[row]), int(ends[row + 1])
            yield text_keys([record["text"][starts[j]:stops[j]] for j in range(first, last)])


def _records(version: Path) -> Iterator[dict]:
    """The stored reviews of an index version, in order: by their offsets (format 3 on), or
    the lines of reviews.jsonl (format 2)."""
    if (version / reviewfile.OFFSETS).is_file():
        yield from reviewfile.ReviewFile(version).records()
        return
    with (version / REVIEWS).open(encoding="utf-8") as handle:
        for line in handle:  # lines end at "\n" only, whatever the texts hold
            if line.strip():
                yield json.loads(line)


def _keys_v1(version: Path) -> Iterator[np.ndarray]:
    """The keys of an index of the first format (small: its reviews are read whole)."""
    with (version / REVIEWS).open(encoding="utf-8") as handle:
        texts = {row["id"]: row["text"] for row in map(json.loads, handle) if row}
    with (version / SENTENCES_V1).open(encoding="utf-8") as handle:
        spans = [json.loads(line) for line in handle if line.strip()]
    yield text_keys([texts[s["review_id"]][s["start"] : s["end"]] for s in spans])
