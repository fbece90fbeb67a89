"""The retriever: one `run()` from a question to ranked provisions (units), each with its best passage.

Steps (each measured on eval/questions.jsonl with bench/retrieval_ablation.py; README "Evaluation"):
1. dense: cosine of the query embedding to every allowed chunk (exact FAISS search);
2. lexical: BM25 per corpus language, the question analysed with each language's stemmer (weight
   0.7; 0.25 when no document is in the question's language);
3. "more like this": BM25 per corpus language with the top dense passages of that language as the
   query — a lexical signal in the documents' languages for questions asked in another language;
4. headings: articles and annexes ranked by the embedding of their heading path alone;
5. pooling: a unit's score in each signal is the best score of its chunks in any language version;
6. fusion: reciprocal rank fusion (k 20) of the unit rankings (modes: hybrid | dense | bm25);
   dense and heading cosines are first normalised per passage language (minus the mean of that
   language's top 100), so that a question's own language does not outrank the act it asks about;
6b. intents: a "when / what fine / where to complain" question adds a ranking of the provisions of
   that kind (entry into force, penalties, remedies — policyqa.retrieval.intents), weight 2;
7. family hint: units of a family the question names ("AVG", "KI-Verordnung") rank first among equals;
8. recital links: each recital is preceded by the article it explains (policyqa.indexing.links), and
   recitals then count half: the articles are what a question about the law is answered by;
9. provision lookup: units the question names ("Article 5(1)(f)", "bijlage III") go first;
10. per unit, the passage shown is its best chunk, in the question's language when that version
    exists (else English, else French).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from policyqa.chunking.chunker import reference_offset
from policyqa.indexing.store import LoadedIndex
from policyqa.provisions import Reference, parse_references
from policyqa.retrieval import intents
from policyqa.retrieval.fusion import ranked, rrf
from policyqa.sources import find_families

MODES = ("hybrid", "dense", "bm25")
FALLBACK_LANGS = ("en", "fr")   # versions shown when the question's language has none
DENSE_DEPTH = 1000         # chunks taken from the dense search before pooling
LEX_DEPTH = 400


@dataclass
class RetrievalConfig:
    """Knobs of the retriever; defaults are the measured best (bench/retrieval_ablation.py)."""

    pool: str = "max"              # "max": a unit scores its best chunk over all language versions;
                                   # "mean": the mean over its language versions of each one's best chunk;
                                   # "chunk": no pooling — units in order of their first chunk (baseline)
    lexical_weight: float = 0.7    # RRF weight of the BM25 ranking (dense has 1.0) ...
    lexical_weight_foreign: float = 0.25  # ... when no document of the index is in the question's language
    rocchio: float = 0.0           # dense query expansion: q + rocchio · mean of the top passages' vectors
    rocchio_depth: int = 3
    prf_weight: float = 1.0        # RRF weight of a BM25 "more like this" ranking per corpus language,
                                   # seeded with the top dense passages in that language (cross-lingual
                                   # questions get a lexical signal in the documents' languages)
    prf_depth: int = 2             # top dense passages per language that seed it
    family_bonus: float = 0.1      # added to fused scores of a family the question names (> a top RRF vote)
    lookups: bool = True           # named provisions first
    recital_links: int = 1         # list up to this many linked articles right before each recital
    centroid_weight: float = 0.0   # RRF weight of a ranking of whole units (mean of all their chunk vectors)
    title_weight: float = 0.5      # RRF weight of a ranking of articles/annexes by their heading alone
    rrf_k: int = 20
    intent_weight: float = 2.0     # RRF weight of a ranking of the provisions of the kind a "when / what
                                   # fine / where to complain" question asks for (policyqa.retrieval.intents)
    recital_weight: float = 0.5    # fused score of recitals × this (after their linked articles took it)
    lang_norm: int = 100           # >0: dense and heading cosines minus the mean of the top-N cosines in
                                   # the passage's language (removes e5's same-language pull); 0: raw


@dataclass
class Hit:
    doc: str
    unit: str
    row: int                  # chunk row of the passage chosen for display
    lang: str
    score: float
    rows: list[int] = field(default_factory=list)   # the unit's matching chunk rows, best first
    lookup: bool = False      # the question named this provision
    reference: Reference | None = None


@dataclass
class Retrieval:
    hits: list[Hit]
    query_vector: np.ndarray | None
    references: list[Reference]
    families: list[str]
    ms: float
    chunk_scores: dict[int, float] = field(default_factory=dict)  # dense cosine of scored rows


class Retriever:
    def __init__(self, index: LoadedIndex, embedder, config: RetrievalConfig | None = None):
        self.index = index
        self.embedder = embedder
        self.config = config or RetrievalConfig()
        self._intent_units_cache: dict[str, list[tuple[str, str]]] = {}   # per intent, for this index
        self._title_langs = np.array([t[2] for t in index.titles])          # language of each heading vector

    # -- filters -----------------------------------------------------------------------------------
    def _allowed(self, docs: list[str] | None, langs: list[str] | None) -> np.ndarray | None:
        if not docs and not langs:
            return None
        mask = np.ones(len(self.index.chunks), dtype=bool)
        if docs:
            mask &= np.isin(self.index.docs, docs)
        if langs:
            mask &= np.isin(self.index.langs, langs)
        return np.flatnonzero(mask)

    # -- signals -----------------------------------------------------------------------------------
    def _dense(self, qv: np.ndarray, allowed: np.ndarray | None) -> dict[int, float]:
        k = min(DENSE_DEPTH, len(self.index.chunks) if allowed is None else len(allowed))
        if k == 0:
            return {}
        scores, ids = self.index.vectors.search(qv[None, :], k, allowed=allowed)
        return {int(i): float(s) for s, i in zip(scores[0], ids[0]) if i >= 0}

    def _lang_normalised(self, sims: np.ndarray, langs: np.ndarray) -> np.ndarray:
        """Each score minus the mean of the top-N (lang_norm) scores of its language: e5's cosines are
        higher between texts of the same language, so without this a Dutch question about the GDPR
        (English/French only) ranks Dutch AI Act passages first."""
        out = sims.astype(np.float64, copy=True)
        for lg in np.unique(langs):
            m = langs == lg
            out[m] -= np.sort(sims[m])[::-1][: self.config.lang_norm].mean()
        return out

    def _lexical(self, question: str, allowed: np.ndarray | None, langs: list[str] | None) -> dict[int, float]:
        s = self.index.lexical.scores(question, langs)
        if allowed is not None:
            keep = np.zeros_like(s)
            keep[allowed] = s[allowed]
            s = keep
        top = np.argsort(-s)[:LEX_DEPTH]
        return {int(i): float(s[i]) for i in top if s[i] > 0}

    def _pool(self, chunk_scores: dict[int, float], lang: str | None) -> list[tuple[str, str]]:
        """Units ranked by their best chunk over all language versions ("max"), or — the naive
        baseline, "chunk" — by their first chunk in the question's language version if any, else any."""
        out: dict[tuple[str, str], float] = {}
        per_lang: dict[tuple[str, str], dict[str, float]] = {}
        chunks = self.index.chunks
        for row, s in chunk_scores.items():
            key = (chunks[row].doc, chunks[row].unit)
            if self.config.pool == "chunk" and lang and chunks[row].lang != lang \
                    and any(chunks[r].lang == lang for r in self.index.unit_rows[key]):
                continue
            if s > out.get(key, -1e9):
                out[key] = s
            best = per_lang.setdefault(key, {})
            if s > best.get(chunks[row].lang, -1e9):
                best[chunks[row].lang] = s
        if self.config.pool == "mean":
            out = {k: sum(v.values()) / len(v) for k, v in per_lang.items()}
        return ranked(out)

    def _prf(self, dense: dict[int, float], allowed: np.ndarray | None) -> dict[int, float]:
        """BM25 per language with the top dense passages of that language as the query."""
        chunks = self.index.chunks
        seeds: dict[str, list[int]] = {}
        for row in sorted(dense, key=lambda r: -dense[r]):
            lst = seeds.setdefault(chunks[row].lang, [])
            if len(lst) < self.config.prf_depth:
                lst.append(row)
        out: dict[int, float] = {}
        for lang, rows in seeds.items():
            scores = self._lexical(" ".join(chunks[r].text for r in rows), allowed, [lang])
            top = max(scores.values(), default=0.0) or 1.0
            for r, v in scores.items():
                out[r] = max(out.get(r, 0.0), v / top)
        return out

    # -- the run -----------------------------------------------------------------------------------
    def run(self, question: str, *, lang: str | None = None, docs: list[str] | None = None,
            langs: list[str] | None = None, mode: str = "hybrid", top_k: int = 10,
            query_vector: np.ndarray | None = None) -> Retrieval:
        if mode not in MODES:
            raise ValueError(f"unknown retrieval mode {mode!r} ({', '.join(MODES)})")
        t0 = time.perf_counter()
        allowed = self._allowed(docs, langs)
        refs = parse_references(question)
        fams = [d for d, _, _ in find_families(question) if d in set(self.index.docs.tolist())]
        fams = list(dict.fromkeys(fams))

        qv = None
        dense: dict[int, float] = {}
        lex: dict[int, float] = {}
        if mode in ("hybrid", "dense"):
            qv = query_vector if query_vector is not None else self.embedder.embed_queries([question])[0]
            dense = self._dense(qv, allowed)
            if self.config.rocchio and dense:
                top = sorted(dense, key=lambda r: -dense[r])[: self.config.rocchio_depth]
                q2 = qv + self.config.rocchio * self.index.vectors.reconstruct(top).mean(axis=0)
                dense = self._dense(q2 / np.linalg.norm(q2), allowed)
        if mode in ("hybrid", "bm25"):
            lex = self._lexical(question, allowed, langs)

        cfg = self.config
        rankings, weights = [], []
        if dense:
            ranked_dense = dense
            if cfg.lang_norm:
                rows = np.fromiter(dense, dtype=np.int64, count=len(dense))
                vals = self._lang_normalised(np.fromiter(dense.values(), dtype=np.float64, count=len(dense)),
                                             self.index.langs[rows])
                ranked_dense = dict(zip(rows.tolist(), vals.tolist()))
            rankings.append(self._pool(ranked_dense, lang))
            weights.append(1.0)
        if lex:
            rankings.append(self._pool(lex, lang))
            weights.append(cfg.lexical_weight if lang in self.index.languages else cfg.lexical_weight_foreign)
        if qv is not None and cfg.centroid_weight:
            keys, mat = self.index.unit_centroids()
            sims = mat @ qv
            rankings.append([keys[i] for i in np.argsort(-sims)[:DENSE_DEPTH]
                             if allowed is None or self._unit_allowed(keys[i], docs, langs)])
            weights.append(cfg.centroid_weight)
        if qv is not None and cfg.title_weight and len(self.index.title_vectors):
            sims = self.index.title_vectors @ qv
            if cfg.lang_norm:
                sims = self._lang_normalised(sims, self._title_langs)
            best: dict[tuple[str, str], float] = {}
            for i in np.argsort(-sims)[:DENSE_DEPTH]:
                doc, unit, tlang = self.index.titles[i]
                if (docs and doc not in docs) or (langs and tlang not in langs):
                    continue
                best.setdefault((doc, unit), float(sims[i]))
            rankings.append(list(best))
            weights.append(cfg.title_weight)
        if dense and cfg.prf_weight and mode == "hybrid":
            rankings.append(self._pool(self._prf(dense, allowed), lang))
            weights.append(cfg.prf_weight)
        fused = rrf(rankings, k=cfg.rrf_k, weights=weights) if rankings else {}
        if fams and not docs and cfg.family_bonus:
            for key in fused:
                if key[0] in fams:
                    fused[key] += cfg.family_bonus
        if cfg.intent_weight and fused:
            # the provisions of the kind asked for, those of a named act first, then by the other signals
            for intent in intents.detect(question, lang):
                keys = [k for k in self._intent_units(intent)
                        if allowed is None or self._unit_allowed(k, docs, langs)]
                keys.sort(key=lambda k: (k[0] not in fams, -fused.get(k, 0.0)))
                for rank, key in enumerate(keys, start=1):
                    fused[key] = fused.get(key, 0.0) + cfg.intent_weight / (cfg.rrf_k + rank)

        # provision lookup: named units first, in the order named
        lookups: list[tuple[tuple[str, str], Reference]] = []
        for ref in refs if cfg.lookups else []:
            for key in self._resolve(ref, fams, docs, fused):
                if key not in [k for k, _ in lookups]:
                    lookups.append((key, ref))
        order = [k for k, _ in lookups] + [k for k in self._place_recitals(ranked(fused), fused)
                                           if k not in dict(lookups)]

        # chunk-level score to pick the passage of each unit: dense cosine (+ a lexical tie-breaker)
        lex_max = max(lex.values(), default=1.0) or 1.0
        def chunk_score(row: int) -> float:
            return dense.get(row, 0.0) + 0.1 * lex.get(row, 0.0) / lex_max

        hits: list[Hit] = []
        ref_of = dict(lookups)
        allowed_set = None if allowed is None else set(allowed.tolist())
        for key in order[:top_k]:
            rows = [r for r in self.index.unit_rows.get(key, []) if allowed_set is None or r in allowed_set]
            if not rows:
                continue
            rows.sort(key=chunk_score, reverse=True)
            ref = ref_of.get(key)
            best = self._pick_passage(rows, lang, ref, chunk_score)
            hits.append(Hit(doc=key[0], unit=key[1], row=best, lang=self.index.chunks[best].lang,
                            score=round(float(fused.get(key, 0.0)) + (1.0 if key in ref_of else 0.0), 6),
                            rows=rows, lookup=key in ref_of, reference=ref))
        return Retrieval(hits=hits, query_vector=qv, references=refs, families=fams,
                         ms=(time.perf_counter() - t0) * 1000, chunk_scores=dense)

    def _intent_units(self, intent: str) -> list[tuple[str, str]]:
        """Units whose heading (in any language version) is of the intent's kind."""
        cache = self._intent_units_cache
        if intent not in cache:
            keys = []
            for key, rows in self.index.unit_rows.items():
                heads = {self.index.chunks[r].heading_path[-1] for r in rows if self.index.chunks[r].heading_path}
                if key[1].startswith(("art_", "sec_")) and any(intents.matches_heading(intent, h) for h in heads):
                    keys.append(key)
            cache[intent] = keys
        return cache[intent]

    def _unit_allowed(self, key: tuple[str, str], docs, langs) -> bool:
        if docs and key[0] not in docs:
            return False
        return not langs or any(self.index.chunks[r].lang in langs for r in self.index.unit_rows[key])

    def _place_recitals(self, order: list[tuple[str, str]], fused: dict) -> list[tuple[str, str]]:
        """Each recital preceded by its linked articles (not already ranked higher; they take its score),
        then recitals at `recital_weight` of their score: the articles are what answer a question."""
        n, w = self.config.recital_links, self.config.recital_weight
        out: list[tuple[str, str]] = []
        seen: set[tuple[str, str]] = set()
        for key in order:
            for art in self.index.links.get(key[0], {}).get(key[1], [])[:n]:
                akey = (key[0], art)
                if akey not in seen:
                    seen.add(akey)
                    out.append(akey)
                    fused[akey] = max(fused.get(akey, 0.0), fused.get(key, 0.0))
            if key not in seen:
                seen.add(key)
                out.append(key)
        if w == 1.0:
            return out
        for key in out:
            if key[1].startswith("rct_"):
                fused[key] *= w
        return ranked({k: fused[k] for k in out})

    def _resolve(self, ref: Reference, fams: list[str], docs: list[str] | None,
                 fused: dict[tuple[str, str], float]) -> list[tuple[str, str]]:
        """(doc, unit) keys a reference points at: its family, else the families named or filtered,
        else every family that has such a unit, best-scoring family first."""
        cands = [ref.doc] if ref.doc else (fams or docs or self.index.doc_ids)
        keys = [(d, ref.unit) for d in cands if (d, ref.unit) in self.index.unit_rows]
        keys.sort(key=lambda k: -fused.get(k, 0.0))
        return keys if (ref.doc or fams or docs or len(keys) <= 1) else keys[:3]

    def _pick_passage(self, rows: list[int], lang: str | None, ref: Reference | None, score) -> int:
        """Best chunk of a unit, in the question's language when that version exists, else in the first
        of FALLBACK_LANGS that exists (more askers read English than Dutch); for a
        reference to a paragraph/point, the chunk whose label covers it."""
        chunks = self.index.chunks
        pool = rows
        for want in (lang, *FALLBACK_LANGS):
            same = [r for r in rows if chunks[r].lang == want]
            if want and same:
                pool = same
                break
        if ref is not None and (ref.paragraph or ref.point):
            for r in pool:
                if reference_offset(chunks[r], ref.paragraph, ref.point) is not None:
                    return r
        return max(pool, key=score)
