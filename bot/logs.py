"""Logging for the front ends: text or one JSON object per line, secrets redacted, noise dropped."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Libraries that log chatter at INFO (or set their own logger to DEBUG, as bm25s does).
NOISY = ("faiss", "sentence_transformers", "transformers", "urllib3", "asyncio", "bm25s",
         "onnxruntime", "aiohttp.access")


class RedactingFormatter(logging.Formatter):
    """A formatter that replaces every secret in the final text, tracebacks included."""

    def __init__(self, fmt: str, secrets: Iterable[str]) -> None:
        super().__init__(fmt)
        self.secrets = [s for s in secrets if s]

    def format(self, record: logging.LogRecord) -> str:
        return self.redact(super().format(record))

    def redact(self, text: str) -> str:
        """`text` with every secret replaced by [redacted]."""
        for secret in self.secrets:
            text = text.replace(secret, "[redacted]")
        return text


class JsonFormatter(RedactingFormatter):
    """One JSON object per line: time, level, logger, message, the record's `fields` (guild,
    shard, outcome, latency_ms, ... as the caller passes them in `extra={"fields": {...}}`) and
    the traceback when there is one."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__("%(message)s", secrets)

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            entry.update({k: v for k, v in fields.items() if k not in entry})
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return self.redact(json.dumps(entry, ensure_ascii=False, default=str))


class _VoiceNotice(logging.Filter):
    """Drops discord.py's start-up warnings about voice libraries: the bot never uses voice."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "voice will NOT be supported" not in record.getMessage()


def setup_logging(level: str, secrets: Iterable[str], fmt: str = "text") -> None:
    """Log to stderr as text or JSON lines, with the token redacted from every line whoever
    logs it; libraries' chatter only from WARNING up."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(secrets) if fmt == "json"
                         else RedactingFormatter(TEXT_FORMAT, secrets))
    handler.setLevel(level)  # a library that sets its own logger lower stays quiet
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    quiet = max(logging.WARNING, logging.getLevelName(level))
    for noisy in NOISY:
        logging.getLogger(noisy).setLevel(quiet)
    logging.getLogger("discord").setLevel(max(logging.INFO, logging.getLevelName(level)))
    silence_voice_warnings()


def setup_cli_logging(level: str) -> None:
    """For the `reelqa` commands: only warnings and errors of libraries reach stderr, and a
    library that configures logging behind our back (`logging.basicConfig`) finds it done."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.setLevel(max(logging.WARNING, logging.getLevelName(level)))
    root = logging.getLogger()
    if not root.handlers:  # (under pytest its capture handlers are already there)
        root.addHandler(handler)


def silence_voice_warnings() -> None:
    """Drop the "PyNaCl/davey is not installed" warnings discord.py logs on every start."""
    voice = logging.getLogger("discord.client")
    if not any(isinstance(f, _VoiceNotice) for f in voice.filters):
        voice.addFilter(_VoiceNotice())
