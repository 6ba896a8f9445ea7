"""The real bot (`reelqa.bot.discord.run.serve`, real engine and index) against the fake Discord.

The engine embeds with the deterministic `reelqa/hashing` stand-in; the real model's answers are
proven in the integration tier, and what is proven here is what the bot does with them.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from reelqa.bot.discord.app import GENERIC_ERROR, HELP
from reelqa.bot.discord.run import HEALTH_INTERVAL, serve
from reelqa.config.settings import load_settings
from reelqa.index.engine import open_engine
from reelqa.index.store.hashing import HashingEmbedder

from tests.fakediscord import BOT_ID, TOKEN, Call, Sent
from tests.fakediscord.support import TunableEmbedder, build_discord_index, callback_of, original_of
from tests.fakediscord.thread import FakeDiscordThread

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="module")]

COOLDOWN = 30.0
CAP = 2
ORIGINAL = r"/webhooks/\d+/[^/]+/messages/@original$"
CHANNEL_MESSAGES = r"/channels/\d+/messages$"
_users = itertools.count(5000)


@dataclass
class Live:
    fake: Any  # a FakeDiscord, called across threads
    encoder: TunableEmbedder
    task: asyncio.Task[int]


@pytest.fixture(scope="module")
def encoder() -> TunableEmbedder:
    return TunableEmbedder(HashingEmbedder())


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    return build_discord_index(tmp_path_factory.mktemp("discord") / "index", HashingEmbedder())


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def live(index_dir: Path, encoder: TunableEmbedder) -> AsyncIterator[Live]:
    server = FakeDiscordThread()
    fake = server.start()
    settings = load_settings(
        index_dir=index_dir, discord_token=TOKEN, discord_api_base=fake.api_base,
        discord_gateway_url=fake.gateway_url, discord_state_file=index_dir.parent / "sync.json",
        discord_cooldown_seconds=COOLDOWN, discord_max_in_flight=CAP,
        discord_shutdown_grace_seconds=2.0, discord_health_file=index_dir.parent / "alive",
    )
    engine = open_engine(settings, embedder=encoder)
    stop = asyncio.Event()
    task = asyncio.create_task(serve(engine, settings.discord(), stop=stop, handle_signals=False))
    await fake.wait_connected(20)
    yield Live(fake, encoder, task)
    stop.set()
    assert await asyncio.wait_for(task, 15) == 0
    server.stop()


@pytest.fixture(autouse=True)
def normal_encoder(encoder: TunableEmbedder):
    encoder.delay, encoder.fail = 0.0, None
    yield
    encoder.delay, encoder.fail = 0.0, None


def user() -> int:
    return next(_users)


def text_of(call: Call) -> str:
    """Everything a user could read in a recorded message payload."""
    body = call.body or {}
    data = body.get("data", body) if "/callback" in call.path else body
    parts = [data.get("content") or ""]
    for embed in data.get("embeds") or []:
        parts += [embed.get("title") or "", embed.get("description") or ""]
    return "\n".join(parts)


async def ask(live: Live, **options: Any) -> tuple[Sent, Call, Call]:
    sent = await live.fake.slash("ask", options.pop("user", None) or user(), **options)
    ack = await live.fake.wait_call("POST", callback_of(sent), sent.at)
    edit = await live.fake.wait_call("PATCH", original_of(sent), sent.at)
    return sent, ack, edit


async def test_ask_is_deferred_at_once_then_answered_with_citations(live: Live) -> None:
    sent, ack, edit = await ask(live, question="who voices Jay?")
    assert ack.body == {"type": 5}  # deferred, public
    assert ack.at - sent.at < 3.0
    text = text_of(edit)
    assert edit.body["content"] == "**Hong Kyung** [1] \u00b7 1 review says so"
    assert len(edit.body["embeds"]) == 1 and "title" not in edit.body["embeds"][0]
    assert "**Jay, voiced with quiet heartbreak by Hong Kyung, is a former guitarist" in text
    # the sources as one numbered list, each review once, with the numbers of its passages
    sources = re.findall(r"^((?:\[\d+\])+) (.+)$", text, flags=re.M)
    numbers = [int(n) for marks, _ in sources for n in re.findall(r"\d+", marks)]
    assert sorted(numbers) == list(range(1, len(numbers) + 1)) and len(numbers) > len(sources)
    assert len({line for _, line in sources}) == len(sources)
    assert any(line.startswith("Lost in Starlight (2025) \u2014 \u201cA Tender, Celestial")
               for _, line in sources)
    assert len(text) < 1000
    assert not re.search(r"\d+ ms|\d+\.\d s", text)  # latency goes to the log only
    buttons = [b["custom_id"].split(":")[1] for row in edit.body["components"]
               for b in row["components"]]
    assert buttons == ["up", "down", "more", "thread"]


async def test_ack_comes_at_once_while_the_encoder_is_slow(live: Live) -> None:
    live.encoder.delay = 2.0
    # The event loop must stay free: an autocomplete sent during the slow encode is answered
    # at once. The fake sends it on its own loop, so a blocked bot loop cannot delay sending.
    await live.fake.slash_later(0.5, "ask", user(), focused="film", question="q", film="sta")
    sent = await live.fake.slash("ask", user(), question="who voices Jay?")
    ack = await live.fake.wait_call("POST", callback_of(sent), sent.at)
    assert ack.at - sent.at < 1.0, "the acknowledgement waited for the encoder"
    probe = await live.fake.later()
    choices = await live.fake.wait_call("POST", callback_of(probe), probe.at)
    assert choices.at - probe.at < 1.0, "the event loop was blocked during the encode"
    assert choices.body["type"] == 8
    edit = await live.fake.wait_call("PATCH", original_of(sent), sent.at)
    assert edit.at - sent.at >= 2.0
    assert "Hong Kyung" in text_of(edit)


async def test_private_ask_is_ephemeral(live: Live) -> None:
    _, ack, edit = await ask(live, question="who voices Jay?", private=True)
    assert ack.body == {"type": 5, "data": {"flags": 64}}
    assert "Hong Kyung" in text_of(edit)


async def test_ask_about_one_film(live: Live) -> None:
    _, _, edit = await ask(live, question="who plays the radio host?", film="Static Noise")
    text = text_of(edit)
    assert "Static Noise" in text and "Lost in Starlight" not in text


async def test_an_unknown_film_is_answered_privately_at_once(live: Live) -> None:
    sent = await live.fake.slash("ask", user(), question="who?", film="No **Such** Film")
    call = await live.fake.wait_call("POST", callback_of(sent), sent.at)
    assert call.body["type"] == 4 and call.body["data"]["flags"] == 64
    assert call.body["data"]["content"] == (
        "No film called \u201cNo \\*\\*Such\\*\\* Film\u201d is indexed; /films lists them.")


async def test_film_autocomplete_returns_matching_titles(live: Live) -> None:
    sent = await live.fake.slash("ask", user(), focused="film", question="x", film="STAR")
    call = await live.fake.wait_call("POST", callback_of(sent), sent.at)
    assert call.body == {"type": 8, "data": {"choices": [
        {"name": "Lost in Starlight", "value": "Lost in Starlight"}]}}
    sent = await live.fake.slash("ask", user(), focused="film", question="x", film="")
    call = await live.fake.wait_call("POST", callback_of(sent), sent.at)
    assert [c["name"] for c in call.body["data"]["choices"]] == ["Lost in Starlight",
                                                                 "Static Noise"]


async def test_films_lists_the_indexed_films(live: Live) -> None:
    sent = await live.fake.slash("films", user())
    call = await live.fake.wait_call("POST", callback_of(sent), sent.at)
    assert call.body["type"] == 4
    content = call.body["data"]["content"]
    assert "Lost in Starlight (2025) \u2014 2 reviews" in content
    assert "Static Noise (2024) \u2014 1 review," in content


async def test_a_mention_gets_a_reply_and_other_messages_are_ignored(live: Live) -> None:
    ignored = await live.fake.say("who voices Jay?", user())
    sent = await live.fake.say(f"<@{BOT_ID}> who voices Jay?", user())
    reply = await live.fake.wait_call("POST", CHANNEL_MESSAGES, sent.at)
    assert reply.body["message_reference"]["message_id"] == int(sent.id)
    assert "Hong Kyung" in text_of(reply)
    await asyncio.sleep(0.3)
    replies = live.fake.calls_to("POST", CHANNEL_MESSAGES, ignored.at)
    assert [c.body["message_reference"]["message_id"] for c in replies] == [int(sent.id)]


async def test_a_dm_gets_a_reply(live: Live) -> None:
    sent = await live.fake.say("who voices Jay?", user(), dm=True)
    reply = await live.fake.wait_call("POST", CHANNEL_MESSAGES, sent.at)
    assert reply.path != f"/channels/{1_300_000_000_000_001}/messages"  # the DM channel
    assert "Hong Kyung" in text_of(reply)


async def test_mentions_in_reviews_and_questions_never_ping(live: Live) -> None:
    question = "what happens when @everyone and <@&1> are shouted in Static Noise?"
    _, _, edit = await ask(live, question=question)
    sent = await live.fake.say(f"<@{BOT_ID}> {question}", user())
    reply = await live.fake.wait_call("POST", CHANNEL_MESSAGES, sent.at)
    for call in (edit, reply):
        text = text_of(call)
        assert "everyone" in text and "@&1" in text and "Mischief Weekly" in text
        # (the indexer already turned the review's masked link into its text, and its code
        # fence into an inline-code pair; the render tests cover masked links and fences)
        for raw in ("@everyone", "@here", "<@&1>", "<@123456789>", "||a twist", "~~a mess",
                    "``rm", "**loud**"):
            assert not re.search(r"(?<!\\)" + re.escape(raw), text), raw
    # Every payload that carries text, over the whole session so far, disables mention parsing.
    messages = [c for c in live.fake.calls if c.method in ("POST", "PATCH") and text_of(c)]
    assert len(messages) >= 2
    for call in messages:
        body = call.body.get("data", call.body) if "/callback" in call.path else call.body
        assert body.get("allowed_mentions", {}).get("parse") == [], call.path
        assert "users" not in body["allowed_mentions"] and "roles" not in body["allowed_mentions"]
        if "message_reference" in body:
            assert body["allowed_mentions"].get("replied_user") is False


async def test_cooldown_gives_an_immediate_ephemeral_busy_reply(live: Live) -> None:
    who = user()
    await ask(live, question="who voices Jay?", user=who)
    sent = await live.fake.slash("ask", who, question="who directed it?")
    call = await live.fake.wait_call("POST", callback_of(sent), sent.at)
    assert call.at - sent.at < 1.0
    assert call.body["type"] == 4 and call.body["data"]["flags"] == 64
    seconds = int(re.fullmatch(r"You can ask again in (\d+) s\.",
                               call.body["data"]["content"])[1])
    assert COOLDOWN - 5 <= seconds <= COOLDOWN
    await asyncio.sleep(0.2)
    assert not live.fake.calls_to("PATCH", original_of(sent), sent.at)


async def test_in_flight_cap_gives_an_immediate_busy_reply(live: Live) -> None:
    live.encoder.delay = 1.5
    first = [await live.fake.slash("ask", user(), question="who voices Jay?") for _ in range(CAP)]
    for sent in first:
        await live.fake.wait_call("POST", callback_of(sent), sent.at)
    extra = await live.fake.slash("ask", user(), question="who voices Jay?")
    call = await live.fake.wait_call("POST", callback_of(extra), extra.at)
    assert call.at - extra.at < 1.0
    assert call.body["data"]["flags"] == 64
    assert call.body["data"]["content"].startswith("I'm answering other questions; try again in ")
    for sent in first:
        edit = await live.fake.wait_call("PATCH", original_of(sent), sent.at)
        assert "Hong Kyung" in text_of(edit)
    await until_not_busy(live)


async def until_not_busy(live: Live) -> None:
    """Wait until the bot takes a question again: a slot is freed just after its answer is
    sent, so the next test must not race it."""
    live.encoder.delay = 0.0
    for _ in range(50):
        sent = await live.fake.slash("ask", user(), question="who voices Jay?")
        call = await live.fake.wait_call("POST", callback_of(sent), sent.at)
        if call.body.get("type") == 5:  # deferred: taken
            await live.fake.wait_call("PATCH", original_of(sent), sent.at)
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the bot stayed busy")


async def test_unexpected_errors_give_a_generic_ephemeral_reply(live: Live, caplog) -> None:
    secret = f"kaboom-{TOKEN}-internal-detail"
    live.encoder.fail = RuntimeError(secret)
    with caplog.at_level(logging.ERROR, logger="reelqa"):
        sent = await live.fake.slash("ask", user(), question="who voices Jay?")
        await live.fake.wait_call("DELETE", original_of(sent), sent.at)  # public "thinking" goes
        notice = await live.fake.wait_call("POST", rf"/webhooks/\d+/{sent.token}$", sent.at)
        private = await live.fake.slash("ask", user(), question="who voices Jay?", private=True)
        edit = await live.fake.wait_call("PATCH", original_of(private), private.at)
    assert notice.body["content"] == GENERIC_ERROR and notice.body["flags"] == 64
    assert edit.body["content"] == GENERIC_ERROR
    assert "RuntimeError" in caplog.text and "encode" in caplog.text  # the traceback is logged
    recorded = json.dumps([c.body for c in live.fake.calls])
    for leak in ("kaboom", TOKEN):
        assert leak not in caplog.text and leak not in recorded


async def test_a_429_on_the_reply_is_retried(live: Live) -> None:
    fault = live.fake.fail_next("PATCH", ORIGINAL, status=429, retry_after=0.4)
    _, _, edit = await ask(live, question="who voices Jay?")
    assert len(fault.hits) == 1 and edit.at - fault.hits[0] >= 0.4
    assert "Hong Kyung" in text_of(edit)


async def test_a_429_on_a_message_reply_is_retried(live: Live) -> None:
    fault = live.fake.fail_next("POST", CHANNEL_MESSAGES, status=429, retry_after=0.3)
    sent = await live.fake.say(f"<@{BOT_ID}> who voices Jay?", user())
    reply = await live.fake.wait_call("POST", CHANNEL_MESSAGES, sent.at)
    assert len(fault.hits) == 1 and reply.at - fault.hits[0] >= 0.3
    assert "Hong Kyung" in text_of(reply)


async def test_an_empty_or_long_mention_gets_guidance(live: Live) -> None:
    sent = await live.fake.say(f"<@{BOT_ID}>", user())
    reply = await live.fake.wait_call("POST", CHANNEL_MESSAGES, sent.at)
    assert reply.body["content"] == HELP
    sent = await live.fake.say(f"<@{BOT_ID}> " + "why " * 80, user(), dm=True)
    reply = await live.fake.wait_call("POST", CHANNEL_MESSAGES, sent.at)
    assert reply.body["content"].startswith("Questions are at most 300 characters")


async def test_the_fake_rejects_payloads_over_discord_limits(live: Live) -> None:
    headers = {"Authorization": f"Bot {TOKEN}"}
    url = f"{live.fake.api_base}/channels/1/messages"
    too_big = [{"content": "x" * 2001},
               {"embeds": [{"title": "t", "description": "d" * 4000}] * 2},
               {"embeds": [{"title": "t" * 257}]},
               {"embeds": [{"fields": [{"name": "n", "value": "v"}] * 26}]}]
    async with aiohttp.ClientSession() as session:
        for payload in too_big:
            async with session.post(url, json=payload, headers=headers) as response:
                assert response.status == 400 and (await response.json())["code"] == 50035
        async with session.post(url, json={"content": "x" * 2000}, headers=headers) as response:
            assert response.status == 200
    # ... and nothing the bot sent so far was refused.
    assert not [c for c in live.fake.calls if c.status == 400 and "/channels/1/" not in c.path]


@pytest.mark.parametrize("how", ["reconnect", "drop", "invalidate"])
async def test_the_next_question_is_answered_after_the_gateway(live: Live, how: str) -> None:
    gateway = live.fake.gateway
    before = (gateway.identifies, gateway.resumes)
    await getattr(gateway, how)()  # op 7, a dropped socket, op 9 (discord.py waits ~5 s)
    await live.fake.wait_connected(20)
    if how == "invalidate":
        assert gateway.identifies == before[0] + 1
    else:
        assert gateway.resumes == before[1] + 1 and gateway.identifies == before[0]
    _, _, edit = await ask(live, question="who voices Jay?")
    assert "Hong Kyung" in text_of(edit)


async def test_commands_were_synced_once_and_never_on_reconnect(live: Live) -> None:
    puts = live.fake.calls_to("PUT", r"/commands$")
    assert len(puts) == 1 and puts[0].path == f"/applications/{BOT_ID}/commands"
    assert {c["name"] for c in puts[0].body} == {"ask", "films", "credits", "film", "help",
                                                   "about"}
    ask_options = {o["name"]: o for o in next(c for c in puts[0].body
                                              if c["name"] == "ask")["options"]}
    assert ask_options["question"]["max_length"] == 300 and ask_options["film"]["autocomplete"]
    assert live.fake.gateway.intents is not None
    assert not live.fake.gateway.intents & (1 << 15), "asked for the message-content intent"


async def test_the_health_file_is_touched_while_connected(live: Live, index_dir: Path) -> None:
    alive = index_dir.parent / "alive"
    for _ in range(100):  # the first touch follows on_ready, which discord.py delays ~2 s
        if alive.exists():
            break
        await asyncio.sleep(0.1)
    first = alive.stat().st_mtime
    # Touched again while the connection stays up (a reconnect in an earlier test may skip one).
    for _ in range(int(HEALTH_INTERVAL * 30)):
        if alive.stat().st_mtime > first:
            break
        await asyncio.sleep(0.1)
    assert alive.stat().st_mtime > first, "the health file was touched once, then never again"
