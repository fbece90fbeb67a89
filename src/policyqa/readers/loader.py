"""Read a corpus folder: every supported file under it (recursively, sorted) → Documents.

Unreadable files (not UTF-8, empty, too large, broken PDF, no text, unknown language, …) are skipped
with a one-line reason, never fatal. A missing folder or a folder without any readable document raises
`CorpusError`.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from policyqa.types import Document

from .base import CorpusError, ReadError, Source
from .eurlex_html import read_html
from .markdown import read_markdown
from .pdf import read_pdf
from .plain import read_plain

Reader = Callable[[Source], Document]
SUPPORTED_SUFFIXES: dict[str, Reader] = {
    ".md": read_markdown, ".markdown": read_markdown,
    ".html": read_html, ".htm": read_html, ".xhtml": read_html,
    ".pdf": read_pdf,
    ".txt": read_plain,
}
_IGNORED_PREFIXES = ("readme", "manifest")
_IGNORED_NAMES = {"sources.yaml"}


@dataclass
class CorpusLoad:
    documents: list[Document] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)    # (relative path, one-line reason)


def _ignored(name: str) -> bool:
    low = name.lower()
    return name.startswith(".") or low.startswith(_IGNORED_PREFIXES) or low in _IGNORED_NAMES


def read_document(path: Path, root: Path, *, max_bytes: int = 20_000_000) -> Document:
    """Read one file of the corpus rooted at `root`; ReadError (one-line reason) when it cannot be read."""
    reader = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    if reader is None:
        raise ReadError(f"unsupported file type {path.suffix or '(none)'!r}")
    try:
        size = path.stat().st_size
    except OSError as e:
        raise ReadError(f"cannot read file: {e.strerror}") from None
    if size == 0:
        raise ReadError("empty file")
    if size > max_bytes:
        raise ReadError(f"file too large ({size:,} bytes; limit {max_bytes:,})")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ReadError(f"cannot read file: {e.strerror}") from None
    rel = path.resolve().relative_to(root.resolve()).as_posix()
    return reader(Source(path=path, rel=rel, data=data))


def _files(root: Path) -> list[Path]:
    out: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        out.extend(Path(dirpath) / f for f in sorted(filenames) if not _ignored(f))
    return out


def load_corpus(root: Path, *, max_bytes: int = 20_000_000) -> CorpusLoad:
    """All readable documents under `root`, plus the skipped files with their reasons."""
    root = Path(root)
    if not root.is_dir():
        raise CorpusError(f"corpus folder not found: {root}; pass --corpus or set POLICYQA_CORPUS")
    load = CorpusLoad()
    seen: dict[tuple[str, str], str] = {}
    for path in _files(root):
        rel = path.relative_to(root).as_posix()
        try:
            doc = read_document(path, root, max_bytes=max_bytes)
        except ReadError as e:
            load.skipped.append((rel, str(e)))
            continue
        except Exception as e:  # a reader bug or an exotic file must not stop the whole corpus
            load.skipped.append((rel, f"unexpected error: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"))
            continue
        key = (doc.doc, doc.lang)
        if key in seen:
            load.skipped.append((rel, f"same family and language ({doc.doc}/{doc.lang}) as {seen[key]}"))
            continue
        seen[key] = rel
        load.documents.append(doc)
    if not load.documents:
        why = f" ({len(load.skipped)} file(s) skipped, e.g. {load.skipped[0][0]}: {load.skipped[0][1]})" if load.skipped else ""
        raise CorpusError(f"no readable documents in corpus folder {root}{why}")
    return load
