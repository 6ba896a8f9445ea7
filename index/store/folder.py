"""The index folder: plain files plus manifest.json, written aside and swapped in atomically."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reelqa.config.errors import IndexMismatchError, IndexMissingError
from reelqa.index.records import Passage, Review
from reelqa.index.store import meta

if TYPE_CHECKING:
    from reelqa.index.store.dense import DenseStore
    from reelqa.index.store.sparse import SparseStore

FORMAT_VERSION = 2  # 2: passages.npy, sentences.npy, float16 BM25, 4-bit vectors (issue 10)
MANIFEST = "manifest.json"
REVIEWS = "reviews.jsonl"


@dataclass(frozen=True)
class Sentence:
    """A sentence of a review, embedded on its own; `passages` are the ids that contain it."""

    review_id: str
    start: int
    end: int
    passages: tuple[str, ...]


@dataclass(frozen=True)
class LoadedIndex:
    """Everything in an index folder, in memory.

    Passage position i is row i of the BM25 index; dense row j is a sentence, and
    `sentence_owners[j]` holds the positions of the passages that contain it.
    """

    folder: Path
    manifest: dict[str, Any]
    passages: tuple[Passage, ...]
    sentence_owners: tuple[tuple[int, ...], ...]
    dense: DenseStore
    sparse: SparseStore


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of the index in `folder`; IndexMissingError when there is none."""
    path = folder / MANIFEST
    if not path.is_file():
        raise IndexMissingError(f"no index at {folder}; run `reelqa index build`")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise IndexMismatchError(
            f"index at {folder} has an unreadable manifest.json; run `reelqa index build`"
        ) from exc
    if manifest.get("format") != FORMAT_VERSION:
        raise IndexMismatchError(
            f"index at {folder} has format {manifest.get('format')!r}, this reelqa reads "
            f"format {FORMAT_VERSION}; run `reelqa index build` to rebuild it"
        )
    return manifest


def check_model(folder: Path, manifest: dict[str, Any], model_name: str) -> None:
    """Refuse an index built with another embedding model than the configured one."""
    built_with = manifest["model"]["name"]
    if built_with != model_name:
        raise IndexMismatchError(
            f"index at {folder} was built with embedding model {built_with!r} but "
            f"REELQA_EMBEDDING_MODEL is {model_name!r}; rebuild with `reelqa index build` "
            f"or set REELQA_EMBEDDING_MODEL={built_with}"
        )


def load_passages(folder: Path) -> tuple[dict[str, Any], tuple[Passage, ...]]:
    """The verified manifest and the passages (with their reviews) of the index in `folder`.

    Reads no vectors and no BM25 terms, so listing films needs neither faiss nor bm25s.
    """
    manifest = read_manifest(folder)
    for name, expected in manifest["files"].items():
        path = folder / name
        if not path.is_file() or _sha256(path) != expected:
            raise IndexMismatchError(
                f"index at {folder} is damaged ({name} is missing or changed); "
                "run `reelqa index build`"
            )
    reviews = [Review(**row) for row in _read_jsonl(folder / REVIEWS)]
    return manifest, meta.read_passages(folder, reviews)


def load_index(folder: Path, model_name: str) -> LoadedIndex:
    """Load and verify the index in `folder` for use with `model_name`."""
    # The stores wrap faiss and bm25s; imported here so reading passages alone loads neither.
    from reelqa.index.store.dense import DenseStore
    from reelqa.index.store.sparse import SparseStore

    check_model(folder, read_manifest(folder), model_name)
    manifest, passages = load_passages(folder)
    owners = meta.owners(meta.read_table(folder))
    dense = DenseStore.load(folder)
    sparse = SparseStore.load(folder, len(passages))
    if dense.size != len(owners) or dense.dimension != manifest["model"]["dimension"]:
        raise IndexMismatchError(f"index at {folder} is inconsistent; run `reelqa index build`")
    return LoadedIndex(folder, manifest, passages, owners, dense, sparse)


def write_records(folder: Path, passages: list[Passage], sentences: list[Sentence]) -> list[Path]:
    """Write reviews as JSON lines, passages and sentences as int32 arrays (never pickle)."""
    reviews = {p.review.id: p.review for p in passages}
    with (folder / REVIEWS).open("w", encoding="utf-8") as out:
        for review in reviews.values():
            row = {k: v for k, v in asdict(review).items() if v is not None}  # defaults
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    rows = {review_id: row for row, review_id in enumerate(reviews)}
    position = {p.id: i for i, p in enumerate(passages)}
    return [folder / REVIEWS, meta.write_passages(folder, passages, rows),
            meta.write_sentences(folder, sentences, position)]


def write_manifest(folder: Path, files: list[Path], **fields: Any) -> dict[str, Any]:
    """Write manifest.json with the format version, `fields`, and a checksum of every file."""
    manifest = {
        "format": FORMAT_VERSION,
        **fields,
        "files": {p.relative_to(folder).as_posix(): _sha256(p) for p in sorted(files)},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


@contextmanager
def staged(folder: Path) -> Iterator[Path]:
    """A fresh folder beside `folder` to build into; on success it replaces `folder`.

    If the build fails or is interrupted, the staging folder is removed and the previous
    index stays untouched.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{folder.name}.building-", dir=folder.parent))
    try:
        yield stage
        _swap(stage, folder)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _swap(stage: Path, folder: Path) -> None:
    if not folder.exists():
        os.rename(stage, folder)
        return
    old = folder.with_name(f".{folder.name}.old-{os.getpid()}")
    os.rename(folder, old)
    try:
        os.rename(stage, folder)
    except OSError:
        os.rename(old, folder)  # put the previous index back
        raise
    shutil.rmtree(old, ignore_errors=True)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)
