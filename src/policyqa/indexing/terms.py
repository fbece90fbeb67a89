"""What the index learns from the corpus's own words, at build time (stored as `terms.json`):

- `abbreviations`: the acronyms of the corpus's frequent multi-word terms — the initials of a run of
  2–5 consecutive content words that occurs at least ABBREVIATION_MIN_COUNT times ("very large online
  platforms" → VLOP, "data protection impact assessment" → DPIA, "general-purpose AI" → GPAI): a
  question that writes them names something the texts spell out, not something they lack;
- `lexicon`: a legal-term lexicon from the parallel language versions. Provisions align by id across
  versions (en/fr/nl of the AI Act, de/pl/en/fr of the GDPR …), and within a provision by paragraph and
  point; over the aligned segments, each stem of one language is paired with the stems of another
  that occur in the same segments (Dice coefficient of their segment sets: "geldbuss" ↔ "fine",
  "verwerkingsverantwoordelijk" ↔ "controller"). Used to translate a question's BM25 query into the
  corpus languages (policyqa.retrieval.signals.lexicon). Learned from the corpus only, never downloaded.
"""
from __future__ import annotations

import re
from collections import Counter

import numpy as np

from policyqa.stores.analyzer import analyze, stopwords
from policyqa.types import Chunk

TERMS = "terms.json"
ABBREVIATION_MIN_COUNT = 20      # occurrences of a term before its acronym counts as known
LEXICON_MIN_PAIR = 3             # aligned segments two stems must share
LEXICON_MIN_DICE = 0.3
LEXICON_PER_STEM = 2             # translations kept per stem and target language
_SPLIT = re.compile(r"[.;:()\n,‘’“”«»\"]")
_WORDS = re.compile(r"[\s\-‑–/]+")
_EDGE = re.compile(r"^\W+|\W+$")


def _initial(word: str) -> str:
    return word if (word.isupper() and len(word) <= 3) else word[0].upper()


def abbreviations(chunks: list[Chunk]) -> list[str]:
    """Acronyms (3+ letters) of runs of 2–5 content words seen at least ABBREVIATION_MIN_COUNT times."""
    count: Counter[str] = Counter()
    for c in chunks:
        stop = stopwords(c.lang)
        for piece in _SPLIT.split(c.text):
            run: list[str] = []
            for w in [_EDGE.sub("", w) for w in _WORDS.split(piece)] + [""]:
                if w and w.isalpha() and w.casefold() not in stop:
                    run.append(_initial(w))
                    continue
                if len(run) >= 2:
                    count.update(a for n in range(2, 6) for i in range(len(run) - n + 1)
                                 if len(a := "".join(run[i:i + n])) >= 3)
                run = []
    return sorted(k for k, v in count.items() if v >= ABBREVIATION_MIN_COUNT)


def aligned_segments(chunks: list[Chunk]) -> dict[tuple, dict[str, str]]:
    """(doc, unit, paragraph, point) → language → that segment's text, for segments in 2+ languages."""
    out: dict[tuple, dict[str, list[str]]] = {}
    for c in chunks:
        segs = sorted(c.segments or [[0, None, None]], key=lambda s: s[0])
        for i, (off, para, point) in enumerate(segs):
            end = segs[i + 1][0] if i + 1 < len(segs) else len(c.text)
            out.setdefault((c.doc, c.unit, para, point), {}).setdefault(c.lang, []).append(c.text[off:end])
    return {k: {lg: " ".join(t) for lg, t in v.items()} for k, v in out.items() if len(v) >= 2}


def learn_lexicon(chunks: list[Chunk]) -> dict[str, dict[str, list[list]]]:
    """"src>tgt" → source stem → [[target stem, Dice], …] (best first), for every pair of corpus
    languages that share aligned segments."""
    from scipy import sparse

    segs = aligned_segments(chunks)
    langs = sorted({lg for v in segs.values() for lg in v})
    toks = {lg: {k: set(analyze(v[lg], lg)) for k, v in segs.items() if lg in v} for lg in langs}
    out: dict[str, dict[str, list[list]]] = {}
    for src in langs:
        for tgt in langs:
            if src == tgt:
                continue
            keys = [k for k in toks[src] if k in toks[tgt]]
            if len(keys) < 20:
                continue
            mats, vocabs = [], []
            for lg in (src, tgt):
                vocab: dict[str, int] = {}
                r, c = [], []
                for i, k in enumerate(keys):
                    for t in toks[lg][k]:
                        r.append(i)
                        c.append(vocab.setdefault(t, len(vocab)))
                mats.append(sparse.csr_matrix((np.ones(len(r), np.float32), (r, c)), shape=(len(keys), len(vocab))))
                vocabs.append(list(vocab))
            a, b = mats
            co = (a.T @ b).tocoo()
            na, nb = np.asarray(a.sum(0)).ravel(), np.asarray(b.sum(0)).ravel()
            keep = co.data >= LEXICON_MIN_PAIR
            r, c, v = co.row[keep], co.col[keep], co.data[keep]
            dice = 2 * v / (na[r] + nb[c])
            ok = dice >= LEXICON_MIN_DICE
            r, c, dice = r[ok], c[ok], dice[ok]
            order = np.lexsort((c, -dice, r))          # per source stem, best Dice first (ties: first seen)
            table: dict[str, list[list]] = {}
            for i in order:
                pairs = table.setdefault(vocabs[0][r[i]], [])
                if len(pairs) < LEXICON_PER_STEM:
                    pairs.append([vocabs[1][c[i]], round(float(dice[i]), 3)])
            out[f"{src}>{tgt}"] = table
    return out


def learn_terms(chunks: list[Chunk]) -> dict:
    return {"abbreviations": abbreviations(chunks), "lexicon": learn_lexicon(chunks)}
