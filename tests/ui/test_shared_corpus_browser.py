"""Issue 11 on the real thing: `python app.py` serving the shared EU corpus and its built test index
($POLICYQA_TEST_INDEX), in headless Chromium. Point-level lookups (the label, the quoted point, the deep
link, every language version opened at the point), the interface in Polish, no overlap at desktop and
phone width, the error states, and the time from Ask to the complete answer beside the ask's own time.
Screenshots: artifacts/screenshots/shared-*.png. (The first run is in test_first_run_browser.py.)"""
from __future__ import annotations

import pytest

from tests.ui.app_server import run_app
from tests.ui.test_app_browser import (NESTED_SCROLL_JS, OVERLAPS_JS, SHOTS, WATCH_ANSWER_JS, _ask, _open, _shot,
                                       browser, print_answer_time, warm_up)  # noqa: F401 (fixture)

pytestmark = [pytest.mark.corpus, pytest.mark.browser]
AI_ACT = "https://eur-lex.europa.eu/legal-content/{}/TXT/HTML/?uri=CELEX:32024R1689#{}"
# where each column's highlighted provision sits: text, scroll position, whether it is in view, its colour
FOCUS_JS = """() => [...document.querySelectorAll('#pq-versions-panel .pq-version')].map(v => {
    const box = v.querySelector('.pq-passage'), m = v.querySelector('mark.pq-focus');
    if (!m) return {lang: v.getAttribute('lang'), text: null};
    const b = box.getBoundingClientRect(), r = m.getBoundingClientRect();
    return {lang: v.getAttribute('lang'), text: m.innerText.slice(0, 40), scrollTop: box.scrollTop,
            top: r.top - b.top, height: b.height, bg: getComputedStyle(m).backgroundColor,
            href: v.querySelector('a.pq-link').href}; })"""


# the elements from the hint up to the row under the question box: tag, id, class, display, flex, width
UNDER_JS = """() => { const out = []; let e = document.querySelector('#pq-hint .pq-hint');
    while (e && e.id !== 'pq-under') { const cs = getComputedStyle(e);
        out.push(`${e.tagName}#${e.id}.${e.className} display=${cs.display} flex=${cs.flex} `
                 + `width=${Math.round(e.getBoundingClientRect().width)} minw=${cs.minWidth}`);
        e = e.parentElement; }
    if (e) out.push('children of #pq-under: ' + [...e.children].map(c =>
        `${c.tagName}#${c.id}.${c.className} flex=${getComputedStyle(c).flex} w=${Math.round(c.getBoundingClientRect().width)}`).join(' | '));
    return out; }"""


@pytest.fixture(scope="module")
def app(tmp_path_factory, shared_pipeline, shared_settings):
    """The app on the shared corpus and its (already built, up-to-date) index."""
    with run_app(tmp_path_factory.mktemp("shared-app"), None, corpus=shared_settings.corpus,
                 index=shared_settings.index) as s:
        yield s


def _card(page, label: str):
    return page.locator("#pq-sources .pq-card-group", has=page.locator(".pq-label", has_text=label)).first


def _versions_at_point(page, card, shot: str) -> list[dict]:
    card.locator(".pq-versions-btn").click()
    page.wait_for_selector("#pq-versions-panel .pq-version mark.pq-focus")
    page.wait_for_timeout(500)                  # the columns scroll right after the panel renders
    cols = page.evaluate(FOCUS_JS)
    page.locator("#pq-versions-panel").scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#pq-versions-panel").screenshot(path=str(SHOTS / f"{shot}.png"))
    return cols


def test_point_f_is_labelled_quoted_highlighted_and_linked(browser, app):
    """'Artikel 5 Absatz 1 Buchstabe f KI-Verordnung': the card says Article 5(1)(f), the answer quotes
    point (f), the card links to Article 5(1) on EUR-Lex in the passage's language, and "Other languages"
    opens each version at point (f), highlighted. Also: Ask → complete answer, beside the ask's own time."""
    ctx, page = _open(browser, app.url)
    try:
        warm_up(app.url)
        page.evaluate(WATCH_ANSWER_JS)
        question = "Artikel 5 Absatz 1 Buchstabe f KI-Verordnung"
        text = _ask(page, question)
        print_answer_time(page, app.url, question, "shared corpus")
        assert "Artikel 5 Absatz 1 Buchstabe f" in text and "[1]" in text
        card = _card(page, "Article 5(1)(f)")
        lang = card.locator(".pq-lang").inner_text().strip()
        assert "Article 5(1)(f)" in card.locator(".pq-label").inner_text()
        marks = card.locator(".pq-card mark").all_inner_texts()
        assert marks and marks[0].lstrip("(").startswith("f)"), marks            # point (f) itself, highlighted
        assert not any(m.lstrip("(").startswith(("a)", "b)", "g)")) for m in marks), marks
        assert card.locator("a.pq-link").get_attribute("href") == AI_ACT.format(lang, "005.001")
        _shot(page, "shared-point-f")
        cols = _versions_at_point(page, card, "shared-point-f-versions")
        assert len(cols) >= 3
        for c in cols:
            assert c["text"] and c["text"].lstrip("(").startswith("f)"), c          # the mark is point (f)
            assert 0 <= c["top"] < c["height"] / 2, c                               # in view, near the top
            assert c["bg"] not in ("rgba(0, 0, 0, 0)", "transparent"), c
            assert c["href"] == AI_ACT.format(c["lang"].upper(), "005.001")
    finally:
        ctx.close()


