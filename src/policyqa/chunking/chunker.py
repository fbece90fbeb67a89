"""Structure-aware chunking: a chunk never crosses a unit (article, recital, annex, section).

A unit that fits in `max_words` words and `max_chars` characters is one chunk labelled with the unit
("Article 5"). A longer unit is split at paragraph bounds ("1.", "2." in articles), then at point bounds
("(a)", "(b)"; numbered points in annexes), then at sentence bounds. The caps hold for any text: a
sentence over a cap is split at clause bounds (after , ; : or a closing bracket, before a dash), then at
white space, and a run of text without white space (a 1 MB "word") is cut hard — every chunk has at most
`max_words` words (`policyqa.text.word_count`) and `max_chars` characters (default
`CHARS_PER_WORD × max_words`: 2,400 for 200 words; the longest chunk of the shared corpus had 1,884).
All of it is linear in the text length. Each chunk is labelled with what it covers:
"Article 50(2)", "Article 5(1)(a)–(c)" → shown as "Article 5(1)", "Article 5(2)–(4)", "Annex III, point 4".

Each chunk also records `segments`: (offset in chunk text, paragraph, point) for every block, so an
answer can label the exact provision of a cited sentence (see `label_at`).

Spans: `Chunk.start/end` are offsets into the document's source text, computed from the unit's span on
the rule of policyqa.readers (the unit body is the tail of the unit's span).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from policyqa.provisions import unit_label
from policyqa.readers.base import strip_span
from policyqa.text import sentence_spans, word_count
from policyqa.types import Chunk, Document, Unit

_PARA = re.compile(r"^(\d{1,3})\.\s")          # "1. " opening an article paragraph / annex point
_POINT = re.compile(r"^(?:\(([a-z]{1,2}|\d{1,3})\)|([a-z]{1,2}|\d{1,3})\))\s")   # "(a) " (en) or "a) " (fr, nl, de, pl …)
_SKIP_KINDS = {"chapter", "title"}             # structure-only units: their headings live in heading paths
_NUMBERED_KINDS = {"article", "annex"}         # units whose paragraphs/points have labels of their own
CHARS_PER_WORD = 12                            # the character cap is this × max_words unless given
_CLAUSE_END = re.compile(r"[,;:)\]](?=\s)|(?<=\s)[-–—](?=\s)")   # a clause ends after these
_LAST_SPACE = re.compile(r"\s(?=\S*\Z)")     # the last white space of a window


@dataclass
class _Block:
    start: int            # offset in unit.text
    end: int
    paragraph: str | None
    point: str | None
    words: int


def _blocks(unit: Unit) -> list[_Block]:
    """Blank-line separated blocks of a unit body, each with the paragraph/point it belongs to."""
    text = unit.text
    out: list[_Block] = []
    paragraph: str | None = None
    point: str | None = None
    annex = unit.kind == "annex"
    for m in re.finditer(r"(?:[^\n]|\n(?!\s*\n))+", text):
        raw = m.group(0)
        if not raw.strip():
            continue
        line = raw.lstrip("\n")                  # a block after a blank line starts with its newline
        indent = len(line) - len(line.lstrip(" "))
        body = raw.strip()
        if indent == 0:
            pm = _PARA.match(body)
            om = _POINT.match(body)
            if pm:
                if annex:
                    point = pm.group(1)
                else:
                    paragraph, point = pm.group(1), None
            elif om and not annex:
                point = om.group(1) or om.group(2)
            else:
                point = None if not annex else point
        # an indented block belongs to the point above it: a subpoint "(i)" / "i)" of an article's point
        lead = len(raw) - len(raw.lstrip())
        out.append(_Block(m.start() + lead, m.start() + len(raw.rstrip()), paragraph, point, word_count(body)))
    return out


def _spans_at(text: str, a: int, b: int, level: int) -> list[tuple[int, int]]:
    """text[a:b] cut into consecutive trimmed spans at the bounds of `level`: 0 sentences, 1 clauses
    (what lies between two spans is white space only)."""
    if level == 0:
        return [(a + x, a + y) for x, y in sentence_spans(text[a:b])]
    out, start = [], a
    for m in _CLAUSE_END.finditer(text, a, b):
        if text[start:m.end()].strip():
            out.append((start, m.end()))
            start = m.end()
    out.append((start, b))
    return [sp for sp in (strip_span(text, x, y) for x, y in out) if sp[0] < sp[1]]


@lru_cache(maxsize=8)
def _first_words(n: int) -> re.Pattern:
    """Matches the first `n` words (`word_count`'s \\w+ runs) from where it starts; the \\b keeps one
    word from matching as two, so it runs in linear time."""
    return re.compile(r"(?:\W*\w+\b){%d}" % n)


def _cut_at_spaces(text: str, a: int, b: int, max_words: int, max_chars: int):
    """text[a:b] in pieces of ≤ max_words words and ≤ max_chars characters, each ending at white space
    where the window has some, else cut hard (a "word" longer than the cap)."""
    first = _first_words(max_words)
    while True:
        a, b = strip_span(text, a, b)
        if a >= b:
            return
        end = min(b, a + max_chars)
        m = first.match(text, a, end)
        if m and m.end() < end:
            end = m.end()
        if end < b and not text[end].isspace():
            ws = _LAST_SPACE.search(text, a, end)
            if ws:
                end = ws.start()
        piece_end = strip_span(text, a, end)[1]
        yield a, piece_end, word_count(text[a:piece_end])
        a = end


def _atoms(text: str, a: int, b: int, max_words: int, max_chars: int, level: int = 0):
    """(start, end, words) spans covering text[a:b] in order, each within both caps, cut at the best
    bounds available: sentences, then clauses, then white space, then anywhere."""
    words = word_count(text[a:b])
    if words <= max_words and b - a <= max_chars:
        yield a, b, words
        return
    if level > 1:
        yield from _cut_at_spaces(text, a, b, max_words, max_chars)
        return
    spans = _spans_at(text, a, b, level) or [(a, b)]
    for x, y in spans:
        yield from _atoms(text, x, y, max_words, max_chars, level + 1)


def _split_long(block: _Block, text: str, max_words: int, max_chars: int) -> list[_Block]:
    """Split one oversized block into pieces within both caps: whole sentences where they fit (see
    `_atoms` for sentences over a cap), packed greedily."""
    pieces: list[_Block] = []
    cur_start = cur_end = None
    cur_words = 0
    for a, b, w in _atoms(text, block.start, block.end, max_words, max_chars):
        if cur_start is not None and (cur_words + w > max_words or b - cur_start > max_chars):
            pieces.append(_Block(cur_start, cur_end, block.paragraph, block.point, cur_words))
            cur_start, cur_words = None, 0
        if cur_start is None:
            cur_start = a
        cur_end = b
        cur_words += w
    if cur_start is not None:
        pieces.append(_Block(cur_start, cur_end, block.paragraph, block.point, cur_words))
    return pieces


def _label(unit: Unit, blocks: list[_Block], whole: bool) -> str:
    base = unit_label(unit.unit, heading=unit.heading or None)
    if whole or unit.kind not in _NUMBERED_KINDS:
        return base
    paras = [b.paragraph for b in blocks if b.paragraph]
    points = [b.point for b in blocks if b.point]
    if unit.kind == "annex":
        tops = list(dict.fromkeys(p.split("(")[0] for p in points))
        if not tops:
            return base
        if len(tops) == 1:
            pts = list(dict.fromkeys(points))
            return unit_label(unit.unit, point=pts[0] if len(pts) == 1 else tops[0])
        return f"{base}, points {tops[0]}–{tops[-1]}"
    uniq = list(dict.fromkeys(paras))
    if not uniq:
        return base
    if len(uniq) == 1:
        pts = list(dict.fromkeys(points))
        # a chunk of one paragraph that covers exactly one point names it
        one_point = pts[0] if len(pts) == 1 and all(b.point == pts[0] for b in blocks) else None
        return unit_label(unit.unit, paragraph=uniq[0], point=one_point)
    return f"{base}({uniq[0]})–({uniq[-1]})"


def _make_chunk(doc: Document, unit: Unit, blocks: list[_Block], part: int, whole: bool) -> Chunk:
    text = unit.text
    a, b = blocks[0].start, blocks[-1].end
    body_offset = max(unit.end - len(text), unit.start) if unit.end else 0
    segments = [[blk.start - a, blk.paragraph, blk.point] for blk in blocks]
    return Chunk(
        id=f"{doc.doc}/{doc.lang}/{unit.unit}#{part}",
        doc=doc.doc, lang=doc.lang, unit=unit.unit, kind=unit.kind,
        label=_label(unit, blocks, whole),
        heading_path=list(unit.heading_path),
        text=text[a:b],
        start=body_offset + a, end=body_offset + b,
        title=doc.title, url=doc.url, path=doc.path,
        segments=segments,
    )


def chunk_unit(doc: Document, unit: Unit, max_words: int = 200, max_chars: int | None = None) -> list[Chunk]:
    """The chunks of one unit, each ≤ max_words words and ≤ max_chars characters (see the module doc)."""
    if unit.kind in _SKIP_KINDS or not unit.text.strip():
        return []
    max_chars = max_chars or CHARS_PER_WORD * max_words
    blocks = _blocks(unit)
    total = sum(b.words for b in blocks)
    if total <= max_words and blocks[-1].end - blocks[0].start <= max_chars:
        return [_make_chunk(doc, unit, blocks, 0, whole=True)]
    fine: list[_Block] = []
    for b in blocks:
        over = b.words > max_words or b.end - b.start > max_chars
        fine.extend(_split_long(b, unit.text, max_words, max_chars) if over else [b])
    groups: list[list[_Block]] = []
    cur: list[_Block] = []
    words = 0
    for b in fine:
        new_para = cur and b.paragraph != cur[-1].paragraph
        # break before a new paragraph once the chunk is reasonably full, or when a cap is hit
        if cur and (words + b.words > max_words or b.end - cur[0].start > max_chars
                    or (new_para and words >= max_words // 2)):
            groups.append(cur)
            cur, words = [], 0
        cur.append(b)
        words += b.words
    if cur:
        groups.append(cur)
    return [_make_chunk(doc, unit, g, i, whole=False) for i, g in enumerate(groups)]


def chunk_document(doc: Document, max_words: int = 200, max_chars: int | None = None) -> list[Chunk]:
    out: list[Chunk] = []
    for unit in doc.units:
        out.extend(chunk_unit(doc, unit, max_words, max_chars))
    return out


def chunk_documents(docs: Iterable[Document], max_words: int = 200, max_chars: int | None = None) -> list[Chunk]:
    return [c for d in docs for c in chunk_document(d, max_words, max_chars)]


def provision_at(chunk: Chunk, offset: int) -> tuple[str | None, str | None]:
    """(paragraph, point) of the block holding `offset` in `chunk.text` (None, None when unknown)."""
    seg = None
    for s in chunk.segments:
        if s[0] <= offset:
            seg = s
        else:
            break
    return (None, None) if seg is None else (seg[1], seg[2])


def label_at(chunk: Chunk, offset: int) -> str:
    """The most precise label for the text at `offset` in `chunk.text` ("Article 5(1)(f)")."""
    paragraph, point = provision_at(chunk, offset)
    if (paragraph is None and point is None) or chunk.kind not in _NUMBERED_KINDS:
        return chunk.label
    if chunk.kind == "annex":
        return unit_label(chunk.unit, point=point) if point else chunk.label
    if paragraph is None:    # a point of an article without numbered paragraphs: "Article 3, point (3)"
        return unit_label(chunk.unit, point=point)
    return unit_label(chunk.unit, paragraph=paragraph, point=point)


def _holds(chunk: Chunk, seg: list, paragraph: str | None, point: str | None) -> bool:
    _, para, pt = seg
    if chunk.kind == "annex":
        return bool(pt) and str(pt).split("(")[0] == str(point)
    return para == paragraph and (pt == point or (point is None and paragraph is not None))


def reference_span(chunk: Chunk, paragraph: str | None, point: str | None, *,
                   exact: bool = False) -> tuple[int, int] | None:
    """Span in `chunk.text` of the named paragraph/point (annexes: the numbered point; articles without
    numbered paragraphs: the point): the exact paragraph+point when the chunk holds it, else (unless
    `exact`) the part of the chunk in that paragraph; None when the chunk holds neither."""
    if paragraph is None and point is None:
        return None
    segs = chunk.segments
    if chunk.kind == "article" and point is None and not any(seg[1] for seg in segs):
        paragraph, point = None, paragraph   # "Article 3(1)", "3. panta 1. punkts": a point where there are no paragraphs
    for want in ((point,) if exact or paragraph is None or chunk.kind == "annex" else (point, None)):
        hits = [j for j, seg in enumerate(segs) if _holds(chunk, seg, paragraph, want)]
        if hits:
            end = segs[hits[-1] + 1][0] if hits[-1] + 1 < len(segs) else len(chunk.text)
            return segs[hits[0]][0], end
    return None


def reference_offset(chunk: Chunk, paragraph: str | None, point: str | None, *, exact: bool = False) -> int | None:
    """Offset in `chunk.text` where the named paragraph/point starts (see `reference_span`)."""
    span = reference_span(chunk, paragraph, point, exact=exact)
    return span[0] if span else None
