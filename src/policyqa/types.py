"""The data that flows through policyqa: documents → units → chunks.

These are the public contracts between the stages (readers, chunker, index, retrieval,
answering). Field names here are the names in the index files and in `ask --json`.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Unit kinds. `unit` ids follow the EUR-Lex ELI ids of the shared corpus markers:
#   art_5, rct_12, anx_III, cpt_III, cpt_III.sct_2, pbl (preamble), sec_<slug> (web pages, plain files)
KINDS = ("article", "recital", "annex", "chapter", "section", "preamble", "title", "other")


@dataclass
class Unit:
    """One provision (article, recital, annex, chapter/section heading, page section) of a document."""

    unit: str                    # id marker, e.g. "art_5"
    kind: str                    # one of KINDS
    number: str | None           # "5", "III", "12"; None where the unit has no number
    heading: str                 # the heading line as printed, e.g. "Article 5 — Prohibited AI practices"
    heading_path: list[str]      # enclosing headings, outermost first, ending with this unit's heading
    text: str                    # the body, without the heading line; paragraphs separated by blank lines
    start: int = 0               # character span of the unit (heading + body) in the source text
    end: int = 0


@dataclass
class Document:
    """One file of the corpus: one family (`doc`) in one language."""

    doc: str                     # family id = corpus folder name, e.g. "ai-act"
    lang: str                    # ISO 639-1, e.g. "nl"
    title: str                   # full title from front matter / first heading
    url: str | None              # EUR-Lex (or other official) link when known
    path: str                    # source path, relative to the corpus root
    sha256: str                  # content hash of the source file's bytes
    units: list[Unit] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)   # remaining front matter (celex, …)


@dataclass
class Chunk:
    """A retrievable passage: never crosses a unit; long units are split at paragraph/point bounds."""

    id: str                      # "{doc}/{lang}/{unit}#{part}", stable across rebuilds of the same file
    doc: str
    lang: str
    unit: str
    kind: str
    label: str                   # "Article 50(2)", "Annex III, point 4", "Recital 12"
    heading_path: list[str]
    text: str                    # passage text (without heading path)
    start: int                   # character span of the passage in the source text
    end: int
    title: str = ""              # document title
    url: str | None = None
    path: str = ""               # source path relative to the corpus root
    origin: str = "official"     # "official" (a corpus file) or "upload" (added in the web app, uploads/)
    # (offset in text, paragraph, point) per block, for precise labels of cited sentences
    segments: list[list[Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Chunk":
        return cls(**{k: d[k] for k in cls.__dataclass_fields__ if k in d})

    def embedding_text(self) -> str:
        """What the embedder sees: heading path (context) + passage."""
        return " › ".join(self.heading_path) + "\n" + self.text
