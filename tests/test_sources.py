"""corpus/sources.yaml: every act has a short title in all 24 EU languages, no name points at two acts,
and names written the way people write them, inflected, resolve to the right act through find_families."""
from __future__ import annotations

import pytest

from policyqa.sources import DEFAULT_SOURCES, families, find_families, title_languages

EU_LANGS = "bg cs da de el en es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv".split()
ACTS = ("ai-act", "gdpr", "data-act", "dsa", "dma", "nis2")


@pytest.fixture(autouse=True)
def _repo_sources(monkeypatch):
    """The repo's corpus/sources.yaml, whatever the environment says."""
    monkeypatch.setenv("POLICYQA_SOURCES", str(DEFAULT_SOURCES))


@pytest.mark.parametrize("act", ACTS)
def test_every_act_has_a_title_in_all_24_languages(act):
    fam = families()[act]
    missing = [lang for lang in EU_LANGS if not fam.titles.get(lang, "").strip()]
    assert missing == [], f"{act} has no title in {missing}"


def test_no_name_belongs_to_two_acts():
    owner: dict[str, str] = {}
    clashes = []
    for fam in families().values():
        for name in (fam.id, *fam.aliases, *fam.titles.values()):
            key = name.casefold()
            if owner.setdefault(key, fam.id) != fam.id:
                clashes.append((name, owner[key], fam.id))
    assert clashes == []


@pytest.mark.parametrize("name", ["AI", "IA", "KI", "SI", "UI", "MI", "DA", "NIS", "data", "akt", "rendelet"])
def test_ordinary_words_name_no_act(name):
    assert find_families(f"Was sagt {name} dazu?") == []


SAMPLES = [
    # (text, act, matched span) — in many languages, inflected where the language inflects
    ("Mitä digipalvelusäädöksen mukaan alustan pitää tehdä?", "dsa", "digipalvelusäädöksen"),
    ("Koskeeko tekoälysäädös myös pieniä yrityksiä?", "ai-act", "tekoälysäädös"),
    ("Miten tietosuoja-asetuksessa säädetään poistamisesta?", "gdpr", "tietosuoja-asetuksessa"),
    ("Ko Datu aktā paredz par viedajām ierīcēm?", "data-act", "Datu aktā"),
    ("Co říká článek 6 aktu o digitálních trzích?", "dma", "aktu o digitálních trzích"),
    ("Čo hovorí akt o digitálnych službách o reklame?", "dsa", "akt o digitálnych službách"),
    ("az adatvédelmi rendelet 17. cikke", "gdpr", "adatvédelmi rendelet"),
    ("článek 17 GDPR", "gdpr", "GDPR"),
    ("Τι προβλέπει ο ΓΚΠΔ για τη διαγραφή;", "gdpr", "ΓΚΠΔ"),
    ("Τι ορίζει η Πράξη για τις ψηφιακές αγορές;", "dma", "Πράξη για τις ψηφιακές αγορές"),
    ("Какво казва Актът за изкуствения интелект?", "ai-act", "Актът за изкуствения интелект"),
    ("Gilt die Datenschutz-Grundverordnung auch für Vereine?", "gdpr", "Datenschutz-Grundverordnung"),
    ("Was verlangt die KI-Verordnung?", "ai-act", "KI-Verordnung"),
    ("Czy RODO pozwala na monitoring?", "gdpr", "RODO"),
    ("Co mówi akt o usługach cyfrowych o reklamach?", "dsa", "akt o usługach cyfrowych"),
    ("Vad säger dataskyddsförordningen om samtycke?", "gdpr", "dataskyddsförordningen"),
    ("Gælder AI-forordningen også for kommuner?", "ai-act", "AI-forordningen"),
    ("O que diz o Regulamento dos Mercados Digitais?", "dma", "Regulamento dos Mercados Digitais"),
    ("Ce prevede Regulamentul privind inteligența artificială?", "ai-act",
     "Regulamentul privind inteligența artificială"),
    ("Kas Skaitmeninių paslaugų akte numatyta?", "dsa", "Skaitmeninių paslaugų akte"),
    ("Mida ütleb andmemäärus nutiseadmete kohta?", "data-act", "andmemäärus"),
    ("Što kaže Akt o podacima?", "data-act", "Akt o podacima"),
    ("Kaj določa akt o digitalnih trgih?", "dma", "akt o digitalnih trgih"),
    ("X'jgħid l-Att dwar is-Servizzi Diġitali?", "dsa", "Att dwar is-Servizzi Diġitali"),
    ("Cad a deir an Gníomh um Intleacht Shaorga?", "ai-act", "an Gníomh um Intleacht Shaorga"),
    ("Koskeeko NIS2-direktiivi kuntia?", "nis2", "NIS2"),
    ("¿Qué exige la Directiva SRI 2?", "nis2", "Directiva SRI 2"),
    ("Какво изисква МИС 2?", "nis2", "МИС 2"),
]


@pytest.mark.parametrize("text,act,span", SAMPLES, ids=[s[2] for s in SAMPLES])
def test_names_in_many_languages_resolve_to_their_act(text, act, span):
    found = find_families(text)
    assert [(d, text[s:e]) for d, s, e in found] == [(act, span)]


def test_titles_hint_the_language_of_a_short_lookup():
    assert title_languages("17. cikk általános adatvédelmi rendelet") == {"hu"}
    assert title_languages("6. pants Digitālo tirgu akts") == {"lv"}
    assert title_languages("Article 17 GDPR") == set()
