"""Question sets for evaluation: load a JSONL dev set, select ids, draw a stratified sample.

    questions = load_questions("eval/questions.jsonl")
    quick = select_ids(questions, read_ids("eval/quick_ids.txt"))

The format is described in eval/README.md; eval/check_dataset.py checks it against a corpus. Here only
the shape is checked, each problem reported as one line with the file and line number.
"""
from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from pathlib import Path

TYPES = ("factoid", "lookup", "crosslingual", "unanswerable")
_KEYS = {"id": str, "question": str, "lang": str, "type": str, "gold": list, "facts": list}


class DatasetError(ValueError):
    """The question set (or an id list) is missing or malformed."""


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    lang: str
    type: str
    gold: tuple[tuple[str, str], ...]   # distinct (doc, unit), in the order listed
    facts: tuple[str, ...]
    answer: str = ""

    @property
    def answerable(self) -> bool:
        return self.type != "unanswerable"


def _parse(obj: object, where: str) -> Question:
    if not isinstance(obj, dict):
        raise DatasetError(f"{where}: not a JSON object")
    for key, typ in _KEYS.items():
        if not isinstance(obj.get(key), typ):
            raise DatasetError(f"{where}: key {key!r} missing or not a {typ.__name__}")
    if not obj["id"].strip() or not obj["question"].strip():
        raise DatasetError(f"{where}: empty id or question")
    if obj["type"] not in TYPES:
        raise DatasetError(f"{where}: type {obj['type']!r} is not one of {', '.join(TYPES)}")
    gold: list[tuple[str, str]] = []
    for g in obj["gold"]:
        if not (isinstance(g, dict) and isinstance(g.get("doc"), str) and isinstance(g.get("unit"), str)):
            raise DatasetError(f"{where}: gold entry {g!r} is not {{\"doc\": str, \"unit\": str}}")
        if (g["doc"], g["unit"]) not in gold:
            gold.append((g["doc"], g["unit"]))
    if (obj["type"] == "unanswerable") != (not gold):
        raise DatasetError(f"{where}: gold must be empty exactly when type is 'unanswerable'")
    if not all(isinstance(f, str) for f in obj["facts"]):
        raise DatasetError(f"{where}: facts must be strings")
    return Question(id=obj["id"], question=obj["question"], lang=obj["lang"], type=obj["type"],
                    gold=tuple(gold), facts=tuple(obj["facts"]), answer=str(obj.get("answer", "")))


def load_questions(path: str | Path) -> list[Question]:
    """All questions of a JSONL file, in file order; DatasetError on the first bad line or duplicate id."""
    p = Path(path)
    if not p.is_file():
        raise DatasetError(f"dataset not found: {p}")
    out: list[Question] = []
    seen: set[str] = set()
    with open(p, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            where = f"{p} line {n}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                raise DatasetError(f"{where}: invalid JSON ({e.msg} at column {e.colno})") from None
            q = _parse(obj, where)
            if q.id in seen:
                raise DatasetError(f"{where}: duplicate id {q.id!r}")
            seen.add(q.id)
            out.append(q)
    if not out:
        raise DatasetError(f"dataset {p} holds no questions")
    return out


def read_ids(path: str | Path) -> list[str]:
    """Ids listed one per line; blank lines and `#` comments are ignored."""
    p = Path(path)
    if not p.is_file():
        raise DatasetError(f"id list not found: {p}")
    ids = [s for line in p.read_text(encoding="utf-8").splitlines() if (s := line.split("#", 1)[0].strip())]
    if not ids:
        raise DatasetError(f"id list {p} names no ids")
    return ids


def select_ids(questions: list[Question], ids: list[str]) -> list[Question]:
    """The questions with these ids, in the order of `ids`; DatasetError naming any unknown id."""
    by_id = {q.id: q for q in questions}
    unknown = [i for i in ids if i not in by_id]
    if unknown:
        more = f" (+{len(unknown) - 5} more)" if len(unknown) > 5 else ""
        raise DatasetError(f"unknown question id(s): {', '.join(unknown[:5])}{more}")
    return [by_id[i] for i in dict.fromkeys(ids)]


def stratified_sample(questions: list[Question], n: int) -> list[Question]:
    """A deterministic sample of `n` questions stratified over (lang, type).

    Every non-empty (lang, type) cell gets one question; the rest of `n` is shared out in proportion
    to the rest of each cell (size − 1; largest remainder, ties by cell name). Within a cell, questions are taken in order
    of the sha256 of their id. The sample is returned in dataset order.
    """
    cells: dict[tuple[str, str], list[Question]] = {}
    for q in questions:
        cells.setdefault((q.lang, q.type), []).append(q)
    if not 0 < n <= len(questions) or n < len(cells):
        raise DatasetError(f"cannot draw {n} questions over {len(cells)} (lang, type) cells "
                           f"from {len(questions)} questions")
    quota = {c: 1 for c in cells}
    rest = n - len(cells)
    spare = {c: len(qs) - 1 for c, qs in cells.items()}
    total = sum(spare.values())
    shares = {c: rest * s / total for c, s in spare.items()} if total else {c: 0.0 for c in cells}
    for c, s in shares.items():
        quota[c] += math.floor(s)
    left = n - sum(quota.values())
    for c in sorted(cells, key=lambda c: (-(shares[c] - math.floor(shares[c])), c))[:left]:
        quota[c] += 1
    chosen: set[str] = set()
    for c, qs in cells.items():
        ranked = sorted(qs, key=lambda q: hashlib.sha256(q.id.encode()).hexdigest())
        chosen.update(q.id for q in ranked[:quota[c]])
    return [q for q in questions if q.id in chosen]
