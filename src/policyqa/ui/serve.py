"""`python app.py`: serve the web app and print its URL at once, then load the model and build (or
update) the index in the background, its progress shown on the page; asking works once an index is open.

Options (flags > environment > defaults): --host ($POLICYQA_HOST, 127.0.0.1), --port ($POLICYQA_PORT,
7860), --concurrency ($POLICYQA_CONCURRENCY, DEFAULT_CONCURRENCY: questions answered at the same time; the
others wait in Gradio's queue; their question embeddings are encoded together, policyqa.embeddings.batching;
$POLICYQA_QUERY_BATCH=1 turns that off), --threads ($POLICYQA_THREADS, DEFAULT_THREADS: the compute threads of
torch, faiss and numpy's BLAS, process-wide), --corpus, --index, --model, --config (as for the `policyqa`
command). Errors are one line on stderr, exit status 2.
"""
from __future__ import annotations

import argparse
import os

from policyqa.errors import run_main

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
DEFAULT_CONCURRENCY = 2     # asks in parallel (bench/load.py, README "Serving many users")
# compute threads (torch, faiss's OpenMP, numpy's BLAS): one. The asks in parallel fill the cores, and an idle
# pool thread of these libraries busy-waits after each small operation: in-process (bench/ask_profile.py,
# shared-corpus index) a warm ask took 162 ms of CPU with their defaults and 64 ms with one thread each,
# wall time 84 → 64 ms, the same rankings
DEFAULT_THREADS = 1
QUEUE_SIZE = 500            # asks waiting beyond this are refused at once ("queue full") instead of piling up
# Gradio's queue tells every waiting client its place whenever a job starts ("auto"): with 50 waiting that is
# 50 messages per ask; once a second instead
STATUS_UPDATE_SECONDS = 1.0
# Gradio's monitoring summary (a pandas frame of the last GRADIO_ANALYTICS_MAX_EVENTS events, default
# 10,000) is rebuilt after every event by default, a cost that grows with the events served: kept to the
# last 1,000 events and rebuilt once per 1,000
GRADIO_ANALYTICS_ENV = {"GRADIO_ANALYTICS_MAX_EVENTS": "1000", "GRADIO_ANALYTICS_CACHE_FREQUENCY": "1000"}


class ServeError(ValueError):
    """The app cannot start as asked (bad port, port in use, …)."""


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="app.py", description="policyqa web app: ask EU law, get cited provisions.")
    p.add_argument("--host", help=f"address to listen on (default: $POLICYQA_HOST, else {DEFAULT_HOST})")
    p.add_argument("--port", help=f"port (default: $POLICYQA_PORT, else {DEFAULT_PORT})")
    p.add_argument("--concurrency", help="questions answered at the same time (default: $POLICYQA_CONCURRENCY, "
                   f"else {DEFAULT_CONCURRENCY})")
    p.add_argument("--threads", help="compute threads of torch, faiss and BLAS (default: $POLICYQA_THREADS, "
                   f"else {DEFAULT_THREADS})")
    p.add_argument("--corpus", help="corpus folder (default: $POLICYQA_CORPUS, else ./corpus)")
    p.add_argument("--index", help="index folder (default: $POLICYQA_INDEX, else ./index)")
    p.add_argument("--model", help="embedding model: e5-small (default), minilm, a local folder or a HF name")
    p.add_argument("--config", help="YAML settings file (default: $POLICYQA_CONFIG)")
    return p


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise ServeError(f"port must be a number, not {value!r}") from None
    if not 0 < port < 65536:
        raise ServeError(f"port must be between 1 and 65535, not {port}")
    return port


def _count(value: str, what: str) -> int:
    """A number from 1 to 64 (--concurrency, --threads)."""
    try:
        n = int(value)
    except ValueError:
        raise ServeError(f"{what} must be a number, not {value!r}") from None
    if not 1 <= n <= 64:
        raise ServeError(f"{what} must be between 1 and 64, not {n}")
    return n


THREAD_ENV = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def limit_threads(n: int) -> None:
    """Process-wide `n` compute threads for torch, faiss (OpenMP) and numpy's BLAS (OpenBLAS). The OpenMP
    and OpenBLAS runtimes read their thread count from the environment when they load (OpenMP's own
    setting is per calling thread, so it would not reach the server's worker threads): call this before
    numpy, faiss or torch is imported; torch's count is set again once the model is loaded."""
    for name in THREAD_ENV:
        os.environ[name] = str(n)


def serve(args: argparse.Namespace) -> int:
    from policyqa.config import Settings
    from policyqa.readers.base import CorpusError

    host = args.host or os.environ.get("POLICYQA_HOST") or DEFAULT_HOST
    port = _port(args.port or os.environ.get("POLICYQA_PORT") or str(DEFAULT_PORT))
    concurrency = _count(args.concurrency or os.environ.get("POLICYQA_CONCURRENCY") or str(DEFAULT_CONCURRENCY),
                         "concurrency")
    threads = _count(args.threads or os.environ.get("POLICYQA_THREADS") or str(DEFAULT_THREADS), "threads")
    limit_threads(threads)          # before anything imports numpy, faiss or torch
    settings = Settings.load(args.config, corpus=args.corpus, index=args.index, model=args.model)
    if not settings.corpus.is_dir():
        raise CorpusError(f"corpus folder not found: {settings.corpus}; pass --corpus or set POLICYQA_CORPUS")

    from policyqa.embeddings.batching import MAX_BATCH, QueryBatcher
    from policyqa.ui.app import build_app, launch_options
    from policyqa.ui.service import Service
    from policyqa.ui.staff import STAFF_TOKEN_ENV

    def serving_embedder(embedder):
        """The loaded model as the app uses it (compute threads limited, concurrent questions batched)."""
        import torch

        torch.set_num_threads(threads)     # PolicyEmbedding set every core when it loaded the model
        batch = int(os.environ.get("POLICYQA_QUERY_BATCH") or MAX_BATCH)
        return QueryBatcher(embedder, batch) if batch > 1 else embedder

    service = Service(settings, background=True, wrap_embedder=serving_embedder)
    demo = build_app(service)
    demo.queue(default_concurrency_limit=concurrency, max_size=QUEUE_SIZE, status_update_rate=STATUS_UPDATE_SECONDS)
    try:
        demo.launch(server_name=host, server_port=port, prevent_thread_lock=True, quiet=True,
                    **launch_options(uploads=service.uploads_enabled))
    except OSError as e:
        raise ServeError(f"cannot serve on {host}:{port}: {e}") from None
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    uploads = "on (staff token set)" if service.uploads_enabled else f"off (set {STAFF_TOKEN_ENV} to allow)"
    print(f"policyqa: serving on http://{shown}:{port} (index {settings.index}; uploads {uploads}); Ctrl+C stops",
          flush=True)
    service.start()          # model, index open, build or update: in the background, progress on the page
    try:
        demo.block_thread()
    finally:
        demo.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    for name, value in GRADIO_ANALYTICS_ENV.items():
        os.environ.setdefault(name, value)
    args = build_parser().parse_args(argv)
    return run_main("policyqa", lambda: serve(args), extra=(ServeError,), interrupted=0)
