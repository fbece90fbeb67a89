"""Milvus backend: the chunk vectors and their scalar fields in a Milvus collection (pymilvus `MilvusClient`).

`uri` is a file path → Milvus Lite (embedded, one local file, no server) or `http://host:port` → a Milvus
server or cluster; the code is the same. Each index generation writes its own collection
(`<prefix>_g<N>`), and the generation folder records which one (`milvus.json`): the index's `CURRENT`
pointer, flipped atomically by `policyqa.indexing.atomic`, is what switches the serving collection, so a
killed build leaves the previous collection serving. The collection also carries the alias `<prefix>`,
moved to the newest generation, for other clients of the same server.

Fields: `id` (chunk row, primary key), `vector` (float32, inner product = cosine), `doc`, `lang`, `unit`,
`kind`, and for Milvus's own BM25 full-text search (Milvus 2.5+; `policyqa.stores.milvus_lexical`) `text`
(the chunk's embedding text, analysed per row by the analyzer of its `lang`: `analyzers()`) and `sparse`
(filled by Milvus's BM25 function). A server that refuses the full-text schema gets the collection
without them (one line on stderr; the embedded bm25s index serves lexical search). Filters
(`where={"doc": [...], "lang": [...]}`) become Milvus expressions. Index type: FLAT below `HNSW_FROM`
vectors, HNSW above, or set (`milvus_index` setting: auto | FLAT | HNSW | IVF_FLAT).
"""
from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import numpy as np

from policyqa.stores.analyzer import STEMMERS, stopwords
from policyqa.stores.base import StoreError, VectorStore

FILE = "milvus.json"
HNSW_FROM = 200_000        # exact search is a few ms below this on 2 cores; above, HNSW
INDEX_TYPES = ("auto", "FLAT", "HNSW", "IVF_FLAT")
FIELDS = ("doc", "lang", "unit", "kind")
INSERT_BATCH = 2000
TIMEOUT_S = 30.0
TEXT_BYTES = 65535         # Milvus's VARCHAR limit (bytes)
BM25_PARAMS = {"bm25_k1": 1.5, "bm25_b": 0.75}     # as the embedded bm25s index scores
# the Snowball stemmers Milvus's `stemmer` filter has (its docs, 2.5/2.6); other languages: lower-case only
MILVUS_STEMMERS = {"arabic", "danish", "dutch", "english", "finnish", "french", "german", "greek", "hungarian",
                   "italian", "norwegian", "portuguese", "romanian", "russian", "spanish", "swedish", "tamil",
                   "turkish"}
DEFAULT_ANALYZER = "default"


def analyzers(langs) -> dict:
    """Milvus `multi_analyzer_params` for the corpus languages `langs`: per language the standard
    tokenizer, lower-case, that language's stop-words (as the embedded index drops them) and Milvus's
    Snowball stemmer where it has one; `default` (lower-case only) for any other row."""
    out = {DEFAULT_ANALYZER: {"tokenizer": "standard", "filter": ["lowercase"]}}
    for lang in sorted(set(langs)):
        filters: list = ["lowercase"]
        stop = stopwords(lang)
        if stop:
            filters.append({"type": "stop", "stop_words": sorted(stop)})
        if STEMMERS.get(lang) in MILVUS_STEMMERS:
            filters.append({"type": "stemmer", "language": STEMMERS[lang]})
        if len(filters) > 1:
            out[lang] = {"tokenizer": "standard", "filter": filters}
    return {"by_field": "lang", "analyzers": out}


def analyzer_name(lang: str, known) -> str:
    """The analyzer a query in `lang` is analysed with (the one its rows were indexed with)."""
    return lang if lang in known else DEFAULT_ANALYZER


def _clip_bytes(text: str, limit: int = TEXT_BYTES) -> str:
    b = text.encode("utf-8")
    return text if len(b) <= limit else b[:limit].decode("utf-8", "ignore")


