"""Provision references in questions (parse_references, is_lookup) and unit labels."""
from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from policyqa.provisions import (
    ProvisionError,
    Reference,
    is_lookup,
    parse_references,
    parse_unit,
    unit_label,
    unit_label_local,
)
from policyqa.sources import DEFAULT_SOURCES


@pytest.fixture(autouse=True)
def _repo_sources(monkeypatch):
    """Family aliases come from the repo's corpus/sources.yaml, whatever the environment says."""
    monkeypatch.setenv("POLICYQA_SOURCES", str(DEFAULT_SOURCES))


def refs(text: str) -> list[tuple]:
    """(unit, paragraph, point, doc, spanned text) per reference."""
    return [(r.unit, r.paragraph, r.point, r.doc, text[r.start:r.end]) for r in parse_references(text)]


# ---- single references, all details, with spans ---------------------------------------------

SINGLE = [
    # text, unit, paragraph, point, doc, span
    ("Article 5", "art_5", None, None, None, "Article 5"),
    ("Art. 5(1)(f) AI Act", "art_5", "1", "f", "ai-act", "Art. 5(1)(f)"),
    ("What does Article 5(1)(f) say?", "art_5", "1", "f", None, "Article 5(1)(f)"),
    ("Article 5, paragraph 1, point (f)", "art_5", "1", "f", None, "Article 5, paragraph 1, point (f)"),
    ("Article 5(1), first subparagraph, point (h)", "art_5", "1", "h", None,
     "Article 5(1), first subparagraph, point (h)"),
    ("Article 3, point (1)", "art_3", None, "1", None, "Article 3, point (1)"),
    ("Article 5(1)(a)(ii)", "art_5", "1", "a", None, "Article 5(1)(a)(ii)"),
    ("Article 4(a)", "art_4", None, "a", None, "Article 4(a)"),
    ("Artikel 17 AVG", "art_17", None, None, "gdpr", "Artikel 17"),
    ("artikel 17 van de AVG", "art_17", None, None, "gdpr", "artikel 17"),
    ("artikel 5, lid 1, onder f", "art_5", "1", "f", None, "artikel 5, lid 1, onder f"),
    ("artikel 5, eerste lid, onder f", "art_5", "1", "f", None, "artikel 5, eerste lid, onder f"),
    ("artikel 5, tweede lid", "art_5", "2", None, None, "artikel 5, tweede lid"),
    ("artikel 5, lid 1, eerste alinea, punt h)", "art_5", "1", "h", None, "artikel 5, lid 1, eerste alinea, punt h)"),
    ("art. 6 lid 1 sub a AVG", "art_6", "1", "a", "gdpr", "art. 6 lid 1 sub a"),
    ("Art. 5 Abs. 1 lit. f DSGVO", "art_5", "1", "f", "gdpr", "Art. 5 Abs. 1 lit. f"),
    ("Art. 5 Absatz 1 Buchstabe f", "art_5", "1", "f", None, "Art. 5 Absatz 1 Buchstabe f"),
    ("Art. 6 Abs. 1 UAbs. 1 lit. a DS-GVO", "art_6", "1", "a", "gdpr", "Art. 6 Abs. 1 UAbs. 1 lit. a"),
    ("Art. 17 DSGVO", "art_17", None, None, "gdpr", "Art. 17"),
    ("article 33 RGPD", "art_33", None, None, "gdpr", "article 33"),
    ("article 33 du RGPD", "art_33", None, None, "gdpr", "article 33"),
    ("l'article 5, paragraphe 1, point f)", "art_5", "1", "f", None, "article 5, paragraphe 1, point f)"),
    ("article 5, paragraphe 1, premier alinéa, point h)", "art_5", "1", "h", None,
     "article 5, paragraphe 1, premier alinéa, point h)"),
    ("artículo 5, apartado 1, letra f)", "art_5", "1", "f", None, "artículo 5, apartado 1, letra f)"),
    ("articolo 5, paragrafo 1, lettera f)", "art_5", "1", "f", None, "articolo 5, paragrafo 1, lettera f)"),
    ("art. 5 ust. 1 lit. f", "art_5", "1", "f", None, "art. 5 ust. 1 lit. f"),
    ("artykuł 5", "art_5", None, None, None, "artykuł 5"),
    ("artykułu 5 RODO", "art_5", None, None, "gdpr", "artykułu 5"),
    ("artigo 5.º, n.º 1, alínea f)", "art_5", "1", "f", None, "artigo 5.º, n.º 1, alínea f)"),
    ("artikel 5.1 f i dataskyddsförordningen", "art_5", "1", "f", "gdpr", "artikel 5.1 f"),
    ("enligt artikel 5.1 f.", "art_5", "1", "f", None, "artikel 5.1 f"),
    ("artikel 5, stk. 1, litra f)", "art_5", "1", "f", None, "artikel 5, stk. 1, litra f)"),
    ("článek 5 odst. 1 písm. f)", "art_5", "1", "f", None, "článek 5 odst. 1 písm. f)"),
    ("čl. 5 odst. 1", "art_5", "1", None, None, "čl. 5 odst. 1"),
    ("articolul 5 alineatul (1) litera (f)", "art_5", "1", "f", None, "articolul 5 alineatul (1) litera (f)"),
    ("članak 5. stavak 1. točka (f)", "art_5", "1", "f", None, "članak 5. stavak 1. točka (f)"),
    ("άρθρο 5 παράγραφος 1 στοιχείο στ)", "art_5", "1", "f", None, "άρθρο 5 παράγραφος 1 στοιχείο στ)"),
    ("член 5, параграф 1, буква е)", "art_5", "1", "f", None, "член 5, параграф 1, буква е)"),
    ("l-Artikolu 5", "art_5", None, None, None, "Artikolu 5"),
    ("Airteagal 5", "art_5", None, None, None, "Airteagal 5"),
    ("artikkel 5", "art_5", None, None, None, "artikkel 5"),
    ("člen 5", "art_5", None, None, None, "člen 5"),
    ("5. člen", "art_5", None, None, None, "5. člen"),
    ("5 artiklan 1 kohdan", "art_5", "1", None, None, "5 artiklan 1 kohdan"),
    ("az 5. cikk", "art_5", None, None, None, "5. cikk"),
    ("5. panta", "art_5", None, None, None, "5. panta"),
    ("5 straipsnis", "art_5", None, None, None, "5 straipsnis"),
    ("Article 5 of the GDPR", "art_5", None, None, "gdpr", "Article 5"),
    ("Article 5 of Regulation (EU) 2024/1689", "art_5", None, None, "ai-act", "Article 5"),
    ("AI Act, Article 50(2)", "art_50", "2", None, "ai-act", "Article 50(2)"),
    ("the GDPR's Article 17", "art_17", None, None, "gdpr", "Article 17"),
    ("Article 5 of this Regulation (AI Act)", "art_5", None, None, "ai-act", "Article 5"),
    ("ARTICLE 99", "art_99", None, None, None, "ARTICLE 99"),
    ("Art.99", "art_99", None, None, None, "Art.99"),
    # annexes
    ("Annex III", "anx_III", None, None, None, "Annex III"),
    ("annex 3", "anx_III", None, None, None, "annex 3"),
    ("annex ii", "anx_II", None, None, None, "annex ii"),
    ("Annex III, point 4(a)", "anx_III", None, "4", None, "Annex III, point 4(a)"),
    ("bijlage III", "anx_III", None, None, None, "bijlage III"),
    ("bijlage III punt 4", "anx_III", None, "4", None, "bijlage III punt 4"),
    ("Anhang III Nummer 4", "anx_III", None, "4", None, "Anhang III Nummer 4"),
    ("Anhang III", "anx_III", None, None, None, "Anhang III"),
    ("annexe III, point 4", "anx_III", None, "4", None, "annexe III, point 4"),
    ("anexo III", "anx_III", None, None, None, "anexo III"),
    ("allegato III", "anx_III", None, None, None, "allegato III"),
    ("załącznik III", "anx_III", None, None, None, "załącznik III"),
    ("załącznika III pkt 4", "anx_III", None, "4", None, "załącznika III pkt 4"),
    ("bilaga III", "anx_III", None, None, None, "bilaga III"),
    ("příloha III", "anx_III", None, None, None, "příloha III"),
    ("anexa III", "anx_III", None, None, None, "anexa III"),
    ("παράρτημα III", "anx_III", None, None, None, "παράρτημα III"),
    ("III lisa", "anx_III", None, None, None, "III lisa"),
    ("III. melléklet", "anx_III", None, None, None, "III. melléklet"),
    ("liite III", "anx_III", None, None, None, "liite III"),
    # recitals
    ("recital 12", "rct_12", None, None, None, "recital 12"),
    ("recital (12)", "rct_12", None, None, None, "recital (12)"),
    ("considérant 12", "rct_12", None, None, None, "considérant 12"),
    ("overweging 12", "rct_12", None, None, None, "overweging 12"),
    ("Erwägungsgrund 12", "rct_12", None, None, None, "Erwägungsgrund 12"),
    ("considerando 12", "rct_12", None, None, None, "considerando 12"),
    ("motyw 12", "rct_12", None, None, None, "motyw 12"),
    ("skäl 12", "rct_12", None, None, None, "skäl 12"),
    ("betragtning 12", "rct_12", None, None, None, "betragtning 12"),
    ("bod odůvodnění 12", "rct_12", None, None, None, "bod odůvodnění 12"),
    ("considerentul 12", "rct_12", None, None, None, "considerentul 12"),
    ("uvodna izjava 12", "rct_12", None, None, None, "uvodna izjava 12"),
    ("съображение 12", "rct_12", None, None, None, "съображение 12"),
    ("αιτιολογική σκέψη 12", "rct_12", None, None, None, "αιτιολογική σκέψη 12"),
    ("12. apsvērums", "rct_12", None, None, None, "12. apsvērums"),
]


