"""The package layout: one `reelqa` namespace, stages that import only earlier stages, heavy
libraries behind one module each, and light entry points."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from reelqa.index.store.hashing import HASHING_MODEL

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = {"config": "reelqa.config", "index": "reelqa.index", "bot": "reelqa.bot"}

# Each layer may import itself and the layers before it, never one after it.
LAYERS = [
    ("reelqa.config",),
    ("reelqa.index.text",),  # the text toolkit every stage reads words through
    ("reelqa.index.records",),
    ("reelqa.index.query",),  # question understanding: the Query, and a question's Reading
    ("reelqa.index.ingest",),
    ("reelqa.index.credits",),  # learned from ingested reviews; the build writes it
    ("reelqa.index.judge",),  # leans, story sentences, aspects: judged once per build
    ("reelqa.index.store",),
    ("reelqa.index.retrieve", "reelqa.index.answer"),
    ("reelqa.index.engine",),
    ("reelqa.bot",),
]
# The answer stage sees hits only: never the stores or retrieval, though they come before it.
FORBIDDEN = {"reelqa.index.answer": ("reelqa.index.store", "reelqa.index.retrieve"),
             "reelqa.bot.terminal.evaluate": ("reelqa.index.answer",)}
HEAVY = {
    "faiss": {"reelqa.index.store.dense"},
    "bm25s": {"reelqa.index.store.sparse"},
    "sentence_transformers": {"reelqa.index.store.embedding"},
    "transformers": {"reelqa.index.store.embedding"},
    "torch": {"reelqa.index.store.embedding"},
    "onnxruntime": {"reelqa.index.store.onnx"},
    "discord": {"reelqa.bot.discord.app", "reelqa.bot.discord.run",
                "reelqa.bot.discord.commands", "reelqa.bot.discord.components",
                "reelqa.bot.discord.replies", "reelqa.bot.discord.films"},
}


def modules() -> dict[str, Path]:
    """Every module of the package, by its dotted name."""
    found = {}
    for folder, package in FOLDERS.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = path.relative_to(ROOT / folder).with_suffix("").parts
            name = ".".join((package, *parts))
            found[name.removesuffix(".__init__")] = path
    return found


def imports(path: Path) -> set[str]:
    """The absolute module names a file imports, at any depth (lazy imports count too)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def layer(name: str) -> int:
    for rank, prefixes in enumerate(LAYERS):
        if any(name == p or name.startswith(p + ".") for p in prefixes):
            return rank
    raise AssertionError(f"{name} belongs to no layer")


def under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def test_nothing_imports_the_old_top_level_names() -> None:
    bad = [(m, i) for m, path in modules().items() for i in imports(path)
           if i.split(".")[0] in FOLDERS]
    assert bad == []


def test_no_stage_imports_a_later_one() -> None:
    bad = []
    for name, path in modules().items():
        for target in (i for i in imports(path) if i.startswith("reelqa.")):
            later = layer(target) > layer(name)
            forbidden = any(under(name, src) and any(under(target, t) for t in banned)
                            for src, banned in FORBIDDEN.items())
            if later or forbidden:
                bad.append((name, target))
    assert bad == []


def test_heavy_libraries_are_imported_by_their_one_wrapper() -> None:
    bad = [(name, lib) for name, path in modules().items() for i in imports(path)
           for lib, allowed in HEAVY.items() if i.split(".")[0] == lib and name not in allowed]
    assert bad == []


def test_every_package_folder_is_installed() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
                 ["packages"])
    packages = {name for name, path in modules().items() if path.name == "__init__.py"}
    assert listed == packages


def test_the_old_names_are_not_importable_outside_the_checkout(tmp_path) -> None:
    code = ("import importlib.util as u, json; "
            "print(json.dumps([bool(u.find_spec(n)) for n in "
            "('reelqa.index', 'reelqa.bot', 'reelqa.config', 'index', 'bot', 'config')]))")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                          text=True, check=True)
    assert json.loads(done.stdout) == [True, True, True, False, False, False]


def loaded_by(argv: list[str], cwd: Path) -> set[str]:
    """The heavy libraries that `reelqa ARGV` has imported once it has succeeded."""
    code = ("import sys, json; from reelqa.bot.cli import main\n"
            f"try:\n    status = main({argv!r})\nexcept SystemExit as exc:\n    status = exc.code\n"
            "print(json.dumps([status, sorted({m.split('.')[0] for m in sys.modules})]))")
    done = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, "REELQA_EMBEDDING_MODEL": HASHING_MODEL}, check=True)
    status, loaded = json.loads(done.stdout.splitlines()[-1])
    assert status == 0, done.stderr
    return set(loaded) & set(HEAVY)


def test_help_loads_no_heavy_library(tmp_path) -> None:
    assert loaded_by(["--help"], tmp_path) == set()


@pytest.mark.parametrize("argv", [["films"], ["films", "--json"]])
def test_films_loads_no_model_and_no_store(tmp_path, hashing_index_dir, argv) -> None:
    assert loaded_by([*argv, "--index", str(hashing_index_dir)], tmp_path) == set()


def test_ask_loads_the_stores_but_not_discord(tmp_path, hashing_index_dir) -> None:
    loaded = loaded_by(["ask", "who voices Jay?", "--index", str(hashing_index_dir)], tmp_path)
    # the stand-in model needs no torch; BM25 is scored by the store (bm25s builds it)
    assert loaded == {"faiss"}


def test_credits_loads_no_model_and_no_store(tmp_path, hashing_index_dir) -> None:
    argv = ["credits", "Lost in Starlight", "--json", "--index", str(hashing_index_dir)]
    assert loaded_by(argv, tmp_path) == set()
