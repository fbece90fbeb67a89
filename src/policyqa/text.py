"""Small text utilities shared by the readers, the question check, the chunker and the answerers:
input cleaning, sentence spans, word counts."""
from __future__ import annotations

import re
import unicodedata

# Abbreviations after which a full stop does not end a sentence (lower-cased, without the dot).
_ABBREV = {
    "art", "arts", "no", "nos", "nr", "para", "paras", "par", "p", "pp", "e.g", "i.e", "cf", "etc", "vol", "ch",
    "abs", "bzw", "z.b", "vgl", "ziff", "lit", "ca", "d.h", "u.a", "s", "nrs", "lid", "bijv", "o.a", "m.b.t",
    "ust", "pkt", "poz", "zob", "itd", "tzn", "np", "al", "éd", "mr", "mrs", "dr", "st", "sec", "ann", "rec",
    "apdo", "núm", "pág", "ecc", "pag", "cit", "op", "ibid", "vs", "resp", "inc", "ltd", "co", "jr",
}
_END = re.compile(r"[.!?;:](?=[\s\u00a0]+|$)|\n\s*\n")
_WORD = re.compile(r"\w+", re.UNICODE)
_NON_SPACE = re.compile(r"\S")
_TOKEN_SPLIT = re.compile(r"[\s(]")
_TOKEN_WINDOW = 64          # longest abbreviation or paragraph number looked for before a dot

_SURROGATE = re.compile("[\ud800-\udfff]")
# C0/C1 control characters and U+FEFF (a BOM or zero-width no-break space inside text): dropped, except
# the white-space ones, which become a space (\t and \n are kept; \r\n and \r become \n).
_CONTROL = re.compile("\r\n?|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff]")
_CONTROL_SPACE = frozenset("\x0b\x0c\x1c\x1d\x1e\x1f\x85")


def _control(m: re.Match) -> str:
    ch = m.group(0)
    if ch[0] == "\r":
        return "\n"
    return " " if ch in _CONTROL_SPACE else ""


def clean_text(text: str) -> str:
    """`text` made safe to process, store and print — the one input normaliser of every door (questions
    from the CLI, the Python and web API and the chat; document text from the readers):

    - lone UTF-16 surrogates (a command-line argument with bytes that are not UTF-8 arrives as
      "\udcff"; JavaScript strings can carry them) become U+FFFD; a valid surrogate pair becomes its
      character;
    - NUL and the other C0/C1 control characters are dropped, except \t and \n; \r\n and \r become \n; the
      white-space controls (\v, \f, \x1c–\x1f, NEL) become a space; U+FEFF is dropped;
    - the result is in Unicode normal form NFC (so "é" typed as e + combining accent matches "é").

    Linear in the length; a clean NFC text comes back unchanged.
    """
    if _SURROGATE.search(text):
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    text = _CONTROL.sub(_control, text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


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
    first = None                              # where the first non-space character after `start` is
    for m in _END.finditer(text):
        end = m.end()
        ch = text[m.start()]
        if ch == ".":
            # the word before the dot, looked for in a bounded window (linear time on any text)
            lo = max(start, m.start() - _TOKEN_WINDOW)
            before = text[lo:m.start()]
            token = _TOKEN_SPLIT.split(before)[-1].lower() if before else ""
            if lo > start and len(token) == len(before):
                token = ""                    # a "word" longer than the window: no abbreviation
            if token in _ABBREV or (len(token) == 1 and token.isalpha()):
                continue
            if token.isdigit():
                if first is None:
                    ns = _NON_SPACE.search(text, start)
                    first = ns.start() if ns else len(text)
                if first >= m.start() - len(token):
                    continue                  # "1." opening a numbered paragraph
        elif ch in ";:" and "\n" not in text[m.end():m.end() + 2]:
            continue                          # ; and : end a sentence only at a line break
        seg = text[start:end]
        if seg.strip():
            ls = len(seg) - len(seg.lstrip())
            spans.append((start + ls, start + len(seg.rstrip())))
        start, first = end, None
    if text[start:].strip():
        seg = text[start:]
        ls = len(seg) - len(seg.lstrip())
        spans.append((start + ls, start + len(seg.rstrip())))
    return spans


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]