@pytest.mark.parametrize("text,unit,paragraph,point,doc,span", SINGLE)
def test_single_reference(text, unit, paragraph, point, doc, span):
    assert refs(text) == [(unit, paragraph, point, doc, span)]


def test_reference_is_frozen_with_exact_offsets():
    text = "See also Art. 5(1)(f) AI Act."
    [r] = parse_references(text)
    assert isinstance(r, Reference)
    assert (r.start, r.end) == (9, 21)
    with pytest.raises(AttributeError):
        r.unit = "art_6"  # type: ignore[misc]


# ---- lists, ranges, several acts -------------------------------------------------------------

MANY = [
    ("Articles 5 and 6", [("art_5", None, None, None, "Articles 5"), ("art_6", None, None, None, "6")]),
    ("artikelen 5 en 6", [("art_5", None, None, None, "artikelen 5"), ("art_6", None, None, None, "6")]),
    ("Art. 5–7", [("art_5", None, None, None, "Art. 5–7"), ("art_6", None, None, None, "Art. 5–7"),
                  ("art_7", None, None, None, "Art. 5–7")]),
    ("Art. 5 bis 7 KI-VO", [(f"art_{n}", None, None, "ai-act", "Art. 5 bis 7") for n in (5, 6, 7)]),
    ("artikelen 5 tot en met 7", [(f"art_{n}", None, None, None, "artikelen 5 tot en met 7") for n in (5, 6, 7)]),
    ("artículos 5 a 7", [(f"art_{n}", None, None, None, "artículos 5 a 7") for n in (5, 6, 7)]),
    ("články 5 a 7", [("art_5", None, None, None, "články 5"), ("art_7", None, None, None, "7")]),
    ("Articles 5, 6 and 7 of the AI Act", [("art_5", None, None, "ai-act", "Articles 5"),
                                          ("art_6", None, None, "ai-act", "6"),
                                          ("art_7", None, None, "ai-act", "7")]),
    ("Articles 5(1) and 6(2)", [("art_5", "1", None, None, "Articles 5(1)"), ("art_6", "2", None, None, "6(2)")]),
    ("Annexes I to III", [(f"anx_{n}", None, None, None, "Annexes I to III") for n in ("I", "II", "III")]),
    ("Articles 1-40", [("art_1", None, None, None, "Articles 1-40"), ("art_40", None, None, None, "Articles 1-40")]),
    ("Article 5, 10 companies said", [("art_5", None, None, None, "Article 5")]),
    ("Article 7 - 5", [("art_7", None, None, None, "Article 7")]),
    ("Compare Article 5 AI Act with Article 9 GDPR",
     [("art_5", None, None, "ai-act", "Article 5"), ("art_9", None, None, "gdpr", "Article 9")]),
    ("Art. 5 DSGVO und Art. 6 KI-VO", [("art_5", None, None, "gdpr", "Art. 5"), ("art_6", None, None, "ai-act", "Art. 6")]),
    ("Article 5 AI Act and Article 17", [("art_5", None, None, "ai-act", "Article 5"),
                                         ("art_17", None, None, "ai-act", "Article 17")]),
    ("Article 6 and Annex III of the AI Act", [("art_6", None, None, "ai-act", "Article 6"),
                                               ("anx_III", None, None, "ai-act", "Annex III")]),
    ("Article 5 and Article 6", [("art_5", None, None, None, "Article 5"), ("art_6", None, None, None, "Article 6")]),
    # another act named right after: not the one the question is about
    ("Under the AI Act, Article 9 of Regulation (EU) 2019/1020 applies",
     [("art_9", None, None, None, "Article 9")]),
    ("Article 16 TFEU and Article 5 AI Act", [("art_16", None, None, None, "Article 16"),
                                              ("art_5", None, None, "ai-act", "Article 5")]),
]


