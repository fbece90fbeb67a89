"""Fit and check the answerability model (policyqa.answer.abstain) on the dev set.

    python bench/abstention_calibration.py [--dataset eval/questions.jsonl] [--corpus DIR] [--index DIR]
                                           [--write] [--limit N]

Runs every dev question through the default retriever and the answer's sentence scoring, prints how well
each feature separates the unanswerable questions (AUC), then cross-validates a logistic regression
(scikit-learn; 5 stratified folds × 10 shuffles): on each training part the cut-off is the lowest
unanswerable-probability whose false abstention on the training part's own out-of-fold predictions is
at most MAX_FALSE, and the held-out fold is scored with it. Prints the cross-validated precision /
recall / F1 / false abstention, and the same for the older cosine rule. `--write` fits on all the dev
questions and stores the model (standardisation, coefficients, cut-off) as plain numbers in
src/policyqa/answer/abstain_model.json, which the query path applies with numpy.
Questions that name a provision (lookups) and requests for legal advice (policyqa.answer.advice: they get
the "these texts cannot decide your case" statement and the provisions) never abstain and are left out of
the fit; they still count in the figures (an unanswerable advice request counts as not abstained).
`--features FILE` caches the per-question features (computed when the file is missing or with
--refresh), so a refit after a change of the model's maths needs no retrieval.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
MAX_FALSE = 0.03          # the operating point: abstain on at most 3 % of answerable questions
C = 1.0                   # inverse L2 strength of the logistic regression
sys.path.insert(0, str(REPO / "src"))

from policyqa.answer.abstain import (DEFAULT_THRESHOLD, FEATURES, MODEL_FILE, feature_vector,  # noqa: E402
                                     question_signals, signals)
from policyqa.answer.advice import asks_for_advice  # noqa: E402
from policyqa.config import Settings  # noqa: E402
from policyqa.evaluation.dataset import load_questions  # noqa: E402
from policyqa.pipeline import Pipeline  # noqa: E402


def auc(pos: np.ndarray, neg: np.ndarray) -> float:
    """P(score of a random answerable > score of a random unanswerable question)."""
    return float(np.mean([(p > n) + 0.5 * (p == n) for p in pos for n in neg]))


def prf(abstain: np.ndarray, unans: np.ndarray) -> tuple[float, float, float, float]:
    tp = (abstain & unans).sum()
    p = tp / abstain.sum() if abstain.sum() else 0.0
    r = tp / unans.sum() if unans.sum() else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f1, (abstain & ~unans).sum() / max((~unans).sum(), 1)


def make_model():
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    return make_pipeline(StandardScaler(), LogisticRegression(C=C, class_weight="balanced", max_iter=1000))


def cutoff_for(prob: np.ndarray, unans: np.ndarray) -> float:
    """The lowest cut-off on P(unanswerable) with false abstention ≤ MAX_FALSE on these predictions."""
    ans = np.sort(prob[~unans])[::-1]
    allowed = int(np.floor(MAX_FALSE * len(ans)))      # answerable questions we may abstain on
    # abstain when prob >= cutoff: the cut-off just above the (allowed+1)-th highest answerable prob
    return float(np.nextafter(ans[allowed], 1.0)) if allowed < len(ans) else 0.0


def fit_with_cutoff(X: np.ndarray, y: np.ndarray, seed: int):
    """A model fitted on (X, y) and the cut-off chosen on its own 5-fold out-of-fold predictions."""
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    inner = StratifiedKFold(5, shuffle=True, random_state=seed)
    oof = cross_val_predict(make_model(), X, y, cv=inner, method="predict_proba")[:, 1]
    return make_model().fit(X, y), cutoff_for(oof, y)


def collect(qa, qs) -> list[dict]:
    """Per question: its id, type, whether it names a provision (`lookup`), its unknown names and the
    answerability features (policyqa.answer.abstain.signals), as the ask path computes them."""
    from tqdm import tqdm
    rows = []
    for q in tqdm(qs, desc="features", unit="q", file=sys.stderr, mininterval=5):
        question = qa.check_question(q.question)
        lang = qa.question_language(question)
        r = qa.retriever.run(question, lang=lang, mode=qa.settings.retriever, top_k=qa.settings.top_k)
        _, sims = qa.answerer.score_sentences(question, r)
        unk, words = question_signals(question, lang, qa.index)
        feats = {**signals(r, sims), **words}
        rows.append({"id": q.id, "type": q.type, "lookup": bool(r.hits) and r.hits[0].lookup,
                     "advice": asks_for_advice(question),
                     "unknown": unk, "features": {k: float(v) for k, v in feats.items()}})
    return rows


def read_features(path: Path, qs) -> list[dict]:
    """The cached rows of `qs` (in their order); an error when the cache lacks one of them."""
    by_id = {r["id"]: r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if r}
    missing = [q.id for q in qs if q.id not in by_id]
    if missing:
        sys.exit(f"abstention_calibration: {path} lacks {len(missing)} questions ({missing[0]} …): pass --refresh")
    return [by_id[q.id] for q in qs]


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dataset", default=str(REPO / "eval" / "questions.jsonl"))
    ap.add_argument("--corpus")
    ap.add_argument("--index")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--features", help="cache of the per-question features (JSONL): read when present, "
                    "else computed and written; refits then need no retrieval")
    ap.add_argument("--refresh", action="store_true", help="recompute the --features cache")
    ap.add_argument("--write", action="store_true", help=f"fit on all and write {MODEL_FILE.name}")
    args = ap.parse_args()
    if "heldout" in Path(args.dataset).name:
        sys.exit("abstention_calibration: the held-out set must not be used to fit or choose anything")
    qs = load_questions(args.dataset)[: args.limit]
    cache = Path(args.features) if args.features else None
    if cache and cache.is_file() and not args.refresh:
        rows = read_features(cache, qs)
        print(f"features of {len(rows)} questions read from {cache}")
    else:
        qa = Pipeline.open(Settings.load(corpus=args.corpus, index=args.index))
        rows = collect(qa, qs)
        if cache:
            write_atomic(cache, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
            print(f"features of {len(rows)} questions written to {cache}")
    X = np.array([feature_vector(r["features"], r["unknown"]) for r in rows])
    y = np.array([r["type"] == "unanswerable" for r in rows])
    lk = np.array([r["lookup"] or r.get("advice", False) for r in rows])      # never abstain
    conf = np.array([r["features"]["confidence"] for r in rows])
    unk_any = np.array([bool(r["unknown"]) for r in rows])
    print(f"{len(qs)} questions, {y.sum()} unanswerable, {lk.sum()} lookups or legal-advice requests (never "
          f"abstain, not fitted; {(lk & y).sum()} of them unanswerable)")
    print("| feature | AUC (answerable higher) | mean answerable | mean unanswerable |\n|---|---|---|---|")
    for j, n in enumerate(FEATURES):
        print(f"| {n} | {auc(X[~y, j], X[y, j]):.3f} | {X[~y, j].mean():.3f} | {X[y, j].mean():.3f} |")

    from sklearn.model_selection import StratifiedKFold
    fit = ~lk
    Xf, yf = X[fit], y[fit]
    old = ((conf < DEFAULT_THRESHOLD) | unk_any) & ~lk
    print(f"\nolder rule (confidence < {DEFAULT_THRESHOLD} or an unknown name), in-sample: "
          "precision {:.2f}, recall {:.2f}, F1 {:.2f}, false abstention {:.3f}".format(*prf(old, y)))
    res = []
    for seed in range(10):
        ab = np.zeros(len(yf), dtype=bool)
        for tr, te in StratifiedKFold(5, shuffle=True, random_state=seed).split(Xf, yf):
            model, cut = fit_with_cutoff(Xf[tr], yf[tr], seed)
            ab[te] = model.predict_proba(Xf[te])[:, 1] >= cut
        full = np.zeros(len(y), dtype=bool)
        full[fit] = ab
        res.append(prf(full, y))
    p, r, f1, fa = np.mean(res, axis=0)
    f1s = [x[2] for x in res]
    print(f"logistic regression, 5-fold cross-validated (10 shuffles; cut-off for false abstention <= "
          f"{MAX_FALSE:.0%} chosen inside each training part): precision {p:.2f}, recall {r:.2f}, "
          f"F1 {f1:.2f} (min {min(f1s):.2f}, max {max(f1s):.2f}), false abstention {fa:.3f}")

    model, cut = fit_with_cutoff(Xf, yf, 0)
    scaler, lr = model[0], model[-1]
    print("\ncoefficients (standardised features; + = more likely unanswerable):")
    for n, c in sorted(zip(FEATURES, lr.coef_[0]), key=lambda t: -abs(t[1])):
        print(f"  {n:16s} {c:+.3f}")
    ab = (model.predict_proba(X)[:, 1] >= cut) & ~lk
    print("fitted on all, cut-off {:.3f}; in-sample: precision {:.2f}, recall {:.2f}, F1 {:.2f}, "
          "false abstention {:.3f}".format(cut, *prf(ab, y)))
    if args.write:
        data = {"features": list(FEATURES), "mean": scaler.mean_.tolist(), "scale": scaler.scale_.tolist(),
                "coef": lr.coef_[0].tolist(), "intercept": float(lr.intercept_[0]), "cutoff": cut,
                "fitted_on": f"{Path(args.dataset).name}: {int((~yf).sum())} answerable, {int(yf.sum())} "
                             f"unanswerable (lookups and legal-advice requests left out)",
                "cross_validated": {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3),
                                    "false_abstention": round(fa, 3), "max_false": MAX_FALSE}}
        write_atomic(MODEL_FILE, json.dumps(data, indent=1) + "\n")
        print(f"wrote {MODEL_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
