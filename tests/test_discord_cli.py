"""`reelqa bot` as a process and across restarts: start-up checks, command sync, clean stops."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from reelqa.bot.discord.run import serve
from reelqa.config.errors import ReelqaError
from reelqa.config.settings import load_settings
from reelqa.index.engine import open_engine
from reelqa.index.store.hashing import HASHING_MODEL, HashingEmbedder

from tests.fakediscord import APP_ID, GUILD_ID, TOKEN
from tests.fakediscord.support import ROOT, TunableEmbedder
from tests.fakediscord.thread import FakeDiscordThread

pytestmark = pytest.mark.e2e
ASYNC = pytest.mark.asyncio(loop_scope="module")

COMMAND = [sys.executable, "-c", "from reelqa.bot.cli import run; run()", "bot"]


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("REELQA_") and k != "DISCORD_TOKEN"}
    # Nowhere to connect to: should a check ever be skipped, nothing leaves this machine.
    nowhere = {"REELQA_DISCORD_API_BASE": "http://127.0.0.1:9/api/v10",
               "REELQA_DISCORD_GATEWAY_URL": "ws://127.0.0.1:9/gateway"}
    return env | {"PYTHONUNBUFFERED": "1", "REELQA_EMBEDDING_MODEL": HASHING_MODEL} | nowhere | extra


@pytest.fixture(scope="module")
def server() -> Iterator[FakeDiscordThread]:
    thread = FakeDiscordThread()
    thread.start()
    yield thread
    thread.stop()


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def fake(server: FakeDiscordThread) -> AsyncIterator[Any]:
    yield server.fake


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*COMMAND, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def test_no_token_is_one_line_and_a_failure(tmp_path: Path) -> None:
    done = run_cli("--index", str(tmp_path / "index"), env=clean_env())
    assert done.returncode != 0
    assert done.stderr.strip().splitlines() == [
        "reelqa: error: no Discord bot token; set REELQA_DISCORD_TOKEN (see docs/discord.md)"]


def test_no_index_is_one_line_and_a_failure(tmp_path: Path) -> None:
    env = clean_env(REELQA_DISCORD_TOKEN=TOKEN)
    done = run_cli("--index", str(tmp_path / "nothing"), env=env)
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "no index at" in lines[0] and "reelqa index build" in lines[0]
    assert TOKEN not in done.stderr + done.stdout


def test_an_index_of_another_model_is_one_line_and_a_failure(hashing_index_dir: Path) -> None:
    env = clean_env(DISCORD_TOKEN=TOKEN, REELQA_EMBEDDING_MODEL="someone/other-model")
    done = run_cli("--index", str(hashing_index_dir), env=env)
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "someone/other-model" in lines[0], done.stderr
    assert TOKEN not in done.stderr + done.stdout


def settings_for(fake: Any, index_dir: Path, state: Path, **extra: Any) -> Any:
    values = {"index_dir": index_dir, "discord_token": TOKEN, "discord_api_base": fake.api_base,
              "discord_gateway_url": fake.gateway_url, "discord_state_file": state,
              "discord_shutdown_grace_seconds": 3.0}
    return load_settings(**(values | extra))


async def run_once(fake: Any, engine: Any, settings: Any, sync: bool = False) -> int:
    stop = asyncio.Event()
    count = fake.gateway.identifies + 1
    task = asyncio.create_task(serve(engine, settings.discord(), sync=sync, stop=stop,
                                     handle_signals=False))
    await fake.wait_identified(count)
    stop.set()
    return await asyncio.wait_for(task, 15)


@ASYNC
async def test_commands_are_synced_only_when_changed_or_asked(
    fake: Any, hashing_engine: Any, hashing_index_dir: Path, tmp_path: Path
) -> None:
    state = tmp_path / "state" / "commands.json"
    settings = settings_for(fake, hashing_index_dir, state)
    global_puts = rf"^/applications/{APP_ID}/commands$"
    for sync, expected in ((False, 1), (False, 1), (True, 2)):
        assert await run_once(fake, hashing_engine, settings, sync=sync) == 0
        assert len(fake.calls_to("PUT", global_puts)) == expected
    assert state.is_file()
    in_guild = settings_for(fake, hashing_index_dir, state, discord_guild_ids=str(GUILD_ID))
    assert await run_once(fake, hashing_engine, in_guild) == 0
    assert len(fake.calls_to("PUT", rf"^/applications/{APP_ID}/guilds/{GUILD_ID}/commands$")) == 1
    assert await run_once(fake, hashing_engine, in_guild) == 0
    assert len(fake.calls_to("PUT", r"/commands$")) == 3


@ASYNC
async def test_a_rejected_token_is_a_clear_error(
    fake: Any, hashing_engine: Any, hashing_index_dir: Path, tmp_path: Path
) -> None:
    settings = settings_for(fake, hashing_index_dir, tmp_path / "s.json",
                            discord_token="wrong-token")
    with pytest.raises(ReelqaError, match="Discord rejected the bot token"):
        await serve(hashing_engine, settings.discord(), stop=asyncio.Event(),
                    handle_signals=False)


@ASYNC
async def test_stopping_finishes_questions_in_flight_and_refuses_new_ones(
    fake: Any, hashing_index_dir: Path, tmp_path: Path
) -> None:
    encoder = TunableEmbedder(HashingEmbedder())
    settings = settings_for(fake, hashing_index_dir, tmp_path / "s.json")
    engine = open_engine(settings, embedder=encoder)
    stop = asyncio.Event()
    count = fake.gateway.identifies + 1
    task = asyncio.create_task(serve(engine, settings.discord(), stop=stop, handle_signals=False))
    await fake.wait_identified(count)
    encoder.delay = 1.0
    asked = await fake.slash("ask", 7001, question="who voices Jay?")
    await fake.wait_call("POST", rf"/interactions/{asked.id}/", asked.at)
    stop.set()
    await asyncio.sleep(0.1)
    late = await fake.slash("ask", 7002, question="who voices Jay?")
    refused = await fake.wait_call("POST", rf"/interactions/{late.id}/", late.at)
    assert refused.body["data"]["flags"] == 64
    assert "restarting" in refused.body["data"]["content"]
    edit = await fake.wait_call("PATCH", rf"/{asked.token}/messages/@original$", asked.at)
    assert "Hong Kyung" in str(edit.body)
    assert await asyncio.wait_for(task, 15) == 0


@ASYNC
async def test_reelqa_bot_process_answers_and_exits_0_on_sigterm(
    fake: Any, hashing_index_dir: Path, tmp_path: Path
) -> None:
    env = clean_env(REELQA_DISCORD_TOKEN=TOKEN, REELQA_DISCORD_API_BASE=fake.api_base,
                    REELQA_DISCORD_GATEWAY_URL=fake.gateway_url, REELQA_LOG_LEVEL="DEBUG",
                    REELQA_DISCORD_STATE_FILE=str(tmp_path / "state.json"))
    process = await asyncio.create_subprocess_exec(
        *COMMAND, "--index", str(hashing_index_dir), cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        count = fake.gateway.identifies + 1
        for _ in range(90):  # the engine loads first: allow a minute and a half
            assert process.returncode is None, "the bot exited before connecting"
            try:
                await fake.wait_identified(count, timeout=1)
                break
            except TimeoutError:
                continue
        sent = await fake.slash("ask", 7100, question="who voices Jay?")
        edit = await fake.wait_call("PATCH", rf"/{sent.token}/messages/@original$", sent.at,
                                    timeout=30)
        assert "Hong Kyung" in edit.body["content"] + str(edit.body["embeds"])
        process.send_signal(signal.SIGTERM)
        stdout, stderr = await asyncio.wait_for(process.communicate(), 30)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    log = stderr.decode()
    assert process.returncode == 0, log[-2000:]
    assert "disconnected cleanly" in log
    assert TOKEN not in log + stdout.decode()
