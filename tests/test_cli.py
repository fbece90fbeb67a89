"""The `policyqa` command as a user runs it: one-line errors with exit 2, skips named, JSON on stdout."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "corpus"


def run(*args: str, env: dict | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "policyqa.cli", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, **(env or {})})


def assert_clean_error(p: subprocess.CompletedProcess, text: str) -> None:
    assert p.returncode == 2, p.stderr
    assert "Traceback" not in p.stderr
    lines = [ln for ln in p.stderr.splitlines() if ln.startswith("policyqa: error:")]
    assert len(lines) == 1 and text in lines[0], p.stderr


def test_missing_corpus_and_empty_question_fail_cleanly(tmp_path):
    assert_clean_error(run("index", "--corpus", str(tmp_path / "nope"), "--index", str(tmp_path / "i")),
                       "corpus folder not found")
    assert_clean_error(run("ask", "   ", "--index", str(tmp_path / "i")), "the question is empty")
    assert_clean_error(run("ask", "x" * 100_000, "--index", str(tmp_path / "i")), "too long")
    (tmp_path / "empty").mkdir()
    assert_clean_error(run("index", "--corpus", str(tmp_path / "empty"), "--index", str(tmp_path / "i")),
                       "no readable documents")


@pytest.mark.slow
def test_index_skips_bad_files_then_ask_json(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURES, corpus)
    (corpus / "bad").mkdir()
    (corpus / "bad" / "latin1-nl.txt").write_bytes("Dit is geen UTF-8: café".encode("latin-1"))
    with open(corpus / "bad" / "huge-en.txt", "wb") as f:           # a 50 MB single-line file
        f.write(b"a" * (50 * 1024 * 1024))
    idx = tmp_path / "index"
    p = run("index", "--corpus", str(corpus), "--index", str(idx), "--quiet")
    assert p.returncode == 0, p.stderr
    assert "skipped bad/latin1-nl.txt" in p.stderr and "skipped bad/huge-en.txt" in p.stderr
    assert "indexed" in p.stdout

    p = run("ask", "What does Article 5 of the AI Act prohibit?", "--doc", "ai-act", "--json",
            "--corpus", str(corpus), "--index", str(idx))
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["retrieved"][0]["unit"] == "art_5" and out["citations"][0]["doc"] == "ai-act"

    p = run("show", "Artikel 5 KI-Verordnung", "--json", "--corpus", str(corpus), "--index", str(idx))
    assert p.returncode == 0, p.stderr
    assert [v["lang"] for v in json.loads(p.stdout)] == ["de", "en", "nl"]

    assert_clean_error(run("ask", "What is prohibited?", "--doc", "nope", "--corpus", str(corpus), "--index", str(idx)),
                       "unknown document nope")
    assert_clean_error(run("ask", "What is prohibited?", "--lang", "xx", "--corpus", str(corpus), "--index", str(idx)),
                       "unsupported language")
    # a corrupt index is a clear error
    gen = next(idx.glob("gen-*"))
    (gen / "vectors.faiss").write_bytes(b"garbage")
    assert_clean_error(run("ask", "What is prohibited?", "--corpus", str(corpus), "--index", str(idx)),
                       "corrupt")


HEAVY = ("sentence_transformers", "transformers", "sklearn", "gradio", "matplotlib", "bs4", "pypdf",
         "torch._dynamo", "llama_index.llms.openai_like")


def _loaded(code: str, *args: str) -> set[str]:
    """Which HEAVY modules a new process has imported after running `code`."""
    probe = code + f"\nimport sys\nprint('HEAVY:', *(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)"
    p = subprocess.run([sys.executable, "-c", probe, *args], cwd=REPO, capture_output=True, text=True,
                       timeout=600)
    assert p.returncode == 0, p.stderr
    line = next(ln for ln in p.stderr.splitlines() if ln.startswith("HEAVY:"))
    return set(line.split()[1:])


def test_cli_import_is_light():
    assert _loaded("import policyqa.cli, policyqa.pipeline") == set()


@pytest.mark.slow
def test_ask_imports_neither_sentence_transformers_nor_the_ui(fixture_pipeline, fixture_settings):
    """The cold-start path: `policyqa ask` loads the light encoder, not sentence-transformers/sklearn/gradio."""
    code = ("import sys\nfrom policyqa.cli import main\n"
            "assert main(['ask', '--json', '--corpus', sys.argv[1], '--index', sys.argv[2], "
            "'What does Article 5 of the AI Act prohibit?']) == 0")
    assert _loaded(code, str(fixture_settings.corpus), str(fixture_settings.index)) == set()


def test_show_loads_no_model(fixture_pipeline, fixture_settings):
    """`policyqa show` only reads the index: no torch, no embedding model."""
    code = ("import sys\nfrom policyqa.cli import main\n"
            "assert main(['show', '--json', 'Article 5 AI Act', '--corpus', sys.argv[1], '--index', sys.argv[2]]) == 0\n"
            "assert 'torch' not in sys.modules")
    assert _loaded(code, str(fixture_settings.corpus), str(fixture_settings.index)) == set()


def test_read_only_commands_exit_fast_but_flush_and_run_atexit():
    """Run as the program, `ask`/`show` end with os._exit after flushing and running atexit handlers."""
    code = ("import atexit, sys\natexit.register(lambda: print('ATEXIT', file=sys.stderr))\n"
            "sys.argv = ['policyqa', 'ask', '   ']\nfrom policyqa.cli import main\nmain()\n"
            "print('NOT REACHED', file=sys.stderr)")
    p = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert p.returncode == 2 and "policyqa: error: the question is empty" in p.stderr
    assert "ATEXIT" in p.stderr and "NOT REACHED" not in p.stderr


def test_ask_with_bytes_that_are_not_utf8(fixture_pipeline, fixture_settings):
    """`policyqa ask $'What is the right to erasure? \\xff'`: argv holds a surrogate-escaped byte; the
    question is cleaned (U+FFFD) and answered, no traceback. `show` likewise."""
    base = [sys.executable, "-m", "policyqa.cli"]
    where = ["--index", str(fixture_settings.index), "--corpus", str(fixture_settings.corpus)]
    p = subprocess.run(base + ["ask", b"What is the right to erasure? \xff", "--json", *where], cwd=REPO,
                       capture_output=True, timeout=600)
    assert p.returncode == 0, p.stderr.decode("utf-8", "replace")
    out = json.loads(p.stdout.decode("utf-8"))
    assert out["question"] == "What is the right to erasure? \ufffd" and out["citations"]
    p = subprocess.run(base + ["show", b"\xffAnhang III KI-Verordnung\x07", *where], cwd=REPO,
                       capture_output=True, timeout=600)
    assert p.returncode == 0 and b"Traceback" not in p.stderr, p.stderr.decode("utf-8", "replace")
