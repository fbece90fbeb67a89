"""First run: `python app.py` on an empty index folder prints its URL first and serves the page while the
index builds; the page shows the build's progress (files, passages, rate, time left) and lets you ask,
without a reload, as soon as the index is ready.

The corpus is the fixture corpus plus one invented by-law of 120 short sections, and there is no
embedding cache, so the build takes a few seconds even on an idle machine.
"""
from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from tests.ui.app_server import run_app
from tests.ui.test_app_browser import CHROMIUM, CHROMIUM_ARGS, _shot

SECTIONS = 120
WORDS = ["quay", "crane", "pilot", "ferry", "berth", "tug", "buoy", "dredger", "lock", "sluice", "pier", "dock"]


def _bylaw() -> str:
    parts = ['---\ntitle: "Harbour by-law of Vlissingen (invented)"\nlanguage: en\n---\n# Harbour by-law\n']
    for i in range(SECTIONS):
        a, b, c = WORDS[i % 12], WORDS[(i * 5 + 3) % 12], WORDS[(i * 7 + 1) % 12]
        parts.append(f"## Section {i + 1}: the {a} and the {b}\n\nThe harbour master keeps a register of every {a} "
                     f"that uses berth {i + 1}. A {b} may only moor there after the {c} has been inspected, and "
                     f"the inspection report is kept for {i % 9 + 2} years by the port authority of Vlissingen.\n")
    return "\n".join(parts)


@pytest.fixture
def first_run(tmp_path):
    t0 = time.perf_counter()
    with run_app(tmp_path, None, wait_ready=False, extra={"harbour/en.md": _bylaw()}) as app:
        print(f"\nURL printed {time.perf_counter() - t0:.1f} s after start (load average {os.getloadavg()[0]:.2f})")
        yield app.url, app.log


@pytest.mark.browser
def test_page_is_up_while_the_index_builds_and_asking_starts_when_ready(first_run):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    from playwright.sync_api import sync_playwright
    url, log_path = first_run
    assert log_path.read_text().splitlines()[0].startswith(f"policyqa: serving on {url}")   # the URL first
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            pg = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-GB")
            pg.goto(url)
            pg.wait_for_selector("#pq-status .pq-progress")
            assert pg.locator("#pq-ask").is_disabled()
            assert "You can ask as soon as the index is ready." in pg.locator("#pq-status").inner_text()
            pg.evaluate("""() => { window.__banner = [];
                new MutationObserver(() => window.__banner.push(document.querySelector('#pq-status').innerText))
                .observe(document.querySelector('#pq-status'), {subtree: true, childList: true, characterData: true});
            }""")
            pg.wait_for_selector("#pq-status :text('Building the index')", timeout=240_000)
            _shot(pg, "first-run-building")
            pg.wait_for_selector("#pq-ask:not([disabled])", timeout=240_000)       # no reload
            banners = pg.evaluate("window.__banner")
            building = [b for b in banners if "Building the index" in b]
            assert building, banners
            counts = [re.search(r"files: (\d+) / (\d+), passages and sentences: (\d+) / (\d+)", b) for b in building]
            assert all(counts), building
            total = int(counts[0].group(4))
            assert total > SECTIONS and int(counts[0].group(2)) == 9          # 8 fixture files + the by-law
            done = [int(m.group(3)) for m in counts]
            assert done == sorted(done)
            assert any(re.search(r"/s, about (\d+ min )?\d+ s left", b) for b in building), building
            pg.wait_for_function("() => document.querySelector('#pq-status').innerText.trim() === ''")
            pg.locator("#pq-question textarea").fill("How long is the inspection report of berth 7 kept?")
            pg.locator("#pq-ask").click()
            pg.wait_for_selector("#pq-sources .pq-card", timeout=60_000)
            assert "[1]" in pg.locator('#pq-chat [data-testid="bot"]').last.inner_text()
            _shot(pg, "first-run-ready")
            print(f"banner states seen while building: {len(building)}; first: {building[0]!r}")
        finally:
            browser.close()
    log = log_path.read_text()
    assert "policyqa: indexed 9 documents" in log and "Traceback" not in log
