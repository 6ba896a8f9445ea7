"""The `reelqa` command line: main([...]) in process, and the installed script once.

In process, the settings choose the `reelqa/hashing` stand-in model (REELQA_EMBEDDING_MODEL),
as a user would choose a model; the installed script runs once with the real bundled model.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from reelqa.index.store.versions import resolve

from tests.cli_support import isolate, run
from tests.conftest import CORPUS


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    """No stray .env or REELQA_* variables from the developer's shell."""
    isolate(monkeypatch, tmp_path)


def test_ask_text_and_json(capsys, hashing_index_dir) -> None:
    code, out, err = run(capsys, "ask", "who voices Jay?", "--index", str(hashing_index_dir))
    assert code == 0, err
    assert out.startswith("Question: who voices Jay?\n")
    first = out[out.index("[1]") :]
    assert "Hong Kyung" in first[: first.index("\u2014 Lost in Starlight (2025)")]
    assert "\u201cA Tender, Celestial Symphony of Love and Distance\u201d \u2014 2025-05-22" in out

    code, out, _ = run(capsys, "ask", "who voices Jay?", "--json", "--top-k", "2",
                       "--index", str(hashing_index_dir))
    result = json.loads(out)
    assert set(result) == {"question", "film", "answer", "passages", "opinion", "credit",
                           "took_ms"}
    assert result["opinion"] is None  # not an opinion question
    assert result["question"] == "who voices Jay?" and result["film"] is None
    # the film's credits answered: who, for whom, how many reviews, which passages quote it
    assert result["credit"] == {"role": "voice", "person": "Hong Kyung", "character": "Jay",
                                "reviews": 1, "passages": [1], "disagreement": []}
    assert result["answer"]["text"] == "Hong Kyung" and result["answer"]["passage"] == 1
    assert len(result["passages"]) == 2
    top = result["passages"][0]
    assert set(top) == {"rank", "score", "id", "review_id", "film", "title", "author", "source",
                        "url", "date", "rating", "start", "end", "text"}
    assert (top["rank"], top["film"], top["author"], top["url"]) == (1, "Lost in Starlight", None, None)
    assert (top["id"], top["review_id"]) == ("lost-in-starlight-celestial-symphony#1",
                                             "lost-in-starlight-celestial-symphony")
    assert "Hong Kyung" in top["text"]
    review = (CORPUS / f"{top['review_id']}.md").read_text()
    assert "Hong Kyung" in review and isinstance(result["took_ms"], float)


def test_ask_with_film_filter_and_env_settings(capsys, monkeypatch, hashing_index_dir) -> None:
    monkeypatch.setenv("REELQA_INDEX_DIR", str(hashing_index_dir))
    monkeypatch.setenv("REELQA_TOP_K", "1")
    code, out, _ = run(capsys, "ask", "Who voices Na-young?", "--film", "LOST IN STARLIGHT", "--json")
    result = json.loads(out)
    assert code == 0 and result["film"] == "Lost in Starlight" and len(result["passages"]) == 1
    code, _, err = run(capsys, "ask", "who?", "--film", "Heat")
    assert code == 1 and err == "reelqa: error: no film called 'Heat' in the index; `reelqa films` lists them\n"


def test_batch_answers_each_line_and_reports_bad_ones(capsys, tmp_path, hashing_index_dir) -> None:
    batch = tmp_path / "q.jsonl"
    batch.write_text('{"question": "who voices Jay?"}\n\n{"question": "Who voices Na-young?", '
                     '"film": "Lost in Starlight"}\nnot json\n{"film": "x"}\n')
    code, out, err = run(capsys, "ask", "--batch", str(batch), "--index", str(hashing_index_dir))
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert [r.get("question") for r in lines[:2]] == ["who voices Jay?", "Who voices Na-young?"]
    assert lines[1]["film"] == "Lost in Starlight"
    assert lines[2] == {"line": 4, "error": "malformed JSON (Expecting value at column 1)"}
    assert lines[3] == {"line": 5, "error": 'each line needs {"question": "..."}'}
    assert f"{batch}:4: malformed JSON" in err


