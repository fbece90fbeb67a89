"""PolicyEmbedding: order restoration, normalisation, llama-index API, input errors."""
from __future__ import annotations

import numpy as np
import pytest

from policyqa.embeddings.base import EmbeddingError, PolicyEmbedding
from policyqa.embeddings.factory import load_embedder

TEXTS = ["Short one.", "A considerably longer passage about the obligations of providers of general-purpose "
         "AI models, including documentation duties and cooperation with the AI Office.", "Mid-sized text "
         "on data portability.", "", "Article 12 — Transparency."]


@pytest.fixture(scope="module")
def emb() -> PolicyEmbedding:
    return load_embedder("minilm")


def test_sorted_batches_keep_input_order(emb):
    sorted_out = emb.embed_passages(TEXTS, batch_size=2)
    one_by_one = np.vstack([emb.embed_passages([t]) for t in TEXTS])
    unsorted = emb._encode(TEXTS, 2, sort=False)
    assert sorted_out.shape == (5, emb.dim) and sorted_out.dtype == np.float32
    assert np.allclose(sorted_out, one_by_one, atol=2e-3)
    assert np.allclose(sorted_out, unsorted, atol=2e-3)
    assert np.allclose(np.linalg.norm(sorted_out, axis=1), 1, atol=1e-4)


def test_progress_callback_and_empty(emb):
    calls: list[tuple[int, int]] = []
    emb.embed_passages(TEXTS, batch_size=2, progress_callback=lambda d, t: calls.append((d, t)))
    assert calls == [(2, 5), (4, 5), (5, 5)]
    assert emb.embed_passages([]).shape == (0, emb.dim)


def test_llama_index_api(emb):
    q = emb.get_query_embedding("data portability")
    batch = emb.get_text_embedding_batch(TEXTS[:3])
    assert len(q) == emb.dim and len(batch) == 3
    assert np.allclose(batch[2], emb.embed_passages([TEXTS[2]])[0], atol=2e-3)
    assert np.allclose(q, emb.embed_queries(["data portability"])[0], atol=2e-3)


def test_bad_input(emb):
    with pytest.raises(EmbeddingError, match="single string"):
        emb.embed_passages("not a list")
    with pytest.raises(EmbeddingError, match=r"passages\[1\]"):
        emb.embed_passages(["ok", 3])
    with pytest.raises(EmbeddingError, match="batch_size"):
        emb.embed_passages(["ok"], batch_size=-1)
