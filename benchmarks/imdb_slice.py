"""Cut the CI-sized slice of the IMDb dev set: ~150 reviews of a few films, their questions.

Films are taken in a fixed order (most questions first, ties by title) until the slice holds
about 150 reviews, always with some films whose unanswerable questions it keeps. A question
without a `film` goes with the film of the review holding its evidence sentence.

    .venv/bin/python benchmarks/imdb_slice.py ../shared/eval/imdb tests/data/imdb_slice
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

REVIEWS = 150


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", type=Path)
    ap.add_argument("out", type=Path)
    args = ap.parse_args()
    rows = [json.loads(x) for x in (args.source / "corpus.jsonl").read_text("utf-8").split("\n")
            if x.strip()]
    questions = [json.loads(x) for x in (args.source / "questions.jsonl").read_text("utf-8")
                 .split("\n") if x.strip()]
    per_film = defaultdict(list)
    for r in rows:
        per_film[r["film"]].append(r)
    for q in questions:
        if not q.get("film") and q.get("evidence"):
            q["_film"] = next((r["film"] for r in rows if q["evidence"][:60] in r["text"]), None)
        else:
            q["_film"] = q.get("film")
    asked = Counter(q["_film"] for q in questions if q["_film"])
    unanswerable = {q["_film"] for q in questions if q.get("unanswerable") and q["_film"]}
    order = sorted(asked, key=lambda f: (f not in unanswerable, -asked[f], f))
    order = order[:2] + sorted(order[2:], key=lambda f: (-asked[f], f))
    chosen: list[str] = []
    for film in order:
        if sum(len(per_film[f]) for f in chosen) + len(per_film[film]) <= REVIEWS:
            chosen.append(film)
    args.out.mkdir(parents=True, exist_ok=True)
    with (args.out / "corpus.jsonl").open("w", encoding="utf-8") as out:
        for r in rows:
            if r["film"] in chosen:
                out.write(json.dumps(r, ensure_ascii=False) + "\n")
    with (args.out / "questions.jsonl").open("w", encoding="utf-8") as out:
        for q in questions:
            if q.pop("_film") in chosen:
                out.write(json.dumps(q, ensure_ascii=False) + "\n")
    print(json.dumps({"films": chosen, "reviews": sum(len(per_film[f]) for f in chosen)}))


if __name__ == "__main__":
    main()
