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
