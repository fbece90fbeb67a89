"""Point-level lookups on the fixture corpus: the named point's passage is chosen (Article 5 spans two
chunks there, point (f) is in the second), the citation names the point and links to it, and every
language version marks it."""
from __future__ import annotations

import pytest

from policyqa.chunking.chunker import label_at, reference_offset

EURLEX = "https://eur-lex.europa.eu/legal-content/{}/TXT/HTML/?uri=CELEX:32099R0017#{}"


@pytest.mark.parametrize("question,lang", [
    ("Artikel 5 Absatz 1 Buchstabe f KI-Verordnung", "de"),
    ("Was steht in Art. 5 Abs. 1 lit. f KI-VO?", "de"),
    ("artikel 5, lid 1, onder f AI-verordening", "nl"),
    ("Article 5(1)(f) AI Act", "en"),
])
def test_the_passage_and_label_hold_point_f(fixture_pipeline, question, lang):
    qa = fixture_pipeline
    hit = qa.retriever.run(question, lang=lang).hits[0]
    chunk = qa.index.chunks[hit.row]
    assert (hit.unit, hit.lookup, chunk.lang) == ("art_5", True, lang)
    assert (hit.reference.paragraph, hit.reference.point) == ("1", "f")
    assert ["1", "f"] in [s[1:] for s in chunk.segments]          # not the chunk of points (a)–(d)
    assert label_at(chunk, reference_offset(chunk, "1", "f")) == "Article 5(1)(f)"
    r = qa.ask(question, lang=lang)
    cite = r["citations"][0]
    assert (cite["unit"], cite["lang"], cite["label"]) == ("art_5", lang, "Article 5(1)(f)")
    assert cite["url"] == EURLEX.format(lang.upper(), "005.001")


@pytest.mark.parametrize("question,lang", [
    ("Anhang III Nummer 4 KI-Verordnung", "de"), ("bijlage III, punt 4", "nl"), ("Annex III point 4 AI Act", "en"),
])
def test_annex_point_passage(fixture_pipeline, question, lang):
    qa = fixture_pipeline
    hit = qa.retriever.run(question, lang=lang).hits[0]
    chunk = qa.index.chunks[hit.row]
    assert (hit.unit, hit.reference.point, chunk.lang) == ("anx_III", "4", lang)
    assert label_at(chunk, reference_offset(chunk, None, "4")) == "Annex III, point 4"
    r = qa.ask(question, lang=lang)
    assert r["citations"][0]["url"] == EURLEX.format(lang.upper(), "anx_III")


def test_versions_mark_the_point_in_every_language(fixture_pipeline):
    versions = fixture_pipeline.versions("ai-act", "anx_III", None, "4")
    assert [v["lang"] for v in versions] == ["de", "en", "nl"]
    for v in versions:
        a, b = v["focus"]
        point = v["text"][a:b]
        assert point.startswith("4. ") and "5. " not in point, v["lang"]
        assert point.count("\n    ") == 2 or point.count("a)") == 1           # its subpoints (a), (b) too
        assert v["url"] == EURLEX.format(v["lang"].upper(), "anx_III")
    art = fixture_pipeline.versions("ai-act", "art_5", "1", "f")
    for v in art:
        a, b = v["focus"]
        assert v["text"][a:].startswith(("(f)", "f)")) and "(g)" not in v["text"][a:b] and "g)" not in v["text"][a:b]
        assert v["url"].endswith("#005.001")
    assert all(v["focus"] is None for v in fixture_pipeline.versions("ai-act", "art_5"))
