"""Deep links: a citation's EUR-Lex link opens the provision itself, in the passage's language."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from policyqa.sources import provision_anchor, provision_url

NL = "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:32024R1689"
HTML_NL = "https://eur-lex.europa.eu/legal-content/NL/TXT/HTML/?uri=CELEX:32024R1689"
RAW = Path(__file__).resolve().parents[2] / "shared" / "raw"


@pytest.mark.parametrize("unit,paragraph,anchor", [
    ("art_5", None, "art_5"),
    ("art_5", "1", "005.001"),          # paragraphs: article and paragraph, three digits each
    ("art_113", "12", "113.012"),
    ("rct_12", None, "rct_12"),
    ("anx_III", None, "anx_III"),
    ("cpt_III", None, "cpt_III"),
    ("cpt_III.sct_2", None, "cpt_III.sct_2"),
    ("pbl", None, "pbl_1"),
    ("sec_news", None, None),
])
def test_anchor_per_kind(unit, paragraph, anchor):
    assert provision_anchor(unit, paragraph) == anchor


def test_eurlex_links_open_the_html_view_at_the_provision_in_the_documents_language():
    assert provision_url(NL, "art_5") == HTML_NL + "#art_5"
    assert provision_url(NL, "art_5", "1") == HTML_NL + "#005.001"
    assert provision_url(NL, "rct_12") == HTML_NL + "#rct_12"
    assert provision_url(NL, "anx_III") == HTML_NL + "#anx_III"
    fr = "https://eur-lex.europa.eu/legal-content/FR/TXT/HTML/?uri=CELEX:32016R0679#art_17"
    assert provision_url(fr, "art_33") == fr.replace("art_17", "art_33")      # an existing anchor is replaced
    assert provision_url("https://eur-lex.europa.eu/legal-content/de/ALL/?uri=CELEX:32022R2065&from=EN",
                         "art_16") == "https://eur-lex.europa.eu/legal-content/DE/TXT/HTML/?uri=CELEX:32022R2065#art_16"
    assert provision_url(NL, "sec_intro") == HTML_NL


@pytest.mark.parametrize("url", [
    None, "", "https://digital-strategy.ec.europa.eu/nl/policies/plan-ai",
    "https://eur-lex.europa.eu/eli/reg/2024/1689/oj", "file:///uploads/guide.pdf",
])
def test_other_links_are_kept(url):
    assert provision_url(url, "art_5", "1") == url


@pytest.mark.skipif(not (RAW / "eurlex-ai-act-nl.html").is_file(), reason="../shared/raw not found")
def test_anchors_exist_in_the_real_eurlex_pages():
    """Every unit and numbered paragraph of the corpus' Dutch AI Act has its anchor in the real EUR-Lex
    page (Official Journal HTML); the French consolidated page has the article anchors."""
    from policyqa.chunking.chunker import chunk_document
    from policyqa.readers.loader import read_document
    corpus = RAW.parent / "corpus"
    nl = set(re.findall(r'\bid="([^"]+)"', (RAW / "eurlex-ai-act-nl.html").read_text(encoding="utf-8")))
    fr = set(re.findall(r'\bid="([^"]+)"', (RAW / "eurlex-ai-act-fr.html").read_text(encoding="utf-8")))
    doc = read_document(corpus / "ai-act" / "nl.md", corpus)
    anchors = {provision_anchor(u.unit) for u in doc.units}
    assert len(anchors) > 300 and anchors <= nl
    paras = {provision_anchor(c.unit, s[1]) for c in chunk_document(doc) if c.kind == "article"
             for s in c.segments if s[1]}
    assert len(paras) > 400 and paras <= nl
    assert {a for a in anchors if a.startswith("art_")} <= fr
