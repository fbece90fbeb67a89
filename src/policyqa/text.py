"""Small text utilities shared by the chunker and the answerers: sentence spans, word counts."""
from __future__ import annotations

import re

# Abbreviations after which a full stop does not end a sentence (lower-cased, without the dot).
_ABBREV = {
    "art", "arts", "no", "nos", "nr", "para", "paras", "par", "p", "pp", "e.g", "i.e", "cf", "etc", "vol", "ch",
    "abs", "bzw", "z.b", "vgl", "ziff", "lit", "ca", "d.h", "u.a", "s", "nrs", "lid", "bijv", "o.a", "m.b.t",
    "ust", "pkt", "poz", "zob", "itd", "tzn", "np", "al", "éd", "mr", "mrs", "dr", "st", "sec", "ann", "rec",
    "apdo", "núm", "pág", "ecc", "pag", "cit", "op", "ibid", "vs", "resp", "inc", "ltd", "co", "jr",
}
_END = re.compile(r"[.!?;:](?=[\s\u00a0]+|$)|\n\s*\n")
_WORD = re.compile(r"\w+", re.UNICODE)


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of `text` (no empty spans, whitespace trimmed).

    A sentence ends at . ! ? (and ; : before a line break) followed by white space, or at a blank line.
    A dot does not end a sentence after a known abbreviation, a single letter or a number that starts
    a list item ("1. ", "(a)"), so "Art. 5(1)" and "Regulation (EU) No. 2016/679" stay whole.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        end = m.end()
        ch = text[m.start()]
        if ch == ".":
            before = text[start:m.start()]
            token = re.split(r"[\s(]", before)[-1].lower() if before else ""
            if token in _ABBREV or (len(token) == 1 and token.isalpha()):
                continue
            if token.isdigit() and not before.strip()[:-len(token)].strip():
                continue                      # "1." opening a numbered paragraph
        elif ch in ";:" and "\n" not in text[m.end():m.end() + 2]:
            continue                          # ; and : end a sentence only at a line break
        seg = text[start:end]
        if seg.strip():
            ls = len(seg) - len(seg.lstrip())
            spans.append((start + ls, start + len(seg.rstrip())))
        start = end
    if text[start:].strip():
        seg = text[start:]
        ls = len(seg) - len(seg.lstrip())
        spans.append((start + ls, start + len(seg.rstrip())))
    return spans


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]
