"""The index folder's layout: versions `DIR/v-<stamp>/`, a `CURRENT` pointer, one atomic publish.

A reader resolves `CURRENT` and reads one whole version; a build writes a staging folder, renames
it to a new version and replaces `CURRENT` with one `os.replace`, so at any instant (a kill
included) the pointer names a complete version. The old version is removed only after the
switch; a later build removes what a killed one left. An index folder of the first layout (the
files directly in DIR) is still read, and replaced by the versioned layout on the next build.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
from datetime import UTC, datetime
from pathlib import Path

from reelqa.config.errors import IndexMismatchError, IndexMissingError, ReelqaError

POINTER = "CURRENT"
MANIFEST = "manifest.json"
LOCK = ".lock"
STAGING = ".staging-"
VERSION = re.compile(r"v-\d{8}T\d{12}Z-\d+")
FAULT_ENV = "REELQA_TEST_FAULT"  # read only here: tests kill a build at a named publish step


def resolve(folder: Path) -> Path:
    """The folder holding the live index under `folder`: the version `CURRENT` names, the
    folder itself for the first layout (or a version folder given directly)."""
    for _ in range(3):  # a build may switch the pointer and remove the old version meanwhile
        name = _read_pointer(folder)
        if name is None:
            return folder
        if (folder / name).is_dir():
            return folder / name
        if _read_pointer(folder) == name:
            break
    raise IndexMismatchError(
        f"index at {folder}: {POINTER} names version {name}, which is missing (removed by "
        "hand?); run `reelqa index build`"
    )


def _read_pointer(folder: Path) -> str | None:
    """The version `CURRENT` names; None for a first-layout index (a manifest, no pointer)."""
    pointer = folder / POINTER
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        if (folder / MANIFEST).is_file():
            return None
        raise IndexMissingError(f"no index at {folder}; run `reelqa index build`") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise IndexMismatchError(
            f"index at {folder} has an unreadable {POINTER} pointer; run `reelqa index build`"
        ) from exc
    if not VERSION.fullmatch(name):
        raise IndexMismatchError(
            f"index at {folder} has a {POINTER} pointer naming no version; run "
            "`reelqa index build`"
        )
    return name


def pointer_state(folder: Path) -> tuple[int, int] | None:
    """A cheap token that changes whenever a new version is published (one stat)."""
    try:
        st = os.stat(folder / POINTER)
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns


def is_ours(name: str) -> bool:
    """True for the names a build writes into an index folder (besides a first-layout index)."""
    return (name in (POINTER, LOCK) or name.startswith((STAGING, f"{POINTER}.tmp-"))
            or VERSION.fullmatch(name) is not None)


def check_target(folder: Path, corpus: tuple[Path, ...]) -> None:
    """Refuse, touching nothing, to build onto a file, the corpus (or a folder containing it or
    inside it), or a folder holding anything but a reelqa index."""
    if folder.exists() and not folder.is_dir():
        raise ReelqaError(f"refusing to build the index at {folder}: it is a file, not an "
                          "index folder; choose another --index")
    target = folder.resolve()
    for root in corpus:
        where = root.resolve()
        if target == where or target.is_relative_to(where) or where.is_relative_to(target):
            raise ReelqaError(f"refusing to build the index at {folder}: it overlaps the corpus "
                              f"{root}; choose an --index outside the corpus")
    if VERSION.fullmatch(target.name) and (target.parent / POINTER).is_file():
        raise ReelqaError(f"refusing to build the index at {folder}: it is one version of the "
                          f"index at {target.parent}; build with --index {target.parent}")
    if not folder.is_dir():
        return
    if (folder / POINTER).is_file() or _first_layout(folder):
        return
    foreign = [p.name for p in folder.iterdir() if not is_ours(p.name)]
    if foreign:
        raise ReelqaError(f"refusing to build the index at {folder}: it holds files and is not a "
                          f"reelqa index (no {MANIFEST}, e.g. {foreign[0]!r}); choose an empty or "
                          "new folder")


def new_stage(folder: Path) -> Path:
    """A fresh staging folder inside `folder` (same file system, so the publish is a rename)."""
    stage = folder / f"{STAGING}{_stamp()}"
    stage.mkdir()
    return stage


def publish(folder: Path, stage: Path) -> Path:
    """Make the complete index in `stage` the live version: one rename, one pointer replace;
    then remove what it replaced. Returns the new version's folder."""
    previous = _live(folder)
    _fsync_tree(stage)
    fault("staged")
    version = folder / f"v-{stage.name.removeprefix(STAGING)}"
    os.rename(stage, version)
    fault("renamed")
    tmp = folder / f"{POINTER}.tmp-{os.getpid()}"
    with tmp.open("w", encoding="utf-8") as out:
        out.write(version.name + "\n")
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, folder / POINTER)  # the switch: readers see the old or the new version
    _fsync_dir(folder)
    fault("switched")
    if previous == folder:
        _remove_first_layout(folder)
    elif previous is not None:
        _remove(previous)
    return version


