"""`reelqa ask --batch`: one JSON line out per JSONL line in; a bad line costs only itself."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import Any

from reelqa.bot.limits import question_problem
from reelqa.config.errors import ReelqaError
from reelqa.index.ingest.reading import MAX_REVIEW_BYTES, bounded_lines, parse_json_object


def ask_batch(engine: Any, source: str, top_k: int | None) -> int:
    """One JSON line per input line; a bad line gives an error object and a non-zero exit, and
    the other lines are still answered."""
    failures = 0
    for number, request in batch_lines(source):
        try:
            if isinstance(request, str):
                raise ReelqaError(request)
            question, film = request.get("question"), request.get("film")
            if not isinstance(question, str) or not question.strip():
                raise ReelqaError('each line needs {"question": "..."}')
            if problem := question_problem(question):
                raise ReelqaError(problem)
            if film is not None and not isinstance(film, str):
                raise ReelqaError('"film" must be a string')
            answer = engine.ask(question, film=film, top_k=top_k)
            result: dict[str, Any] = answer.to_dict()
        except ReelqaError as exc:
            failures += 1
            print(f"reelqa: {source}:{number}: {exc}", file=sys.stderr)
            result = {"line": number, "error": str(exc)}
        print(json.dumps(result, ensure_ascii=False), flush=True)
    return 1 if failures else 0


def batch_lines(source: str) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """(line number, request or the reason it is not one) for each non-blank line, read as
    bytes so that one line of bad UTF-8 or deep JSON costs only itself."""
    try:
        handle = sys.stdin.buffer if source == "-" else open(source, "rb")  # noqa: SIM115
    except OSError as exc:
        raise ReelqaError(f"cannot read {source}: {exc.strerror}") from exc
    with handle:
        for number, line in bounded_lines(handle):
            if isinstance(line, int):
                yield number, f"line is {line:,} bytes, over the limit of {MAX_REVIEW_BYTES:,}"
            elif line.strip():
                yield number, parse_json_object(line.rstrip(b"\r\n"))
