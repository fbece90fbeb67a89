"""Where the CPU of one warm ask goes: `Pipeline.ask` in-process, with the embedder the web app uses.

    python bench/ask_profile.py --index DIR [--corpus DIR] [--n 40] [--dump rankings.json] [--top 25]

Asks `--n` dev questions (eval/questions.jsonl, every other one, as bench/load.py) after 3 warm-up asks,
once plain (process CPU time per ask: all threads) and once under cProfile (process CPU clock); prints
the CPU per ask, the cumulative CPU of the main stages and the top functions. `--dump` writes each
question's retrieved provisions (doc, unit, score) and the answer, to check that a speed-up changes no
ranking (`--compare OLD.json`). Printed, never asserted.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from policyqa.config import Settings  # noqa: E402
from policyqa.pipeline import Pipeline  # noqa: E402

# stages shown by their cumulative CPU (function names as cProfile reports them)
STAGES = [("question embedding", "embed_queries"), ("language detection", "question_language"),
          ("retrieval (all)", "run", "retriever.py"), ("answer", "run", "extractive.py"),
          ("signal dense", "rank", "dense.py"), ("signal bm25", "rank", "bm25.py"),
          ("signal headings", "rank", "headings.py"), ("signal prf", "rank", "prf.py"),
          ("signal intents", "rank", "intents.py"), ("signal lookups", "rank", "lookups.py"),
          ("signal family", "rank", "family.py"), ("lexical_search", "lexical_search", "store.py"),
          ("dense_search", "dense_search", "store.py"), ("pool", "pool", "pooling.py"),
          ("normalised", "normalised", "pooling.py"), ("evidence", "evidence", "evidence.py"),
          ("bound_result", "bound_result")]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", required=True)
    ap.add_argument("--corpus")
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--top", type=int, default=25, help="functions listed by own CPU time")
    ap.add_argument("--dump", help="write the retrieved provisions and answers of each question here (JSON)")
    ap.add_argument("--compare", help="a --dump file of an earlier run: report every question that differs")
    ap.add_argument("--engine", default="sentence-transformers", help="embedder engine (the app's: the default)")
    args = ap.parse_args()
    from policyqa.embeddings.factory import load_embedder

    s = Settings.load(corpus=args.corpus, index=args.index)
    emb = load_embedder(s.model, quantize=s.quantize, engine=args.engine)
    qa = Pipeline.open(s, embedder=emb)
    qs = [json.loads(line)["question"] for line in open(REPO / "eval" / "questions.jsonl", encoding="utf-8")]
    qs = [q for i, q in enumerate(qs) if i % 2 == 0][: args.n]
    for q in qs[:3]:
        qa.ask(q)
    out = []
    c0, w0 = time.process_time(), time.perf_counter()
    for q in qs:
        r = qa.ask(q)
        out.append({"q": q, "retrieved": [[h["doc"], h["unit"], h["score"]] for h in r["retrieved"]],
                    "answer": r["answer"], "abstained": r["abstained"]})
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    print(f"# ask profile ({time.strftime('%Y-%m-%d %H:%M')}, {len(qs)} questions, engine {emb.engine}, "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())})")
    print(f"plain: {cpu / len(qs) * 1000:.1f} ms CPU per ask, {wall / len(qs) * 1000:.1f} ms wall per ask")

    prof = cProfile.Profile(time.process_time)
    prof.enable()
    for q in qs:
        qa.ask(q)
    prof.disable()
    st = pstats.Stats(prof)
    total = sum(v[3] for v in st.stats.values() if v[3] > 0)  # noqa: F841 - kept for the reader
    print("\n| stage | CPU ms per ask (cumulative, under cProfile) |\n|---|---|")
    for label, func, *file in STAGES:
        cum = sum(v[3] for (fn, _, name), v in st.stats.items()
                  if name == func and (not file or fn.endswith(file[0])))
        print(f"| {label} | {cum / len(qs) * 1000:.1f} |")
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(args.top)
    print("\n" + "\n".join(buf.getvalue().splitlines()[4:]))
    if args.dump:
        Path(args.dump).write_text(json.dumps(out, ensure_ascii=False, indent=0), encoding="utf-8")
    if args.compare:
        old = json.loads(Path(args.compare).read_text(encoding="utf-8"))
        out = json.loads(json.dumps(out, ensure_ascii=False))        # as stored (lists, floats)
        diff = [(a["q"], a, b) for a, b in zip(old, out) if a != b]
        print(f"\ncompare with {args.compare}: {len(out) - len(diff)} of {len(out)} questions identical")
        for q, a, b in diff[:5]:
            k = next(k for k in a if a[k] != b.get(k))
            print(f"  {q!r}: {k} differs\n    before {str(a[k])[:300]}\n    after  {str(b[k])[:300]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
