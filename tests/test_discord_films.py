"""The real bot against the fake Discord: /film cards, and "did you mean ...?" buttons when a
film name matches none."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from reelqa.index.store.hashing import HashingEmbedder

from tests.fakediscord import Sent
from tests.fakediscord.limits import message_errors
from tests.fakediscord.support import (
    MISCHIEF,
    RATED,
    Live,
    build_discord_index,
    buttons,
    callback_of,
    original_of,
    running_bot,
)

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="module")]
_users = itertools.count(7000)


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    return build_discord_index(tmp_path_factory.mktemp("films") / "index", HashingEmbedder(),
                               [MISCHIEF, *RATED])


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def live(index_dir: Path) -> AsyncIterator[Live]:
    async with running_bot(index_dir, discord_cooldown_seconds=0.0) as running:
        yield running


async def edited(live: Live, sent: Sent) -> dict[str, Any]:
    """The deferred response of an interaction, once edited."""
    call = await live.fake.wait_call("PATCH", original_of(sent), sent.at)
    return call.body


async def test_film_shows_one_card_within_discords_limits(live: Live) -> None:
    sent = await live.fake.slash("film", next(_users), film="static noise")
    call = await live.fake.wait_call("POST", callback_of(sent), sent.at)
    assert call.body["type"] == 5  # deferred: the card is made in a worker thread
    body = await edited(live, sent)
    assert body["content"] == "Film card: **Static Noise (2024)**"
    [embed] = body["embeds"]
    assert embed["title"] == "Static Noise (2024)"
    assert embed["description"].startswith("3 reviews \u00b7 **mixed** (2 positive, 1 negative)")
    assert "**What the reviews conclude**" in embed["description"]
    assert "> (positive) Static Noise is a gripping, funny film. [" in embed["description"]
    assert "> (negative) Static Noise is a dull and silly film, and the ending is a mess. [" \
        in embed["description"]
    assert message_errors({"content": body["content"], "embeds": body["embeds"]}) == {}


async def test_a_misspelt_film_offers_the_closest_titles_as_buttons(live: Live) -> None:
    who = next(_users)
    sent = await live.fake.slash("ask", who, question="who plays the radio host?",
                                 film="Statik Noize")
    call = await live.fake.wait_call("POST", callback_of(sent), sent.at)
    data = call.body["data"]
    assert call.body["type"] == 4 and data["flags"] == 64  # only the asker sees it
    assert data["content"] == "No film called \u201cStatik Noize\u201d is indexed. Did you mean:"
    [row] = data["components"]
    assert [b["label"] for b in row["components"]] == ["Static Noise"]
    offer = live.fake.messages.by_id[live.fake.messages.by_token[sent.token]]
    press = await live.fake.press(offer["id"], buttons(offer)["mean"], who)
    answer = await edited(live, press)
    assert answer["content"].startswith("**Ana Ferro**")  # answered with the film offered


async def test_a_misspelt_film_card_offers_the_film(live: Live) -> None:
    who = next(_users)
    sent = await live.fake.slash("film", who, film="Statc Noise")  # one slip: it is that film
    assert (await edited(live, sent))["content"] == "Film card: **Static Noise (2024)**"
    sent = await live.fake.slash("film", who, film="Statik Noize")  # two: only offered
    call = await live.fake.wait_call("POST", callback_of(sent), sent.at)
    assert call.body["data"]["content"] == (
        "No film called \u201cStatik Noize\u201d is indexed. Did you mean:")
    offer = live.fake.messages.by_id[live.fake.messages.by_token[sent.token]]
    press = await live.fake.press(offer["id"], buttons(offer)["mean"], who)
    body = await edited(live, press)
    assert body["content"] == "Film card: **Static Noise (2024)**"
    sent = await live.fake.slash("film", who, film="Jaws")
    call = await live.fake.wait_call("POST", callback_of(sent), sent.at)
    assert call.body["data"]["content"] == "No film called \u201cJaws\u201d is indexed; " \
        "/films lists them."
