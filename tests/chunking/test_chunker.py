"""Structure-aware chunking: never across units, split at paragraph/point/sentence bounds, precise labels."""
from policyqa.chunking.chunker import chunk_document, label_at
from policyqa.text import sentence_spans, word_count
from policyqa.types import Document, Unit

POINT = "the use of a system that does something rather specific to persons in a given context"


def _article(n_points: int = 8, extra_paragraphs: int = 3) -> str:
    parts = ["1. The following practices shall be prohibited:"]
    for i in range(n_points):
        letter = "abcdefghij"[i]
        parts.append(f"({letter}) {POINT} number {i}, which is described here at some length so that "
                     f"the article becomes long enough to be split into several chunks of text;")
    for p in range(2, 2 + extra_paragraphs):
        parts.append(f"{p}. Paragraph {p} lays down a rule about the use of such systems. "
                     f"It has a second sentence that explains the rule. And a third one that ends here.")
    return "\n\n".join(parts)


def _doc(units: list[Unit]) -> Document:
    return Document(doc="act", lang="en", title="Test Act", url=None, path="act/en.md", sha256="x", units=units)


def test_short_unit_is_one_chunk_with_unit_label():
    u = Unit("art_3", "article", "3", "Article 3 — Definitions", ["Act", "Article 3 — Definitions"],
             "1. A definition.\n\n2. Another one.", 0, 60)
    chunks = chunk_document(_doc([u]), max_words=200)
    assert len(chunks) == 1
    assert chunks[0].label == "Article 3"
    assert chunks[0].id == "act/en/art_3#0"
    assert chunks[0].heading_path == ["Act", "Article 3 — Definitions"]


def test_long_article_splits_at_bounds_and_labels_paragraphs():
    text = _article()
    u = Unit("art_5", "article", "5", "Article 5 — Prohibited practices", ["Act", "Article 5"], text, 0, len(text) + 40)
    chunks = chunk_document(_doc([u]), max_words=80)
    assert len(chunks) > 2
    for c in chunks:
        assert c.unit == "art_5"
        assert word_count(c.text) <= 80
        assert c.text in text                               # contiguous, verbatim
        # never mid-sentence: the chunk starts at a block/sentence start and ends at a sentence end
        assert c.text.rstrip()[-1] in ".;:"
    labels = [c.label for c in chunks]
    assert labels[0].startswith("Article 5(1)")
    assert any(lbl.startswith("Article 5(2)") or lbl == "Article 5(2)–(4)" or "(2)" in lbl for lbl in labels)
    # every character of the body is covered exactly once, in order
    assert "".join(c.text for c in chunks).replace("\n", "") .replace(" ", "") == text.replace("\n", "").replace(" ", "")


def test_label_at_names_the_point():
    text = _article()
    u = Unit("art_5", "article", "5", "Article 5", ["Act", "Article 5"], text, 0, len(text))
    chunks = chunk_document(_doc([u]), max_words=80)
    target = next(c for c in chunks if "number 5," in c.text)
    off = target.text.index("(f)")
    assert label_at(target, off) == "Article 5(1)(f)"


def test_annex_points_are_labelled():
    body = "Areas:\n\n" + "\n\n".join(
        f"{i}. Area {i}: " + " ".join(["systems intended to be used for a purpose."] * 12) for i in range(1, 6))
    u = Unit("anx_III", "annex", "III", "Annex III — High-risk systems", ["Act", "Annex III"], body, 0, len(body))
    chunks = chunk_document(_doc([u]), max_words=90)
    assert any(c.label == "Annex III, point 4" for c in chunks)


def test_chapter_units_give_no_chunks_and_recital_label():
    units = [Unit("cpt_I", "chapter", "I", "CHAPTER I — General", ["Act", "CHAPTER I"], "", 0, 10),
             Unit("rct_12", "recital", "12", "", ["Act", "Recital 12"], "(12) A recital sentence.", 10, 40)]
    chunks = chunk_document(_doc(units))
    assert [c.unit for c in chunks] == ["rct_12"]
    assert chunks[0].label == "Recital 12"


