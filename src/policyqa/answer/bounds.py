"""Bounded output: whatever the documents hold, one answer's JSON stays small (`Pipeline.ask`'s last step).

    result = bound_result(result)

- each stretch of answer text between [n] markers (a quoted sentence) is at most MAX_QUOTE_CHARS, the
  whole answer at most MAX_ANSWER_CHARS; cuts are marked "…"; a citation whose marker was cut away goes;
- each citation's `text` is at most MAX_CITATION_CHARS: a longer passage is shown as the cited sentences
  with CONTEXT_CHARS of context before them, "…" at the cuts, its `highlights` moved to match (the full
  provision stays available on demand: `policyqa show`, the app's "Other languages");
- every other string of a citation or retrieved entry (label, title, document, url …) is at most
  MAX_FIELD_CHARS;
- the whole JSON is at most MAX_JSON_BYTES (UTF-8), shortening `retrieved` from the end if need be.

Real passages are ≤ 200 words (under 2,000 characters in the shared corpus), so these caps only ever cut
what a hostile or broken document produced.
"""
from __future__ import annotations

import json
import re
from typing import Any

from policyqa.answer.base import _MARK

MAX_QUOTE_CHARS = 2_000
MAX_ANSWER_CHARS = 8_000
MAX_CITATION_CHARS = 4_000
CONTEXT_CHARS = 600
MAX_FIELD_CHARS = 500
MAX_JSON_BYTES = 128 * 1024
CUT = "…"


def cut_text(text: str, limit: int) -> str:
    """`text` if it is at most `limit` characters, else its start cut at a word boundary (when there is one
    in the last fifth) and marked " …"."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    space = head.rfind(" ", limit * 4 // 5)
    return (head[:space] if space > 0 else head).rstrip() + " " + CUT


def cap_answer(text: str) -> str:
    """The answer with every stretch between [n] markers at most MAX_QUOTE_CHARS and the whole at most
    MAX_ANSWER_CHARS (never ending in half a marker)."""
    if len(text) <= MAX_QUOTE_CHARS:
        return text
    parts, pos = [], 0
    for m in _MARK.finditer(text):
        stretch = text[pos:m.start()]
        capped = cut_text(stretch, MAX_QUOTE_CHARS)
        parts.append(capped + (" " if capped is not stretch else ""))
        parts.append(m.group(0))
        pos = m.end()
    parts.append(cut_text(text[pos:], MAX_QUOTE_CHARS))
    out = "".join(parts)
    if len(out) > MAX_ANSWER_CHARS:
        out = re.sub(r"\[\d{0,3}$", "", out[:MAX_ANSWER_CHARS - 2]).rstrip() + " " + CUT
    return out


def excerpt(text: str, highlights: list[list[int]], limit: int = MAX_CITATION_CHARS,
            context: int = CONTEXT_CHARS) -> tuple[str, list[list[int]]]:
    """`text` and its highlight spans, or for a text over `limit` characters the window of `limit`
    characters starting `context` characters before the first highlight, "… " / " …" at the cuts and the
    highlights moved (and clipped) to match."""
    if len(text) <= limit:
        return text, highlights
    first = min((a for a, _ in highlights), default=0)
    start = max(0, min(first - context, len(text) - limit))
    end = min(len(text), start + limit)
    pre = CUT + " " if start > 0 else ""
    post = " " + CUT if end < len(text) else ""
    shift = len(pre) - start
    spans = [[max(a, start) + shift, min(b, end) + shift] for a, b in highlights if a < end and b > start]
    return pre + text[start:end] + post, spans


def _cap_fields(entry: dict[str, Any], skip: tuple[str, ...] = ()) -> None:
    for k, v in entry.items():
        if isinstance(v, str) and k not in skip:
            entry[k] = cut_text(v, MAX_FIELD_CHARS)


def json_bytes(result: dict[str, Any]) -> int:
    return len(json.dumps(result, ensure_ascii=False).encode("utf-8"))


def bound_result(result: dict[str, Any]) -> dict[str, Any]:
    """The `ask --json` structure with every part capped as described above (in place; returned)."""
    answer = cap_answer(result["answer"])
    if answer != result["answer"] and not result.get("abstained"):
        kept = {int(m.group(1)) for m in _MARK.finditer(answer)}
        result["citations"] = [c for c in result["citations"] if c["n"] in kept]
    result["answer"] = answer
    for c in result["citations"]:
        c["text"], c["highlights"] = excerpt(c["text"], c.get("highlights") or [])
        _cap_fields(c, skip=("text",))
    for r in result["retrieved"]:
        _cap_fields(r)
    size = json_bytes(result)
    while size > MAX_JSON_BYTES and result["retrieved"]:
        gone = result["retrieved"].pop()
        size -= len(json.dumps(gone, ensure_ascii=False).encode("utf-8")) + 2
    return result
