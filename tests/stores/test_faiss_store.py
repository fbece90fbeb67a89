"""FaissStore: exact by default, approximate (IVF-SQ8, HNSW) on request or by size; filters as bitmaps."""
from __future__ import annotations

import numpy as np
import pytest

from policyqa.stores import faiss_store
from policyqa.stores.faiss_store import FaissStore, chosen_type


def _data(n: int, dim: int = 32, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(20, dim))
    v = centres[rng.integers(0, 20, n)] + 0.3 * rng.normal(size=(n, dim))
    return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)


def _exact(data, q, k, allowed=None):
    s = data @ q
    if allowed is not None:
        m = np.full(len(data), -np.inf)
        m[allowed] = s[allowed]
        s = m
    return np.argsort(-s)[:k]


def test_auto_is_exact_below_the_threshold_and_approximate_above():
    assert chosen_type("auto", faiss_store.APPROX_FROM - 1) == "flat"
    assert chosen_type("auto", faiss_store.APPROX_FROM) == "ivf"
    assert chosen_type("hnsw", 10) == "hnsw"
    with pytest.raises(ValueError, match="unknown FAISS index type"):
        FaissStore(8, index_type="annoy")


@pytest.mark.parametrize("kind", ["flat", "ivf", "hnsw"])
def test_filtered_search_saved_and_loaded(tmp_path, kind):
    data = _data(4000)
    store = FaissStore(32, index_type=kind)
    store.add(np.arange(len(data)), data)
    assert store.kind == kind
    store.save(tmp_path)
    loaded = FaissStore.load(tmp_path)
    assert loaded.kind == kind and len(loaded) == len(data)
    rng = np.random.default_rng(1)
    allowed = np.flatnonzero(rng.random(len(data)) < 0.2)       # a 20 % filter, as doc/lang filters are
    hits = total = 0
    for qi in rng.choice(len(data), 30, replace=False):
        q = data[qi] + 0.05 * rng.normal(size=32).astype(np.float32)
        q /= np.linalg.norm(q)
        _, ids = loaded.search(q[None, :], 10, allowed=allowed)
        assert set(ids[0][ids[0] >= 0]) <= set(allowed)          # the filter holds for every type
        hits += len(set(ids[0]) & set(_exact(data, q, 10, allowed)))
        total += 10
    recall = hits / total
    assert recall == 1.0 if kind == "flat" else recall >= 0.9
    np.testing.assert_allclose(loaded.reconstruct([5, 7]), data[[5, 7]], atol=0.02 if kind == "ivf" else 1e-6)


def test_empty_store_searches_and_saves(tmp_path):
    store = FaissStore(8)
    scores, ids = store.search(np.ones((1, 8), np.float32), 5)
    assert ids.tolist() == [[-1]] and len(store) == 0
    store.save(tmp_path)
    assert len(FaissStore.load(tmp_path)) == 0


def test_a_boolean_mask_filters_like_the_ids_it_marks():
    data = _data(500)
    store = FaissStore(32)
    store.add(np.arange(len(data)), data)
    mask = np.zeros(len(data), bool)
    mask[::7] = True
    a = store.search(data[:3], 10, allowed=mask)
    b = store.search(data[:3], 10, allowed=np.flatnonzero(mask))
    np.testing.assert_array_equal(a[1], b[1])
    assert np.all(a[1] % 7 == 0)


def test_the_faiss_index_setting_reaches_the_built_index(tmp_path, embedder):
    from policyqa.config import ConfigError, Settings
    from policyqa.indexing.builder import build_index
    from policyqa.indexing.store import load_index
    fixture = __import__("pathlib").Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
    s = Settings.load(corpus=fixture, index=tmp_path / "idx", faiss_index="hnsw")
    build_index(s, embedder=embedder, progress=False)
    assert load_index(s.index).vectors.kind == "hnsw"
    with pytest.raises(ConfigError, match="unknown faiss_index"):
        Settings.load(faiss_index="annoy")