@pytest.mark.parametrize("text,expected", MANY)
def test_many_references(text, expected):
    assert refs(text) == expected


# ---- things that are not references ----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "in 2025",
    "Regulation (EU) 2024/1689",
    "5 articles about AI",
    "article about emotions",
    "artikelen over AI",
    "What does the annex say?",
    "annex",
    "Article 0",
    "Article 501",
    "Article 1000 of the AI Act",
    "Annex 51",
    "Annex LX",
    "annex i",
    "Annex IIII",
    "Article III",
    "Article 5a",
    "article 2 bis du protocole",
    "Article 2016/679",
    "artikel5",
    "the 5G network article",
    "",
])
def test_not_a_reference(text):
    assert parse_references(text) == []


def test_bad_input_raises():
    with pytest.raises(ProvisionError):
        parse_references(None)  # type: ignore[arg-type]
    with pytest.raises(ProvisionError):
        parse_references(b"Article 5")  # type: ignore[arg-type]


# ---- is_lookup ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("Article 99 AI Act", True),
    ("Anhang III", True),
    ("What does Article 50(2) require?", True),
    ("Wat staat er in artikel 17 van de AVG?", True),
    ("Que dit l'article 33 du RGPD ?", True),
    ("Zeig mir Art. 5 Abs. 1 lit. f DSGVO", True),
    ("Articles 5 and 6", True),
    ("Does Article 5 prohibit emotion recognition at work?", False),
    ("How do fines under Article 99 compare to GDPR fines?", False),
    ("Which provisions cover transparency?", False),
    ("", False),
])
def test_is_lookup(text, expected):
    assert is_lookup(text) is expected


