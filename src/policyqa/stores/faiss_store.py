"""FAISS backend: exact inner-product search (IndexFlatIP) by default, an approximate index when large.

Index types (`faiss_index` setting, as txtai picks its FAISS index by size):
  auto  exact (Flat) below `APPROX_FROM` vectors — the shared corpus is ~10^4 chunks, where exact search
        takes well under a millisecond — else IVF with 8-bit scalar-quantised vectors (1 byte per dimension:
        10M × 384 = 3.8 GB instead of 15 GB), nprobe chosen by size (bench/scale.py measures it)
  flat  always exact;  ivf  always IVF-SQ8;  hnsw  HNSW (32 links, float32 vectors; no training)
Every type sits under an id map, so ids are the chunk rows. A filter (`allowed`: ids, or a boolean mask
over the rows — at millions of rows the mask is the cheap form) becomes a bitmap selector: one bit per row,
checked inside FAISS's scan.
"""
from __future__ import annotations

import math
from pathlib import Path

import faiss
import numpy as np

from policyqa.stores.base import VectorStore

FILE = "vectors.faiss"
INDEX_TYPES = ("auto", "flat", "ivf", "hnsw")
APPROX_FROM = 200_000       # auto: exact below this many vectors (a filtered flat search is ~15 ms at 100k here)
TRAIN_PER_LIST = 40         # IVF training sample: this many vectors per list (FAISS warns below 39)
HNSW_M = 32
HNSW_EF_SEARCH = 128


def ivf_lists(n: int) -> int:
    """IVF list count for n vectors: 2·√n (txtai uses 4·√n; half as many lists trains 4× faster on
    2 cores and costs ~1 ms per query at 3M), at least 1, at most n / 39."""
    return max(1, min(round(2 * math.sqrt(n)), n // 39))


def ivf_nprobe(nlist: int) -> int:
    """Lists scanned per query: a quarter of them, at least 16. Filtered queries need far more than txtai's
    nlist / 16: a family + language filter keeps ~7 % of each list, and nlist / 16 gave recall@10 0.78 at
    100k and 0.81 at 1M (bench/scale.py, README "How cost grows"); 0.95 took 40 % of the lists at 100k,
    26 % at 1M. (Set at build time and stored in the index file.)"""
    return min(nlist, max(16, round(nlist / 4)))


def chosen_type(index_type: str, n: int) -> str:
    if index_type not in INDEX_TYPES:
        raise ValueError(f"unknown FAISS index type {index_type!r} (known: {', '.join(INDEX_TYPES)})")
    if index_type == "auto":
        return "flat" if n < APPROX_FROM else "ivf"
    return index_type


class FaissStore(VectorStore):
    name = "faiss"

    def __init__(self, dim: int, index: faiss.Index | None = None, index_type: str = "auto"):
        super().__init__(dim)
        chosen_type(index_type, 0)                      # validates the name
        self.index_type = index_type
        self.index = index                              # created at the first add (its type depends on n)

    def add(self, ids: np.ndarray, vectors: np.ndarray, meta: list[dict] | None = None) -> None:
        """Add vectors under ids. An approximate type is chosen from, and trained on, the first batch:
        pass everything at once (the builder does), or a first batch that is a fair sample."""
        v = self._check(vectors)
        if self.index is None:
            self.train(v)
        self.index.add_with_ids(v, np.ascontiguousarray(ids, dtype=np.int64))

    def train(self, sample: np.ndarray, n: int | None = None) -> None:
        """Create the index for `n` vectors (default: as many as in `sample`), trained on `sample`
        where its type needs it (IVF) — for adding a large collection in batches after one fair sample."""
        first = self._check(sample)
        n = len(first) if n is None else n
        kind = chosen_type(self.index_type, n)
        if kind == "flat":
            inner = faiss.IndexFlatIP(self.dim)
        elif kind == "hnsw":
            inner = faiss.IndexHNSWFlat(self.dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            inner.hnsw.efSearch = HNSW_EF_SEARCH
        else:
            nlist = ivf_lists(n)
            inner = faiss.IndexIVFScalarQuantizer(faiss.IndexFlatIP(self.dim), self.dim, nlist,
                                                  faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT)
            inner.cp.niter = 10
            rng = np.random.default_rng(0)
            sample = first if len(first) <= TRAIN_PER_LIST * nlist else \
                first[np.sort(rng.choice(len(first), TRAIN_PER_LIST * nlist, replace=False))]
            inner.train(sample)
            inner.nprobe = ivf_nprobe(nlist)
        self.index = faiss.IndexIDMap2(inner)           # (faiss's wrapper keeps `inner` alive)

    @property
    def kind(self) -> str:
        """The index type in use: flat, ivf or hnsw ("empty" before the first add)."""
        if self.index is None:
            return "empty"
        inner = faiss.downcast_index(self.index.index)
        if isinstance(inner, faiss.IndexIVF):
            return "ivf"
        return "hnsw" if isinstance(inner, faiss.IndexHNSW) else "flat"

    def search(self, queries, k, allowed=None, where=None):
        q = self._check(np.atleast_2d(queries))
        allowed = self.filter_rows(where, allowed)          # FAISS has no fields: the filter as rows, in memory
        k = max(1, min(k, len(self))) if len(self) else 1
        if len(self) == 0:
            n = q.shape[0]
            return np.zeros((n, k), np.float32), -np.ones((n, k), np.int64)
        params = self._params()
        bitmap = None
        if allowed is not None:
            mask = np.asarray(allowed)
            if mask.dtype != bool:                      # ids → a mask (a mask over the rows is passed as is)
                ids = mask.astype(np.int64)
                mask = np.zeros(int(ids.max()) + 1 if len(ids) else 1, dtype=bool)
                mask[ids] = True
            bitmap = np.packbits(mask, bitorder="little")
            params.sel = faiss.IDSelectorBitmap(len(bitmap), faiss.swig_ptr(bitmap))
        scores, ids = self.index.search(q, k, params=params)
        del bitmap                                      # (alive until the search returned)
        return scores, ids

    def _params(self) -> faiss.SearchParameters:
        inner = faiss.downcast_index(self.index.index)
        if isinstance(inner, faiss.IndexIVF):
            return faiss.SearchParametersIVF(nprobe=inner.nprobe)
        if isinstance(inner, faiss.IndexHNSW):
            return faiss.SearchParametersHNSW(efSearch=max(inner.hnsw.efSearch, HNSW_EF_SEARCH))
        return faiss.SearchParameters()

    def reconstruct(self, ids):
        if not len(ids):
            return np.zeros((0, self.dim), np.float32)
        inner = faiss.extract_index_ivf(self.index.index) if self.kind == "ivf" else None
        if inner is not None and not inner.direct_map.type:
            inner.make_direct_map()
        return np.stack([self.index.reconstruct(int(i)) for i in ids])

    def __len__(self) -> int:
        return int(self.index.ntotal) if self.index is not None else 0

    def save(self, folder: Path) -> None:
        if self.index is None:
            self.index = faiss.IndexIDMap2(faiss.IndexFlatIP(self.dim))
        faiss.write_index(self.index, str(Path(folder) / FILE))

    @classmethod
    def load(cls, folder: Path) -> "FaissStore":
        index = faiss.read_index(str(Path(folder) / FILE))
        return cls(index.d, index)
