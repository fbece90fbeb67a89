"""Query embeddings of concurrent requests, encoded together.

    embedder = QueryBatcher(load_embedder("e5-small"))     # what the web app's pipeline uses
    embedder.embed_queries(["…"])                          # blocks; batched with the calls of other threads

A small encode costs mostly per-forward overhead (e5-small on 2 cores: one question ~40 ms of CPU, eight
~60–75 ms together), so when many people ask at once, one forward pass for all waiting questions beats one
each. One worker thread encodes: it takes every question waiting when it is free (at most `max_batch`),
so a lone question waits for nothing and a busy server forms batches by itself. Everything else
(`embed_passages`, `dim`, `model_id`, …) is the wrapped embedder's.
"""
from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import Future

import numpy as np

MAX_BATCH = 32


class QueryBatcher:
    def __init__(self, embedder, max_batch: int = MAX_BATCH):
        self._inner = embedder
        self.max_batch = max_batch
        self._pending: list[tuple[list[str], Future]] = []
        self._cond = threading.Condition()
        self._worker: threading.Thread | None = None
        self.batches = 0                 # forward passes run, and questions encoded (for benchmarks)
        self.queries = 0

    def __getattr__(self, name):
        return getattr(self._inner, name)

    @property
    def inner(self):
        return self._inner

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        items = list(texts)
        if not items:
            return self._inner.embed_queries(items)
        fut: Future = Future()
        with self._cond:
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._run, name="policyqa-query-batcher", daemon=True)
                self._worker.start()
            self._pending.append((items, fut))
            self._cond.notify()
        return fut.result()

    def _take(self) -> list[tuple[list[str], Future]]:
        with self._cond:
            while not self._pending:
                self._cond.wait()
            batch, n = [], 0
            while self._pending and (not batch or n + len(self._pending[0][0]) <= self.max_batch):
                items, fut = self._pending.pop(0)
                batch.append((items, fut))
                n += len(items)
            return batch

    def _run(self) -> None:
        while True:
            batch = self._take()
            texts = [t for items, _ in batch for t in items]
            try:
                vecs = self._inner.embed_queries(texts)
            except BaseException as e:  # noqa: BLE001 - handed to every waiting caller
                for _, fut in batch:
                    fut.set_exception(e)
                continue
            self.batches += 1
            self.queries += len(texts)
            k = 0
            for items, fut in batch:
                fut.set_result(vecs[k:k + len(items)])
                k += len(items)