# ---- labels -------------------------------------------------------------------------------------

@pytest.mark.parametrize("args,label", [
    (("art_5", "1", "f"), "Article 5(1)(f)"),
    (("art_50", "2"), "Article 50(2)"),
    (("art_5",), "Article 5"),
    (("art_3", None, "1"), "Article 3, point (1)"),
    (("anx_III", None, "4"), "Annex III, point 4"),
    (("anx_III",), "Annex III"),
    (("rct_12",), "Recital 12"),
    (("cpt_III",), "Chapter III"),
    (("cpt_III.sct_2",), "Chapter III, Section 2"),
    (("pbl",), "Preamble"),
    (("sec_investment",), "Section: investment"),
    (("sec_related-news",), "Section: related news"),
])
def test_unit_label(args, label):
    assert unit_label(*args) == label


def test_unit_label_uses_heading_for_page_sections():
    assert unit_label("sec_investment", heading="  Investing in AI ") == "Investing in AI"
    assert unit_label_local("sec_investment", "nl", heading="Investeren in AI") == "Investeren in AI"


@pytest.mark.parametrize("lang,article,annex,recital,section", [
    ("en", "Article 5(1)(f)", "Annex III, point 4", "Recital 12", "Chapter III, Section 2"),
    ("nl", "Artikel 5, lid 1, onder f", "Bijlage III, punt 4", "Overweging 12", "Hoofdstuk III, Afdeling 2"),
    ("de", "Artikel 5 Absatz 1 Buchstabe f", "Anhang III Nummer 4", "Erwägungsgrund 12", "Kapitel III, Abschnitt 2"),
    ("fr", "Article 5, paragraphe 1, point f)", "Annexe III, point 4", "Considérant 12", "Chapitre III, Section 2"),
    ("es", "Artículo 5, apartado 1, letra f)", "Anexo III, punto 4", "Considerando 12", "Capítulo III, Sección 2"),
    ("it", "Articolo 5, paragrafo 1, lettera f)", "Allegato III, punto 4", "Considerando 12", "Capo III, Sezione 2"),
    ("pl", "Artykuł 5 ust. 1 lit. f)", "Załącznik III pkt 4", "Motyw 12", "Rozdział III, Sekcja 2"),
    ("pt", "Artigo 5.º, n.º 1, alínea f)", "Anexo III, ponto 4", "Considerando 12", "Capítulo III, Secção 2"),
    ("sv", "Artikel 5.1 f", "Bilaga III punkt 4", "Skäl 12", "Kapitel III, Avsnitt 2"),
    ("da", "Artikel 5, stk. 1, litra f)", "Bilag III, punkt 4", "Betragtning 12", "Kapitel III, Afdeling 2"),
    ("cs", "Článek 5 odst. 1 písm. f)", "Příloha III bod 4", "Bod odůvodnění 12", "Kapitola III, Oddíl 2"),
    ("ro", "Articolul 5 alineatul (1) litera (f)", "Anexa III punctul 4", "Considerentul 12",
     "Capitolul III, Secțiunea 2"),
    ("fi", "5 artiklan 1 kohdan f alakohta", "liite III, 4 kohta", "johdanto-osan 12 kappale", "III luku, 2 jakso"),
    ("hu", "5. cikk (1) bekezdés f) pont", "III. melléklet 4. pont", "(12) preambulumbekezdés", "III. fejezet, 2. szakasz"),
    ("el", "Άρθρο 5 παράγραφος 1 στοιχείο στ)", "Παράρτημα III σημείο 4", "Αιτιολογική σκέψη 12", "Κεφάλαιο III, Τμήμα 2"),
    ("bg", "Член 5, параграф 1, буква е)", "Приложение III, точка 4", "Съображение 12", "Глава III, Раздел 2"),
    ("xx", "Article 5(1)(f)", "Annex III, point 4", "Recital 12", "Chapter III, Section 2"),   # English fallback
])
def test_unit_label_local(lang, article, annex, recital, section):
    assert unit_label_local("art_5", lang, "1", "f") == article
    assert unit_label_local("anx_III", lang, None, "4") == annex
    assert unit_label_local("rct_12", lang) == recital
    assert unit_label_local("cpt_III.sct_2", lang) == section


