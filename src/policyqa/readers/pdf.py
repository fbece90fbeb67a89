"""PDF reader (pypdf): legal acts into preamble/recitals/articles, other PDFs into one unit per page.

Per page: running headers/footers (lines repeated at the top or bottom of most pages, digits ignored)
and bare page numbers are removed; a footnote block (blank line, then lines opening with "1 ", "2 " …)
at the bottom of a page is cut. Words split over a line end ("gegevens-\\nbescherming") are joined.
Lines are joined into paragraphs; a paragraph starts at an enumerator ("1.", "a)", "(12)") or after a
short line. Units: "Artikel N"/"Article N" heading lines with N counting up from 1 → `art_N` (the next
short line is the article title); "(N)" paragraphs counting up from 1 before the first article →
`rct_N`; text before them → `pbl`. Without articles or recitals: `sec_p<N>` per page.
The extracted text is kept in `Document.meta["text"]` (span rule: see base.py).
"""
from __future__ import annotations

import io
import re
from collections import Counter

from policyqa.types import Document

from .base import RawUnit, ReadError, Source, TextAssembler, make_document, resolve_lang

_ARTICLE = re.compile(r"^(?:Artikel|Article|Art\.|Artículo|Articolo|Artykuł|Artigo)\s+(\d{1,3})$", re.IGNORECASE)
_RECITAL = re.compile(r"^\((\d{1,3})\)\s+\S")
_ENUM = re.compile(r"^[“\"„‘]?(?:\(?\d{1,3}[a-z]?[.)]|\(?[a-z]{1,4}\)|\(\d{1,3}\)|[—–•▪-])\s")
_ACT = re.compile(r"^(?:VERORDENING|RICHTLIJN|BESLUIT|REGULATION|DIRECTIVE|DECISION|RÈGLEMENT|"
                  r"DÉCISION|VERORDNUNG|RICHTLINIE|BESCHLUSS|REGLAMENTO|DIRECTIVA|DECISIÓN|REGOLAMENTO|"
                  r"DIRETTIVA|DECISIONE|ROZPORZĄDZENIE|DYREKTYWA|DECYZJA)\b")
_EDGE = 3            # lines at the top/bottom of a page that may be running headers/footers


