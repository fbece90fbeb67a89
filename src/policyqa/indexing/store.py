"""An index as loaded for querying: chunks + vector store + lexical store(s) + manifest."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from policyqa.indexing.atomic import current_generation
from policyqa.indexing.manifest import IndexFileError, Manifest, verify_checksums
from policyqa.indexing.sentences import SENTENCE_OFFSETS, SENTENCE_SPANS, SENTENCE_VECTORS
from policyqa.indexing.terms import TERMS
from policyqa.stores.base import LexicalStore, StoreError, VectorStore, rows_matching, where_fields
from policyqa.stores.factory import load_lexical, load_store
from policyqa.stores.lexical import LexicalIndex, top_rows
from policyqa.types import Chunk

CHUNKS = "chunks.jsonl"
LINKS = "links.json"        # recital → article links (policyqa.indexing.links)
TITLES = "titles.json"      # [doc, unit, lang] of each article/annex/section heading vector
TITLE_VECTORS = "titles.npy"


@dataclass
class LoadedIndex:
    folder: Path
    manifest: Manifest
    chunks: list[Chunk]
    vectors: VectorStore
    lexical: LexicalIndex
    links: dict[str, dict[str, list[str]]]
    titles: list[tuple[str, str, str]]
    title_vectors: np.ndarray
    # the scored sentences of every chunk (policyqa.indexing.sentences): chunk row r owns
    # sentence_spans/sentence_vectors[sentence_offsets[r]:sentence_offsets[r + 1]]
    sentence_offsets: np.ndarray        # (n_chunks + 1,) int64
    sentence_spans: np.ndarray          # (n_sentences, 2) int32, character spans in the chunk's text
    sentence_vectors: np.ndarray        # (n_sentences, dim) float16, L2-normalised passage embeddings
    # what serves `lexical_search` (policyqa.stores.factory.load_lexical); None: the embedded `lexical`
    lexical_store: LexicalStore | None = None

    def __post_init__(self) -> None:
        self._languages = sorted({c.lang for c in self.chunks})
        self.docs = np.array([c.doc for c in self.chunks])
        self.langs = np.array([c.lang for c in self.chunks])
        if self.lexical_store is None:
            self.lexical_store = self.lexical
        fields = {"doc": self.docs, "lang": self.langs}     # embedded stores resolve field filters with these
        for store in (self.vectors, self.lexical, self.lexical_store):
            store.bind_fields(fields)
        # (doc, unit) → rows of all its chunks in every language
        self.unit_rows: dict[tuple[str, str], list[int]] = {}
        for i, c in enumerate(self.chunks):
            self.unit_rows.setdefault((c.doc, c.unit), []).append(i)

    def sentences(self, row: int) -> tuple[np.ndarray, np.ndarray]:
        """The scored sentences of chunk `row`: their spans in its text ((k, 2) int32) and their passage
        vectors ((k, dim) float32), as embedded at index time."""
        a, b = int(self.sentence_offsets[row]), int(self.sentence_offsets[row + 1])
        return self.sentence_spans[a:b], self.sentence_vectors[a:b].astype(np.float32)

    def sentence_rows(self, rows: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The scored sentences of many chunk rows at once: for each sentence the position in `rows` of
        its chunk ((k,) int64), its span ((k, 2) int32) and its vector ((k, dim) float32) — e.g. the best
        sentence cosine per row is `np.maximum.at(best, owner, vectors @ q)` with `best` at -inf."""
        off = self.sentence_offsets
        rows = np.asarray(rows, dtype=np.int64)
        starts, lens = off[rows], off[rows + 1] - off[rows]
        owner = np.repeat(np.arange(len(rows)), lens)
        flat = np.arange(int(lens.sum())) + np.repeat(starts - (np.cumsum(lens) - lens), lens)
        return owner, self.sentence_spans[flat], self.sentence_vectors[flat].astype(np.float32)

    def unit_centroids(self) -> tuple[list[tuple[str, str]], np.ndarray]:
        """(doc, unit) keys and the L2-normalised mean of each unit's chunk vectors (all languages)."""
        if getattr(self, "_centroids", None) is None:
            keys = list(self.unit_rows)
            vecs = self.vectors.reconstruct(list(range(len(self.chunks))))
            mat = np.stack([vecs[self.unit_rows[k]].mean(axis=0) for k in keys])
            mat /= np.maximum(np.linalg.norm(mat, axis=1, keepdims=True), 1e-12)
            self._centroids = (keys, mat.astype(np.float32))
        return self._centroids

    @property
    def doc_ids(self) -> list[str]:
        return sorted(set(self.docs.tolist()))

    @property
    def languages(self) -> list[str]:
        return self._languages

    # -- what the retrieval signals ask (policyqa.retrieval.signals); a storage backend answers these --
    def rows_where(self, docs: list[str] | None, langs: list[str] | None) -> np.ndarray | None:
        """Chunk rows of the given families and languages (None: no filter, every row)."""
        return rows_matching({"doc": self.docs, "lang": self.langs}, where_fields(docs, langs))

    def dense_search(self, qv: np.ndarray, k: int, allowed: np.ndarray | None = None, *,
                     docs: list[str] | None = None, langs: list[str] | None = None) -> dict[int, float]:
        """The k chunk rows nearest to the query vector, row → cosine: among `allowed` rows and in the
        families `docs` and languages `langs` (fields: each store filters on them in its own way)."""
        k = min(k, len(self.chunks) if allowed is None else len(allowed))
        if k == 0:
            return {}
        scores, ids = self.vectors.search(qv[None, :], k, allowed=allowed, where=where_fields(docs, langs))
        return {int(i): float(s) for s, i in zip(scores[0], ids[0]) if i >= 0}

    def lexical_search(self, text: str, langs: list[str] | None, k: int, allowed: np.ndarray | None = None, *,
                       docs: list[str] | None = None) -> dict[int, float]:
        """The k best chunk rows by BM25 of `text`, analysed and scored per language of `langs` (None: all),
        in the families `docs` and among `allowed` rows; row → score > 0. Served by `lexical_store`."""
        return self.lexical_store.search(text, langs, k, where=where_fields(docs, langs), allowed=allowed)

    def lexical_search_tokens(self, tokens: list[str], lang: str, k: int, allowed: np.ndarray | None = None, *,
                              docs: list[str] | None = None) -> dict[int, float]:
        """As `lexical_search`, for stems already analysed for language `lang` (searched there only), in
        the families `docs`."""
        return top_rows(self.lexical.scores_tokens(tokens, lang), k,
                        self.lexical.filter_rows(where_fields(docs), allowed))

    @property
    def terms(self) -> dict:
        """What the index learned from the corpus (policyqa.indexing.terms: abbreviations, lexicon);
        empty for an index built before it existed (rebuild with `policyqa index --force`)."""
        if getattr(self, "_terms", None) is None:
            p = self.folder / TERMS
            self._terms = json.loads(p.read_text(encoding="utf-8")) if p.is_file() else {}
        return self._terms

    @property
    def reference_language(self) -> str:
        """The language with the most chunks (the one most provisions have a version in)."""
        if getattr(self, "_reference_language", None) is None:
            vals, counts = np.unique(self.langs, return_counts=True)
            self._reference_language = str(vals[np.argmax(counts)]) if len(vals) else "en"
        return self._reference_language

    @property
    def abbreviations(self) -> frozenset[str]:
        """Acronyms of the corpus's frequent terms (policyqa.indexing.terms): known, not unknown names."""
        if getattr(self, "_abbreviations", None) is None:
            self._abbreviations = frozenset(self.terms.get("abbreviations", []))
        return self._abbreviations

    def family_share(self, lang: str) -> float:
        """The share of the index's families that have a version in `lang`."""
        if getattr(self, "_family_langs", None) is None:
            fl: dict[str, set[str]] = {}
            for c in self.chunks:
                fl.setdefault(c.lang, set()).add(c.doc)
            self._family_langs = fl
        return len(self._family_langs.get(lang, ())) / max(len(self.doc_ids), 1)

    def row_langs(self, rows: np.ndarray) -> np.ndarray:
        """The language of each chunk row."""
        return self.langs[rows]

    def heading_scores(self, qv: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Cosine of the query to every heading vector, and each heading's language (`titles` order)."""
        if getattr(self, "_title_langs", None) is None:
            self._title_langs = np.array([t[2] for t in self.titles])
        return self.title_vectors @ qv, self._title_langs

    def unit_headings(self, key: tuple[str, str]) -> set[str]:
        """The own headings of a unit in its language versions (last heading_path entry)."""
        return {self.chunks[r].heading_path[-1] for r in self.unit_rows.get(key, []) if self.chunks[r].heading_path}


def write_chunks(folder: Path, chunks: list[Chunk]) -> None:
    with open(Path(folder) / CHUNKS, "w", encoding="utf-8") as f:
        for c in chunks:
            f.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")


def load_index(root: Path, expected_model: str | None = None, *, verify: bool = True,
               lexical_backend: str = "auto") -> LoadedIndex:
    """Load the index in force under `root`; a clear IndexFileError when it is missing or broken. With
    `verify` (the default) every file is first checked against its checksum in the manifest, so a
    garbled or edited file is refused, never served. `lexical_backend`: what serves lexical search
    (auto | bm25s | milvus: `policyqa.stores.factory.load_lexical`)."""
    root = Path(root)
    gen = current_generation(root)
    if gen is None:
        raise IndexFileError(f"no index at {root}: build it with `policyqa index --corpus DIR`")
    manifest = Manifest.read(gen)
    if verify:
        verify_checksums(gen, manifest)
    if expected_model and expected_model != manifest.model:
        raise IndexFileError(
            f"index at {root} was built with model {manifest.model} (dim {manifest.dim}), "
            f"not {expected_model}: query it with that model or rebuild with `policyqa index --model …`")
    try:
        with open(gen / CHUNKS, encoding="utf-8") as f:
            chunks = [Chunk.from_dict(json.loads(line)) for line in f]
        vectors = load_store(manifest.vector_backend, gen)
        lexical = LexicalIndex.load(gen)
        links = json.loads((gen / LINKS).read_text(encoding="utf-8"))
        titles = [tuple(t) for t in json.loads((gen / TITLES).read_text(encoding="utf-8"))]
        title_vectors = np.load(gen / TITLE_VECTORS)
        sentence_offsets = np.load(gen / SENTENCE_OFFSETS)
        sentence_spans = np.load(gen / SENTENCE_SPANS)
        sentence_vectors = np.load(gen / SENTENCE_VECTORS)
    except StoreError as e:            # an external store (Milvus) unreachable or not matching: its own words
        raise IndexFileError(f"index at {gen}: {e}") from None
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as e:
        raise IndexFileError(f"index at {gen} is corrupt or incomplete ({type(e).__name__}: {e}); "
                             "rebuild it with `policyqa index`") from None
    if len(vectors) != len(chunks) or lexical.n_rows != len(chunks) or vectors.dim != manifest.dim:
        raise IndexFileError(
            f"index at {gen} is inconsistent ({len(chunks)} chunks, {len(vectors)} vectors of dim "
            f"{vectors.dim}, manifest dim {manifest.dim}): rebuild it with `policyqa index`")
    if len(titles) != len(title_vectors):
        raise IndexFileError(f"index at {gen} is inconsistent (titles): rebuild it with `policyqa index`")
    off, n_sent = sentence_offsets, len(sentence_vectors)
    if (off.shape != (len(chunks) + 1,) or off[0] != 0 or off[-1] != n_sent or np.any(np.diff(off) < 0)
            or sentence_spans.shape != (n_sent, 2) or sentence_vectors.shape[1:] != (manifest.dim,)):
        raise IndexFileError(f"index at {gen} is inconsistent (sentences): rebuild it with `policyqa index`")
    languages = sorted({c.lang for c in chunks})
    return LoadedIndex(gen, manifest, chunks, vectors, lexical, links, titles, title_vectors,
                       sentence_offsets, sentence_spans, sentence_vectors,
                       lexical_store=load_lexical(lexical_backend, vectors, lexical, languages))


def verify_index(root: Path) -> str:
    """`policyqa index --verify`: check every file of the index in force against its checksum, then load
    it (no model needed); a one-line report, or IndexFileError saying what is wrong."""
    import time
    t = time.perf_counter()
    gen = current_generation(Path(root))
    if gen is None:
        raise IndexFileError(f"no index at {root}: build it with `policyqa index --corpus DIR`")
    n_bytes = verify_checksums(gen, Manifest.read(gen))
    t_sum = time.perf_counter() - t
    index = load_index(root, verify=False)
    return (f"index {gen} is sound: {len(index.manifest.checksums)} files ({n_bytes / 1e6:.1f} MB) match their "
            f"checksums ({t_sum * 1000:.0f} ms), {len(index.chunks)} chunks load "
            f"({(time.perf_counter() - t) * 1000:.0f} ms in all)")
