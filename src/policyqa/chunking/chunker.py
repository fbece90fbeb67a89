"""Structure-aware chunking: a chunk never crosses a unit (article, recital, annex, section).

A unit that fits in `max_words` is one chunk labelled with the unit ("Article 5"). A longer unit is
split at paragraph bounds ("1.", "2." in articles), then at point bounds ("(a)", "(b)"; numbered points
in annexes), then at sentence bounds — never mid-sentence. Each chunk is labelled with what it covers:
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

from policyqa.provisions import unit_label
from policyqa.text import sentence_spans, word_count
from policyqa.types import Chunk, Document, Unit

_PARA = re.compile(r"^(\d{1,3})\.\s")          # "1. " opening an article paragraph / annex point
_POINT = re.compile(r"^(?:\(([a-z]{1,2}|\d{1,3})\)|([a-z]{1,2}|\d{1,3})\))\s")   # "(a) " (en) or "a) " (fr, nl, de, pl …)
_SKIP_KINDS = {"chapter", "title"}             # structure-only units: their headings live in heading paths
_NUMBERED_KINDS = {"article", "annex"}         # units whose paragraphs/points have labels of their own


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


def _split_long(block: _Block, text: str, max_words: int) -> list[_Block]:
    """Split one oversized block at sentence bounds into pieces of at most ~max_words."""
    pieces: list[_Block] = []
    cur_start = cur_end = None
    cur_words = 0
    for a, b in sentence_spans(text[block.start:block.end]):
        a += block.start
        b += block.start
        w = word_count(text[a:b])
        if cur_start is not None and cur_words + w > max_words:
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


def chunk_unit(doc: Document, unit: Unit, max_words: int = 200) -> list[Chunk]:
    if unit.kind in _SKIP_KINDS or not unit.text.strip():
        return []
    blocks = _blocks(unit)
    total = sum(b.words for b in blocks)
    if total <= max_words:
        return [_make_chunk(doc, unit, blocks, 0, whole=True)]
    fine: list[_Block] = []
    for b in blocks:
        fine.extend(_split_long(b, unit.text, max_words) if b.words > max_words else [b])
    groups: list[list[_Block]] = []
    cur: list[_Block] = []
    words = 0
    for b in fine:
        new_para = cur and b.paragraph != cur[-1].paragraph
        # break before a new paragraph once the chunk is reasonably full, or when the cap is hit
        if cur and (words + b.words > max_words or (new_para and words >= max_words // 2)):
            groups.append(cur)
            cur, words = [], 0
        cur.append(b)
        words += b.words
    if cur:
        groups.append(cur)
    return [_make_chunk(doc, unit, g, i, whole=False) for i, g in enumerate(groups)]


def chunk_document(doc: Document, max_words: int = 200) -> list[Chunk]:
    out: list[Chunk] = []
    for unit in doc.units:
        out.extend(chunk_unit(doc, unit, max_words))
    return out


def chunk_documents(docs: Iterable[Document], max_words: int = 200) -> list[Chunk]:
    return [c for d in docs for c in chunk_document(d, max_words)]


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
