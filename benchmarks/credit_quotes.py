"""Are the credits' evidence quotes the reviewer's words? Checks every quote of every credit
(listed or not) of a built index against the review text at its offsets.

    .venv/bin/python benchmarks/credit_quotes.py INDEX CORPUS.jsonl

The index keeps the text as ingest made it plain (`index/ingest/normalise.py`: HTML, cp1252
leftovers, run-on sentences; Markdown handling only for .md files), so each quote must equal
`clean_review(raw text)[start:end]`; also counted: the quotes that equal the raw text at the
same offsets (an unchanged review), and those that differ from it only because ingest repaired
the text before them. Prints one JSON document.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from reelqa.index.engine import list_films, read_credits
from reelqa.index.ingest.normalise import clean_review


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("corpus", type=Path, help="the JSONL corpus the index was built from")
    args = parser.parse_args()
    raw = {}
    with args.corpus.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                review = json.loads(line)
                raw[review["id"]] = review["text"]
    quotes = equal = as_raw = 0
    wrong: list[dict] = []
    cleaned: dict[str, str] = {}  # each review made plain once, however many quotes it has
    for film in list_films(args.index):
        for credit in read_credits(args.index, film.film).credits:
            for quote in credit.evidence:
                quotes += 1
                text = raw[quote.review_id]
                if quote.review_id not in cleaned:
                    cleaned[quote.review_id] = clean_review(text)
                if cleaned[quote.review_id][quote.start : quote.end] == quote.text:
                    equal += 1
                    as_raw += text[quote.start : quote.end] == quote.text
                elif len(wrong) < 10:
                    wrong.append({"film": film.film, "review": quote.review_id,
                                  "quote": quote.text[:120]})
    print(json.dumps({"quotes": quotes, "equal_to_review_text_at_offsets": equal,
                      "equal_to_raw_text_too": as_raw, "differing": wrong}, indent=2))


if __name__ == "__main__":
    main()