def _client(uri: str, token: str | None = None):
    from pymilvus import MilvusClient
    from pymilvus.exceptions import MilvusException
    token = token or os.environ.get("POLICYQA_MILVUS_TOKEN", "")
    try:
        return MilvusClient(uri=uri, token=token, timeout=TIMEOUT_S)
    except MilvusException as e:
        hint = ("; a Milvus Lite file is open in one process at a time — is another policyqa using it?"
                if "://" not in uri and "not exist" not in _message(e) else "")
        raise StoreError(f"cannot reach Milvus at {uri}: {_message(e)}{hint}") from None
    except Exception as e:  # noqa: BLE001 - grpc/OS errors of a bad address
        raise StoreError(f"cannot reach Milvus at {uri}: {type(e).__name__}: {e}") from None


def _make_lite_folder(uri: str) -> None:
    """A Milvus Lite file's folder, made if missing (Milvus Lite refuses a path whose folder does not exist:
    a build checks the store before it creates the index folder). A server URI: nothing to make."""
    if "://" not in uri:
        Path(uri).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)


def _message(e: Exception) -> str:
    return getattr(e, "message", None) or str(e)


def _quote(value: str) -> str:
    return json.dumps(str(value), ensure_ascii=False)


def expression(where: dict[str, list[str]] | None, allowed: np.ndarray | None = None) -> str:
    """A Milvus boolean expression for a scalar filter and/or an id list ("" = no filter)."""
    parts = []
    for key, values in sorted((where or {}).items()):
        if key not in FIELDS:
            raise ValueError(f"unknown filter field {key!r} (known: {', '.join(FIELDS)})")
        if values:
            parts.append(f"{key} in [{', '.join(_quote(v) for v in values)}]")
    if allowed is not None:
        parts.append(f"id in [{', '.join(str(int(i)) for i in allowed)}]")
    return " and ".join(parts)


def collection_prefix(index_root: Path) -> str:
    """A collection name for an index folder: letters, digits and '_' only, as Milvus requires."""
    import hashlib
    root = Path(index_root).resolve()
    slug = re.sub(r"[^A-Za-z0-9]+", "_", root.name).strip("_")[:24] or "index"
    return f"policyqa_{slug}_{hashlib.sha1(str(root).encode()).hexdigest()[:8]}"


