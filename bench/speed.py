"""Speed figures of the whole system on this machine (printed, never asserted).

    python bench/speed.py [--corpus ../shared/corpus] [--index DIR] [--build] [--questions 60]
                          [--only embedder,ask,cold] [--runs 3] [--sentence-baseline]

- embedder throughput: the default embedder (bf16 autocast where native) against a plain fp32 baseline,
  measured in the same run on the same real passages (ratio);
- index build (with --build: a full build into a fresh temporary index, in a subprocess): wall time,
  chunks, tokens, tokens/s, index size on disk, peak RSS;
- warm `ask` latency p50/p95 (retrieve and answer separately) and CPU time per ask over the dev questions;
  with --sentence-baseline also, interleaved in the same run, the answerer encoding its candidate sentences
  per question (as before sentence vectors were stored in the index), and the size of those vectors;
- cold start to first answer: `policyqa ask` in a new process, with the index on disk (median of --runs),
  then where that time goes, measured in one more new process (imports, index load, model load, first ask).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from policyqa.config import Settings  # noqa: E402


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())


def pct(values: list[float], q: float) -> float:
    v = sorted(values)
    return v[min(len(v) - 1, max(0, round(q / 100 * (len(v) - 1))))]


def bench_embedder(settings: Settings, n: int = 120) -> None:
    from policyqa.embeddings.factory import build_embedder, load_embedder
    from policyqa.indexing.store import load_index
    idx = load_index(settings.index)
    step = max(1, len(idx.chunks) // n)
    texts = [c.embedding_text() for c in idx.chunks[::step][:n]]
    default = load_embedder(settings.model)
    tokens = sum(len(t) for t in default.sentence_transformer.tokenizer(
        ["passage: " + t for t in texts], truncation=True, max_length=512)["input_ids"])
    base = build_embedder(settings.model, quantize=False, bf16=False)
    rows = []
    for name, emb in (("fp32 baseline", base), ("policyqa default", default)):
        emb.embed_passages(texts[:8])                       # warm-up
        t = time.perf_counter()
        emb.embed_passages(texts)
        dt = time.perf_counter() - t
        rows.append((name, tokens / dt, len(texts) / dt))
    print(f"\n## Embedder ({n} real passages, {tokens} tokens, {os.cpu_count()} cores)")
    print("| engine | tokens/s | passages/s |\n|---|---|---|")
    for name, tps, pps in rows:
        print(f"| {name} | {tps:.0f} | {pps:.1f} |")
    print(f"ratio default / fp32 baseline: {rows[1][1] / rows[0][1]:.2f}×")


def bench_build(settings: Settings) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="policyqa-bench-"))
    try:
        env = dict(os.environ, POLICYQA_CORPUS=str(settings.corpus), POLICYQA_INDEX=str(tmp / "index"))
        t = time.perf_counter()
        p = subprocess.run([sys.executable, "-m", "policyqa.cli", "index", "--quiet"], env=env, cwd=REPO,
                           capture_output=True, text=True)
        wall = time.perf_counter() - t
        if p.returncode != 0:
            print(p.stderr[-2000:])
            raise SystemExit("build failed")
        rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        from policyqa.embeddings.factory import load_embedder
        from policyqa.indexing.store import load_index
        idx = load_index(tmp / "index")
        tok = load_embedder(settings.model).sentence_transformer.tokenizer
        texts = ["passage: " + c.embedding_text() for c in idx.chunks]
        tokens = sum(len(x) for x in tok(texts, truncation=True, max_length=512)["input_ids"])
        gen_size = du(idx.folder)
        cache_size = du(tmp / "index" / "cache")
        print("\n## Full index build")
        print("| figure | value |\n|---|---|")
        print(f"| wall time | {wall:.0f} s |")
        print(f"| documents / chunks / units | {idx.manifest.counts['documents']} / {len(idx.chunks)} / "
              f"{idx.manifest.counts['units']} |")
        print(f"| tokens embedded | {tokens} |")
        print(f"| tokens/s (whole build) | {tokens / wall:.0f} |")
        print(f"| index size on disk | {gen_size / 1e6:.1f} MB (+ {cache_size / 1e6:.1f} MB embedding cache) |")
        print(f"| peak RSS | {rss_mb:.0f} MB |")
        print(p.stdout.strip())
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def encode_sentences_per_ask(answerer):
    """The answerer's `score_sentences` as it was before the index stored sentence vectors: the same
    candidate sentences, encoded for every question (the baseline of --sentence-baseline)."""
    import numpy as np
    from policyqa.answer.extractive import PASSAGES
    from policyqa.indexing.sentences import chunk_sentence_spans, sentence_text

    def score_sentences(question, retrieval):
        hits = retrieval.hits[:PASSAGES]
        cands = [(h, sp) for h, hit in enumerate(hits) for sp in chunk_sentence_spans(answerer.index.chunks[hit.row].text)]
        if not cands:
            return [], np.zeros(0, dtype=np.float32)
        qv = retrieval.query_vector
        if qv is None:
            qv = answerer.embedder.embed_queries([question])[0]
        texts = [sentence_text(answerer.index.chunks[hits[h].row].text, sp) for h, sp in cands]
        return cands, answerer.embedder.embed_passages(texts) @ qv
    return score_sentences


def bench_ask(settings: Settings, n: int, sentence_baseline: bool = False) -> None:
    from policyqa.indexing.sentences import SENTENCE_OFFSETS, SENTENCE_SPANS, SENTENCE_VECTORS
    from policyqa.pipeline import Pipeline
    qa = Pipeline.open(settings)
    qs = [json.loads(line)["question"] for line in open(REPO / "eval" / "questions.jsonl", encoding="utf-8")]
    qs = qs[:: max(1, len(qs) // n)][:n]
    lookup = qa.answerer.score_sentences
    modes = {"sentence vectors from the index": lookup}
    if sentence_baseline:
        modes["baseline: sentences encoded per ask"] = encode_sentences_per_ask(qa.answerer)
    stats = {m: {"ret": [], "ans": [], "tot": [], "cpu": []} for m in modes}
    for fn in modes.values():                                # warm-up
        qa.answerer.score_sentences = fn
        qa.ask(qs[0])
    same = 0
    for q in qs:
        answers = []
        for mode, fn in modes.items():                       # interleaved: both see the same machine load
            qa.answerer.score_sentences = fn
            c, t = time.process_time(), time.perf_counter()
            r = qa.ask(q)
            st = stats[mode]
            st["tot"].append((time.perf_counter() - t) * 1000)
            st["cpu"].append((time.process_time() - c) * 1000)
            st["ret"].append(r["timings_ms"]["retrieve"])
            st["ans"].append(r["timings_ms"]["answer"])
            answers.append((r["answer"], [(x["doc"], x["unit"]) for x in r["citations"]]))
        same += all(a == answers[0] for a in answers)
    qa.answerer.score_sentences = lookup
    print(f"\n## Warm ask latency ({len(qs)} dev questions, extractive; load average {os.getloadavg()[0]:.2f})")
    print("| mode | stage | p50 ms | p95 ms |\n|---|---|---|---|")
    for mode, st in stats.items():
        for name, key in (("retrieve (incl. query embedding)", "ret"), ("answer", "ans"), ("whole ask", "tot"),
                          ("CPU time per ask (all threads)", "cpu")):
            v = st[key]
            print(f"| {mode} | {name} | {statistics.median(v):.0f} | {pct(v, 95):.0f} |")
    if sentence_baseline:
        print(f"same answer text and citations in both modes: {same} of {len(qs)} questions")
        size = sum((qa.index.folder / f).stat().st_size for f in (SENTENCE_VECTORS, SENTENCE_SPANS, SENTENCE_OFFSETS))
        print(f"sentence vectors in the index: {len(qa.index.sentence_vectors)} sentences of "
              f"{len(qa.index.chunks)} chunks, {size / 1e6:.1f} MB on disk (index generation "
              f"{du(qa.index.folder) / 1e6:.1f} MB)")


COLD_QUESTION = "Welche KI-Praktiken sind verboten?"

# Run in a new process: the stages of `policyqa ask` (imports, Pipeline.open's loads, ask), timed one by one.
PHASES = """
import sys, time
t0 = time.perf_counter()
import policyqa.cli, policyqa.pipeline, policyqa.embeddings.factory
from policyqa.config import Settings
from policyqa.indexing.store import load_index
t1 = time.perf_counter()
s = Settings.load()
index = load_index(s.index)
t2 = time.perf_counter()
emb = policyqa.embeddings.factory.load_embedder(s.model, quantize=s.quantize, engine="auto")
t3 = time.perf_counter()
qa = policyqa.pipeline.Pipeline(s, index, emb)
qa.ask(sys.argv[1])
t4 = time.perf_counter()
print(f"imports {t1 - t0:.2f} s, index load {t2 - t1:.2f} s, model load {t3 - t2:.2f} s ({emb.engine}), "
      f"first ask {t4 - t3:.2f} s (stages run one after the other)")
