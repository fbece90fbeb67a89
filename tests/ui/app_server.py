"""`python app.py` as a subprocess on a free loopback port, for the tests that drive the real app."""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURE_CORPUS = REPO / "tests" / "fixtures" / "corpus"
START_TIMEOUT = 240


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


READY = ("policyqa: indexed ", " is up to date ")      # the start-up build's summary line in the log


@contextlib.contextmanager
def run_app(root: Path, fixture_index: Path | None, *, wait_ready: bool = True,
            extra: dict[str, str] | None = None, corpus: Path | None = None, index: Path | None = None, **env: str):
    """`python app.py` serving a copy of the fixture corpus on a free loopback port, until the block ends.
    Its index folder starts without an index (the app builds it in the background at start-up) but with
    the fixture index's embedding cache (none when `fixture_index` is None), so the build embeds nothing.
    Yields once the URL is printed and (`wait_ready`) the index is built. `extra` adds files to the corpus
    ({relative path: text}). Gradio's temporary files go to `<root>/gradio-tmp`; `env` adds environment
    variables (e.g. POLICYQA_STAFF_TOKEN). With `corpus` and `index` it serves those as they are (no copies;
    e.g. the shared corpus and its built test index)."""
    tmp = root / "gradio-tmp"
    tmp.mkdir()
    if corpus is None or index is None:
        corpus, index = root / "corpus", root / "index"
        shutil.copytree(FIXTURE_CORPUS, corpus)
        for rel, text in (extra or {}).items():
            (corpus / rel).parent.mkdir(parents=True, exist_ok=True)
            (corpus / rel).write_text(text, encoding="utf-8")
        index.mkdir()
        if fixture_index is not None and (Path(fixture_index) / "cache").is_dir():
            shutil.copytree(Path(fixture_index) / "cache", index / "cache")
    port = free_port()
    e = {k: v for k, v in os.environ.items() if not k.startswith("POLICYQA_")}
    e.update(GRADIO_ANALYTICS_ENABLED="False", PYTHONUNBUFFERED="1", GRADIO_TEMP_DIR=str(tmp), **env)
    log_path = root / "server.log"
    log = open(log_path, "w")
    proc = subprocess.Popen([sys.executable, str(REPO / "app.py"), "--corpus", str(corpus), "--index", str(index),
                             "--host", "127.0.0.1", "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, env=e, cwd=REPO, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + START_TIMEOUT
        def up(text: str) -> bool:
            return f"serving on {url}" in text and (not wait_ready or any(m in text for m in READY))

        while not up(log_path.read_text()):
            if proc.poll() is not None or time.time() > deadline:
                pytest.fail(f"app did not start (exit {proc.poll()}):\n{log_path.read_text()[-3000:]}")
            time.sleep(0.1)
        yield SimpleNamespace(url=url, corpus=corpus, index=index, log=log_path, tmp=tmp, pid=proc.pid)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        log.close()
