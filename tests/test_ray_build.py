"""The distributed build on Ray Data, on a local Ray of 2 CPUs shared by these tests: the index
is the local build's, file for file, with the default encoder on real reviews, and incremental
reuse works the same way."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from reelqa.config.settings import IndexSettings
from reelqa.index.store.build import build_index
from reelqa.index.store.versions import resolve

from tests.cli_support import run
from tests.conftest import ROOT

ray = pytest.importorskip("ray", reason="Ray is not installed: pip install 'reelqa[ray]'")


@pytest.fixture(scope="session")
def ray_cluster():
    """One local Ray for the session: 2 CPUs, so two encoder actors."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             configure_logging=False)
    yield
    ray.shutdown()


def reviews(count: int) -> list[dict]:
    lines = (ROOT / "tests/data/imdb_slice/corpus.jsonl").read_text().split("\n")
    return [json.loads(line) for line in lines if line][:count]


def write(corpus: Path, rows: list[dict]) -> None:
    corpus.mkdir(exist_ok=True)
    (corpus / "reviews.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))


def same_files(one: Path, other: Path) -> None:
    a, b = resolve(one), resolve(other)
    names = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file())
    for name in names:
        if name != "manifest.json":
            assert (a / name).read_bytes() == (b / name).read_bytes(), name
    first, second = (json.loads((v / "manifest.json").read_text()) for v in (a, b))
    for key in ("model", "dense", "chunking", "corpus_fingerprint", "files"):
        assert first[key] == second[key], key
    for counts in (first["counts"], second["counts"]):  # what was encoded or reused may differ
        counts["vectors"] = counts.pop("encoded") + counts.pop("reused")
    assert first["counts"] == second["counts"]


@pytest.mark.integration
def test_a_ray_build_is_the_local_build(ray_cluster, int8_encoder, tmp_path) -> None:
    write(tmp_path / "corpus", reviews(30))
    local = build_index(IndexSettings((tmp_path / "corpus",), tmp_path / "local",
                                      int8_encoder.name, 32), embedder=int8_encoder)
    spread = build_index(IndexSettings((tmp_path / "corpus",), tmp_path / "ray",
                                       int8_encoder.name, 32, cache_dir=int8_encoder.path.parents[1]),
                         embedder=int8_encoder, ray_address="")
    assert spread.encoded == local.encoded > 0
    same_files(tmp_path / "local", tmp_path / "ray")


@pytest.mark.integration
def test_an_incremental_ray_build_reuses_and_equals_a_local_rebuild(
    ray_cluster, int8_encoder, tmp_path
) -> None:
    rows = reviews(24)
    write(tmp_path / "corpus", rows[:20])
    settings = IndexSettings((tmp_path / "corpus",), tmp_path / "ray", int8_encoder.name, 32,
                             cache_dir=int8_encoder.path.parents[1])
    build_index(settings, embedder=int8_encoder, ray_address="")
    changed = dict(rows[3], text=rows[3]["text"].replace(". ", ". Oddly, ", 1))
    write(tmp_path / "corpus", [*rows[:3], changed, *rows[4:7], *rows[8:24]])
    again = build_index(settings, embedder=int8_encoder, ray_address="")
    full = build_index(IndexSettings((tmp_path / "corpus",), tmp_path / "full",
                                     int8_encoder.name, 32), embedder=int8_encoder, rebuild=True)
    assert 0 < again.encoded < full.encoded == again.encoded + again.reused
    same_files(tmp_path / "ray", tmp_path / "full")


def test_the_cli_builds_on_ray(ray_cluster, capsys, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "corpus", reviews(6))
    code, out, err = run(capsys, "index", "build", "--corpus", "corpus", "--index", "ray",
                         "--model", "reelqa/hashing", "--ray")
    assert code == 0, err
    assert out.startswith("Indexed 6 reviews")
    code, out, err = run(capsys, "index", "build", "--corpus", "corpus", "--index", "local",
                         "--model", "reelqa/hashing")
    assert code == 0, err
    same_files(tmp_path / "ray", tmp_path / "local")
