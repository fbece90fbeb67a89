"""What every answerer returns, and the citation list they share."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from policyqa.chunking.chunker import label_at, provision_at
from policyqa.indexing.store import LoadedIndex
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


def make_citation(index: LoadedIndex, hit: Hit, n: int, row: int | None = None,
                  spans: list[tuple[int, int]] | None = None) -> Citation:
    """Citation [n] of a hit's passage (`row`, default the hit's chosen passage), labelled precisely
    by the first cited sentence."""
    c = index.chunks[hit.row if row is None else row]
    spans = sorted(spans or [])
    label = label_at(c, spans[0][0]) if spans else c.label
    paragraph = provision_at(c, spans[0][0])[0] if spans else None
    return Citation(n=n, doc=c.doc, unit=c.unit, label=label, lang=c.lang, title=family_title(c.doc, c.lang),
                    text=c.text, url=provision_url(c.url, c.unit, paragraph), score=round(hit.score, 6),
                    document=c.title,
                    highlights=[list(s) for s in spans], origin=c.origin)


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
