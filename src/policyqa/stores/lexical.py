"""Lexical index `bm25s` (embedded): one BM25 (bm25s) per corpus language, each with that language's analyzer.

Rows are the chunk row numbers of the chunk store. A query is analysed with each language's analyzer
and scored against that language's rows only, so stems never mix across languages.
"""
from __future__ import annotations

import json
from pathlib import Path

import bm25s
import numpy as np

from policyqa.stores.analyzer import analyze
from policyqa.stores.base import LexicalStore

FOLDER = "bm25"


class LexicalIndex(LexicalStore):
    name = "bm25s"

    def __init__(self, langs: dict[str, np.ndarray], models: dict[str, bm25s.BM25], n_rows: int):
        self.rows = langs           # lang → chunk rows (int64), in index order of that language's BM25
        self.models = models
        self.n_rows = n_rows

    @classmethod
    def build(cls, texts: list[str], langs: list[str]) -> "LexicalIndex":
        by_lang: dict[str, list[int]] = {}
        for i, lang in enumerate(langs):
            by_lang.setdefault(lang, []).append(i)
        rows: dict[str, np.ndarray] = {}
        models: dict[str, bm25s.BM25] = {}
        for lang, idx in sorted(by_lang.items()):
            tokens = [analyze(texts[i], lang) or ["\u2205"] for i in idx]
            m = bm25s.BM25()
            m.index(tokens, show_progress=False)
            rows[lang], models[lang] = np.asarray(idx, dtype=np.int64), m
        return cls(rows, models, len(texts))

    def scores(self, query: str, langs: list[str] | None = None) -> np.ndarray:
        """BM25 score of every chunk row (0 where a language was not searched or nothing matched)."""
        out = np.zeros(self.n_rows, dtype=np.float32)
        for lang, model in self.models.items():
            if langs is not None and lang not in langs:
                continue
            q = analyze(query, lang)
            if q:
                out[self.rows[lang]] = model.get_scores(q)
        return out

    def scores_tokens(self, tokens: list[str], lang: str) -> np.ndarray:
        """BM25 score of every chunk row for already analysed `tokens`, searched in language `lang` only."""
        out = np.zeros(self.n_rows, dtype=np.float32)
        model = self.models.get(lang)
        toks = [t for t in tokens if model is not None and t in model.vocab_dict]
        if toks:
            out[self.rows[lang]] = model.get_scores(toks)
        return out

    def search(self, text, langs, k, where=None, allowed=None):
        return top_rows(self.scores(text, langs), k, self.filter_rows(where, allowed))

    def knows(self, word: str) -> bool:
        """True if `word` (analysed per language) occurs in the documents of some language."""
        for lang, model in self.models.items():
            toks = analyze(word, lang)
            if toks and all(t in model.vocab_dict for t in toks):
                return True
        return False

    def save(self, folder: Path) -> None:
        base = Path(folder) / FOLDER
        base.mkdir(parents=True, exist_ok=True)
        for lang, model in self.models.items():
            model.save(str(base / lang))
            np.save(base / f"{lang}.rows.npy", self.rows[lang])
        (base / "meta.json").write_text(json.dumps({"langs": sorted(self.models), "n_rows": self.n_rows}))

    @classmethod
    def load(cls, folder: Path) -> "LexicalIndex":
        base = Path(folder) / FOLDER
        meta = json.loads((base / "meta.json").read_text())
        rows = {lang: np.load(base / f"{lang}.rows.npy") for lang in meta["langs"]}
        models = {lang: bm25s.BM25.load(str(base / lang)) for lang in meta["langs"]}
        return cls(rows, models, int(meta["n_rows"]))


def top_rows(s: np.ndarray, k: int, allowed: np.ndarray | None) -> dict[int, float]:
    """The k best rows of a per-row score array (among `allowed`), row → score > 0."""
    if allowed is not None:
        keep = np.zeros_like(s)
        keep[allowed] = s[allowed]
        s = keep
    top = np.argsort(-s)[:k]
    return {int(i): float(s[i]) for i in top if s[i] > 0}
