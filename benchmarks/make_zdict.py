"""Make the preset dictionary that review records are compressed against
(index/store/reviews.zdict; docs/performance.md, "Review records, compressed").

    .venv/bin/python benchmarks/make_zdict.py [--corpus ../shared/eval/imdb/corpus.jsonl]
                                              [--write] [--check CORPUS ...]

A review record is about 1.6 KB of JSON: too short for DEFLATE to find much to refer back to
on its own (0.56 of its size). A preset dictionary gives every record the same 32 KB of text to
refer to. This one holds no review: it is the word n-grams (one to four words) that at least
MIN_REVIEWS reviews of the corpus use, the most useful (uses x length) nearest the end where
references are cheapest, then the JSON keys of a record. Prints the compressed share of each
corpus (the first one and every --check one) with and without it; --write saves it.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from reelqa.index.store.reviewfile import DICTIONARY_SIZE, compress_record, record_line

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "index" / "store" / "reviews.zdict"
IMDB = ROOT.parent / "shared" / "eval" / "imdb" / "corpus.jsonl"
MIN_REVIEWS = 4
SKELETON = '{"id": "", "film": "", "text": "", "year": , "rating": "", "title": "", ' \
           '"author": "", "source": "", "url": "https://", "date": "", "origin": ""}\n'


def make(corpus: Path) -> bytes:
    used: Counter[str] = Counter()
    for line in corpus.open(encoding="utf-8"):
        if line.strip():
            words = json.loads(line)["text"].split()
            used.update({" ".join(words[i : i + n]) for n in (1, 2, 3, 4)
                         for i in range(len(words) - n + 1)})
    budget = DICTIONARY_SIZE - len(SKELETON.encode())
    ranked = sorted((g for g, c in used.items() if c >= MIN_REVIEWS),
                    key=lambda g: (-used[g] * len(g), g))
    chosen: list[bytes] = []
    for gram in ranked:
        piece = (gram + " ").encode()
        if len(piece) > budget:
            break
        chosen.append(piece)
        budget -= len(piece)
    return b"".join(reversed(chosen)) + SKELETON.encode()


def share(corpus: Path, dictionary: bytes | None) -> float:
    raw = packed = 0
    for line in corpus.open(encoding="utf-8"):
        if line.strip():
            record = record_line(json.loads(line))
            raw += len(record)
            packed += len(compress_record(record, dictionary))
    return round(packed / max(raw, 1), 3)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=IMDB)
    ap.add_argument("--check", type=Path, nargs="*", default=[])
    ap.add_argument("--write", action="store_true", help=f"save it as {SHIPPED}")
    args = ap.parse_args()
    dictionary = make(args.corpus)
    out = {"bytes": len(dictionary),
           "share": {str(c): {"plain deflate": share(c, b""), "with the dictionary":
                              share(c, dictionary)} for c in [args.corpus, *args.check]}}
    if args.write:
        SHIPPED.write_bytes(dictionary)
        out["written"] = str(SHIPPED)
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
