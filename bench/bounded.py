"""Bounded work per request, measured: the real app (`python app.py` on 127.0.0.1) on a copy of the fixture
corpus, a generated 5 MB single-line document uploaded (word cap raised so it stays one 5 MB chunk, as the
old chunker made it), then `--requests` asks about it through gradio_client; prints per block of asks the
latency, the largest JSON and answer, and the server's RSS (printed, never asserted).

    python bench/bounded.py [--requests 100] [--mb 5]
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import REPO, App, pct, proc_rss_mb  # noqa: E402

sys.path.insert(0, str(REPO / "src"))
from policyqa.answer.bounds import json_bytes  # noqa: E402

TOKEN = "bench-staff-token"
PHRASE = "every zorblax harbour drone operator files form ZX-9 with the port office before each flight and "
QUESTIONS = ["Which form must zorblax harbour drone operators file with the port office?",
             "When do zorblax drone operators file form ZX-9?",
             "What are the zorblax harbour rules?"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--requests", type=int, default=100)
    ap.add_argument("--mb", type=float, default=5.0, help="size of the generated single-line document")
    args = ap.parse_args()
    if not 1 <= args.requests <= 500 or not 0 < args.mb <= 9.5:
        raise SystemExit("requests must be 1..500 and mb at most 9.5 (the upload limit is 10 MB)")
    from gradio_client import Client, handle_file
    root = Path(tempfile.mkdtemp(prefix="policyqa-bounded-"))
    try:
        corpus, index = root / "corpus", root / "index"
        shutil.copytree(REPO / "tests" / "fixtures" / "corpus", corpus)
        config = root / "settings.yaml"
        config.write_text("max_words: 1000000\n", encoding="utf-8")
        n_bytes = int(args.mb * 1024 * 1024)
        doc = root / "zorblax.md"
        doc.write_text(("Zorblax harbour rules: " + PHRASE * (n_bytes // len(PHRASE) + 1))[:n_bytes], encoding="utf-8")
        app = App(str(corpus), str(index), [], root / "app.log",
                  env={"POLICYQA_STAFF_TOKEN": TOKEN, "POLICYQA_CONFIG": str(config)})
        print(f"# policyqa bounded output ({time.strftime('%Y-%m-%d %H:%M')}, load average "
              f"{os.getloadavg()[0]:.2f}; {args.mb:g} MB single-line document, {args.requests} asks)")
        try:
            client = Client(app.url, verbose=False)
            rss_start = proc_rss_mb(app.proc.pid)
            t = time.perf_counter()
            status = client.predict(handle_file(str(doc)), TOKEN, api_name="/upload")[0]
            print(f"upload + indexing: {time.perf_counter() - t:.1f} s ({'added' if 'Added' in status else status})")
            for q in QUESTIONS:                                   # warm-up
                client.predict(q, None, None, "en", None, api_name="/ask")
            rss0 = proc_rss_mb(app.proc.pid)
            print(f"\nserver RSS: {rss_start:.0f} MB before the upload, {rss0:.0f} MB after it and "
                  f"{len(QUESTIONS)} warm-up asks")
            print("\n| asks | p50 s | max s | largest JSON bytes | largest answer chars | server RSS MB |")
            print("|---|---|---|---|---|---|")
            lat: list[float] = []
            big_json = big_answer = 0
            block = max(1, args.requests // 5)
            for i in range(args.requests):
                t = time.perf_counter()
                r = client.predict(QUESTIONS[i % len(QUESTIONS)], None, None, "en", None, api_name="/ask")
                lat.append(time.perf_counter() - t)
                big_json, big_answer = max(big_json, json_bytes(r)), max(big_answer, len(r["answer"]))
                if (i + 1) % block == 0 or i + 1 == args.requests:
                    print(f"| {i + 1} | {statistics.median(lat):.2f} | {max(lat):.2f} | {big_json} | {big_answer} | "
                          f"{proc_rss_mb(app.proc.pid):.0f} |")
            rss1 = proc_rss_mb(app.proc.pid)
            print(f"\nRSS growth over {args.requests} asks: {rss1 - rss0:+.0f} MB ({rss0:.0f} → {rss1:.0f} MB); "
                  f"latency p50 {statistics.median(lat):.2f} s, p95 {pct(lat, 95):.2f} s; "
                  f"load average {os.getloadavg()[0]:.2f}")
        finally:
            app.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
