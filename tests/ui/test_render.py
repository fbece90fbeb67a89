"""HTML rendering: everything escaped, markers kept, highlights placed, only http(s) links."""
from __future__ import annotations

import pytest

from policyqa.ui import render

HOSTILE = 'An <img src=x onerror=alert(1)> and <script>alert(1)</script> and [click](javascript:alert(1)) "q"'


def test_question_and_answer_are_escaped():
    html = render.question_html(HOSTILE)
    assert "<img" not in html and "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&quot;q&quot;" in html
    ans = render.answer_html(HOSTILE + " [1]\n\nSecond paragraph [2].")
    assert "<img" not in ans and "<script" not in ans
    assert '<span class="pq-ref">[1]</span>' in ans and '<span class="pq-ref">[2]</span>' in ans
    assert ans.count("<p>") == 2


def test_pending_answer_shows_a_cursor():
    assert "pq-cursor" in render.answer_html("Partial", pending=True)
    assert "pq-cursor" not in render.answer_html("Done")


def test_highlights_merge_clamp_and_escape():
    text = "<b>One.</b> Two. Three."
    html = render.highlighted(text, [[13, 16], [12, 15], [17, 99], [5, 5]])
    assert html == "&lt;b&gt;One.&lt;/b&gt; <mark>Two.</mark> <mark>Three.</mark>"


@pytest.mark.parametrize("url,ok", [
    ("https://eur-lex.europa.eu/eli/reg/2024/1689/oj", True),
    ("http://example.org/a?b=c", True),
    ("javascript:alert(1)", False),
    ("JaVaScRiPt:alert(1)", False),
    ("data:text/html,<script>", False),
    ("//evil.example/x", False),
    ("https://x.org/\"onmouseover=alert(1)", False),
    ("", False),
    (None, False),
])
def test_only_http_links(url, ok):
    assert (render.safe_url(url) is not None) is ok


def _cite(**kw):
    c = {"n": 1, "doc": "ai-act", "unit": "art_5", "label": "Article 5(1)(f)", "lang": "nl", "title": "AI-verordening",
         "document": "Verordening <i>x</i>", "text": "Eerste zin. Tweede zin.", "url": "javascript:alert(1)",
         "highlights": [[12, 23]]}
    c.update(kw)
    return c


def test_card_shows_label_language_highlight_and_no_unsafe_link():
    html = render.card_html(_cite())
    assert "AI-verordening — Article 5(1)(f)" in html and ">NL<" in html
    assert "<mark>Tweede zin.</mark>" in html
    assert "javascript" not in html and "<a " not in html and "<i>" not in html
    html = render.card_html(_cite(url="https://eur-lex.europa.eu/eli/reg/2024/1689/oj"))
    assert 'href="https://eur-lex.europa.eu/eli/reg/2024/1689/oj"' in html and "EUR-Lex" in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_long_passage_shows_the_cited_paragraph_first():
    text = "\n\n".join(f"Paragraph {i} " + "filler words " * 12 for i in range(8)) + "\n\nThe cited sentence."
    start = text.index("The cited")
    html = render.card_html(_cite(text=text, highlights=[[start, len(text)]]))
    excerpt, whole = html.split('<details class="pq-whole">')
    assert "<mark>The cited sentence.</mark>" in excerpt and "Paragraph 0" not in excerpt
    assert "Paragraph 0" in whole and "<mark>The cited sentence.</mark>" in whole


def test_versions_grid_marks_the_current_language_and_escapes():
    versions = [{"lang": "de", "heading": "Artikel 5", "text": "<script>x</script>", "url": None},
                {"lang": "nl", "heading": "Artikel 5", "text": "tekst", "url": "https://eur-lex.europa.eu/x"}]
    html = render.versions_panel_html(_cite(), versions)
    assert html.count('<section') == 2 and 'class="pq-version pq-current" lang="nl"' in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "language versions: 2" in html
    assert "Sprachfassungen: 2" in render.versions_panel_html(_cite(), versions, "de")


def test_card_words_follow_the_interface_language():
    text = "\n\n".join(f"Paragraph {i} " + "filler words " * 12 for i in range(8)) + "\n\nThe cited sentence."
    start = text.index("The cited")
    cite = _cite(text=text, highlights=[[start, len(text)]], url="https://example.org/doc")
    assert "Whole passage" in render.card_html(cite) and ">Source ↗" in render.card_html(cite)
    pl = render.card_html(cite, "pl")
    assert "Cały fragment" in pl and ">Źródło ↗" in pl and "Whole passage" not in pl


def test_count_and_hint_escape():
    html = render.count_html('{n} / {limit} "chars"', 2000)
    assert 'data-limit="2000"' in html and "0 / 2000 &quot;chars&quot;" in html
    assert render.hint_html("") == ""
    assert 'class="pq-hint pq-error"' in render.hint_html("<b>x</b>", error=True)
    assert "&lt;b&gt;" in render.hint_html("<b>x</b>")


def test_answer_html_lists_see_also_with_links_escaped():
    from policyqa.ui.render import answer_html
    html = answer_html("Das regelt Artikel 5 KI-Verordnung: … [1]", see_also=[
        {"title": "KI-Verordnung", "local_label": "Artikel 50", "label": "Article 50",
         "url": "https://eur-lex.europa.eu/x"},
        {"title": "<b>x</b>", "local_label": "Artikel 6", "label": "Article 6", "url": "javascript:alert(1)"}],
        see_also_word="Siehe auch")
    assert '<p class="pq-see-also">Siehe auch: <a class="pq-see" href="https://eur-lex.europa.eu/x"' in html
    assert "KI-Verordnung — Artikel 50</a>" in html
    assert "<b>x</b>" not in html and "javascript:" not in html
    assert "pq-see-also" not in answer_html("text [1]")
