"""Question intents: detection in several languages, heading matching, and their effect on ranking."""
from __future__ import annotations

import pytest

from policyqa.retrieval import intents


@pytest.mark.parametrize("question,lang,expected", [
    ("When does the AI Act apply?", "en", ["dates"]),
    ("From when do the rules on general-purpose models apply?", "en", ["dates"]),
    ("Ab wann gilt die KI-Verordnung?", "de", ["dates"]),
    ("À partir de quand le règlement s'applique-t-il ?", "fr", ["dates"]),
    ("¿Cuándo entra en vigor el Reglamento?", "es", ["dates"]),
    ("Entro quando gli Stati dovevano recepire la direttiva?", "it", ["dates"]),
    ("Tot wanneer mogen cloudaanbieders kosten rekenen?", "nl", ["dates"]),
    ("Od kiedy stosuje się akt o usługach cyfrowych?", "pl", ["dates"]),
    ("What is the maximum fine under the GDPR?", "en", ["penalties"]),
    ("Wie hoch sind die Bußgelder nach der DSGVO?", "de", ["penalties"]),
    ("Welke boete riskeert een poortwachter?", "nl", ["penalties"]),
    ("Jaką grzywnę może nałożyć Komisja?", "pl", ["penalties"]),
    ("¿Qué multa puede imponerse a un guardián de acceso?", "es", ["penalties"]),
    ("Czy mogę złożyć skargę na system AI?", "pl", ["remedies"]),
    ("Kann ich Schadensersatz verlangen?", "de", ["remedies"]),
    ("A chi posso presentare un reclamo?", "it", ["remedies"]),
    ("Où déposer une plainte contre une plateforme ?", "fr", ["remedies"]),
    # a situation, then the question: the when-word starts the question's second sentence
    ("We build smart fridges for the EU market. When do the new data rules apply to us?", "en", ["dates"]),
    ("Koliko visoke su kazne za male tvrtke?", "hr", ["penalties"]),
    ("Kolikšna je najvišja kazen za platformo?", "sl", ["penalties"]),
    ("Unde mă pot plânge de o platformă?", "ro", ["remedies"]),
    ("Var kan jag klaga på beslutet?", "sv", ["remedies"]),
    ("Voinko valittaa päätöksestä?", "fi", ["remedies"]),
])
def test_detects_intents_across_languages(question, lang, expected):
    assert intents.detect(question, lang) == expected


@pytest.mark.parametrize("question,lang", [
    ("What must a provider do when an incident occurs?", "en"),      # "when" as a conjunction
    ("Que doit faire un fournisseur quand un incident survient ?", "fr"),
    ("Welke gegevens mag een werkgever verwerken wanneer ik solliciteer?", "nl"),
    ("Quali dati servono al fine di valutare un sistema di IA?", "it"),  # "al fine di" is not a fine
    ("Can my employer read my emotions with AI?", "en"),
    ("Was ist ein KI-System?", "de"),
    ("Saanko valita itse palveluntarjoajan?", "fi"),                   # "valita" (choose) is no complaint
    ("I was told to wait. What must a provider do when an incident occurs?", "en"),
])
def test_no_intent_in_ordinary_questions(question, lang):
    assert intents.detect(question, lang) == []


@pytest.mark.parametrize("intent,heading,expected", [
    ("dates", "Article 113 — Entry into force and application", True),
    ("dates", "Article 50 — Entrée en vigueur et application", True),
    ("dates", "Artikel 113 — Inwerkingtreding en toepassing", True),
    ("dates", "Article 41 — Transposition", True),
    ("dates", "Article 44 — Abrogation", True),
    ("dates", "Article 2 — Champ d'application", False),
    ("dates", "Article 29 — Application of a conformity assessment body for notification", False),
    ("penalties", "Article 99 — Penalties", True),
    ("penalties", "Article 84 — Sanctions", True),
    ("penalties", "Article 31 — Periodic penalty payments", True),
    ("penalties", "Artikel 101 — Geldboeten voor aanbieders", True),
    ("penalties", "Article 5 — Prohibited AI practices", False),
    ("remedies", "Article 77 — Right to lodge a complaint with a supervisory authority", True),
    ("remedies", "Article 82 — Droit à réparation et responsabilité", True),
    ("remedies", "Artikel 85 — Recht om een klacht in te dienen", True),
    ("remedies", "Article 17 — Right to erasure", False),
])
def test_heading_kinds(intent, heading, expected):
    assert intents.matches_heading(intent, heading) is expected


@pytest.mark.parametrize("question,lang", [
    ("Jak długo administrator może przedłużyć termin odpowiedzi na wniosek?", "pl"),   # a deadline
    ("¿Qué plazo hay para el informe final de un incidente significativo?", "es"),
    ("Hoeveel procent van de omzet kan een boete bedragen?", "nl"),                     # "omzet" = turnover
])
def test_deadlines_and_turnover_are_not_dates(question, lang):
    assert "dates" not in intents.detect(question, lang)
