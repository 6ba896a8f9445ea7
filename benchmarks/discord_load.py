"""Load benchmark: the real `reelqa bot` process against the fake Discord, at a steady rate.

Builds an index with the bundled model (ONNX int8, the default) of the shipped corpus, the
test corpora and the 150-review IMDb slice, starts the fake Discord (tests/fakediscord) with
--guilds guilds, runs `reelqa bot` as a process on --shards shards, and sends /ask from users
spread over the guilds at --rate questions a minute (Poisson arrivals, seeded) for --minutes,
drawn from the repository's question sets. For every question it records, on the fake's
clock, whether it was answered (the deferred reply edited with an answer), refused (told to
try again: the in-flight limit or a cooldown) or failed (anything else, or no reply within
30 s), and the time from the interaction to its reply. The bot's memory (RSS) is read at the
start and the end, and its /metrics at the end.

Prints one JSON document and writes it to benchmarks/results/discord-load-<stamp>.json.
  python benchmarks/discord_load.py [--guilds 50] [--rate 200] [--minutes 5] [--shards 2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.fakediscord

from tests.fakediscord import TOKEN  # noqa: E402
from tests.fakediscord.support import free_port, scrape  # noqa: E402
from tests.fakediscord.thread import FakeDiscordThread  # noqa: E402

DATA = ROOT / "tests" / "data"
CORPORA = [ROOT / "corpus", *(p.parent for p in sorted(DATA.glob("*/reviews.jsonl"))),
           DATA / "imdb_slice" / "corpus.jsonl"]
QUESTIONS = [*sorted((DATA / "eval").glob("*.jsonl")), DATA / "imdb_slice" / "questions.jsonl"]
TIMEOUT = 30.0
REELQA = [sys.executable, "-c", "from reelqa.bot.cli import run; run()"]


def questions() -> list[dict[str, str]]:
    """Every question of the repository's sets, with its film when the set gives one."""
    found = []
    for path in QUESTIONS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                ask = {"question": row["question"][:300]}
                if row.get("film"):
                    ask["film"] = row["film"]
                found.append(ask)
    return found


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


async def run(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REELQA_")}
    env |= {"PYTHONUNBUFFERED": "1", "REELQA_INDEX_DIR": str(work / "index"),
            "REELQA_LOG_LEVEL": "WARNING"}
    build = [*REELQA, "index", "build"]
    for corpus in CORPORA:
        build += ["--corpus", str(corpus)]
    started = time.perf_counter()
    subprocess.run(build, env=env, check=True, cwd=ROOT, capture_output=True)
    build_seconds = time.perf_counter() - started

    server = FakeDiscordThread(guilds=args.guilds)
    fake = server.start()
    port = free_port()
    env |= {"REELQA_DISCORD_TOKEN": TOKEN, "REELQA_DISCORD_API_BASE": fake.api_base,
            "REELQA_DISCORD_GATEWAY_URL": fake.gateway_url, "REELQA_METRICS_PORT": str(port),
            "REELQA_DISCORD_SHARD_COUNT": str(args.shards),
            "REELQA_DISCORD_STATE_FILE": str(work / "sync.json")}
    bot = subprocess.Popen([*REELQA, "bot"], env=env, cwd=ROOT, stderr=subprocess.PIPE,
                           text=True)
    try:
        await fake.wait_shards(set(range(args.shards)), args.shards, timeout=120)
        await asyncio.sleep(3.0)  # let discord.py finish its GUILD_CREATE wait
        memory_start = rss_mb(bot.pid)
        results = await drive(fake, args)
        memory_end = rss_mb(bot.pid)
        metrics = await scrape_metrics(port)
    finally:
        bot.send_signal(signal.SIGTERM)
        try:
            _, err = bot.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            bot.kill()
            _, err = bot.communicate()
        server.stop()
    answered = [r["latency_ms"] for r in results if r["outcome"] == "answered"]
    acks = [r["ack_ms"] for r in results if r["ack_ms"] is not None]
    counts = {o: sum(r["outcome"] == o for r in results)
              for o in ("answered", "refused", "failed")}
    return {
        "benchmark": "discord_load", "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "config": {"guilds": args.guilds, "shards": args.shards, "rate_per_minute": args.rate,
                   "minutes": args.minutes, "seed": args.seed, "users": args.users,
                   "max_in_flight": 4, "cooldown_seconds": 5, "encoder": "onnx-int8",
                   "corpora": [str(c.relative_to(ROOT)) for c in CORPORA]},
        "machine": {"cores": os.cpu_count(), "load_average_after": os.getloadavg()},
        "index_build_seconds": round(build_seconds, 1),
        "questions": len(results), "counts": counts,
        "refusals": {reason: sum(r.get("reason") == reason for r in results)
                     for reason in ("busy", "cooldown")},
        "reply_ms": {"p50": round(percentile(answered, 0.5), 1),
                     "p95": round(percentile(answered, 0.95), 1),
                     "p99": round(percentile(answered, 0.99), 1),
                     "max": round(max(answered), 1),
                     "mean": round(statistics.fmean(answered), 1)} if answered else {},
        "ack_ms": {"p50": round(percentile(acks, 0.5), 1),
                   "p95": round(percentile(acks, 0.95), 1)} if acks else {},
        "memory_mb": {"start": round(memory_start, 1), "end": round(memory_end, 1)},
        "bot_metrics": metrics,
        "bot_exit": bot.returncode, "bot_errors": [line for line in err.splitlines()
                                                    if " ERROR " in line][:10],
    }


