"""Atomic writes. Files: temp file in the same folder + fsync + os.replace. Whole indexes: each build
writes a new generation folder `gen-<n>/`, then `CURRENT` (one line: the folder name) is replaced
atomically; readers follow `CURRENT`, so a killed build leaves the previous index in force."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

CURRENT = "CURRENT"


def write_bytes(path: Path, data: bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def current_generation(root: Path) -> Path | None:
    """The folder of the index in force under `root`, or None when there is none."""
    p = Path(root) / CURRENT
    if not p.is_file():
        return None
    name = p.read_text(encoding="utf-8").strip()
    gen = Path(root) / name
    return gen if name and "/" not in name and gen.is_dir() else None


def new_generation(root: Path) -> Path:
    """A fresh, empty folder for the next build (not yet in force)."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    nums = [int(p.name[4:]) for p in root.glob("gen-*") if p.name[4:].isdigit()]
    gen = root / f"gen-{max(nums, default=0) + 1:04d}"
    gen.mkdir()
    return gen


def commit_generation(root: Path, gen: Path) -> None:
    """Put `gen` in force, then remove every other generation (including leftovers of killed builds)."""
    for f in Path(gen).rglob("*"):
        if f.is_file():
            with open(f, "rb") as fh:
                os.fsync(fh.fileno())
    write_text(Path(root) / CURRENT, gen.name + "\n")
    remove_stale_generations(root)


def remove_stale_generations(root: Path) -> list[str]:
    """Remove every `gen-*` folder but the one in force (half-written ones of killed builds, old ones);
    only call it while holding the build lock. Returns the names removed. Also drops temp files of
    interrupted atomic writes in `root`."""
    root = Path(root)
    keep = current_generation(root)
    removed = []
    for old in root.glob("gen-*"):
        if old.is_dir() and old != keep:
            shutil.rmtree(old, ignore_errors=True)
            removed.append(old.name)
    for tmp in root.glob(f".{CURRENT}.*.tmp"):
        tmp.unlink(missing_ok=True)
    return sorted(removed)


def discard_generation(gen: Path) -> None:
    shutil.rmtree(gen, ignore_errors=True)
