"""`reelqa index info` and `reelqa index verify`: what the live index holds, and is it whole."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reelqa.config.errors import IndexMismatchError, ReelqaError
from reelqa.index.credits.store import CREDITS_FILE, load_credits
from reelqa.index.store import meta, reviewfile
from reelqa.index.store.folder import (
    PASSAGES_V1,
    REVIEWS,
    SENTENCES_V1,
    load_index,
    read_manifest,
)
from reelqa.index.store.versions import resolve, size_on_disk

REQUIRED = {1: ("vectors.faiss", REVIEWS, PASSAGES_V1, SENTENCES_V1),
            2: ("vectors.faiss", REVIEWS, meta.PASSAGES, meta.SENTENCES),
            3: ("vectors.faiss", REVIEWS, reviewfile.OFFSETS, reviewfile.KEYS, meta.PASSAGES,
                meta.SENTENCES)}
REQUIRED[4] = REQUIRED[3]
REQUIRED[5] = ("vectors.faiss", reviewfile.RECORDS, reviewfile.DICTIONARY, reviewfile.OFFSETS,
               reviewfile.KEYS, meta.PASSAGES, meta.SENTENCES)
REQUIRED[6] = REQUIRED[5]  # a dense kind's own files (vectors.sq4.npy) are checked as it loads


@dataclass(frozen=True)
class IndexInfo:
    """The live index's manifest figures, as `reelqa index info` shows them."""

    folder: Path
    version: str  # "v-<stamp>", or "." for a first-layout index
    format: int
    model: str
    dimension: int
    counts: dict[str, int]
    built_at: str | None
    build_seconds: float | None
    size_bytes: int

    def to_dict(self) -> dict[str, Any]:
        return {"folder": str(self.folder), "version": self.version, "format": self.format,
                "model": self.model, "dimension": self.dimension, "counts": self.counts,
                "built_at": self.built_at, "build_seconds": self.build_seconds,
                "size_bytes": self.size_bytes}


@dataclass(frozen=True)
class Verified:
    """What `verify_index` checked of a whole index."""

    folder: Path
    version: str
    files: int
    reviews: int
    passages: int
    vectors: int


def index_info(folder: Path) -> IndexInfo:
    """The manifest figures of the live index under `folder` (reads no vectors)."""
    version = resolve(folder)
    manifest = read_manifest(version)
    counts = {k: v for k, v in manifest["counts"].items() if isinstance(v, int)}
    return IndexInfo(folder, version.name if version != folder else ".", manifest["format"],
                     manifest["model"]["name"], manifest["model"]["dimension"], counts,
                     manifest.get("built_at"), manifest.get("build_seconds"),
                     size_on_disk(version))


def verify_index(folder: Path) -> Verified:
    """Check the live index whole: manifest shape, every checksum, and the cross-references
    (passages -> reviews, sentences -> passages, one vector per sentence, the faiss header,
    the BM25 index, the credits, the manifest's counts). IndexMismatchError names the fault."""
    version = resolve(folder)
    manifest = read_manifest(version)
    missing = [name for name in REQUIRED[manifest["format"]] if name not in manifest["files"]]
    if missing:
        raise IndexMismatchError(f"index at {folder} is incomplete: the manifest lists no "
                                 f"{missing[0]}")
    loaded = load_index(version, manifest["model"]["name"], whole=True)  # every checksum
    reviews = {p.review.id: p.review for p in loaded.passages}
    for p in loaded.passages:
        if not 0 <= p.start < p.end <= len(p.review.text):
            raise IndexMismatchError(f"index at {folder} is damaged: passage {p.id!r} lies "
                                     "outside its review's text")
    if len({p.id for p in loaded.passages}) != len(loaded.passages):
        raise IndexMismatchError(f"index at {folder} is damaged: two passages share an id")
    counts = manifest["counts"]
    films = {(r.film, r.year) for r in reviews.values()}
    for name, actual in (("reviews", len(reviews)), ("passages", len(loaded.passages)),
                         ("films", len(films))):
        if counts.get(name) != actual:
            raise IndexMismatchError(f"index at {folder} is damaged: the manifest counts "
                                     f"{counts.get(name)!r} {name}, the files hold {actual}")
    if "encoded" in counts and counts["encoded"] + counts.get("reused", 0) != loaded.dense.size:
        raise IndexMismatchError(f"index at {folder} is damaged: encoded + reused is not the "
                                 f"{loaded.dense.size} vectors")
    if loaded.judgements is not None and len(loaded.judgements.shares) != len(reviews):
        raise IndexMismatchError(f"index at {folder} is damaged: the judgements hold "
                                 f"{len(loaded.judgements.shares)} reviews, the files "
                                 f"{len(reviews)}")
    if CREDITS_FILE in manifest["files"]:
        try:
            credited = load_credits(version)
            for film in credited:
                credited[film]  # noqa: B018 - each line parsed: a damaged one is named here
        except ReelqaError as exc:
            raise IndexMismatchError(f"index at {folder} is damaged: {exc}") from exc
        titles = {film for film, _ in films}
        stray = [f for f in credited if f not in titles]
        if stray:
            raise IndexMismatchError(f"index at {folder} is damaged: {CREDITS_FILE} credits "
                                     f"{stray[0]!r}, a film with no review")
    return Verified(folder, version.name if version != folder else ".",
                    len(manifest["files"]), len(reviews), len(loaded.passages), loaded.dense.size)
