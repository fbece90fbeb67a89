"""Shared pieces of the readers: errors, the source description, unit ids, heading paths, spans.

Span rule (all readers): `Unit.start/end` are character offsets into the document's *source text*, and
the unit body is the tail of that span: ``source[unit.end - len(unit.text):unit.end] == unit.text``.
The source text is the decoded file for markdown and plain text, and the extracted plain text for HTML
and PDF; the latter is kept in ``Document.meta["text"]`` (see `source_text`). The span covers the heading
line (when there is one) and the body.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policyqa.languages import EU_LANGUAGES, detect_language, is_supported
from policyqa.sources import family_title
from policyqa.text import clean_text
from policyqa.types import Document, Unit


class ReadError(Exception):
    """A file that cannot be read into a document (the message is one line, without the path)."""


class CorpusError(Exception):
    """A corpus folder that cannot be used at all (missing, or without any readable document)."""


@dataclass
class Source:
    """One file handed to a reader: its bytes and what its location says about it."""

    path: Path
    rel: str                     # path relative to the corpus root, with "/" separators
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def folder(self) -> str | None:
        """The first folder under the corpus root (the family id), None for a file in the root."""
        parts = self.rel.split("/")
        return parts[0] if len(parts) > 1 else None

    @property
    def name_lang(self) -> str | None:
        """Language named by the file name: "nl.md", "foo-nl.pdf", "foo_nl.html", "foo.nl.md"."""
        m = re.search(r"(?:^|[-_.])([A-Za-z]{2})$", self.path.stem)
        return m.group(1).lower() if m and is_supported(m.group(1)) else None

    @property
    def stem_doc(self) -> str:
        """The file stem without a language suffix ("ai-act-nl" → "ai-act")."""
        stem = self.path.stem
        lang = self.name_lang
        if lang and stem.lower() != lang:
            stem = re.sub(rf"[-_.]{lang}$", "", stem, flags=re.IGNORECASE)
        return stem


@dataclass
class RawUnit:
    """A unit as a reader finds it, before kind/number/heading path are derived."""

    unit: str
    heading: str
    text: str
    start: int
    end: int
    level: int | None = None     # heading depth (1 = outermost); None: does not take part in nesting


# --- unit ids --------------------------------------------------------------------------------------

_KIND_BY_PREFIX = {"art": "article", "rct": "recital", "anx": "annex", "cpt": "chapter", "sec": "section",
                   "pbl": "preamble", "tit": "title"}
_CONTAINERS = {"chapter", "section"}


def unit_kind(uid: str) -> str:
    """Kind of a unit id: art_5 → article, cpt_III.sct_2 → section, pbl → preamble, …"""
    last = uid.split(".")[-1]
    if last.startswith("sct_"):
        return "section"
    return _KIND_BY_PREFIX.get(uid.split("_")[0], "other")


def unit_number(uid: str) -> str | None:
    """Number of a unit id: art_5 → "5", anx_III → "III", cpt_III.sct_2 → "2"; None for sec_/pbl."""
    last = uid.split(".")[-1]
    prefix, _, num = last.partition("_")
    if prefix in ("sec", "pbl", "tit") or not num:
        return None
    return num


_ROMAN = r"[IVXLC]+"
_ARTICLE_WORDS = ("article", "artikel", "artículo", "articulo", "articolo", "artykuł", "artigo", "artikla",
                  "článek", "článok", "člen", "članak", "άρθρο", "член", "articolul", "artikolu", "art.")
_ANNEX_WORDS = ("annex", "annexe", "bijlage", "anhang", "anexo", "allegato", "załącznik", "liite", "bilaga",
                "bilag", "příloha", "príloha", "priloga", "prilog", "παράρτημα", "приложение", "anexa")
_CHAPTER_WORDS = ("chapter", "chapitre", "hoofdstuk", "kapitel", "capítulo", "capitulo", "capo", "rozdział",
                  "luku", "kapitola", "poglavje", "poglavlje", "κεφάλαιο", "глава", "capitolul")
_HEAD_RX = re.compile(
    r"^\s*(?P<word>[^\W\d]+\.?)\s+(?P<num>\d{1,3}[a-z]?|" + _ROMAN + r")\b\s*(?:[—–:.\-]\s*(?P<title>.*))?$",
    re.IGNORECASE,
)


def classify_heading(heading: str) -> tuple[str, str] | None:
    """(unit id, number) for "Article 5 — X", "Artikel 12", "ANNEX III", "Chapter II" headings, else None."""
    m = _HEAD_RX.match(heading)
    if not m:
        return None
    word, num = m.group("word").casefold(), m.group("num")
    if word in _ARTICLE_WORDS and num[0].isdigit():
        return f"art_{num.lower()}", num.lower()
    if word in _ANNEX_WORDS and re.fullmatch(_ROMAN, num.upper()):
        return f"anx_{num.upper()}", num.upper()
    if word in _CHAPTER_WORDS and re.fullmatch(_ROMAN, num.upper()):
        return f"cpt_{num.upper()}", num.upper()
    return None


def slugify(text: str, *, max_len: int = 40) -> str:
    """ASCII slug of a heading ("Über uns — Kontakt" → "uber-uns-kontakt"); "section" when nothing is left."""
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")[:max_len].strip("-")
    return slug or "section"


def heading_unit_id(heading: str, taken: set[str]) -> str:
    """A unique id for a heading of a file without markers: art_N/anx_N/cpt_N if it says so, else sec_<slug>."""
    legal = classify_heading(heading)
    uid = legal[0] if legal and legal[0] not in taken else f"sec_{slugify(heading)}"
    base, n = uid, 2
    while uid in taken:
        uid, n = f"{base}-{n}", n + 1
    taken.add(uid)
    return uid


# --- labels and heading paths ----------------------------------------------------------------------

_RECITAL = {"en": "Recital", "nl": "Overweging", "fr": "Considérant", "de": "Erwägungsgrund",
            "es": "Considerando", "it": "Considerando", "pl": "Motyw", "pt": "Considerando"}
_PREAMBLE = {"en": "Preamble", "nl": "Aanhef", "fr": "Préambule", "de": "Präambel", "es": "Preámbulo",
             "it": "Preambolo", "pl": "Preambuła", "pt": "Preâmbulo"}


def recital_label(number: str | None, lang: str) -> str:
    return f"{_RECITAL.get(lang, 'Recital')} {number or ''}".strip()


def preamble_label(lang: str) -> str:
    return _PREAMBLE.get(lang, "Preamble")


def build_units(raw: list[RawUnit], doc: str, lang: str) -> list[Unit]:
    """Units with kind, number and heading path (family title, enclosing headings, own heading)."""
    family = family_title(doc, lang)
    stack: list[tuple[int, str]] = []
    out: list[Unit] = []
    for r in raw:
        kind, number = unit_kind(r.unit), unit_number(r.unit)
        if kind == "recital":
            path = [family, recital_label(number, lang)]
        elif kind == "preamble":
            path = [family, preamble_label(lang)]
        else:
            if r.level is not None:
                while stack and stack[-1][0] >= r.level:
                    stack.pop()
            path = [family, *(h for _, h in stack), *([r.heading] if r.heading else [])]
            if r.level is not None and r.heading and (kind in _CONTAINERS or kind == "other"):
                stack.append((r.level, r.heading))
        out.append(Unit(unit=r.unit, kind=kind, number=number, heading=r.heading, heading_path=path,
                        text=r.text, start=r.start, end=r.end))
    return out


# --- units of a text file with headings (markdown without markers, plain text) ---------------------


def strip_span(text: str, a: int, b: int) -> tuple[int, int]:
    """[a, b) narrowed to exclude surrounding whitespace."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def units_from_headings(text: str, body: int, heads: list[tuple[str, int, int, int]],
                        *, lone_id: str = "sec_intro") -> list[RawUnit]:
    """One unit per heading (heading, level, line start, line end) up to the next heading; the text
    before the first heading becomes `lone_id` (the whole text when there are no headings)."""
    raw: list[RawUnit] = []
    taken: set[str] = set()
    first = heads[0][2] if heads else len(text)
    a, b = strip_span(text, body, first)
    if a < b:
        taken.add(lone_id)
        raw.append(RawUnit(lone_id, "", text[a:b], a, b, None))
    for i, (heading, level, start, line_end) in enumerate(heads):
        nxt = heads[i + 1][2] if i + 1 < len(heads) else len(text)
        a, b = strip_span(text, line_end, nxt)
        if a == b:
            a = b = line_end
        raw.append(RawUnit(heading_unit_id(heading, taken), heading, text[a:b], start, b, level))
    return raw


