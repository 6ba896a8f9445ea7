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
from tests.fakediscord.support import MISCHIEF, build_discord_index
from tests.fakediscord.thread import FakeDiscordThread

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="module")]
_users = itertools.count(7000)


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def fake(tmp_path_factory) -> AsyncIterator[Any]:
    index_dir = build_discord_index(tmp_path_factory.mktemp("credits") / "index",
                                    HashingEmbedder(), rows=(MISCHIEF, *ENSEMBLE))
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


# A film with a cast too long for one message: its /credits has pages.
_CAST = ["Marta Quill", "Oskar Brenn", "Lidia Vasko", "Tomas Reyne", "Agnes Holloway",
         "Pavel Dorn", "Ines Marlow", "Rufus Achterberg", "Clara Winslow", "Emil Strand",
         "Nadia Orlov", "Felix Amberley", "Greta Solvang", "Hugo Partridge", "Ilse Carrow",
         "Jonas Wetherby"]
_GUESTS = ["Aunt Wilma", "Cousin Teodor", "Uncle Bastian", "Grandma Elke", "Nephew Ruben",
           "Niece Cosima", "Brother Anselm", "Sister Liesl", "Father Konstantin", "Mother Ottilie",
           "Godson Benedikt", "Widow Henrike", "Twin Jakob", "Twin Johanna", "Stepson Leopold",
           "Lawyer Maximilian"]
ENSEMBLE = [{
    "id": f"ensemble-{n}", "film": "The Long Table", "year": 2023,
    "text": f"In The Long Table, {actor} plays {_GUESTS[n - 1]}, one of sixteen relatives who "
            "gather for a reading of a will that nobody in the family has ever been allowed "
            "to see, and who each lie about something before the evening is out.",
} for n, actor in enumerate(_CAST, start=1)]


def callback_of(sent: Any) -> str:
    return rf"/interactions/{sent.id}/{re.escape(sent.token)}/callback$"


async def test_credits_are_private_by_role_cited_and_can_be_posted(fake: Any) -> None:
    sent = await fake.slash("credits", next(_users), film="lost in starlight")
    call = await fake.wait_call("POST", callback_of(sent), sent.at)
    assert call.body["type"] == 4 and call.body["data"]["flags"] == 64  # private first
    content = call.body["data"]["content"]
    assert content.startswith("Credits of **Lost in Starlight** as its reviews state them (")
    assert ("**Voices**\n\u2022 **Hong Kyung** \u2014 voice of Jay \u00b7 1 review\n"
            "> \u201cJay, voiced with quiet heartbreak by Hong Kyung") in content
    assert "\u2022 **Han Ji-won** \u00b7 2 reviews" in content
    assert content.index("**Voices**") < content.index("**Direction**")
    assert "\u2014 lost-in-starlight-celestial-symphony" in content  # each line cites its review
    # the quoted filmmaker and the character's "music" are no credits of the film
    assert "Bong Joon-ho" not in content and "**Jay**" not in content
    assert re.search(r"-# \d+ weaker claims? left out\.$", content)
    assert len(content) <= 2000
    message = fake.messages.by_id[fake.messages.by_token[sent.token]]
    buttons = {b["label"]: b for row in message["components"] for b in row["components"]}
    assert list(buttons) == ["Post"]
    posted = await fake.press(message["id"], buttons["Post"]["custom_id"], next(_users))
    call = await fake.wait_call("POST", callback_of(posted), posted.at)
    assert call.body["type"] == 4 and not call.body["data"].get("flags")  # for all to see
    assert call.body["data"]["content"] == content
    assert not call.body["data"].get("components")


async def test_credits_of_a_long_cast_are_paged(fake: Any) -> None:
    sent = await fake.slash("credits", next(_users), film="The Long Table")
    await fake.wait_call("POST", callback_of(sent), sent.at)
    message = fake.messages.by_id[fake.messages.by_token[sent.token]]
    first = message["content"]
    pages = int(re.search(r"16 credits, page 1 of (\d+)\)", first).group(1))
    assert pages >= 2 and len(first) <= 2000
    more = int(re.search(r"-# (\d+) more credits on the next page", first).group(1))
    assert more == 16 - first.count("\u2022 ")
    pager = {b["label"]: b for row in message["components"] for b in row["components"]}
    assert list(pager) == ["Previous", "Next", "Post"]
    assert pager["Previous"].get("disabled") is True
    turn = await fake.press(message["id"], pager["Next"]["custom_id"], next(_users))
    call = await fake.wait_call("POST", callback_of(turn), turn.at)
    assert call.body["type"] == 7  # the same private message, now page 2
    second = call.body["data"]["content"]
    assert f"page 2 of {pages})" in second and len(second) <= 2000
    names = [n for n in _CAST if f"**{n}**" in first] + [n for n in _CAST if f"**{n}**" in second]
    assert len(names) == len(set(names))  # no credit on two pages


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


