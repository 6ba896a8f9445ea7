"""Atomic publish under fire: builds killed at random moments (and inside the publish step)
always leave a whole index, and readers never fail a load while versions are published."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from multiprocessing.process import BaseProcess
from pathlib import Path

import pytest
from reelqa.bot.cli import main
from reelqa.config.settings import IndexSettings
from reelqa.index.store.build import build_index
from reelqa.index.store.hashing import HASHING_MODEL
from reelqa.index.store.versions import FAULT_ENV, POINTER, resolve

from tests.conftest import ROOT

FILMS = ROOT / "tests" / "data" / "films"
REELQA = str(Path(sys.executable).parent / "reelqa")
EXTRA = {"id": "thief-extra", "film": "Thief", "year": 1981, "text":
         "James Caan plays Frank, a safecracker who wants out. Michael Mann directs the heist "
         "with the same patience he would bring to Heat, and the score by Tangerine Dream "
         "hums under every scene."}
STEPS = ("staged", "renamed", "switched", "removing")
KILLS = 20


@pytest.fixture
def corpora(tmp_path) -> tuple[Path, Path]:
    """Two corpora: the films (4 reviews) and the films plus one more (5 reviews)."""
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(FILMS, old)
    shutil.copytree(FILMS, new)
    (new / "extra.jsonl").write_text(json.dumps(EXTRA) + "\n")
    return old, new


def env() -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("REELQA_")}
    return {**clean, "REELQA_EMBEDDING_MODEL": HASHING_MODEL}


def build_cmd(corpus: Path, index: Path) -> list[str]:
    return [REELQA, "index", "build", "--corpus", str(corpus), "--index", str(index)]


def build(corpus: Path, index: Path) -> None:
    build_index(IndexSettings((corpus,), index, HASHING_MODEL, 8))


# Builds run in processes forked from a fork server: real, separate processes that start in
# milliseconds, forked from a single-threaded parent (forking pytest itself, with its threads,
# is not safe).
FORKS = multiprocessing.get_context("forkserver")
FORKS.set_forkserver_preload([__name__])


def _child_build(corpus: str, index: str, fault: str | None) -> None:
    if fault:
        os.environ[FAULT_ENV] = fault
    build(Path(corpus), Path(index))


def forked_build(corpus: Path, index: Path, fault: str | None = None) -> BaseProcess:
    """Start a build in another process; `fault` names the publish step where it kills itself."""
    child = FORKS.Process(target=_child_build, args=(str(corpus), str(index), fault))
    child.start()
    return child


def wait(child: BaseProcess) -> int:
    """The child's exit status, or minus the signal that killed it."""
    child.join(60)
    assert child.exitcode is not None, "the build did not end"
    return child.exitcode


def whole(capsys, index: Path) -> int:
    """Assert `reelqa index verify` passes and `reelqa ask` answers; the index's review count."""
    assert main(["index", "verify", "--index", str(index)]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert main(["ask", "who plays Hanna?", "--json", "--index", str(index)]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["passages"] and answer["answer"]["text"] == "Al Pacino"
    return json.loads((resolve(index) / "manifest.json").read_text())["counts"]["reviews"]


def test_builds_killed_at_any_moment_leave_the_old_or_the_new_index(
    capsys, monkeypatch, corpora, tmp_path
) -> None:
    monkeypatch.setenv("REELQA_EMBEDDING_MODEL", HASHING_MODEL)
    index = tmp_path / "idx"
    wait(forked_build(corpora[1], tmp_path / "warm"))  # the fork server starts once
    started = time.perf_counter()
    assert wait(forked_build(corpora[0], index)) == 0
    took = time.perf_counter() - started
    assert whole(capsys, index) == 4
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    outcomes = []
    for kill in range(KILLS):
        target = corpora[kill % 2 == 0]  # alternate, so every build changes the index
        fault = STEPS[kill % len(STEPS)] if kill < 2 * len(STEPS) else None  # publish, twice
        child = forked_build(target, index, fault)
        if fault is None:
            time.sleep(rng.uniform(0.0, took * 1.2))
            child.kill()
        code = wait(child)
        reviews = whole(capsys, index)
        assert reviews in (4, 5), (seed, kill)
        outcomes.append((fault, code, reviews))
    # the faults really killed the builds at their step; random kills land anywhere
    assert all(c == -signal.SIGKILL for f, c, _ in outcomes if f), outcomes
    assert {c for f, c, _ in outcomes if not f} <= {0, -signal.SIGKILL}, outcomes
    assert any(c == -signal.SIGKILL for f, c, _ in outcomes if not f), outcomes
    build(corpora[1], index)
    assert sorted(p.name for p in index.iterdir()) == [".lock", POINTER, resolve(index).name]


def test_each_publish_fault_leaves_the_expected_version(capsys, monkeypatch, corpora,
                                                        tmp_path) -> None:
    monkeypatch.setenv("REELQA_EMBEDDING_MODEL", HASHING_MODEL)
    index = tmp_path / "idx"
    for step, expected in (("staged", 4), ("renamed", 4), ("switched", 5), ("removing", 5)):
        build(corpora[0], index)
        assert wait(forked_build(corpora[1], index, step)) == -signal.SIGKILL, step
        assert whole(capsys, index) == expected, step
    # a subprocess build too: the kill and the lock behave the same outside a fork
    proc = subprocess.run(build_cmd(corpora[0], index), env={**env(), FAULT_ENV: "switched"},
                          capture_output=True)
    assert proc.returncode == -signal.SIGKILL
    assert whole(capsys, index) == 4


READER = """
import json, sys
from pathlib import Path
from reelqa.index.store.folder import load_index, load_passages
index, stop, full = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "full"
progress = Path(sys.argv[4])
reads, failures, versions = 0, [], set()
while not stop.exists():
    try:
        if full:
            loaded = load_index(index, "reelqa/hashing")
            versions.add(loaded.folder.name)
        else:
            manifest, passages = load_passages(index)
            versions.add(manifest["built_at"] + str(len(passages)))
        reads += 1
    except BaseException as exc:
        failures.append(f"{type(exc).__name__}: {exc}")
    if reads % 25 == 0:
        progress.write_text(str(reads))
print(json.dumps({"reads": reads, "failures": failures[:5], "failed": len(failures),
                  "versions": len(versions)}))
"""
READS_PER_PUBLISH = 200  # reads between two publishes, whatever the machine's load


def _reads(progress: list[Path]) -> int:
    return sum(int(p.read_text() or 0) for p in progress if p.exists())


def test_readers_never_fail_while_versions_are_published(corpora, tmp_path) -> None:
    index, stop = tmp_path / "idx", tmp_path / "stop"
    build(corpora[0], index)
    progress = [tmp_path / "passages.reads", tmp_path / "full.reads"]
    readers = [subprocess.Popen([sys.executable, "-c", READER, str(index), str(stop), kind,
                                 str(count)], env=env(), stdout=subprocess.PIPE, text=True)
               for kind, count in zip(("passages", "full"), progress, strict=True)]
    deadline = time.monotonic() + 60
    for n in range(10):
        before = _reads(progress)
        while _reads(progress) < before + READS_PER_PUBLISH and time.monotonic() < deadline:
            time.sleep(0.02)
        build(corpora[n % 2 == 0], index)
    stop.touch()
    results = [json.loads(r.communicate(timeout=60)[0]) for r in readers]
    print(results)
    assert [r["failed"] for r in results] == [0, 0], results
    assert sum(r["reads"] for r in results) >= 10 * READS_PER_PUBLISH, results
    assert all(r["versions"] >= 2 for r in results), results  # each saw a publish
