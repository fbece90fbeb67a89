"""The report writer: three files, the JSON keys, Markdown tables, a PNG chart."""
from __future__ import annotations

import json

from policyqa.evaluation.dataset import Question
from policyqa.evaluation.report import (BREAKDOWN_COLUMNS, METRICS, build_report, compare_report, render_markdown,
                                        write_report)
from policyqa.evaluation.runner import score_answer

KEYS = {"n", "overall", "by_lang", "by_type", "by_crosslingual", "config", "per_question"}


def _results():
    qs = [Question("a", "?", "en", "factoid", (("d", "u1"),), ("5",)),
          Question("b", "?", "nl", "crosslingual", (("d", "u2"),), ()),
          Question("c", "?", "nl", "unanswerable", (), ())]
    out = []
    for i, (q, xl) in enumerate(zip(qs, [False, True, None])):
        res = {"language": q.lang, "answer": "after 5 days", "abstained": q.type == "unanswerable",
               "citations": [{"doc": "d", "unit": "u1", "text": ""}],
               "retrieved": [{"doc": "d", "unit": "u1"}, {"doc": "d", "unit": "u2"}],
               "timings_ms": {"retrieve": 5.0 + i, "answer": 1.0}}
        out.append(score_answer(q, res, xl))
    return out


def test_write_single_report(tmp_path):
    rep = build_report(_results(), {"dataset": "x.jsonl", "model": "m", "retriever": "bm25"})
    paths = write_report(rep, tmp_path / "out")
    assert all(p.is_file() and p.stat().st_size > 0 for p in paths.values())
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert set(data) == KEYS and data["n"] == 3
    assert set(data["overall"]) == {k for k, _ in METRICS}
    assert paths["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    md = paths["md"].read_text(encoding="utf-8")
    assert "| metric | bm25 |" in md and "## bm25: by language" in md and "| nl |" in md


def test_write_compare_report(tmp_path):
    rs = _results()
    rep = compare_report({"bm25": rs, "dense": rs[:2], "hybrid": rs}, {"dataset": "x.jsonl"})
    paths = write_report(rep, tmp_path)
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert set(data) == KEYS | {"retrievers"}
    assert list(data["retrievers"]) == ["bm25", "dense", "hybrid"]
    assert all(set(r) == KEYS for r in data["retrievers"].values())
    md = render_markdown(rep)
    assert "| metric | bm25 | dense | hybrid |" in md
    for name in ("bm25", "dense", "hybrid"):
        assert f"## {name}: by type" in md and f"## {name}: cross-lingual vs same-language" in md
    # an undefined metric renders as a dash, not as 0
    header = "| type | " + " | ".join(dict(METRICS)[k] for k in BREAKDOWN_COLUMNS) + " |"
    rows = md.split(header, 1)[1].splitlines()
    unanswerable = next(line for line in rows if line.startswith("| unanswerable |"))
    assert "| – |" in unanswerable