def clean_leftovers(folder: Path) -> list[str]:
    """Remove staging folders, pointer temporaries and versions not live; returns "<name>,
    <why>" for each. While `CURRENT` names a missing version, complete versions are kept (the
    one live before is among them) until a new build has published. Call only while holding
    the build lock."""
    live = _live(folder)
    named = _pointer_name(folder)
    removed = []
    for path in sorted(folder.iterdir()):
        name = path.name
        if name.startswith((STAGING, f"{POINTER}.tmp-")):
            why = "left by an interrupted build"
        elif VERSION.fullmatch(name) is None or path == live:
            continue
        elif live is None and (path / MANIFEST).is_file():
            continue  # the pointer is broken: no telling which whole version was live
        elif named is not None and _stamp_of(name) < _stamp_of(named):
            why = f"an earlier version, no longer live ({POINTER} names {named})"
        else:
            why = "left by an interrupted build"
        _remove(path)
        removed.append(f"{name}, {why}")
    return removed


def size_on_disk(folder: Path) -> int:
    """Bytes of the files under `folder`."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def fault(step: str) -> None:
    """Kill this process at `step` when the tests ask for it (REELQA_TEST_FAULT=step)."""
    if os.environ.get(FAULT_ENV) == step:
        os.kill(os.getpid(), signal.SIGKILL)


def _live(folder: Path) -> Path | None:
    try:
        return resolve(folder)
    except ReelqaError:
        return None


def _pointer_name(folder: Path) -> str | None:
    try:
        name = (folder / POINTER).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return name if VERSION.fullmatch(name) else None


def _stamp_of(name: str) -> str:
    return name.split("-")[1]  # v-<stamp>-<pid>: the stamps are fixed-width, so they sort


def _first_layout(folder: Path) -> bool:
    """A first-layout index: manifest.json of the right shape directly in `folder`."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and "format" in manifest and "files" in manifest


def _remove_first_layout(folder: Path) -> None:
    """Remove the files a first-layout index listed in its manifest, and nothing else."""
    try:
        listed = json.loads((folder / MANIFEST).read_text(encoding="utf-8")).get("files", {})
    except (OSError, ValueError, AttributeError):
        listed = {}
    for name in [*listed, MANIFEST]:
        path = folder / name
        if path.is_file() and path.resolve().is_relative_to(folder.resolve()):
            path.unlink()
            fault("removing")
    for sub in sorted({(folder / n).parent for n in listed}, reverse=True):
        if sub != folder and sub.is_dir() and not any(sub.iterdir()):
            sub.rmdir()


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        first = next((p for p in path.rglob("*") if p.is_file()), None)
        if first is not None:
            first.unlink()  # a kill from here on leaves a partly removed, unused version
            fault("removing")
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _stamp() -> str:
    return f"{datetime.now(UTC).strftime('%Y%m%dT%H%M%S%f')}Z-{os.getpid()}"


def _fsync_tree(folder: Path) -> None:
    """Flush the staged files, so a crash after the switch cannot expose empty files."""
    for path in folder.rglob("*"):
        if path.is_file():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
