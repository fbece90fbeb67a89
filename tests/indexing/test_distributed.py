"""Index builds on a Ray cluster: a real local head on 127.0.0.1 with 2 worker CPUs, the real e5 model."""
from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import numpy as np
import pytest
import ray

from policyqa.cli import main
from policyqa.config import Settings
from policyqa.indexing.builder import build_index
from policyqa.indexing.distributed import ClusterError, RayExecutor
from policyqa.indexing.store import load_index

FIXTURE_CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"


@pytest.fixture(scope="module")
def ray_head():
    ray.init(address="local", num_cpus=2, include_dashboard=False, _node_ip_address="127.0.0.1",
             log_to_driver=False, configure_logging=False)
    yield
    ray.shutdown()


def _cos(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a, b = a.astype(np.float32), b.astype(np.float32)
    return np.sum(a * b, axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


def test_ray_build_equals_the_local_build_even_when_a_worker_is_killed(ray_head, tmp_path, embedder):
    local = Settings.load(corpus=FIXTURE_CORPUS, index=tmp_path / "local")
    build_index(local, embedder=embedder, progress=False)

    ex = RayExecutor("local", "e5-small", workers=2, batch_size=4)
    pids = ex.worker_pids()
    assert len(set(pids)) == 2                       # two worker processes, each with its own model
    killed = {}

    def killer() -> None:                            # kill one worker for real once the build is under way
        while ex.batches_done < 1:
            time.sleep(0.01)
        killed["at"] = ex.batches_done
        os.kill(pids[0], signal.SIGKILL)

    t = threading.Thread(target=killer, daemon=True)
    t.start()
    dist = Settings.load(corpus=FIXTURE_CORPUS, index=tmp_path / "ray")
    try:
        report = build_index(dist, embedder=embedder, progress=False, executor=ex)
        after = ex.worker_pids()
    finally:
        ex.close()
    t.join(5)
    total = ex.batches_done
    assert "at" in killed and killed["at"] < total   # the kill happened mid-build …
    assert pids[0] not in after                      # … the worker is really gone and was restarted
    assert report.chunks_embedded > 0

    a, b = load_index(local.index), load_index(dist.index)
    assert [c.id for c in a.chunks] == [c.id for c in b.chunks]
    assert [c.text for c in a.chunks] == [c.text for c in b.chunks]
    n = len(a.chunks)
    cos = _cos(a.vectors.reconstruct(list(range(n))), b.vectors.reconstruct(list(range(n))))
    assert cos.min() >= 0.9999                       # every vector is there (none lost with the worker)
    assert len(a.sentence_vectors) == len(b.sentence_vectors)
    assert _cos(a.sentence_vectors, b.sentence_vectors).min() >= 0.999     # stored as float16


def test_an_address_that_does_not_answer_is_one_error_line_and_writes_nothing(tmp_path, capsys):
    with pytest.raises(ClusterError, match="cannot reach the Ray cluster at 127.0.0.1:9"):
        RayExecutor("127.0.0.1:9", "e5-small")
    index = tmp_path / "idx"
    code = main(["index", "--corpus", str(FIXTURE_CORPUS), "--index", str(index), "--ray", "127.0.0.1:9"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and err[0].startswith("policyqa: error: cannot reach the Ray cluster")
    assert not index.exists()