def _pages(data: bytes) -> tuple[list[str], str]:
    """Text of every page and the metadata title ("" when none); ReadError for a broken PDF."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError("encrypted PDF (password required)")
        pages = [page.extract_text() or "" for page in reader.pages]
        meta = reader.metadata
        title = str(meta.title or "") if meta else ""
    except ReadError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, AttributeError) as e:
        raise ReadError(f"broken PDF ({type(e).__name__}: {str(e).splitlines()[0] if str(e) else 'unreadable'})") from None
    return pages, title.strip()


def _clean_pages(pages: list[str]) -> list[list[str]]:
    """Lines of each page without running headers/footers, page numbers and bottom footnotes.

    A running header/footer is a line at the same top/bottom position on at least half of the pages
    (digits ignored, so "PE-CONS 30/26  12" repeats).
    """
    split = [[ln.rstrip() for ln in p.splitlines()] for p in pages]
    key = lambda ln: re.sub(r"\d+", "#", " ".join(ln.split()))  # noqa: E731

    def edges(lines: list[str]) -> dict[int, int]:
        """line index → position key (0, 1, 2 from the top; -1, -2, -3 from the bottom)."""
        nonblank = [i for i, ln in enumerate(lines) if ln.strip()]
        pos = {i: -(len(nonblank) - k) for k, i in enumerate(nonblank[-_EDGE:], len(nonblank) - min(_EDGE, len(nonblank)))}
        pos.update({i: k for k, i in enumerate(nonblank[:_EDGE])})
        return pos

    counts: Counter[tuple[int, str]] = Counter()
    for lines in split:
        counts.update({(p, key(lines[i])) for i, p in edges(lines).items()})
    out: list[list[str]] = []
    for lines in split:
        pos = edges(lines)
        kept = [ln for i, ln in enumerate(lines)
                if not (i in pos and ((len(pages) >= 3 and counts[(pos[i], key(ln))] >= len(pages) / 2)
                                      or re.fullmatch(r"\s*-?\s*\d{1,4}\s*-?\s*", ln)))]
        out.append(_cut_footnotes(kept))
    return out


def _cut_footnotes(lines: list[str]) -> list[str]:
    seen_text = False
    for i, ln in enumerate(lines):
        if ln.strip():
            seen_text = True
            continue
        nxt = next((x for x in lines[i + 1:] if x.strip()), None)
        if seen_text and nxt is not None and re.match(r"^\s*\d{1,3}\s+\S", nxt):
            return lines[:i]
    return lines


def _join_lines(lines: list[str]) -> list[str]:
    """Lines without blanks, words hyphenated over a line end joined."""
    out: list[str] = []
    for ln in (x.strip() for x in lines):
        if not ln:
            continue
        if out and re.search(r"\w-$", out[-1]) and ln[:1].isalpha():
            prev = out[-1]
            out[-1] = prev[:-1] + ln if prev[-2].islower() and ln[0].islower() else prev + ln
        else:
            out.append(ln)
    return out


def _paragraphs(lines: list[str], width: int) -> list[str]:
    paras: list[str] = []
    for ln in lines:
        prev = paras[-1] if paras else None
        last_line_len = len(prev.rsplit("\n", 1)[-1]) if prev else 0
        new = (prev is None or _ENUM.match(ln) or last_line_len < 0.6 * width
               or (prev.endswith((".", ":", ";")) and last_line_len < 0.85 * width))
        if new:
            paras.append(ln)
        else:
            paras[-1] = f"{prev}\n{ln}"
    return [" ".join(p.split("\n")) for p in paras]


def _structure(lines: list[str]) -> list[tuple[str, str, int]]:
    """(unit id, heading, first line index) of articles and recitals, in order; [] when none are found."""
    marks: list[tuple[str, str, int]] = []
    art = rct = 0
    for i, ln in enumerate(lines):
        m = _ARTICLE.match(ln)
        if m and int(m.group(1)) == art + 1:
            art += 1
            title = lines[i + 1] if i + 1 < len(lines) else ""
            heading = ln if (not title or _ENUM.match(title) or len(title) > 120 or title.endswith((".", ":", ";"))) \
                else f"{ln} — {title}"
            marks.append((f"art_{art}", heading, i))
            continue
        r = _RECITAL.match(ln)
        if r and art == 0 and int(r.group(1)) == rct + 1:
            rct += 1
            marks.append((f"rct_{rct}", "", i))
    return marks


def _title(meta_title: str, lines: list[str]) -> str:
    if meta_title:
        return meta_title
    for i, ln in enumerate(lines):
        if _ACT.match(ln):
            parts = [ln]
            for nxt in lines[i + 1:i + 7]:
                if nxt.startswith("(") or nxt.endswith(","):
                    break
                parts.append(nxt)
            return " ".join(parts)[:300]
    return ""


def read_pdf(src: Source) -> Document:
    """Read a PDF file (see the module docstring)."""
    pages, meta_title = _pages(src.data)
    page_lines = [_join_lines(p) for p in _clean_pages(pages)]
    lines = [ln for p in page_lines for ln in p]
    if not lines:
        raise ReadError("no text found (scanned PDF without a text layer?)")
    lengths = sorted(len(ln) for ln in lines)
    width = lengths[int(0.9 * (len(lengths) - 1))]
    asm = TextAssembler()
    raw: list[RawUnit] = []
    marks = _structure(lines)
    if marks:
        if marks[0][2] > 0:
            raw.append(asm.add("pbl", "", _paragraphs(lines[:marks[0][2]], width)))
        for k, (uid, heading, i) in enumerate(marks):
            stop = marks[k + 1][2] if k + 1 < len(marks) else len(lines)
            skip = 2 if " — " in heading else (1 if heading else 0)
            raw.append(asm.add(uid, heading, _paragraphs(lines[i + skip:stop], width),
                               4 if uid.startswith("art_") else None))
    else:
        for n, pl in enumerate(page_lines, 1):
            if pl:
                raw.append(asm.add(f"sec_p{n}", f"Page {n}", _paragraphs(pl, width), 1))
    text = asm.text()
    lang = resolve_lang(src, {}, sample=text[:5000])
    title = _title(meta_title, lines) or src.path.stem
    return make_document(src, front={}, lang=lang, title=title, url=None, raw=raw,
                         extra_meta={"text": text, "format": "pdf", "pages": len(pages)})