def test_oversized_single_paragraph_splits_at_sentences():
    sent = "This sentence has exactly ten words in it right here. "
    text = "1. " + sent * 40
    u = Unit("art_9", "article", "9", "Article 9", ["Act", "Article 9"], text.strip(), 0, len(text))
    chunks = chunk_document(_doc([u]), max_words=60)
    assert len(chunks) >= 6
    for c in chunks:
        assert c.label == "Article 9(1)"
        spans = sentence_spans(c.text)
        assert c.text[spans[-1][0]:spans[-1][1]].endswith(".")


def test_numbered_lists_in_page_sections_keep_the_section_label():
    body = "\n\n".join(f"{i}. " + " ".join(["An action of the plan with words."] * 10) for i in range(1, 8))
    u = Unit("sec_investment", "section", None, "Investment", ["Plan", "Investment"], body, 0, len(body))
    chunks = chunk_document(_doc([u]), max_words=60)
    assert len(chunks) > 1
    assert {c.label for c in chunks} == {chunks[0].label}
    assert label_at(chunks[1], 5) == chunks[0].label


def test_reference_offset_finds_the_named_paragraph_and_point():
    from policyqa.chunking.chunker import reference_offset
    text = _article()
    u = Unit("art_5", "article", "5", "Article 5", ["Act", "Article 5"], text, 0, len(text))
    chunks = chunk_document(_doc([u]), max_words=80)
    target = next(c for c in chunks if "number 5," in c.text)
    assert target.text[reference_offset(target, "1", "f"):].startswith("(f)")
    assert reference_offset(target, "9", None) is None
    assert reference_offset(chunks[-1], "4", None) is not None


def _long(points: list[str], sub: str = "    (i) a subpoint of this point, long enough to count as words here;") -> str:
    body = ["1. The following practices shall be prohibited:"]
    for p in points:
        body.append(f"{p} {POINT}, which is described here at some length so that the article is long;")
        body.append(sub)
    return "\n\n".join(body + ["2. A second paragraph with a rule of its own."])


def test_points_written_a_paren_as_in_french_dutch_german_texts():
    """The Official Journal writes points "(a)" in English but "a)" in fr, nl, de, pl …: both are points,
    and an indented subpoint ("(i)", "i)") stays part of the point above it."""
    from policyqa.chunking.chunker import reference_span
    for style in ("({})", "{})"):
        text = _long([style.format(x) for x in "abcdefgh"], sub="    " + style.format("i") + " a subpoint text;")
        u = Unit("art_5", "article", "5", "Article 5", ["Act", "Article 5"], text, 0, len(text))
        chunks = chunk_document(_doc([u]), max_words=70)
        segs = [(s[1], s[2]) for c in chunks for s in c.segments]
        assert ("1", "i") not in segs, style                       # "(i)" under (c) is no point (i)
        assert [p for _, p in segs if p] == [x for x in "abcdefgh" for _ in (0, 1)]
        holder = [c for c in chunks if reference_span(c, "1", "f", exact=True)]
        assert len(holder) == 1
        a, b = reference_span(holder[0], "1", "f", exact=True)
        assert holder[0].text[a:b].startswith(style.format("f")) and "subpoint" in holder[0].text[a:b]
        assert label_at(holder[0], a) == "Article 5(1)(f)"
        # a chunk without (f) holds paragraph 1 only: found unless exact
        other = next(c for c in chunks if reference_span(c, "1", "a"))
        assert reference_span(other, "1", "f", exact=True) is None and reference_span(other, "1", "f") is not None


def test_point_of_an_article_without_paragraphs():
    from policyqa.chunking.chunker import reference_offset
    text = "\n\n".join(f"({n}) ‘term {n}’ means a thing defined here;" for n in range(1, 6))
    u = Unit("art_3", "article", "3", "Article 3", ["Act", "Article 3"], text, 0, len(text))
    c = chunk_document(_doc([u]), max_words=200)[0]
    assert c.text[reference_offset(c, None, "4"):].startswith("(4)")
    assert reference_offset(c, None, "9") is None
    assert c.text[reference_offset(c, "4", None):].startswith("(4)")    # "Article 3(4)": there are no paragraphs