# --- text assembly (HTML, PDF) ---------------------------------------------------------------------


@dataclass
class TextAssembler:
    """Builds an extracted source text unit by unit: "heading\\n\\nbody\\n\\n", keeping the span rule."""

    parts: list[str] = field(default_factory=list)
    length: int = 0

    def add(self, uid: str, heading: str, paragraphs: list[str], level: int | None = None) -> RawUnit:
        """Extracted text is cleaned here (`clean_text`: no NUL or control characters, NFC)."""
        heading = clean_text(heading)
        body = "\n\n".join(p for p in map(clean_text, paragraphs) if p.strip())
        start = self.length
        head = f"{heading}\n\n" if heading else ""
        self._put(head + body)
        end = self.length
        self._put("\n\n")
        return RawUnit(uid, heading, body, start, end, level)

    def _put(self, s: str) -> None:
        self.parts.append(s)
        self.length += len(s)

    def text(self) -> str:
        return "".join(self.parts)


def decode_utf8(data: bytes) -> str:
    """UTF-8 text, cleaned (`policyqa.text.clean_text`: a BOM, NUL and other control characters dropped,
    CRLF normalised to LF, NFC); ReadError when it is not UTF-8."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ReadError(f"not UTF-8 text (invalid byte at offset {e.start})") from None
    return clean_text(text)


def source_text(doc: Document, root: Path) -> str:
    """The text the unit spans refer to: `meta["text"]` for HTML/PDF, else the decoded file, cleaned as
    the reader cleaned it (`decode_utf8`)."""
    if "text" in doc.meta:
        return str(doc.meta["text"])
    return decode_utf8((root / doc.path).read_bytes())


# --- document assembly -----------------------------------------------------------------------------


def clean_meta(meta: dict[str, Any]) -> dict[str, Any]:
    """Front matter values made JSON-safe (dates → ISO strings, other objects → str)."""
    def conv(v: Any) -> Any:
        if isinstance(v, (str, int, float, bool)) or v is None:
            return v
        if isinstance(v, (_dt.date, _dt.datetime)):
            return v.isoformat()
        if isinstance(v, dict):
            return {str(k): conv(x) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            return [conv(x) for x in v]
        return str(v)
    return {str(k): conv(v) for k, v in meta.items()}


UPLOADS = "uploads"     # the web app's upload folder inside a corpus


def origin_of(rel_path: str) -> str:
    """"upload" for a file of the web app's upload folder, else "official" (chunk metadata `origin`)."""
    return "upload" if rel_path.replace("\\", "/").startswith(f"{UPLOADS}/") else "official"


