"""`/credits film` and the support line of `/ask`, with the real discord.py client and the real
bot (`serve`) against the fake Discord, over a real index of the shipped corpus."""

from __future__ import annotations

import asyncio
import itertools
import re
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from reelqa.bot.discord.run import serve
from reelqa.config.settings import load_settings
from reelqa.index.engine import open_engine
from reelqa.index.store.hashing import HashingEmbedder

from tests.fakediscord import TOKEN
from tests.fakediscord.support import build_discord_index
from tests.fakediscord.thread import FakeDiscordThread

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="module")]
_users = itertools.count(7000)


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def fake(tmp_path_factory) -> AsyncIterator[Any]:
    index_dir = build_discord_index(tmp_path_factory.mktemp("credits") / "index",
                                    HashingEmbedder())
    server = FakeDiscordThread()
    fake = server.start()
    settings = load_settings(
        index_dir=index_dir, discord_token=TOKEN, discord_api_base=fake.api_base,
        discord_gateway_url=fake.gateway_url, discord_state_file=index_dir.parent / "sync.json",
        discord_cooldown_seconds=0.0,
    )
    engine = open_engine(settings, embedder=HashingEmbedder())
    stop = asyncio.Event()
    task = asyncio.create_task(serve(engine, settings.discord(), stop=stop, handle_signals=False))
    await fake.wait_connected(20)
    yield fake
    stop.set()
    assert await asyncio.wait_for(task, 15) == 0
    server.stop()


def callback_of(sent: Any) -> str:
    return rf"/interactions/{sent.id}/{re.escape(sent.token)}/callback$"


async def test_credits_lists_the_films_credits_with_support(fake: Any) -> None:
    sent = await fake.slash("credits", next(_users), film="lost in starlight")
    call = await fake.wait_call("POST", callback_of(sent), sent.at)
    assert call.body["type"] == 4
    content = call.body["data"]["content"]
    assert content.startswith("Credits of **Lost in Starlight** as its reviews state them (")
    assert "\u2022 **Hong Kyung** \u2014 voice of Jay \u00b7 1 review" in content
    assert "\u2022 **Han Ji-won** \u2014 director \u00b7 2 reviews" in content
    assert "> Jay, voiced with quiet heartbreak by Hong Kyung" in content
    assert len(content) <= 2000


async def test_credits_film_autocomplete(fake: Any) -> None:
    sent = await fake.slash("credits", next(_users), focused="film", film="NOISE")
    call = await fake.wait_call("POST", callback_of(sent), sent.at)
    assert call.body == {"type": 8, "data": {"choices": [
        {"name": "Static Noise", "value": "Static Noise"}]}}


async def test_credits_of_an_unknown_film_is_private(fake: Any) -> None:
    sent = await fake.slash("credits", next(_users), film="Heat")
    call = await fake.wait_call("POST", callback_of(sent), sent.at)
    assert call.body["type"] == 4 and call.body["data"]["flags"] == 64
    assert call.body["data"]["content"] == (
        "No film called \u201cHeat\u201d is indexed; /films lists them.")


async def test_ask_shows_how_many_reviews_say_so(fake: Any) -> None:
    sent = await fake.slash("ask", next(_users), question="who directed Lost in Starlight?")
    edit = await fake.wait_call("PATCH", rf"/webhooks/\d+/{re.escape(sent.token)}/messages/"
                                r"@original$", sent.at)
    assert edit.body["content"] == "**Han Ji-won** [1] \u00b7 2 reviews say so"


async def test_credits_is_synced_with_its_autocomplete(fake: Any) -> None:
    puts = fake.calls_to("PUT", r"/commands$")
    command = next(c for c in puts[0].body if c["name"] == "credits")
    assert [(o["name"], o["required"], o["autocomplete"]) for o in command["options"]] == [
        ("film", True, True)]


