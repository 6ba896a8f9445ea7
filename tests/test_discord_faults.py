"""Faults a hostile probe found, each driven through the real bot and the fake Discord: a vote
while the feedback database is locked, a store that cannot be used, film names over Discord's
limits, a thread Discord will not open, bursts of mentions, mentions at the start of a
question, and citations' links."""

from __future__ import annotations

import asyncio
import itertools
import logging
import re
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from reelqa.bot.discord.feedback import FeedbackStore
from reelqa.index.store.hashing import HashingEmbedder

from tests.fakediscord import BOT_ID
from tests.fakediscord.payloads import CHANNEL_ID, dm_channel_id
from tests.fakediscord.support import (
    FILLER,
    MISCHIEF,
    Live,
    build_discord_index,
    buttons,
    callback_of,
    original_of,
    running_bot,
    start_live,
)
from tests.fakediscord.thread import FakeDiscordThread

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="module")]

COOLDOWN = 20.0
LONG = "A Lighthouse " + "That Keeps Its Light Burning Through Every Storm " * 52 + "Forever"
KEEPER = {"id": "long-title-1", "film": LONG, "year": 2001, "author": "Ida Marsh",
          "source": "Harbour Review", "url": "https://en.example.org/wiki/Lighthouse_(2001_film)",
          "title": "Light in the dark",
          "text": "The keeper is played by Marta Olsen, who gives the film its quiet heart."}
_users = itertools.count(30_000)


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    return build_discord_index(tmp_path_factory.mktemp("faults") / "index", HashingEmbedder(),
                               [MISCHIEF, KEEPER, *FILLER])


async def start(fake: Any, index_dir: Path, **extra: Any) -> Live:
    return await start_live(fake, index_dir, **({"discord_cooldown_seconds": COOLDOWN} | extra))


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def live(index_dir: Path) -> AsyncIterator[Live]:
    async with running_bot(index_dir, discord_cooldown_seconds=COOLDOWN) as running:
        yield running


def user() -> int:
    return next(_users)


async def ask(live: Live, **options: Any) -> dict[str, Any]:
    sent = await live.fake.slash("ask", user(), **options)
    await live.fake.wait_call("PATCH", original_of(sent), sent.at)
    return live.fake.messages.by_id[live.fake.messages.by_token[sent.token]]


