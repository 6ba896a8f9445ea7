"""How far each credit form and the listed credits can be trusted, on the dev corpora.

    .venv/bin/python benchmarks/credit_forms.py [--corpus ../shared/eval/imdb/corpus.jsonl
        --corpus ../shared/eval/subjqa-dev/corpus.jsonl]
        [--labels benchmarks/data/credit_labels.jsonl] [--fan ../shared/eval/imdb/fan.jsonl]

Builds the credits of each corpus (no vectors: credits do not need them) and prints one JSON
document: per corpus, how many claims each sentence form makes; on the hand-labelled IMDb dev
films (benchmarks/data/credit_labels.jsonl: every credit of 43 films judged against what the
reviews plainly say, 25 films whose errors shaped the listing features and 18 held out), each
form's precision (the share of credits it supports that are right) and the precision and
recall of the listed credits at `LISTED`, with the calibration of the confidence in bins; and,
as a partial reference for actors only, the share of listed actor credits whose person is in
the film's fan.jsonl `cast`/`people` list (those lists name the leads only: a lower bound);
and the contexts between an actor's and a character's name that the corpus's agreed credits
score (index/credits/learned.py), each with its confidence against them.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from reelqa.index.credits.aggregate import FilmCredits
from reelqa.index.credits.listing import LISTED
from reelqa.index.credits.store import PATTERNS_FILE, build_credits, load_credits, read_claims
from reelqa.index.ingest.corpus import load_corpus

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "eval"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, action="append",
                    help="a dev corpus (repeatable; default: imdb and subjqa-dev)")
    ap.add_argument("--labels", type=Path, default=HERE / "data" / "credit_labels.jsonl")
    ap.add_argument("--fan", type=Path, default=SHARED / "imdb" / "fan.jsonl")
    args = ap.parse_args()
    corpora = args.corpus or [SHARED / "imdb" / "corpus.jsonl",
                              SHARED / "subjqa-dev" / "corpus.jsonl"]
    labels = [json.loads(line) for line in args.labels.open(encoding="utf-8")]
    out: dict[str, Any] = {"listed_threshold": LISTED}
    for corpus in corpora:
        credits, forms, patterns = _build(corpus)
        report: dict[str, Any] = {"claims_by_form": dict(forms.most_common())}
        # each context between an actor and a character, scored against the agreed credits
        # (learned.py): the usable ones credit, the rest show how ambiguous a form is
        report["learned_contexts"] = [
            f"{'person' if p['person_first'] else 'character'} first, {p['middle']!r}: "
            f"{p['agree']} seeds in {p['films']} films, {p['contradict']} against, "
            f"confidence {p['confidence']}" for p in patterns[:15]]
        films = {r["film"] for r in labels}
        if films <= set(credits):
            for sample in ("shaping", "held-out", "all"):
                rows = [r for r in labels if sample in ("all", r["sample"])]
                report[f"labelled_{sample}"] = _judged(credits, rows)
            report["form_precision"] = _forms(credits, labels)
        if args.fan.is_file():
            report["fan_reference_actors"] = _fan(credits, args.fan)
        out[corpus.parent.name] = report
    print(json.dumps(out, indent=1, ensure_ascii=False))


def _build(corpus: Path) -> tuple[dict[str, FilmCredits], Counter[str], list[dict[str, Any]]]:
    reviews = load_corpus([corpus]).reviews
    with tempfile.TemporaryDirectory() as tmp:
        build_credits(Path(tmp), reviews)
        forms = Counter(claim["cue"].removesuffix("-flipped") for claim in read_claims(Path(tmp)))
        patterns = json.loads((Path(tmp) / PATTERNS_FILE).read_text(encoding="utf-8"))
        return load_credits(Path(tmp)), forms, patterns


def _key(film: str, role: str, person: str, character: str | None) -> tuple[str, ...]:
    return (film, role, person, character or "")


def _judged(credits: dict[str, FilmCredits], rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Listed precision and recall, and calibration, over the labelled credits found now."""
    label = {_key(r["film"], r["role"], r["person"], r["character"]): r["right"] for r in rows}
    found = [(label[k], c.confidence or 0.0)
             for f in {r["film"] for r in rows} for c in credits[f].credits
             if (k := _key(f, c.role, c.person, c.character)) in label]
    listed = [right for right, conf in found if conf >= LISTED]
    right = sum(r for r, _ in found)
    bins: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r, conf in found:
        b = bins[f"{min(int(conf * 10), 9) / 10:.1f}"]
        b[0] += r
        b[1] += 1
    return {
        "credits_judged": len(found),
        "unjudged_now": sum(len(credits[f].credits) for f in {r["film"] for r in rows})
        - len(found),
        "listed": len(listed),
        "listed_precision": round(sum(listed) / len(listed), 3) if listed else None,
        "recall_of_right_credits": round(sum(listed) / right, 3) if right else None,
        "right_by_confidence": {k: f"{v[0]}/{v[1]}" for k, v in sorted(bins.items())},
    }


def _forms(credits: dict[str, FilmCredits], rows: list[dict[str, Any]]) -> dict[str, str]:
    """Per sentence form: right / all of the labelled credits it supports."""
    label = {_key(r["film"], r["role"], r["person"], r["character"]): r["right"] for r in rows}
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for f in {r["film"] for r in rows}:
        for c in credits[f].credits:
            k = _key(f, c.role, c.person, c.character)
            if k in label:
                for form in c.cues:
                    tally[form][0] += label[k]
                    tally[form][1] += 1
    return {form: f"{r}/{n} = {r / n:.2f}"
            for form, (r, n) in sorted(tally.items(), key=lambda kv: -kv[1][1])}


def _fan(credits: dict[str, FilmCredits], fan: Path) -> dict[str, Any]:
    people: dict[str, set[str]] = defaultdict(set)
    for line in fan.open(encoding="utf-8"):
        row = json.loads(line)
        for name in (row.get("cast") or []) + (row.get("people") or []):
            people[row["film_title"]].add(name.lower())
    listed = [c.person.lower() in people[f] for f, fc in credits.items() if f in people
              for c in fc.listed() if c.role == "actor"]
    return {"films": sum(1 for f in credits if f in people), "listed_actor_credits": len(listed),
            "person_in_reference": round(sum(listed) / len(listed), 3) if listed else None}


if __name__ == "__main__":
    main()
