from pathlib import Path

import pytest

from policyqa.readers import ReadError, read_document, source_text

from .conftest import FIXTURE_CORPUS


def _read(rel: str):
    return read_document(FIXTURE_CORPUS / rel, FIXTURE_CORPUS)


def _units(doc):
    return {u.unit: u for u in doc.units}


def test_marked_markdown_units_kinds_and_paths():
    doc = _read("ai-act/nl.md")
    assert (doc.doc, doc.lang, doc.path) == ("ai-act", "nl", "ai-act/nl.md")
    assert doc.url.endswith("CELEX:32099R0017") and doc.meta["celex"] == "32099R0017"
    assert "title" not in doc.meta and "language" not in doc.meta
    assert [u.unit for u in doc.units] == ["pbl", "rct_1", "rct_2", "rct_3", "cpt_I", "art_1", "art_2", "art_3",
                                           "cpt_II", "cpt_II.sct_1", "art_4", "art_5", "art_6", "anx_III"]
    u = _units(doc)
    assert (u["art_5"].kind, u["art_5"].number, u["art_5"].heading) == ("article", "5", "Artikel 5 — Verboden AI-praktijken")
    assert u["art_5"].heading_path == ["AI-verordening", "HOOFDSTUK II — VERBODEN PRAKTIJKEN EN PRAKTIJKEN MET EEN HOOG RISICO",
                                       "AFDELING 1 — Verboden praktijken", "Artikel 5 — Verboden AI-praktijken"]
    assert u["art_1"].heading_path[1] == "HOOFDSTUK I — ALGEMENE BEPALINGEN"
    assert (u["cpt_II.sct_1"].kind, u["cpt_II.sct_1"].number) == ("section", "1")
    assert (u["cpt_II"].kind, u["cpt_II"].number, u["cpt_II"].text) == ("chapter", "II", "")
    assert u["anx_III"].heading_path == ["AI-verordening", u["anx_III"].heading]    # annexes leave the chapters
    assert (u["rct_2"].kind, u["rct_2"].heading, u["rct_2"].heading_path) == ("recital", "", ["AI-verordening", "Overweging 2"])
    assert u["rct_2"].text.startswith("(2) Bepaalde toepassingen")
    assert u["pbl"].kind == "preamble" and u["pbl"].heading.startswith("VERORDENING (EU) 2099/17")
    assert u["pbl"].text.startswith("HET EUROPEES PARLEMENT") and u["pbl"].text.endswith("Overwegende hetgeen volgt:")


def test_article_text_keeps_paragraphs_and_points():
    art5 = _units(_read("ai-act/en.md"))["art_5"]
    paras = art5.text.split("\n\n")
    assert paras[0] == "1. The following AI practices shall be prohibited:"
    points = [p for p in paras[1:] if p.startswith("(")]
    assert [p[:3] for p in points] == ["(a)", "(b)", "(c)", "(d)", "(e)", "(f)", "(g)", "(h)"]
    assert [p.lstrip()[:4] for p in paras[4:6]] == ["(i) ", "(ii)"]      # subpoints of (c) keep their indent
    assert paras[-1].startswith("3. Member States") and "####" not in art5.text


@pytest.mark.parametrize("rel", ["ai-act/en.md", "ai-act/de.md", "coordinated-plan/nl.md", "notes/plain-en.md"])
def test_span_rule(rel):
    doc = _read(rel)
    src = source_text(doc, FIXTURE_CORPUS)
    for u in doc.units:
        assert src[u.end - len(u.text):u.end] == u.text, u.unit
        assert u.start <= u.end - len(u.text)
        if u.heading:
            assert u.heading in src[u.start:u.end]


def test_same_ids_in_all_languages():
    ids = [[u.unit for u in _read(f"ai-act/{lang}.md").units] for lang in ("en", "nl", "de")]
    assert ids[0] == ids[1] == ids[2]


def test_web_page_sections_nest_by_heading_level():
    u = _units(_read("coordinated-plan/nl.md"))
    assert list(u) == ["sec_title", "sec_investment", "sec_background"]
    assert u["sec_investment"].heading_path == ["Gecoördineerd plan voor AI", "Gecoördineerd plan voor artificiële intelligentie", "Investering"]
    assert "7,3 miljard euro" in u["sec_investment"].text and u["sec_investment"].number is None


