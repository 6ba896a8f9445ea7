"""Benchmark at scale on real reviews: reelqa against the plain baseline, in one run.

Grows a corpus of about --passages passages from the IMDb dev reviews (copies with new ids,
new film titles and light word changes, so BM25 and the encoder see realistic text), then
measures, each phase in a fresh process so peak memory and cold start are its own:

- reelqa: build passages/s (and CPU seconds), bytes per passage on disk, cold start to the
  first answer, ask p50/p95 for film-filtered and open questions, the same again while a
  busy-loop process keeps a core busy, peak RSS;
- the plain baseline: SentenceTransformer.encode of the same passages (torch) +
  faiss.IndexFlatIP, timed the same way. Past --baseline-sample passages the baseline encodes
  a sample and its index is filled with copies of those vectors (a flat search costs the same
  whatever the values), so its build rate is the sample's.

Prints one JSON document. Usage:
  python benchmarks/scale.py --passages 10000 [--queries 200] [--work DIR] [--backend onnx-int8]
                             [--distinct] [--skip-baseline] [--asks-only]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve()
# ../shared beside the checkout (a git worktree may sit one folder deeper).
SOURCES = [up / "shared" / "eval" / "imdb" for up in HERE.parents[1:4]]
PASSAGES_PER_REVIEW = 2.86  # measured on the IMDb dev corpus: 5,715 passages, 2,000 reviews
SWAPS = {"movie": "film", "film": "movie", "good": "fine", "great": "superb", "bad": "poor",
         "really": "truly", "very": "quite", "funny": "amusing", "story": "plot",
         "plot": "story", "scene": "sequence", "actor": "performer", "boring": "dull",
         "terrible": "awful", "awful": "terrible", "excellent": "wonderful", "like": "enjoy"}
WORD = re.compile(r"[A-Za-z]+")


def vary(text: str, rng: random.Random) -> str:
    """The text with about a third of the swappable words swapped, case kept."""
    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        other = SWAPS.get(word.lower())
        if other is None or rng.random() > 0.35:
            return word
        return other.capitalize() if word[0].isupper() else other
    return WORD.sub(swap, text)


def grow(target: int, source: Path, out: Path) -> tuple[Path, list[dict]]:
    """A JSONL corpus of about `target` passages and the questions, each with its copy's film."""
    reviews = [json.loads(line) for line in (source / "corpus.jsonl").open(encoding="utf-8")]
    questions = [json.loads(line) for line in (source / "questions.jsonl").open(encoding="utf-8")]
    need = round(target / PASSAGES_PER_REVIEW)
    copies = -(-need // len(reviews))
    out.mkdir(parents=True, exist_ok=True)
    path = out / "corpus.jsonl"
    written = 0
    with path.open("w", encoding="utf-8") as handle:
        for copy in range(copies):
            rng = random.Random(copy)
            for review in reviews:
                if written >= need:
                    break
                row = dict(review)
                if copy:
                    row["id"] = f"{review['id']}~{copy}"
                    row["film"] = f"{review['film']} Part {roman(copy + 1)}"
                    row["text"] = vary(review["text"], rng)
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
                written += 1
    return path, questions


def roman(n: int) -> str:
    """Sequel numbering for copies' titles: 2 -> II, 14 -> XIV."""
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                           (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                           (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def percentiles(ms: list[float]) -> dict[str, float]:
    ordered = sorted(ms)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return {"p50_ms": round(statistics.median(ordered), 2), "p95_ms": round(p95, 2)}


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# Phases: each runs in its own process and prints one JSON line.

class Distinct:
    """The configured encoder, asked once per distinct text (--distinct).

    Each text is encoded on its own (index/store/onnx.py), so a text's vector is the same
    whenever it is encoded: the index built through this wrapper is, file for file, the one a
    plain build makes. It only saves encoding the copies the grown corpus repeats; the time
    those would take is projected from the measured cost per text (`projected_seconds`).
    """

    def __init__(self, inner) -> None:
        self.inner = inner
        for name in ("name", "dimension", "backend", "onnx_sha256", "activation_scales"):
            if hasattr(inner, name):
                setattr(self, name, getattr(inner, name))
        self.cache: dict[str, object] = {}
        self.asked = 0
        self.encode_seconds = 0.0

    def encode(self, texts):
        import numpy as np

        new = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if new:
            started = time.perf_counter()
            self.cache.update(zip(new, self.inner.encode(new), strict=True))
            self.encode_seconds += time.perf_counter() - started
        self.asked += len(texts)
        return np.vstack([self.cache[t] for t in texts])


def phase_build(args: argparse.Namespace) -> dict:
    from reelqa.config.settings import BUNDLED_MODEL, IndexSettings
    from reelqa.index.store.build import build_index
    from reelqa.index.store.embedding import load_embedder
    from reelqa.index.store.versions import resolve

    settings = IndexSettings(
        corpus_dirs=(args.work / "corpus",), index_dir=args.work / "index",
        embedding_model=BUNDLED_MODEL, batch_size=64, backend=args.backend,
        cache_dir=args.cache_dir)
    embedder = load_embedder(BUNDLED_MODEL, 64, args.backend, args.cache_dir)
    wrapped = Distinct(embedder) if args.distinct else None
    started, cpu = time.perf_counter(), time.process_time()
    report = build_index(settings, embedder=wrapped or embedder, rebuild=True)
    seconds = time.perf_counter() - started
    version = resolve(args.work / "index")
    manifest = json.loads((version / "manifest.json").read_text())
    size = folder_bytes(version)
    out = {"passages": report.passages, "reviews": report.reviews, "films": report.films,
           "sentences": manifest.get("dense", {}).get("count"),
           "dense_kind": manifest.get("dense", {}).get("kind"),
           "seconds": round(seconds, 1), "cpu_seconds": round(time.process_time() - cpu, 1),
           "passages_per_s": round(report.passages / seconds, 1),
           "bytes_per_passage": round(size / report.passages), "peak_rss_mb": peak_rss_mb(),
           "bytes_by_file": by_file(version, report.passages)}
    if wrapped is not None:
        distinct = len(wrapped.cache)
        per_text = wrapped.encode_seconds / max(distinct, 1)
        projected = seconds + (wrapped.asked - distinct) * per_text
        out["distinct"] = {"texts_encoded": distinct, "texts_asked": wrapped.asked,
                           "encode_seconds": round(wrapped.encode_seconds, 1),
                           "encode_ms_per_text": round(per_text * 1000, 3),
                           "projected_seconds": round(projected, 1),
                           "projected_passages_per_s": round(report.passages / projected, 1)}
    return out


def by_file(folder: Path, passages: int) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for p in folder.rglob("*"):
        if p.is_file():
            key = p.relative_to(folder).parts[0]
            sizes[key] = sizes.get(key, 0) + p.stat().st_size
    return {k: round(v / passages) for k, v in sorted(sizes.items())}


def ask_questions(args: argparse.Namespace) -> list[dict]:
    questions = json.loads((args.work / "questions.json").read_text())
    return questions[: args.queries]


def phase_ask(args: argparse.Namespace) -> dict:
    from reelqa.config.settings import load_settings
    from reelqa.index.engine import open_engine

    settings = load_settings(index_dir=args.work / "index", embedding_backend=args.backend,
                             embedding_cache_dir=args.cache_dir)
    engine = open_engine(settings)
    questions = ask_questions(args)
    engine.ask(questions[0]["question"], film=questions[0]["film"])
    first_answer_at = time.time()
    timings: dict[str, list[float]] = {"film": [], "open": []}
    for _ in range(2):  # the second round is timed: warm caches, as a running bot has
        timings = {"film": [], "open": []}
        for q in questions:
            for kind, film in (("film", q["film"]), ("open", None)):
                t = time.perf_counter()
                engine.ask(q["question"], film=film)
                timings[kind].append((time.perf_counter() - t) * 1000)
    return {"first_answer_at": first_answer_at, "film": percentiles(timings["film"]),
            "open": percentiles(timings["open"]), "query_threads": settings.query_threads,
            "peak_rss_mb": peak_rss_mb(),
            "dense_recall_at_10": dense_recall(engine, questions)}


def dense_recall(engine, questions: list[dict]) -> dict[str, float]:
    """recall@10 of the dense search as configured against a scan of every stored vector.

    `distinct`: over distinct vectors. The grown corpus repeats each sentence many times (copies
    share one vector), and the ivfpq-sq4 search proposes each vector once, so a result counts
    when its score is one of the scan's ten best distinct scores; `distinct_reaching_tenth`
    when it scores at least the tenth of them (a near-copy that ties is as good an answer).
    `rows`: by rows, which only means something for a corpus without copies."""
    dense = engine.retriever.index.dense
    vectors = engine.retriever.embedder.encode([q["question"] for q in questions])
    exhaustive = dense.exhaustive(vectors, 4000)  # one pass; deep enough for 10 distinct
    rows = distinct = reaching = 0
    for vector, exact in zip(vectors, exhaustive, strict=True):
        approximate = dense.search(vector, 10)
        rows += len({i for i, _ in approximate} & {i for i, _ in exact[:10]})
        best: list[float] = []
        for _, score in exact:  # best first
            if not best or best[-1] - score > 1e-5:
                best.append(score)
            if len(best) == 10:
                break
        found = list(dict.fromkeys(round(s, 5) for _, s in approximate))
        distinct += sum(any(abs(s - b) <= 1e-5 for b in best) for s in found) / len(best)
        reaching += min(len(best), sum(s >= best[-1] - 1e-5 for s in found)) / len(best)
    return {"distinct": round(distinct / len(questions), 4),
            "distinct_reaching_tenth": round(reaching / len(questions), 4),
            "rows": round(rows / (10 * len(questions)), 4)}


def baseline_passages(args: argparse.Namespace) -> list[str]:
    from reelqa.index.ingest.chunking import chunk_review
    from reelqa.index.ingest.corpus import load_corpus

    corpus = load_corpus((args.work / "corpus",))
    return [p.text for r in corpus.reviews for p in chunk_review(r)]


def baseline_model():  # the plain baseline: sentence-transformers on torch, defaults
    from reelqa.index.store.embedding import bundled_model_path
    from sentence_transformers import SentenceTransformer

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    return SentenceTransformer(str(bundled_model_path()), device="cpu")


def phase_baseline_build(args: argparse.Namespace) -> dict:
    import faiss
    import numpy as np

    texts = baseline_passages(args)
    sample = texts[:: max(1, len(texts) // args.baseline_sample)][: args.baseline_sample]
    model = baseline_model()
    started, cpu = time.perf_counter(), time.process_time()
    vectors = model.encode(sample, batch_size=64, normalize_embeddings=True,
                           convert_to_numpy=True, show_progress_bar=False)
    seconds = time.perf_counter() - started
    cpu_s = time.process_time() - cpu
    full = np.resize(vectors.astype(np.float32), (len(texts), vectors.shape[1]))
    index = faiss.IndexFlatIP(full.shape[1])
    index.add(full)
    faiss.write_index(index, str(args.work / "baseline.faiss"))
    return {"passages": len(texts), "encoded": len(sample), "seconds": round(seconds, 1),
            "cpu_seconds": round(cpu_s, 1), "passages_per_s": round(len(sample) / seconds, 1),
            "bytes_per_passage": round((args.work / "baseline.faiss").stat().st_size / len(texts)),
            "peak_rss_mb": peak_rss_mb()}


def phase_baseline_ask(args: argparse.Namespace) -> dict:
    import faiss

    model = baseline_model()
    index = faiss.read_index(str(args.work / "baseline.faiss"))
    questions = ask_questions(args)

    def ask(text: str) -> None:
        vector = model.encode([text], normalize_embeddings=True, convert_to_numpy=True,
                              show_progress_bar=False)
        index.search(vector, 5)

    ask(questions[0]["question"])
    first_answer_at = time.time()
    timings: list[float] = []
    for _ in range(2):
        timings = []
        for q in questions:
            t = time.perf_counter()
            ask(q["question"])
            timings.append((time.perf_counter() - t) * 1000)
    return {"first_answer_at": first_answer_at, "open": percentiles(timings),
            "peak_rss_mb": peak_rss_mb()}


PHASES = {"build": phase_build, "ask": phase_ask, "baseline-build": phase_baseline_build,
          "baseline-ask": phase_baseline_ask}


def run_phase(name: str, args: argparse.Namespace, busy: bool = False) -> dict:
    """Run one phase in a fresh process (nice'd like the caller), optionally beside a busy loop."""
    spinner = None
    if busy:
        spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        argv = [sys.executable, str(HERE), "--phase", name, "--work", str(args.work),
                "--backend", args.backend, "--queries", str(args.queries),
                "--baseline-sample", str(args.baseline_sample)]
        if args.distinct:
            argv.append("--distinct")
        if args.cache_dir:
            argv += ["--cache-dir", str(args.cache_dir)]
        spawned = time.time()
        done = subprocess.run(argv, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"phase {name} failed:\n{done.stderr[-3000:]}")
        result = json.loads(done.stdout.strip().splitlines()[-1])
        if "first_answer_at" in result:  # cold start: process spawn to the first answer
            result["cold_start_s"] = round(result.pop("first_answer_at") - spawned, 2)
        return result
    finally:
        if spinner is not None:
            spinner.kill()
            spinner.wait()


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def others() -> list[str]:
    """What else was running: processes over 5% CPU, not this benchmark's."""
    listed = subprocess.run(["ps", "-eo", "pcpu=,pid=,ppid=,args="], capture_output=True,
                            text=True).stdout.splitlines()
    mine = {os.getpid()}
    out = []
    for line in listed:
        cpu, pid, ppid, command = (line.split(None, 3) + [""])[:4]
        if int(ppid) in mine or int(pid) in mine or float(cpu) < 5:
            continue
        out.append(f"{cpu}% {command[:120]}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--work", type=Path)
    parser.add_argument("--backend", default="onnx-int8")
    parser.add_argument("--cache-dir", type=Path)
    parser.add_argument("--baseline-sample", type=int, default=6000)
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--distinct", action="store_true",
                        help="encode each distinct sentence once (the grown corpus repeats "
                        "them); the index is the same, the encoder's share is projected")
    parser.add_argument("--asks-only", action="store_true",
                        help="reuse the index and baseline.faiss in --work; time the asks only")
    parser.add_argument("--build-only", action="store_true",
                        help="build the index and stop (time the asks later with --asks-only)")
    parser.add_argument("--source", type=Path, help="folder with corpus.jsonl and questions.jsonl "
                        "(default: ../shared/eval/imdb)")
    parser.add_argument("--phase", choices=sorted(PHASES))
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(PHASES[args.phase](args)))
        return
    args.work = args.work or Path(f"/tmp/reelqa-scale-{args.passages}")
    if not (args.work / "corpus" / "corpus.jsonl").is_file():
        source = args.source or next((p for p in SOURCES if p.is_dir()), SOURCES[0])
        _, questions = grow(args.passages, source, args.work / "corpus")
        rng = random.Random(7)
        whole = max(1, round(args.passages / PASSAGES_PER_REVIEW) // 2000)  # complete copies
        asked = [{"question": q["question"],
                  "film": q["film"] if (c := rng.randrange(whole)) == 0
                  else f"{q['film']} Part {roman(c + 1)}"}
                 for q in questions if q.get("film")]
        rng.shuffle(asked)
        (args.work / "questions.json").write_text(json.dumps(asked))
    result: dict = {"passages_asked": args.passages, "backend": args.backend,
                    "load_before": uptime(), "others_before": others()}
    result["reelqa"] = {} if args.asks_only else {"build": run_phase("build", args)}
    if args.build_only:
        result |= {"load_after": uptime(), "others_after": others()}
        print(json.dumps(result, indent=2))
        return
    result["reelqa"]["ask"] = run_phase("ask", args)
    result["reelqa"]["ask_beside_busy_core"] = run_phase("ask", args, busy=True)
    if not args.skip_baseline:
        result["baseline"] = {} if args.asks_only else {"build": run_phase("baseline-build", args)}
        result["baseline"]["ask"] = run_phase("baseline-ask", args)
        result["baseline"]["ask_beside_busy_core"] = run_phase("baseline-ask", args, busy=True)
        ours, base = result["reelqa"], result["baseline"]
        result["ratios"] = {} if args.asks_only else {
            "build_passages_per_s": round(ours["build"]["passages_per_s"]
                                          / base["build"]["passages_per_s"], 2)}
        result["ratios"] |= {
            "ask_open_p50": round(ours["ask"]["open"]["p50_ms"] / base["ask"]["open"]["p50_ms"], 2),
            "ask_film_p50": round(ours["ask"]["film"]["p50_ms"] / base["ask"]["open"]["p50_ms"], 2),
            "busy_over_quiet_open_p50": round(ours["ask_beside_busy_core"]["open"]["p50_ms"]
                                              / ours["ask"]["open"]["p50_ms"], 2),
            "baseline_busy_over_quiet_p50": round(
                base["ask_beside_busy_core"]["open"]["p50_ms"] / base["ask"]["open"]["p50_ms"], 2),
        }
    result |= {"load_after": uptime(), "others_after": others()}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
