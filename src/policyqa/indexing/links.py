"""Recital → article links, derived from the embeddings at build time.

Recitals explain articles in plain words, so questions often match a recital best while the rule itself
is in an article. The corpus marks no links between them; here each recital is linked to the articles
of the same act whose passages are closest to its own (cosine of the chunk vectors, best pair, in one
language version: English when present, else the first language). The retriever lists a recital's
linked articles right before it.
"""
from __future__ import annotations

from collections import defaultdict

import numpy as np

from policyqa.types import Chunk


def recital_links(chunks: list[Chunk], vectors: np.ndarray, k: int = 2) -> dict[str, dict[str, list[str]]]:
    """{doc: {recital unit: [k article units, closest first]}}."""
    by_doc: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, c in enumerate(chunks):
        by_doc[c.doc][c.lang].append(i)
    out: dict[str, dict[str, list[str]]] = {}
    for doc, langs in by_doc.items():
        lang = "en" if "en" in langs else sorted(langs)[0]
        rows = langs[lang]
        rec = [r for r in rows if chunks[r].kind == "recital"]
        art = [r for r in rows if chunks[r].kind == "article"]
        if not rec or not art:
            continue
        sims = vectors[rec] @ vectors[art].T
        art_units = [chunks[r].unit for r in art]
        units = sorted(set(art_units), key=art_units.index)
        col = {u: [j for j, a in enumerate(art_units) if a == u] for u in units}
        per_unit = np.stack([sims[:, col[u]].max(axis=1) for u in units], axis=1)   # chunk → unit max
        links: dict[str, list[str]] = {}
        for i, r in enumerate(rec):
            unit = chunks[r].unit
            best = np.argsort(-per_unit[i])[:k]
            prev = links.get(unit, [])
            links[unit] = list(dict.fromkeys(prev + [units[j] for j in best]))[:k]
        out[doc] = links
    return out
