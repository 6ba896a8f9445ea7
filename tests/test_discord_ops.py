"""What an operator's tools see of a running bot: /metrics scraped after known questions (the
counters match them), /healthz, and /readyz false until the index is loaded and the gateway
connected."""

from __future__ import annotations

import asyncio
import re
import threading
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from reelqa.bot.discord.run import start_bot
from reelqa.config.settings import load_settings
from reelqa.index.engine import open_engine
from reelqa.index.store.hashing import HashingEmbedder

from tests.fakediscord import TOKEN
from tests.fakediscord.support import (
    ROOT,
    TunableEmbedder,
    callback_of,
    free_port,
    original_of,
    scrape,
)
from tests.fakediscord.thread import FakeDiscordThread

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="module")]


async def get(port: int, path: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.get(
            f"http://127.0.0.1:{port}{path}") as response:
        return response.status, await response.text()


async def until_ready(port: int, timeout: float = 30.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        try:
            if (await get(port, "/readyz"))[0] == 200:
                return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)
    raise AssertionError("/readyz never said ready")


def settings_for(fake: Any, index_dir: Path, tmp_path: Path, port: int) -> Any:
    return load_settings(
        index_dir=index_dir, discord_token=TOKEN, discord_api_base=fake.api_base,
        discord_gateway_url=fake.gateway_url, discord_state_file=tmp_path / "sync.json",
        discord_feedback_db=tmp_path / "fb.sqlite3", discord_cooldown_seconds=30,
        discord_shutdown_grace_seconds=1.0, metrics_port=port)


async def test_readyz_is_false_until_the_index_is_loaded(hashing_index_dir: Path,
                                                         tmp_path: Path) -> None:
    server = FakeDiscordThread()
    fake = server.start()
    port = free_port()
    settings = settings_for(fake, hashing_index_dir, tmp_path, port)
    loading = threading.Event()

    def slow_load() -> Any:
        loading.wait(30)  # the index is still being read
        return open_engine(settings, embedder=HashingEmbedder())

    stop = asyncio.Event()
    task = asyncio.create_task(start_bot(settings, load=slow_load, configure_logging=False,
                                         stop=stop, handle_signals=False))
    try:
        for _ in range(100):  # the endpoints come up first
            try:
                status, body = await get(port, "/readyz")
                break
            except aiohttp.ClientError:
                await asyncio.sleep(0.05)
        assert (status, body) == (503, '{"ready": false, "problems": ["index not loaded", '
                                       '"gateway not connected"]}')
        assert await get(port, "/healthz") == (200, '{"alive": true}')
        metrics = scrape((await get(port, "/metrics"))[1])
        assert metrics[("reelqa_index_loaded", ())] == 0.0
        assert metrics[("reelqa_ready", ())] == 0.0
        assert fake.gateway.identifies == 0  # nothing connects before the index is there
        loading.set()
        await until_ready(port)
        metrics = scrape((await get(port, "/metrics"))[1])
        assert metrics[("reelqa_index_loaded", ())] == 1.0
        assert metrics[("reelqa_ready", ())] == 1.0
        assert metrics[("reelqa_gateway_connected", (("shard", "0"),))] == 1.0
    finally:
        loading.set()
        stop.set()
        assert await asyncio.wait_for(task, 15) == 0
        server.stop()


async def test_metrics_count_the_questions_asked(hashing_index_dir: Path, tmp_path: Path) -> None:
    server = FakeDiscordThread()
    fake = server.start()
    port = free_port()
    settings = settings_for(fake, hashing_index_dir, tmp_path, port)
    encoder = TunableEmbedder(HashingEmbedder())
    stop = asyncio.Event()
    task = asyncio.create_task(start_bot(
        settings, load=lambda: open_engine(settings, embedder=encoder), configure_logging=False,
        stop=stop, handle_signals=False))
    try:
        await until_ready(port)
        users = iter(range(60_000, 61_000))
        answered = []
        for _ in range(3):  # answered: credit questions
            sent = await fake.slash("ask", next(users), question="who voices Jay?")
            answered.append(await fake.wait_call("PATCH", original_of(sent), sent.at))
        sent = await fake.slash("ask", next(users), question="who composed the music?",
                                film="Lost in Starlight")
        not_found = await fake.wait_call("PATCH", original_of(sent), sent.at)
        assert not_found.body["content"] == "The reviews don't say who composed the music."
        sent = await fake.slash("ask", next(users), question="who?", film="No Such Film")
        await fake.wait_call("POST", callback_of(sent), sent.at)  # rejected: told privately
        again = next(users)
        for question in ("who voices Jay?", "who directed it?"):  # the second: cooldown
            sent = await fake.slash("ask", again, question=question)
            await fake.wait_call("POST", callback_of(sent), sent.at)
        voted = fake.messages.by_id[next(i for i, m in fake.messages.by_id.items()
                                         if m.get("content", "").startswith("**Hong Kyung**"))]
        up = next(b["custom_id"] for row in voted["components"] for b in row["components"]
                  if ":up:" in b["custom_id"])
        press = await fake.press(voted["id"], up, next(users))
        thanks = await fake.wait_call("PATCH", original_of(press), press.at)
        assert thanks.body["content"].startswith("Thanks")
        await asyncio.sleep(0.3)  # each question is counted as its reply goes out
        status, text = await get(port, "/metrics")
        assert status == 200
        m = scrape(text)

        def questions(outcome: str) -> float:
            return sum(v for (name, labels), v in m.items() if name == "reelqa_questions_total"
                       and dict(labels)["outcome"] == outcome)

        assert (questions("answered"), questions("not_found"), questions("rejected"),
                questions("failed")) == (4.0, 1.0, 1.0, 0.0)
        assert m[("reelqa_questions_total", (("kind", "credits"), ("outcome", "answered")))] == 4
        assert m[("reelqa_questions_refused_total", (("reason", "cooldown"),))] == 1.0
        assert m[("reelqa_questions_refused_total", (("reason", "busy"),))] == 0.0
        assert m[("reelqa_question_seconds_count", ())] == 5.0  # every question taken
        assert m[("reelqa_questions_in_flight", ())] == 0.0
        assert m[("reelqa_votes_total", (("outcome", "recorded"), ("vote", "up")))] == 1.0
        version = next(dict(labels)["version"] for (name, labels) in m
                       if name == "reelqa_index_info")
        assert version == (hashing_index_dir / "CURRENT").read_text().strip()
        assert m[("reelqa_index_passages", ())] == 8.0
        assert 0.0 <= m[("reelqa_index_age_seconds", ())] < 24 * 3600
        assert m[("reelqa_gateway_connected", (("shard", "0"),))] == 1.0
        assert ("reelqa_gateway_latency_seconds", (("shard", "0"),)) in m
        assert ("reelqa_gateway_reconnects_total", (("shard", "0"),)) not in m  # none yet
        await fake.gateway.reconnect()  # op 7: resumed, counted as a reconnect
        await fake.wait_connected(20)
        await asyncio.sleep(0.5)
        m = scrape((await get(port, "/metrics"))[1])
        assert m[("reelqa_gateway_reconnects_total", (("shard", "0"),))] == 1.0
        # The Grafana dashboard in deploy/ reads only metrics the bot serves.
        dashboard = (ROOT / "deploy" / "grafana" / "reelqa-dashboard.json").read_text()
        used = set(re.findall(r"reelqa_[a-z_]+", dashboard))
        assert used and used <= {name for name, _ in m}, used - {name for name, _ in m}
    finally:
        stop.set()
        assert await asyncio.wait_for(task, 15) == 0
        server.stop()


async def test_a_taken_metrics_port_is_one_line(hashing_index_dir: Path, tmp_path: Path) -> None:
    import socket

    from reelqa.config.errors import ReelqaError

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        settings = load_settings(index_dir=hashing_index_dir, discord_token=TOKEN,
                                 metrics_port=port, discord_api_base="http://127.0.0.1:9/api",
                                 discord_gateway_url="ws://127.0.0.1:9/gateway")
        with pytest.raises(ReelqaError) as caught:
            await start_bot(settings, load=lambda: pytest.fail("loaded before the port check"),
                            configure_logging=False, handle_signals=False)
    assert str(caught.value).startswith(f"cannot serve metrics on 127.0.0.1:{port} (")
    assert str(caught.value).endswith("); set REELQA_METRICS_PORT to a free port")
