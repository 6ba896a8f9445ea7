"""Add `rating` to the IMDb dev corpus: its review ids end in the reviewer's score (`..._7`).

The product never reads ratings out of ids; an operator whose source has ratings writes them
in the corpus's `rating` field (corpus/README.md). This converts one such source:

    python benchmarks/imdb_ratings.py ../shared/eval/imdb/corpus.jsonl > imdb-rated.jsonl
"""

from __future__ import annotations

import json
import re
import sys

SCORE = re.compile(r"_(10|[1-9])$")  # the Large Movie Review Dataset scores 1-10


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf-8") as source:
        for line in source:
            if not line.strip():
                continue
            row = json.loads(line)
            score = SCORE.search(str(row.get("id", "")))
            if score and "rating" not in row:
                row["rating"] = f"{score.group(1)}/10"
            print(json.dumps(row, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
