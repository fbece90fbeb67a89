"""HTML for the web app: chat messages, source cards, language versions, notices.

Every piece of document text, question, title, label and error message goes through `html.escape`
here, so markup inside a document or a question is shown as text and never runs. Only http(s)
URLs become links. The output is plain HTML strings (no markdown is rendered anywhere).
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from policyqa.languages import EU_LANGUAGES
from policyqa.ui.i18n import text as tr

_MARKER = re.compile(r"\[(\d{1,3})\]")
EXCERPT_FROM = 400        # a longer passage cited after its first EXCERPT_AFTER characters shows the
EXCERPT_AFTER = 200       # cited paragraphs first (the whole passage one click away)


def esc(text: Any) -> str:
    """Escaped text (quotes too), safe inside elements and attribute values."""
    return html.escape("" if text is None else str(text), quote=True)


def safe_url(url: str | None) -> str | None:
    """The URL when it is an absolute http(s) URL with a host, else None."""
    if not url or not isinstance(url, str):
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c in url for c in "\r\n\t <>\"'`"):
        return None
    return url


def language_name(code: str) -> str:
    """Native name of an EU language code ("nl" → "Nederlands"); the code itself when unknown."""
    names = EU_LANGUAGES.get(code)
    return names[1] if names else code


def _paragraphs(escaped: str) -> str:
    """Escaped text with blank-line paragraphs as <p> and single newlines as <br>."""
    paras = [p.strip() for p in re.split(r"\n\s*\n", escaped) if p.strip()]
    return "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in paras)


def question_html(question: str) -> str:
    """A user's chat message."""
    return _paragraphs(esc(question)) or "<p></p>"


def answer_html(text: str, *, pending: bool = False, see_also: list[Mapping[str, Any]] | None = None,
                see_also_word: str = "See also") -> str:
    """An answer's chat message: escaped text, [n] markers styled (their text stays "[n]"), then the
    "see also" provisions (act — label, linked to their source)."""
    body = _MARKER.sub(r'<span class="pq-ref">[\1]</span>', esc(text))
    if pending:
        body += '<span class="pq-cursor" aria-hidden="true">▍</span>'
    html = _paragraphs(body) or "<p></p>"
    if see_also:
        items = []
        for s in see_also:
            name = esc(f"{s.get('title')} — {s.get('local_label') or s.get('label')}")
            u = safe_url(s.get("url"))
            items.append(f'<a class="pq-see" href="{esc(u)}" target="_blank" rel="noopener noreferrer nofollow">{name}</a>'
                         if u else name)
        html += f'<p class="pq-see-also">{esc(see_also_word)}: ' + " · ".join(items) + "</p>"
    return html


def notice_html(message: str) -> str:
    """A chat message for a refused question (too long, unknown filter, …)."""
    return f'<p class="pq-notice">⚠ {esc(message)}</p>'


def _merge(spans: Iterable[Iterable[int]], n: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s in sorted((max(0, int(a)), min(n, int(b))) for a, b in spans):
        if s[0] >= s[1]:
            continue
        if out and s[0] <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], s[1]))
        else:
            out.append(s)
    return out


def highlighted(text: str, spans: Iterable[Iterable[int]] = ()) -> str:
    """The passage escaped, with the character spans `spans` wrapped in <mark>."""
    text = text or ""
    parts, pos = [], 0
    for a, b in _merge(spans, len(text)):
        parts.append(esc(text[pos:a]))
        parts.append(f"<mark>{esc(text[a:b])}</mark>")
        pos = b
    parts.append(esc(text[pos:]))
    return "".join(parts)


def _link(url: str | None, ui: str = "en") -> str:
    u = safe_url(url)
    if not u:
        return ""
    host = urlsplit(u).netloc.lower()
    text = "EUR-Lex" if host.endswith("eur-lex.europa.eu") else esc(tr(ui, "source_link"))
    return f'<a class="pq-link" href="{esc(u)}" target="_blank" rel="noopener noreferrer nofollow">{text} ↗</a>'


def _passage(text: str, spans: list[list[int]], ui: str = "en") -> str:
    """The passage with its cited sentences marked; a long passage whose citation lies further down
    shows the cited paragraphs first, the whole passage one click away."""
    merged = _merge(spans, len(text))
    full = f'<div class="pq-passage">{highlighted(text, merged)}</div>'
    if len(text) <= EXCERPT_FROM or not merged or merged[0][0] < EXCERPT_AFTER:
        return full
    a = text.rfind("\n\n", 0, merged[0][0])
    b = text.find("\n\n", merged[-1][1])
    a, b = (0 if a < 0 else a + 2), (len(text) if b < 0 else b)
    shifted = [(x - a, y - a) for x, y in merged if a <= x and y <= b]
    excerpt = ("… " if a > 0 else "") + highlighted(text[a:b], shifted) + (" …" if b < len(text) else "")
    return (f'<div class="pq-passage pq-excerpt">{excerpt}</div>'
            f'<details class="pq-whole"><summary>{esc(tr(ui, "whole_passage"))}</summary>{full}</details>')


