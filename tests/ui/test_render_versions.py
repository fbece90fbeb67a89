"""The "Other languages" panel marks the cited paragraph/point in each version (for scrolling to it)."""
from __future__ import annotations

from policyqa.ui import render


def test_each_version_marks_its_focus_escaped():
    text = "1. <b>Biometrics</b>\n\n4. Employment & workers\n\n5. Services"
    a = text.index("4.")
    versions = [{"lang": "en", "heading": "Annex III", "label": "Annex III", "text": text, "url": None,
                 "focus": [a, a + len("4. Employment & workers")]},
                {"lang": "nl", "heading": "Bijlage III", "label": "Annex III", "text": "geen punten", "url": None,
                 "focus": None}]
    html = render.versions_panel_html({"title": "AI Act", "label": "Annex III, point 4", "lang": "en"}, versions)
    assert '<mark class="pq-focus" id="pq-focus-en">4. Employment &amp; workers</mark>' in html
    assert html.count("<mark") == 1 and "&lt;b&gt;Biometrics" in html
    assert "AI Act — Annex III, point 4 · language versions: 2" in html      # the cited point is named


def test_no_focus_names_the_unit_and_bad_spans_are_ignored():
    versions = [{"lang": "de", "heading": "Artikel 5", "label": "Article 5", "text": "Text", "url": None,
                 "focus": [3, 1]}]
    html = render.versions_panel_html({"title": "AI Act", "label": "Article 5(1)", "lang": "de"}, versions)
    assert "pq-focus" not in html and "Text" in html
    assert "scrollTop" in render.VERSIONS_JS and "watch('value'" in render.VERSIONS_JS
