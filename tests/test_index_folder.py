"""The index folder: refusals that touch nothing, versions and pointer, leftovers, the build lock."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from reelqa.index.store.folder import load_index, sentence_owners, sentence_spans, sha256
from reelqa.index.store.hashing import HASHING_MODEL
from reelqa.index.store.lock import build_lock
from reelqa.index.store.reviewfile import ReviewFile
from reelqa.index.store.versions import POINTER, pointer_state, resolve

from tests.cli_support import isolate, run
from tests.conftest import ROOT

FILMS = ROOT / "tests" / "data" / "films"


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    isolate(monkeypatch, tmp_path)


def build(capsys, index: str | Path, corpus: Path = FILMS, *extra: str) -> tuple[int, str, str]:
    return run(capsys, "index", "build", "--corpus", str(corpus), "--index", str(index), *extra)


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_folder_that_is_not_an_index_is_refused_and_kept(capsys, tmp_path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "thesis.odt").write_bytes(b"years of work")
    code, out, err = build(capsys, docs)
    assert (code, out) == (1, "")
    assert err == (f"reelqa: error: refusing to build the index at {docs}: it holds files and is "
                   "not a reelqa index (no manifest.json, e.g. 'thesis.odt'); choose an empty or "
                   "new folder\n")
    assert tree(docs) == {"thesis.odt": b"years of work"}


def test_the_corpus_its_parent_or_a_file_are_refused(capsys, tmp_path) -> None:
    corpus = tmp_path / "c"
    shutil.copytree(FILMS, corpus)
    before = tree(tmp_path)
    for target in ("c", ".", "c/sub"):
        code, _, err = build(capsys, target, corpus)
        assert code == 1
        assert err.startswith(f"reelqa: error: refusing to build the index at {target}: it "
                              "overlaps the corpus ")
    assert build(capsys, "idx")[0] == 0
    version = resolve(tmp_path / "idx")
    before = tree(tmp_path)
    code, _, err = build(capsys, version)
    assert code == 1 and err == (f"reelqa: error: refusing to build the index at {version}: it "
                                 f"is one version of the index at {version.parent}; build with "
                                 f"--index {version.parent}\n")
    (tmp_path / "notes.txt").write_text("keep me")
    code, _, err = build(capsys, "notes.txt")
    assert code == 1 and "it is a file, not an index folder" in err
    assert tree(tmp_path) == {**before, "notes.txt": b"keep me"}


def test_each_build_publishes_a_version_and_removes_the_old_one(capsys, tmp_path) -> None:
    assert build(capsys, "idx")[0] == 0
    first = resolve(tmp_path / "idx")
    state = pointer_state(tmp_path / "idx")
    assert first.name.startswith("v-") and (first / "manifest.json").is_file()
    assert build(capsys, "idx", FILMS, "--rebuild")[0] == 0
    second = resolve(tmp_path / "idx")
    assert second != first and not first.exists()
    assert pointer_state(tmp_path / "idx") != state
    assert sorted(p.name for p in (tmp_path / "idx").iterdir()) == [".lock", POINTER, second.name]


def test_leftovers_of_killed_builds_are_removed(capsys, tmp_path) -> None:
    assert build(capsys, "idx")[0] == 0
    folder = tmp_path / "idx"
    live = resolve(folder)
    (folder / ".staging-20261202T000000000000Z-1").mkdir()
    (folder / ".staging-20261202T000000000000Z-1" / "vectors.faiss").write_bytes(b"half")
    # renamed by a build after the live one, never pointed at
    shutil.copytree(live, folder / "v-29991202T000000000000Z-2")
    (folder / "CURRENT.tmp-3").write_text("v-x\n")
    code, _, err = build(capsys, "idx")
    assert code == 0
    assert "note: removed .staging-20261202T000000000000Z-1, left by an interrupted build" in err
    assert "note: removed v-29991202T000000000000Z-2, left by an interrupted build" in err
    assert sorted(p.name for p in folder.iterdir()) == [".lock", POINTER, resolve(folder).name]


def test_a_pointer_to_a_missing_version_is_named_and_the_version_before_kept(capsys,
                                                                             tmp_path) -> None:
    assert build(capsys, "idx")[0] == 0
    folder = tmp_path / "idx"
    live = resolve(folder)
    before = folder / "v-20200101T000000000000Z-1"
    shutil.copytree(live, before)  # the version live before, kept whole
    shutil.rmtree(live)  # CURRENT now names a version removed by hand
    said = (f"reelqa: error: index at idx: CURRENT names version {live.name}, which is missing "
            "(removed by hand?); run `reelqa index build`\n")
    for command in (["ask", "who?"], ["index", "verify"], ["films"], ["index", "info"]):
        assert run(capsys, *command, "--index", "idx") == (1, "", said)
    code, _, err = build(capsys, "idx")
    assert code == 0 and "note: removed" not in err  # nothing whole removed on a guess
    assert before.is_dir()
    published = resolve(folder).name
    code, _, err = build(capsys, "idx")
    assert code == 0
    assert (f"note: removed {before.name}, an earlier version, no longer live (CURRENT names "
            f"{published})") in err
    assert not before.exists()


def _as_first_layout(folder: Path, manifest: dict) -> None:
    """Rewrite a version's passage and sentence tables and its reviews as format 1 wrote them
    (JSON lines)."""
    passages = load_index(folder, HASHING_MODEL).passages
    spans = sentence_spans(folder, {"format": 2}, passages)
    owners = sentence_owners(folder, {"format": 2}, passages)
    rows = {"passages.jsonl": [{"id": p.id, "review_id": p.review.id, "n": p.n,
                                "start": p.start, "end": p.end} for p in passages],
            "sentences.jsonl": [{"review_id": r, "start": s, "end": e,
                                 "passages": [passages[i].id for i in o]}
                                for (r, s, e), o in zip(spans, owners, strict=True)]}
    rows["reviews.jsonl"] = list(ReviewFile(folder).records())  # plain lines before format 5
    for name in ("passages.npy", "sentences.npy", "reviews.records", "reviews.zdict"):
        (folder / name).unlink()
        del manifest["files"][name]
    for name, lines in rows.items():
        (folder / name).write_text("".join(json.dumps(row) + "\n" for row in lines))
        manifest["files"][name] = sha256(folder / name)
    manifest["model"] = {"name": HASHING_MODEL, "dimension": manifest["model"]["dimension"]}


def test_a_first_layout_index_is_read_then_replaced_keeping_foreign_files(capsys, tmp_path) -> None:
    assert build(capsys, "new")[0] == 0
    old = tmp_path / "old"
    shutil.copytree(resolve(tmp_path / "new"), old)  # the files directly in the folder
    manifest = json.loads((old / "manifest.json").read_text())
    manifest["format"] = 1
    del manifest["chunking"], manifest["counts"]["encoded"], manifest["counts"]["reused"]
    _as_first_layout(old, manifest)
    (old / "manifest.json").write_text(json.dumps(manifest))
    (old / "operator-notes.txt").write_text("mine")
    code, out, _ = run(capsys, "films", "--index", "old")
    assert code == 0 and out.startswith("Alien (1979)  \u2014  1 review (1 positive), 1 passage\n")
    assert build(capsys, "old")[0] == 0
    assert sorted(p.name for p in old.iterdir()) == [
        ".lock", POINTER, "operator-notes.txt", resolve(old).name]
    assert json.loads((resolve(old) / "manifest.json").read_text())["counts"]["reused"] > 0


def test_a_second_build_is_refused_at_once_naming_the_first(capsys, tmp_path) -> None:
    assert build(capsys, "idx")[0] == 0
    folder = tmp_path / "idx"
    before = tree(folder)
    with build_lock(folder):
        started = time.perf_counter()
        code, out, err = build(capsys, "idx")
        assert time.perf_counter() - started < 2
        assert (code, out) == (1, "")
        assert err.startswith(f"reelqa: error: another build is running on idx (pid {os.getpid()}"
                              ", started 20")
        assert err.endswith("); wait for it to finish\n")
    assert {k: v for k, v in tree(folder).items() if k != ".lock"} == {
        k: v for k, v in before.items() if k != ".lock"}


def test_the_lock_dies_with_its_process(capsys, tmp_path) -> None:
    folder = tmp_path / "idx"
    folder.mkdir()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; "
         "from reelqa.index.store.lock import build_lock\n"
         "with build_lock(Path(sys.argv[1])):\n print('locked', flush=True); time.sleep(60)",
         str(folder)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        code, _, err = build(capsys, "idx")
        assert code == 1 and f"(pid {holder.pid}, started " in err
    finally:
        holder.kill()
        holder.wait()
    code, _, err = build(capsys, "idx")
    assert code == 0, err


def test_index_info_shows_counts_model_build_and_size(capsys, tmp_path) -> None:
    assert build(capsys, "idx")[0] == 0
    code, out, _ = run(capsys, "index", "info", "--index", "idx")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 8
    assert lines[0] == f"index         idx (version {resolve(tmp_path / 'idx').name}, format 6)"
    assert lines[1:6] == ["model         reelqa/hashing (64 dimensions)", "films         3",
                          "reviews       4", "passages      7", "credits       15 from 15 claims"]
    assert lines[6].startswith("last build    20") and lines[6].endswith(
        " s, embedded 29, reused 0")
    assert lines[7].startswith("size on disk  ") and lines[7].endswith(" KB")
    code, out, _ = run(capsys, "index", "info", "--json", "--index", "idx")
    info = json.loads(out)
    assert info["counts"] == {"reviews": 4, "passages": 7, "films": 3, "credits": 15,
                              "claims": 15, "encoded": 29, "reused": 0}
    assert info["size_bytes"] == sum(p.stat().st_size for p in resolve(tmp_path / "idx").rglob("*")
                                     if p.is_file())
    code, _, err = run(capsys, "index", "info", "--index", "nowhere")
    assert code == 1 and err == "reelqa: error: no index at nowhere; run `reelqa index build`\n"
