"""Bounded reading of corpus files: walked safely, split into records, each size-limited and
decoded on its own, so one bad record is reported (file, true line, reason) and the rest kept.

Limits (documented in corpus/README.md): a review (a JSONL line, a CSV record, a Markdown or
text file) may be at most MAX_REVIEW_BYTES; JSON may nest at most MAX_DEPTH levels. Memory is
bounded by the largest allowed review, not by the size of a file.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import yaml

MAX_REVIEW_BYTES = 1_000_000  # 1 MB: a long review is ~50 KB; a novel is ~1 MB
MAX_DEPTH = 32  # a review record is flat; deeper JSON is an attack or an accident
_SNIFF = 8192
# JSON Lines and CSV are judged line by line: a stray NUL byte costs its line only. A file
# whose first 8 KB are this much NUL (or that opens with a UTF-16/32 byte order mark) is binary
# or UTF-16 through and through, and is skipped whole with one message.
_BINARY_SHARE = 0.1
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff")
_NUL_LINE = "holds a NUL byte (binary data, not text); line skipped"
FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*\n?", re.S | re.M)
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_BRACKETS = re.compile(r"[\[\]{}]")


@dataclass(frozen=True)
class Problem:
    """A record that could not be loaded, with where it is and why."""

    where: str  # "path:line"
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


Record = tuple[str, "dict[str, Any] | Problem"]
# A format's reader (see formats.py): an open file and its display name -> its records.
Reader = Callable[[IO[bytes], str], Iterator[Record]]


def corpus_files(root: Path, notes: list[str], display: Any = str) -> list[Path]:
    """The files under `root` in sorted order, hidden ones left out. Symlinks are followed only
    inside `root`: one leading outside is refused, and loops and broken links are skipped,
    each with a note in `notes`."""
    if root.is_file():
        return [root]
    base = root.resolve()
    found: list[Path] = []
    seen = {base}
    pending = [root]
    while pending:
        folder = pending.pop()
        for entry in sorted(folder.iterdir()):
            if entry.name.startswith("."):
                continue
            rel = display(entry)
            if entry.is_symlink():
                try:
                    target = entry.resolve(strict=True)
                except (OSError, RuntimeError):
                    notes.append(f"{rel} (a symlink loop or a broken symlink)")
                    continue
                if not target.is_relative_to(base):
                    notes.append(f"{rel} (a symlink to {target}, outside the corpus folder: "
                                 "refused)")
                    continue
            if entry.is_dir():
                real = entry.resolve()
                if real in seen:
                    notes.append(f"{rel} (a link back to a folder already read: a loop)")
                    continue
                seen.add(real)
                pending.append(entry)
            elif entry.is_file():
                found.append(entry)
    # A link to a file also read under its own name would index the same review twice.
    by_real: dict[Path, Path] = {}
    for path in sorted(found, key=lambda p: (p.is_symlink(), p)):
        first = by_real.setdefault(path.resolve(), path)
        if first != path:
            notes.append(f"{display(path)} (a link to {display(first)}, read once)")
    return sorted(by_real.values())


def read_records(path: Path, rel: str, read: Reader) -> Iterator[Record]:
    """(where, raw record or Problem) for each review in one file, as its format's `read`
    finds them (see formats.py)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF)
            nul = head.find(b"\0")
            suffix = path.suffix.lower()
            by_line = suffix in (".jsonl", ".csv") and not head.startswith(_WIDE_BOMS) and (
                head.count(b"\0") < _BINARY_SHARE * len(head))
            if nul >= 0 and not by_line:
                line = head[:nul].count(b"\n") + 1
                yield _problem(rel, line, "not UTF-8 text: binary data or UTF-16 (a NUL byte); "
                               "file skipped")
                return
            handle.seek(0)
            yield from read(handle, rel)
    except OSError as exc:
        yield _problem(rel, 1, f"cannot read ({exc.strerror})")


def bounded_lines(
    handle: IO[bytes], limit: int = MAX_REVIEW_BYTES
) -> Iterator[tuple[int, bytes | int]]:
    """(line number, line) for each "\\n"-ended line; an over-long line is not kept: its size
    in bytes is given instead."""
    number = 0
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            size = len(line)
            while line and not line.endswith(b"\n"):
                line = handle.readline(1 << 20)
                size += len(line)
            yield number, size
        else:
            yield number, line


