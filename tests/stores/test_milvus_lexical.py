"""Lexical search on Milvus's own BM25 full-text search (lexical_backend: milvus) against a real Milvus —
Milvus Lite and a `milvus-lite server` on 127.0.0.1 — and filters given as fields to every store."""
from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter

import numpy as np
import pytest

from policyqa.config import ConfigError, Settings
from policyqa.indexing.builder import build_index
from policyqa.indexing.store import load_index
from policyqa.pipeline import Pipeline
from policyqa.stores.analyzer import words
from policyqa.stores.base import StoreError
from policyqa.stores.lexical import LexicalIndex
from policyqa.stores.milvus_lexical import MilvusLexical
from policyqa.stores.milvus_store import BM25_PARAMS, MilvusStore, analyzer_name, analyzers

from tests.stores.conftest import FIXTURE_CORPUS, QUESTIONS, free_port, milvus_server, top_units

# Milvus Lite 3.2 accepts the per-language analyzers but applies none of them (it splits on \w+ and
# lower-cases: no stemmer), and its BM25 statistics are the whole collection's. Hybrid top-5 equal to
# FAISS + bm25s on the fixture corpus holds for these questions, whose words need no stemming to match
# (the others differ by a plural or an inflection: "emotions"/"emotion", "verwerkingen" …).
SAME_TOP5 = [QUESTIONS[3], QUESTIONS[4], QUESTIONS[5], QUESTIONS[6], "fines for infringements",
             "transparency obligations", "droit à l'effacement"]


def with_milvus_bm25(pipeline: Pipeline) -> Pipeline:
    """The same loaded index (one Milvus Lite client: a Lite file is open in one process at a time) with
    lexical search on Milvus BM25."""
    idx = pipeline.index
    index = dataclasses.replace(idx, lexical_store=MilvusLexical(idx.vectors, idx.languages))
    return Pipeline(pipeline.settings, index, pipeline.embedder)


def lite_bm25(texts: list[str], langs: list[str], query: str, lang: str) -> dict[int, float]:
    """BM25 as Milvus Lite documents it, written out: \\w+ lower-cased tokens, collection-wide N, avgdl
    and document frequencies, k1 1.5, b 0.75 — for the rows of `lang`."""
    toks = [re.findall(r"\w+", t.lower()) for t in texts]
    n, avgdl = len(toks), sum(map(len, toks)) / len(toks)
    df = Counter(w for t in toks for w in set(t))
    k1, b = BM25_PARAMS["bm25_k1"], BM25_PARAMS["bm25_b"]
    q = re.findall(r"\w+", " ".join(words(query, lang)).lower())
    out = {}
    for i, t in enumerate(toks):
        if langs[i] != lang:
            continue
        tf = Counter(t)
        s = sum(math.log((n - df[w] + 0.5) / (df[w] + 0.5) + 1) * tf[w] * (k1 + 1)
                / (tf[w] + k1 * (1 - b + b * len(t) / avgdl)) for w in q if tf[w])
        if s > 0:
            out[i] = s
    return out


def test_analyzers_per_corpus_language():
    a = analyzers(["en", "pl", "ga", "nl"])
    assert a["by_field"] == "lang"
    en = a["analyzers"]["en"]["filter"]
    assert en[0] == "lowercase" and {"type": "stemmer", "language": "english"} in en
    assert any(f.get("type") == "stop" and "the" in f["stop_words"] for f in en if isinstance(f, dict))
    pl = a["analyzers"]["pl"]["filter"]        # Polish stop-words, no stemmer (Milvus has no Polish one)
    assert not any(isinstance(f, dict) and f["type"] == "stemmer" for f in pl)
    assert "ga" not in a["analyzers"] and a["analyzers"]["default"]["filter"] == ["lowercase"]
    assert analyzer_name("ga", a["analyzers"]) == "default" and analyzer_name("nl", a["analyzers"]) == "nl"


def test_milvus_bm25_on_lite(faiss_pipeline, lite_pipeline):
    idx = lite_pipeline.index
    assert idx.vectors.full_text and type(idx.lexical_store) is LexicalIndex     # auto: the embedded index
    row = idx.vectors.client.query(idx.vectors.collection, filter="id == 3", output_fields=["text", "lang"])[0]
    assert row["text"] == idx.chunks[3].embedding_text() and row["lang"] == idx.chunks[3].lang
    lex = MilvusLexical(idx.vectors, idx.languages)
    texts, langs = [c.embedding_text() for c in idx.chunks], [c.lang for c in idx.chunks]
    for q, lang in [("right to erasure of personal data", "en"), ("Pflichten der Anbieter", "de"),
                    ("verboden praktijken", "nl")]:
        got = lex.search(q, [lang], 10)
        want = lite_bm25(texts, langs, q, lang)
        assert got, q
        assert list(got.values()) == sorted(got.values(), reverse=True)          # best first, scores > 0
        assert np.allclose([got[r] for r in got], [want.get(r, 0.0) for r in got], rtol=1e-4), q
        rest = [v for r, v in want.items() if r not in got]
        assert len(got) == min(10, len(want)) and min(got.values()) >= max(rest, default=0.0) - 1e-4, q
    pm = with_milvus_bm25(lite_pipeline)
    for q in SAME_TOP5:
        assert top_units(pm, q) == top_units(faiss_pipeline, q), q


