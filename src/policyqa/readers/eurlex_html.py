"""HTML reader: EUR-Lex pages with ELI ids (OJ "CONVEX" and consolidated layouts), and any other HTML.

EUR-Lex: elements with ELI ids open units in document order (`pbl_1` → `pbl`, `rct_12`, `cpt_III`,
`cpt_III.sct_2`, `art_5`, `anx_III`); text after a nested unit belongs to the last opened unit, as in
the shared corpus markdown. Headings are the unit's title lines joined with " — " ("Artikel 5 —
Verboden AI-praktijken"). Point tables/grids become "a) text" paragraphs, nested points indented by
4 spaces per level. Footnotes, call-outs, amendment arrows (▼B), scripts and styles are dropped.
Other HTML: units from h1–h4 headings (`sec_<slug>`), navigation/header/footer dropped.
The extracted text is kept in `Document.meta["text"]` (span rule: see base.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from policyqa.text import clean_text
from policyqa.types import Document

from .base import RawUnit, ReadError, Source, TextAssembler, heading_unit_id, make_document, resolve_lang

EURLEX = "https://eur-lex.europa.eu"
_UNIT_ID = re.compile(r"^(?:art_\d+[a-z]*|rct_\d+|anx_\w+|cpt_[IVXLC\d]+(?:\.sct_\d+)?|pbl_1)$")
_LEVEL = {"cpt": 2, "anx": 2, "art": 4}
_BLOCK = {"p", "div", "table", "tbody", "thead", "tfoot", "tr", "td", "th", "ul", "ol", "li", "dl", "dt", "dd",
          "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "blockquote", "pre", "main", "figure",
          "header", "footer", "nav", "aside", "form", "address", "center", "body"}
_DROP_TAGS = {"script", "style", "noscript", "template", "head", "hr", "img", "svg", "iframe", "object", "button"}
_DROP_CLASSES = {"arrow", "modref", "oj-note", "footnote", "oj-note-tag", "separator", "disclaimer"}
_PAGE_CHROME = {"nav", "header", "footer", "aside", "form"}
_HEADING_CLASS = re.compile(r"oj-ti-(?!grseq)|oj-sti-|oj-doc-ti|title-(?!gr-seq)|eli-title")
_LABEL = re.compile(r"^(?:\(?(?:\d{1,3}[a-z]?|[a-z]{1,3}|[IVXLC]{1,6})[.)]|\((?:\d{1,3}[a-z]?|[a-z]{1,4})\)|[—–\-•▪·])$")
_WS = re.compile(r"\s+")


def _clean(s: str) -> str:
    return _WS.sub(" ", s).strip()


def decode_html(data: bytes) -> str:
    """Decode HTML bytes by BOM, XML declaration or meta charset (default UTF-8); ReadError otherwise."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        enc = "utf-16"
    else:
        head = data[:4096]
        m = (re.search(rb"<\?xml[^>]*encoding=[\"']([\w.:-]+)", head)
             or re.search(rb"<meta[^>]*charset=[\"']?([\w.:-]+)", head, re.IGNORECASE))
        enc = m.group(1).decode("ascii") if m else "utf-8"
    try:
        return clean_text(data.decode("utf-8-sig" if enc.lower() in ("utf-8", "utf8") else enc))
    except LookupError:
        raise ReadError(f"unknown character set {enc!r} declared") from None
    except UnicodeDecodeError as e:
        raise ReadError(f"not valid {enc} text (invalid byte at offset {e.start})") from None


def _parse(text: str) -> lxml.html.HtmlElement:
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        return lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as e:
        raise ReadError(f"cannot parse HTML: {e}") from None


def _classes(el: etree._Element) -> set[str]:
    return set((el.get("class") or "").split())


