"""Staff uploads: check a file, store it under `<corpus>/uploads/`, update the index incrementally.

    result = add_upload(tmp_path, "Besluit AI.pdf", settings, embedder=qa.embedder)

The file is read (in a private staging folder) before anything is written to the corpus, so an
unreadable file adds nothing. The stored name is sanitised (no folders, no path traversal, a safe
character set, never overwriting), and nothing is written outside `<corpus>/uploads/`.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
import threading
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from policyqa.chunking import chunk_document
from policyqa.config import Settings
from policyqa.indexing.builder import build_index
from policyqa.readers.base import UPLOADS as UPLOAD_DIR
from policyqa.readers.base import ReadError
from policyqa.readers.loader import read_document

ALLOWED_SUFFIXES = (".pdf", ".html", ".htm", ".md", ".txt")
MAX_BYTES = 10 * 1024 * 1024
_IGNORED_BY_READER = ("readme", "manifest")   # the corpus loader skips files named like this
_lock = threading.Lock()


class UploadError(ValueError):
    """An upload that cannot be added (type, size, name, unreadable, clash); one line."""


@dataclass
class UploadResult:
    path: str            # relative to the corpus root, e.g. "uploads/besluit-ai.pdf"
    doc: str
    lang: str
    title: str
    chunks: int
    seconds: float

    def summary(self) -> str:
        return (f"Added {self.path} ({self.title}, {self.lang}): {self.chunks} chunks indexed "
                f"in {self.seconds:.1f} s")


def safe_name(name: str) -> str:
    """A file name that is safe to store: base name only, [A-Za-z0-9._-], a known suffix."""
    base = re.split(r"[\\/]", unicodedata.normalize("NFKC", name or ""))[-1]
    stem, dot, suffix = base.rpartition(".")
    suffix = ("." + suffix.lower()) if dot else ""
    if suffix not in ALLOWED_SUFFIXES:
        raise UploadError(f"unsupported file type {suffix or '(none)'!r}: upload {', '.join(ALLOWED_SUFFIXES)}")
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    clean = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_stem)
    clean = re.sub(r"-{2,}", "-", clean).strip(".-_")[:80].strip(".-_") or "upload"
    if clean.lower().startswith(_IGNORED_BY_READER):
        clean = "upload-" + clean
    return clean + suffix


def _uploads_dir(corpus: Path) -> Path:
    root = corpus.resolve()
    if not root.is_dir():
        raise UploadError(f"corpus folder not found: {corpus}")
    target = corpus / UPLOAD_DIR
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise UploadError(f"{target} is not a plain folder; refusing to write there")
    target.mkdir(exist_ok=True)
    if target.resolve().parent != root:
        raise UploadError(f"{target} lies outside the corpus folder; refusing to write there")
    return target


def _free_name(folder: Path, name: str) -> str:
    stem, suffix = os.path.splitext(name)
    candidate, i = name, 2
    while (folder / candidate).exists() or (folder / candidate).is_symlink():
        candidate, i = f"{stem}-{i}{suffix}", i + 1
    return candidate


def add_upload(file_path: str | os.PathLike, original_name: str, settings: Settings, *, embedder,
               existing: dict[tuple[str, str], str] | None = None, max_bytes: int = MAX_BYTES) -> UploadResult:
    """Store `file_path` (uploaded as `original_name`) in the corpus and index it.

    `existing` maps (family, language) of the current index to their source path: an upload that
    would read as one of those (and so replace or be dropped beside it) is refused."""
    t0 = time.perf_counter()
    name = safe_name(original_name)
    src = Path(file_path)
    try:
        size = src.stat().st_size
    except OSError as e:
        raise UploadError(f"cannot read the uploaded file: {e.strerror}") from None
    if size == 0:
        raise UploadError(f"{name} is empty")
    if size > max_bytes:
        raise UploadError(f"{name} is too large ({size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB)")

    with _lock:
        folder = _uploads_dir(Path(settings.corpus))
        name = _free_name(folder, name)
        rel = f"{UPLOAD_DIR}/{name}"
        with tempfile.TemporaryDirectory(prefix="policyqa-upload-") as tmp:
            staged = Path(tmp) / UPLOAD_DIR / name
            staged.parent.mkdir()
            shutil.copyfile(src, staged)
            try:
                doc = read_document(staged, Path(tmp), max_bytes=max_bytes)
            except ReadError as e:
                raise UploadError(f"{name} cannot be read: {e}") from None
            except Exception as e:  # a reader failing on an exotic file: the same answer for the user
                raise UploadError(f"{name} cannot be read: {type(e).__name__}") from None
            chunks = chunk_document(doc, settings.max_words)
            if not chunks:
                raise UploadError(f"{name} has no text to index")
            clash = (existing or {}).get((doc.doc, doc.lang))
            if clash:
                raise UploadError(f"{name} reads as {doc.doc}/{doc.lang}, which the index already has "
                                  f"({clash}); nothing added")
            target = folder / name
            with open(target, "xb") as out, open(staged, "rb") as inp:
                shutil.copyfileobj(inp, out)
        try:
            report = build_index(settings, embedder=embedder, progress=False)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        skipped = dict(report.skipped)
        if rel in skipped:
            target.unlink(missing_ok=True)
            raise UploadError(f"{name} was not indexed: {skipped[rel]}; nothing added")
        if rel not in report.files_embedded and rel not in report.files_reused:
            target.unlink(missing_ok=True)
            raise UploadError(f"{name} was not indexed (the corpus reader ignored it); nothing added")
    return UploadResult(path=rel, doc=doc.doc, lang=doc.lang, title=doc.title, chunks=len(chunks),
                        seconds=time.perf_counter() - t0)
