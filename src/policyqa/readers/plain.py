"""Plain-text reader (.txt, UTF-8).

A line is a heading when it stands alone (blank line or file edge around it), is short, does not end
in sentence punctuation, and is either in CAPITALS, numbered ("1. Scope", "2.3 Fees"), or names a
provision ("Article 5", "ANNEX III"). Each heading opens a unit (`sec_<slug>`, or `art_N`/`anx_N`/`cpt_N`);
text before the first heading is `sec_intro`; a file without headings is one unit `sec_text`.
"""
from __future__ import annotations

import re

from policyqa.types import Document

from .base import Source, classify_heading, make_document, resolve_lang, units_from_headings
from .base import decode_utf8

_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+\S")
_MAX_HEADING = 80


def _heading_level(line: str) -> int | None:
    """Nesting level of a heading line (1 = CAPS or provision, 2+ = numbered depth), None if not a heading."""
    s = line.strip()
    if not s or len(s) > _MAX_HEADING or s[-1] in ".,;:!?":
        return None
    if classify_heading(s):
        return 1
    letters = [c for c in s if c.isalpha()]
    if len(letters) >= 3 and all(c.isupper() for c in letters):
        return 1
    m = _NUMBERED.match(s)
    if m and len(s.split()) <= 12:
        return 1 + m.group(1).count(".") + 1
    return None


def plain_headings(text: str) -> list[tuple[str, int, int, int]]:
    """(heading, level, line start, line end) of the heading lines of a plain text."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]*", text)]
    heads = []
    for i, (a, b) in enumerate(lines):
        before = i == 0 or not text[lines[i - 1][0]:lines[i - 1][1]].strip()
        after = i + 1 >= len(lines) or not text[lines[i + 1][0]:lines[i + 1][1]].strip()
        level = _heading_level(text[a:b]) if before and after else None
        if level is not None:
            heads.append((text[a:b].strip(), level, a + len(text[a:b]) - len(text[a:b].lstrip()), b))
    return heads


def read_plain(src: Source) -> Document:
    """Read a UTF-8 plain-text file (see the module docstring)."""
    text = decode_utf8(src.data)
    heads = plain_headings(text)
    raw = units_from_headings(text, 0, heads, lone_id="sec_intro" if heads else "sec_text")
    title = heads[0][0] if heads else src.path.stem
    lang = resolve_lang(src, {}, sample=text[:5000])
    return make_document(src, front={}, lang=lang, title=title, url=None, raw=raw)
