"""The known document families (corpus/sources.yaml): CELEX numbers, display titles, aliases."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SOURCES = REPO_ROOT / "corpus" / "sources.yaml"


@dataclass(frozen=True)
class Family:
    id: str                                   # corpus folder name, e.g. "ai-act"
    celex: str | None
    titles: dict[str, str] = field(default_factory=dict)   # short display title per language
    aliases: tuple[str, ...] = ()
    url: str | None = None

    def title(self, lang: str = "en") -> str:
        return self.titles.get(lang) or self.titles.get("en") or self.id


# A document's EUR-Lex page: …/legal-content/NL/TXT/?uri=CELEX:32024R1689 (also …/TXT/HTML/…, …/ALL/…)
_EURLEX_PAGE = re.compile(r"https?://eur-lex\.europa\.eu/legal-content/([A-Za-z]{2})/(?:TXT|ALL)/(?:HTML/)?"
                          r"\?uri=(CELEX(?::|%3A)[0-9A-Z()]+)(?:[&#].*)?", re.IGNORECASE)
_NUMBERED_ARTICLE = re.compile(r"art_([1-9][0-9]{0,2})")


def provision_anchor(unit: str, paragraph: str | None = None) -> str | None:
    """The id of a provision in EUR-Lex's HTML view of an act (the Official Journal's ELI ids, as in the
    corpus markers): "art_5", paragraph 1 of Article 5 "005.001", "rct_12", "anx_III", "cpt_III.sct_1",
    the preamble "pbl_1"; None for units EUR-Lex has no id for (web-page sections). Points have no id
    of their own there: a point's anchor is its paragraph's (or its article's)."""
    if unit == "pbl":
        return "pbl_1"
    if unit.startswith("sec_"):
        return None
    m = _NUMBERED_ARTICLE.fullmatch(unit)
    if m and paragraph and paragraph.isdigit():
        return f"{int(m.group(1)):03d}.{int(paragraph):03d}"
    return unit


def provision_url(url: str | None, unit: str, paragraph: str | None = None) -> str | None:
    """The link that opens a provision itself: for a document on EUR-Lex, the HTML view in the document's
    language at the provision's anchor (…/legal-content/NL/TXT/HTML/?uri=CELEX:32024R1689#art_5);
    any other link (uploads, web pages) unchanged, None stays None."""
    m = _EURLEX_PAGE.fullmatch(url.strip()) if url else None
    if not m:
        return url
    base = f"https://eur-lex.europa.eu/legal-content/{m.group(1).upper()}/TXT/HTML/?uri={m.group(2)}"
    anchor = provision_anchor(unit, paragraph)
    return f"{base}#{anchor}" if anchor else base


def sources_path() -> Path:
    return Path(os.environ.get("POLICYQA_SOURCES", DEFAULT_SOURCES))


@lru_cache(maxsize=4)
def _load(path: str) -> dict[str, Family]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    out: dict[str, Family] = {}
    for fid, spec in (data.get("families") or {}).items():
        out[fid] = Family(
            id=fid,
            celex=spec.get("celex"),
            titles=dict(spec.get("title") or {}),
            aliases=tuple(spec.get("aliases") or ()),
            url=spec.get("url"),
        )
    return out


def families() -> dict[str, Family]:
    """All known families by id (empty if the sources list is missing)."""
    p = sources_path()
    if not p.is_file():
        return {}
    return _load(str(p))


def family_title(doc: str, lang: str = "en") -> str:
    """Short display title of a family ("AI Act"); the id itself for unknown families."""
    fam = families().get(doc)
    return fam.title(lang) if fam else doc


@lru_cache(maxsize=4)
def _alias_regex(path: str) -> tuple[re.Pattern[str], dict[str, str]] | None:
    fams = _load(path)
    table: dict[str, str] = {}
    for fam in fams.values():
        for name in (fam.id, *fam.aliases, *fam.titles.values()):
            table[name.casefold()] = fam.id
    if not table:
        return None
    names = sorted(table, key=len, reverse=True)
    rx = re.compile(r"(?<![\w])(" + "|".join(re.escape(n) for n in names) + r")(?![\w])", re.IGNORECASE)
    return rx, table


def find_families(text: str) -> list[tuple[str, int, int]]:
    """Family ids named in `text` by an alias, as (doc, start, end), in order of appearance."""
    p = sources_path()
    if not p.is_file():
        return []
    compiled = _alias_regex(str(p))
    if compiled is None:
        return []
    rx, table = compiled
    return [(table[m.group(1).casefold()], m.start(), m.end()) for m in rx.finditer(text)]


def title_languages(text: str) -> set[str]:
    """Languages whose own short title of an act appears in `text` ("AI-verordening" → {"nl"});
    titles shared with English ("AI Act", "GDPR") say nothing."""
    low = text.casefold()
    out: set[str] = set()
    for fam in families().values():
        en = fam.titles.get("en", "").casefold()
        for lang, title in fam.titles.items():
            t = title.casefold()
            if lang != "en" and t != en and re.search(r"(?<!\w)" + re.escape(t) + r"(?!\w)", low):
                out.add(lang)
    return out
