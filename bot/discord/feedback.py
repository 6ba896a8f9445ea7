"""Answers the bot gave, the votes on them and the askers' cooldowns, kept in one SQLite file that
every shard process of the bot shares; users only as salted hashes.

Each answer's context (question, film, answer, passage ids) is stored under a short random key
that its buttons carry in their custom ids, so a button pressed after a restart, or in another
shard's process, still finds it. The file is in WAL mode, so readers never wait for a writer
and several processes can use it at once. The salt of the user hashes is kept inside the
database: losing a file beside it can never make one user's second vote count twice. Plain
sqlite3 and short transactions: callers run these methods in a worker thread.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from reelqa.config.errors import ReelqaError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    key TEXT PRIMARY KEY, asked_at TEXT NOT NULL, question TEXT NOT NULL, film TEXT,
    answer TEXT, passages TEXT NOT NULL, quoted TEXT NOT NULL, message_id INTEGER);
CREATE INDEX IF NOT EXISTS answers_message ON answers (message_id);
CREATE TABLE IF NOT EXISTS votes (
    key TEXT NOT NULL REFERENCES answers (key), user_hash TEXT NOT NULL, vote TEXT NOT NULL,
    voted_at TEXT NOT NULL, PRIMARY KEY (key, user_hash));
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cooldowns (user_hash TEXT PRIMARY KEY, asked_at REAL NOT NULL);
"""
WAIT_SECONDS = 2.0  # how long one call waits for another writer before it counts as locked
Problem = Literal["locked", "damaged", "unopenable"]


