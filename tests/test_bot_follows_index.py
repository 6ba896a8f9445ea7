"""The running bot follows the index: 20 versions published while questions are asked through
the fake Discord, 0 failed questions, and the newest version answers once published."""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import shutil
import time
from pathlib import Path

import pytest
from reelqa.bot.discord.app import GENERIC_ERROR
from reelqa.bot.discord.follow import FollowingEngine
from reelqa.bot.discord.run import serve
from reelqa.config.settings import IndexSettings, load_settings
from reelqa.index.engine import open_engine
from reelqa.index.store.build import build_index
from reelqa.index.store.hashing import HashingEmbedder

from tests.fakediscord import TOKEN
from tests.fakediscord.support import ROOT, TunableEmbedder
from tests.fakediscord.thread import FakeDiscordThread

pytestmark = [pytest.mark.e2e]
PUBLISHES = 20
THIEF = {"id": "thief-extra", "film": "Thief", "year": 1981, "text":
         "James Caan plays Frank, a safecracker who wants out of the life. The heist scenes are "
         "patient and exact, and the score hums under every one of them."}
_users = itertools.count(9000)


def text_of(body: dict) -> str:
    data = body.get("data", body)
    return "\n".join([data.get("content") or ""] + [
        (e.get("title") or "") + (e.get("description") or "") for e in data.get("embeds") or []])


async def test_twenty_publishes_while_questions_are_asked_fail_none(tmp_path: Path) -> None:
    plain, extra = tmp_path / "plain", tmp_path / "extra"
    shutil.copytree(ROOT / "corpus", plain)
    shutil.copytree(ROOT / "corpus", extra)
    (extra / "thief.jsonl").write_text(json.dumps(THIEF) + "\n")
    index = tmp_path / "index"
    embedder = TunableEmbedder(HashingEmbedder())

    def publish(corpus: Path) -> None:
        build_index(IndexSettings((corpus,), index, embedder.name, 8), embedder=embedder)

    publish(plain)
    # The 20 builds run in this process's threads, beside the bot, and hold the GIL for
    # seconds at a time on a busy machine; in production a build is another process. Discord's
    # 3 s deadline for acknowledging is proven by the other tests.
    server = FakeDiscordThread(ack_deadline=15.0)
    fake = server.start()
    settings = load_settings(
        index_dir=index, discord_token=TOKEN, discord_api_base=fake.api_base,
        discord_gateway_url=fake.gateway_url, discord_state_file=tmp_path / "sync.json",
        discord_cooldown_seconds=0, discord_max_in_flight=8,
        discord_shutdown_grace_seconds=2.0)
    following = FollowingEngine(lambda: open_engine(settings, embedder), index)
    stop = asyncio.Event()
    task = asyncio.create_task(serve(following, settings.discord(), stop=stop,
                                     handle_signals=False))
    try:
        await fake.wait_connected(20)
        embedder.delay = 0.02  # questions take a while, so publishes land while they run
        done = asyncio.Event()

        async def publisher() -> None:
            for n in range(PUBLISHES):
                await asyncio.to_thread(publish, extra if n % 2 == 0 else plain)
                await asyncio.sleep(0.05)
            done.set()

        async def asker() -> list[str]:
            answers = []
            while not done.is_set() or not answers:
                sent = await fake.slash("ask", next(_users), question="who voices Jay?")
                token = re.escape(sent.token)
                edit = await fake.wait_call(
                    "PATCH", rf"/webhooks/\d+/{token}/messages/@original$", sent.at)
                answers.append(text_of(edit.body))
            return answers

        started = time.perf_counter()
        results = await asyncio.gather(publisher(), asker(), asker(), asker())
        answers = [a for batch in results[1:] for a in (batch or [])]
        print(f"{len(answers)} answers, {following.switches} switches")
        assert len(answers) >= PUBLISHES, len(answers)
        assert [a for a in answers if GENERIC_ERROR in a or "Hong Kyung" not in a] == []
        assert following.switches >= 5, following.switches
        assert time.perf_counter() - started < 120
        # the last publish was the plain corpus; one more adds Thief, and the bot answers it
        await asyncio.to_thread(publish, extra)
        sent = await fake.slash("ask", next(_users), question="who plays Frank in Thief?")
        callback = await fake.wait_call(
            "PATCH", rf"/webhooks/\d+/{re.escape(sent.token)}/messages/@original$", sent.at)
        assert "James Caan" in text_of(callback.body)
        assert [f.film for f in following.films()] == ["Lost in Starlight", "Thief"]
        assert following.engine.index.folder.parent == index
    finally:
        embedder.delay = 0.0
        stop.set()
        assert await asyncio.wait_for(task, 15) == 0
        server.stop()