def card_html(c: Mapping[str, Any], ui: str = "en") -> str:
    """One source card: [n], title — label, language, full title, passage with the cited sentences
    highlighted, link (the card's own words in the interface language `ui`)."""
    n, lang = c.get("n"), c.get("lang", "")
    return (
        f'<article class="pq-card" id="pq-src-{esc(n)}" data-n="{esc(n)}">'
        f'<header><span class="pq-n">[{esc(n)}]</span> '
        f'<span class="pq-label">{esc(c.get("title"))} — {esc(c.get("label"))}</span> '
        f'<span class="pq-lang" title="{esc(language_name(lang))}">{esc(lang).upper()}</span></header>'
        + (f'<div class="pq-doc">{esc(c.get("document"))}</div>' if c.get("document") else "")
        + (f'<div class="pq-origin">{esc(tr(ui, "origin_upload"))}</div>' if c.get("origin") == "upload" else "")
        + _passage(c.get("text", ""), c.get("highlights") or [], ui)
        + f'<footer>{_link(c.get("url"), ui)}</footer></article>'
    )


def _focused(text: str, focus: Iterable[int] | None, lang: str) -> str:
    """A version's text escaped, the cited paragraph/point (`focus`, a [start, end] span) wrapped in
    <mark class="pq-focus"> (VERSIONS_JS scrolls each column to it)."""
    if not focus:
        return esc(text)
    a, b = (max(0, min(len(text), int(x))) for x in focus)
    if a >= b:
        return esc(text)
    return (f'{esc(text[:a])}<mark class="pq-focus" id="pq-focus-{esc(lang)}">{esc(text[a:b])}</mark>'
            f'{esc(text[b:])}')


def versions_html(versions: list[Mapping[str, Any]], current: str | None = None, ui: str = "en") -> str:
    """The same provision in each language version, side by side (a grid; one column on a phone)."""
    if not versions:
        return f'<p class="pq-empty">{esc(tr(ui, "versions_none"))}</p>'
    cells = []
    for v in versions:
        cls = "pq-version pq-current" if v.get("lang") == current else "pq-version"
        head = v.get("heading") or v.get("label") or ""
        lang = str(v.get("lang", ""))
        cells.append(
            f'<section class="{cls}" lang="{esc(lang)}">'
            f'<h4><span class="pq-lang">{esc(lang.upper())}</span> {esc(head)}</h4>'
            f'<div class="pq-passage">{_focused(v.get("text", ""), v.get("focus"), lang)}</div>'
            f'{_link(v.get("url"), ui)}</section>')
    return f'<div class="pq-versions">{"".join(cells)}</div>'


# For the versions panel (gr.HTML js_on_load): after each new panel, every column scrolls its own box
# to the cited paragraph/point (the page itself does not move).
VERSIONS_JS = """watch('value', () => {
  element.querySelectorAll('.pq-focus').forEach(m => {
    const box = m.closest('.pq-passage');
    if (box) box.scrollTop += m.getBoundingClientRect().top - box.getBoundingClientRect().top - 8;
  });
});"""


def versions_panel_html(cite: Mapping[str, Any], versions: list[Mapping[str, Any]], ui: str = "en") -> str:
    """The "Other languages" panel: a heading naming the provision, then its versions side by side."""
    unit_label = cite.get("label", "")
    if versions and versions[0].get("label") and not any(v.get("focus") for v in versions):
        unit_label = versions[0]["label"]      # the whole unit, named as each version names it
    head = f'{esc(cite.get("title"))} — {esc(unit_label)} · {esc(tr(ui, "versions_count", n=len(versions)))}'
    return f'<h3 class="pq-versions-head">{head}</h3>{versions_html(versions, current=cite.get("lang"), ui=ui)}'


def status_html(message: str, ok: bool = True) -> str:
    """A one-line result (upload, feedback)."""
    return f'<p class="{"pq-ok" if ok else "pq-error"}">{esc(message)}</p>'


