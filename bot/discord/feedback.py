"""Answers the bot gave and the votes on them, kept in a SQLite file; users only as salted hashes.

Each answer's context (question, film, answer, passage ids) is stored under a short random key
that its buttons carry in their custom ids, so a button pressed after a restart still finds it.
Plain sqlite3 and short transactions: callers run these methods in a worker thread.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reelqa.config.errors import ReelqaError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    key TEXT PRIMARY KEY, asked_at TEXT NOT NULL, question TEXT NOT NULL, film TEXT,
    answer TEXT, passages TEXT NOT NULL, quoted TEXT NOT NULL, message_id INTEGER);
CREATE INDEX IF NOT EXISTS answers_message ON answers (message_id);
CREATE TABLE IF NOT EXISTS votes (
    key TEXT NOT NULL REFERENCES answers (key), user_hash TEXT NOT NULL, vote TEXT NOT NULL,
    voted_at TEXT NOT NULL, PRIMARY KEY (key, user_hash));
"""


@dataclass(frozen=True)
class AnswerContext:
    """What the bot answered, as its buttons need it."""

    key: str
    question: str
    film: str | None
    answer: str | None  # the short answer or verdict, None when the reviews did not say
    passages: tuple[str, ...]  # passage ids, best first: passage n is rank n + 1
    quoted: tuple[int, ...] = ()  # the ranks of the passages the answer quoted


class FeedbackStore:
    """The feedback database at `path`, with its salt in `<path>.salt` (made once, 0600)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._salt: bytes | None = None

    def remember(self, question: str, film: str | None, answer: str | None,
                 passages: tuple[str, ...], quoted: tuple[int, ...] = ()) -> str:
        """Store an answer about to be sent; returns the key its buttons carry."""
        key = secrets.token_urlsafe(9)
        with self._db() as db:
            db.execute("INSERT INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, NULL)",
                       (key, _now(), question, film, answer, json.dumps(passages),
                        json.dumps(quoted)))
        return key

    def sent(self, key: str, message_id: int) -> None:
        """Record the message that shows the answer (follow-ups reply to it)."""
        with self._db() as db:
            db.execute("UPDATE answers SET message_id = ? WHERE key = ?", (message_id, key))

    def context(self, key: str) -> AnswerContext | None:
        """The answer stored under `key`, if any."""
        with self._db() as db:
            row = db.execute("SELECT key, question, film, answer, passages, quoted FROM answers "
                             "WHERE key = ?", (key,)).fetchone()
        return _context(row) if row else None

    def film_of_message(self, message_id: int) -> str | None:
        """The film of the answer shown in this message (or in the thread opened on it)."""
        with self._db() as db:
            row = db.execute("SELECT film FROM answers WHERE message_id = ?",
                             (message_id,)).fetchone()
        return row[0] if row else None

    def vote(self, key: str, user_id: int, vote: str) -> str | None:
        """Record `vote` ("up" or "down") by a user; returns their previous vote, if any."""
        user = self.user_hash(user_id)
        with self._db() as db:
            before = db.execute("SELECT vote FROM votes WHERE key = ? AND user_hash = ?",
                                (key, user)).fetchone()
            db.execute("INSERT INTO votes VALUES (?, ?, ?, ?) ON CONFLICT (key, user_hash) "
                       "DO UPDATE SET vote = excluded.vote, voted_at = excluded.voted_at",
                       (key, user, vote, _now()))
        return before[0] if before else None

    def export(self) -> list[dict[str, Any]]:
        """Every vote with the answer it is about, oldest first."""
        if not self.path.exists():
            return []
        with self._db() as db:
            rows = db.execute(
                "SELECT v.voted_at, v.vote, v.user_hash, a.asked_at, a.question, a.film, "
                "a.answer, a.passages FROM votes v JOIN answers a ON a.key = v.key "
                "ORDER BY v.voted_at, a.key").fetchall()
        names = ("voted_at", "vote", "user", "asked_at", "question", "film", "answer", "passages")
        return [dict(zip(names, (*row[:-1], json.loads(row[-1])), strict=True)) for row in rows]

    def user_hash(self, user_id: int) -> str:
        """A stable pseudonym for a user: HMAC-SHA256 of the id under this store's salt."""
        digest = hmac.new(self._load_salt(), str(user_id).encode(), hashlib.sha256)
        return digest.hexdigest()[:32]

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=5)
            except (OSError, sqlite3.Error) as exc:
                raise ReelqaError(f"cannot open the feedback database {self.path}") from exc
            try:
                db.executescript(_SCHEMA)
                with db:
                    yield db
            except sqlite3.Error as exc:
                raise ReelqaError(f"cannot use the feedback database {self.path}") from exc
            finally:
                db.close()

    def _load_salt(self) -> bytes:
        if self._salt is None:
            salt_path = self.path.with_name(self.path.name + ".salt")
            try:
                self._salt = bytes.fromhex(salt_path.read_text(encoding="ascii").strip())
            except FileNotFoundError:
                salt_path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(salt_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                self._salt = secrets.token_bytes(32)
                with os.fdopen(fd, "w", encoding="ascii") as out:
                    out.write(self._salt.hex() + "\n")
            except (OSError, ValueError) as exc:
                raise ReelqaError(f"cannot read the feedback salt {salt_path}") from exc
        return self._salt


def _context(row: tuple[Any, ...]) -> AnswerContext:
    return AnswerContext(row[0], row[1], row[2], row[3], tuple(json.loads(row[4])),
                         tuple(json.loads(row[5])))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