def resolve_doc(src: Source, front: dict[str, Any]) -> str:
    """Family id: the folder under the corpus root; for a root file, or a file in `uploads/` (each upload
    is its own family), front matter `doc`, else the file stem without its language suffix."""
    if src.folder and src.folder != UPLOADS:
        return src.folder
    return str(front.get("doc") or src.stem_doc)


def resolve_lang(src: Source, front: dict[str, Any], *, declared: str | None = None, sample: str = "") -> str:
    """Language: front matter `language`/`lang`, file name, declared (HTML lang), else detection."""
    fm = front.get("language") or front.get("lang")
    if fm:
        code = str(fm).strip().lower()
        if not is_supported(code):
            raise ReadError(f"front matter language {fm!r} is not an EU language code ({', '.join(EU_LANGUAGES)})")
        return code
    if src.name_lang:
        return src.name_lang
    if declared:
        code = declared.strip().lower().replace("_", "-").split("-")[0]
        if is_supported(code):
            return code
    detected = detect_language(sample[:5000])
    if detected is None:
        raise ReadError("cannot tell the language: add `language:` front matter or a suffix like -nl to the file name")
    return detected


def make_document(src: Source, *, front: dict[str, Any], lang: str, title: str, url: str | None,
                  raw: list[RawUnit], extra_meta: dict[str, Any] | None = None) -> Document:
    """The finished Document; raises ReadError when no unit has any text."""
    if not any(r.text.strip() or r.heading.strip() for r in raw):
        raise ReadError("no text found")
    doc = resolve_doc(src, front)
    used = {"title", "language", "lang", "doc", "url"}
    meta = clean_meta({k: v for k, v in front.items() if k not in used})
    meta.update(extra_meta or {})
    return Document(doc=doc, lang=lang, title=title or src.path.stem, url=url, path=src.rel,
                    sha256=src.sha256, units=build_units(raw, doc, lang), meta=meta)
