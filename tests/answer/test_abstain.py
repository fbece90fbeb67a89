"""Abstention: unknown names in the question, and the confidence threshold, on the fixture index."""
import pytest

from policyqa.answer.abstain import _name_like, unknown_names


def test_name_like_words():
    assert [w for w in ["CNIL", "TikTok", "ChatGPT", "27001", "KI", "Brussels", "2025", "data"] if _name_like(w)] \
        == ["CNIL", "TikTok", "ChatGPT", "27001", "2025"]


def test_unknown_names_ignore_act_names_and_known_words(fixture_pipeline):
    lex = fixture_pipeline.index.lexical
    assert unknown_names("Welche Strafe bekam TikTok nach der DSGVO?", lex) == ["TikTok"]
    assert unknown_names("Does the GDPR apply to AI systems?", lex) == []


def test_question_about_an_unknown_name_abstains(fixture_pipeline):
    r = fixture_pipeline.ask("Which fine did the CNIL impose on an AI system provider?")
    assert r["abstained"] and r["citations"] == []
    r = fixture_pipeline.ask("Which AI practices are prohibited?")
    assert not r["abstained"]


def test_abbreviations_the_texts_spell_out_are_known(fixture_pipeline):
    from policyqa.answer.abstain import KNOWN_ABBREVIATIONS
    lex = fixture_pipeline.index.lexical
    q = "When do GPAI obligations start to apply?"
    assert unknown_names(q, lex) == ["GPAI"]                       # not in the fixture texts …
    assert unknown_names(q, lex, frozenset({"GPAI"})) == []        # … but an acronym the index learned
    assert unknown_names("Which VLOPs must do a risk assessment?", lex, frozenset({"VLOP"})) == []
    assert "DPA" in KNOWN_ABBREVIATIONS and unknown_names("Can I complain to the DPA?", lex) == []
    assert unknown_names("Which fine did the CNIL impose?", lex, frozenset({"GPAI"})) == ["CNIL"]


def test_index_learns_acronyms_of_its_frequent_terms(fixture_pipeline):
    # the fixture texts are short: only runs of words repeated 20+ times give an acronym; none is a name
    abbr = fixture_pipeline.index.abbreviations
    assert isinstance(abbr, frozenset) and "CNIL" not in abbr


def test_answerability_model_is_applied_with_plain_numbers():
    import numpy as np

    from policyqa.answer.abstain import FEATURES, should_abstain, unanswerable_probability
    n = len(FEATURES)
    coef = np.zeros(n)
    coef[FEATURES.index("best_chunk")] = -2.0            # a higher cosine: less likely unanswerable
    coef[FEATURES.index("unknown_names")] = 3.0
    model = {"features": list(FEATURES), "mean": np.full(n, 0.0), "scale": np.full(n, 1.0), "coef": coef,
             "intercept": 1.6, "cutoff": 0.5}
    strong = {"best_chunk": 0.9, "confidence": 0.9}
    weak = {"best_chunk": 0.7, "confidence": 0.7}
    assert unanswerable_probability(strong, [], model) < unanswerable_probability(weak, [], model)
    assert unanswerable_probability(strong, ["CNIL"], model) > unanswerable_probability(strong, [], model)
    # the abstain_threshold setting replaces the model by the cosine rule
    assert should_abstain(weak, threshold=0.8) and not should_abstain(strong, threshold=0.8)


def test_capitalised_words_no_document_holds_are_unknown_proper_nouns(fixture_pipeline):
    from policyqa.answer.abstain import unknown_proper_nouns
    lex = fixture_pipeline.index.lexical
    assert unknown_proper_nouns("Mikä on arvonlisäveron suuruus Suomessa?", "fi", lex) == ["Suomessa"]
    assert unknown_proper_nouns("How long does Zalando keep my data?", "en", lex) == ["Zalando"]
    # sentence starts, act names, EU institutions and German nouns are not names
    assert unknown_proper_nouns("Zalando sells shoes. Which AI practices are prohibited?", "en", lex) == []
    assert unknown_proper_nouns("¿Puede la Comisión multar a los Estados miembros?", "es", lex) == []
    assert unknown_proper_nouns("Darf mein Chef meine Gefühle erkennen?", "de", lex) == []


