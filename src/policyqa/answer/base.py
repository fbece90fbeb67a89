"""What every answerer returns, and the citation list they share."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from policyqa.chunking.chunker import label_at, provision_at
from policyqa.indexing.store import LoadedIndex
from policyqa.provisions import ProvisionError, unit_label, unit_label_local
from policyqa.retrieval.retriever import Hit
from policyqa.sources import family_title, provision_url


@dataclass
class Citation:
    n: int
    doc: str
    unit: str
    label: str                 # the most precise provision label of the cited text, "Article 5(1)(f)"
    lang: str
    title: str                 # short family title in the passage's language, "AI Act"
    text: str                  # the passage
    url: str | None
    score: float
    document: str = ""         # full document title
    highlights: list[list[int]] = field(default_factory=list)   # cited sentence spans in `text`
    origin: str = "official"   # "upload": a document added in the web app, not an official text

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Answer:
    text: str
    abstained: bool
    citations: list[Citation]
    ms: float = 0.0
    see_also: list[dict[str, Any]] = field(default_factory=list)   # further provisions, not quoted


def make_citation(index: LoadedIndex, hit: Hit, n: int, row: int | None = None,
                  spans: list[tuple[int, int]] | None = None, at: int | None = None) -> Citation:
    """Citation [n] of a hit's passage (`row`, default the hit's chosen passage), labelled precisely
    by the text at offset `at` (default: the first cited sentence)."""
    c = index.chunks[hit.row if row is None else row]
    spans = sorted(spans or [])
    at = spans[0][0] if at is None and spans else at
    label = label_at(c, at) if at is not None else c.label
    paragraph = provision_at(c, at)[0] if at is not None else None
    return Citation(n=n, doc=c.doc, unit=c.unit, label=label, lang=c.lang, title=family_title(c.doc, c.lang),
                    text=c.text, url=provision_url(c.url, c.unit, paragraph), score=round(hit.score, 6),
                    document=c.title,
                    highlights=[list(s) for s in spans], origin=c.origin)


def see_also_entry(index: LoadedIndex, hit: Hit, lang: str) -> dict[str, Any]:
    """A provision listed after the answer: {doc, unit, label (canonical English, "Article 26"),
    local_label (in the asker's language), title (the act's short title in the asker's language), url}."""
    c = index.chunks[hit.row]
    heading = c.heading_path[-1] if c.heading_path else None
    try:
        label, local = unit_label(c.unit, heading=heading), unit_label_local(c.unit, lang, heading=heading)
    except ProvisionError:
        label = local = c.label
    return {"doc": c.doc, "unit": c.unit, "label": label, "local_label": local,
            "title": family_title(c.doc, lang), "url": provision_url(c.url, c.unit)}


_MARK = re.compile(r"\[(\d{1,3})\]")


def keep_known_markers(text: str, known: set[int]) -> tuple[str, set[int]]:
    """Remove [n] markers that name no listed source; return the text and the markers kept."""
    used: set[int] = set()

    def sub(m: re.Match) -> str:
        n = int(m.group(1))
        if n in known:
            used.add(n)
            return m.group(0)
        return ""

    out = _MARK.sub(sub, text)
    return re.sub(r"[ \t]+([.,;:])", r"\1", re.sub(r"[ \t]{2,}", " ", out)).strip(), used
