"""The default answerer, no LLM: a lead sentence in the asker's language, then the smallest span of the
provision that answers, each followed by [n].

Sentences come from the passages of the top provisions (in the question's language when that version
exists). Each sentence is scored by the cosine of its embedding to the question's, plus a small prior
for the provision's rank (and, for "when / what fine" questions, for sentences with figures); the best
one is quoted — the point or paragraph, not the whole article — at most MAX_QUOTE_WORDS words per source
and two sources; a point's verdict may come from its paragraph's lead-in ("The following AI practices
shall be prohibited:"), highlighted in the source card. The lead (policyqa.answer.lead) names the act, the
provision and its heading, and says "prohibited / required / right / exception" only when the quoted
wording does (policyqa.answer.kinds). Further relevant provisions go to `see_also`. A question that
names a provision ("What does Article 50(2) require?") quotes that provision from the named paragraph
or point. A request for legal advice ("should I sue …") is told that the texts cannot decide that,
before the provisions that bear on it (policyqa.answer.advice).
Whether to abstain is decided by policyqa.answer.abstain on the same scores.
"""
from __future__ import annotations

import itertools
import re
import time

import numpy as np

from policyqa.answer.abstain import question_signals, should_abstain, signals
from policyqa.answer.advice import asks_for_advice
from policyqa.answer.base import Answer, make_citation, see_also_entry
from policyqa.answer.figures import asks_for_figure, figure_at, has_figure
from policyqa.answer.kinds import provision_kind
from policyqa.answer.lead import lead_sentence, local_label
from policyqa.answer.messages import LEGAL_ADVICE, message, not_found, other_language_intro
from policyqa.chunking.chunker import reference_offset
from policyqa.indexing.store import LoadedIndex
from policyqa.provisions import is_lookup, parse_unit
from policyqa.retrieval import intents
from policyqa.retrieval.retriever import Retrieval
from policyqa.sources import family_title
from policyqa.text import sentence_spans

PASSAGES = 3            # provisions the answer may quote from
MARGIN = 0.03           # a second source is quoted when its best sentence scores within this of the best
RANK_PRIOR = 0.01       # bonus per rank above the last candidate provision
FIGURE_PRIOR = 0.02     # bonus of a sentence with a figure (date, amount, %) for "when / what fine" questions
MAX_QUOTE_WORDS = 60    # words quoted from the first source when the question asks for a figure (the most)
SECOND_QUOTE_WORDS = 20  # words quoted from the second source
PLAIN_QUOTE_WORDS = 40   # words quoted from the first when the question asks for no figure
_SENTENCE_ENDS = ("\n", ".", ";", ":", "!", "?", "…")
MAX_SOURCES = 2         # sources quoted in the answer
SEE_ALSO = 3            # further provisions listed
LEAD_IN_WORDS = 25      # a paragraph's lead-in gives the verdict for its points up to this length
_FIGURE = re.compile(r"\d[\d .,]*\d\s*%|\b(?:19|20)\d\d\b|\d{1,3}(?:[ .,\u00a0]\d{3})+|\d+\s*%")
_WORDS = re.compile(r"\S+")
_ENUMERATOR = re.compile(r"^(?:\(?[0-9]{1,3}[a-z]?\)|[0-9]{1,3}\.|\(?[a-z]{1,4}\))\s+")   # "1. ", "(f) ", "f) ", "(iii) "


def _trim(text: str, start: int, end: int, max_words: int) -> int:
    """End offset of at most `max_words` words of text[start:end] (cut at a word's end)."""
    words = list(itertools.islice(_WORDS.finditer(text, start, end), max_words + 1))   # bounded: a 5 MB span
    return end if len(words) <= max_words else words[max_words - 1].end()


