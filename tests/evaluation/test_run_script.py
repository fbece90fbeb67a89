"""eval/run.py: one-line errors for bad arguments, and a real end-to-end run on an invented corpus."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
REPO = HERE.parents[1]
FIXTURES = HERE / "fixtures"
SCRIPT = REPO / "eval" / "run.py"

_spec = importlib.util.spec_from_file_location("eval_run", SCRIPT)
run_script = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(run_script)


def _err(capsys, argv) -> str:
    assert run_script.main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    return err


def test_missing_dataset(capsys, tmp_path):
    err = _err(capsys, ["--dataset", str(tmp_path / "nope.jsonl")])
    assert err.startswith("eval/run.py: error: dataset not found:")


def test_bad_jsonl_line(capsys, tmp_path):
    bad = tmp_path / "bad.jsonl"
    good = (FIXTURES / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    bad.write_text("\n".join(good[:2] + ['{"id": "x", "question": '] + good[2:]) + "\n", encoding="utf-8")
    assert "bad.jsonl line 3: invalid JSON" in _err(capsys, ["--dataset", str(bad)])


def test_missing_corpus(capsys, tmp_path):
    err = _err(capsys, ["--dataset", str(FIXTURES / "questions.jsonl"), "--corpus", str(tmp_path / "nocorpus")])
    assert f"corpus folder not found: {tmp_path / 'nocorpus'}" in err


def test_unknown_ids(capsys, tmp_path):
    ids = tmp_path / "ids.txt"
    ids.write_text("t-1\nt-99\n")
    assert "unknown question id(s): t-99" in _err(capsys, ["--dataset", str(FIXTURES / "questions.jsonl"),
                                                           "--ids", str(ids)])


@pytest.mark.parametrize("argv", [["--limit", "0"], ["--retriever", "splade"], []])
def test_argparse_rejects(argv, capsys):
    with pytest.raises(SystemExit) as e:
        run_script.main((["--dataset", "x.jsonl"] if argv else []) + argv)
    assert e.value.code == 2


def test_script_prints_one_line_error():
    p = subprocess.run([sys.executable, str(SCRIPT), "--dataset", "/nonexistent/q.jsonl"],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 2 and p.stderr.strip() == "eval/run.py: error: dataset not found: /nonexistent/q.jsonl"


@pytest.mark.slow
def test_compare_run_end_to_end(capsys, tmp_path, embedder):
    """The real pipeline (e5-small) on an invented 3-file corpus: index built, all three retrievers run."""
    out = tmp_path / "out"
    code = run_script.main(["--dataset", str(FIXTURES / "questions.jsonl"), "--corpus", str(FIXTURES / "corpus"),
                            "--index", str(tmp_path / "index"), "--out", str(out), "--compare", "--quiet"])
    assert code == 0
    printed = capsys.readouterr().out
    assert "| metric | bm25 | dense | hybrid |" in printed
    rep = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert (out / "report.md").is_file() and (out / "report.png").is_file()
    assert list(rep["retrievers"]) == ["bm25", "dense", "hybrid"] and rep["n"] == 6
    pq = {p["id"]: p for p in rep["per_question"]}
    # t-4 asks in German about a unit that exists only in English: cross-lingual by the index
    assert pq["t-4"]["crosslingual"] is True and pq["t-3"]["crosslingual"] is False
    assert rep["by_crosslingual"]["crosslingual"]["n"] == 1
    # an easy same-language question and a lookup are found at rank 1 by the hybrid retriever
    assert pq["t-1"]["hit_rank"] == 1 and pq["t-5"]["hit_rank"] == 1
    assert rep["overall"]["recall@5"] >= 0.8
    assert rep["overall"]["lang_accuracy"] >= 5 / 6
