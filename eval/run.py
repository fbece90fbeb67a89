"""Evaluate policyqa on a question set: retrieval, citations, facts, abstention, language, latency.

Usage:
  python eval/run.py --dataset eval/questions.jsonl [--corpus DIR] [--index DIR]
                     [--retriever hybrid|dense|bm25] [--compare] [--limit N] [--ids FILE] [--out DIR]

Builds or updates the index (incremental), asks every question through Pipeline.ask (the question's
language is detected, not given), writes report.json, report.md and report.png into --out (default
eval/out/) and prints the Markdown tables. --compare runs bm25, dense and hybrid side by side.
Corpus and index default as for `policyqa ask` ($POLICYQA_CORPUS / $POLICYQA_INDEX, else ./corpus, ./index).
Errors are one line on stderr, exit status 2.
"""
from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RETRIEVERS = ("bm25", "dense", "hybrid")


def _positive(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {n}")
    return n


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="eval/run.py", description=__doc__.splitlines()[0])
    p.add_argument("--dataset", required=True, help="question set (JSONL, see eval/README.md)")
    p.add_argument("--corpus", help="corpus folder (default: $POLICYQA_CORPUS, else ./corpus)")
    p.add_argument("--index", help="index folder, built or updated if needed (default: $POLICYQA_INDEX, else ./index)")
    p.add_argument("--retriever", choices=RETRIEVERS, default="hybrid")
    p.add_argument("--compare", action="store_true", help="run bm25, dense and hybrid and compare them")
    p.add_argument("--limit", type=_positive, help="only the first N questions (after --ids)")
    p.add_argument("--ids", help="only the question ids listed in this file (one per line, # comments)")
    p.add_argument("--out", default=str(REPO / "eval" / "out"), help="report folder (default: eval/out)")
    p.add_argument("--quiet", action="store_true", help="no progress bars")
    return p


def run(args: argparse.Namespace) -> int:
    from policyqa import __version__
    from policyqa.config import Settings
    from policyqa.evaluation import (build_report, compare_report, load_questions, read_ids, render_markdown,
                                     run_retrievers, select_ids, write_report)
    from policyqa.readers.base import CorpusError

    questions = load_questions(args.dataset)
    if args.ids:
        questions = select_ids(questions, read_ids(args.ids))
    questions = questions[: args.limit] if args.limit else questions
    settings = Settings.load(corpus=args.corpus, index=args.index)
    if not settings.corpus.is_dir():
        raise CorpusError(f"corpus folder not found: {settings.corpus} (pass --corpus or set POLICYQA_CORPUS)")

    from policyqa.embeddings.factory import load_embedder
    from policyqa.indexing.builder import build_index
    from policyqa.pipeline import Pipeline

    t0 = time.perf_counter()
    embedder = load_embedder(settings.model, quantize=settings.quantize)
    built = build_index(settings, embedder=embedder, progress=not args.quiet)
    print(built.summary(), file=sys.stderr)
    pipeline = Pipeline.open(settings, embedder=embedder)
    names = list(RETRIEVERS) if args.compare else [args.retriever]
    runs = run_retrievers(pipeline, questions, names, progress=not args.quiet)
    config = {
        "dataset": args.dataset, "ids": args.ids, "limit": args.limit, "retriever": args.retriever,
        "corpus": str(settings.corpus), "index": str(settings.index), "model": pipeline.index.manifest.model,
        "answerer": settings.answerer, "top_k": settings.top_k, "rrf_k": settings.rrf_k,
        "index_counts": pipeline.index.manifest.counts, "policyqa": __version__,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - t0, 1),
    }
    report = compare_report(runs, config) if args.compare else build_report(runs[args.retriever], config)
    paths = write_report(report, args.out)
    print(render_markdown(report))
    print(f"wrote {', '.join(str(p) for p in paths.values())}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    from policyqa.errors import run_main
    from policyqa.evaluation import DatasetError
    args = build_parser().parse_args(argv)
    return run_main("eval/run.py", lambda: run(args), extra=(DatasetError,))


if __name__ == "__main__":
    sys.exit(main())
