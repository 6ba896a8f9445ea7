"""Fixed-width codes in an .npy file, read a few rows at a time with `os.pread`.

The 4-bit codes of a large index (192 bytes a sentence, 816 MB at a million passages) stay on
disk: a question reads the few hundred rows it re-ranks or the rows of one film, so serving
memory does not grow with the corpus, and no page of the file is mapped into the process.
The codes of a smaller index (under 12 MB) may be read whole instead (`in_memory`): a question
then re-ranks hundreds of rows without a read call each.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np

READ_RUN = 16_384  # rows read at once when a run of consecutive rows is long


def write_codes(path: Path, source: Path, rows: int, width: int) -> Path:
    """Write `path` as an .npy of `rows` x `width` uint8, its data copied from the raw file
    `source` (the build's scratch file); returns `path`."""
    with path.open("wb") as out:
        np.lib.format.write_array_header_1_0(
            out, {"descr": "|u1", "fortran_order": False, "shape": (rows, width)})
        with source.open("rb") as raw:
            shutil.copyfileobj(raw, out, 1 << 22)
    return path


class CodeFile:
    """The rows of a uint8 .npy matrix, read on demand (or all at once, `in_memory`); threads
    may share it (`pread`)."""

    def __init__(self, path: Path, in_memory: bool = False) -> None:
        with path.open("rb") as handle:
            version = np.lib.format.read_magic(handle)
            read = np.lib.format.read_array_header_1_0 if version == (1, 0) else \
                np.lib.format.read_array_header_2_0
            shape, fortran, dtype = read(handle)
            self._offset = handle.tell()
        if dtype != np.uint8 or fortran or len(shape) != 2:
            raise ValueError(f"{path.name} is not a matrix of bytes")
        self.path = path
        self.size, self.width = int(shape[0]), int(shape[1])
        fd = os.open(path, os.O_RDONLY)
        if os.fstat(fd).st_size != self._offset + self.size * self.width:
            os.close(fd)
            raise ValueError(f"{path.name} is cut short")
        self._fd: int | None = fd
        self._all: np.ndarray | None = None
        if in_memory:
            self._all = self.range(0, self.size)
            self._fd = None
            os.close(fd)

    @property
    def in_memory(self) -> bool:
        """Whether every row was read at once."""
        return self._all is not None

    def range(self, start: int, stop: int) -> np.ndarray:
        """Rows start..stop-1."""
        count = max(0, stop - start)
        if self._all is not None:
            return self._all[start : start + count]
        assert self._fd is not None
        data = os.pread(self._fd, count * self.width, self._offset + start * self.width)
        return np.frombuffer(data, dtype=np.uint8).reshape(count, self.width)

    def rows(self, rows: np.ndarray) -> np.ndarray:
        """The given rows, in the given order; consecutive rows are read in one call."""
        rows = np.asarray(rows, dtype=np.int64).reshape(-1)
        if not len(rows):
            return np.zeros((0, self.width), np.uint8)
        if rows.min() < 0 or rows.max() >= self.size:
            raise IndexError("a row past the end of the codes")
        if self._all is not None:
            return self._all[rows]
        order = np.argsort(rows, kind="stable")
        ordered = rows[order]
        breaks = np.flatnonzero(np.diff(ordered) > 1) + 1
        out = np.empty((len(rows), self.width), np.uint8)
        at = 0
        for run in np.split(ordered, breaks):
            first, last = int(run[0]), int(run[-1]) + 1
            block = self.range(first, last)
            out[order[at : at + len(run)]] = block[run - first]
            at += len(run)
        return out

    def blocks(self, size: int = READ_RUN):
        """(start, rows) of every block of `size` rows, in order."""
        for start in range(0, self.size, size):
            yield start, self.range(start, min(self.size, start + size))

    def __del__(self) -> None:
        fd = getattr(self, "_fd", None)
        if fd is not None:
            os.close(fd)
