"""Two shards answer on the fake Discord in both layouts: both in one process (the count asked
of GET /gateway/bot), and two `reelqa bot` processes of one shard each sharing the feedback
database, each scraped by its own metrics endpoint. Cooldowns and votes hold across shards and
processes."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import signal
import sys
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from reelqa.bot.discord.feedback import FeedbackStore
from reelqa.bot.discord.run import serve
from reelqa.config.settings import load_settings
from reelqa.index.engine import open_engine
from reelqa.index.store.hashing import HASHING_MODEL, HashingEmbedder

from tests.fakediscord import TOKEN
from tests.fakediscord.payloads import guild_id
from tests.fakediscord.support import ROOT, callback_of, free_port, original_of, scrape
from tests.fakediscord.thread import FakeDiscordThread

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="module")]
COMMAND = [sys.executable, "-c", "from reelqa.bot.cli import run; run()", "bot"]


async def ask(fake: Any, who: int, guild: int, question: str = "who voices Jay?") -> Any:
    """/ask in guild number `guild`: the acknowledgement, and the answer when it was taken."""
    sent = await fake.slash("ask", who, guild=guild, question=question)
    ack = await fake.wait_call("POST", callback_of(sent), sent.at, timeout=30)
    if ack.body["type"] != 5:
        return ack, None
    return ack, await fake.wait_call("PATCH", original_of(sent), sent.at, timeout=30)


async def metrics_of(port: int) -> dict[Any, float]:
    async with aiohttp.ClientSession() as session, session.get(
            f"http://127.0.0.1:{port}/metrics") as response:
        return scrape(await response.text())


async def until_ready(port: int, process: Any = None, timeout: float = 120.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        assert process is None or process.returncode is None, "the bot exited"
        try:
            async with aiohttp.ClientSession() as session, session.get(
                    f"http://127.0.0.1:{port}/readyz") as response:
                if response.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.2)
    raise AssertionError(f"/readyz on {port} never said ready")


def vote_button(fake: Any, answer: Any) -> tuple[str, str]:
    message = fake.messages.by_id[fake.messages.by_token[
        re.search(r"/webhooks/\d+/([^/]+)/", answer.path).group(1)]]
    return message["id"], next(b["custom_id"] for row in message["components"]
                               for b in row["components"] if ":up:" in b["custom_id"])


async def test_two_shards_in_one_process(hashing_index_dir: Path, tmp_path: Path,
                                         caplog) -> None:
    server = FakeDiscordThread(guilds=4, shards=2)
    fake = server.start()
    port = free_port()
    settings = load_settings(
        index_dir=hashing_index_dir, discord_token=TOKEN, discord_api_base=fake.api_base,
        discord_gateway_url=fake.gateway_url, discord_state_file=tmp_path / "sync.json",
        discord_feedback_db=tmp_path / "fb.sqlite3", discord_cooldown_seconds=30,
        discord_shutdown_grace_seconds=1.0, metrics_port=port)
    engine = open_engine(settings, embedder=HashingEmbedder())
    stop = asyncio.Event()
    task = asyncio.create_task(serve(engine, settings.discord(), stop=stop, handle_signals=False))
    try:
        with caplog.at_level(logging.INFO, logger="reelqa"):
            await fake.wait_shards({0, 1}, 2, timeout=40)  # discord.py spaces IDENTIFYs 5 s
            await until_ready(port)
            assert len(fake.calls_to("GET", r"^/gateway/bot$")) == 1  # the count, from Discord
            assert dict(fake.gateway.identified_as) == {(0, 2): 1, (1, 2): 1}
            for n in range(4):  # guilds 0 and 2 on shard 0, 1 and 3 on shard 1
                _, answer = await ask(fake, 70_000 + n, guild=n)
                assert "Hong Kyung" in answer.body["content"]
            # one user, two guilds on two shards: the cooldown holds across them
            await ask(fake, 70_100, guild=0)
            refused, answer = await ask(fake, 70_100, guild=1)
            assert answer is None and refused.body["data"]["content"].startswith(
                "You can ask again in")
            _, answer = await ask(fake, 70_101, guild=1)
            message, up = vote_button(fake, answer)
            press = await fake.press(message, up, 70_102)
            thanks = await fake.wait_call("PATCH", original_of(press), press.at)
            assert thanks.body["content"] == "Thanks: your \U0001f44d is recorded."
            await asyncio.sleep(0.3)
        shards = re.findall(r"question: outcome=answered kind=credits guild=(\d+) shard=(\d)",
                            caplog.text)
        assert {(int(g), int(s)) for g, s in shards} >= {(guild_id(n), n % 2) for n in range(4)}
        m = await metrics_of(port)
        assert m[("reelqa_gateway_connected", (("shard", "0"),))] == 1.0
        assert m[("reelqa_gateway_connected", (("shard", "1"),))] == 1.0
        assert m[("reelqa_questions_total", (("kind", "credits"), ("outcome", "answered")))] == 6
        assert m[("reelqa_questions_refused_total", (("reason", "cooldown"),))] == 1
    finally:
        stop.set()
        assert await asyncio.wait_for(task, 15) == 0
        server.stop()


async def test_two_processes_of_one_shard_each(hashing_index_dir: Path, tmp_path: Path) -> None:
    server = FakeDiscordThread(guilds=4)
    fake = server.start()
    ports = [free_port(), free_port()]
    base = {k: v for k, v in os.environ.items()
            if not k.startswith("REELQA_") and k != "DISCORD_TOKEN"}
    common = base | {
        "PYTHONUNBUFFERED": "1", "REELQA_EMBEDDING_MODEL": HASHING_MODEL,
        "REELQA_INDEX_DIR": str(hashing_index_dir), "REELQA_DISCORD_TOKEN": TOKEN,
        "REELQA_DISCORD_API_BASE": fake.api_base, "REELQA_DISCORD_GATEWAY_URL": fake.gateway_url,
        "REELQA_DISCORD_STATE_FILE": str(tmp_path / "sync.json"),
        "REELQA_DISCORD_FEEDBACK_DB": str(tmp_path / "shared-feedback.sqlite3"),
        "REELQA_DISCORD_COOLDOWN_SECONDS": "30", "REELQA_DISCORD_SHARD_COUNT": "2",
        "REELQA_LOG_FORMAT": "json"}
    processes = []
    for shard, port in enumerate(ports):
        env = common | {"REELQA_DISCORD_SHARD_IDS": str(shard), "REELQA_METRICS_PORT": str(port)}
        if shard == 1:
            env["REELQA_LOG_QUESTIONS"] = "true"  # this operator opted in
        processes.append(await asyncio.create_subprocess_exec(
            *COMMAND, cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE))
    try:
        for process, port in zip(processes, ports, strict=True):
            await until_ready(port, process)
        assert dict(fake.gateway.identified_as) == {(0, 2): 1, (1, 2): 1}
        assert len(fake.calls_to("PUT", r"/commands$")) == 1  # synced by shard 0's process
        _, first = await ask(fake, 80_000, guild=0)  # process of shard 0
        assert "Hong Kyung" in first.body["content"]
        refused, none = await ask(fake, 80_000, guild=1)  # the same user, the other process
        assert none is None and refused.body["data"]["content"].startswith("You can ask again")
        _, second = await ask(fake, 80_001, guild=1)
        assert "Hong Kyung" in second.body["content"]
        for answer in (first, second):  # one voter on an answer of each process
            message, up = vote_button(fake, answer)
            press = await fake.press(message, up, 80_002)
            thanks = await fake.wait_call("PATCH", original_of(press), press.at, timeout=30)
            assert thanks.body["content"] == "Thanks: your \U0001f44d is recorded."
        votes = FeedbackStore(tmp_path / "shared-feedback.sqlite3").export()
        assert len(votes) == 2 and votes[0]["user"] == votes[1]["user"]  # one salt, shared
        await asyncio.sleep(0.3)
        zero, one = [await metrics_of(port) for port in ports]
        assert zero[("reelqa_gateway_connected", (("shard", "0"),))] == 1.0
        assert ("reelqa_gateway_connected", (("shard", "1"),)) not in zero
        assert one[("reelqa_gateway_connected", (("shard", "1"),))] == 1.0
        answered = ("reelqa_questions_total", (("kind", "credits"), ("outcome", "answered")))
        cooldown = ("reelqa_questions_refused_total", (("reason", "cooldown"),))
        assert (zero[answered], zero[cooldown], one[answered], one[cooldown]) == (1, 0, 1, 1)
        for process in processes:
            process.send_signal(signal.SIGTERM)
        outputs = [await asyncio.wait_for(p.communicate(), 30) for p in processes]
    finally:
        for process in processes:
            if process.returncode is None:
                process.kill()
                await process.wait()
        server.stop()
    assert [p.returncode for p in processes] == [0, 0]
    for shard, (stdout, stderr) in enumerate(outputs):
        lines = stderr.decode().splitlines()
        records = [json.loads(line) for line in lines]  # every line one JSON object
        assert not [r for r in records
                    if r["level"] == "DEBUG" or "voice will NOT be supported" in r["message"]]
        asked = [r for r in records if r.get("event") == "question"]
        assert asked and all(r["shard"] == shard and r["guild"] == guild_id(shard)
                             and isinstance(r["latency_ms"], float) for r in asked)
        assert {r["outcome"] for r in asked} == {"answered"}
        assert all(("question" in r) == (shard == 1) for r in asked)
        assert TOKEN not in stderr.decode() + stdout.decode()
