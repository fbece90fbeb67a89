"""Abstention: unknown names in the question, and the confidence threshold, on the fixture index."""
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