def _window(text: str, a: int, b: int, max_words: int, figure: bool) -> tuple[int, int]:
    """At most `max_words` words of text[a:b]: its beginning, or — for a question that asks for a figure
    whose figure lies beyond the cut — the words around that figure."""
    end = _trim(text, a, b, max_words)
    if figure and end < b and not has_figure(text[a:end]):
        at = figure_at(text[a:b])
        if at is not None:
            words = list(_WORDS.finditer(text, a, b))
            k = next(i for i, w in enumerate(words) if w.end() > a + at)
            start = words[max(0, min(k - max_words // 3, len(words) - max_words))].start()
            return start, _trim(text, start, b, max_words)
    return a, end


def _segment_end(chunk, offset: int) -> int:
    """Where the paragraph or point that starts at or holds `offset` ends (the next segment)."""
    for off, _, _ in chunk.segments:
        if off > offset:
            return off
    return len(chunk.text)


def _lead_in(index: LoadedIndex, row: int, offset: int) -> tuple[int, int, int] | None:
    """(row, start, end) of the lead-in ("1. The following AI practices shall be prohibited:") of the
    paragraph whose point holds `offset` in chunk `row` — in that chunk or in an earlier chunk of the same
    provision and language version; None when the text there is not a point or has no lead-in."""
    chunk = index.chunks[row]
    seg = None
    for sg in chunk.segments:
        if sg[0] <= offset:
            seg = sg
    if seg is None or seg[2] is None or chunk.kind != "article":
        return None
    same = [r for r in index.unit_rows.get((chunk.doc, chunk.unit), [])
            if index.chunks[r].lang == chunk.lang and index.chunks[r].start <= chunk.start]
    for r in sorted(same, key=lambda r: -index.chunks[r].start):           # this chunk first, then back
        c = index.chunks[r]
        bounds = [sg[0] for sg in c.segments] + [len(c.text)]
        heads = [(off, nxt) for (off, para, pt), nxt in zip(c.segments, bounds[1:])
                 if para == seg[1] and pt is None and (r != row or off < seg[0])]
        if heads:
            a, b = heads[-1]
            piece = c.text[a:b]
            return (r, a + len(piece) - len(piece.lstrip()), a + len(piece.rstrip())) if piece.strip() else None
    return None


def score_sentences(index: LoadedIndex, embedder, question: str,
                    retrieval: Retrieval) -> tuple[list[tuple[int, tuple[int, int]]], np.ndarray]:
    """Candidate sentences of the top PASSAGES passages (hit index, span in that hit's passage) and their
    cosine to the question (the sentence vectors are the index's; only the question is encoded)."""
    hits = retrieval.hits[:PASSAGES]
    owner, spans, vectors = index.sentence_rows([hit.row for hit in hits])   # embedded at index time
    cands = [(int(h), (int(a), int(b))) for h, (a, b) in zip(owner, spans)]
    if not cands:
        return [], np.zeros(0, dtype=np.float32)
    qv = retrieval.query_vector
    if qv is None:
        qv = embedder.embed_queries([question])[0]
    return cands, vectors @ qv


def _paragraph_of(chunk, offset: int):
    para = None
    for off, p, _ in chunk.segments:
        if off <= offset:
            para = p
    return para


def _widen(chunk, a: int, b: int, figure: bool) -> tuple[int, int]:
    """The span to quote for the best sentence text[a:b] of `chunk`: the sentence itself; for a question
    that asks for a figure, with the neighbouring sentence of the same paragraph that holds one when it
    does not (the sentence alone when both exceed MAX_QUOTE_WORDS); a lead-in ending in ":" ("… if it
    meets any of the following conditions:") with what follows it, up to MAX_QUOTE_WORDS."""
    text = chunk.text
    if figure and not has_figure(text[a:b]):
        spans = sentence_spans(text)
        i = next((k for k, (x, y) in enumerate(spans) if x <= a < y), None)
        if i is not None:
            para = _paragraph_of(chunk, a)
            for j in (i + 1, i - 1):
                if 0 <= j < len(spans) and _paragraph_of(chunk, spans[j][0]) == para \
                        and has_figure(text[spans[j][0]:spans[j][1]]):
                    lo, hi = min(a, spans[j][0]), max(b, spans[j][1])
                    return (lo, hi) if len(_WORDS.findall(text, lo, hi)) <= MAX_QUOTE_WORDS else spans[j]
    if text[a:b].rstrip().endswith(":"):
        para = _paragraph_of(chunk, a)
        end = next((off for off, p, _ in chunk.segments if off > b and p != para), len(text))
        return a, max(b, end)
    return a, b


class ExtractiveAnswerer:
    def __init__(self, index: LoadedIndex, embedder, *, max_sentences: int = 3,
                 threshold: float | None = None):
        self.index = index
        self.embedder = embedder
        self.max_sentences = max_sentences
        self.threshold = threshold

    def score_sentences(self, question: str, retrieval: Retrieval) -> tuple[list[tuple[int, tuple[int, int]]], np.ndarray]:
        return score_sentences(self.index, self.embedder, question, retrieval)

    def run(self, question: str, lang: str, retrieval: Retrieval, judge: Retrieval | None = None) -> Answer:
        """Answer from `retrieval`; whether to abstain is judged on `judge` when given (the pipeline passes
        the same question retrieved without the passage-language filter)."""
        t0 = time.perf_counter()
        hits = retrieval.hits[:PASSAGES]
        cands, sims = self.score_sentences(question, retrieval) if hits else ([], np.zeros(0))
        unknown, words = question_signals(question, lang, self.index)
        judged = (signals(judge, self.score_sentences(question, judge)[1]) if judge is not None and judge.hits
                  else signals(retrieval, sims))
        if not cands or (should_abstain({**judged, **words}, self.threshold, unknown)
                         and not hits[0].lookup and not asks_for_advice(question)):
            return Answer(not_found(lang), True, [], (time.perf_counter() - t0) * 1000)
        quotes = self._choose(question, lang, retrieval, cands, sims)
        if not quotes:       # nothing quotable (seen on fuzzed input): "not in these documents", never a crash
            return Answer(not_found(lang), True, [], (time.perf_counter() - t0) * 1000)

        citations, parts = [], []
        for n, (h_i, a, b, lead_in) in enumerate(quotes, start=1):
            hit = hits[h_i]
            chunk = self.index.chunks[hit.row]
            spans = ([lead_in[1:]] if lead_in and lead_in[0] == hit.row else []) + [(a, b)]
            citations.append(make_citation(self.index, hit, n, spans=spans, at=a))
            body = _ENUMERATOR.sub("", chunk.text[a:b].strip())
            if chunk.text[:a].rstrip(" ") and not chunk.text[:a].rstrip(" ").endswith(_SENTENCE_ENDS):
                body = "… " + body                   # a window inside a sentence (around its figure)
            if b < _segment_end(chunk, a) and not body.endswith(("…", ".", ";", ":")):
                body += " …"
            # what the provision does: read from the quoted text and its paragraph's lead-in (shown
            # highlighted in the source card, not repeated in the answer)
            wording = (self.index.chunks[lead_in[0]].text[lead_in[1]:lead_in[2]] + " " if lead_in else "") \
                + chunk.text[a:b]
            kind = provision_kind(wording, parse_unit(chunk.unit)[0])
            if n == 1:
                parts.append(lead_sentence(self.index, hit.row, a, lang, kind) + " " + f"{body} [{n}]")
            else:
                parts.append(f"{family_title(chunk.doc, lang)}, {local_label(chunk, lang, a)}: {body} [{n}]")
        src_langs = sorted({c.lang for c in citations})
        text = "\n\n".join(parts)
        if lang not in src_langs:
            text = other_language_intro(lang, src_langs) + "\n\n" + text
        if asks_for_advice(question):
            text = message(LEGAL_ADVICE, lang) + "\n\n" + text
        cited = {(c.doc, c.unit) for c in citations}
        see_also = []
        for hit in retrieval.hits:
            if len(see_also) >= SEE_ALSO:
                break
            if (hit.doc, hit.unit) not in cited:
                cited.add((hit.doc, hit.unit))
                see_also.append(see_also_entry(self.index, hit, lang))
        return Answer(text, False, citations, (time.perf_counter() - t0) * 1000, see_also=see_also)

    def _choose(self, question: str, lang: str, retrieval: Retrieval, cands, sims) -> list[tuple]:
        """The quotes: (hit index, start, end, lead-in span or None) per source, best source first."""
        hits = retrieval.hits[:PASSAGES]
        if hits[0].lookup and is_lookup(question):
            # the named provision, from where the reference points (its paragraph/point)
            chunk = self.index.chunks[hits[0].row]
            ref = hits[0].reference
            start = reference_offset(chunk, ref.paragraph, ref.point) if ref else None
            if start is not None:
                end = _segment_end(chunk, start)             # the named paragraph or point
            else:                                            # the whole provision named: its beginning
                h0 = [sp for h, sp in cands if h == 0]
                start, end = (h0[0][0] if h0 else 0), len(chunk.text)
            while start < end and chunk.text[start].isspace():
                start += 1
            end = _trim(chunk.text, start, len(chunk.text[:end].rstrip()), MAX_QUOTE_WORDS)
            lead_in = _lead_in(self.index, hits[0].row, start) if ref and ref.point else None
            return [(0, start, end, lead_in)]

        prior = np.array([RANK_PRIOR * (len(hits) - 1 - h) for h, _ in cands])
        figure = asks_for_figure(question, lang)
        if figure:
            prior = prior + np.array([FIGURE_PRIOR if _FIGURE.search(self.index.chunks[hits[h].row].text[a:b])
                                      else 0.0 for h, (a, b) in cands])
        scores = sims + prior
        order = [int(i) for i in np.argsort(-scores)]
        best = float(scores[order[0]])
        chosen: list[tuple] = []
        for i in order:
            h, (a, b) = cands[i]
            if chosen and (scores[i] < best - MARGIN or len(chosen) >= min(MAX_SOURCES, self.max_sentences)):
                break
            if any(h == c[0] for c in chosen):
                continue
            chunk = self.index.chunks[hits[h].row]
            lead_in = _lead_in(self.index, hits[h].row, a)
            head = self.index.chunks[lead_in[0]].text[lead_in[1]:lead_in[2]] if lead_in else ""
            if lead_in and not (provision_kind(head) and len(_WORDS.findall(head)) <= LEAD_IN_WORDS):
                lead_in = None            # only a lead-in that says what its points are is worth its words
            if not chosen:
                a, b = _widen(chunk, a, b, figure)
            cap = (MAX_QUOTE_WORDS if figure else PLAIN_QUOTE_WORDS) if not chosen else SECOND_QUOTE_WORDS
            a, end = _window(chunk.text, a, b, cap, figure)
            chosen.append((h, a, end, lead_in))
        return chosen