@dataclass
class _Walk:
    """Document-order walk that cuts the text into units at boundary elements."""

    eli: bool
    units: list[tuple[str, str, int | None, list[str]]] = field(default_factory=list)
    title: str = ""
    label: str = ""
    taken: set[str] = field(default_factory=set)

    def para(self, text: str, depth: int) -> None:
        text = _clean(text)
        if not text:
            return
        if _LABEL.match(text) and not self.label:
            self.label = text
            return
        if self.label:
            text, self.label = f"{self.label} {text}", ""
        if not self.units:
            if self.eli:
                return                                  # page furniture before the first unit
            self.units.append(("sec_intro", "", None, []))
            self.taken.add("sec_intro")
        self.units[-1][3].append("    " * max(0, depth - 1) + text)

    def flush_label(self, depth: int) -> None:
        if self.label:
            label, self.label = self.label, ""
            if self.units:
                self.units[-1][3].append("    " * max(0, depth - 1) + label)

    def walk(self, el: etree._Element, depth: int) -> None:
        if not isinstance(el.tag, str):
            return
        tag = el.tag.lower()
        if self.eli:
            ident = el.get("id") or ""
            if ident == "tit_1":
                self.title = _clean(" ".join(p.text_content() for p in el.iter("p")) or el.text_content())
                return
            if _UNIT_ID.match(ident):
                self.open_eli(el, ident, depth)
                return
        elif tag in ("h1", "h2", "h3", "h4"):
            heading = _clean(el.text_content())
            if heading:
                self.flush_label(depth)
                uid = heading_unit_id(heading, self.taken)
                self.units.append((uid, heading, int(tag[1]), []))
                self.title = self.title or heading
            return
        if self.is_point_list(el):
            self.children(el, depth + 1)
        elif tag == "tr" and self.table_row(el, depth):
            return
        else:
            self.children(el, depth)

    def table_row(self, row: etree._Element, depth: int) -> bool:
        """A data-table row of two or more filled cells → one "cell | cell" paragraph; False otherwise."""
        cells = [c for c in row if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
        texts = [_clean(c.text_content()) for c in cells]
        filled = [t for t in texts if t]
        if len(filled) < 2 or (len(filled) == 2 and _LABEL.match(filled[0])):
            return False                                 # a point row: label + text
        if any(c.find(".//table") is not None for c in cells):
            return False
        self.para(" | ".join(texts), depth)
        return True

    def children(self, el: etree._Element, depth: int, skip: tuple[etree._Element, ...] = ()) -> None:
        """Walk the children of `el`; inline runs between block children become paragraphs."""
        if not skip and not any(isinstance(c.tag, str) and c.tag.lower() in _BLOCK for c in el.iterdescendants()):
            self.para(el.text_content(), depth)
            return
        buf = [el.text or ""]
        for child in el:
            if any(child is s for s in skip):
                buf.append(child.tail or "")
                continue
            if isinstance(child.tag, str) and child.tag.lower() in _BLOCK:
                self.para("".join(buf), depth)
                buf = []
                self.walk(child, depth)
            elif isinstance(child.tag, str):
                buf.append(child.text_content())
            buf.append(child.tail or "")
        self.para("".join(buf), depth)

    def is_point_list(self, el: etree._Element) -> bool:
        """A point table ("a)" cell + text cell) or a consolidated-text grid list."""
        if "grid-list" in _classes(el):
            return True
        if el.tag != "table":
            return False
        row = next(el.iter("tr"), None)
        if row is None:
            return False
        cells = [c for c in row if isinstance(c.tag, str) and c.tag in ("td", "th") and _clean(c.text_content())]
        return len(cells) == 2 and bool(_LABEL.match(_clean(cells[0].text_content())))

    def open_eli(self, el: etree._Element, ident: str, depth: int) -> None:
        self.flush_label(depth)
        uid = "pbl" if ident.startswith("pbl_") else ident
        parts: list[str] = []
        used: list[etree._Element] = []
        if uid == "pbl":
            parts = [self.title] if self.title else []
        elif not uid.startswith("rct_"):
            for child in el:
                if not isinstance(child.tag, str) or not _clean(child.text_content()):
                    continue
                if len(parts) == 2 or not _HEADING_CLASS.search(child.get("class") or ""):
                    break
                parts.append(_clean(child.text_content()))
                used.append(child)
        level = 3 if ".sct_" in uid else _LEVEL.get(uid.split("_")[0])
        self.units.append((uid, " — ".join(parts), level, []))
        self.children(el, 0 if uid.startswith(("art_", "anx_", "rct_")) else depth, tuple(used))


def _drop_callout(el: etree._Element) -> None:
    """Drop a footnote call-out "(1)" together with the space before it ("Comité (1)," → "Comité,")."""
    prev, parent = el.getprevious(), el.getparent()
    if prev is not None:
        prev.tail = (prev.tail or "").rstrip()
    elif parent is not None:
        parent.text = (parent.text or "").rstrip()
    el.drop_tree()


def _official_link(root: lxml.html.HtmlElement, text: str) -> tuple[str | None, str | None]:
    """(ELI link, CELEX number) named by the page (canonical link, "ELI: …" line, CELEX references)."""
    m = re.search(r"(?:resource/celex/|CELEX(?::|%3A))(\d{5}[A-Z]\d{4})", text)
    celex = m.group(1) if m else None
    for link in root.iter("link"):
        href = link.get("href") or ""
        if (link.get("rel") or "").lower() == "canonical" and ("/eli/" in href or "CELEX" in href):
            return href, celex or _celex_from_eli(href)
    eli = re.search(r"ELI:\s*(https?://\S+?/oj)\b", text)
    link = eli.group(1) if eli else None
    return link, celex or _celex_from_eli(link)


def _celex_from_eli(url: str | None) -> str | None:
    """CELEX number of an OJ ELI link: …/eli/reg/2024/1689/oj → 32024R1689."""
    m = re.search(r"/eli/(reg|dir|dec)/(\d{4})/(\d{1,4})/oj", url or "")
    if not m:
        return None
    return f"3{m.group(2)}{dict(reg='R', dir='L', dec='D')[m.group(1)]}{int(m.group(3)):04d}"


def read_html(src: Source) -> Document:
    """Read an HTML file (see the module docstring)."""
    raw_text = decode_html(src.data)
    root = _parse(raw_text)
    declared = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    page_title = _clean(root.findtext(".//title") or "")
    eli_link, celex = _official_link(root, raw_text)
    for el in list(root.iter()):
        if el.getparent() is None:
            continue
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag == "a" and (el.get("href") or "").startswith(("#ntr", "#src.")):
            _drop_callout(el)
        elif not isinstance(el.tag, str) or tag in _DROP_TAGS or _classes(el) & _DROP_CLASSES:
            el.drop_tree()
    eli = any(_UNIT_ID.match(el.get("id") or "") for el in root.iter())
    walk = _Walk(eli=eli)
    if eli:
        scope = [el for el in root.iter() if "eli-container" in _classes(el)
                 and not any("eli-container" in _classes(a) for a in el.iterancestors())] or [root]
    else:
        for el in [e for e in root.iter() if isinstance(e.tag, str) and e.tag.lower() in _PAGE_CHROME]:
            if el.getparent() is not None:
                el.drop_tree()
        scope = [root.find("body") if root.find("body") is not None else root]
    for el in scope:
        walk.walk(el, 0)
    asm = TextAssembler()
    raw: list[RawUnit] = [asm.add(uid, heading, paras, level) for uid, heading, level, paras in walk.units]
    text = asm.text()
    lang = resolve_lang(src, {}, declared=declared, sample=text[:5000])
    url = f"{EURLEX}/legal-content/{lang.upper()}/TXT/?uri=CELEX:{celex}" if celex else eli_link
    title = walk.title or page_title or src.path.stem
    extra = {"text": text, "format": "eurlex-html" if eli else "html"}
    if celex:
        extra["celex"] = celex
    return make_document(src, front={}, lang=lang, title=title, url=url, raw=raw, extra_meta=extra)