async def test_a_vote_waits_out_a_locked_database_and_is_kept(live: Live) -> None:
    message = await ask(live, question="who voices Jay?")
    who = user()
    holder = sqlite3.connect(live.settings.discord().feedback_db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another process writing for 6 s
    try:
        sent = await live.fake.press(message["id"], buttons(message)["up"], who)
        ack = await live.fake.wait_call("POST", callback_of(sent), sent.at)
        assert ack.at - sent.at < 3.0 and ack.body == {"type": 5, "data": {"flags": 64}}
        busy = await live.fake.wait_call("PATCH", original_of(sent), sent.at)
        assert busy.body["content"] == ("The feedback database is busy; your \U0001f44d is "
                                        "kept and will be recorded as soon as it is free.")
        await asyncio.sleep(6.0 - (busy.at - sent.at))
    finally:
        holder.execute("COMMIT")
        holder.close()
    done = await live.fake.wait_call("PATCH", original_of(sent), busy.at + 0.001, timeout=20)
    assert done.body["content"] == "Thanks: your \U0001f44d is recorded."
    store = FeedbackStore(live.settings.discord().feedback_db)
    assert [v["vote"] for v in store.export() if v["user"] == store.user_hash(who)] == ["up"]


async def test_long_film_names_are_offered_in_a_way_that_resolves(live: Live) -> None:
    sent = await live.fake.slash("ask", user(), focused="film", question="x", film="lighthouse")
    call = await live.fake.wait_call("POST", callback_of(sent), sent.at)
    [choice] = call.body["data"]["choices"]
    assert len(choice["name"]) <= 100 and choice["name"].endswith("\u2026")
    assert len(choice["value"]) <= 100 and choice["value"] != LONG[:100]
    message = await ask(live, question="who plays the keeper?", film=choice["value"])
    assert message["content"].startswith("**Marta Olsen**")
    sent = await live.fake.slash("credits", user(), film=choice["value"])
    credits = await live.fake.wait_call("POST", callback_of(sent), sent.at)
    assert "Marta Olsen" in credits.body["data"]["content"]


async def test_films_pages_stay_whole_with_a_huge_film_name(live: Live) -> None:
    sent = await live.fake.slash("films", user())
    call = await live.fake.wait_call("POST", callback_of(sent), sent.at)
    content = call.body["data"]["content"]
    assert "page 1 of 2" in content and len(content) <= 2000
    entries = re.findall(r"^\u2022 (.+)$", content, flags=re.M)
    assert len(entries) == 15  # none pushed off the page by the long name
    assert entries[0].startswith("A Lighthouse That Keeps") and "\u2026" in entries[0]
    pager = {b["label"]: b for row in call.body["data"]["components"] for b in row["components"]}
    assert not pager["Next"].get("disabled")


async def test_a_refused_thread_is_explained(live: Live) -> None:
    message = await ask(live, question="who plays the radio host?", film="Static Noise")
    live.fake.fail_next("POST", r"/threads$", status=403, code=50013,
                        message="Missing Permissions")
    sent = await live.fake.press(message["id"], buttons(message)["thread"], user())
    told = await live.fake.wait_call("PATCH", original_of(sent), sent.at)
    assert told.body["content"] == (
        "I can't open a thread here: I'm missing the Create Public Threads permission in this "
        "channel; a server admin can grant it.")
    # Told without asking Discord when the interaction says the permission is missing.
    before = len(live.fake.calls_to("POST", r"/threads$"))
    sent = await live.fake.press(message["id"], buttons(message)["thread"], user(),
                                 app_permissions=2248473465835073 & ~(1 << 35))
    told = await live.fake.wait_call("PATCH", original_of(sent), sent.at)
    assert told.body["content"].startswith("I can't open a thread here: I'm missing the Create")
    assert len(live.fake.calls_to("POST", r"/threads$")) == before


async def test_a_burst_of_mentions_gets_one_cooldown_notice(live: Live) -> None:
    who = user()
    first = await live.fake.say(f"<@{BOT_ID}> who voices Jay?", who)
    for _ in range(29):  # 30 mentions in about 5 s
        await live.fake.say(f"<@{BOT_ID}> who directed it?", who)
        await asyncio.sleep(0.15)
    await asyncio.sleep(1.0)
    notices = live.fake.calls_to("POST", rf"/channels/{dm_channel_id(who)}/messages$", first.at)
    assert [c.body["content"] for c in notices] == [
        notices[0].body["content"]] and notices[0].body["content"].startswith("You can ask again")
    answers = live.fake.calls_to("POST", rf"/channels/{CHANNEL_ID}/messages$", first.at)
    assert len(answers) == 1


async def test_a_question_that_starts_with_a_mention_is_understood(live: Live) -> None:
    for text in (f"<@{BOT_ID}> @everyone who voices Jay?", f"@here <@{BOT_ID}> who voices Jay?"):
        sent = await live.fake.say(text, user())
        reply = await live.fake.wait_call("POST", rf"/channels/{CHANNEL_ID}/messages$", sent.at)
        assert reply.body["content"].startswith("**Hong Kyung**"), reply.body["content"]


async def test_citations_carry_author_outlet_and_a_working_link(live: Live) -> None:
    message = await ask(live, question="who plays the keeper?", film=LONG)
    description = message["embeds"][0]["description"]
    assert ("[Light in the dark](https://en.example.org/wiki/Lighthouse_%282001_film%29) "
            "\u2014 Ida Marsh, Harbour Review") in description


async def test_an_unusable_store_is_logged_once_and_not_ready(index_dir: Path, tmp_path: Path,
                                                              caplog) -> None:
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"not a database, whatever it once was " * 200)
    server = FakeDiscordThread()
    fake = server.start()
    try:
        with caplog.at_level(logging.WARNING, logger="reelqa"):
            live = await start(fake, index_dir, discord_feedback_db=damaged)
            try:
                for _ in range(3):
                    message = await ask(live, question="who voices Jay?")
                    assert message["content"].startswith("**Hong Kyung**")
                    assert message["components"] == []  # no buttons without a store
            finally:
                live.stop.set()
                assert await asyncio.wait_for(live.task, 15) == 0
    finally:
        server.stop()
    problems = [r.getMessage() for r in caplog.records if "damaged.sqlite3" in r.getMessage()]
    assert len(problems) == 1, problems  # said once, at start, not once per question
    assert problems[0].startswith(f"the feedback database {damaged} is damaged (file is not a "
                                  "database)")
    assert "answers go without buttons and votes are not kept" in problems[0]
