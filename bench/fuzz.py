"""Fuzz the ask door: N generated hostile questions through `Pipeline.ask` on a real index; prints the
counts (answered / QuestionError / other exceptions, with their tracebacks) and the rate. Never asserts.

    python bench/fuzz.py --index DIR [--corpus DIR] [--n 10000] [--seed 0] [--max-minutes M]

--max-minutes or a SIGTERM ends it early; the counts of the questions asked so far are printed.

The questions come from the Hypothesis strategy of the property tests (tests/hostile_text.py: all of
Unicode with lone surrogates, control characters, emoji, right-to-left text, injections, 10k-character
runs, real questions with junk around them); every other one also carries a follow-up `context`.
"""
from __future__ import annotations

import argparse
import collections
import os
import signal
import sys
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

from hypothesis import HealthCheck, Phase, given, seed, settings, strategies as st  # noqa: E402
from tqdm import tqdm  # noqa: E402

from policyqa.config import Settings  # noqa: E402
from policyqa.pipeline import Pipeline, QuestionError  # noqa: E402
from tests.hostile_text import hostile_text  # noqa: E402


class _TimeUp(Exception):
    pass


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", required=True)
    ap.add_argument("--corpus")
    ap.add_argument("--model")
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0, help="Hypothesis seed (same seed, same questions)")
    ap.add_argument("--max-minutes", type=float, default=None, help="stop early after this long")
    ap.add_argument("--show", type=int, default=5, help="tracebacks to print per kind of failure")
    args = ap.parse_args()
    stop: list[str] = []                      # SIGTERM ends the run early, with the counts so far
    signal.signal(signal.SIGTERM, lambda *_: stop.append("SIGTERM"))

    t0 = time.perf_counter()
    qa = Pipeline.open(Settings.load(corpus=args.corpus, index=args.index, model=args.model))
    print(f"index {args.index}: {len(qa.index.chunks)} chunks; opened in {time.perf_counter() - t0:.1f} s",
          file=sys.stderr)
    counts: collections.Counter[str] = collections.Counter()
    errors: collections.Counter[str] = collections.Counter()
    failures: dict[str, list[str]] = collections.defaultdict(list)
    ask_seconds: list[float] = []
    stop_at = time.perf_counter() + args.max_minutes * 60 if args.max_minutes else None
    bar = tqdm(total=args.n, unit="q", desc="fuzz", file=sys.stderr, dynamic_ncols=True, mininterval=2)

    @seed(args.seed)                          # the same questions for the same --seed
    @settings(max_examples=args.n, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(question=hostile_text(), with_context=st.booleans())
    def one(question, with_context):
        if stop or (stop_at is not None and time.perf_counter() > stop_at):
            raise _TimeUp
        t = time.perf_counter()
        try:
            qa.ask(question, context=question[::-1] if with_context else None)
            counts["answered"] += 1
            ask_seconds.append(time.perf_counter() - t)
        except QuestionError as e:
            counts["QuestionError"] += 1
            errors[str(e).split("(")[0].strip()] += 1
        except Exception as e:  # noqa: BLE001 — what this script is looking for
            counts["other exception"] += 1
            tb = traceback.extract_tb(e.__traceback__)[-1]
            key = f"{type(e).__name__} at {Path(tb.filename).name}:{tb.lineno}"
            if len(failures[key]) < args.show:
                failures[key].append(f"question={question!r}\n{traceback.format_exc()}")
            else:
                failures[key].append("")
        bar.set_postfix(counts, refresh=False)
        bar.update(1)

    t1 = time.perf_counter()
    stopped = ""
    try:
        one()
    except _TimeUp:
        stopped = " (stopped by SIGTERM)" if stop else f" (stopped by --max-minutes {args.max_minutes})"
    bar.close()
    wall = time.perf_counter() - t1
    total = sum(counts.values())
    print(f"\n## fuzz: {total} generated questions in {wall:.1f} s ({total / wall:.1f}/s){stopped}; "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for k in ("answered", "QuestionError", "other exception"):
        print(f"{k:>16}: {counts[k]}")
    if ask_seconds:
        s = sorted(ask_seconds)
        print(f"answered asks: p50 {s[len(s) // 2] * 1000:.0f} ms, p95 {s[int(0.95 * (len(s) - 1))] * 1000:.0f} ms, "
              f"mean {sum(s) / len(s) * 1000:.0f} ms")
    for msg, n in errors.most_common():
        print(f"  QuestionError {n:>6} × {msg}")
    for key, tbs in failures.items():
        print(f"\n### {len(tbs)} × {key}")
        for tb in filter(None, tbs):
            print(tb)
    return 1 if counts["other exception"] else 0


if __name__ == "__main__":
    sys.exit(main())
