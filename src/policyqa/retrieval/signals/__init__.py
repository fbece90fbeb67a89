"""Retrieval signals, one module each; `SIGNALS` maps the names `RetrievalConfig.signals` uses to them."""
from __future__ import annotations

from policyqa.retrieval.signals.act_vote import ActVote
from policyqa.retrieval.signals.base import Signal
from policyqa.retrieval.signals.bm25 import BM25
from policyqa.retrieval.signals.centroid import Centroid
from policyqa.retrieval.signals.dense import Dense
from policyqa.retrieval.signals.family import Family
from policyqa.retrieval.signals.headings import Headings
from policyqa.retrieval.signals.intents import Intents
from policyqa.retrieval.signals.lexicon import Lexicon
from policyqa.retrieval.signals.lookups import Lookups
from policyqa.retrieval.signals.prf import MoreLikeThis
from policyqa.retrieval.signals.question_sentences import QuestionSentences
from policyqa.retrieval.signals.sentence_search import SentenceSearch
from policyqa.retrieval.signals.sentences import Sentences

SIGNALS: dict[str, type[Signal]] = {s.name: s for s in (
    Dense, BM25, Centroid, Headings, MoreLikeThis, Lexicon, QuestionSentences, SentenceSearch,
    Family, ActVote, Intents, Sentences, Lookups)}

__all__ = ["SIGNALS", "Signal"]
