"""The retriever: one `run()` from a question to ranked provisions (units), each with its best passage.

Each signal is one module of `policyqa.retrieval.signals` with one `rank()` (question context → ranked
units); `RetrievalConfig.signals` names the signals used and their weights, and
`policyqa.retrieval.fuser` combines them (each measured on eval/questions.jsonl with
bench/retrieval_ablation.py; README "Evaluation"):
- dense: cosine of the query embedding to every allowed chunk (exact search), normalised per passage
  language (minus the mean of that language's top 100), so a question's own language does not
  outrank the act it asks about;
- bm25: BM25 per corpus language, the question analysed with each language's stemmer (weight 0.7;
  `bm25_foreign` 0.25 when no document is in the question's language);
- prf: BM25 "more like this" per corpus language, seeded with the top dense passages of that language;
- headings: articles and annexes ranked by the embedding of their heading path alone (weight 0.5);
  a unit's score in each chunk-level signal is the best score of its chunks in any language version;
  these are fused by reciprocal rank fusion (k 20);
- family: units of a family the question names ("AVG", "KI-Verordnung") get +0.1;
- intents: a "when / what fine / where to complain" question adds a ranking of the provisions of that
  kind (entry into force, penalties, remedies — policyqa.retrieval.intents), weight 2;
- lookups: units the question names ("Article 5(1)(f)", "bijlage III") go first.
For a question in a language with no document in the index (`foreign_signals`, e.g. Finnish or Latvian):
- sentences: the fused top 30 re-ranked by their best sentence's cosine to the question (weight 2);
  a citizen's short question is closer to the one sentence that answers it than to the passage around it.
Then each recital is preceded by the article it explains (policyqa.indexing.links), and recitals count
half: the articles are what a question about the law is answered by. Per unit, the passage shown is
its best chunk, in the question's language when that version exists (else English, else French).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from policyqa.chunking.chunker import reference_offset
from policyqa.indexing.store import LoadedIndex
from policyqa.provisions import Reference, parse_references
from policyqa.retrieval.context import QueryContext
from policyqa.retrieval.evidence import evidence
from policyqa.retrieval.fuser import fuse
from policyqa.retrieval.fusion import ranked
from policyqa.retrieval.signals import SIGNALS
from policyqa.sources import find_families

MODES = ("hybrid", "dense", "bm25")
FALLBACK_LANGS = ("en", "fr")   # versions shown when the question's language has none

# the signals used and their weights, in fusion order (each one module of policyqa.retrieval.signals);
# the measured best (bench/retrieval_ablation.py)
DEFAULT_SIGNALS = {"dense": 1.0, "bm25": 0.7, "headings": 0.5, "prf": 1.0,
                   "family": 0.1, "intents": 2.0, "lookups": 1.0}
# over DEFAULT_SIGNALS for questions in a language without a corpus version (measured on the dev set's
# 316 such questions: R@5 0.532 → 0.557, 1 ms; it lowered the corpus languages' R@5 at 0.5 and 1, so not there)
DEFAULT_FOREIGN_SIGNALS = {"sentences": 2.0}


@dataclass
class RetrievalConfig:
    """Knobs of the retriever; defaults are the measured best (bench/retrieval_ablation.py)."""

    signals: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_SIGNALS))
                                   # signal name → weight (RRF weight; "family": the bonus added;
                                   # "lookups": the score bump of named provisions); absent or 0 = off
    pool: str = "max"              # "max": a unit scores its best chunk over all language versions;
                                   # "mean": the mean over its language versions of each one's best chunk;
                                   # "chunk": no pooling — units in order of their first chunk (baseline)
    bm25_foreign: float = 0.25     # the bm25 weight when no document of the index is in the question's language
    foreign_signals: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_FOREIGN_SIGNALS))
                                   # signal name → weight used instead of `signals`' when no document of the
                                   # index is in the question's language (0 turns one off for those questions)
    rocchio: float = 0.0           # dense query expansion: q + rocchio · mean of the top passages' vectors
    rocchio_depth: int = 3
    prf_depth: int = 2             # top dense passages per language that seed the "more like this" signal
    prf_seed: str = "language"     # "language": each language's own best passages; "units": the best
                                   # dense units' passages in each language version they have
    bm25_coverage: bool = False    # bm25 weight scaled by the share of acts with a question-language version
    recital_links: int = 1         # list up to this many linked articles right before each recital
    rrf_k: int = 20
    recital_weight: float = 0.5    # fused score of recitals × this (after their linked articles took it)
    lang_norm: int = 100           # >0: dense and heading cosines minus the mean of the top-N cosines in
                                   # the passage's language (removes e5's same-language pull); 0: raw
    sentence_lang_norm: bool = True   # the "sentences" signal: best-sentence cosines minus their language's mean
    sentence_depth: int = 30       # the "sentences" signal: the fused top units it re-ranks (DEPTH there)
    lang_norm_mode: str = "top"    # dense chunks: "top" as above; "aligned": each language's offset from
                                   # the same units' versions in the index's reference language

    def with_signals(self, **weights: float) -> "RetrievalConfig":
        """A copy with these signal weights set (0 turns one off), the others as they are."""
        from dataclasses import replace
        return replace(self, signals={**self.signals, **weights})


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
    evidence: dict[str, float] = field(default_factory=dict)  # answerability features (retrieval.evidence)


class Retriever:
    def __init__(self, index: LoadedIndex, embedder, config: RetrievalConfig | None = None):
        self.index = index
        self.embedder = embedder
        self.config = config or RetrievalConfig()
        self._signals: dict[str, object] = {}        # one instance per signal (they cache per index)

    def weights(self, lang: str | None) -> dict[str, float]:
        """The signal weights for a question in `lang`: `signals`, with `foreign_signals` over them when
        the index holds no document in that language."""
        cfg = self.config
        if not cfg.foreign_signals or lang in self.index.languages:
            return cfg.signals
        return {**cfg.signals, **cfg.foreign_signals}

    def signals(self, weights: dict[str, float] | None = None) -> list:
        """The signal objects named with a non-zero weight (in `weights`, default the config's), in order."""
        out = []
        for name, w in (self.config.signals if weights is None else weights).items():
            if not w:
                continue
            if name not in SIGNALS:
                raise ValueError(f"unknown retrieval signal {name!r} ({', '.join(SIGNALS)})")
            if name not in self._signals:
                self._signals[name] = SIGNALS[name](self.index)
            out.append(self._signals[name])
        return out

    def run(self, question: str, *, lang: str | None = None, docs: list[str] | None = None,
            langs: list[str] | None = None, mode: str = "hybrid", top_k: int = 10,
            query_vector: np.ndarray | None = None) -> Retrieval:
        if mode not in MODES:
            raise ValueError(f"unknown retrieval mode {mode!r} ({', '.join(MODES)})")
        t0 = time.perf_counter()
        cfg = self.config
        known = set(self.index.doc_ids)
        fams = [d for d, _, _ in find_families(question) if d in known]
        ctx = QueryContext(question=question, lang=lang, docs=docs, langs=langs, mode=mode, index=self.index,
                           config=cfg, embedder=self.embedder, query_vector=query_vector,
                           references=parse_references(question), families=list(dict.fromkeys(fams)))
        dense, lex = ctx.dense, ctx.lexical
        weights = self.weights(lang)
        fused, first = fuse(ctx, self.signals(weights), weights, cfg.rrf_k)
        order = list(first) + [k for k in self._place_recitals(ranked(fused), fused) if k not in first]

        # chunk-level score to pick the passage of each unit: dense cosine (+ a lexical tie-breaker)
        lex_max = max(lex.values(), default=1.0) or 1.0
        def chunk_score(row: int) -> float:
            return dense.get(row, 0.0) + 0.1 * lex.get(row, 0.0) / lex_max

        hits: list[Hit] = []
        for key in order[:top_k]:
            rows = [r for r in self.index.unit_rows.get(key, []) if ctx.row_allowed(r)]
            if not rows:
                continue
            rows.sort(key=chunk_score, reverse=True)
            ref = ctx.lookups.get(key) if key in first else None
            best = self._pick_passage(rows, lang, ref, chunk_score)
            hits.append(Hit(doc=key[0], unit=key[1], row=best, lang=self.index.chunks[best].lang,
                            score=round(float(fused.get(key, 0.0)) + first.get(key, 0.0), 6),
                            rows=rows, lookup=key in first, reference=ref))
        ev = evidence(ctx, order, [h.row for h in hits])
        return Retrieval(hits=hits, query_vector=ctx.qv, references=ctx.references, families=ctx.families,
                         ms=(time.perf_counter() - t0) * 1000, chunk_scores=dense, evidence=ev)

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
            # the chunk holding the named point itself, else the one where its paragraph starts
            for exact in (True, False):
                for r in pool:
                    if reference_offset(chunks[r], ref.paragraph, ref.point, exact=exact) is not None:
                        return r
        return max(pool, key=score)
