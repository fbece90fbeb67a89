"""Point-level references in the citation style of each of the 24 official EU languages: article +
paragraph + point, annex + point, and with the act named by one of its names in corpus/sources.yaml."""
from __future__ import annotations

import pytest

from policyqa.provisions import is_lookup, parse_references
from policyqa.sources import DEFAULT_SOURCES, families

EU_LANGS = "bg cs da de el en es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv".split()


@pytest.fixture(autouse=True)
def _repo_sources(monkeypatch):
    monkeypatch.setenv("POLICYQA_SOURCES", str(DEFAULT_SOURCES))


def one(text: str) -> tuple:
    refs = parse_references(text)
    assert len(refs) == 1, (text, refs)
    r = refs[0]
    return r.unit, r.paragraph, r.point, r.doc


# Article 5(1)(f) as each language's legislation writes it (several word orders where a language has them)
ARTICLE = {
    "bg": ["член 5, параграф 1, буква е)", "чл. 5, ал. 1, буква е)"],
    "cs": ["čl. 5 odst. 1 písm. f)", "článek 5 odst. 1 písm. f)", "článku 5 odst. 1 písm. f)"],
    "da": ["artikel 5, stk. 1, litra f)", "art. 5, stk. 1, litra f"],
    "de": ["Artikel 5 Absatz 1 Buchstabe f", "Art. 5 Abs. 1 lit. f", "Artikel 5 Abs. 1 Buchst. f"],
    "el": ["άρθρο 5 παράγραφος 1 στοιχείο στ)", "άρθρου 5 παράγραφος 1 στοιχείο στ)", "άρθρο 5 παρ. 1 στοιχ. στ)"],
    "en": ["Article 5(1)(f)", "Article 5, paragraph 1, point (f)", "point (f) of Article 5(1)"],
    "es": ["artículo 5, apartado 1, letra f)", "art. 5, apdo. 1, letra f)"],
    "et": ["artikli 5 lõike 1 punkt f", "artikli 5 lõike 1 punktis f"],
    "fi": ["5 artiklan 1 kohdan f alakohta", "5 artiklan 1 kohdan f alakohdassa"],
    "fr": ["article 5, paragraphe 1, point f)", "l'article 5, paragraphe 1, point f)"],
    "ga": ["Airteagal 5(1)(f)", "Airteagal 5, mír 1, pointe (f)"],
    "hr": ["članak 5. stavak 1. točka (f)", "članka 5. stavka 1. točke (f)"],
    "hu": ["az 5. cikk (1) bekezdésének f) pontja", "5. cikk (1) bekezdés f) pont"],
    "it": ["articolo 5, paragrafo 1, lettera f)", "art. 5, par. 1, lett. f)"],
    "lt": ["5 straipsnio 1 dalies f punktas", "5 straipsnio 1 dalies f punkte"],
    "lv": ["5. panta 1. punkta f) apakšpunkts", "5. panta 1. punkta f) apakšpunktā"],
    "mt": ["l-Artikolu 5(1)(f)", "Artikolu 5, paragrafu 1, punt (f)"],
    "nl": ["artikel 5, lid 1, onder f", "artikel 5, eerste lid, onder f)", "art. 5 lid 1 sub f"],
    "pl": ["art. 5 ust. 1 lit. f)", "artykuł 5 ustęp 1 litera f"],
    "pt": ["artigo 5.º, n.º 1, alínea f)", "art. 5.º, n.º 1, alínea f)"],
    "ro": ["articolul 5 alineatul (1) litera (f)", "art. 5 alin. (1) lit. (f)"],
    "sk": ["článok 5 ods. 1 písm. f)", "čl. 5 ods. 1 písm. f)"],
    "sl": ["točka (f) člena 5(1)", "člen 5(1)(f)", "5. člen, prvi odstavek, točka (f)"],
    "sv": ["artikel 5.1 f", "art. 5.1 f"],
}