def test_markdown_without_markers_gets_unique_slug_ids():
    doc = _read("notes/plain-en.md")
    assert (doc.doc, doc.lang, doc.title) == ("notes", "en", "Reading notes on AI rules")
    assert [u.unit for u in doc.units] == ["sec_reading-notes-on-ai-rules", "sec_emotion-recognition-at-work",
                                           "sec_hiring-tools", "sec_emotion-recognition-at-work-2"]
    assert all(u.kind == "section" for u in doc.units)


def test_plain_markdown_intro_code_fence_and_article_headings(tmp_path: Path):
    f = tmp_path / "memo-en.md"
    f.write_text("Intro line before any heading.\n\n```\n# not a heading\n```\n\n## Article 7 — Fees\n\nFees apply.\n\n"
                 "## Scope\n\n", encoding="utf-8")
    doc = read_document(f, tmp_path)
    assert [(u.unit, u.kind, u.number) for u in doc.units] == [("sec_intro", "section", None), ("art_7", "article", "7"),
                                                               ("sec_scope", "section", None)]
    assert "# not a heading" in doc.units[0].text
    assert doc.units[2].text == "" and doc.units[2].end == doc.units[2].start + len("## Scope")
    assert doc.doc == "memo"                                  # file in the root: stem without language suffix


def test_front_matter_doc_and_language_win(tmp_path: Path):
    f = tmp_path / "whatever-en.md"
    f.write_text("---\ndoc: my-act\nlanguage: fr\ntitle: Mon acte\neurlex: https://example.org/x\ndate: 2024-01-02\n---\n"
                 "# Titre\n\nTexte.\n", encoding="utf-8")
    doc = read_document(f, tmp_path)
    assert (doc.doc, doc.lang, doc.title, doc.url) == ("my-act", "fr", "Mon acte", "https://example.org/x")
    assert doc.meta == {"eurlex": "https://example.org/x", "date": "2024-01-02"}


@pytest.mark.parametrize("text, reason", [
    ("---\nlanguage: xx\n---\n# T\n\nBody text here.\n", "not an EU language"),
    ("---\ntitle: [unclosed\n---\n# T\n", "invalid YAML"),
    ("---\ntitle: x\n# never closed\n", "never closed"),
    ("---\n- a\n- b\n---\nbody\n", "not a mapping"),
])
def test_bad_front_matter(tmp_path: Path, text, reason):
    f = tmp_path / "bad-en.md"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ReadError, match=reason):
        read_document(f, tmp_path)


def test_language_detected_when_not_named(tmp_path: Path):
    f = tmp_path / "notitie.md"
    f.write_text("# Notitie\n\nDeze verordening is van toepassing op aanbieders van AI-systemen in de Unie en "
                 "op gebruiksverantwoordelijken die in een lidstaat zijn gevestigd.\n", encoding="utf-8")
    assert read_document(f, tmp_path).lang == "nl"
    f.write_text("# 注意\n\n这是中文文本。\n", encoding="utf-8")
    with pytest.raises(ReadError, match="cannot tell the language"):
        read_document(f, tmp_path)


def test_hostile_markup_is_kept_as_plain_text():
    doc = _read("hostile/en.md")
    text = "\n".join(u.text for u in doc.units)
    assert "<script>alert(1)</script>" in text
    assert "<img src=x onerror=alert(1)>" in text and "[click](javascript:alert(1))" in text


def test_shared_corpus_markdown(shared_corpus: Path):
    doc = read_document(shared_corpus / "ai-act" / "en.md", shared_corpus)
    kinds = {u.kind for u in doc.units}
    assert {"preamble", "recital", "chapter", "section", "article", "annex"} <= kinds
    counts = dict(x.split("=") for x in doc.meta["counts"].split())
    assert sum(u.kind == "article" for u in doc.units) == int(counts["articles"])
    assert sum(u.kind == "recital" for u in doc.units) == int(counts["recitals"])
    src = source_text(doc, shared_corpus)
    assert all(src[u.end - len(u.text):u.end] == u.text for u in doc.units)
