"""The Milvus backend against a real Milvus: Milvus Lite (one local file) and a Milvus Lite gRPC server
started on 127.0.0.1 by the test — the same answers as FAISS, atomic generations, clear errors."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time

import numpy as np
import pytest

from policyqa.config import Settings
from policyqa.indexing.atomic import current_generation
from policyqa.indexing.builder import build_index
from policyqa.pipeline import Pipeline
from policyqa.stores.base import StoreError
from policyqa.stores.milvus_store import MilvusStore, collection_prefix, expression

from tests.stores.conftest import FIXTURE_CORPUS, QUESTIONS, free_port, milvus_server, top_units


def test_expression_quotes_values_and_rejects_unknown_fields():
    assert expression({"doc": ["ai-act", 'x"y'], "lang": []}) == 'doc in ["ai-act", "x\\"y"]'
    assert expression(None, np.array([3, 1])) == "id in [3, 1]"
    assert expression({"lang": ["nl"]}, np.array([2])) == 'lang in ["nl"] and id in [2]'
    with pytest.raises(ValueError):
        expression({"text": ["x"]})


def test_milvus_lite_gives_the_same_top5_as_faiss(faiss_pipeline, lite_pipeline):
    m = lite_pipeline.index.manifest
    assert m.vector_backend == "milvus" and m.store_uri.endswith("milvus.db")
    spec = json.loads((lite_pipeline.index.folder / "milvus.json").read_text())
    assert spec["index_type"] == "FLAT" and spec["count"] == len(lite_pipeline.index.chunks)
    for q in QUESTIONS:
        assert top_units(lite_pipeline, q) == top_units(faiss_pipeline, q), q
    qv = faiss_pipeline.embedder.embed_queries([QUESTIONS[0]])
    fs, fi = faiss_pipeline.index.vectors.search(qv, 10)
    ms, mi = lite_pipeline.index.vectors.search(qv, 10)
    assert fi.tolist() == mi.tolist()
    # the two indexes were embedded separately, and a small encode runs on one thread when the machine is
    # busy (embeddings.base): their vectors agree to ~1e-4, not bit for bit. Milvus FLAT itself is exact:
    # its scores are the inner products of the vectors it stores.
    assert np.allclose(fs, ms, atol=1e-3)
    own = lite_pipeline.index.vectors.reconstruct([int(i) for i in mi[0]]) @ qv[0]
    assert np.allclose(ms[0], own, atol=1e-5)


def test_filters_are_milvus_expressions(faiss_pipeline, lite_pipeline):
    for kw in ({"docs": ["gdpr"]}, {"langs": ["nl"]}):
        got = top_units(lite_pipeline, "Who is responsible for the data?", **kw)
        assert got == top_units(faiss_pipeline, "Who is responsible for the data?", **kw)
    store = lite_pipeline.index.vectors
    qv = lite_pipeline.embedder.embed_queries(["emotions at work"])
    _, ids = store.search(qv, 20, where={"lang": ["nl"]})
    rows = [int(i) for i in ids[0] if i >= 0]
    assert rows and {lite_pipeline.index.chunks[r].lang for r in rows} == {"nl"}
    mine, theirs = store.reconstruct(rows[:3]), faiss_pipeline.index.vectors.reconstruct(rows[:3])
    assert np.all(np.sum(mine * theirs, axis=1) >= 0.9999)      # the same vectors, up to encode rounding


def test_server_same_answers_restart_and_generations(tmp_path, embedder, faiss_pipeline):
    port = free_port()
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURE_CORPUS, corpus)
    index = tmp_path / "idx"
    with milvus_server(tmp_path / "milvus-data", port) as uri:
        s = Settings.load(corpus=corpus, index=index, vector_backend="milvus", milvus_uri=uri)
        build_index(s, embedder=embedder, progress=False)
        p = Pipeline.open(s, embedder=embedder)
        assert p.index.manifest.store_uri == uri
        for q in QUESTIONS[:4]:
            assert top_units(p, q) == top_units(faiss_pipeline, q), q
        first = json.loads((current_generation(index) / "milvus.json").read_text())["collection"]

        # incremental: one changed file is embedded again, the rest reused; a new collection, the old kept
        f = corpus / "gdpr" / "en.md"
        f.write_text(f.read_text(encoding="utf-8") + "\n\nA closing note on erasure.\n", encoding="utf-8")
        r = build_index(s, embedder=embedder, progress=False)
        assert r.files_embedded == ["gdpr/en.md"] and r.files_reused
        second = json.loads((current_generation(index) / "milvus.json").read_text())["collection"]
        assert second != first
        build_index(s, embedder=embedder, progress=False, force=True)
        third = json.loads((current_generation(index) / "milvus.json").read_text())["collection"]
        names = set(p.index.vectors.client.list_collections())
        prefix = collection_prefix(index)
        assert {n for n in names if n.startswith(prefix)} == {second, third}   # current + previous only
        assert p.index.vectors.client.list_aliases(collection_name=third)["aliases"] == [prefix]
        p = Pipeline.open(s, embedder=embedder)
        assert top_units(p, QUESTIONS[0]) == top_units(faiss_pipeline, QUESTIONS[0])
        expected = top_units(p, QUESTIONS[2])      # (this corpus has one edited file)

    # the server is down: this query fails with one clear error, nothing else breaks
    with pytest.raises(StoreError, match="Milvus search failed"):
        p.ask(QUESTIONS[2])
    with milvus_server(tmp_path / "milvus-data", port):
        deadline = time.monotonic() + 30
        while True:                       # the client reconnects by itself; the next query works
            try:
                got = top_units(p, QUESTIONS[2])
                break
            except StoreError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        assert got == expected


def _cli(*args, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "policyqa.cli", *args], capture_output=True, text=True,
                          timeout=300, env={**os.environ, **(env or {})})


def test_unreachable_server_is_one_line_and_leaves_the_index_serving(tmp_path, lite_pipeline):
    index = tmp_path / "idx"
    shutil.copytree(lite_pipeline.index.folder.parent, index, ignore=shutil.ignore_patterns("*.lock"))
    before = sorted(p.name for p in index.iterdir())
    dead = f"http://127.0.0.1:{free_port()}"
    r = _cli("index", "--corpus", str(FIXTURE_CORPUS), "--index", str(index), "--backend", "milvus",
             "--milvus-uri", dead, "--quiet")
    assert r.returncode == 2, r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.strip() and not ln.startswith("[")]
    assert lines[-1].startswith("policyqa: error: ") and "cannot reach Milvus at " + dead in lines[-1]
    assert "Traceback" not in r.stderr
    assert sorted(p.name for p in index.iterdir()) == before          # nothing half-written


def test_missing_collection_or_wrong_dimension_is_a_clear_error(tmp_path, lite_pipeline):
    gen = lite_pipeline.index.folder
    spec = json.loads((gen / "milvus.json").read_text())
    store = lite_pipeline.index.vectors
    bad = tmp_path / "gen"
    bad.mkdir()
    (bad / "milvus.json").write_text(json.dumps({**spec, "collection": "policyqa_no_such_g0001"}))
    with pytest.raises(StoreError, match="has no collection"):
        MilvusStore.load(bad, client=store.client)
    other = MilvusStore(8, uri=spec["uri"], collection="policyqa_dimtest_g0001", client=store.client)
    other.add(np.arange(3), np.eye(3, 8, dtype=np.float32))
    other.save(tmp_path)
    (bad / "milvus.json").write_text(json.dumps({**spec, "collection": "policyqa_dimtest_g0001"}))
    with pytest.raises(StoreError, match="dim 8"):
        MilvusStore.load(bad, client=store.client)
    store.client.drop_collection("policyqa_dimtest_g0001")


def test_a_locked_lite_file_says_so(lite_pipeline):
    """Milvus Lite opens a file in one process at a time: a second process gets a clear index error."""
    code = ("import sys; from policyqa.indexing.store import load_index\n"
            "from policyqa.errors import run_main\n"
            f"sys.exit(run_main('policyqa', lambda: load_index({str(lite_pipeline.index.folder.parent)!r}) and 0))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "one process at a time" in r.stderr, r.stderr
    assert r.stderr.strip().splitlines()[-1].startswith("policyqa: error: index at ")


def test_lite_build_into_a_folder_that_does_not_exist_yet(tmp_path, embedder):
    """The store check runs before the index folder is made: Milvus Lite refused a file in a missing folder
    ("dir ... not exists"), so a first `policyqa index --backend milvus` into a new folder failed."""
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURE_CORPUS / "gdpr", corpus / "gdpr")
    index = tmp_path / "new" / "idx"
    s = Settings.load(corpus=corpus, index=index, vector_backend="milvus")
    r = build_index(s, embedder=embedder, progress=False)
    assert r.chunks > 0 and (index / "milvus.db").exists()
    spec = json.loads((current_generation(index) / "milvus.json").read_text())
    assert spec["count"] == r.chunks
