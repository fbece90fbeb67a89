from pathlib import Path

from policyqa.readers import read_document, source_text

from .conftest import FIXTURE_CORPUS


def test_caps_and_numbered_headings():
    doc = read_document(FIXTURE_CORPUS / "notes" / "guide-fr.txt", FIXTURE_CORPUS)
    assert (doc.doc, doc.lang, doc.title) == ("notes", "fr", "GUIDE PRATIQUE SUR L'IA AU TRAVAIL")
    assert [u.unit for u in doc.units] == ["sec_guide-pratique-sur-l-ia-au-travail", "sec_1-reconnaissance-des-emotions",
                                           "sec_2-outils-de-recrutement"]
    assert doc.units[1].heading_path == ["notes", "GUIDE PRATIQUE SUR L'IA AU TRAVAIL", "1. Reconnaissance des émotions"]
    src = source_text(doc, FIXTURE_CORPUS)
    assert all(src[u.end - len(u.text):u.end] == u.text for u in doc.units)


def test_no_headings_one_unit(tmp_path: Path):
    f = tmp_path / "memo-en.txt"
    f.write_text("First paragraph of a memo.\n\n1. A numbered sentence that ends with a period.\n\nLast line.\n",
                 encoding="utf-8")
    doc = read_document(f, tmp_path)
    assert [u.unit for u in doc.units] == ["sec_text"]
    assert doc.units[0].text.count("\n\n") == 2


def test_article_lines_become_articles(tmp_path: Path):
    f = tmp_path / "act-en.txt"
    f.write_text("Preamble text.\n\nArticle 1\n\nScope text.\n\nARTICLE 2\n\nOther text.\n", encoding="utf-8")
    doc = read_document(f, tmp_path)
    assert [(u.unit, u.kind) for u in doc.units] == [("sec_intro", "section"), ("art_1", "article"), ("art_2", "article")]
