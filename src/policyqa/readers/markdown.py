"""Markdown reader: the shared corpus format (front matter + `<!-- id: … -->` markers) and plain markdown.

With markers, each marker opens a unit that runs to the next marker; a heading line right after the
marker is the unit heading (its `#` count is its nesting level). Text before the first marker is the
preamble `pbl` (heading: the `#` title) in legal texts, else `sec_intro`. Without markers, every
heading (outside code fences) opens a unit `sec_<slug>` (or `art_N`, `anx_N`, `cpt_N` when the heading
says "Article 5", "Annex III", …); text before the first heading is `sec_intro`.
"""
from __future__ import annotations

import re
from typing import Any

import yaml

from .base import (RawUnit, ReadError, Source, decode_utf8, make_document, resolve_lang, strip_span,
                   units_from_headings)
from policyqa.types import Document

_MARKER = re.compile(r"<!--\s*id:\s*([\w.\-]+)\s*-->")
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


def split_front_matter(text: str) -> tuple[dict[str, Any], int]:
    """(front matter mapping, offset where the body starts); ({}, 0) when there is none."""
    if not text.startswith("---\n"):
        return {}, 0
    m = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M).search(text, 4)
    if not m:
        raise ReadError("front matter opened with --- but never closed")
    try:
        data = yaml.safe_load(text[4:m.start()]) or {}
    except yaml.YAMLError as e:
        raise ReadError(f"invalid YAML front matter: {str(e).splitlines()[0]}") from None
    if not isinstance(data, dict):
        raise ReadError("front matter is not a mapping of keys to values")
    end = m.end() + 1 if text[m.end():m.end() + 1] == "\n" else m.end()
    return data, end


def _heading_at(text: str, pos: int, end: int) -> tuple[str, int, int, int] | None:
    """(heading, level, line start, line end) when the first non-blank line in [pos, end) is a heading."""
    a, _ = strip_span(text, pos, end)
    line_end = text.find("\n", a, end)
    line_end = end if line_end < 0 else line_end
    m = _HEADING.match(text[a:line_end])
    if not m:
        return None
    return m.group(2).strip(), len(m.group(1)), a, line_end


def _marked_units(text: str, body: int, markers: list[re.Match[str]]) -> list[RawUnit]:
    raw: list[RawUnit] = []
    legal = any(m.group(1).startswith(("rct_", "art_")) for m in markers)
    pre = _preamble(text, body, markers[0].start(), "pbl" if legal else "sec_intro")
    if pre:
        raw.append(pre)
    for i, m in enumerate(markers):
        seg_end = markers[i + 1].start() if i + 1 < len(markers) else len(text)
        head = _heading_at(text, m.end(), seg_end)
        if head:
            heading, level, start, body_from = head
        else:
            heading, level = "", None
            start, body_from = strip_span(text, m.end(), seg_end)[0], m.end()
        a, b = strip_span(text, body_from, seg_end)
        if a == b:
            a = b = body_from if head else start
        raw.append(RawUnit(m.group(1), heading, text[a:b], start, b, level))
    return raw


def _preamble(text: str, body: int, stop: int, uid: str) -> RawUnit | None:
    """The text before the first marker: heading = the title line, body without leading/trailing headings."""
    lines = [(mm.start(), mm.end()) for mm in re.finditer(r"[^\n]*", text[:stop]) if mm.start() >= body]
    content = [(a, b) for a, b in lines if text[a:b].strip()]
    if not content:
        return None
    heading, start = "", content[0][0]
    first = _HEADING.match(text[content[0][0]:content[0][1]])
    if first:
        heading = first.group(2).strip()
    while content and _HEADING.match(text[content[0][0]:content[0][1]]):
        content.pop(0)
    while content and _HEADING.match(text[content[-1][0]:content[-1][1]]):
        content.pop()
    if not content:
        return RawUnit(uid, heading, "", start, start + len(heading), None) if heading else None
    a, b = content[0][0], content[-1][1]
    return RawUnit(uid, heading, text[a:b], start, b, None)


def _markdown_headings(text: str, body: int) -> list[tuple[str, int, int, int]]:
    """(heading, level, line start, line end) of the `#` headings after `body`, outside code fences."""
    heads: list[tuple[str, int, int, int]] = []
    fenced = False
    for mm in re.finditer(r"[^\n]*", text[body:]):
        line = mm.group(0)
        if _FENCE.match(line):
            fenced = not fenced
            continue
        h = None if fenced else _HEADING.match(line)
        if h and h.group(2).strip():
            heads.append((h.group(2).strip(), len(h.group(1)), body + mm.start(), body + mm.end()))
    return heads


def read_markdown(src: Source) -> Document:
    """Read a markdown file (see the module docstring)."""
    text = decode_utf8(src.data)
    front, body = split_front_matter(text)
    markers = [m for m in _MARKER.finditer(text) if m.start() >= body]
    if markers:
        raw = _marked_units(text, body, markers)
    else:
        raw = units_from_headings(text, body, _markdown_headings(text, body))
    first_heading = next((r.heading for r in raw if r.heading), "")
    title = str(front.get("title") or first_heading or src.path.stem)
    lang = resolve_lang(src, front, sample=text[body:body + 5000])
    url = front.get("url") or front.get("eurlex")
    return make_document(src, front=front, lang=lang, title=title, url=str(url) if url else None, raw=raw)
