"""The retriever as separate signals fused by the config's weights (fixture corpus, real model and FAISS)."""
from __future__ import annotations

from dataclasses import replace

import pytest

from policyqa.retrieval import signals as signals_pkg
from policyqa.retrieval.retriever import DEFAULT_FOREIGN_SIGNALS, DEFAULT_SIGNALS, RetrievalConfig, Retriever
from policyqa.retrieval.signals.base import Signal

QUESTION = "Which AI practices are prohibited?"


@pytest.fixture()
def retriever(fixture_pipeline):
    return Retriever(fixture_pipeline.index, fixture_pipeline.embedder, RetrievalConfig())


def keys(retrieval):
    return [(h.doc, h.unit) for h in retrieval.hits]


def test_every_default_signal_is_a_registered_module():
    assert set(DEFAULT_SIGNALS) | set(DEFAULT_FOREIGN_SIGNALS) <= set(signals_pkg.SIGNALS)
    for name, cls in signals_pkg.SIGNALS.items():
        assert cls.name == name and cls.kind in ("rrf", "bonus", "first")


@pytest.mark.parametrize("name", ["dense", "bm25", "headings", "prf"])
def test_each_ranking_signal_ranks_units_of_the_index(retriever, fixture_pipeline, name):
    from policyqa.retrieval.context import QueryContext
    ctx = QueryContext(question=QUESTION, lang="en", docs=None, langs=None, mode="hybrid",
                       index=fixture_pipeline.index, config=retriever.config, embedder=fixture_pipeline.embedder)
    ranking = signals_pkg.SIGNALS[name](fixture_pipeline.index).rank(ctx)
    assert ranking and len(set(ranking)) == len(ranking)
    assert all(k in fixture_pipeline.index.unit_rows for k in ranking)


def test_a_signal_alone_gives_its_own_ranking(retriever):
    both = keys(retriever.run(QUESTION, lang="en"))
    retriever.config = replace(retriever.config, signals={"bm25": 1.0})
    bm25_only = keys(retriever.run(QUESTION, lang="en"))
    retriever.config = replace(retriever.config, signals={"headings": 1.0})
    headings_only = keys(retriever.run(QUESTION, lang="en"))
    assert bm25_only and headings_only and both
    assert all(k[1].startswith(("art_", "anx_", "sec_")) for k in headings_only)   # headings rank no recitals
    assert bm25_only != headings_only


def test_lookups_off_by_config(retriever):
    q = "bijlage III punt 4"
    first = retriever.run(q, lang="nl").hits[0]
    assert first.lookup and first.unit == "anx_III"
    retriever.config = retriever.config.with_signals(lookups=0)
    assert not any(h.lookup for h in retriever.run(q, lang="nl").hits)


def test_a_new_signal_is_one_class(retriever, monkeypatch):
    """A signal added to the registry and named in the config is fused: here one that puts a chosen
    provision first (kind "first") and one that adds a bonus to another (kind "bonus")."""
    base = keys(retriever.run(QUESTION, lang="en"))
    target, boosted = base[-1], base[-2]

    class PutFirst(Signal):
        name, kind, after_fusion = "put_first", "first", True

        def rank(self, ctx):
            return [target]

    class Bonus(Signal):
        name, kind, after_fusion = "bonus_one", "bonus", True

        def rank(self, ctx):
            return [boosted]

    monkeypatch.setitem(signals_pkg.SIGNALS, "put_first", PutFirst)
    monkeypatch.setitem(signals_pkg.SIGNALS, "bonus_one", Bonus)
    retriever.config = retriever.config.with_signals(put_first=1.0, bonus_one=10.0)
    got = keys(retriever.run(QUESTION, lang="en"))
    assert got[:2] == [target, boosted]


def test_unknown_signal_is_a_clear_error(retriever):
    retriever.config = retriever.config.with_signals(nope=1.0)
    with pytest.raises(ValueError, match="unknown retrieval signal 'nope'"):
        retriever.run(QUESTION, lang="en")


def test_sentence_signal_reranks_the_fused_top_units(retriever, fixture_pipeline):
    from policyqa.retrieval.context import QueryContext
    from policyqa.retrieval.fuser import fuse
    from policyqa.retrieval.signals.sentences import DEPTH, Sentences
    import numpy as np
    index = fixture_pipeline.index
    cfg = replace(retriever.config, sentence_lang_norm=False)
    ctx = QueryContext(question="Is emotion recognition at work allowed?", lang="en", docs=None, langs=None,
                       mode="hybrid", index=index, config=cfg, embedder=fixture_pipeline.embedder)
    fused, _ = fuse(ctx, retriever.signals(), cfg.signals, cfg.rrf_k)
    top = sorted(fused, key=lambda k: -fused[k])[:DEPTH]
    ranking = Sentences(index).rank(ctx)
    assert ranking and set(ranking) <= set(top)
    best = {k: max(float((index.sentences(r)[1] @ ctx.qv).max(initial=-1)) for r in index.unit_rows[k]) for k in top}
    assert ranking[0] == max(best, key=best.get)      # the unit whose one sentence is closest to the question


