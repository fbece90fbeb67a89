"""The chunk caps hold for any text: ≤ max_words words and ≤ max_chars characters per chunk, split at
the best bound available (sentence, clause, white space, hard cut), nothing lost. The monsters are
generated here (no big files in the repository)."""
from __future__ import annotations

import random

import pytest

from policyqa.chunking.chunker import CHARS_PER_WORD, chunk_document
from policyqa.readers import read_document
from policyqa.text import word_count
from policyqa.types import Document, Unit

WORDS = "data protection regulation shall apply to the processing of personal systems article".split()


def _words(n: int, seed: int = 0) -> str:
    rnd = random.Random(seed)
    return " ".join(rnd.choice(WORDS) for _ in range(n))


def _chunks(text: str, max_words: int = 200, max_chars: int | None = None, kind: str = "section"):
    uid, number = ("art_9", "9") if kind == "article" else ("sec_x", None)
    u = Unit(uid, kind, number, "X", ["X"], text, 0, len(text))
    doc = Document(doc="x", lang="en", title="X", url=None, path="x/en.md", sha256="x", units=[u])
    return chunk_document(doc, max_words, max_chars)


def _assert_caps(chunks, text: str, max_words: int, max_chars: int) -> None:
    assert chunks
    for c in chunks:
        assert word_count(c.text) <= max_words and len(c.text) <= max_chars, (word_count(c.text), len(c.text))
        assert text[c.start:c.end] == c.text                            # verbatim, at its span
    assert all(a.end <= b.start for a, b in zip(chunks, chunks[1:]))   # in order, no overlap
    # nothing lost: every non-white-space character is in exactly one chunk
    assert sum(len("".join(c.text.split())) for c in chunks) == len("".join(text.split()))


MONSTERS = {
    "1 MB line without sentence breaks": lambda: _words(160_000)[:1_000_000],
    "1 MB word without spaces": lambda: "a" * 1_000_000,
    "dotted letters without spaces": lambda: "a.b" * 100_000,
    "repeated punctuation": lambda: "!?." * 100_000 + " " + "." * 100_000,
    "spaced dots": lambda: ". " * 100_000,
    "single-letter abbreviations": lambda: "a. " * 100_000,
    "numbered-paragraph lookalikes": lambda: "1. " * 100_000,
    "emoji": lambda: "🙂" * 300_000,
    "one long sentence of clauses": lambda: ", ".join(_words(25, seed=i) for i in range(4000)) + ".",
}


@pytest.mark.parametrize("name", MONSTERS)
def test_caps_hold_for_monsters(name):
    text = MONSTERS[name]()
    chunks = _chunks(text)
    _assert_caps(chunks, text, 200, 200 * CHARS_PER_WORD)


def test_best_bound_first():
    # sentences where there are some
    text = " ".join(f"Sentence {i} is made of " + _words(20, seed=i) + "." for i in range(100))
    assert all(c.text.endswith(".") for c in _chunks(text, 60))
    # then clauses: a sentence over the cap is cut after its commas
    text = ", ".join(_words(25, seed=i) for i in range(40)) + "."
    chunks = _chunks(text, 60)
    assert len(chunks) > 1 and all(c.text[-1] in ",." for c in chunks)
    # then white space: no chunk ends inside a word
    text = _words(5000)
    assert all(text[c.end:c.end + 1] in ("", " ") for c in _chunks(text, 60))
    # then a hard cut at the character cap
    chunks = _chunks("x" * 10_000, 60, 1000)
    assert [len(c.text) for c in chunks] == [1000] * 10


def test_a_character_cap_of_its_own():
    text = " ".join(["Supercalifragilisticexpialidocious"] * 300) + "."     # 300 words, 10,499 characters
    chunks = _chunks(text, max_words=500, max_chars=2000)
    _assert_caps(chunks, text, 500, 2000)
    assert len(chunks) == 6


def test_article_labels_survive_the_split():
    text = "1. " + _words(3000) + "\n\n2. " + _words(100)
    chunks = _chunks(text, kind="article")
    assert len(chunks) > 15
    assert chunks[0].label == "Article 9(1)"
    assert {c.label for c in chunks} <= {"Article 9(1)", "Article 9(1)–(2)", "Article 9(2)"}


def test_five_megabyte_single_line_markdown_file(tmp_path):
    """The issue's case: a 5 MB single-line markdown file was one chunk of 649,321 words."""
    (tmp_path / "zorblax").mkdir()
    path = tmp_path / "zorblax" / "en.md"
    path.write_text("# Zorblax Directive\n\n" + _words(800_000)[:5_000_000] + "\n", encoding="utf-8")
    doc = read_document(path, tmp_path)
    chunks = chunk_document(doc, 200)
    assert len(chunks) > 2000
    assert max(word_count(c.text) for c in chunks) <= 200
    assert max(len(c.text) for c in chunks) <= 200 * CHARS_PER_WORD