def test_field_filters_on_every_store(faiss_pipeline, lite_pipeline):
    f, m = faiss_pipeline.index, lite_pipeline.index
    lex = MilvusLexical(m.vectors, m.languages)
    qv = faiss_pipeline.embedder.embed_queries(["Who is responsible for the data?"])[0]
    for docs, langs in [(["gdpr"], None), (None, ["nl"]), (["ai-act"], ["fr", "de"]), (["no-such"], None)]:
        rows = f.rows_where(docs, langs)
        by_rows = f.dense_search(qv, 20, rows)
        by_fields = f.dense_search(qv, 20, docs=docs, langs=langs)
        assert by_fields == by_rows and list(m.dense_search(qv, 20, docs=docs, langs=langs)) == list(by_rows)
        assert f.lexical_search("data protection", langs, 50, docs=docs) == f.lexical_search(
            "data protection", langs, 50, rows)
        hits = lex.search("data protection obligations", langs, 50, where={"doc": docs} if docs else None)
        assert set(hits) <= set(rows.tolist())
        assert bool(by_fields) == (docs != ["no-such"])
        if docs == ["gdpr"]:
            assert hits


def test_server_full_text_search_and_a_stopped_server(tmp_path, embedder, faiss_pipeline):
    port = free_port()
    with milvus_server(tmp_path / "milvus-data", port) as uri:
        s = Settings.load(corpus=FIXTURE_CORPUS, index=tmp_path / "idx", vector_backend="milvus", milvus_uri=uri,
                          lexical_backend="milvus")
        build_index(s, embedder=embedder, progress=False)
        p = Pipeline.open(s, embedder=embedder)
        assert isinstance(p.index.lexical_store, MilvusLexical)
        for q in SAME_TOP5[:4]:
            assert top_units(p, q) == top_units(faiss_pipeline, q), q
        hits = p.index.lexical_search("verboden", None, 10, docs=["ai-act"])
        assert hits and {(p.index.chunks[r].doc, p.index.chunks[r].lang) for r in hits} == {("ai-act", "nl")}
    with pytest.raises(StoreError, match="Milvus search failed at " + uri):
        p.index.lexical_search("verboden", ["nl"], 10)


def test_a_collection_without_bm25_falls_back_with_one_line(tmp_path, embedder, lite_pipeline, capfd):
    """A collection written without the BM25 function (an older policyqa, or a server without full-text
    search) read by this one: one stderr line at start-up, and the embedded bm25s index answers."""
    s = Settings.load(corpus=FIXTURE_CORPUS, index=tmp_path / "idx", vector_backend="milvus")
    (tmp_path / "idx").mkdir()
    build_index(s, embedder=embedder, progress=False)
    idx = load_index(s.index)
    old = MilvusStore(idx.vectors.dim, uri=idx.vectors.uri, collection=idx.vectors.collection,
                      client=idx.vectors.client, full_text=False)
    old.add(np.arange(len(idx.chunks)), idx.vectors.reconstruct(list(range(len(idx.chunks)))),
            meta=[{"doc": c.doc, "lang": c.lang, "unit": c.unit, "kind": c.kind} for c in idx.chunks])
    old.save(tmp_path)                       # same collection name, now without text/sparse/BM25
    idx.vectors.client.close()
    capfd.readouterr()
    again = load_index(s.index, lexical_backend="milvus")
    err = capfd.readouterr().err.strip().splitlines()
    assert err == [f"lexical: Milvus at {again.vectors.uri} has no BM25 full-text search; "
                   "using the embedded bm25s index"]
    assert not again.vectors.full_text and type(again.lexical_store) is LexicalIndex
    p = Pipeline(s, again, embedder)
    assert top_units(p, QUESTIONS[0]) == top_units(lite_pipeline, QUESTIONS[0])


def test_lexical_backend_setting_errors_and_faiss(faiss_pipeline, capfd):
    with pytest.raises(ConfigError, match="unknown lexical backend 'elastic'"):
        Settings.load(lexical_backend="elastic")
    capfd.readouterr()
    idx = load_index(faiss_pipeline.index.folder.parent, lexical_backend="milvus")
    assert capfd.readouterr().err.strip() == (
        "lexical: the index's vectors are on faiss, not Milvus; using the embedded bm25s index")
    assert type(idx.lexical_store) is LexicalIndex