def hint_html(message: str, error: bool = False) -> str:
    """A line under the question box: a hint (empty question, index not ready) or a refused question."""
    if not message:
        return ""
    return f'<p class="pq-hint{" pq-error" if error else ""}" role="alert">{esc(message)}</p>'


def count_html(template: str, limit: int) -> str:
    """The live character count under the question box; `template` has {n} and {limit} (filled in the
    browser as the question is typed)."""
    shown = template.replace("{limit}", str(limit)).replace("{n}", "0")
    return (f'<span class="pq-count" data-limit="{int(limit)}" data-template="{esc(template)}" '
            f'aria-live="polite">{esc(shown)}</span>')


def progress_html(line: str, note: str, done: int | None = None, total: int | None = None) -> str:
    """The start-up banner: what is happening, a progress bar when the counts are known, and a note."""
    bar = (f'<progress max="{int(total)}" value="{int(done)}"></progress>'
           if done is not None and total else '<progress></progress>')
    return (f'<div class="pq-progress" role="status" aria-live="polite"><p class="pq-progress-line">{esc(line)}</p>'
            f'{bar}<p class="pq-progress-note">{esc(note)}</p></div>')


CSS = """
.pq-ref { font-weight: 600; color: var(--color-accent); }
.pq-notice, .pq-error { color: #b42318; }
.pq-see-also { font-size: 0.9em; opacity: 0.85; }
.pq-ok { color: #067647; }
.pq-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 10px 12px;
           margin: 0 0 6px 0; background: var(--block-background-fill); overflow-wrap: anywhere; }
.pq-card header { font-weight: 600; margin-bottom: 4px; }
.pq-n { color: var(--color-accent); }
.pq-lang { display: inline-block; font-size: 0.75em; font-weight: 600; padding: 0 5px; border-radius: 4px;
           border: 1px solid var(--border-color-primary); vertical-align: middle; }
.pq-doc { font-size: 0.8em; opacity: 0.75; margin-bottom: 6px; }
.pq-origin { font-size: 0.8em; font-weight: 600; color: #a15c00; margin-bottom: 6px; }
.pq-passage { white-space: pre-line; font-size: 0.92em; line-height: 1.45; max-height: 30em; overflow-y: auto; }
.pq-passage mark { background: #fde68a; color: inherit; padding: 0 1px; }
.pq-passage mark.pq-focus { display: inline; box-shadow: 0 0 0 2px #f59e0b; border-radius: 2px; }
.pq-link { font-size: 0.85em; }
.pq-card footer { margin-top: 6px; }
.pq-whole summary { cursor: pointer; font-size: 0.85em; margin-top: 4px; }
.pq-versions { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 8px; }
.pq-version { border: 1px solid var(--border-color-primary); border-radius: 6px; padding: 8px; overflow-wrap: anywhere; }
.pq-version h4 { margin: 0 0 4px 0; font-size: 0.9em; }
.pq-current { border-width: 2px; border-color: var(--color-accent); }
.pq-cursor { animation: pq-blink 1s steps(2) infinite; }
@keyframes pq-blink { to { opacity: 0; } }
@media (max-width: 640px) { .pq-versions { grid-template-columns: 1fr; } }
#pq-top { align-items: flex-start; flex-wrap: wrap; }
#pq-title { flex: 1 1 320px !important; }
#pq-title h1 { margin: 0.2em 0; }
#pq-top > .form { flex: 0 0 230px !important; }
#pq-ui-lang { flex-grow: 1 !important; }
#pq-under { flex-wrap: nowrap; align-items: baseline; gap: 8px; margin-top: -4px; }
#pq-hint { flex: 1 1 0 !important; min-width: 0 !important; }
#pq-count { flex: 0 0 auto !important; width: auto !important; text-align: right; }   /* a .block is 100% wide */
.pq-hint { margin: 0; font-size: 0.9em; }
.pq-count { font-size: 0.8em; opacity: 0.75; white-space: nowrap; }
.pq-count.pq-over { color: #b42318; opacity: 1; font-weight: 600; }
#pq-ask, #pq-clear { white-space: normal; overflow-wrap: break-word; hyphens: auto; }
.pq-progress { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 12px;
               background: var(--block-background-fill); }
.pq-progress p { margin: 0; }
.pq-progress progress { width: 100%; height: 10px; margin: 6px 0; accent-color: var(--color-accent); }
.pq-progress-note { font-size: 0.85em; opacity: 0.8; }
@media (max-width: 640px) {
  #pq-top > .form { flex: 1 1 100% !important; }
  #pq-title h1 { font-size: 1.45em; }
}
"""
