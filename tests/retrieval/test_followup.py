"""Follow-up questions: detection in several languages, the context passed, and its effect on retrieval."""
from __future__ import annotations

import pytest

from policyqa.retrieval.followup import context_for, is_followup, strip_references


@pytest.mark.parametrize("question", [
    "and what are the fines for that?",
    "What about hiring tools?",
    "En wie houdt daar toezicht op?",
    "En wat zijn de boetes daarvoor?",
    "Und was kostet das?",
    "Et pour les écoles ?",
    "¿Y cuáles son las multas por eso?",
    "A co z karami?",
    "Is it allowed?",                 # short
    "What are the penalties for it",  # pronoun as the last word
])
def test_followups(question):
    assert is_followup(question)


@pytest.mark.parametrize("question", [
    "Mag mijn werkgever AI gebruiken om mijn emoties te lezen?",
    "¿En qué casos se prohíbe el reconocimiento de emociones en el trabajo?",
    "O que é um sistema de IA de risco elevado?",
    "What is a high-risk AI system according to the rules?",
    "And what does the GDPR say about erasure?",      # names an act: stands on its own
    "and Article 6?",                                  # names a provision
])
def test_standalone(question):
    assert not is_followup(question)


def test_context_drops_references_keeps_the_act():
    ctx = context_for("and what are the fines for that?", ["What does Article 5(1)(f) of the AI Act prohibit?"])
    assert ctx is not None and "AI Act" in ctx and "Article" not in ctx and "5" not in ctx
    assert strip_references("See bijlage III and Art. 6 AI Act") == "See and AI Act"


def test_context_reaches_back_to_the_question_that_named_the_act():
    history = ["Which systems are high-risk under the AI Act?", "what about hiring tools?"]
    ctx = context_for("and who checks them?", history)
    assert ctx == "Which systems are high-risk under the AI Act? what about hiring tools?"
    assert context_for("and who checks them?", []) is None
    assert context_for("Who supervises the GDPR?", history) is None


@pytest.mark.parametrize("first,followup,doc,units", [
    ("Which systems are high-risk under the AI Act?", "and what about hiring tools?", "ai-act", {"anx_III", "art_6"}),
    ("Can I have my personal data erased under the GDPR?", "And how fast must they tell me?", "gdpr", {"art_2"}),
])
def test_followup_resolves_on_the_fixture_index(fixture_pipeline, first, followup, doc, units):
    alone = fixture_pipeline.ask(followup)
    assert alone["citations"] and alone["citations"][0]["doc"] != doc      # without context: another document
    ctx = context_for(followup, [first])
    r = fixture_pipeline.ask(followup, context=ctx)
    assert r["question"] == followup and not r["abstained"]
    top = r["citations"][0]
    assert top["doc"] == doc and top["unit"] in units
