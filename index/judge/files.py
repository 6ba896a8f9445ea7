"""The judges' trained weights on disk: NAME.json (metadata) beside NAME.npy (float32)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from reelqa.config.errors import ReelqaError

WEIGHTS = Path(__file__).resolve().parent / "weights"
T = TypeVar("T")


def read_head(folder: Path, name: str, build: Callable[[dict[str, Any], np.ndarray], T]) -> T:
    """`build(metadata, weights)` from `folder`/NAME.json and .npy (never pickle); any missing
    file or field becomes one ReelqaError naming the folder and the script that writes it."""
    try:
        meta = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        weights = np.load(folder / f"{name}.npy", allow_pickle=False).astype(np.float32)
        head = build(meta, weights)
        dimension = int(meta["dimension"])
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise ReelqaError(f"the {name} in {folder} cannot be read ({type(exc).__name__}: "
                          f"{exc}); reinstall reelqa or rerun benchmarks/judge_"
                          f"{name.split('_')[0]}.py --write") from exc
    if weights.shape != (dimension,):
        raise ReelqaError(f"the {name} in {folder} has {weights.shape} weights for "
                          f"dimension {dimension}")
    return head