"""


def bench_cold(settings: Settings, runs: int = 3) -> None:
    env = dict(os.environ, POLICYQA_CORPUS=str(settings.corpus), POLICYQA_INDEX=str(settings.index))
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        p = subprocess.run([sys.executable, "-m", "policyqa.cli", "ask", "--json", COLD_QUESTION],
                           env=env, cwd=REPO, capture_output=True, text=True)
        times.append(time.perf_counter() - t)
        if p.returncode != 0:
            raise SystemExit(p.stderr[-1000:])
    print(f"\n## Cold start to first answer (new process, index on disk; {runs} runs)")
    print(f"median {statistics.median(times):.2f} s (runs: {', '.join(f'{x:.2f}' for x in times)})")
    p = subprocess.run([sys.executable, "-c", PHASES, COLD_QUESTION], env=env, cwd=REPO, capture_output=True,
                       text=True)
    print(f"breakdown (one more process): {p.stdout.strip() if p.returncode == 0 else p.stderr[-1000:]}")


PARTS = ("embedder", "ask", "cold")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus")
    ap.add_argument("--index")
    ap.add_argument("--build", action="store_true", help="also time a full build from scratch")
    ap.add_argument("--questions", type=int, default=60)
    ap.add_argument("--only", action="append",
                    help=f"run only these parts ({', '.join(PARTS)}; comma-separated or repeated; --build apart)")
    ap.add_argument("--runs", type=int, default=3, help="cold-start runs (median)")
    ap.add_argument("--sentence-baseline", action="store_true",
                    help="ask: also time the answerer encoding its sentences per question (interleaved)")
    args = ap.parse_args()
    parts = {p.strip() for item in args.only or [] for p in item.split(",") if p.strip()} or set(PARTS)
    if parts - set(PARTS):
        ap.error(f"unknown part(s) {', '.join(sorted(parts - set(PARTS)))} (choose from {', '.join(PARTS)})")
    s = Settings.load(corpus=args.corpus, index=args.index)
    print(f"# policyqa speed ({time.strftime('%Y-%m-%d %H:%M')}, load average {os.getloadavg()[0]:.2f})")
    if args.build:
        bench_build(s)
    if "embedder" in parts:
        bench_embedder(s)
    if "ask" in parts:
        bench_ask(s, args.questions, args.sentence_baseline)
    if "cold" in parts:
        bench_cold(s, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