def test_films(capsys, hashing_index_dir) -> None:
    code, out, _ = run(capsys, "films", "--index", str(hashing_index_dir))
    assert code == 0 and out.startswith("Lost in Starlight (2025)  \u2014  2 reviews (2 positive), ")
    code, out, _ = run(capsys, "films", "--json", "--index", str(hashing_index_dir))
    [film] = json.loads(out)
    assert (film["film"], film["year"], film["reviews"]) == ("Lost in Starlight", 2025, 2)


def test_index_build_reports_skips_and_keeps_going(capsys, tmp_path) -> None:
    corpus = tmp_path / "reviews"
    shutil.copytree(CORPUS, corpus)
    (corpus / "extra.jsonl").write_text('{"film": "Heat", "text": "Al Pacino plays Hanna."}\n'
                                        '{"film": "Heat"}\n{broken\n')
    (corpus / "poster.png").write_bytes(b"\x89PNG")
    code, out, err = run(capsys, "index", "build", "--corpus", str(corpus), "--index", "idx")
    assert code == 0
    assert out.startswith("Indexed 3 reviews of 2 films into ")
    assert "passages/s) -> idx" in out
    assert "reviews/extra.jsonl:2: missing required field 'text'" in err
    assert "reviews/extra.jsonl:3: malformed JSON" in err
    assert "skipped 2 bad record(s); --strict makes them fatal" in err
    assert "note: skipped reviews/poster.png (not .md, .txt, .jsonl or .csv)" in err
    manifest = json.loads((resolve(tmp_path / "idx") / "manifest.json").read_text())
    assert manifest["counts"]["reviews"] == 3

    before = (resolve(tmp_path / "idx") / "manifest.json").read_text()
    code, _, err = run(capsys, "index", "build", "--corpus", str(corpus), "--index", "idx", "--strict")
    assert code == 1 and err.startswith("reelqa: error: 2 bad record(s) in ")
    assert "Traceback" not in err
    assert (resolve(tmp_path / "idx") / "manifest.json").read_text() == before  # nothing lost


@pytest.mark.parametrize(
    ("argv", "env", "message"),
    [
        (["ask", "hi", "--index", "nowhere"], {}, "reelqa: error: no index at nowhere; run `reelqa index build`\n"),
        (["films"], {"REELQA_TOP_K": "lots"}, "reelqa: error: invalid setting REELQA_TOP_K: Input should be a valid integer, unable to parse string as an integer\n"),
        (["ask"], {}, "reelqa: error: give either a QUESTION or --batch FILE\n"),
        (["ask", "  "], {}, "reelqa: error: the question is empty\n"),
        (["index", "build", "--corpus", "missing"], {}, "reelqa: error: corpus path missing does not exist\n"),
    ],
)
def test_errors_are_one_line_without_traceback(capsys, monkeypatch, argv, env, message) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code, out, err = run(capsys, *argv)
    assert (code, out, err) == (1, "", message)


def test_empty_corpus_is_an_error(capsys, tmp_path) -> None:
    (tmp_path / "empty").mkdir()
    code, _, err = run(capsys, "index", "build", "--corpus", "empty", "--index", "idx")
    assert code == 1 and err.startswith("reelqa: error: no reviews found in empty")
    assert not (tmp_path / "idx").exists()


def test_index_built_with_another_model_is_refused(capsys, hashing_index_dir, monkeypatch) -> None:
    monkeypatch.setenv("REELQA_EMBEDDING_MODEL", "some/other-model")
    code, _, err = run(capsys, "ask", "who voices Jay?", "--index", str(hashing_index_dir))
    assert code == 1
    assert "was built with embedding model 'reelqa/hashing' but " \
           "REELQA_EMBEDDING_MODEL is 'some/other-model'" in err


