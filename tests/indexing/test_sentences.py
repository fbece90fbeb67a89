"""Sentence vectors computed at index time: the same spans and vectors the answerer computed per question,
looked up instead of encoded."""
from __future__ import annotations

import numpy as np

from policyqa.indexing.builder import build_index
from policyqa.indexing.sentences import (MAX_SENTENCE_CHARS, MAX_SENTENCES_PER_CHUNK, chunk_sentence_spans,
                                         sentence_text)
from policyqa.indexing.store import load_index


def test_looked_up_sentence_vectors_equal_the_on_the_fly_ones(fixture_pipeline, embedder):
    idx = fixture_pipeline.index
    assert idx.manifest.counts["sentences"] == len(idx.sentence_vectors) > len(idx.chunks)
    for row, chunk in enumerate(idx.chunks):
        spans, vectors = idx.sentences(row)
        expected = chunk_sentence_spans(chunk.text)
        assert [tuple(s) for s in spans.tolist()] == expected
        if not expected:
            continue
        fresh = embedder.embed_passages([sentence_text(chunk.text, sp) for sp in expected])
        cos = np.sum(vectors * fresh, axis=1) / np.linalg.norm(vectors, axis=1)
        assert cos.min() >= 0.999, (chunk.id, cos.min())


def test_many_rows_at_once_match_row_by_row(fixture_pipeline):
    idx = fixture_pipeline.index
    rows = [5, 0, 5, len(idx.chunks) - 1, 3]
    owner, spans, vectors = idx.sentence_rows(rows)
    k = 0
    for pos, row in enumerate(rows):
        s, v = idx.sentences(row)
        assert (owner[k:k + len(s)] == pos).all()
        assert np.array_equal(spans[k:k + len(s)], s) and np.array_equal(vectors[k:k + len(s)], v)
        k += len(s)
    assert k == len(owner) == len(spans) == len(vectors)
    assert [len(x) for x in idx.sentence_rows([])] == [0, 0, 0]


def test_sentence_selection_rules():
    text = "See it! " + " ".join(f"Sentence number {i} is long enough." for i in range(12)) + " " + "w" * 900 + "."
    spans = chunk_sentence_spans(text)
    assert len(spans) == MAX_SENTENCES_PER_CHUNK and text[slice(*spans[0])].startswith("Sentence number 0")
    long = chunk_sentence_spans("Short one here, long enough. " + "w" * 900 + ".")[-1]
    assert len(sentence_text("Short one here, long enough. " + "w" * 900 + ".", long)) == MAX_SENTENCE_CHARS


class _CountingEmbedder:
    """The real embedder, counting the passages it is asked to encode."""

    def __init__(self, inner):
        self.inner, self.passages = inner, 0

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def embed_passages(self, texts, **kw):
        self.passages += len(texts)
        return self.inner.embed_passages(texts, **kw)


def test_answering_encodes_no_sentences(fixture_pipeline, embedder):
    qa = fixture_pipeline
    counting = _CountingEmbedder(embedder)
    answerer, saved = qa.answerer, qa.answerer.embedder
    answerer.embedder = counting
    try:
        r = qa.ask("What are the fines for breaching the GDPR?")      # a question the fixture answers
    finally:
        answerer.embedder = saved
    assert r["citations"] and counting.passages == 0


def test_incremental_build_reuses_cached_sentence_vectors(tmp_path, embedder):
    import shutil
    from policyqa.config import Settings
    from tests.conftest import FIXTURE_CORPUS
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURE_CORPUS, corpus)
    s = Settings.load(corpus=corpus, index=tmp_path / "idx")
    first = build_index(s, embedder=embedder, progress=False)
    assert first.sentences_embedded > 0
    target = corpus / "gdpr" / "en.md"
    target.write_text(target.read_text(encoding="utf-8") + "\n\nAn added closing paragraph of some length.\n",
                      encoding="utf-8")
    second = build_index(s, embedder=embedder, progress=False, force=True)
    idx = load_index(s.index)
    own = sum(len(chunk_sentence_spans(c.text)) for c in idx.chunks if c.path == "gdpr/en.md")
    assert second.files_embedded == ["gdpr/en.md"] and second.sentences_embedded == own
    assert len(idx.sentence_vectors) == int(idx.sentence_offsets[-1])
