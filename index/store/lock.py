"""One build at a time: an OS lock (flock) on DIR/.lock, released by the kernel when the builder
dies, holding who took it for the message a second build prints."""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from reelqa.config.errors import ReelqaError
from reelqa.index.store.versions import LOCK


class IndexBusyError(ReelqaError):
    """Another build holds the index folder's lock."""


@contextmanager
def build_lock(folder: Path) -> Iterator[None]:
    """Hold the build lock of the index folder `folder` (which must exist) for the block.

    Raises IndexBusyError at once, naming the running build, when another process holds it.
    """
    fd = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IndexBusyError(
                f"another build is running on {folder} ({_holder(fd)}); wait for it to finish"
            ) from None
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps({"pid": os.getpid(), "started": stamp}).encode() + b"\n", 0)
        yield
    finally:
        os.close(fd)  # closing releases the lock; the file stays (removing it would race)


def _holder(fd: int) -> str:
    """ "pid 123, started 2026-12-02T07:00:00+00:00" from the lock file, as far as it says."""
    try:
        who = json.loads(os.pread(fd, 4096, 0) or b"{}")
        return f"pid {int(who['pid'])}, started {who['started']}"
    except (OSError, ValueError, KeyError, TypeError):
        return "pid unknown: it is starting"