@pytest.mark.integration
def test_installed_script_builds_and_answers_with_the_real_model(tmp_path) -> None:
    script = Path(sys.executable).parent / "reelqa"
    assert script.exists(), "the reelqa console script is not installed in this environment"
    env = {k: v for k, v in os.environ.items() if not k.startswith("REELQA_")}
    env["REELQA_INDEX_DIR"] = str(tmp_path / "index")
    env["REELQA_CORPUS_DIR"] = str(CORPUS)
    # A fresh cache, as on a fresh clone: the ONNX export (torch, onnxruntime's quantizer)
    # runs inside this build, and what those libraries log must not reach the user.
    env["REELQA_EMBEDDING_CACHE_DIR"] = str(tmp_path / "cache")
    built = subprocess.run([str(script), "index", "build"], capture_output=True, text=True,
                           env=env, cwd=tmp_path, timeout=300)
    assert built.returncode == 0, built.stderr
    assert built.stderr.splitlines() == [f"note: skipped {CORPUS / 'README.md'} (documentation)"], \
        built.stderr
    asked = subprocess.run([str(script), "ask", "who voices Jay?"], capture_output=True,
                           text=True, env=env, cwd=tmp_path, timeout=300)
    assert asked.returncode == 0, asked.stderr
    assert "Hong Kyung" in asked.stdout and "Lost in Starlight (2025)" in asked.stdout
    assert "Traceback" not in asked.stderr


def test_batch_lines_with_bad_types_bytes_or_depth_cost_only_themselves(
    capsys, tmp_path, hashing_index_dir
) -> None:
    batch = tmp_path / "q.jsonl"
    batch.write_bytes(b'{"question": "who voices Jay?"}\n'
                      b'{"question": "who voices Jay?", "film": 7}\n'
                      b'{"question": "caf\xe9?"}\n'
                      + b'{"question": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n"
                      b'{"question": ["who"]}\n'
                      b'{"question": "who voices Na-young?"}\n')
    code, out, err = run(capsys, "ask", "--batch", str(batch), "--index", str(hashing_index_dir))
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and "Traceback" not in err
    assert lines[0]["question"] == "who voices Jay?" and lines[5]["question"] == (
        "who voices Na-young?")
    assert lines[1:5] == [
        {"line": 2, "error": '"film" must be a string'},
        {"line": 3, "error": "not UTF-8 text (byte 18 of the line)"},
        {"line": 4, "error": "JSON nested more than 32 levels deep"},
        {"line": 5, "error": 'each line needs {"question": "..."}'},
    ]


def test_json_errors_are_a_json_object_on_stdout(capsys, hashing_index_dir) -> None:
    code, out, err = run(capsys, "ask", "--json", "", "--index", str(hashing_index_dir))
    assert code == 1 and json.loads(out) == {"error": "the question is empty"}
    assert err == "reelqa: error: the question is empty\n"
    code, out, _ = run(capsys, "films", "--json", "--index", "nowhere")
    assert code == 1
    assert json.loads(out) == {"error": "no index at nowhere; run `reelqa index build`"}


def test_questions_are_capped_and_never_echoed_whole(capsys, tmp_path, hashing_index_dir) -> None:
    long = "why " * 5000
    code, out, err = run(capsys, "ask", long, "--json", "--index", str(hashing_index_dir))
    assert code == 1
    assert json.loads(out)["error"] == ("the question is 20,000 characters; questions are at "
                                        "most 300 (what Discord's /ask accepts)")
    assert len(out) + len(err) < 400
    assert run(capsys, "ask", "x" * 300, "--index", str(hashing_index_dir))[0] == 0
    batch = tmp_path / "q.jsonl"
    batch.write_text(json.dumps({"question": long}) + "\n")
    code, out, _ = run(capsys, "ask", "--batch", str(batch), "--index", str(hashing_index_dir))
    assert code == 1 and json.loads(out)["error"].startswith("the question is 20,000 characters")


def test_bot_help_describes_the_bot(capsys) -> None:
    with pytest.raises(SystemExit):
        run(capsys, "bot", "--help")
    out = capsys.readouterr().out
    assert "Connect to Discord and answer /ask" in out
    for name in ("REELQA_DISCORD_TOKEN", "REELQA_DISCORD_SHARD_COUNT", "REELQA_METRICS_PORT",
                 "REELQA_LOG_FORMAT"):
        assert name in out
