"""The extractive answer on the fixture corpus: lead, smallest span, at most two sources of ~60 words,
see-also list, legal-advice statement."""
import re

from policyqa.answer import messages
from policyqa.answer.extractive import MAX_QUOTE_WORDS


def _quotes(answer):
    """The quoted text of each source: what precedes its [n] marker after the lead."""
    return [q for q in re.split(r"\[\d+\]", answer) if q.strip()]


def test_answer_leads_with_the_provision_and_quotes_the_point(fixture_pipeline):
    r = fixture_pipeline.ask("Mag mijn werkgever AI gebruiken om mijn emoties te lezen?")
    first = r["answer"].split("\n\n")[0]
    assert first.startswith("Artikel 5, lid 1, onder f van de AI-verordening (Verboden AI-praktijken) regelt dit.")
    assert messages.VERDICT["nl"]["prohibited"] in first
    assert "emoties" in first and "subliminale" not in r["answer"]      # point (f), not point (a)
    assert r["citations"][0]["unit"] == "art_5" and r["citations"][0]["label"] == "Article 5(1)(f)"
    # the verdict comes from the paragraph's lead-in ("De volgende AI-praktijken zijn verboden:"), which is
    # highlighted in the card when the cited passage holds it
    c = r["citations"][0]
    if "zijn verboden" in c["text"]:
        assert any("verboden" in c["text"][a:b] for a, b in c["highlights"])


def test_at_most_two_sources_and_sixty_words_each(fixture_pipeline):
    for q in ("Which AI practices are prohibited?", "Was gilt für Hochrisiko-KI-Systeme?",
              "Mag mijn werkgever AI gebruiken om mijn emoties te lezen?"):
        r = fixture_pipeline.ask(q)
        assert 1 <= len(r["citations"]) <= 2
        body = r["answer"].split(":", 1)[1]           # after the lead
        for quote in _quotes(body):
            assert len(quote.split()) <= MAX_QUOTE_WORDS + 25, quote   # quote + the next source's label


def test_see_also_lists_further_provisions_not_cited(fixture_pipeline):
    r = fixture_pipeline.ask("Mag mijn werkgever AI gebruiken om mijn emoties te lezen?")
    cited = {(c["doc"], c["unit"]) for c in r["citations"]}
    assert r["see_also"] and len(r["see_also"]) <= 3
    for s in r["see_also"]:
        assert {"doc", "unit", "label", "local_label", "title", "url"} <= set(s)
        assert (s["doc"], s["unit"]) not in cited
    ai = [s for s in r["see_also"] if s["doc"] == "ai-act"]
    assert all(s["local_label"].startswith(("Artikel", "Bijlage", "Overweging")) for s in ai)


def test_named_point_is_quoted_alone(fixture_pipeline):
    r = fixture_pipeline.ask("Was steht in Artikel 5 Absatz 1 Buchstabe f der KI-Verordnung?")
    assert r["citations"][0]["label"] == "Article 5(1)(f)"
    assert "Emotionen" in r["answer"] and "unterschwellig" not in r["answer"]
    assert r["answer"].startswith("Das regelt Artikel 5 Absatz 1 Buchstabe f KI-Verordnung")


def test_legal_advice_request_gets_the_statement_then_the_provisions(fixture_pipeline):
    r = fixture_pipeline.ask("My boss uses AI to read my emotions at work. Should I sue him?")
    assert r["answer"].startswith(messages.LEGAL_ADVICE["en"])
    assert not r["abstained"] and r["citations"]
    assert "art_5" in {c["unit"] for c in r["citations"]} | {s["unit"] for s in r["see_also"]}
    r = fixture_pipeline.ask("Soll ich meinen Chef verklagen, weil die KI meine Emotionen auswertet?")
    assert r["answer"].startswith(messages.LEGAL_ADVICE["de"])


def test_abstention_has_no_see_also(fixture_pipeline):
    r = fixture_pipeline.ask("What is the best recipe for apple pie with cinnamon?")
    assert r["abstained"] and r["see_also"] == []


def test_nothing_quotable_abstains_instead_of_crashing(fixture_pipeline, monkeypatch):
    """bench/fuzz.py found questions (zalgo text around a lookup) for which no sentence could be quoted:
    the answer had no citations and the other-language intro raised IndexError. Now: not in these documents."""
    from policyqa.answer.extractive import ExtractiveAnswerer
    monkeypatch.setattr(ExtractiveAnswerer, "_choose", lambda self, *a, **k: [])
    r = fixture_pipeline.ask("Can my employer use AI to read my emotions at work?", lang="de")
    assert r["abstained"] and r["citations"] == [] and r["answer"] == messages.not_found("de")


def test_a_second_source_is_quoted_only_when_its_sentence_scores_close_to_the_first(fixture_pipeline, monkeypatch):
    import policyqa.answer.extractive as ex
    q = "Which AI practices are prohibited?"
    monkeypatch.setattr(ex, "MARGIN", 1.0)                # any second source is "close"
    assert len(fixture_pipeline.ask(q)["citations"]) == 2
    monkeypatch.setattr(ex, "MARGIN", 0.0)                # none is
    r = fixture_pipeline.ask(q)
    assert len(r["citations"]) == 1 and r["see_also"]


def test_quotes_are_shorter_unless_the_question_asks_for_a_figure(fixture_pipeline):
    from policyqa.answer.extractive import PLAIN_QUOTE_WORDS, SECOND_QUOTE_WORDS
    r = fixture_pipeline.ask("Which AI practices are prohibited?")
    quotes = _quotes(r["answer"].split(":", 1)[1])
    assert len(quotes[0].split()) <= PLAIN_QUOTE_WORDS + 1           # + the "…" of a cut
    for quote in quotes[1:]:
        assert len(quote.split(":", 1)[1].split()) <= SECOND_QUOTE_WORDS + 1
