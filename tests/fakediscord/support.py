"""Test support for the Discord end-to-end tests: a mischievous review and a tunable encoder."""

from __future__ import annotations

import asyncio
import json
import re
import socket
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from reelqa.config.settings import BUNDLED_MODEL, IndexSettings, load_settings
from reelqa.index.store.build import build_index
from reelqa.index.store.embedding import Embedder
from reelqa.index.store.hashing import HashingEmbedder

from tests.fakediscord.server import TOKEN, Sent

ROOT = Path(__file__).resolve().parents[2]

# A review written to break a careless bot: mentions, Markdown, a masked link, a code fence.
MISCHIEF = {
    "id": "static-noise-mischief",
    "film": "Static Noise",
    "year": 2024,
    "title": "Static Noise: **loud** and <@&1>",
    "author": "@everyone",
    "source": "Mischief Weekly",
    "url": "https://example.org/reviews/static-noise?a=1&b=2",
    "date": "2024-11-02",
    "text": (
        "Static Noise follows a late-night radio host named Mira Oduya who reads listener "
        "letters on air. When she shouts @everyone and @here into the microphone, the whole "
        "town of Vell answers, and a caller signing as <@&1> and <@123456789> confesses a "
        "secret. The critic calls the ending ||a twist you will see coming|| and ~~a mess~~, "
        "and quotes the credits: ```rm -rf /``` [click here](https://evil.example/phish). "
        "The radio host is played by Ana Ferro."
    ),
}

# Two rated reviews of the same film: one favourable, one not (with a spoiler warning).
RATED = [
    {"id": "static-noise-rated-1", "film": "Static Noise", "year": 2024, "rating": "8/10",
     "title": "Tuning in", "text": "Static Noise is a gripping, funny film. Ana Ferro is superb "
     "as the radio host. Spoilers ahead: the caller turns out to be Mira herself."},
    {"id": "static-noise-rated-2", "film": "Static Noise", "year": 2024, "rating": "2/10",
     "text": "Static Noise is a dull and silly film, and the ending is a mess."},
]

# Fifteen small films, so the film list has two pages.
FILLER = [{"id": f"filler-{n:02d}", "film": f"Filler Film {n:02d}", "year": 2000 + n,
           "text": f"Filler Film {n:02d} is a quiet drama about a beekeeper."} for n in range(15)]


def build_discord_index(folder: Path, embedder: Embedder,
                        rows: Sequence[dict[str, Any]] = (MISCHIEF,)) -> Path:
    """An index of the shipped corpus plus `rows` (reviews; MISCHIEF by default), built with
    `embedder`, in `folder`."""
    extra = folder.parent / "extra-corpus"
    extra.mkdir(parents=True, exist_ok=True)
    (extra / "reviews.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows),
                                         encoding="utf-8")
    build_index(
        IndexSettings(corpus_dirs=(ROOT / "corpus", extra), index_dir=folder,
                      embedding_model=BUNDLED_MODEL, batch_size=32),
        embedder=embedder,
    )
    return folder


class TunableEmbedder:
    """An embedder, made slow (`delay` seconds per call) or failing (`fail`) on demand."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension
        self.delay = 0.0
        self.fail: BaseException | None = None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if self.fail is not None:
            raise self.fail
        if self.delay:
            time.sleep(self.delay)  # blocks its thread, as a slow model on a busy CPU would
        return self.inner.encode(texts)


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now (for the bot's metrics endpoint in a test)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def scrape(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Prometheus text as {(sample name, sorted labels): value}."""
    from prometheus_client.parser import text_string_to_metric_families

    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def callback_of(sent: Sent) -> str:
    """The path of an interaction's first response."""
    return rf"/interactions/{sent.id}/{re.escape(sent.token)}/callback$"


def original_of(sent: Sent) -> str:
    """The path of edits of an interaction's (deferred) response."""
    return rf"/webhooks/\d+/{re.escape(sent.token)}/messages/@original$"


def buttons(message: dict[str, Any]) -> dict[str, str]:
    """action -> custom id of each button on a message payload."""
    return {b["custom_id"].split(":")[1]: b["custom_id"] for row in message["components"]
            for b in row["components"]}


@dataclass
class Live:
    """A bot running on the test's loop against `fake`: stop it with `stop`, await `task`."""

    fake: Any
    settings: Any
    engine: Any
    stop: asyncio.Event
    task: asyncio.Task[int]


async def start_live(fake: Any, index_dir: Path, **settings: Any) -> Live:
    """Serve the bot (the stand-in embedder, made slow or failing on demand) over `index_dir`
    against `fake`, with `settings` over the defaults; returns once it is connected."""
    from reelqa.bot.discord.run import serve
    from reelqa.index.engine import open_engine

    loaded = load_settings(**({
        "index_dir": index_dir, "discord_token": TOKEN, "discord_api_base": fake.api_base,
        "discord_gateway_url": fake.gateway_url, "discord_state_file": index_dir.parent / "s.json",
        "discord_shutdown_grace_seconds": 1.0} | settings))
    engine = open_engine(loaded, embedder=TunableEmbedder(HashingEmbedder()))
    stop = asyncio.Event()
    task = asyncio.create_task(serve(engine, loaded.discord(), stop=stop, handle_signals=False))
    await fake.wait_connected(20)
    return Live(fake, loaded, engine, stop, task)


@asynccontextmanager
async def running_bot(index_dir: Path, **settings: Any) -> AsyncIterator[Live]:
    """A fake Discord on its own thread and the bot (`start_live`) against it; on leaving, the
    bot must stop cleanly (exit 0)."""
    from tests.fakediscord.thread import FakeDiscordThread

    server = FakeDiscordThread()
    live = await start_live(server.start(), index_dir, **settings)
    try:
        yield live
    finally:
        live.stop.set()
        code = await asyncio.wait_for(live.task, 15)
        server.stop()
        assert code == 0
