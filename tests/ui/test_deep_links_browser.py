"""In headless Chromium: a source card links to its provision on EUR-Lex (HTML view, the passage's language,
the provision's anchor), and "Other languages" opens every language column scrolled to the cited point,
highlighted. Screenshots: artifacts/screenshots/other-languages-point.png (and -panel.png)."""
from __future__ import annotations

import pytest

from tests.ui.test_app_browser import SHOTS, _ask, _shot, browser, page, server  # noqa: F401 (fixtures)

EURLEX = "https://eur-lex.europa.eu/legal-content/{}/TXT/HTML/?uri=CELEX:32099R0017#{}"


@pytest.mark.browser
def test_card_links_to_the_named_point(page):
    _ask(page, "Artikel 5 Absatz 1 Buchstabe f KI-Verordnung")
    card = page.locator("#pq-sources .pq-card").first
    assert "KI-Verordnung — Article 5(1)(f)" in card.locator(".pq-label").inner_text()
    assert card.locator("a.pq-link").get_attribute("href") == EURLEX.format("DE", "005.001")


@pytest.mark.browser
def test_other_languages_open_at_the_cited_point(page):
    # the annex point asked for by number (a question about filtering job applications stopped citing point 4
    # once answers keep a second source only within 0.03 of the first, main 14caa63)
    _ask(page, "Anhang III Nummer 4 KI-Verordnung")
    # the card group holding the Annex III, point 4 card (by its label, not by position)
    card = page.locator("#pq-sources .pq-card-group",
                        has=page.locator(".pq-label", has_text="Annex III, point 4")).last
    assert card.locator("a.pq-link").get_attribute("href") == EURLEX.format("DE", "anx_III")
    card.locator(".pq-versions-btn").click()
    page.wait_for_selector("#pq-versions-panel .pq-version .pq-focus")
    assert "Annex III, point 4" in page.locator("#pq-versions-panel h3").inner_text()
    page.wait_for_timeout(500)              # the scroll runs right after the panel renders
    cols = page.evaluate("""() => [...document.querySelectorAll('#pq-versions-panel .pq-version')].map(v => {
        const box = v.querySelector('.pq-passage'), m = v.querySelector('mark.pq-focus');
        const b = box.getBoundingClientRect(), r = m.getBoundingClientRect();
        return {lang: v.getAttribute('lang'), text: m.innerText.slice(0, 3), scrollTop: box.scrollTop,
                overflow: box.scrollHeight > box.clientHeight, top: r.top - b.top, height: b.height,
                bg: getComputedStyle(m).backgroundColor, href: v.querySelector('a.pq-link').href}; })""")
    assert [c["lang"] for c in cols] == ["de", "en", "nl"]
    for c in cols:
        assert c["text"] == "4. ", c                              # the mark is point 4 itself
        assert c["overflow"] and c["scrollTop"] > 0, c            # the column scrolled to it ...
        assert 0 <= c["top"] < c["height"] / 2, c                 # ... and it is in view, near the top
        assert c["bg"] not in ("rgba(0, 0, 0, 0)", "transparent"), c   # highlighted
        assert c["href"] == EURLEX.format(c["lang"].upper(), "anx_III")
    page.locator("#pq-versions-panel").scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#pq-versions-panel").screenshot(path=str(SHOTS / "other-languages-point-panel.png"))
    _shot(page, "other-languages-point")
