"""Find the provisions a question names: "Art. 5(1)(f) AI Act", "bijlage III punt 4", "Erwägungsgrund 12".

The patterns are built once, at import, from the word tables in `words.py`. One precompiled
search finds each unit word + number; small anchored patterns then read the details
(paragraph, point), lists and ranges, and the act named next to it. A 100 KB text takes a
few milliseconds (budget: < 50 ms).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from policyqa.sources import find_families

from . import words as W
from .units import ProvisionError, _int_to_roman, _roman_to_int

MAX_NUMBER = 500        # article and recital numbers above this are not references
MAX_ANNEX = 50          # nor are annex numbers above this
RANGE_CAP = 10          # "Art. 5–7" expands to every unit when it spans at most this many; else endpoints only
LOOKUP_MAX_CONTENT_WORDS = 1
_REF_KINDS = ("article", "annex", "recital")   # unit kinds a reference can name
_ID_PREFIX = {"article": "art", "annex": "anx", "recital": "rct"}


@dataclass(frozen=True)
class Reference:
    """One provision named in a text. `start:end` is the span that names it: keyword and number
    (and details) for the first item of a list, the item's own number for later items, the whole
    range for every member of a range. The act name is not part of the span."""

    unit: str                 # shared-corpus id: "art_5", "anx_III", "rct_12"
    paragraph: str | None     # "1"
    point: str | None         # "f" (article points), "4" (annex points)
    doc: str | None           # family id ("ai-act") when the text says which act
    start: int
    end: int


# ---- building patterns from the word tables -------------------------------------------------

_LETTERS = r"[^\W\d_]"
_JOINERS = [w for table in (W.CONJUNCTIONS, W.RANGE_WORDS) for ws in table.values() for w in ws]


def _word(word: str) -> str:
    """Regex for one table word in the notation of `words.py`."""
    parts = []
    for part in word.split(" "):
        if part.endswith("*"):
            parts.append(re.escape(part[:-1]) + _LETTERS + "*+")
        elif part.endswith(".") and len(part) > 1:
            parts.append(re.escape(part[:-1]) + r"(?:\.|(?!\w))")
        else:
            parts.append(re.escape(part) + (r"(?!\w)" if part[-1].isalnum() else ""))
    return r"\s+".join(parts)


def _alt(words) -> str:
    """Alternation of table words, longest first, factored by first letter (halves the search time)."""
    groups: dict[str, list[str]] = {}
    for w in sorted(set(words), key=len, reverse=True):
        groups.setdefault(w[0].casefold(), []).append(_word(w)[len(re.escape(w[0])):])
    return "(?:" + "|".join(re.escape(c) + "(?:" + "|".join(rest) + ")" for c, rest in groups.items()) + ")"


def _kind_words(table: dict[str, dict[str, tuple[str, ...]]], kind: str) -> list[str]:
    return [w for per_kind in table.values() for w in per_kind.get(kind, ())]


def _ordinal_values() -> dict[str, int]:
    out: dict[str, int] = {}
    for lang, stems in W.ORDINALS.items():
        for stem, value in stems.items():
            for ending in ("", *W.ORDINAL_ENDINGS.get(lang, ())):
                out[(stem + ending).casefold()] = value
    return out


_ORDINAL_VALUE = _ordinal_values()
_ORD = _alt(_ORDINAL_VALUE)
_NUM = r"(?:\d{1,4}|[ivxlcdm]{1,7})"
# after a number: "5.º" (pt) is read past; "5a", "2016/679" and "2 bis" (inserted article) are not numbers
_AFTER_NUM = r"(?:\.?\s?[º°])?(?![\w/])(?!\s+(?:bis|ter|quater)(?!\s*\d))"

_PREFIX = (r"(?<!\w)(?:" + "|".join(f"(?P<a_{k}>{_alt(_kind_words(W.PREFIX_WORDS, k))})" for k in _REF_KINDS)
           + r")(?:\s+|(?<=\.)\s*)(?P<a_paren>\()?(?P<a_num>" + _NUM + r")(?(a_paren)\))" + _AFTER_NUM)
_POSTFIX = (r"(?<![\w.,])(?P<b_paren>\()?(?P<b_num>" + _NUM + r")(?(b_paren)\))\.?\s+(?:"
            + "|".join(f"(?P<b_{k}>{_alt(_kind_words(W.POSTFIX_WORDS, k))})" for k in _REF_KINDS if
                       _kind_words(W.POSTFIX_WORDS, k)) + ")")
_HEAD = re.compile(_PREFIX + "|" + _POSTFIX, re.IGNORECASE)

# "5.1 f" (sv, es): the letter is a point when ")" or punctuation follows it, or a word follows and the
# letter is no one-letter word of any language ("5.1 i …", "5.1 y 5.2")
_ONE_LETTER_WORDS = "".join(sorted({w for w in (*_JOINERS, *W.LINK_WORDS) if len(w) == 1 and w.isalpha()}))
_DOTTED = re.compile(r"\.([1-9]\d?)(?![\d/.])(?:\s+([a-z])(?:\)|(?=\s*(?:[,;:?!]|\.(?!\d)|$))|(?<![" + _ONE_LETTER_WORDS
                     + r"])(?=\s+\w)))?")
_PAREN_FIRST = re.compile(r" ?\((\d{1,3}|" + _LETTERS + r"{1,4})\)")
_PAREN = re.compile(r"\((\d{1,3}|" + _LETTERS + r"{1,4})\)")
_PARA = re.compile(r"\s*[,.]?\s*(?:(?P<ord>" + _ORD + r")\s+" + _alt(W.PARAGRAPH_WORDS) + "|"
                   + _alt(W.PARAGRAPH_WORDS) + r"\s*(?:(?P<n>\d{1,3})|\((?P<pn>\d{1,3})\)|(?P<ord2>" + _ORD
                   + r"))(?!\w))", re.IGNORECASE)
_SUBPARA = re.compile(r"\s*[,.]?\s*(?:" + _ORD + r"\s+" + _alt(W.SUBPARAGRAPH_WORDS) + "|"
                      + _alt(W.SUBPARAGRAPH_WORDS) + r"\s*(?:\d{1,2}|\(\d{1,2}\)|" + _ORD + r")(?!\w))",
                      re.IGNORECASE)
_POINT = re.compile(r"\s*[,.]?\s*" + _alt(W.POINT_WORDS) + r"\s*(?P<open>\()?(?P<q>\d{1,3}|" + _LETTERS
                    + r"{1,3})(?P<close>\))?(?!\w)", re.IGNORECASE)
_POST_DETAILS = {
    lang: (re.compile(r"\s*,?\s*(?:\((?P<pn>\d{1,3})\)|(?P<n>\d{1,3})\.?)\s*" + _alt(t["paragraph"]), re.IGNORECASE),
           re.compile(r"\s*,?\s*(?P<open>\()?(?P<q>\d{1,3}(?!\d)|" + _LETTERS + "{1,3}(?!" + _LETTERS
                      + r"))(?P<close>\))?\.?[\s-]*" + _alt(t["point"]), re.IGNORECASE))
    for lang, t in W.POSTFIX_DETAIL_WORDS.items()
}
# details written before the unit: "point (f) of Article 5(1)", "točka (f) člena 5(1)", "punt 4 van bijlage III",
# "paragraph 2 of Article 6" (searched in a short window before the unit word, anchored at its end)
_LEAD = re.compile(r"(?<!\w)(?:" + _alt(W.POINT_WORDS) + r"\s*(?P<open>\()?(?P<q>\d{1,3}|" + _LETTERS
                   + r"{1,3})(?P<close>\))?|" + _alt(W.PARAGRAPH_WORDS) + r"\s*(?:(?P<n>\d{1,3})|\((?P<pn>\d{1,3})\)))"
                   + r"\.?(?:\s*,?\s*" + _alt(W.LINK_WORDS) + r"(?=\s|(?<=['’])))*\s*\Z", re.IGNORECASE)
LEAD_WINDOW = 80
_SEP = re.compile(r"(?:\s*,\s*(?:(?P<cw>" + _alt(_JOINERS) + r")\s+)?|\s+(?P<w>" + _alt(_JOINERS)
                  + r")\s+|\s*(?P<dash>[-–—])\s*)(?P<paren>\()?(?P<num>" + _NUM + r")(?(paren)\))" + _AFTER_NUM,
                  re.IGNORECASE)
_LINK = re.compile(r"[\s,]*(?:" + _alt(W.LINK_WORDS) + r"(?:\s+|(?<=['’])))*(?:(?P<this>" + _alt(W.THIS_WORDS)
                   + r")\s+)?(?:(?P<act>" + _alt(W.ACT_WORDS) + r")\s*(?:\(" + _LETTERS
                   + r"{1,4}\)\s*)?(?:(?:no|nr|n[º°o])\.?\s*)?)?", re.IGNORECASE)
_BEFORE_GAP = re.compile(r"\s*(?:['’]s)?[\s,:–—-]*")
_UNIT_TOKEN = re.compile(_alt([*_kind_words(W.PREFIX_WORDS, "article"), *_kind_words(W.PREFIX_WORDS, "annex"),
                               *_kind_words(W.PREFIX_WORDS, "recital"), *W.PARAGRAPH_WORDS,
                               *W.SUBPARAGRAPH_WORDS, *W.POINT_WORDS]), re.IGNORECASE)
_STOP = frozenset(w for ws in W.STOP_WORDS.values() for w in ws)


@lru_cache(maxsize=512)
def _langs(word: str, kind: str, postfix: bool) -> frozenset[str]:
    """Languages whose table has the matched unit word (used to read "a", "bis", "tot en met")."""
    table = W.POSTFIX_WORDS if postfix else W.PREFIX_WORDS
    return frozenset(lang for lang, per_kind in table.items()
                     if per_kind.get(kind) and re.fullmatch(_alt(per_kind[kind]), word, re.IGNORECASE))


# ---- reading one reference ------------------------------------------------------------------

def _number(raw: str, kind: str) -> int | None:
    """Value of a unit number, or None when it cannot be one ("Article 0", "Article 501", "annex x")."""
    if raw.isdigit():
        n = int(raw)
        return n if 0 < n <= (MAX_ANNEX if kind == "annex" else MAX_NUMBER) else None
    if kind != "annex" or (len(raw) == 1 and raw.islower()):
        return None
    n = _roman_to_int(raw)
    return n if n is not None and n <= MAX_ANNEX else None


def _point(tok: str, closed: bool) -> str | None:
    """Point as a Latin letter or number: "f", "στ)" → "f", "е)" → "f", "4"; None if not a point."""
    if tok.isdigit():
        return tok if 0 < int(tok) <= MAX_NUMBER else None
    if re.fullmatch(r"[a-z]", tok) or (closed and re.fullmatch(r"[a-z]{2}", tok)):
        return tok
    for alphabet in (W.GREEK_POINTS, W.CYRILLIC_POINTS):
        if tok in alphabet and (closed or len(tok) == 1):
            return chr(ord("a") + alphabet.index(tok))
    return None


def _parens(text: str, pos: int) -> tuple[str | None, str | None, int]:
    """Compact details of an article: "(1)(f)", "(1)", "(a)(ii)"."""
    para = point = None
    m = _PAREN_FIRST.match(text, pos)
    while m:
        tok = m.group(1)
        if para is None and point is None:
            if tok.isdigit() and 0 < int(tok) <= MAX_NUMBER:
                para = tok
            elif (point := _point(tok, True)) is None:
                break
        elif point is None:
            if tok.isdigit() or _point(tok, True) is None:
                break
            point = _point(tok, True)
        elif not (tok.isdigit() or tok.islower()):
            break                        # subpoints ("(ii)") are read past, not kept
        pos = m.end()
        m = _PAREN.match(text, pos)
    return para, point, pos


def _details(text: str, pos: int, kind: str, langs: frozenset[str] = frozenset()) -> tuple[str | None, str | None, int]:
    """Paragraph, point and end of the details that follow a unit number (`langs`: the languages of its
    unit word, whose number-first details are read too: "1 kohdan f alakohta", "(1) bekezdésének f) pontja")."""
    para = point = None
    if kind == "recital":
        return None, None, pos
    post = [_POST_DETAILS[lang] for lang in sorted(langs) if lang in _POST_DETAILS]
    if post:
        para, point, pos = _post_details(text, pos, kind, post)
    if kind == "article" and para is None and point is None:
        m = _DOTTED.match(text, pos)
        if m:
            para, point, pos = m.group(1), m.group(2), m.end()
        else:
            para, point, pos = _parens(text, pos)
    while True:
        m = _PARA.match(text, pos)
        if m and kind == "article" and point is None:
            value = m.group("n") or m.group("pn") or str(_ORDINAL_VALUE[(m.group("ord") or m.group("ord2")).casefold()])
            if para is None:             # a second paragraph element is a subparagraph: read past it
                para = value
            pos = m.end()
            continue
        m = _SUBPARA.match(text, pos)
        if m:
            pos = m.end()
            continue
        m = _POINT.match(text, pos)
        if m and point is None and not (m.group("open") and not m.group("close")):
            point = _point(m.group("q"), bool(m.group("close")))
            if point is not None:
                pos = _past_subpoints(text, m.end())
                continue
        break
    return para, point, pos


def _post_details(text: str, pos: int, kind: str, post) -> tuple[str | None, str | None, int]:
    """Number-first details: a paragraph, then a point (in an annex either names its numbered point)."""
    para = point = None
    for which in (0, 1):
        m = next((m for pats in post if (m := pats[which].match(text, pos))), None)
        if m is None:
            continue
        if which == 0:
            value = m.group("n") or m.group("pn")
            if kind == "annex":
                point = value
            elif 0 < int(value) <= MAX_NUMBER:
                para = value
        else:
            if point is not None or (m.group("open") and not m.group("close")):
                break
            point = _point(m.group("q"), bool(m.group("close")) or m.group("q").isdigit())
        pos = m.end()
    return para, point, pos


def _lead(text: str, start: int) -> tuple[str | None, str | None, int] | None:
    """Paragraph or point named right before a unit word ("point (f) of Article 5"), and where it starts."""
    a = max(0, start - LEAD_WINDOW)
    m = _LEAD.search(text[a:start])
    if m is None:
        return None
    if m.group("q") is not None:
        if m.group("open") and not m.group("close"):
            return None
        point = _point(m.group("q"), bool(m.group("close")) or m.group("q").isdigit())
        return (None, point, a + m.start()) if point else None
    return m.group("n") or m.group("pn"), None, a + m.start()


def _past_subpoints(text: str, pos: int) -> int:
    """End of the subpoints after a written-out point ("point 4(a)", "lit. f (ii)")."""
    m = _PAREN_FIRST.match(text, pos)
    while m and (m.group(1).isdigit() or m.group(1).islower()):
        pos = m.end()
        m = _PAREN.match(text, pos)
    return pos


@dataclass
class _Item:
    n: int
    paragraph: str | None
    point: str | None
    start: int
    end: int
    joined: str                          # "first", "comma", "list", "range"


def _items(text: str, head: re.Match[str]) -> tuple[str, list[_Item]] | None:
    """The kind and the numbered items of one reference group (a list or range after one unit word)."""
    postfix = head.group("b_num") is not None
    kind = next(k for k in _REF_KINDS if head.group(("b_" if postfix else "a_") + k) is not None)
    n = _number(head.group("b_num" if postfix else "a_num"), kind)
    if n is None:
        return None
    langs = _langs(head.group(("b_" if postfix else "a_") + kind), kind, postfix)
    para, point, end = _details(text, head.end(), kind, langs)
    start = head.start()
    lead = _lead(text, start) if kind != "recital" else None
    if lead is not None and (lead[1] is not None or kind == "article"):
        if point is None and lead[1] is not None:        # "point (f) of Article 5(1)", "točka 4 Priloge III"
            point, start = lead[1], lead[2]
        elif para is None and point is None and lead[0] is not None:   # "paragraph 2 of Article 6"
            para, start = lead[0], lead[2]
    items = [_Item(n, para, point, start, end, "first")]
    if postfix:                          # "5. cikk", "III lisa": no lists in these forms
        return kind, items
    conj = {w for lang in langs for w in W.CONJUNCTIONS.get(lang, ())}
    ranges = {w for lang in langs for w in W.RANGE_WORDS.get(lang, ())}
    while (m := _SEP.match(text, end)) is not None:
        word = re.sub(r"\s+", " ", (m.group("cw") or m.group("w") or "").casefold())
        if m.group("dash") or (word in ranges and word not in conj):
            joined = "range"
        elif word in conj or word in ranges:
            joined = "list"
        elif not word:
            joined = "comma"
        else:
            break                        # a joining word of another language
        nxt = _number(m.group("num"), kind)
        if nxt is None:
            break
        para, point, end = _details(text, m.end(), kind, langs)
        prev = items[-1]
        if joined == "range" and not (prev.paragraph or prev.point or para or point):
            if nxt <= prev.n:
                break
            span = range(prev.n + 1, nxt + 1) if nxt - prev.n < RANGE_CAP else (nxt,)
            prev.end = end
            items += [_Item(k, None, None, prev.start, end, "range") for k in span]
        else:
            items.append(_Item(nxt, para, point, m.start("num") - (1 if m.group("paren") else 0), end,
                               "list" if joined == "range" else joined))
    # "Article 5, 10 companies…": comma-joined items count only when a list word or range follows them
    last = max((i for i, it in enumerate(items) if it.joined in ("list", "range")), default=0)
    return kind, items[: last + 1]


def _unit(kind: str, n: int) -> str:
    return f"{_ID_PREFIX[kind]}_{_int_to_roman(n) if kind == 'annex' else n}"


# ---- acts named next to a reference ---------------------------------------------------------

def _family_after(text: str, end: int, fams: list[tuple[str, int, int]]) -> tuple[int | None, bool]:
    """Index in `fams` of the act named right after a reference, and whether another act is named there
    ("of Regulation (EU) 2019/1020")."""
    m = _LINK.match(text, end)
    for i, (_, s, _) in enumerate(fams):
        if end <= s <= m.end():
            return i, False
    return None, bool(m.group("act")) and not m.group("this")


def _family_before(text: str, start: int, fams: list[tuple[str, int, int]], used: set[int]) -> int | None:
    for i, (_, s, e) in enumerate(fams):
        if i not in used and e <= start and _BEFORE_GAP.fullmatch(text, e, start):
            return i
    return None


def parse_references(text: str) -> list[Reference]:
    """Every provision named in `text`, in order. Each reference carries the act (`doc`) named right
    after or before it ("Art. 5 AI Act", "AI Act, Article 50(2)"); when the text names exactly one
    act, references without an adjacent act get that one; references to another, unknown act
    ("Article 9 of Regulation (EU) 2019/1020") get None."""
    if not isinstance(text, str):
        raise ProvisionError(f"text must be a string, not {type(text).__name__}")
    fams = find_families(text)
    only = {d for d, _, _ in fams}
    default = next(iter(only)) if len(only) == 1 else None
    used_after: set[int] = set()
    out: list[Reference] = []
    pos = 0
    while (head := _HEAD.search(text, pos)) is not None:
        group = _items(text, head)
        if group is None:
            pos = head.end()
            continue
        kind, items = group
        pos = max(it.end for it in items)
        i, foreign = _family_after(text, pos, fams)
        if i is not None:
            used_after.add(i)
        elif not foreign:
            i = _family_before(text, head.start(), fams, used_after)
        doc = fams[i][0] if i is not None else (None if foreign else default)
        out += [Reference(_unit(kind, it.n), it.paragraph, it.point, doc, it.start, it.end) for it in items]
    return out


def is_lookup(text: str) -> bool:
    """True when `text` is mainly a provision lookup ("Article 99 AI Act", "Anhang III",
    "What does Article 50(2) require?"): it names a provision and, once the references, act names,
    unit words and stop-words (`words.STOP_WORDS`) are removed, at most LOOKUP_MAX_CONTENT_WORDS
    words of two or more letters remain."""
    refs = parse_references(text)
    if not refs:
        return False
    spans = [(r.start, r.end) for r in refs] + [(s, e) for _, s, e in find_families(text)]
    rest = list(text)
    for s, e in spans:
        rest[s:e] = " " * (e - s)
    tokens = re.findall(_LETTERS + "{2,}", "".join(rest).casefold())
    content = [t for t in tokens if t not in _STOP and not _UNIT_TOKEN.fullmatch(t)]
    return len(content) <= LOOKUP_MAX_CONTENT_WORDS