def test_annex_iii_point_4_opens_every_version_at_point_4(browser, app):
    ctx, page = _open(browser, app.url)
    try:
        _ask(page, "Annex III point 4 AI Act")
        card = _card(page, "Annex III, point 4")
        assert card.locator("a.pq-link").get_attribute("href").endswith("#anx_III")
        cols = _versions_at_point(page, card, "shared-annex-iii-4-versions")
        assert len(cols) >= 3
        for c in cols:
            assert c["text"] and c["text"].startswith("4."), c
            assert c["scrollTop"] > 0 and 0 <= c["top"] < c["height"] / 2, c     # scrolled to point 4
            assert c["bg"] not in ("rgba(0, 0, 0, 0)", "transparent"), c
        _shot(page, "shared-annex-iii-4")
    finally:
        ctx.close()


def test_polish_browser_and_the_error_states(browser, app):
    ctx, page = _open(browser, app.url, locale="pl-PL")
    try:
        page.wait_for_function("() => document.documentElement.lang === 'pl'")
        assert page.locator("#pq-ask").inner_text().strip() == "Zapytaj"
        box, hint = page.locator("#pq-question textarea"), page.locator("#pq-hint")
        page.locator("#pq-ask").click()                                          # empty: a hint
        page.wait_for_function("() => document.querySelector('#pq-hint').innerText.includes('Najpierw wpisz pytanie')")
        long_question = "Czy to jest dozwolone? " * 100                          # too long: kept, counted live
        box.fill(long_question)
        n = len(" ".join(long_question.split()))
        assert page.locator("#pq-count .pq-count").inner_text().startswith(f"{n} / 2000")
        page.locator("#pq-ask").click()
        page.wait_for_function(f"() => document.querySelector('#pq-hint').innerText.includes('{n}')")
        assert box.input_value() == long_question
        assert page.locator('#pq-chat [data-testid="bot"]').count() == 0        # nothing to vote on
        # the reason reads as a line under the box (it got 0 px beside a full-width counter, one word a line)
        hint_box, under = page.locator("#pq-hint .pq-hint").bounding_box(), page.locator("#pq-under").bounding_box()
        assert hint_box["width"] > under["width"] / 2 and hint_box["height"] < 80, (hint_box, page.evaluate(UNDER_JS))
        _shot(page, "shared-polish-too-long")
        text = _ask(page, "Jakie kary grożą za naruszenie RODO?")
        assert "[1]" in text and "Źródła (" in page.locator("#pq-sources").inner_text()
        assert hint.inner_text().strip() == ""
        assert page.locator('#pq-chat [data-testid="bot"]').count() == 1        # votes: on the answer only
        _shot(page, "shared-polish")
    finally:
        ctx.close()


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_no_overlap_and_no_nested_scroll(browser, app, width, height):
    ctx, page = _open(browser, app.url, viewport={"width": width, "height": height},
                      is_mobile=width < 500, has_touch=width < 500)
    try:
        for q in ("Mag mijn werkgever mijn emoties lezen met AI?", "Quelles sont les amendes prévues par le RGPD ?"):
            _ask(page, q)
            assert page.evaluate(OVERLAPS_JS) == []
        assert page.evaluate(NESTED_SCROLL_JS) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        boxes = [page.locator(sel).first.bounding_box() for sel in ("#pq-chat", "#pq-question", "#pq-sources .pq-card")]
        assert all(boxes)
        chat, question, card = boxes
        assert question["y"] >= chat["y"] + chat["height"] - 1        # the question box below the chat, not on it
        if width < 500:
            assert card["y"] >= question["y"] + question["height"] and card["width"] <= width
        else:
            assert card["x"] >= chat["x"] + chat["width"] - 1          # sources beside the chat
        _shot(page, f"shared-chat-{width}")
    finally:
        ctx.close()
