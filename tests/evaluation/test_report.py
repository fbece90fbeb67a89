"""The report writer: three files, the JSON keys, Markdown tables, a PNG chart."""
from __future__ import annotations

import json

from policyqa.evaluation.dataset import Question
from policyqa.evaluation.report import (BREAKDOWN_COLUMNS, METRICS, build_report, compare_report, render_markdown,
                                        write_report)
from policyqa.evaluation.runner import score_answer

KEYS = {"n", "overall", "by_lang", "by_type", "by_crosslingual", "by_lang_group", "config", "per_question"}


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


def test_language_group_breakdown():
    rs = _results()
    for r in rs:
        r.corpus_lang = r.lang == "en"
    rep = build_report(rs, {"dataset": "x.jsonl"})
    assert set(rep["by_lang_group"]) == {"corpus language", "no corpus version"}
    assert rep["by_lang_group"]["corpus language"]["n"] == 1
    assert rep["by_lang_group"]["no corpus version"]["n"] == 2
    assert rep["per_question"][0]["corpus_lang"] is True
    assert "question language with / without a corpus version" in render_markdown(rep)


def test_side_by_side_puts_each_report_in_its_own_column(tmp_path):
    from policyqa.evaluation import side_by_side
    rs = _results()
    dev = build_report(rs, {"dataset": "dev"})
    held = build_report(rs[1:], {"dataset": "held"})
    table = side_by_side({"dev": dev, "held-out": held}, "by_lang", ["n", "recall@5"])
    lines = table.splitlines()
    assert lines[0] == "| lang | questions (dev) | questions (held-out) | Recall@5 (dev) | Recall@5 (held-out) |"
    en = next(line for line in lines if line.startswith("| en |"))
    assert en == "| en | 1 | – | 1.000 | – |"          # en only in dev: a dash, not 0
    nl = next(line for line in lines if line.startswith("| nl |"))
    assert nl.startswith("| nl | 2 | 2 |")
    overall = side_by_side({"dev": dev, "held-out": held}, "overall", ["n"])
    assert overall.splitlines()[-1] == "| all | 3 | 2 |"


def test_side_by_side_script(tmp_path, capsys):
    import importlib.util
    from pathlib import Path
    spec = importlib.util.spec_from_file_location(
        "side_by_side_script", Path(__file__).resolve().parents[2] / "eval" / "side_by_side.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    write_report(build_report(_results(), {"dataset": "a"}), tmp_path / "a")
    assert mod.main([f"dev={tmp_path / 'a' / 'report.json'}", f"again={tmp_path / 'a' / 'report.json'}"]) == 0
    out = capsys.readouterr().out
    assert "### By question language" in out and "Recall@5 (dev) | Recall@5 (again)" in out
    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
    assert mod.main([f"x={tmp_path / 'bad.json'}"]) == 2
