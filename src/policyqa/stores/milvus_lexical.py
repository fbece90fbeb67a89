"""Lexical backend `milvus`: Milvus's own BM25 full-text search over the `text` field of the index's
collection (`policyqa.stores.milvus_store`: Milvus 2.5+, a sparse BM25 function, per-language analyzers).

A query is searched once per language, analysed with that language's analyzer and filtered to its rows
(`lang == "fr"`, plus the family filter as a field expression), as the embedded bm25s index scores each
language against its own rows; the per-language top-k lists are merged by score. Two differences from
the embedded index, both Milvus's: its BM25 statistics (document count, average length, document
frequencies) are the whole collection's, not one language's, and its tokenizer and stemmers are its own
(Milvus Lite 3.2 applies none of the per-language analyzers: it splits on \\w+ and lower-cases). The
query's stop-words and single letters are dropped here, as the embedded index drops them, so that on
Milvus Lite they match nothing (a server's analyzer drops them on both sides anyway).
Milvus Lite returns the BM25 score negated in `distance` (a server returns it as is); the order is best
first either way, and the score is its absolute value.
"""
from __future__ import annotations

from policyqa.stores.analyzer import words
from policyqa.stores.base import LexicalStore
from policyqa.stores.milvus_store import MilvusStore, analyzer_name, expression

MAX_LIMIT = 16384          # Milvus's top-k limit


class MilvusLexical(LexicalStore):
    name = "milvus"

    def __init__(self, store: MilvusStore, languages: list[str]):
        if not store.full_text:
            raise ValueError(f"Milvus collection {store.collection} has no BM25 full-text fields")
        self.store = store
        self.languages = list(languages)      # the index's chunk languages

    def search(self, text, langs, k, where=None, allowed=None):
        k = max(1, min(int(k), MAX_LIMIT))
        out: dict[int, float] = {}
        wanted = (where or {}).get("lang")
        for lang in self.languages if langs is None else langs:
            if lang not in self.languages or (wanted and lang not in wanted):
                continue
            query = " ".join(words(text, lang))     # stop-words out here too: Milvus Lite drops none
            if not query:
                continue
            expr = expression({**(where or {}), "lang": [lang]}, allowed)
            params = {"metric_type": "BM25", "analyzer_name": analyzer_name(lang, self.store.analyzer_langs)}
            res = self.store.call(lambda: self.store.client.search(
                self.store.collection, data=[query], anns_field="sparse", limit=k, filter=expr,
                search_params=params, output_fields=[]))
            for h in res[0] if res else []:
                score = abs(float(h["distance"]))
                if score > 0:
                    out[int(h["id"])] = score
        return dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0]))[:k])