class MilvusStore(VectorStore):
    name = "milvus"

    def __init__(self, dim: int, *, uri: str, collection: str, alias: str | None = None,
                 index_type: str = "auto", token: str | None = None, client=None, full_text: bool = True):
        super().__init__(dim)
        if index_type not in INDEX_TYPES:
            raise ValueError(f"unknown Milvus index type {index_type!r} (known: {', '.join(INDEX_TYPES)})")
        self.uri, self.collection, self.alias = str(uri), collection, alias
        self.index_type, self.token = index_type, token
        if client is None:               # a new store to build (load() passes its client)
            _make_lite_folder(self.uri)
        self.client = client or _client(self.uri, token)
        self._n = 0
        self.full_text = full_text       # building: try the BM25 full-text fields; loaded: the collection has them
        self.analyzer_langs: list[str] = []
        self._pending: list[tuple[np.ndarray, np.ndarray, list[dict] | None]] = []

    @classmethod
    def check(cls, *, uri: str, token: str | None = None, **_options) -> None:
        _make_lite_folder(str(uri))
        _client(str(uri), token).close()

    # -- building -----------------------------------------------------------------------------------
    def add(self, ids: np.ndarray, vectors: np.ndarray, meta: list[dict] | None = None) -> None:
        v = self._check(vectors)
        ids = np.ascontiguousarray(ids, dtype=np.int64)
        if meta is not None and len(meta) != len(ids):
            raise ValueError("meta must give one dict per id")
        self._pending.append((ids, v, meta))

    def _chosen_index(self, n: int) -> str:
        if self.index_type != "auto":
            return self.index_type
        return "FLAT" if n < HNSW_FROM else "HNSW"

    def _create(self, n: int, langs: list[str]) -> str:
        """Create the collection; with the BM25 full-text fields unless the server refuses them."""
        from pymilvus.exceptions import MilvusException
        if self.full_text:
            try:
                return self._create_with(n, langs, full_text=True)
            except MilvusException as e:
                self.full_text = False
                print(f"lexical: Milvus at {self.uri} has no BM25 full-text search ({_message(e)}); "
                      "using the embedded bm25s index", file=sys.stderr)
        return self._create_with(n, langs, full_text=False)

    def _create_with(self, n: int, langs: list[str], full_text: bool) -> str:
        from pymilvus import DataType, Function, FunctionType, MilvusClient
        c = self.client
        if c.has_collection(self.collection):
            c.drop_collection(self.collection)       # leftovers of a killed build of this generation
        schema = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
        schema.add_field("id", DataType.INT64, is_primary=True)
        schema.add_field("vector", DataType.FLOAT_VECTOR, dim=self.dim)
        for f in FIELDS:
            schema.add_field(f, DataType.VARCHAR, max_length=256)
        if full_text:
            schema.add_field("text", DataType.VARCHAR, max_length=TEXT_BYTES, enable_analyzer=True,
                             multi_analyzer_params=analyzers(langs))
            schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
            schema.add_function(Function(name="bm25", function_type=FunctionType.BM25,
                                         input_field_names=["text"], output_field_names=["sparse"]))
        params = c.prepare_index_params()
        kind = self._chosen_index(n)
        extra = {"HNSW": {"M": 16, "efConstruction": 200}, "IVF_FLAT": {"nlist": max(16, int(4 * n ** 0.5))}}
        params.add_index(field_name="vector", index_type=kind, metric_type="IP", params=extra.get(kind, {}))
        for f in ("doc", "lang"):
            params.add_index(field_name=f, index_type="INVERTED")
        if full_text:
            params.add_index(field_name="sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25",
                             params=BM25_PARAMS)
        c.create_collection(self.collection, schema=schema, index_params=params)
        return kind

    def save(self, folder: Path) -> None:
        """Create this generation's collection, insert everything added, load it, record it in `folder`."""
        from pymilvus.exceptions import MilvusException
        n = sum(len(i) for i, _, _ in self._pending)
        langs = sorted({str(m.get("lang", "")) for _, _, meta in self._pending for m in (meta or [])} - {""})
        try:
            kind = self._create(n, langs)
            for rows in self._row_batches():
                self.client.insert(self.collection, rows)
            self.client.flush(self.collection)
            self.client.load_collection(self.collection)
            if self.alias:
                self._point_alias()
        except MilvusException as e:
            raise StoreError(f"Milvus at {self.uri} refused the index write: {_message(e)}") from None
        self._n, self._pending, self._index_kind = n, [], kind
        self.analyzer_langs = sorted(analyzers(langs)["analyzers"]) if self.full_text else []
        spec = {"uri": self.uri, "collection": self.collection, "alias": self.alias, "dim": self.dim,
                "count": n, "index_type": kind, "full_text": self.full_text, "analyzers": self.analyzer_langs}
        (Path(folder) / FILE).write_text(json.dumps(spec, indent=1), encoding="utf-8")

    def _row_batches(self):
        """The added vectors as Milvus rows, INSERT_BATCH at a time (each batch's vectors converted at once)."""
        for ids, v, meta in self._pending:
            for s in range(0, len(ids), INSERT_BATCH):
                vecs = v[s:s + INSERT_BATCH].tolist()
                rows = []
                for j, vec in zip(range(s, s + len(vecs)), vecs):
                    m = meta[j] if meta is not None else {}
                    row = {"id": int(ids[j]), "vector": vec, **{f: str(m.get(f, ""))[:256] for f in FIELDS}}
                    if self.full_text:
                        row["text"] = _clip_bytes(str(m.get("text", "")))
                    rows.append(row)
                yield rows

    def _point_alias(self) -> None:
        c = self.client
        if self.alias in c.list_aliases().get("aliases", []):
            c.alter_alias(self.collection, self.alias)
        else:
            c.create_alias(self.collection, self.alias)

    def drop_others(self, keep: set[str]) -> list[str]:
        """Drop this index's collections (same prefix) that no generation uses; returns their names."""
        prefix = self.alias or self.collection.rsplit("_g", 1)[0]
        gone = []
        for name in self.client.list_collections():
            if name.startswith(prefix + "_g") and name not in keep:
                self.client.drop_collection(name)
                gone.append(name)
        return gone

    # -- querying -----------------------------------------------------------------------------------
    def search(self, queries, k, allowed=None, where=None):
        q = self._check(np.atleast_2d(queries))
        k = max(1, min(int(k), len(self) or 1, 16384))
        expr = expression(where, allowed)
        params = {"metric_type": "IP"}
        if self._kind == "HNSW":
            params["params"] = {"ef": max(64, 2 * k)}
        elif self._kind == "IVF_FLAT":
            params["params"] = {"nprobe": 32}
        res = self.call(lambda: self.client.search(self.collection, data=q.tolist(), limit=k, filter=expr,
                                                   anns_field="vector", search_params=params, output_fields=[]))
        scores = np.zeros((len(q), k), np.float32)
        ids = -np.ones((len(q), k), np.int64)
        for r, hits in enumerate(res):
            for j, h in enumerate(hits[:k]):
                scores[r, j], ids[r, j] = h["distance"], h["id"]
        return scores, ids

    def call(self, run):
        """`run()` against the collection: a restarted server (collection unloaded) is reloaded once; any
        failure is one StoreError line."""
        from pymilvus.exceptions import MilvusException
        try:
            try:
                res = run()
            except MilvusException as e:
                if "released" not in _message(e) and "not loaded" not in _message(e):
                    raise
                self.client.load_collection(self.collection)     # a restarted server starts unloaded
                res = run()
        except MilvusException as e:
            raise StoreError(f"Milvus search failed at {self.uri}: {_message(e)}") from None
        except Exception as e:  # noqa: BLE001 - a dropped connection surfaces as grpc errors
            raise StoreError(f"Milvus search failed at {self.uri}: {type(e).__name__}: {e}") from None
        return res

    @property
    def _kind(self) -> str:
        return getattr(self, "_index_kind", "FLAT")

    def reconstruct(self, ids):
        if not len(ids):
            return np.zeros((0, self.dim), np.float32)
        want = [int(i) for i in ids]
        out = {}
        for s in range(0, len(want), 1000):
            part = want[s:s + 1000]
            for row in self.client.query(self.collection, filter=f"id in [{', '.join(map(str, part))}]",
                                         output_fields=["id", "vector"]):
                out[int(row["id"])] = np.asarray(row["vector"], dtype=np.float32)
        missing = [i for i in want if i not in out]
        if missing:
            raise StoreError(f"Milvus collection {self.collection} lacks vectors for ids {missing[:5]}")
        return np.stack([out[i] for i in want])

    def __len__(self) -> int:
        return self._n

    @classmethod
    def load(cls, folder: Path, token: str | None = None, client=None) -> "MilvusStore":
        from pymilvus import FunctionType
        spec = json.loads((Path(folder) / FILE).read_text(encoding="utf-8"))
        client = client or _client(spec["uri"], token)
        if not client.has_collection(spec["collection"]):
            raise StoreError(f"Milvus at {spec['uri']} has no collection {spec['collection']} "
                             "(dropped, or another server): rebuild the index with `policyqa index`")
        desc = client.describe_collection(spec["collection"])
        dims = [f.get("params", {}).get("dim") for f in desc.get("fields", []) if f.get("name") == "vector"]
        if not dims or int(dims[0]) != int(spec["dim"]):
            raise StoreError(f"Milvus collection {spec['collection']} holds vectors of dim {dims[0] if dims else '?'}, "
                             f"the index expects {spec['dim']}: rebuild the index with `policyqa index`")
        store = cls(int(spec["dim"]), uri=spec["uri"], collection=spec["collection"], alias=spec.get("alias"),
                    index_type=spec.get("index_type", "FLAT"), token=token, client=client)
        store._n = int(spec["count"])
        store._index_kind = spec.get("index_type", "FLAT")
        # full-text search as the server holds it (a collection of an older build, or of a server without
        # it, has no BM25 function), not as the generation folder claims
        store.full_text = any(f.get("type") == FunctionType.BM25 and "sparse" in f.get("output_field_names", [])
                              for f in desc.get("functions", []))
        store.analyzer_langs = list(spec.get("analyzers", [])) if store.full_text else []
        client.load_collection(spec["collection"])
        return store
