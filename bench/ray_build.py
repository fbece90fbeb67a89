"""Speed-up of embedding on a local Ray cluster per added worker (the index builder's executors).

    python bench/ray_build.py [--corpus ../shared/corpus] [--n 240] [--workers 1,2]

Embeds the same `--n` corpus passages (bench/embed_bench.py's cut) with the in-process executor, then with
RayExecutor on a local head on 127.0.0.1 with each worker count (one embedding actor per worker, models
loaded before the clock starts). Prints seconds, passages/s and the speed-up over in-process.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

from embed_bench import corpus_passages, sample  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    ap.add_argument("--n", type=int, default=240)
    ap.add_argument("--workers", default="1,2")
    args = ap.parse_args()
    import ray

    from policyqa.embeddings.factory import load_embedder
    from policyqa.indexing.distributed import LocalExecutor, RayExecutor

    texts = sample(corpus_passages(args.corpus), args.n)
    jobs = [texts[i:i + 40] for i in range(0, len(texts), 40)]       # ~ files' worth of texts
    emb = load_embedder("e5-small")

    def run(ex) -> float:
        t = time.perf_counter()
        ex.embed(emb, jobs, lambda n: None, lambda j, v: None)
        return time.perf_counter() - t

    print(f"{len(texts)} passages, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}")
    base = run(LocalExecutor())
    print(f"in-process            {base:6.1f} s {len(texts) / base:5.1f} passages/s  1.00×")
    ray.init(address="local", num_cpus=max(int(w) for w in args.workers.split(",")), include_dashboard=False,
             _node_ip_address="127.0.0.1", log_to_driver=False, configure_logging=False)
    for w in map(int, args.workers.split(",")):
        ex = RayExecutor("local", "e5-small", workers=w)
        ex.worker_pids()                                             # models loaded before timing
        sec = run(ex)
        ex.close()
        print(f"Ray, {w} worker(s)     {sec:6.1f} s {len(texts) / sec:5.1f} passages/s  {base / sec:.2f}×")
    ray.shutdown()
    print(f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
