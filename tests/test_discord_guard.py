"""Admission control, command-sync state and log redaction, without Discord."""

from __future__ import annotations

import logging
from pathlib import Path

from reelqa.bot.discord.guard import Guard, SyncState, commands_hash
from reelqa.bot.logs import RedactingFormatter


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_cooldown_is_per_user_and_says_when_to_retry() -> None:
    clock = Clock()
    guard = Guard(cooldown=10.0, cap=5, clock=clock)
    assert guard.admit(1) is None
    guard.release(0.5)
    clock.now += 2.5
    refusal = guard.admit(1)
    assert refusal is not None and refusal.reason == "cooldown" and refusal.retry_after == 8
    assert refusal.message() == "You can ask again in 8 s."
    assert guard.admit(2) is None  # another user is not held back
    clock.now += 7.5
    assert guard.admit(1) is None


def test_in_flight_cap_refuses_until_one_finishes() -> None:
    guard = Guard(cooldown=0.0, cap=2, clock=Clock())
    assert guard.admit(1) is None and guard.admit(2) is None
    refusal = guard.admit(3)
    assert refusal is not None and refusal.reason == "busy" and refusal.retry_after >= 1
    guard.release(3.2)
    assert guard.in_flight == 1
    assert guard.admit(3) is None
    refusal = guard.admit(4)
    assert refusal is not None and refusal.retry_after == 4  # from how long questions take


def test_stopping_refuses_everyone() -> None:
    guard = Guard(cooldown=0.0, cap=2, clock=Clock())
    guard.stopping = True
    refusal = guard.admit(1)
    assert refusal is not None and refusal.reason == "stopping" and guard.in_flight == 0


def test_sync_state_remembers_per_application(tmp_path: Path) -> None:
    state = SyncState(tmp_path / "state" / "discord-commands.json")
    digest = commands_hash({"commands": [{"name": "ask"}], "guilds": []})
    assert not state.is_current(1, digest)
    state.remember(1, digest)
    assert state.is_current(1, digest)
    assert not state.is_current(2, digest)
    changed = commands_hash({"commands": [{"name": "ask", "description": "new"}], "guilds": []})
    assert changed != digest and not state.is_current(1, changed)
    assert commands_hash({"guilds": [], "commands": [{"name": "ask"}]}) == digest  # key order


def test_sync_state_survives_a_corrupt_or_unwritable_file(tmp_path: Path, caplog) -> None:
    path = tmp_path / "state.json"
    path.write_text("{not json", encoding="utf-8")
    assert not SyncState(path).is_current(1, "x")
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        SyncState(blocked / "state.json").remember(1, "x")  # parent is a file: cannot write
    assert "cannot save the command sync state" in caplog.text


def test_log_formatter_redacts_the_token_even_in_tracebacks() -> None:
    token = "MTIz.secret-token.value"
    formatter = RedactingFormatter("%(message)s", [token])
    try:
        raise RuntimeError(f"failed with {token}")
    except RuntimeError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "token %s", (token,),
                                   sys.exc_info())
    text = formatter.format(record)
    assert token not in text and "[redacted]" in text and "RuntimeError" in text


def test_a_burst_is_told_about_its_cooldown_once() -> None:
    clock = Clock()
    guard = Guard(cooldown=5.0, cap=5, clock=clock)
    assert guard.admit(1) is None
    refusals = []
    for _ in range(29):  # 30 mentions in 5 s
        clock.now += 0.15
        refusals.append(guard.admit(1))
    assert all(r is not None and r.reason == "cooldown" for r in refusals)
    assert [r.first for r in refusals if r is not None].count(True) == 1
    clock.now += 1.0
    guard.release(0.1)
    assert guard.admit(1) is None  # the next burst ...
    clock.now += 0.1
    again = guard.admit(1)
    assert again is not None and again.first  # ... is told again, once


def test_a_question_asked_in_another_process_counts_for_the_cooldown() -> None:
    clock = Clock()
    guard = Guard(cooldown=10.0, cap=1, clock=clock)
    assert guard.admit(1) is None and guard.in_flight == 1
    refusal = guard.asked_elsewhere(1, left=6.0)
    assert guard.in_flight == 0  # the slot is given back
    assert refusal.reason == "cooldown" and refusal.retry_after == 6 and refusal.first
    clock.now += 1.0
    later = guard.admit(1)
    assert later is not None and later.retry_after == 5 and not later.first