class FeedbackError(ReelqaError):
    """The feedback database cannot be used now; `problem` says why: `locked` (another process
    holds it: worth retrying), `damaged` (not a SQLite database, or corrupt) or `unopenable`
    (missing folder, permissions, a read-only disk)."""

    def __init__(self, message: str, problem: Problem) -> None:
        super().__init__(message)
        self.problem = problem


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
    """The feedback database at `path`. `usable` is False after it was found damaged or
    unopenable (a lock is passing, not a fault), and True again once a call succeeds."""

    def __init__(self, path: Path, wait: float = WAIT_SECONDS) -> None:
        self.path = path
        self.wait = wait
        self.usable = True
        self._lock = threading.Lock()
        self._salt: bytes | None = None
        self._ready = False

    def check(self) -> None:
        """Open the database (creating it), and check it is whole; FeedbackError if not."""
        with self._db() as db:
            found = db.execute("PRAGMA quick_check").fetchone()
            if not found or found[0] != "ok":
                raise sqlite3.DatabaseError(f"quick_check: {found[0] if found else 'no answer'}")
        self.user_hash(0)  # the salt is readable (or made now)

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
        with self._db(write=False) as db:
            row = db.execute("SELECT key, question, film, answer, passages, quoted FROM answers "
                             "WHERE key = ?", (key,)).fetchone()
        return _context(row) if row else None

    def film_of_message(self, message_id: int) -> str | None:
        """The film of the answer shown in this message (or in the thread opened on it)."""
        with self._db(write=False) as db:
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

    def claim_turn(self, user_id: int, cooldown: float) -> float:
        """Record that a user asks now, unless they asked within `cooldown` seconds in any
        process sharing this file: 0.0 when recorded, else the seconds left to wait."""
        user, now = self.user_hash(user_id), time.time()
        with self._db() as db:
            row = db.execute("SELECT asked_at FROM cooldowns WHERE user_hash = ?",
                             (user,)).fetchone()
            if row is not None and now - row[0] < cooldown:
                return cooldown - (now - row[0])
            db.execute("INSERT INTO cooldowns VALUES (?, ?) ON CONFLICT (user_hash) "
                       "DO UPDATE SET asked_at = excluded.asked_at", (user, now))
            if secrets.randbelow(200) == 0:  # now and then, forget cooldowns long over
                db.execute("DELETE FROM cooldowns WHERE asked_at < ?", (now - 3600,))
        return 0.0

    def export(self) -> list[dict[str, Any]]:
        """Every vote with the answer it is about, oldest first."""
        if not self.path.exists():
            return []
        with self._db(write=False) as db:
            rows = db.execute(
                "SELECT v.voted_at, v.vote, v.user_hash, a.asked_at, a.question, a.film, "
                "a.answer, a.passages FROM votes v JOIN answers a ON a.key = v.key "
                "ORDER BY v.voted_at, a.key").fetchall()
        names = ("voted_at", "vote", "user", "asked_at", "question", "film", "answer", "passages")
        return [dict(zip(names, (*row[:-1], json.loads(row[-1])), strict=True)) for row in rows]

    def user_hash(self, user_id: int) -> str:
        """A stable pseudonym for a user: HMAC-SHA256 of the id under this database's salt."""
        digest = hmac.new(self._load_salt(), str(user_id).encode(), hashlib.sha256)
        return digest.hexdigest()[:32]

    @contextmanager
    def _db(self, write: bool = True) -> Iterator[sqlite3.Connection]:
        """A transaction: a writing one takes the write lock at once (waiting up to `wait`
        seconds for another writer); a reading one never waits, the file being in WAL mode."""
        try:
            with self._lock:
                try:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                    # Made private before SQLite creates it: it holds questions and the salt.
                    os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600))
                    db = sqlite3.connect(self.path, timeout=self.wait, isolation_level=None)
                except OSError as exc:
                    raise sqlite3.OperationalError(f"unable to open: {exc.strerror}") from exc
                try:
                    if not self._ready:
                        db.execute("PRAGMA journal_mode = WAL")
                        db.executescript(_SCHEMA)
                        self._ready = True
                    db.execute("PRAGMA synchronous = NORMAL")  # WAL: safe, one fsync a checkpoint
                    db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                    try:
                        yield db
                    except BaseException:
                        db.execute("ROLLBACK")
                        raise
                    db.execute("COMMIT")
                finally:
                    db.close()
        except sqlite3.Error as exc:
            problem = _problem(exc)
            if problem != "locked":
                self.usable = False
            raise FeedbackError(_describe(self.path, problem, exc, self.wait), problem) from exc
        self.usable = True

    def _load_salt(self) -> bytes:
        if self._salt is None:
            # A salt file beside the database (the first layout) is adopted, so the user
            # hashes stored before stay the same; from then on the database's copy is used.
            legacy = self.path.with_name(self.path.name + ".salt")
            try:
                offered = legacy.read_text(encoding="ascii").strip()
                bytes.fromhex(offered)
            except (OSError, ValueError):
                offered = secrets.token_bytes(32).hex()
            with self._db() as db:
                db.execute("INSERT INTO meta VALUES ('salt', ?) ON CONFLICT (name) DO NOTHING",
                           (offered,))
                row = db.execute("SELECT value FROM meta WHERE name = 'salt'").fetchone()
            try:
                self._salt = bytes.fromhex(row[0])
            except (TypeError, ValueError) as exc:
                self.usable = False
                raise FeedbackError(f"the feedback database {self.path} is damaged: its salt "
                                    "is not readable", "damaged") from exc
        return self._salt


def _problem(exc: sqlite3.Error) -> Problem:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return "locked"
    if isinstance(exc, sqlite3.OperationalError) and ("unable to open" in text
                                                      or "readonly" in text
                                                      or "disk i/o" in text):
        return "unopenable"
    return "damaged"


def _describe(path: Path, problem: Problem, exc: sqlite3.Error, wait: float) -> str:
    if problem == "locked":
        return f"the feedback database {path} is locked by another process (waited {wait:g} s)"
    if problem == "unopenable":
        return f"the feedback database {path} cannot be opened or written ({exc})"
    return f"the feedback database {path} is damaged ({exc}); move it away to start a new one"


def _context(row: tuple[Any, ...]) -> AnswerContext:
    return AnswerContext(row[0], row[1], row[2], row[3], tuple(json.loads(row[4])),
                         tuple(json.loads(row[5])))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
