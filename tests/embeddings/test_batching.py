"""QueryBatcher: concurrent query encodes share forward passes and get exactly their own vectors."""
from __future__ import annotations

import threading

import numpy as np
import pytest

from policyqa.embeddings.batching import QueryBatcher

QUESTIONS = ["Mag mijn werkgever AI gebruiken om mijn emoties te lezen?", "What is the right to erasure?",
             "Welche KI-Praktiken sind verboten?", "Quelles sont les obligations de transparence ?",
             "¿Qué derechos tengo sobre mis datos?", "Jakie obowiązki mają platformy?",
             "Cos'è un sistema di IA ad alto rischio?", "What are the fines under the AI Act?"] * 3


def test_concurrent_queries_are_batched_and_get_their_own_vectors(embedder):
    direct = embedder.embed_queries(QUESTIONS)
    batcher = QueryBatcher(embedder)
    out: dict[int, np.ndarray] = {}
    go = threading.Barrier(len(QUESTIONS))

    def ask(i: int) -> None:
        go.wait()
        out[i] = batcher.embed_queries([QUESTIONS[i]])

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(QUESTIONS))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert sorted(out) == list(range(len(QUESTIONS)))
    for i, v in out.items():
        assert v.shape == (1, embedder.dim)
        assert float(v[0] @ direct[i]) >= 0.999
    assert batcher.queries == len(QUESTIONS) and batcher.batches < len(QUESTIONS)
    assert batcher.dim == embedder.dim and batcher.model_id == embedder.model_id


def test_errors_reach_the_caller_and_the_batcher_goes_on(embedder):
    batcher = QueryBatcher(embedder)
    with pytest.raises(Exception):
        batcher.embed_queries([None])
    assert batcher.embed_queries(["still works"]).shape == (1, embedder.dim)
    assert batcher.embed_queries([]).shape == (0, embedder.dim)
