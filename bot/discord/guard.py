"""Admission control for questions (per-user cooldown, in-flight cap) and command-sync state."""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger("reelqa.discord")


@dataclass(frozen=True)
class Refusal:
    """Why a question is not taken now, and after how many whole seconds to try again."""

    reason: str  # "cooldown", "busy" or "stopping"
    retry_after: int
    first: bool = True  # False for a user already told during this cooldown: one notice a burst

    def message(self) -> str:
        """The short text the user sees."""
        if self.reason == "stopping":
            return "The bot is restarting; try again in a minute."
        if self.reason == "cooldown":
            return f"You can ask again in {self.retry_after} s."
        return f"I'm answering other questions; try again in {self.retry_after} s."


class Guard:
    """Admits a question unless its user asked within `cooldown` seconds or `cap` questions
    are already in flight. Not thread-safe: use it from the event loop only."""

    def __init__(
        self, cooldown: float, cap: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.cooldown = cooldown
        self.cap = cap
        self.clock = clock
        self.in_flight = 0
        self.stopping = False
        self._last: dict[int, float] = {}
        self._told: dict[int, float] = {}  # user -> the cooldown start they were told about
        self._durations: list[float] = []

    def admit(self, user_id: int) -> Refusal | None:
        """None and one more question in flight when admitted, else the Refusal to show."""
        now = self.clock()
        if self.stopping:
            return Refusal("stopping", 60)
        last = self._last.get(user_id)
        if last is not None and now - last < self.cooldown:
            return self._cooling(user_id, last, now)
        if self.in_flight >= self.cap:
            return Refusal("busy", max(1, math.ceil(self._typical_duration())))
        self._last[user_id] = now
        self.in_flight += 1
        if len(self._last) > 10_000:  # forget users whose cooldown is long over
            self._last = {u: t for u, t in self._last.items() if now - t < self.cooldown}
            self._told = {u: t for u, t in self._told.items() if u in self._last}
        return None

    def asked_elsewhere(self, user_id: int, left: float) -> Refusal:
        """Undo an admission because the user asked in another process `left` seconds before
        their cooldown ends there (see FeedbackStore.claim_turn)."""
        self.in_flight = max(self.in_flight - 1, 0)
        now = self.clock()
        self._last[user_id] = now - max(self.cooldown - left, 0.0)
        return self._cooling(user_id, self._last[user_id], now)

    def _cooling(self, user_id: int, last: float, now: float) -> Refusal:
        first = self._told.get(user_id) != last
        self._told[user_id] = last
        return Refusal("cooldown", max(1, math.ceil(self.cooldown - (now - last))), first)

    def release(self, seconds: float) -> None:
        """One admitted question is done after `seconds`."""
        self.in_flight = max(self.in_flight - 1, 0)
        self._durations = [*self._durations[-19:], seconds]

    def _typical_duration(self) -> float:
        if not self._durations:
            return 2.0
        return sorted(self._durations)[len(self._durations) // 2]


def commands_hash(payload: Any) -> str:
    """A stable hash of command definitions (as sent to Discord) and where they are synced."""
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class SyncState:
    """The hash of the last synced command definitions, per application, in a small JSON file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def is_current(self, application_id: int, digest: str) -> bool:
        """True when these definitions were synced for this application before."""
        return self._read().get(str(application_id)) == digest

    def remember(self, application_id: int, digest: str) -> None:
        """Record a successful sync; a failure to write is logged, not fatal."""
        data = self._read()
        data[str(application_id)] = digest
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError as exc:
            log.warning("cannot save the command sync state to %s: %s", self.path, exc.strerror)
