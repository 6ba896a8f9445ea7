"""The real bot against the fake Discord: buttons (pressed as component interactions), what the
feedback database keeps, follow-ups in replies and threads, /help, /about, /films pages,
typing, private cooldown notices, spoiler tags, opinion answers, and buttons after a restart.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from reelqa.bot.cli import main
from reelqa.bot.discord.feedback import FeedbackStore
from reelqa.index.store.hashing import HashingEmbedder

from tests.fakediscord import BOT_ID, Sent
from tests.fakediscord.payloads import CHANNEL_ID, dm_channel_id
from tests.fakediscord.support import (
    FILLER,
    MISCHIEF,
    RATED,
    Live,
    build_discord_index,
    buttons,
    callback_of,
    original_of,
    running_bot,
    start_live,
)

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="module")]

COOLDOWN = 20.0
CHANNEL_MESSAGES = r"/channels/\d+/messages$"
_users = itertools.count(9000)


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    return build_discord_index(tmp_path_factory.mktemp("buttons") / "index", HashingEmbedder(),
                               [MISCHIEF, *RATED, *FILLER])


async def start(fake: Any, index_dir: Path) -> Live:
    return await start_live(fake, index_dir, discord_cooldown_seconds=COOLDOWN)


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def live(index_dir: Path) -> AsyncIterator[Live]:
    async with running_bot(index_dir, discord_cooldown_seconds=COOLDOWN) as running:
        yield running


def user() -> int:
    return next(_users)


def described(body: dict[str, Any]) -> str:
    return "\n".join([body.get("content") or ""] + [e.get("description") or ""
                                                   for e in body.get("embeds") or []])


async def ask(live: Live, who: int | None = None, **options: Any) -> tuple[Sent, dict[str, Any]]:
    """Ask with /ask; returns the interaction and the answer message as the fake keeps it."""
    sent = await live.fake.slash("ask", who or user(), **options)
    await live.fake.wait_call("PATCH", original_of(sent), sent.at)
    return sent, live.fake.messages.by_id[live.fake.messages.by_token[sent.token]]


async def press(live: Live, message: dict[str, Any], action: str, who: int) -> dict[str, Any]:
    """Press a button; checks it is acknowledged privately within 3 s (a deferred ephemeral
    response), and returns the private reply that then replaces the "thinking" state."""
    sent = await live.fake.press(message["id"], buttons(message)[action], who)
    call = await live.fake.wait_call("POST", callback_of(sent), sent.at)
    assert call.at - sent.at < 3.0
    assert call.body == {"type": 5, "data": {"flags": 64}}
    reply = await live.fake.wait_call("PATCH", original_of(sent), sent.at)
    assert reply.body.get("allowed_mentions", {}).get("parse") == []
    return reply.body


async def test_votes_are_private_and_stored_with_the_answer(live: Live, caplog) -> None:
    who = user()
    with caplog.at_level(logging.INFO, logger="reelqa"):
        _, message = await ask(live, question="who voices Jay?")
        for _ in range(50):  # logged once the reply is sent, a moment after it arrives
            if "question: " in caplog.text:
                break
            await asyncio.sleep(0.05)
    assert re.search(r"question: outcome=answered kind=credits guild=\d+ shard=0 "
                     r"film='Lost in Starlight' latency_ms=\d+ passages=lost-in-starlight",
                     caplog.text)
    assert "who voices Jay" not in caplog.text  # never the question at INFO
    up = await press(live, message, "up", who)
    assert up["content"] == "Thanks: your \U0001f44d is recorded."
    down = await press(live, message, "down", who)
    assert down["content"] == "Changed your vote to \U0001f44e."
    votes = FeedbackStore(live.settings.discord().feedback_db).export()
    mine = [v for v in votes if v["user"] == FeedbackStore(
        live.settings.discord().feedback_db).user_hash(who)]
    assert len(mine) == 1 and mine[0]["vote"] == "down"
    assert (mine[0]["question"], mine[0]["film"], mine[0]["answer"]) == (
        "who voices Jay?", "Lost in Starlight", "Hong Kyung")
    assert mine[0]["passages"][0].startswith("lost-in-starlight")
    raw = live.settings.discord().feedback_db.read_bytes()
    assert str(who).encode() not in raw  # the user id is never stored in clear


async def test_feedback_export_prints_the_votes(live: Live, capsys) -> None:
    db = str(live.settings.discord().feedback_db)
    assert main(["feedback", "export", "--json", "--index", str(live.settings.index_dir)]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert exported and {"voted_at", "vote", "user", "question", "film", "answer",
                         "passages"} <= set(exported[0])
    assert db.endswith("discord-feedback.sqlite3")
    assert main(["feedback", "export", "--index", str(live.settings.index_dir)]) == 0
    assert "question: who voices Jay?" in capsys.readouterr().out


async def test_more_sources_shows_the_other_passages_privately(live: Live) -> None:
    _, message = await ask(live, question="who voices Jay?")
    body = await press(live, message, "more", user())
    text = described(body)
    assert body["content"] == "Other passages for \u201cwho voices Jay?\u201d \u00b7 page 1 of 2"
    assert "[1] " not in text and "\n[2] Lost in Starlight (2025)" in text
    assert len(body["embeds"]) == 2  # passages 2 and 3, in full
    # Next turns the page in place: acknowledged as an update of that private message
    private = live.fake.messages.by_id[next(
        i for i, m in live.fake.messages.by_id.items() if m.get("content") == body["content"])]
    turn = await live.fake.press(private["id"], buttons(private)["more"], user())
    ack = await live.fake.wait_call("POST", callback_of(turn), turn.at)
    assert ack.at - turn.at < 3.0 and ack.body == {"type": 6}
    edit = await live.fake.wait_call("PATCH", original_of(turn), turn.at)
    assert edit.body["content"].endswith("page 2 of 2") and len(edit.body["embeds"]) == 2
    assert "\n[4] " in described(edit.body) and "\n[2] " not in described(edit.body)
    assert live.fake.messages.by_id[private["id"]]["content"].endswith("page 2 of 2")


async def test_not_found_is_short_and_offers_the_closest_passages(live: Live) -> None:
    _, message = await ask(live, question="who composed the music?", film="Lost in Starlight")
    assert message["content"] == "The reviews don't say who composed the music."
    assert message["embeds"] == []
    assert set(buttons(message)) == {"up", "down", "closest", "thread"}
    body = await press(live, message, "closest", user())
    assert body["content"].startswith("Closest passages for ")
    assert "**" not in described(body)  # no bold sentence that is not an answer


async def test_verdicts_count_how_the_reviews_lean(live: Live) -> None:
    # two rated reviews (8/10, 2/10) and one unrated, judged from its text at index time
    _, message = await ask(live, question="is Static Noise worth watching?")
    assert message["content"] == "**2 of 3 reviews recommend it, 1 does not** \u00b7 mixed"
    quote = message["embeds"][0]["description"]
    assert "> (positive) Static Noise is a gripping, funny film. [" in quote
    assert "> (negative) Static Noise is a dull and silly film, and the ending is a mess. [" \
        in quote


async def test_spoilers_are_hidden_in_spoiler_tags(live: Live) -> None:
    _, message = await ask(live, question="who turns out to be the caller?", film="Static Noise")
    body = await press(live, message, "more" if "more" in buttons(message) else "closest",
                       user())
    text = described(body) + described(message)
    assert "**Spoilers ahead:** ||**the caller turns out to be Mira herself.**||" in text
    assert message["content"].startswith("||**")  # a short answer past the warning, too


async def test_a_reply_to_an_answer_keeps_its_film(live: Live) -> None:
    who = user()
    first = await live.fake.say(f"<@{BOT_ID}> who plays the radio host in Static Noise?", who)
    answer = await live.fake.wait_call("POST", CHANNEL_MESSAGES, first.at)
    answer_id = next(i for i, m in live.fake.messages.by_id.items()
                     if m.get("message_reference", {}).get("message_id") == int(first.id))
    assert answer.body["message_reference"]["message_id"] == int(first.id)
    await asyncio.sleep(0.1)
    later = await live.fake.say("who voices Jay?", user(), reply_to=answer_id)
    reply = await live.fake.wait_call("POST", CHANNEL_MESSAGES, later.at)
    # Static Noise's reviews do not say; searched across films, Lost in Starlight's would
    assert reply.body["content"] == "The reviews don't say who voices Jay."
    key = buttons(live.fake.messages.by_id[
        next(i for i, m in live.fake.messages.by_id.items()
             if m.get("message_reference", {}).get("message_id") == int(later.id))])["up"]
    stored = FeedbackStore(live.settings.discord().feedback_db).context(key.split(":")[2])
    assert stored is not None and stored.film == "Static Noise"


async def test_ask_about_this_film_opens_a_thread_that_keeps_the_film(live: Live) -> None:
    _, message = await ask(live, question="who plays the radio host?", film="Static Noise")
    body = await press(live, message, "thread", user())
    assert body["content"].startswith(f"Opened <#{message['id']}>")
    created = live.fake.calls_to("POST", rf"/channels/{CHANNEL_ID}/messages/{message['id']}"
                                 r"/threads$")
    assert len(created) == 1 and created[0].body["name"] == "Static Noise"
    starter = await live.fake.wait_call("POST", rf"/channels/{message['id']}/messages$")
    assert starter.body["content"] == "Questions here are about Static Noise: mention me with one."
    sent = await live.fake.say(f"<@{BOT_ID}> who voices Jay?", user(),
                               channel_id=int(message["id"]))
    reply = await live.fake.wait_call("POST", rf"/channels/{message['id']}/messages$", sent.at)
    assert reply.body["content"] == "The reviews don't say who voices Jay."  # Static Noise's
    again = await press(live, message, "thread", user())
    assert again["content"] == f"The thread on this answer is <#{message['id']}>."


async def test_help_and_about_are_private(live: Live) -> None:
    sent = await live.fake.slash("help", user())
    call = await live.fake.wait_call("POST", callback_of(sent), sent.at)
    assert call.body["type"] == 4 and call.body["data"]["flags"] == 64
    assert call.body["data"]["content"].startswith("**How to ask me**\n\u2022 `/ask` with")
    assert ("who directed Static Noise?\n\u2022 is Lost in Starlight worth watching?"
            in call.body["data"]["content"])
    sent = await live.fake.slash("about", user())
    call = await live.fake.wait_call("POST", callback_of(sent), sent.at)
    content = call.body["data"]["content"]
    assert call.body["data"]["flags"] == 64
    assert "I answer from 20 reviews of 17 films" in content
    assert "embedding model reelqa/hashing." in content and "Index built 20" in content


async def test_films_pages_with_previous_and_next(live: Live) -> None:
    sent = await live.fake.slash("films", user())
    await live.fake.wait_call("POST", callback_of(sent), sent.at)
    message = live.fake.messages.by_id[live.fake.messages.by_token[sent.token]]
    assert "page 1 of 2" in message["content"]
    pager = {b["label"]: b for row in message["components"] for b in row["components"]}
    assert pager["Previous"].get("disabled") is True and not pager["Next"].get("disabled")
    turn = await live.fake.press(message["id"], pager["Next"]["custom_id"], user())
    call = await live.fake.wait_call("POST", callback_of(turn), turn.at)
    assert call.body["type"] == 7 and "page 2 of 2" in call.body["data"]["content"]
    assert "Static Noise" in call.body["data"]["content"]
    sent = await live.fake.slash("films", user(), page=5)
    call = await live.fake.wait_call("POST", callback_of(sent), sent.at)
    assert "There is no page 5; this is page 2 of 2." in call.body["data"]["content"]


async def test_a_mention_shows_typing_and_a_cooldown_is_told_privately(live: Live) -> None:
    who = user()
    sent = await live.fake.say(f"<@{BOT_ID}> who voices Jay?", who)
    typing = await live.fake.wait_call("POST", rf"/channels/{CHANNEL_ID}/typing$", sent.at)
    reply = await live.fake.wait_call("POST", rf"/channels/{CHANNEL_ID}/messages$", sent.at)
    assert typing.at <= reply.at
    again = await live.fake.say(f"<@{BOT_ID}> who directed it?", who)
    await live.fake.wait_call("POST", r"/users/@me/channels$", again.at)
    notice = await live.fake.wait_call("POST", rf"/channels/{dm_channel_id(who)}/messages$",
                                       again.at)
    seconds = int(re.fullmatch(r"You can ask again in (\d+) s\.", notice.body["content"])[1])
    assert COOLDOWN - 5 <= seconds <= COOLDOWN
    await asyncio.sleep(0.3)
    public = live.fake.calls_to("POST", rf"/channels/{CHANNEL_ID}/messages$", again.at)
    assert public == []  # nothing in the channel
    dm_user = user()
    dm = await live.fake.say("who voices Jay?", dm_user, dm=True)
    await live.fake.wait_call("POST", rf"/channels/{dm_channel_id(dm_user)}/typing$", dm.at)


async def test_buttons_work_after_a_restart(live: Live, index_dir: Path) -> None:
    _, message = await ask(live, question="who voices Jay?")
    live.stop.set()
    assert await asyncio.wait_for(live.task, 15) == 0
    restarted = await start(live.fake, index_dir)
    live.stop, live.task = restarted.stop, restarted.task
    who = user()
    body = await press(live, message, "up", who)
    assert body["content"] == "Thanks: your \U0001f44d is recorded."
    votes = FeedbackStore(live.settings.discord().feedback_db).export()
    assert any(v["vote"] == "up" and v["question"] == "who voices Jay?" for v in votes)