# Annex III, point 4
ANNEX = {
    "bg": ["приложение III, точка 4", "точка 4 от приложение III"],
    "cs": ["příloha III bod 4", "bod 4 přílohy III"],
    "da": ["bilag III, punkt 4", "punkt 4 i bilag III"],
    "de": ["Anhang III Nummer 4", "Anhang III Nr. 4", "Nummer 4 des Anhangs III"],
    "el": ["παράρτημα III σημείο 4", "σημείο 4 του παραρτήματος III"],
    "en": ["Annex III, point 4", "Annex III point 4", "point 4 of Annex III"],
    "es": ["anexo III, punto 4", "punto 4 del anexo III"],
    "et": ["III lisa punkt 4", "III lisa punktis 4"],
    "fi": ["liitteen III 4 kohta", "liitteen III 4 kohdassa"],
    "fr": ["annexe III, point 4", "point 4 de l'annexe III"],
    "ga": ["Iarscríbhinn III, pointe 4", "Iarscríbhinn III pointe 4"],
    "hr": ["Prilog III. točka 4.", "točka 4. Priloga III."],
    "hu": ["III. melléklet 4. pontja", "a III. melléklet 4. pontjában"],
    "it": ["allegato III, punto 4", "punto 4 dell'allegato III"],
    "lt": ["III priedo 4 punktas", "III priedo 4 punkte"],
    "lv": ["III pielikuma 4. punkts", "III pielikuma 4. punktā"],
    "mt": ["Anness III, punt 4", "l-Anness III, punt 4"],
    "nl": ["bijlage III, punt 4", "punt 4 van bijlage III"],
    "pl": ["załącznik III pkt 4", "pkt 4 załącznika III"],
    "pt": ["anexo III, ponto 4", "ponto 4 do anexo III"],
    "ro": ["anexa III punctul 4", "punctul 4 din anexa III"],
    "sk": ["príloha III bod 4", "bod 4 prílohy III"],
    "sl": ["Priloga III, točka 4", "točka 4 Priloge III"],
    "sv": ["bilaga III punkt 4", "punkt 4 i bilaga III"],
}


def test_every_language_is_covered():
    assert sorted(ARTICLE) == sorted(ANNEX) == EU_LANGS


@pytest.mark.parametrize("lang,text", [(lang, t) for lang, ts in ARTICLE.items() for t in ts])
def test_article_paragraph_point(lang, text):
    assert one(text) == ("art_5", "1", "f", None)
    assert is_lookup(text)


@pytest.mark.parametrize("lang,text", [(lang, t) for lang, ts in ANNEX.items() for t in ts])
def test_annex_point(lang, text):
    assert one(text) == ("anx_III", None, "4", None)
    assert is_lookup(text)


@pytest.mark.parametrize("lang", EU_LANGS)
def test_with_the_acts_own_title_after_and_before(lang):
    """The act named by its short title in that language (corpus/sources.yaml) after the reference, or
    before it; the reference keeps its paragraph and point."""
    for act in ("gdpr", "ai-act"):
        title = families()[act].titles[lang]
        for text in (f"{ARTICLE[lang][0]} {title}", f"{title} {ARTICLE[lang][0]}"):
            assert one(text) == ("art_5", "1", "f", act), text
        assert one(f"{ANNEX[lang][0]} {title}") == ("anx_III", None, "4", act)


@pytest.mark.parametrize("text,expected", [
    ("článek 17 GDPR", ("art_17", None, None, "gdpr")),
    ("Art. 17 DSGVO", ("art_17", None, None, "gdpr")),
    ("az adatvédelmi rendelet 17. cikke", ("art_17", None, None, "gdpr")),
    ("Art. 5 Abs. 1 lit. f KI-Verordnung", ("art_5", "1", "f", "ai-act")),
    ("artikel 5, lid 1, onder f, van de AVG", ("art_5", "1", "f", "gdpr")),
    ("point (f) of Article 5(1) of the AI Act", ("art_5", "1", "f", "ai-act")),
    ("Anhang III Nummer 4 KI-Verordnung", ("anx_III", None, "4", "ai-act")),
    ("5 artiklan 1 kohdan f alakohta tietosuoja-asetuksessa", ("art_5", "1", "f", "gdpr")),
])
def test_common_names(text, expected):
    assert one(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("paragraph 2 of Article 6", ("art_6", "2", None, None)),
    ("5 straipsnio 1 dalis", ("art_5", "1", None, None)),
    ("5. panta 2. punkts", ("art_5", "2", None, None)),
    ("az 5. cikk (3) bekezdése", ("art_5", "3", None, None)),
    ("Article 5 of the AI Act applies in 2025; point 4 is clear", ("art_5", None, None, "ai-act")),
    ("recital 12", ("rct_12", None, None, None)),
])
def test_paragraphs_and_what_is_not_a_detail(text, expected):
    assert one(text) == expected
