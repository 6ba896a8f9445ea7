"""One index version: plain files plus manifest.json, written and read back with checks."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from reelqa.config.errors import IndexMismatchError, ReelqaError
from reelqa.index.judge.store import Judgements, load_judgements
from reelqa.index.records import Passage, Review
from reelqa.index.records.table import PassageTable, ReviewList
from reelqa.index.store import meta
from reelqa.index.store.reviewfile import RECORDS, ReviewFile
from reelqa.index.store.versions import resolve

if TYPE_CHECKING:
    from reelqa.index.store.dense import DenseStore
    from reelqa.index.store.sparse import SparseStore

# 2: versioned folders, counts gain `encoded` and `reused`; passages.npy and sentences.npy
# instead of JSON lines, 4-bit vectors, float16 BM25 (docs/performance.md)
# 3: reviews.offsets.npy and reviews.keys.json beside reviews.jsonl: reviews read on demand
# 4: the ivfpq-sq4 dense kind (vectors.sq4.npy) past 500k vectors; `sampled` checksums
# 5: reviews.records (each review's line compressed) and reviews.zdict, not reviews.jsonl
# 6: the pq-sq4 dense kind from 10k to 60k vectors: vectors.faiss a fast scan of product codes,
# the 4-bit codes in vectors.sq4.npy
FORMAT_VERSION = 6
READABLE = (1, 2, 3, 4, 5, 6)  # format 1: one folder, passages and sentences as JSON lines
# Files this large are checked at load by their size and the SHA-256 of SAMPLES blocks spread
# over them (`sampled` in the manifest): hashing the 2 GB of a million passages whole took
# longer than the whole cold start may. `reelqa index verify` hashes every byte.
SAMPLED_FROM = 32 << 20
SAMPLES, SAMPLE_BYTES = 64, 1 << 16
RETRIES = 5  # a reader racing a publish retries on the version the pointer names now
T = TypeVar("T")
MANIFEST = "manifest.json"
REVIEWS = "reviews.jsonl"  # formats 1-4 (reviewfile.PLAIN)
PASSAGES_V1 = "passages.jsonl"  # format 1
SENTENCES_V1 = "sentences.jsonl"  # format 1


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
    `sentence_owners[j]` holds the positions of the passages that contain it; `sentences`
    holds each dense row's offsets in its review's text. `passages` makes each `Passage` when
    it is asked for (`store.passages`).
    """

    folder: Path
    manifest: dict[str, Any]
    passages: PassageTable
    sentence_owners: Sequence[tuple[int, ...]]  # meta.Owners: made on demand
    dense: DenseStore
    sparse: SparseStore
    sentences: meta.SentenceOffsets
    judgements: Judgements | None = None  # None: built before judgements were kept

    def sentences_of(self, position: int) -> list[tuple[int, int]]:
        """(start, end) in its review's text of each sentence of the passage at `position`,
        in order: the sentences the index embedded, never split again at question time."""
        return self.sentences.of(position)


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of the live index under `folder` (see `versions.resolve`), its shape checked;
    IndexMissingError when there is none, IndexMismatchError when it is unusable."""
    version = resolve(folder)
    path = version / MANIFEST
    if not path.is_file():
        raise IndexMismatchError(f"index at {folder} has no {MANIFEST}; run `reelqa index build`")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexMismatchError(
            f"index at {folder} has an unreadable manifest.json; run `reelqa index build`"
        ) from exc
    problem = manifest_problem(manifest)
    if problem:
        raise IndexMismatchError(f"index at {folder} has a bad manifest.json ({problem}); "
                                 "run `reelqa index build`")
    if manifest["format"] not in READABLE:
        raise IndexMismatchError(
            f"index at {folder} has format {manifest.get('format')!r}, this reelqa reads "
            f"format {FORMAT_VERSION}; run `reelqa index build` to rebuild it"
        )
    return manifest


def manifest_problem(manifest: Any) -> str | None:
    """What is wrong with the shape of a manifest, or None."""
    if not isinstance(manifest, dict):
        return f"a JSON {type(manifest).__name__}, not an object"
    missing = [k for k in ("format", "model", "counts", "files") if k not in manifest]
    if missing:
        return f"no {', '.join(repr(k) for k in missing)}"
    model, files, counts = manifest["model"], manifest["files"], manifest["counts"]
    if not (isinstance(model, dict) and isinstance(model.get("name"), str)
            and isinstance(model.get("dimension"), int)):
        return "'model' needs a name and a dimension"
    if not (isinstance(files, dict) and all(isinstance(k, str) and isinstance(v, str)
                                            for k, v in files.items())):
        return "'files' must map file names to checksums"
    if not isinstance(counts, dict):
        return "'counts' must be an object"
    bad = [n for n in files if Path(n).is_absolute() or ".." in Path(n).parts]
    if bad:
        return f"file name {bad[0]!r} leaves the index folder"
    sampled = manifest.get("sampled", {})
    if not (isinstance(sampled, dict) and all(isinstance(v, str) and k in files
                                              for k, v in sampled.items())):
        return "'sampled' must map listed files to checksums"
    return None


def check_model(folder: Path, manifest: dict[str, Any], model_name: str) -> None:
    """Refuse an index built with another embedding model than the configured one."""
    built_with = manifest["model"]["name"]
    if built_with != model_name:
        raise IndexMismatchError(
            f"index at {folder} was built with embedding model {built_with!r} but "
            f"REELQA_EMBEDDING_MODEL is {model_name!r}; rebuild with `reelqa index build` "
            f"or set REELQA_EMBEDDING_MODEL={built_with}"
        )


def load_passages(folder: Path) -> tuple[dict[str, Any], PassageTable]:
    """The verified manifest and the passages (with their reviews) of the index in `folder`.

    Reads no vectors and no BM25 terms, so listing films needs neither faiss nor bm25s.
    """
    return _read_live(folder, _passages_of)


def load_index(folder: Path, model_name: str, whole: bool = False) -> LoadedIndex:
    """Load and verify the index in `folder` for use with `model_name`; `whole` hashes every
    byte of every file, also those the manifest lets a load check by samples."""
    return _read_live(folder, lambda version: _index_of(version, model_name, whole))


def _read_live(folder: Path, read: Callable[[Path], T]) -> T:
    """`read` the live version; if it fails while a build replaces it, read the new one."""
    for _ in range(RETRIES):
        version = resolve(folder)
        try:
            return read(version)
        except (ReelqaError, OSError):
            if resolve(folder) == version:
                raise
    return read(resolve(folder))


def _passages_of(folder: Path, whole: bool = False) -> tuple[dict[str, Any], PassageTable]:
    manifest = read_manifest(folder)
    names = list(manifest["files"])
    sampled = {} if whole else manifest.get("sampled", {})
    expected = {n: sampled.get(n, manifest["files"][n]) for n in names}

    def check(name: str) -> str | None:
        path = folder / name
        if not path.is_file():
            return None
        return sampled_sha256(path) if name in sampled else sha256(path)

    # Hashed on every core: hashlib works outside the GIL.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        found = list(pool.map(check, names))
    for name, digest in zip(names, found, strict=True):
        if digest != expected[name]:
            raise IndexMismatchError(
                f"index at {folder} is damaged ({name} is missing or changed); "
                "run `reelqa index build`"
            )
    try:
        if manifest["format"] >= 3:  # texts and the other fields are read when asked for
            reviews: ReviewFile | ReviewList = ReviewFile(folder)
        else:
            reviews = ReviewList([Review(**row) for row in _read_jsonl(folder / REVIEWS)])
    except (ValueError, TypeError, KeyError, OSError) as exc:
        named = RECORDS if (folder / RECORDS).is_file() else REVIEWS
        raise _bad_content(folder, named, exc) from exc
    name = PASSAGES_V1 if manifest["format"] == 1 else meta.PASSAGES
    try:
        if manifest["format"] == 1:
            by_id = {reviews.ids[row]: reviews.review(row) for row in range(len(reviews))}
            passages = PassageTable.of(tuple(
                Passage(id=row["id"], review=by_id[row["review_id"]], n=row["n"],
                        start=row["start"], end=row["end"])
                for row in _read_jsonl(folder / PASSAGES_V1)
            ))
        else:
            passages = PassageTable(meta.read_passage_rows(folder), reviews)
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise _bad_content(folder, name, exc) from exc
    return manifest, passages


def sentence_owners(folder: Path, manifest: dict[str, Any],
                    passages: Sequence[Passage]) -> Sequence[tuple[int, ...]]:
    """For each dense row (a sentence), the positions of the passages that contain it."""
    try:
        if manifest["format"] != 1:
            table = meta.read_table(folder)
            if len(table) and (table["first"].min() < 0 or (table["first"].astype("int64")
                               + table["count"]).max() > len(passages)):
                raise IndexError("a sentence's passage is not in passages.npy")
            return meta.owners(table)
        position = {p.id: i for i, p in enumerate(passages)}
        return tuple(tuple(position[pid] for pid in row["passages"])
                     for row in _read_jsonl(folder / SENTENCES_V1))
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        name = SENTENCES_V1 if manifest["format"] == 1 else meta.SENTENCES
        raise _bad_content(folder, name, exc) from exc


def sentence_spans(folder: Path, manifest: dict[str, Any],
                   passages: PassageTable) -> list[tuple[str, int, int]]:
    """For each dense row, its review id and the sentence's offsets in that review's text."""
    if manifest["format"] == 1:
        return [(row["review_id"], row["start"], row["end"])
                for row in _read_jsonl(folder / SENTENCES_V1)]
    table = meta.read_table(folder)
    return [(passages.review_id(first), start, end) for start, end, first in
            zip(table["start"].tolist(), table["end"].tolist(), table["first"].tolist(),
                strict=True)]


def _index_of(folder: Path, model_name: str, whole: bool = False) -> LoadedIndex:
    # The stores wrap faiss and bm25s; imported here so reading passages alone loads neither.
    from reelqa.index.store.dense import DenseStore
    from reelqa.index.store.sparse import SparseStore

    check_model(folder, read_manifest(folder), model_name)
    manifest, passages = _passages_of(folder, whole)
    owners = sentence_owners(folder, manifest, passages)
    if manifest["format"] == 1:
        offsets = meta.SentenceOffsets.of_rows(
            [(start, end) for _, start, end in sentence_spans(folder, manifest, passages)],
            owners, len(passages))
    else:
        offsets = meta.SentenceOffsets.of_table(meta.read_table(folder), len(passages))
    try:
        dense = DenseStore.load(folder)
    except (RuntimeError, ValueError) as exc:  # faiss reports a bad file as RuntimeError
        raise _bad_content(folder, "the vectors", exc) from exc
    try:
        sparse = SparseStore.load(folder, len(passages))
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        raise _bad_content(folder, "the BM25 index", exc) from exc
    if dense.size != len(owners) or dense.dimension != manifest["model"]["dimension"]:
        raise IndexMismatchError(f"index at {folder} is inconsistent; run `reelqa index build`")
    judged = load_judgements(folder, dense.size)
    return LoadedIndex(folder, manifest, passages, owners, dense, sparse, offsets, judged)


def _bad_content(folder: Path, what: str, exc: BaseException) -> IndexMismatchError:
    unknown = isinstance(exc, KeyError | IndexError)
    kind = "refers to an unknown record" if unknown else "cannot be read"
    return IndexMismatchError(f"index at {folder} is damaged ({what} {kind}: "
                              f"{type(exc).__name__}); run `reelqa index build --rebuild`")


def write_manifest(folder: Path, files: list[Path], **fields: Any) -> dict[str, Any]:
    """Write manifest.json with the format version, `fields`, and a checksum of every file."""
    manifest = {
        "format": FORMAT_VERSION,
        **fields,
        "files": {p.relative_to(folder).as_posix(): sha256(p) for p in sorted(files)},
        "sampled": {p.relative_to(folder).as_posix(): sampled_sha256(p) for p in sorted(files)
                    if p.stat().st_size >= SAMPLED_FROM},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def sha256(path: Path) -> str:
    """The hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sampled_sha256(path: Path) -> str:
    """The file's size and the hex SHA-256 of SAMPLES blocks spread evenly over it (the first
    and the last among them): "<size>:<hex>"."""
    size = path.stat().st_size
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for k in range(SAMPLES):
            handle.seek(max(0, size - SAMPLE_BYTES) * k // (SAMPLES - 1))
            digest.update(handle.read(SAMPLE_BYTES))
    return f"{size}:{digest.hexdigest()}"


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)
