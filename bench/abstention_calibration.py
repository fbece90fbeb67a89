"""Calibrate abstention on the dev set: how well each confidence signal separates unanswerable questions,
and the precision/recall/false-abstention of thresholds on the one policyqa uses.

    python bench/abstention_calibration.py [--dataset eval/questions.jsonl] [--corpus DIR] [--index DIR]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from policyqa.answer.abstain import signals, unknown_names  # noqa: E402
from policyqa.config import Settings  # noqa: E402
from policyqa.evaluation.dataset import load_questions  # noqa: E402
from policyqa.pipeline import Pipeline  # noqa: E402


def auc(pos: np.ndarray, neg: np.ndarray) -> float:
    """P(score of a random answerable > score of a random unanswerable question)."""
    return float(np.mean([(p > n) + 0.5 * (p == n) for p in pos for n in neg]))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dataset", default=str(REPO / "eval" / "questions.jsonl"))
    ap.add_argument("--corpus")
    ap.add_argument("--index")
    args = ap.parse_args()
    qa = Pipeline.open(Settings.load(corpus=args.corpus, index=args.index))
    qs = load_questions(args.dataset)
    feats, unans, lookups, unk = [], [], [], []
    for q in qs:
        lang = qa.question_language(q.question)
        r = qa.retriever.run(q.question, lang=lang, top_k=qa.settings.top_k)
        _, sims = qa.answerer.score_sentences(q.question, r)
        s = signals(r, sims)
        feats.append(s)
        unans.append(q.type == "unanswerable")
        lookups.append(bool(r.hits) and r.hits[0].lookup)
        unk.append(bool(unknown_names(q.question, qa.index.lexical)))
    unans = np.array(unans)
    names = list(feats[0])
    X = np.array([[f[n] for n in names] for f in feats])
    print(f"{len(qs)} questions, {unans.sum()} unanswerable")
    print("| signal | AUC | mean answerable | mean unanswerable |\n|---|---|---|---|")
    for j, n in enumerate(names):
        print(f"| {n} | {auc(X[~unans, j], X[unans, j]):.3f} | {X[~unans, j].mean():.3f} | {X[unans, j].mean():.3f} |")
    j = names.index("confidence")
    unk = np.array(unk)
    print(f"\nunknown names: {int((unk & unans).sum())} unanswerable, {int((unk & ~unans).sum())} answerable")
    print("\nthresholds on `confidence`, or an unknown name (lookups never abstain):")
    print("| threshold | precision | recall | F1 | false abstention |\n|---|---|---|---|---|")
    for t in np.arange(0.78, 0.90, 0.005):
        ab = ((X[:, j] < t) | unk) & ~np.array(lookups)
        tp = (ab & unans).sum()
        p = tp / ab.sum() if ab.sum() else 0.0
        rc = tp / unans.sum()
        f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
        fa = (ab & ~unans).sum() / (~unans).sum()
        print(f"| {t:.3f} | {p:.2f} | {rc:.2f} | {f1:.2f} | {fa:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
