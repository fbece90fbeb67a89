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