def test_question_sentences_search_each_sentence(retriever, fixture_pipeline):
    from policyqa.retrieval.context import QueryContext
    from policyqa.retrieval.signals.question_sentences import QuestionSentences, question_sentences
    q = "I work in a call centre and my boss installed new software. Can it read my emotions from my voice?"
    assert len(question_sentences(q)) == 2 and question_sentences(QUESTION) == [QUESTION]
    ctx = QueryContext(question=q, lang="en", docs=None, langs=None, mode="hybrid", index=fixture_pipeline.index,
                       config=retriever.config, embedder=fixture_pipeline.embedder)
    assert len(QuestionSentences(fixture_pipeline.index).rankings(ctx)) == 2
    ctx1 = QueryContext(question=QUESTION, lang="en", docs=None, langs=None, mode="hybrid",
                        index=fixture_pipeline.index, config=retriever.config, embedder=fixture_pipeline.embedder)
    assert QuestionSentences(fixture_pipeline.index).rankings(ctx1) == []


def test_sentence_search_ranks_units_by_their_best_sentence_over_the_whole_index(retriever, fixture_pipeline):
    from policyqa.retrieval.context import QueryContext
    from policyqa.retrieval.signals.sentence_search import SentenceSearch
    index = fixture_pipeline.index
    cfg = replace(retriever.config, lang_norm=0)
    ctx = QueryContext(question="Is emotion recognition at work allowed?", lang="en", docs=None, langs=None,
                       mode="hybrid", index=index, config=cfg, embedder=fixture_pipeline.embedder)
    ranking = SentenceSearch(index).rank(ctx)
    best = {}
    for key, rows in index.unit_rows.items():
        for r in rows:
            v = index.sentences(r)[1]
            if len(v):
                best[key] = max(best.get(key, -1.0), float((v @ ctx.qv).max()))
    assert ranking[0] == max(best, key=best.get) and set(ranking) <= set(best)
    # a family filter leaves only that family's units
    doc = ranking[-1][0]
    fctx = QueryContext(question=ctx.question, lang="en", docs=[doc], langs=None, mode="hybrid", index=index,
                        config=cfg, embedder=fixture_pipeline.embedder)
    got = SentenceSearch(index).rank(fctx)
    assert got and {k[0] for k in got} == {doc}


def test_foreign_signals_apply_only_to_questions_in_a_language_without_a_corpus_version(retriever, fixture_pipeline):
    langs = fixture_pipeline.index.languages
    foreign = next(lg for lg in ("fi", "lv", "mt", "ga") if lg not in langs)
    retriever.config = replace(retriever.config, signals={**retriever.config.signals, "sentences": 0.0},
                               foreign_signals={"sentences": 1.0, "bm25": 0.0})
    own = retriever.weights(langs[0])
    assert own == retriever.config.signals
    names = [s.name for s in retriever.signals(retriever.weights(foreign))]
    assert "sentences" in names and "bm25" not in names
    assert "sentences" not in [s.name for s in retriever.signals(own)]
    # the run uses them: the same question ranks differently as a foreign-language question
    q = "Is emotion recognition at work allowed?"
    base = replace(retriever.config, foreign_signals={})
    retriever.config = replace(base, foreign_signals={"dense": 0.0, "prf": 0.0, "bm25": 0.0})
    only_headings = keys(retriever.run(q, lang=foreign))
    assert only_headings != keys(retriever.run(q, lang=langs[0]))
    assert all(k[1].startswith(("art_", "anx_", "sec_")) for k in only_headings)


def test_filters_reach_the_stores_as_fields_not_as_row_lists(fixture_pipeline, monkeypatch):
    """The signals (question sentences, lexicon, prf seeded by units, sentences) and the retriever's unit
    filter ask with the filter's fields (a Milvus expression, not `id in [...]` of every allowed row) and
    check a unit's rows by their own fields: no list of allowed rows is built."""
    index = fixture_pipeline.index
    built = []
    real = index.rows_where
    monkeypatch.setattr(index, "rows_where", lambda *a, **kw: built.append(a) or real(*a, **kw))
    cfg = RetrievalConfig(signals={"dense": 1.0, "bm25": 0.7, "question_sentences": 1.0, "lexicon": 1.0,
                                   "prf": 1.0, "sentences": 2.0}, foreign_signals={}, prf_seed="units")
    doc = next(d for d in index.doc_ids if len({index.chunks[r].lang for r in range(len(index.chunks))
                                                if index.chunks[r].doc == d}) > 1)
    langs = ["en", "nl"]
    q = "I work in a call centre and my boss installed new software. Can it read my emotions from my voice?"
    r = Retriever(index, fixture_pipeline.embedder, cfg).run(q, lang="en", docs=[doc], langs=langs)
    assert r.hits and built == []
    assert all(index.chunks[row].doc == doc and index.chunks[row].lang in langs for h in r.hits for row in h.rows)
