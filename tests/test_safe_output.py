"""Safe output: escapes from the corpus, file names and questions are neutralised, and every
expected failure is one line (no traceback): bad manifests, bad content with good checksums,
a non-UTF-8 .env, a closed pipe, an unreachable Discord."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from reelqa.bot.cli import main
from reelqa.bot.terminal.safe import clean
from reelqa.config.errors import ReelqaError
from reelqa.config.settings import load_settings
from reelqa.index.store.folder import sha256
from reelqa.index.store.hashing import HASHING_MODEL
from reelqa.index.store.meta import SENTENCE_ROW
from reelqa.index.store.versions import resolve

from tests.cli_support import isolate, run
from tests.conftest import ROOT

FILMS = ROOT / "tests" / "data" / "films"
RAW = ("\x1b", "\x07", "\x9b", "\x08", "\u202e")


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    isolate(monkeypatch, tmp_path)


def raw_free(text: str) -> bool:
    return not any(c in text for c in RAW)


def test_clean_writes_visible_escapes_and_keeps_text() -> None:
    assert clean("a\x1b[2Jb\tc\nd\x9be\u202ef") == "a\\u001b[2Jb\tc\nd\\u009be\\u202ef"
    assert clean("caf\u00e9 \u2014 \u3042") == "caf\u00e9 \u2014 \u3042"
    assert json.loads(clean(json.dumps({"t": "x\x9by"}, ensure_ascii=False))) == {"t": "x\x9by"}


def test_escapes_in_files_films_authors_and_questions_never_reach_the_terminal(capsys) -> None:
    corpus = Path("c")
    corpus.mkdir()
    review = {"film": "Evil\x1b]0;pwned\x07", "author": "Ann\x9b31m", "text":
              "Evil\x1b]0;pwned\x07 is a film. The villain is played by Kim\x1b[2J Lee. " * 3}
    (corpus / "evil\x1b[2J.jsonl").write_text(json.dumps(review) + "\n{bad\n")
    (corpus / "x\x1b[2J.pdf").write_text("%PDF")
    code, out, err = run(capsys, "index", "build", "--corpus", "c", "--index", "idx")
    assert code == 0 and raw_free(out + err)
    assert "note: skipped c/x\\u001b[2J.pdf (not .md, .txt, .jsonl or .csv)" in err
    assert "skipped: c/evil\\u001b[2J.jsonl:2: malformed JSON" in err
    code, out, err = run(capsys, "ask", "who\x1b[2J is the villain?", "--index", "idx")
    assert code == 0 and raw_free(out + err)
    assert out.startswith("Question: who\\u001b[2J is the villain?\n")
    # ingest reads the C1 byte 0x9b as the cp1252 character it was; ESC is shown escaped
    assert "Kim\\u001b[2J Lee" in out and "Ann\u203a31m" in out
    code, out, _ = run(capsys, "ask", "who is the villain?", "--json", "--index", "idx")
    assert raw_free(out)
    assert json.loads(out)["passages"][0]["author"] == "Ann\u203a31m"  # same data, safely written
    code, out, _ = run(capsys, "films", "--index", "idx")
    assert out == "Evil\\u001b]0;pwned\\u0007  \u2014  1 review (1 negative), 1 passage\n"


def _tamper(folder: Path, name: str, content: bytes) -> None:
    """Replace a file of the live version and fix its checksum, as a careless tool would."""
    version = resolve(folder)
    (version / name).write_bytes(content)
    manifest = json.loads((version / "manifest.json").read_text())
    manifest["files"][name] = sha256(version / name)
    (version / "manifest.json").write_text(json.dumps(manifest))


@pytest.fixture
def idx(capsys, tmp_path) -> Path:
    assert run(capsys, "index", "build", "--corpus", str(FILMS), "--index", "idx")[0] == 0
    return tmp_path / "idx"


@pytest.mark.parametrize(("manifest", "reason"), [
    ([1, 2], "a JSON list, not an object"),
    ({"format": 2, "model": {"name": HASHING_MODEL, "dimension": 64}, "counts": {}},
     "no 'files'"),
    ({"format": 2, "files": {}, "counts": {}}, "no 'model'"),
    ({"format": 2, "model": "x", "files": {}, "counts": {}}, "'model' needs a name and a dimension"),
    ({"format": 2, "model": {"name": "m", "dimension": 1}, "counts": {}, "files": {"../x": "0"}},
     "file name '../x' leaves the index folder"),
])
def test_a_bad_manifest_is_one_line(capsys, idx, manifest, reason) -> None:
    (resolve(idx) / "manifest.json").write_text(json.dumps(manifest))
    for argv in (["films"], ["ask", "who?"], ["index", "verify"], ["index", "info"]):
        code, out, err = run(capsys, *argv, "--index", "idx")
        assert (code, out) == (1, "")
        assert re.fullmatch(rf"reelqa: error: index at idx(/{resolve(idx).name})? has a bad "
                            rf"manifest.json \({re.escape(reason)}\); run `reelqa index build`\n",
                            err), err


def _npy(table: np.ndarray) -> bytes:
    out = io.BytesIO()
    np.save(out, table, allow_pickle=False)
    return out.getvalue()


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("passages.npy", _npy(np.array([[99, 0, 0, 1]], dtype=np.int32)),
     "passages.npy refers to an unknown record: IndexError"),
    ("vectors.faiss", b"IxF2 not a faiss index at all", "the vectors cannot be read"),
    ("reviews.records", b'["a list"]\n', "reviews.records cannot be read: ValueError"),
    ("sentences.npy", _npy(np.array([(0, 5, 999, 1)], dtype=SENTENCE_ROW)),
     "sentences.npy refers to an unknown"),
])
def test_bad_content_with_matching_checksums_is_one_line(capsys, idx, name, content,
                                                         reason) -> None:
    _tamper(idx, name, content)
    code, out, err = run(capsys, "index", "verify", "--index", "idx")
    assert (code, out) == (1, "") and reason in err and err.count("\n") == 1
    code, out, err = run(capsys, "ask", "who plays Hanna?", "--index", "idx")
    assert (code, out) == (1, "") and reason in err and err.count("\n") == 1


def test_verify_passes_a_whole_index_and_names_a_count_mismatch(capsys, idx) -> None:
    code, out, _ = run(capsys, "index", "verify", "--index", "idx")
    assert code == 0 and out.startswith("index at idx is whole: version v-")
    version = resolve(idx)
    manifest = json.loads((version / "manifest.json").read_text())
    manifest["counts"]["reviews"] = 5
    (version / "manifest.json").write_text(json.dumps(manifest))
    code, _, err = run(capsys, "index", "verify", "--index", "idx")
    assert code == 1 and err == ("reelqa: error: index at idx is damaged: the manifest counts "
                                 "5 reviews, the files hold 4\n")


def test_a_non_utf8_env_file_is_one_line(capsys, idx) -> None:
    Path(".env").write_bytes(b"REELQA_TOP_K=3\nREELQA_LOG_LEVEL=caf\xe9\n")
    code, out, err = run(capsys, "films", "--index", "idx")
    assert (code, out) == (1, "")
    assert err == ("reelqa: error: cannot read .env: it is not UTF-8 text (byte 36); "
                   "save it as UTF-8\n")


def test_a_closed_pipe_ends_quietly(idx) -> None:
    corpus = Path("many")
    corpus.mkdir()
    with (corpus / "r.jsonl").open("w") as out:
        for n in range(3000):
            out.write(json.dumps({"film": f"Film {n}", "text": f"A tense heist, take {n}."}) + "\n")
    assert main(["index", "build", "--corpus", "many", "--index", "big"]) == 0
    # 3,000 lines, over 64 KB: more than a pipe holds, so the writer meets the closed end
    env = {**os.environ, "REELQA_EMBEDDING_MODEL": HASHING_MODEL}
    proc = subprocess.Popen([str(Path(sys.executable).parent / "reelqa"), "films", "--index", "big"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()  # like `| head -c 10`
    err = proc.stderr.read().decode()
    assert proc.wait(30) == 141 and err == ""


def test_unreachable_discord_is_one_log_line(caplog, idx) -> None:
    from reelqa.bot.discord.run import serve
    from reelqa.index.engine import open_engine

    settings = load_settings(index_dir=idx, discord_token="a.b.c",
                             discord_api_base="http://127.0.0.1:9/api/v10",
                             discord_gateway_url="ws://127.0.0.1:9",
                             discord_state_file=idx.parent / "sync.json")
    engine = open_engine(settings)
    with caplog.at_level(logging.INFO), pytest.raises(ReelqaError, match=(
            r"^cannot reach Discord at http://127.0.0.1:9/api/v10 \(Connect call failed")):
        asyncio.run(serve(engine, settings.discord(), handle_signals=False))
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and errors[0].exc_info is None
    assert errors[0].getMessage().startswith("cannot reach Discord at http://127.0.0.1:9/api/v10")
    assert "\n" not in errors[0].getMessage()
