"""The `reelqa` command as the CLI tests drive it: in a clean environment, output captured."""

from __future__ import annotations

import os

from reelqa.bot.cli import main
from reelqa.index.store.hashing import HASHING_MODEL


def isolate(monkeypatch, tmp_path) -> None:
    """No REELQA_* or token from the caller's environment; the stand-in model; cwd tmp_path."""
    for name in list(os.environ):
        if name.startswith("REELQA_") or name == "DISCORD_TOKEN":
            monkeypatch.delenv(name)
    monkeypatch.setenv("REELQA_EMBEDDING_MODEL", HASHING_MODEL)
    monkeypatch.chdir(tmp_path)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """`reelqa *argv`: its exit code, stdout and stderr."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err
