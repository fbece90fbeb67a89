"""What the index learns from the corpus: acronyms of its frequent terms, and a lexicon from aligned
language versions (invented parallel texts)."""
from __future__ import annotations

from policyqa.indexing.terms import ABBREVIATION_MIN_COUNT, abbreviations, aligned_segments, learn_lexicon
from policyqa.types import Chunk

FILLER_EN = ["the board meets", "members vote twice", "records are kept", "reports follow yearly", "staff may attend"]
FILLER_DE = ["der Vorstand tagt", "Mitglieder stimmen zweimal", "Akten werden geführt", "Berichte folgen jährlich",
             "Personal darf teilnehmen"]


def chunk(lang: str, unit: str, text: str, segments=None) -> Chunk:
    return Chunk(id=f"act/{lang}/{unit}#0", doc="act", lang=lang, unit=unit, kind="article", label=unit,
                 heading_path=[], text=text, start=0, end=len(text), segments=segments or [[0, None, None]])


def parallel_corpus(n: int = 30) -> list[Chunk]:
    out = []
    for i in range(n):
        en = FILLER_EN[i % 5] + (" and a fine is imposed" if i % 3 == 0 else "") + f" in case {i}."
        de = FILLER_DE[i % 5] + (" und eine Geldbuße wird verhängt" if i % 3 == 0 else "") + f" im Fall {i}."
        out += [chunk("en", f"art_{i}", en), chunk("de", f"art_{i}", de)]
    return out


def test_acronyms_of_frequent_terms_only():
    text = "Each very large online platform shall report. " * ABBREVIATION_MIN_COUNT
    rare = "The national commission for information liberty met once."
    found = abbreviations([chunk("en", "art_1", text + rare)])
    assert "VLOP" in found and "LOP" in found
    assert "NCIL" not in found and "CNIL" not in found


def test_segments_align_by_unit_paragraph_and_point():
    a = chunk("en", "art_1", "1. First rule. 2. Second rule.", [[0, "1", None], [15, "2", None]])
    b = chunk("de", "art_1", "1. Erste Regel. 2. Zweite Regel.", [[0, "1", None], [16, "2", None]])
    only_en = chunk("en", "art_2", "Alone.")
    segs = aligned_segments([a, b, only_en])
    assert set(segs) == {("act", "art_1", "1", None), ("act", "art_1", "2", None)}
    assert segs[("act", "art_1", "2", None)] == {"en": "2. Second rule.", "de": "2. Zweite Regel."}


def test_lexicon_pairs_words_of_aligned_segments():
    lex = learn_lexicon(parallel_corpus())
    de_en = lex["de>en"]
    # stems: "Geldbuße" ↔ "fine" (as often together as "imposed" ↔ "verhängt": a tie)
    assert "fine" in [t for t, _ in de_en["geldbuss"]]
    assert "geldbuss" in [t for t, _ in lex["en>de"]["fine"]]
    assert "board" in [t for t, _ in de_en["vorstand"]]
    assert all(t != "fine" for t, _ in de_en["vorstand"])        # words of other segments are not paired
