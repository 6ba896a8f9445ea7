"""Rebuild only the dense search structure of an index into a new index folder, so a change to
how vectors are searched can be measured on a large index without building it again.

    .venv/bin/python benchmarks/redense.py SOURCE_INDEX TARGET_INDEX

The target gets the source's live version with every file hard-linked (nothing of the source is
changed) except vectors.faiss, which is made again from the stored 4-bit codes by this tree's
code (`DenseStore` for the index's size), and the manifest, whose checksums of that file are
recomputed. Prints one JSON line: the seconds the dense structure took to make, and its bytes.
For the ivfpq-sq4 kind (past PQ_FROM vectors) and indexes of format 4.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from reelqa.index.store.codefile import CodeFile
from reelqa.index.store.dense import CODES, DenseStore
from reelqa.index.store.folder import sampled_sha256, sha256
from reelqa.index.store.versions import resolve


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    args = parser.parse_args()
    version = resolve(args.source)
    if not (version / CODES).is_file():
        raise SystemExit(f"{version} has no {CODES}: only the ivfpq-sq4 kind is rebuilt here")
    if args.target.exists():
        raise SystemExit(f"{args.target} exists; give a new folder")
    copy = args.target / version.name
    for path in version.rglob("*"):
        if path.is_file() and path.name not in (DenseStore.FILENAME, "manifest.json"):
            (copy / path.relative_to(version)).parent.mkdir(parents=True, exist_ok=True)
            os.link(path, copy / path.relative_to(version))
    manifest = json.loads((version / "manifest.json").read_text())
    codes = CodeFile(copy / CODES)
    started = time.perf_counter()
    store = DenseStore.over_codes(codes, manifest["model"]["dimension"])
    store.save(copy)
    seconds = time.perf_counter() - started
    faiss_file = copy / DenseStore.FILENAME
    manifest["files"][DenseStore.FILENAME] = sha256(faiss_file)
    if DenseStore.FILENAME in manifest.get("sampled", {}):
        manifest["sampled"][DenseStore.FILENAME] = sampled_sha256(faiss_file)
    (copy / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    (args.target / "CURRENT").write_text((args.source / "CURRENT").read_text())
    print(json.dumps({"dense_seconds": round(seconds, 1), "vectors": store.size,
                      "faiss_bytes": faiss_file.stat().st_size}))


if __name__ == "__main__":
    main()
