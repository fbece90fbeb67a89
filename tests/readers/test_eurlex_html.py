import shutil
from pathlib import Path

import pytest

from policyqa.readers import ReadError, read_document, source_text

from .conftest import FIXTURE_READERS


def _units(doc):
    return {u.unit: u for u in doc.units}


def _norm(s: str) -> str:
    return " ".join(s.split())


def test_eurlex_like_page(tmp_path: Path):
    doc = read_document(FIXTURE_READERS / "eurlex-like.html", FIXTURE_READERS)
    assert (doc.doc, doc.lang, doc.meta["celex"]) == ("eurlex-like", "en", "32099R0017")
    assert doc.url == "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32099R0017"
    assert doc.title.startswith("REGULATION (EU) 2099/17") and doc.title.endswith("(Invented AI Act)")
    u = _units(doc)
    assert list(u) == ["pbl", "rct_1", "rct_2", "cpt_I", "art_1", "art_2", "anx_I"]
    assert u["pbl"].text.splitlines()[2] == "Having regard to the opinion of the Committee of the Regions,"  # call-out gone
    assert u["rct_1"].text == "(1) The purpose of this Regulation is to improve the functioning of the internal market."
    assert u["rct_2"].heading_path == ["eurlex-like", "Recital 2"]
    assert u["cpt_I"].heading == "CHAPTER I — GENERAL PROVISIONS" and u["cpt_I"].text == ""
    art1 = u["art_1"]
    assert art1.heading == "Article 1 — Prohibited practices"
    assert art1.heading_path == ["eurlex-like", "CHAPTER I — GENERAL PROVISIONS", "Article 1 — Prohibited practices"]
    assert art1.text.split("\n\n") == [
        "1. The following practices shall be prohibited:",
        "(a) the use of AI systems to infer emotions of workers, except:",
        "    (i) for medical reasons;",
        "(b) social scoring <script>alert(1)</script> of natural persons.",   # escaped text stays text
        "2. Member States may adopt stricter rules.",
    ]
    assert u["art_2"].text.endswith("Done at Brussels, 3 March 2099.")        # final provisions go with the last article
    assert u["anx_I"].heading == "ANNEX I — Fees" and u["anx_I"].text == "Service | Fee\n\nRegistration | EUR 100"
    full = source_text(doc, FIXTURE_READERS)
    assert "tracking" not in full and "color: red" not in full and "OJ C 1" not in full and "ELI:" not in full
    assert all(full[x.end - len(x.text):x.end] == x.text for x in doc.units)


def test_html_without_eli_ids_uses_headings():
    doc = read_document(FIXTURE_READERS / "webpage-en.html", FIXTURE_READERS)
    assert (doc.lang, doc.title, doc.url) == ("en", "AI rules explained", None)
    assert [u.unit for u in doc.units] == ["sec_intro", "sec_ai-rules-explained", "sec_emotion-recognition",
                                           "sec_emotion-recognition-2"]
    sec = doc.units[2]
    assert sec.heading_path == ["webpage", "AI rules explained", "Emotion recognition"]
    assert sec.text.split("\n\n") == ["Employers may not read the emotions of staff.", "Except for medical reasons.",
                                      "Except for safety reasons."]
    full = doc.meta["text"]
    assert "tracker" not in full and "Cookie settings" not in full and "Home" not in full


def test_html_charset_declared(tmp_path: Path):
    f = tmp_path / "page.html"
    f.write_bytes('<html lang="de"><head><meta charset="iso-8859-1"></head><body><h1>Grüße</h1><p>Straße</p></body></html>'
                  .encode("latin-1"))
    doc = read_document(f, tmp_path)
    assert (doc.lang, doc.units[0].heading, doc.units[0].text) == ("de", "Grüße", "Straße")


def test_html_bad_bytes_and_empty(tmp_path: Path):
    f = tmp_path / "page-en.html"
    f.write_bytes(b"<html><body><p>caf\xe9</p></body></html>")
    with pytest.raises(ReadError, match="not valid utf-8"):
        read_document(f, tmp_path)
    f.write_bytes(b"<html><body><script>alert(1)</script></body></html>")
    with pytest.raises(ReadError, match="no text"):
        read_document(f, tmp_path)


def test_real_oj_page_matches_shared_markdown(shared_raw: Path, shared_corpus: Path, tmp_path: Path):
    md_path = shared_corpus / "ai-act" / "nl.md"
    if not md_path.is_file():
        pytest.skip("ai-act/nl.md not in the shared corpus")
    (tmp_path / "ai-act").mkdir()
    shutil.copy(shared_raw / "eurlex-ai-act-nl.html", tmp_path / "ai-act" / "nl.html")
    html = read_document(tmp_path / "ai-act" / "nl.html", tmp_path)
    md = read_document(md_path, shared_corpus)
    assert (html.doc, html.lang, html.meta["celex"]) == ("ai-act", "nl", "32024R1689")
    hu, mu = _units(html), _units(md)
    legal = lambda units: {k for k in units if k.startswith(("art_", "rct_", "anx_"))}  # noqa: E731
    assert legal(hu) == legal(mu) and len(legal(mu)) == 113 + 180 + 13
    assert set(hu) == set(mu)
    assert hu["art_5"].heading == mu["art_5"].heading == "Artikel 5 — Verboden AI-praktijken"
    assert hu["art_5"].heading_path == mu["art_5"].heading_path
    assert _norm(hu["art_5"].text) == _norm(mu["art_5"].text)
    same = sum(_norm(hu[k].text) == _norm(mu[k].text) for k in mu)
    assert same / len(mu) > 0.95


def test_real_consolidated_page(shared_raw: Path, tmp_path: Path):
    doc = read_document(shared_raw / "eurlex-ai-act-fr.html", shared_raw)
    u = _units(doc)
    assert doc.lang == "fr" and doc.meta["celex"] == "32024R1689"
    assert sum(x.kind == "article" for x in doc.units) == 113 and sum(x.kind == "annex" for x in doc.units) == 13
    assert not any(x.kind == "recital" for x in doc.units)      # consolidated texts have no preamble
    assert u["art_5"].heading == "Article 5 — Pratiques interdites en matière d’IA"
    assert u["art_5"].text.startswith("1. Les pratiques en matière d’IA suivantes sont interdites:\n\na) ")
    assert "▼" not in doc.meta["text"]
    assert u["art_6"].heading_path[1:3] == ["CHAPITRE III — SYSTÈMES D’IA À HAUT RISQUE",
                                            "SECTION 1 — Classification de systèmes d’IA comme systèmes à haut risque"]
