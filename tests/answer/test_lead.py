"""The lead sentence on the fixture index: act, exact provision, heading (the asker's language version's,
else the English one, marked), verdict only from the wording; labels and templates for all 24 languages."""
import pytest

from policyqa.answer import messages
from policyqa.answer.lead import lead_sentence
from policyqa.languages import EU_LANGUAGES
from policyqa.provisions import unit_label, unit_label_local


def _row(index, doc, unit, lang, paragraph=None, point=None):
    """The chunk row of the provision in `lang` (the one holding paragraph/point when given)."""
    return next(i for i, c in enumerate(index.chunks) if (c.doc, c.unit, c.lang) == (doc, unit, lang)
                and (point is None or any(s[1:] == [paragraph, point] or tuple(s[1:]) == (paragraph, point)
                                          for s in c.segments)))


def _point_offset(chunk, paragraph, point):
    return next(off for off, para, pt in chunk.segments if para == paragraph and pt == point)


def test_german_lead_names_act_point_heading_and_verdict(fixture_pipeline):
    index = fixture_pipeline.index
    row = _row(index, "ai-act", "art_5", "de", "1", "f")
    lead = lead_sentence(index, row, _point_offset(index.chunks[row], "1", "f"), "de", "prohibited")
    assert lead == ("Das regelt Artikel 5 Absatz 1 Buchstabe f KI-Verordnung (Verbotene Praktiken im KI-Bereich). "
                    "Verboten ist:")


def test_heading_from_english_version_is_marked(fixture_pipeline):
    index = fixture_pipeline.index             # the fixture AI Act has no French version
    row = _row(index, "ai-act", "art_5", "en", "1", "f")
    lead = lead_sentence(index, row, _point_offset(index.chunks[row], "1", "f"), "fr")
    assert lead == ("L'article 5, paragraphe 1, point f) du règlement sur l'IA "
                    "(titre anglais : Prohibited AI practices) traite de cette question :")


def test_heading_from_the_askers_version_even_when_quoting_another(fixture_pipeline):
    index = fixture_pipeline.index
    row = _row(index, "ai-act", "art_5", "en", "1", "f")
    lead = lead_sentence(index, row, _point_offset(index.chunks[row], "1", "f"), "nl")
    assert "(Verboden AI-praktijken)" in lead and "Engelse titel" not in lead
    assert lead.startswith("Artikel 5, lid 1, onder f van de AI-verordening")


def test_no_verdict_without_kind(fixture_pipeline):
    index = fixture_pipeline.index
    row = _row(index, "ai-act", "art_2", "en")
    lead = lead_sentence(index, row, 0, "en")
    assert lead == "The AI Act deals with this in Article 2 (Scope):"
    for verdicts in messages.VERDICT.values():
        assert not any(v in lead for v in verdicts.values())


@pytest.mark.parametrize("lang", sorted(EU_LANGUAGES))
def test_lead_in_every_language(fixture_pipeline, lang):
    index = fixture_pipeline.index
    row = _row(index, "ai-act", "art_5", "en", "1", "f")
    offset = _point_offset(index.chunks[row], "1", "f")
    plain, ruled = lead_sentence(index, row, offset, lang), lead_sentence(index, row, offset, lang, "prohibited")
    label = unit_label_local("art_5", lang, "1", "f")
    assert label[1:] in plain and "{" not in plain
    assert ruled.endswith(messages.VERDICT[lang]["prohibited"])
    assert "Prohibited AI practices" in plain or lang in ("de", "nl")
    if lang not in ("en", "de", "nl"):
        assert messages.ENGLISH_HEADING[lang].split("{h}")[0].strip() in plain


@pytest.mark.parametrize("lang", sorted(set(EU_LANGUAGES) - {"en"}))
def test_labels_in_every_language(lang):
    for args in (("art_5", "1", "f"), ("anx_III", None, "4"), ("rct_12", None, None), ("art_3", None, "1")):
        assert unit_label_local(*args[:1], lang, *args[1:]) != unit_label(*args), (lang, args)


@pytest.mark.parametrize("table", ["NOT_FOUND", "OTHER_LANGUAGE", "LANGUAGE_NAMES", "AND", "LEAD", "VERDICT", "ENGLISH_HEADING",
                                   "SEE_ALSO", "LEGAL_ADVICE"])
def test_messages_cover_the_24_languages(table):
    assert set(getattr(messages, table)) == set(EU_LANGUAGES)
