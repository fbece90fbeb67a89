"""`python app.py` start-up errors: one line on stderr, exit status 2, no traceback."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _run(*args: str, **env: str) -> subprocess.CompletedProcess:
    e = {k: v for k, v in os.environ.items() if not k.startswith("POLICYQA_")}
    e.update(env)
    return subprocess.run([sys.executable, str(REPO / "app.py"), *args], capture_output=True, text=True,
                          env=e, cwd=REPO, timeout=120)


@pytest.mark.parametrize("args,env,message", [
    (["--corpus", "/nonexistent/corpus"], {}, "corpus folder not found: /nonexistent/corpus"),
    (["--port", "http"], {}, "port must be a number"),
    (["--concurrency", "0"], {}, "concurrency must be between 1 and 64"),
    ([], {"POLICYQA_CONCURRENCY": "many"}, "concurrency must be a number"),
    (["--threads", "0"], {}, "threads must be between 1 and 64"),
    ([], {"POLICYQA_THREADS": "all"}, "threads must be a number"),
    ([], {"POLICYQA_PORT": "70000", "POLICYQA_CORPUS": "/nonexistent"}, "port must be between 1 and 65535"),
    (["--corpus", str(REPO / "tests" / "fixtures" / "corpus"), "--config", "/nonexistent.yaml"], {},
     "config file not found"),
])
def test_startup_errors_are_one_line(args, env, message):
    r = _run(*args, **env)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("policyqa: error: ") and message in lines[0]
