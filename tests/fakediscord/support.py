"""Test support for the Discord end-to-end tests: a mischievous review and a tunable encoder."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from reelqa.config.settings import BUNDLED_MODEL, IndexSettings
from reelqa.index.store.build import build_index
from reelqa.index.store.embedding import Embedder

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


def build_discord_index(folder: Path, embedder: Embedder,
                        rows: Sequence[dict[str, object]] = ()) -> Path:
    """An index of the shipped corpus plus MISCHIEF (and `rows`, more reviews), built with
    `embedder`, in `folder`."""
    extra = folder.parent / "extra-corpus"
    extra.mkdir(parents=True, exist_ok=True)
    (extra / "mischief.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in (MISCHIEF, *rows)), encoding="utf-8")
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
