"""The data flows one way: documents → chunks → embeddings/index → retrieval → answer → UI/eval.

Every `policyqa` import (at module level or inside a function) must point to the same or a lower layer, and
the packages' import graph has no cycle. A new top-level module or package must be given a layer here.
"""
from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "policyqa"

LAYERS = [
    {"(root)", "text", "types", "sources", "languages", "config"},   # shared basics
    {"readers", "provisions", "corpus_fetch"},                         # documents
    {"chunking"},                                                      # chunks
    {"embeddings", "stores"},                                          # vectors and their stores
    {"indexing"},                                                      # the index
    {"retrieval"},
    {"answer"},
    {"pipeline"},
    {"evaluation", "ui", "cli", "errors"},                             # the doors: eval, web app, CLI
]
RANK = {name: i for i, layer in enumerate(LAYERS) for name in layer}


def _package(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return "(root)" if parts == ("__init__",) else parts[0]


def _imports(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = ([node.module] if isinstance(node, ast.ImportFrom) and node.module and node.level == 0
                 else [a.name for a in node.names] if isinstance(node, ast.Import) else [])
        for name in names:
            parts = name.split(".")
            if parts[0] == "policyqa":
                out.add(parts[1] if len(parts) > 1 else "(root)")
    return out


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        pkg = _package(path)
        graph.setdefault(pkg, set()).update(_imports(path) - {pkg})
    return graph


def test_every_package_has_a_layer():
    assert set(_graph()) <= set(RANK), f"give these a layer in tests/test_layers.py: {set(_graph()) - set(RANK)}"


def test_no_upward_imports():
    upward = sorted(f"{pkg} → {dep}" for pkg, deps in _graph().items() for dep in deps
                    if RANK.get(dep, -1) > RANK.get(pkg, len(LAYERS)))
    assert not upward, f"imports against the data flow: {upward}"


def test_no_import_cycles():
    graph = _graph()
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == 1:
                raise AssertionError(f"import cycle: {' → '.join(path + [node, dep])}")
            if dep not in state:
                visit(dep, path + [node])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])


def test_the_checker_sees_an_upward_import(tmp_path):
    bad = tmp_path / "m.py"
    bad.write_text("def f():\n    from policyqa.ui.app import build_app\n", encoding="utf-8")
    assert _imports(bad) == {"ui"}