@pytest.mark.parametrize("lang", ["en", "nl", "de", "fr", "es", "it", "pl", "pt", "sv", "da", "cs", "ro"])
def test_local_labels_parse_back(lang):
    """A label in the user's language names the same provision when read back."""
    for args in (("art_5", "1", "f"), ("art_50", "2", None), ("anx_III", None, "4"), ("rct_12", None, None)):
        label = unit_label_local(args[0], lang, args[1], args[2])
        assert refs(label) == [(*args, None, label)], label


@pytest.mark.parametrize("unit,parsed", [
    ("art_5", ("article", "5")),
    ("art_5a", ("article", "5a")),
    ("anx_III", ("annex", "III")),
    ("anx_1", ("annex", "1")),
    ("rct_12", ("recital", "12")),
    ("cpt_III", ("chapter", "III")),
    ("cpt_III.sct_2", ("section", "III.2")),
    ("tis_II.cpt_1", ("chapter", "II.1")),
    ("pbl", ("preamble", None)),
    ("sec_background", ("section", None)),
])
def test_parse_unit(unit, parsed):
    assert parse_unit(unit) == parsed


@pytest.mark.parametrize("unit", ["", "art_", "art_0", "art_V", "anx_iii", "anx_IIII", "foo_1", "sct_2.cpt_III",
                                  "art_5.cpt_I", "cpt_III.cpt_IV", "sec_", "sec_Bad Slug", "pbl_1", 5])
