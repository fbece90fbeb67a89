"""Measure retrieval ideas on the dev set: each variant of the retriever, side by side.

    python bench/retrieval_ablation.py [--dataset eval/questions.jsonl] [--corpus DIR] [--index DIR]

Retrieval only (no answering); the query embedding is computed once per question and shared by all
variants. Prints Recall@1/@5/@10 and MRR@10 overall, per question type and cross- vs same-language.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from policyqa.config import Settings  # noqa: E402
from policyqa.evaluation.dataset import load_questions  # noqa: E402
from policyqa.evaluation.metrics import first_hit_rank, recall_at, reciprocal_rank  # noqa: E402
from policyqa.evaluation.runner import is_crosslingual, unit_languages  # noqa: E402
from policyqa.pipeline import Pipeline  # noqa: E402
from policyqa.retrieval.retriever import RetrievalConfig  # noqa: E402

BASE = RetrievalConfig()
PREV = replace(BASE, foreign_signals={})     # the default before the foreign-language sentence re-ranking
D = BASE.signals
# each step adds one idea to the one before; the default is RetrievalConfig() (its `signals` in order)
OFF = dict(recital_weight=1.0, lang_norm=0)   # the ideas after the heading ranking (with intents)


def sig(*names: str, **weights: float) -> dict[str, float]:
    """The named signals at their default weights (in the default's order), some set to `weights`."""
    out = {n: D[n] for n in D if n in names}
    out.update(weights)
    return out


NAIVE = replace(PREV, signals=sig("dense", bm25=1.0), pool="chunk", recital_links=0, bm25_foreign=1.0,
                rrf_k=60, **OFF)
STEP = dict(pool="max", bm25_foreign=0.25, recital_links=1)
VARIANTS = {
    "bm25 (naive)": ("bm25", NAIVE),
    "dense (naive)": ("dense", NAIVE),
    "hybrid RRF (naive)": ("hybrid", NAIVE),
    "+ pool units across languages": ("hybrid", replace(NAIVE, pool="max")),
    "+ family names": ("hybrid", replace(NAIVE, pool="max", signals=sig("dense", "family", bm25=1.0))),
    "+ provision lookup": ("hybrid", replace(NAIVE, pool="max", signals=sig("dense", "family", "lookups", bm25=1.0))),
    "+ BM25 'more like this' per language (PRF)": ("hybrid", replace(
        NAIVE, pool="max", signals=sig("dense", "prf", "family", "lookups", bm25=1.0))),
    "+ BM25 weight 0.25 for languages not in the index": ("hybrid", replace(
        NAIVE, pool="max", bm25_foreign=0.25, signals=sig("dense", "prf", "family", "lookups", bm25=1.0))),
    "+ recital → article links": ("hybrid", replace(
        NAIVE, **STEP, signals=sig("dense", "prf", "family", "lookups", bm25=1.0))),
    "+ BM25 weight 0.7, RRF k 20": ("hybrid", replace(PREV, signals=sig("dense", "bm25", "prf", "family", "lookups"), **OFF)),
    "+ heading-only ranking of articles, annexes, sections 0.5": ("hybrid", replace(
        PREV, signals=sig("dense", "bm25", "headings", "prf", "family", "lookups"), **OFF)),
    "+ question intents (when / fines / remedies) 2": ("hybrid", replace(PREV, **OFF)),
    "+ recitals at half score": ("hybrid", replace(PREV, lang_norm=0)),
    "+ dense/heading cosines normalised per language, top 100 (default before 2026-12-01)": ("hybrid", PREV),
    "+ best-sentence re-ranking of the top 30 for questions without a corpus version, 2 (default)": ("hybrid", BASE),
    "default, dense only": ("dense", BASE),
    "alt: pool mean over languages": ("hybrid", replace(PREV, pool="mean")),
    "alt: 2 links per recital": ("hybrid", replace(PREV, recital_links=2)),
    "alt: + unit centroid ranking 0.5": ("hybrid", replace(PREV, signals={
        "dense": 1.0, "bm25": 0.7, "centroid": 0.5, **{k: v for k, v in D.items() if k not in ("dense", "bm25")}})),
    "alt: + Rocchio 0.5": ("hybrid", replace(PREV, rocchio=0.5)),
    "alt: headings 0.3": ("hybrid", PREV.with_signals(headings=0.3)),
    "alt: headings 1.0": ("hybrid", PREV.with_signals(headings=1.0)),
    "alt: family bonus 0.02": ("hybrid", PREV.with_signals(family=0.02)),
    "alt: intents 1": ("hybrid", PREV.with_signals(intents=1.0)),
    "alt: intents 3": ("hybrid", PREV.with_signals(intents=3.0)),
    "alt: recitals dropped (x0)": ("hybrid", replace(PREV, recital_weight=0.0)),
    "alt: language normalisation top 20": ("hybrid", replace(PREV, lang_norm=20)),
    # new signals (off by default unless measured to help)
    "new: + best-sentence re-ranking of the top 30, 0.5": ("hybrid", PREV.with_signals(sentences=0.5)),
    "new: + best-sentence re-ranking of the top 30, 0.5, raw cosines": ("hybrid", replace(
        PREV.with_signals(sentences=0.5), sentence_lang_norm=False)),
    "new: + best-sentence re-ranking of the top 30, 1.0": ("hybrid", PREV.with_signals(sentences=1.0)),
    "new: + question sentences embedded separately, 1.0": ("hybrid", PREV.with_signals(question_sentences=1.0)),
    "new: + lexicon query translation into the corpus languages, 0.5": ("hybrid", PREV.with_signals(lexicon=0.5)),
    "new: + lexicon query translation into the corpus languages, 1.0": ("hybrid", PREV.with_signals(lexicon=1.0)),
    "new: + sentence search over all the index's sentences, 0.5": ("hybrid", PREV.with_signals(sentence_search=0.5)),
    "new: + sentence search over all the index's sentences, 1.0": ("hybrid", PREV.with_signals(sentence_search=1.0)),
    "new: + best-sentence re-ranking 0.5, questions without a corpus version only": ("hybrid", replace(
        PREV, foreign_signals={"sentences": 0.5})),
    "new: + best-sentence re-ranking 1.0, questions without a corpus version only": ("hybrid", replace(
        PREV, foreign_signals={"sentences": 1.0})),
    "new: + best-sentence re-ranking 2.0, questions without a corpus version only": ("hybrid", replace(
        PREV, foreign_signals={"sentences": 2.0})),
    "new: + best-sentence re-ranking 3.0, questions without a corpus version only": ("hybrid", replace(
        PREV, foreign_signals={"sentences": 3.0})),
    "new: + act vote (the top 10's act), 0.5": ("hybrid", PREV.with_signals(act_vote=0.5)),
    "new: + act vote (the top 10's act), 1.0": ("hybrid", PREV.with_signals(act_vote=1.0)),
    "combo: sentence re-ranking 1.0 without a corpus version + question sentences 1.0": ("hybrid", replace(
        PREV.with_signals(question_sentences=1.0), foreign_signals={"sentences": 1.0})),
    "combo: the same + headings 1.0 without a corpus version": ("hybrid", replace(
        PREV.with_signals(question_sentences=1.0), foreign_signals={"sentences": 1.0, "headings": 1.0})),
    "combo: the same + headings 0.25 without a corpus version": ("hybrid", replace(
        PREV.with_signals(question_sentences=1.0), foreign_signals={"sentences": 1.0, "headings": 0.25})),
    "combo: the same, sentence re-ranking of the top 50": ("hybrid", replace(
        PREV.with_signals(question_sentences=1.0), foreign_signals={"sentences": 1.0}, sentence_depth=50)),
    "combo: the same, sentence re-ranking 2.0": ("hybrid", replace(
        PREV.with_signals(question_sentences=1.0), foreign_signals={"sentences": 2.0})),
    "timing: the default again": ("hybrid", BASE),
    "drift: dense cosines normalised through aligned versions": ("hybrid", replace(PREV, lang_norm_mode="aligned")),
    "drift: no PRF": ("hybrid", PREV.with_signals(prf=0)),
    "drift: PRF seeded by the best dense units in each of their languages": ("hybrid", replace(PREV, prf_seed="units")),
    "drift: BM25 weight by the share of acts in the question's language": ("hybrid", replace(PREV, bm25_coverage=True)),
    "drift: no BM25": ("hybrid", PREV.with_signals(bm25=0)),
}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dataset", default=str(REPO / "eval" / "questions.jsonl"))
    ap.add_argument("--corpus")
    ap.add_argument("--index")
    ap.add_argument("--only", help="variant names separated by |")
    ap.add_argument("--match", help="only the variants whose name contains one of these texts (|-separated)")
    ap.add_argument("--limit", type=int, help="the first N answerable questions only (quick iterations)")
    ap.add_argument("--qlangs", help="only questions in these languages (comma-separated)")
    ap.add_argument("--qv-cache", help="an .npz file keeping the query embeddings between runs (rebuilt when "
                    "the questions or the model differ)")
    ap.add_argument("--warmup", type=int, default=20, help="questions run untimed before each variant "
                    "(lazy per-index caches are filled by the first variant that needs them)")
    ap.add_argument("--depth", type=int, default=10, help="units retrieved per question (ranks beyond 10 are "
                    "only kept in --out)")
    ap.add_argument("--interleave", action="store_true", help="run each question through all the variants in "
                    "turn (fair timings on a loaded machine) instead of one variant after the other")
    ap.add_argument("--out", help="a JSON file: each variant's row and per-question gold ranks are added to it")
    args = ap.parse_args()
    if "heldout" in Path(args.dataset).name:
        sys.exit("retrieval_ablation: the held-out set must not be used to choose anything")
    qa = Pipeline.open(Settings.load(corpus=args.corpus, index=args.index))
    qs = [q for q in load_questions(args.dataset) if q.answerable
          and (not args.qlangs or q.lang in args.qlangs.split(","))][: args.limit]
    langs_of = unit_languages(qa.index.unit_rows, [c.lang for c in qa.index.chunks])
    qvs = query_vectors(qa.embedder, [q.question for q in qs], args.qv_cache)
    variants = VARIANTS if not args.only else {k: VARIANTS[k] for k in args.only.split("|")}
    if args.match:
        variants = {k: v for k, v in variants.items() if any(m in k for m in args.match.split("|"))}
    groups = ["all", "factoid", "lookup", "crosslingual", "xl:yes", "xl:no", "corpus langs", "other langs"]
    print(f"{len(qs)} answerable questions; R@5 by group, then overall R@1/R@10/MRR")
    print(f"({sum(q.lang not in qa.index.languages for q in qs)} of them in a language without a corpus version; "
          "ms: mean retrieve time without the query embedding)")
    print("| variant | " + " | ".join(f"R@5 {g}" for g in groups) + " | R@1 | R@10 | MRR@10 | ms |")
    print("|---" * (len(groups) + 5) + "|")
    def run(name: str, q, qv) -> tuple[int | None, list[str], float]:
        mode, cfg = variants[name]
        qa.retriever.config = cfg
        r = qa.retriever.run(q.question, lang=qa.question_language(q.question), mode=mode, top_k=args.depth,
                             query_vector=qv)
        return first_hit_rank([(h.doc, h.unit) for h in r.hits], q.gold), [f"{h.doc}:{h.unit}" for h in r.hits[:10]], r.ms

    def warm(name: str) -> None:
        for q, qv in list(zip(qs, qvs))[: args.warmup]:
            run(name, q, qv)

    def report(name: str, results: list[tuple[int | None, list[str], float]]) -> None:
        rows = [(q, is_crosslingual(q, langs_of), rank) for q, (rank, _, _) in zip(qs, results)]
        ms = [m for *_, m in results]

        def r_at(sel, k):
            sel = list(sel)
            return sum(recall_at(rk, k) for _, _, rk in sel) / max(len(sel), 1)
        sel = {"all": rows, "xl:yes": [r for r in rows if r[1]], "xl:no": [r for r in rows if r[1] is False]}
        for t in ("factoid", "lookup", "crosslingual"):
            sel[t] = [r for r in rows if r[0].type == t]
        sel["corpus langs"] = [r for r in rows if r[0].lang in qa.index.languages]
        sel["other langs"] = [r for r in rows if r[0].lang not in qa.index.languages]
        mrr = sum(reciprocal_rank(rk, 10) for *_, rk in rows) / len(rows)
        print(f"| {name} | " + " | ".join(f"{r_at(sel[g], 5):.3f}" for g in groups)
              + f" | {r_at(rows, 1):.3f} | {r_at(rows, 10):.3f} | {mrr:.3f} | {sum(ms) / len(ms):.1f} |", flush=True)
        if args.out:
            save(args.out, name, {
                "r5": {g: round(r_at(sel[g], 5), 4) for g in groups}, "n": {g: len(sel[g]) for g in groups},
                "r1": round(r_at(rows, 1), 4), "r10": round(r_at(rows, 10), 4), "mrr10": round(mrr, 4),
                "r30": round(r_at(rows, 30), 4) if args.depth >= 30 else None,
                "ms": round(sum(ms) / len(ms), 2), "load": os.getloadavg()[0], "interleaved": args.interleave,
                "ranks": {q.id: rk for q, _, rk in rows}, "top": {q.id: t for q, (_, t, _) in zip(qs, results)}})

    if args.interleave:         # every question through every variant in turn: timings see the same load
        for name in variants:
            warm(name)
        results: dict[str, list] = {name: [] for name in variants}
        for q, qv in zip(qs, qvs):
            for name in variants:
                results[name].append(run(name, q, qv))
        for name in variants:
            report(name, results[name])
    else:
        for name in variants:
            warm(name)
            report(name, [run(name, q, qv) for q, qv in zip(qs, qvs)])
    return 0


def query_vectors(embedder, texts: list[str], cache: str | None) -> np.ndarray:
    """The query embeddings, from `cache` when it holds the same texts embedded by the same model."""
    key = hashlib.sha256(("\n".join([embedder.model_id, *texts])).encode()).hexdigest()
    if cache and Path(cache).exists():
        z = np.load(cache)
        if str(z["key"]) == key:
            return z["qvs"]
    qvs = np.asarray(embedder.embed_queries(texts))
    if cache:
        tmp = Path(cache).with_suffix(".tmp.npz")
        np.savez(tmp, key=key, qvs=qvs)
        os.replace(tmp, cache)
    return qvs


def save(path: str, name: str, row: dict) -> None:
    """Add one variant's results to the JSON file at `path` (atomically)."""
    p = Path(path)
    data = json.loads(p.read_text()) if p.exists() else {}
    data[name] = row
    tmp = p.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=1))
    os.replace(tmp, p)


if __name__ == "__main__":
    sys.exit(main())
