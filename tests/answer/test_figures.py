"""Questions that ask for a figure, figures in legal text, and the quote built around them."""
from types import SimpleNamespace

from policyqa.answer.extractive import _widen, _window
from policyqa.answer.figures import asks_for_figure, figure_at, has_figure


def test_questions_that_ask_for_a_figure():
    for q, lang in [("How long must the logs be kept?", "en"), ("Wie hoch sind die Bußgelder?", "de"),
                    ("Binnen hoeveel dagen moet een incident worden gemeld?", "nl"), ("Ile wynosi kara?", "pl"),
                    ("Kuinka kauan tietoja säilytetään?", "fi"), ("Quando si applica il regolamento?", "it"),
                    ("Hur lång uppsägningstid får leverantören kräva?", "sv")]:
        assert asks_for_figure(q, lang), q
    for q, lang in [("Can I complain to the supervisory authority?", "en"), ("Mag mijn werkgever dat?", "nl"),
                    ("Darf mein Chef meine Gefühle erkennen?", "de")]:
        assert not asks_for_figure(q, lang), q


def test_references_are_not_figures():
    for t in ("pursuant to Article 6(1) of Regulation (EU) 2016/679", "Articles 5, 6 and 7 apply",
              "referred to in Annex III, point 4", "in accordance with paragraph 2", "Artikel 5 Absatz 1"):
        assert not has_figure(t), t
    for t, at in (("within 72 hours", 7), ("from 2 August 2026", 5), ("up to EUR 35 000 000 or 7 %", 10),
                  ("at least 16 years old", 9)):
        assert figure_at(t) == at, t


def _chunk(text, segments=((0, "1", None),)):
    return SimpleNamespace(text=text, segments=list(segments))


def test_a_figure_question_quotes_the_neighbouring_sentence_that_holds_the_figure():
    text = ("Providers shall report any serious incident to the authorities. The report shall be made "
            "immediately, and not later than 15 days after the provider becomes aware of it. Other rules apply.")
    c = _chunk(text)
    a, b = 0, text.index(".") + 1                                     # the best sentence, without a figure
    lo, hi = _widen(c, a, b, figure=True)
    assert lo == 0 and "15 days" in text[lo:hi] and "Other rules" not in text[lo:hi]
    assert _widen(c, a, b, figure=False) == (a, b)                    # not asked: the sentence alone
    # not across a paragraph: the figure's sentence is in paragraph 2
    c2 = _chunk(text, [(0, "1", None), (text.index("The report"), "2", None)])
    assert _widen(c2, a, b, figure=True) == (a, b)


def test_a_lead_in_is_quoted_with_what_follows_it():
    text = "1. A model shall be classified as a model with systemic risk if:\n(a) it has high impact capabilities;"
    c = _chunk(text, [(0, "1", None), (text.index("(a)"), "1", "a")])
    a, b = 3, text.index(":") + 1
    assert "high impact" in text.__getitem__(slice(*_widen(c, a, b, figure=False)))


def test_the_window_moves_to_the_figure_beyond_the_word_cut():
    words = " ".join(f"w{i}" for i in range(50))
    text = f"{words} shall be fined up to EUR 35 000 000 in total."
    a, end = _window(text, 0, len(text), 20, figure=True)
    assert a > 0 and "35 000 000" in text[a:end] and len(text[a:end].split()) <= 20
    assert _window(text, 0, len(text), 20, figure=False) == (0, text.index("w19") + 3)
