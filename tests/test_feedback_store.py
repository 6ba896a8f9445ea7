"""The feedback database: the salt kept inside it, WAL across processes, errors that say what is
wrong, and cooldowns shared by every process that uses the file."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from reelqa.bot.discord.feedback import FeedbackError, FeedbackStore


def test_a_lost_salt_file_cannot_make_a_second_vote_count(tmp_path: Path) -> None:
    path = tmp_path / "fb.sqlite3"
    first = FeedbackStore(path)
    key = first.remember("who voices Jay?", "Lost in Starlight", "Hong Kyung", ("a#0",))
    first.vote(key, 42, "up")
    for stray in tmp_path.glob("*.salt"):  # whatever sits beside the database may be lost
        stray.unlink()
    again = FeedbackStore(path)
    assert again.vote(key, 42, "up") == "up"  # the same user, recognised
    assert len(again.export()) == 1


def test_a_salt_file_of_the_first_layout_is_adopted(tmp_path: Path) -> None:
    path = tmp_path / "fb.sqlite3"
    (tmp_path / "fb.sqlite3.salt").write_text("ab" * 32 + "\n")
    import hashlib
    import hmac

    expected = hmac.new(bytes.fromhex("ab" * 32), b"7", hashlib.sha256).hexdigest()[:32]
    assert FeedbackStore(path).user_hash(7) == expected
    (tmp_path / "fb.sqlite3.salt").unlink()
    assert FeedbackStore(path).user_hash(7) == expected


def test_the_database_is_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "fb.sqlite3"
    FeedbackStore(path).check()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_errors_say_whether_the_file_is_locked_damaged_or_unopenable(tmp_path: Path) -> None:
    path = tmp_path / "fb.sqlite3"
    store = FeedbackStore(path, wait=0.2)
    store.check()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    with pytest.raises(FeedbackError) as locked:
        store.vote("k", 1, "up")
    holder.execute("ROLLBACK")
    holder.close()
    assert locked.value.problem == "locked" and store.usable
    assert str(locked.value) == (f"the feedback database {path} is locked by another process "
                                 "(waited 0.2 s)")

    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"this is not a database" * 100)
    broken = FeedbackStore(damaged)
    with pytest.raises(FeedbackError) as bad:
        broken.check()
    assert bad.value.problem == "damaged" and not broken.usable
    assert str(bad.value).startswith(f"the feedback database {damaged} is damaged (file is not "
                                     "a database)")

    blocked = tmp_path / "a-file" / "fb.sqlite3"
    blocked.parent.write_text("a file where a folder should be")
    nowhere = FeedbackStore(blocked)
    with pytest.raises(FeedbackError) as unopenable:
        nowhere.check()
    assert unopenable.value.problem == "unopenable" and not nowhere.usable
    assert str(unopenable.value).startswith(f"the feedback database {blocked} cannot be opened")


def test_cooldowns_are_shared_by_processes_using_the_file(tmp_path: Path) -> None:
    path = tmp_path / "fb.sqlite3"
    store = FeedbackStore(path)
    assert store.claim_turn(5, 30.0) == 0.0
    other = textwrap.dedent(f"""
        from pathlib import Path
        from reelqa.bot.discord.feedback import FeedbackStore
        store = FeedbackStore(Path({str(path)!r}))
        print(store.claim_turn(5, 30.0), store.claim_turn(6, 30.0))
    """)
    done = subprocess.run([sys.executable, "-c", other], capture_output=True, text=True,
                          timeout=60, check=True)
    left, fresh = (float(x) for x in done.stdout.split())
    assert 25.0 < left <= 30.0 and fresh == 0.0
    assert 0.0 < store.claim_turn(6, 30.0) <= 30.0  # the other process's claim is seen here
    assert store.claim_turn(6, 0.0) == 0.0