def test_parse_unit_rejects_unknown_ids(unit):
    with pytest.raises(ProvisionError):
        parse_unit(unit)


@pytest.mark.parametrize("args", [("rct_12", "1"), ("art_5", "x"), ("art_5", "0"), ("anx_III", "1"),
                                  ("art_5", "1", "F"), ("cpt_III", None, "a"), ("art_5", None, "abc")])
def test_unit_label_rejects_bad_details(args):
    with pytest.raises(ProvisionError):
        unit_label(*args)


# ---- on the shared corpus -----------------------------------------------------------------------

def _corpus() -> Path:
    root = Path(os.environ.get("POLICYQA_TEST_CORPUS") or Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus")
    if not root.is_dir():
        pytest.skip(f"shared corpus not found at {root}")
    return root


@pytest.mark.parametrize("path,word", [("ai-act/en.md", "Article"), ("ai-act/nl.md", "Artikel"),
                                       ("ai-act/fr.md", "Article"), ("gdpr/en.md", "Article")])
def test_every_article_heading_is_found(path, word):
    """Each `#### Article N — …` heading of a corpus file is a reference to art_N spanning "Article N"."""
    file = _corpus() / path
    if not file.is_file():
        pytest.skip(f"{file} absent")
    text = file.read_text(encoding="utf-8")
    found = {(r.start, r.unit) for r in parse_references(text)}
    headings = [(m.start(1), f"art_{m.group(2)}") for m in re.finditer(rf"^#### ({word}) (\d+)\b", text, re.M)]
    assert len(headings) > 50
    assert set(headings) <= found


def test_every_corpus_unit_id_has_a_label():
    ids = set()
    for file in _corpus().glob("*/*.md"):
        ids |= set(re.findall(r"<!-- id: (\S+) -->", file.read_text(encoding="utf-8")))
    assert {"art_5", "anx_III", "rct_12", "cpt_III.sct_2"} <= ids
    for unit in ids:
        kind, _ = parse_unit(unit)
        assert unit_label(unit)
        if kind in ("article", "annex", "recital"):
            assert unit_label(unit).split()[0] in ("Article", "Annex", "Recital")


def test_speed_on_100kb():
    """parse_references on 100 KB of law text (budget < 50 ms; reported, not asserted)."""
    file = _corpus() / "ai-act" / "en.md"
    if not file.is_file():
        pytest.skip(f"{file} absent")
    text = file.read_text(encoding="utf-8")[:100_000]
    parse_references(text)
    t0 = time.perf_counter()
    found = parse_references(text)
    print(f"\nparse_references: {len(found)} references in 100 KB, {1000 * (time.perf_counter() - t0):.1f} ms")
    assert found
