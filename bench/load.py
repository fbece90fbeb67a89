"""Load test of the real web app: `python app.py` on 127.0.0.1 (a free port, an existing index), then 1, 10
and 50 concurrent clients calling `/ask` (printed, never asserted).

    python bench/load.py --corpus ../shared/corpus --index DIR [--clients 1,10,50] [--requests 4]
                         [--timeout 60] [--level-timeout 300] [--label STEP] [--app-arg=--concurrency=4]

Each client (`--client http`: Gradio's plain HTTP API on its own connection; `--client gradio_client`: a
`gradio_client.Client`) runs in its own thread and asks `--requests` dev questions one
after the other (client k starts at question k, so concurrent clients ask different questions). Bounded:
at most clients × requests asks per level, each with a `--timeout`, each level stopped after
`--level-timeout` seconds (unfinished asks count as errors), loopback only. Printed per level, as a
Markdown table: asks, errors, latency p50 / p95 / max, asks/s, the server's CPU time per ask (all its
threads, from /proc), the CPU time per ask of the clients themselves (this process: they share the cores)
and the 1-minute load average; the server's RSS before and after.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
START_TIMEOUT = 300


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(values: list[float], q: float) -> float:
    v = sorted(values)
    return v[min(len(v) - 1, max(0, round(q / 100 * (len(v) - 1))))] if v else float("nan")


def proc_cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid` (all threads), from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def proc_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class App:
    """`python app.py` as a subprocess on a free loopback port, until `stop()`."""

    def __init__(self, corpus: str, index: str, app_args: list[str], log: Path, env: dict[str, str] | None = None,
                 app: Path = REPO / "app.py"):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        e = dict(os.environ, GRADIO_ANALYTICS_ENABLED="False", PYTHONUNBUFFERED="1", **(env or {}))
        self.log_path = log
        self._log = open(log, "w")
        self.proc = subprocess.Popen(
            [sys.executable, str(app), "--corpus", corpus, "--index", index, "--host", "127.0.0.1",
             "--port", str(self.port), *app_args],
            stdout=self._log, stderr=subprocess.STDOUT, env=e, cwd=app.parent, start_new_session=True)
        deadline = time.time() + START_TIMEOUT
        while f"serving on {self.url}" not in log.read_text():
            if self.proc.poll() is not None or time.time() > deadline:
                self.stop()
                raise SystemExit(f"app did not start (exit {self.proc.poll()}):\n{log.read_text()[-3000:]}")
            time.sleep(0.5)

    def wait_ready(self, timeout: float = START_TIMEOUT) -> float:
        """Block until the background start-up is over (the index opened and checked or built: the app logs
        "policyqa: index … up to date" or "policyqa: indexed …") and an ask is answered; seconds waited."""
        from gradio_client import Client
        t0 = time.time()
        client = None
        while True:
            text = self.log_path.read_text(errors="replace")
            if "policyqa: error" in text or self.proc.poll() is not None:
                raise SystemExit(f"app failed to start:\n{text[-3000:]}")
            if "policyqa: index " in text or "policyqa: indexed " in text:
                client = client or Client(self.url, verbose=False)
                try:
                    client.predict("What is the right to erasure?", api_name="/ask")
                    return time.time() - t0
                except Exception as e:  # noqa: BLE001 - "still being built" until the index answers
                    if "still being built" not in str(e):
                        raise
            if time.time() - t0 > timeout:
                raise SystemExit(f"app not ready after {timeout:.0f} s:\n{text[-3000:]}")
            time.sleep(0.5)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self._log.close()


class HttpClient:
    """A client of Gradio's plain HTTP API (`POST /gradio_api/call/ask`, then the answer's event stream
    `GET /gradio_api/call/ask/<event_id>`), on one keep-alive connection: the same queue and endpoint as
    gradio_client, at a fraction of its CPU (which the clients here share with the server)."""

    def __init__(self, url: str, timeout: float = 60):
        import http.client
        from urllib.parse import urlparse
        u = urlparse(url)
        self.conn = http.client.HTTPConnection(u.hostname, u.port, timeout=timeout)

    def ask(self, question: str) -> dict:
        body = json.dumps({"data": [question, None, None, None, None]})
        self.conn.request("POST", "/gradio_api/call/ask", body, {"Content-Type": "application/json"})
        r = self.conn.getresponse()
        event = json.loads(r.read())
        if r.status != 200:
            raise RuntimeError(f"HTTP {r.status}: {str(event)[:100]}")
        self.conn.request("GET", f"/gradio_api/call/ask/{event['event_id']}")
        r = self.conn.getresponse()
        kind, data = None, None
        for raw in r:                                     # "event: …" / "data: …" lines until the end
            line = raw.decode("utf-8").rstrip("\n")
            if line.startswith("event: "):
                kind = line[7:]
            elif line.startswith("data: ") and kind in ("complete", "error"):
                data = json.loads(line[6:])
        if kind != "complete":
            raise RuntimeError(f"{kind}: {str(data)[:100]}")
        return data[0]

    def close(self) -> None:
        self.conn.close()


class GradioClient:
    """`gradio_client.Client` (what the README's API example uses)."""

    def __init__(self, url: str, timeout: float = 60):
        from gradio_client import Client
        self.client, self.timeout = Client(url, verbose=False), timeout

    def ask(self, question: str) -> dict:
        return self.client.submit(question, api_name="/ask").result(timeout=self.timeout)

    def close(self) -> None:
        self.client.close()


CLIENTS = {"http": HttpClient, "gradio_client": GradioClient}


def run_level(url: str, n_clients: int, questions: list[str], requests: int, timeout: float,
              level_timeout: float, kind: str = "http") -> dict:
    """`n_clients` concurrent clients, `requests` asks each; latencies (s) of the successful asks, errors."""
    clients = [CLIENTS[kind](url, timeout) for _ in range(n_clients)]
    lat: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(n_clients + 1)
    stop_at = [0.0]

    def worker(k: int) -> None:
        start.wait()
        for i in range(requests):
            if time.time() > stop_at[0]:
                with lock:
                    errors.append("level time limit")
                continue
            q = questions[(k * requests + i) % len(questions)]
            t = time.perf_counter()
            try:
                r = clients[k].ask(q)
                if not isinstance(r, dict) or "answer" not in r:
                    raise RuntimeError(f"unexpected result {str(r)[:80]}")
                with lock:
                    lat.append(time.perf_counter() - t)
            except Exception as e:  # noqa: BLE001 - counted and reported, the load test goes on
                with lock:
                    errors.append(f"{type(e).__name__}: {str(e)[:100]}")

    threads = [threading.Thread(target=worker, args=(k,), daemon=True) for k in range(n_clients)]
    for th in threads:
        th.start()
    stop_at[0] = time.time() + level_timeout
    t0 = time.perf_counter()
    start.wait()
    for th in threads:
        th.join(max(0.0, stop_at[0] + timeout - time.time()))
    wall = time.perf_counter() - t0
    for c in clients:
        try:
            c.close()
        except Exception:  # noqa: BLE001
            pass
    unfinished = n_clients * requests - len(lat) - len(errors)
    errors.extend(["unfinished"] * max(0, unfinished))
    return {"lat": lat, "errors": errors, "wall": wall}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=os.environ.get("POLICYQA_CORPUS", str(REPO.parent / "shared" / "corpus")))
    ap.add_argument("--index", required=True, help="an existing index (built by `policyqa index`)")
    ap.add_argument("--clients", default="1,10,50", help="concurrent clients per level (comma-separated)")
    ap.add_argument("--requests", type=int, default=4, help="asks per client per level")
    ap.add_argument("--timeout", type=float, default=60, help="seconds per ask")
    ap.add_argument("--level-timeout", type=float, default=300, help="seconds per level")
    ap.add_argument("--client", choices=sorted(CLIENTS), default="http",
                    help="http: Gradio's plain HTTP API on one connection per client (default); gradio_client")
    ap.add_argument("--label", default="current", help="name of this configuration in the table")
    ap.add_argument("--app", default=str(REPO / "app.py"), help="the app to start (default: this checkout's)")
    ap.add_argument("--app-arg", action="append", default=[], help="extra argument for app.py (repeatable)")
    args = ap.parse_args()
    if not (Path(args.index) / "CURRENT").exists():
        raise SystemExit(f"no index at {args.index}: build it first with `policyqa index --index {args.index}`")
    levels = [int(x) for x in args.clients.split(",") if x.strip()]
    if not levels or min(levels) < 1 or max(levels) > 100 or args.requests < 1 or args.requests > 20:
        raise SystemExit("clients must be 1..100 and requests 1..20 (a bounded load test)")
    qs = [json.loads(line)["question"] for line in open(REPO / "eval" / "questions.jsonl", encoding="utf-8")]
    qs = [q for i, q in enumerate(qs) if i % 2 == 0]

    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"policyqa-load-{os.getpid()}.log"
    t_start = time.perf_counter()
    app = App(args.corpus, args.index, args.app_arg, log, app=Path(args.app))
    # SIGTERM (e.g. a time cap) ends the run through `finally`, so the app is stopped too
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    rows = []
    try:
        serving = time.perf_counter() - t_start
        ready = app.wait_ready()
        print(f"# policyqa load ({time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, app serving after "
              f"{serving:.1f} s, ready {ready:.1f} s later, label {args.label!r}, {args.client} clients, app args {args.app_arg or '-'})")
        run_level(app.url, 1, qs, 2, args.timeout, args.level_timeout, args.client)     # warm-up (2 asks)
        rss0 = proc_rss_mb(app.proc.pid)
        for n in levels:
            load0 = os.getloadavg()[0]
            cpu0, mine0 = proc_cpu_seconds(app.proc.pid), time.process_time()
            res = run_level(app.url, n, qs, args.requests, args.timeout, args.level_timeout, args.client)
            cpu, mine = proc_cpu_seconds(app.proc.pid) - cpu0, time.process_time() - mine0
            lat, errs = res["lat"], res["errors"]
            rows.append((n, len(lat) + len(errs), len(errs), lat, res["wall"], cpu, mine, load0, os.getloadavg()[0]))
            if errs:
                print(f"errors at {n} clients: {sorted(set(errs))[:5]}", file=sys.stderr)
        rss1 = proc_rss_mb(app.proc.pid)
    finally:
        app.stop()
    print("\n| step | clients | asks | errors | p50 s | p95 s | max s | asks/s | server CPU ms/ask | "
          "client CPU ms/ask | load avg |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for n, asks, n_err, lat, wall, cpu, mine, l0, l1 in rows:
        ok = max(1, len(lat))
        print(f"| {args.label} | {n} | {asks} | {n_err} | {statistics.median(lat) if lat else float('nan'):.2f} | "
              f"{pct(lat, 95):.2f} | {max(lat) if lat else float('nan'):.2f} | {len(lat) / wall:.1f} | "
              f"{cpu * 1000 / ok:.0f} | {mine * 1000 / ok:.0f} | {l0:.1f}→{l1:.1f} |")
    print(f"\nserver RSS {rss0:.0f} MB after warm-up, {rss1:.0f} MB at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