def test_the_shipped_answerability_model_separates_clear_cases():
    """The model fitted by bench/abstention_calibration.py ships with the package and scores a clearly
    answerable question below its cut-off and a clearly unanswerable one above it."""
    from policyqa.answer.abstain import FEATURES, MODEL_FILE, load_model, should_abstain, unanswerable_probability
    model = load_model()
    assert model is not None, f"{MODEL_FILE} missing: run bench/abstention_calibration.py --write"
    assert tuple(model["features"]) == FEATURES and 0.0 < model["cutoff"] < 1.0
    mean = dict(zip(model["features"], model["mean"]))
    scale = dict(zip(model["features"], model["scale"]))
    # a strong match (best passage and sentence 2 standard deviations above the dev mean, the act named,
    # words covered) and a weak one (2 below, a name no document mentions, a capitalised unknown place)
    strong = {f: mean[f] for f in FEATURES}
    strong.update(best_chunk=mean["best_chunk"] + 2 * scale["best_chunk"], coverage=0.6, known_words=1.0,
                  best_sentence=mean["best_sentence"] + 2 * scale["best_sentence"], named_act=1.0,
                  agreement=1.0, unknown_proper=0.0, other_law=0.0)
    weak = {f: mean[f] for f in FEATURES}
    weak.update(best_chunk=mean["best_chunk"] - 2 * scale["best_chunk"], coverage=0.0, known_words=0.0, other_law=1.0,
                best_sentence=mean["best_sentence"] - 2 * scale["best_sentence"], named_act=0.0,
                unknown_proper=1.0)
    for sig in (strong, weak):
        sig["confidence"] = max(sig["best_chunk"], sig["best_sentence"])
    assert unanswerable_probability(strong, [], model) < model["cutoff"] <= unanswerable_probability(weak, ["CNIL"], model)
    assert not should_abstain(strong, unknown=[]) and should_abstain(weak, unknown=["CNIL"])


def test_the_pipeline_abstains_by_the_model(fixture_pipeline, monkeypatch):
    """The ask path consults the shipped model: a cut-off of 0 abstains on everything, above 1 on nothing."""
    from policyqa.answer import abstain
    model = abstain.load_model()
    q = "Which AI practices are prohibited?"
    monkeypatch.setattr(abstain, "load_model", lambda: {**model, "cutoff": 0.0})
    assert fixture_pipeline.ask(q)["abstained"]
    monkeypatch.setattr(abstain, "load_model", lambda: {**model, "cutoff": 1.01})
    assert not fixture_pipeline.ask(q)["abstained"]


@pytest.mark.corpus
def test_abbreviations_the_corpus_spells_out_are_known_on_the_shared_corpus(shared_pipeline):
    """GPAI, VLOP, DPO, DPA, KI, IA, SI, MI are no "unknown names" on the shared corpus's index."""
    from policyqa.answer.abstain import unknown_names
    idx = shared_pipeline.index
    q = "Do GPAI, VLOPs, VLOP, the DPO, the DPA, the EDPB, KI, IA, SI and MI count, unlike CNIL?"
    assert unknown_names(q, idx.lexical, idx.abbreviations) == ["CNIL"]


def test_a_law_named_that_is_none_of_the_known_acts():
    from policyqa.answer.abstain import names_other_law
    for q in ("What does the UK Data Protection Act 2018 say about criminal records?",
              "Que prévoit la loi Informatique et Libertés pour les mineurs ?",
              "Ile lat według polskiej ustawy o prawach pacjenta?"):
        assert names_other_law(q), q
    for q in ("Can my employer read my emails under the GDPR?", "Was regelt die KI-Verordnung zu Chatbots?",
              "Le linn paindéime, an féidir leis an gCoimisiún iallach a chur ar na hardáin?",   # ga "leis": with
              "Which AI practices are prohibited?"):
        assert not names_other_law(q), q
    assert not names_other_law("What are the fines for breaching the regulation?")     # the act asked about
    assert names_other_law("What will the future regulation on ePrivacy say about cookies?")