async def drive(fake: Any, args: argparse.Namespace) -> list[dict[str, Any]]:
    """Send the questions on schedule and classify each from the calls the fake records."""
    rng = random.Random(args.seed)
    pool = questions()
    total = round(args.rate * args.minutes)
    pending: dict[str, dict[str, Any]] = {}  # interaction token -> its record
    by_id: dict[str, dict[str, Any]] = {}
    done = asyncio.Event()
    loop = asyncio.get_running_loop()

    async def watch() -> None:
        seen = 0
        while not done.is_set() or any(r["outcome"] is None for r in pending.values()):
            calls = fake.calls
            for call in calls[seen:]:
                classify(call, pending, by_id)
            seen = len(calls)
            now = time.monotonic()
            for record in pending.values():
                if record["outcome"] is None and now - record["at"] > TIMEOUT:
                    record["outcome"] = "failed"
                    record["why"] = "no reply"
            await asyncio.sleep(0.05)

    watcher = asyncio.create_task(watch())
    start = loop.time()
    at = 0.0
    for n in range(total):
        at += rng.expovariate(args.rate / 60.0)
        await asyncio.sleep(max(0.0, start + at - loop.time()))
        ask = rng.choice(pool)
        who = 100_000 + rng.randrange(args.users)
        sent = await fake.slash("ask", who, guild=who % args.guilds, **ask)
        record = {"n": n, "at": sent.at, "outcome": None, "ack_ms": None, "latency_ms": None}
        pending[sent.token] = by_id[sent.id] = record
    done.set()
    await watcher
    return list(pending.values())


def classify(call: Any, pending: dict[str, dict[str, Any]],
             by_id: dict[str, dict[str, Any]]) -> None:
    if m := re.fullmatch(r"/interactions/(\d+)/[^/]+/callback", call.path):
        record = by_id.get(m.group(1))
        if record is None:
            return
        record["ack_ms"] = (call.at - record["at"]) * 1000
        if call.status >= 300:
            record["outcome"], record["why"] = "failed", f"callback HTTP {call.status}"
        elif call.body.get("type") == 4:
            text = call.body["data"].get("content", "")
            reason = ("busy" if text.startswith("I'm answering other questions")
                      else "cooldown" if text.startswith("You can ask again") else None)
            record["outcome"] = "refused" if reason else "failed"
            record["reason"] = reason
            record["why"] = text[:80]
    elif m := re.fullmatch(r"/webhooks/\d+/([^/]+)(/messages/@original)?", call.path):
        record = pending.get(m.group(1))
        if record is None or record["outcome"] is not None:
            return
        if call.method == "PATCH" and m.group(2) and call.status < 300:
            record["outcome"] = "answered"
            record["latency_ms"] = (call.at - record["at"]) * 1000
        elif call.method in ("POST", "DELETE"):  # an error notice replaces the answer
            record["outcome"], record["why"] = "failed", "error notice"


async def scrape_metrics(port: int) -> dict[str, float]:
    import aiohttp

    async with aiohttp.ClientSession() as session, session.get(
            f"http://127.0.0.1:{port}/metrics") as response:
        samples = scrape(await response.text())
    keep = ("reelqa_questions_total", "reelqa_questions_refused_total",
            "reelqa_question_seconds_count", "reelqa_question_seconds_sum")
    return {name + ("{" + ",".join(f"{k}={v}" for k, v in labels) + "}" if labels else ""): value
            for (name, labels), value in samples.items() if name in keep and value}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guilds", type=int, default=50)
    parser.add_argument("--shards", type=int, default=2)
    parser.add_argument("--rate", type=float, default=200.0, help="questions a minute")
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--users", type=int, default=2000, help="distinct askers")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reelqa-load-") as work:
        result = asyncio.run(run(args, Path(work)))
    text = json.dumps(result, indent=1)
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = result["when"].replace(":", "").replace("-", "")[:15]
    (args.out / f"discord-load-{stamp}.json").write_text(text + "\n")
    return 0 if result["counts"]["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