def parse_json_object(raw: bytes) -> dict[str, Any] | str:
    """One JSON object from one line, or the reason it is not one."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"not UTF-8 text (byte {exc.start + 1} of the line)"
    if too_deep(text):
        return f"JSON nested more than {MAX_DEPTH} levels deep"
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        return f"malformed JSON ({exc.msg} at column {exc.colno})"
    except RecursionError:
        return f"JSON nested more than {MAX_DEPTH} levels deep"
    if not isinstance(value, dict):
        return "each line must be a JSON object"
    return value


def too_deep(text: str, limit: int = MAX_DEPTH) -> bool:
    """True when the JSON in `text` nests arrays or objects more than `limit` deep (linear)."""
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for bracket in _BRACKETS.findall(_STRING.sub('""', text)):
        depth += 1 if bracket in "[{" else -1
        if depth > limit:
            return True
    return False


def oversized(size: int) -> str:
    """The reason for a review over the size limit."""
    return (f"review is {size:,} bytes, over the limit of {MAX_REVIEW_BYTES:,} bytes per review "
            "(see corpus/README.md); skipped")


def _problem(rel: str, line: int, reason: str) -> Record:
    where = f"{rel}:{line}"
    return where, Problem(where, reason)


def text_file(handle: IO[bytes], rel: str) -> Iterator[Record]:
    """The one review of a Markdown or text file, with its YAML front matter if any."""
    yield _text(handle, rel)


def _text(handle: IO[bytes], rel: str) -> Record:
    data = handle.read(MAX_REVIEW_BYTES + 1)
    if len(data) > MAX_REVIEW_BYTES:
        handle.seek(0, io.SEEK_END)
        return _problem(rel, 1, oversized(handle.tell()))
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return _problem(rel, line, f"not UTF-8 text (byte {column} of the line)")
    match = FRONT_MATTER.match(content)
    if not match:
        return f"{rel}:1", {"text": content}
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1  # +1 for the opening ---, +1 one-based
        reason = getattr(exc, "problem", None) or "cannot be parsed"
        return _problem(rel, line, f"front matter is not valid YAML: {reason}")
    except RecursionError:
        return _problem(rel, 2, "front matter nested too deep")
    if not isinstance(meta, dict):
        return _problem(rel, 2, "front matter must be a mapping of keys to values")
    return f"{rel}:1", {**meta, "text": content[match.end() :]}


def has_front_matter(path: Path) -> bool:
    """True when the file starts with a YAML front matter fence."""
    with path.open("rb") as handle:
        return handle.read(8).lstrip(b"\xef\xbb\xbf").startswith(b"---")


def _jsonl(handle: IO[bytes], rel: str) -> Iterator[Record]:
    # JSON Lines end at "\n" only: a review's text may hold U+0085 or U+2028 (valid JSON).
    for number, line in bounded_lines(handle):
        if isinstance(line, int):
            yield _problem(rel, number, oversized(line))
            continue
        if number == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")
        if not line.strip():
            continue
        if b"\0" in line:
            yield _problem(rel, number, _NUL_LINE)
            continue
        value = parse_json_object(line.rstrip(b"\r\n"))
        yield (f"{rel}:{number}", value) if isinstance(value, dict) else _problem(rel, number,
                                                                                   value)


def _csv(handle: IO[bytes], rel: str) -> Iterator[Record]:
    csv.field_size_limit(max(csv.field_size_limit(), MAX_REVIEW_BYTES + 1))
    header: list[str] | None = None
    for start, raw in _csv_chunks(handle):
        if isinstance(raw, int):
            yield _problem(rel, start, oversized(raw))
            continue
        if b"\0" in raw:
            yield _problem(rel, start + raw.count(b"\n", 0, raw.index(b"\0")), _NUL_LINE)
            continue
        try:
            text = raw.decode("utf-8-sig" if start == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            line = start + raw.count(b"\n", 0, exc.start)
            yield _problem(rel, line, "not UTF-8 text")
            continue
        try:
            rows = list(csv.reader(io.StringIO(text, newline="")))
        except csv.Error as exc:
            yield _problem(rel, start, f"malformed CSV ({exc})")
            continue
        if not rows or not any(cell.strip() for cell in rows[0]):
            continue
        if header is None:
            header = [name.strip().lower() for name in rows[0]]
            missing = [name for name in ("film", "text") if name not in header]
            if missing:
                yield _problem(rel, start, f"CSV header lacks column(s): {', '.join(missing)}")
                return
            continue
        row = rows[0]
        if len(rows) > 1 or len(row) > len(header):
            yield _problem(rel, start, f"row has more fields than the header's {len(header)}")
            continue
        yield f"{rel}:{start}", dict(zip(header, row, strict=False))


def _csv_chunks(handle: IO[bytes]) -> Iterator[tuple[int, bytes | int]]:
    """(first line, bytes) of each CSV record: a record ends at a line end outside quotes
    (an even count of '"' so far). An over-long record is read to its end but not kept: its
    size is given instead. An unclosed quote at the end is left to the CSV parser to report."""
    parts: list[bytes] = []
    size = quotes = lines = 0
    start = 1
    while piece := handle.readline(1 << 20):  # a line, or a megabyte of one
        if not size:
            start = lines + 1
        quotes += piece.count(b'"')
        size += len(piece)
        if size <= MAX_REVIEW_BYTES:
            parts.append(piece)
        else:
            parts.clear()
        if piece.endswith(b"\n"):
            lines += 1
            if quotes % 2 == 0:
                yield start, b"".join(parts) if size <= MAX_REVIEW_BYTES else size
                parts, size, quotes = [], 0, 0
    if size:
        yield start, b"".join(parts) if size <= MAX_REVIEW_BYTES else size
