"""`python app.py`: serve the web app and print its URL at once, then load the model and build (or
update) the index in the background, its progress shown on the page; asking works once an index is open.

Options (flags > environment > defaults): --host ($POLICYQA_HOST, 127.0.0.1), --port ($POLICYQA_PORT,
7860), --concurrency ($POLICYQA_CONCURRENCY, DEFAULT_CONCURRENCY: questions answered at the same time; the
others wait in Gradio's queue; their question embeddings are encoded together, policyqa.embeddings.batching;
$POLICYQA_QUERY_BATCH=1 turns that off), --corpus, --index, --model, --config (as for the `policyqa` command). Errors are one line on
stderr, exit status 2.
"""
from __future__ import annotations

import argparse
import os

from policyqa.errors import run_main

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
DEFAULT_CONCURRENCY = 2     # asks in parallel (bench/load.py, README "Serving many users")
QUEUE_SIZE = 500            # asks waiting beyond this are refused at once ("queue full") instead of piling up


class ServeError(ValueError):
    """The app cannot start as asked (bad port, port in use, …)."""


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="app.py", description="policyqa web app: ask EU law, get cited provisions.")
    p.add_argument("--host", help=f"address to listen on (default: $POLICYQA_HOST, else {DEFAULT_HOST})")
    p.add_argument("--port", help=f"port (default: $POLICYQA_PORT, else {DEFAULT_PORT})")
    p.add_argument("--concurrency", help="questions answered at the same time (default: $POLICYQA_CONCURRENCY, "
                   f"else {DEFAULT_CONCURRENCY})")
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


def _concurrency(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise ServeError(f"concurrency must be a number, not {value!r}") from None
    if not 1 <= n <= 64:
        raise ServeError(f"concurrency must be between 1 and 64, not {n}")
    return n


def serve(args: argparse.Namespace) -> int:
    from policyqa.config import Settings
    from policyqa.readers.base import CorpusError

    host = args.host or os.environ.get("POLICYQA_HOST") or DEFAULT_HOST
    port = _port(args.port or os.environ.get("POLICYQA_PORT") or str(DEFAULT_PORT))
    concurrency = _concurrency(args.concurrency or os.environ.get("POLICYQA_CONCURRENCY") or str(DEFAULT_CONCURRENCY))
    settings = Settings.load(args.config, corpus=args.corpus, index=args.index, model=args.model)
    if not settings.corpus.is_dir():
        raise CorpusError(f"corpus folder not found: {settings.corpus}; pass --corpus or set POLICYQA_CORPUS")

    from policyqa.embeddings.batching import MAX_BATCH, QueryBatcher
    from policyqa.ui.app import build_app, launch_options
    from policyqa.ui.service import Service
    from policyqa.ui.staff import STAFF_TOKEN_ENV

    def serving_embedder(embedder):
        """The loaded model as the app uses it (torch threads, concurrent questions batched)."""
        if os.environ.get("POLICYQA_TORCH_THREADS"):          # for bench/load.py: torch's intra-op threads
            import torch
            torch.set_num_threads(max(1, int(os.environ["POLICYQA_TORCH_THREADS"])))
        batch = int(os.environ.get("POLICYQA_QUERY_BATCH") or MAX_BATCH)
        return QueryBatcher(embedder, batch) if batch > 1 else embedder

    service = Service(settings, background=True, wrap_embedder=serving_embedder)
    demo = build_app(service)
    demo.queue(default_concurrency_limit=concurrency, max_size=QUEUE_SIZE)
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
    args = build_parser().parse_args(argv)
    return run_main("policyqa", lambda: serve(args), extra=(ServeError,), interrupted=0)
