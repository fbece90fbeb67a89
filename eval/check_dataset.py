"""Check policyqa question sets (JSONL) against a corpus of `<family>/<lang>.md` files.

Usage: python eval/check_dataset.py [FILE ...] [--corpus DIR]
FILE defaults to both eval/questions.jsonl (dev) and eval/heldout.jsonl (held-out); DIR to $POLICYQA_CORPUS,
else ../shared/corpus next to the repo. Ids in a file named questions.jsonl must read `dev-<family>-NNN`, in
heldout.jsonl `ho-<family>-NNN` (`none` for unanswerable questions). The files checked, and the dev/held-out
partner of each found next to it, must share no id and no question (compared lowercased, whitespace collapsed).
Prints one line per problem (`id: problem`), then counts per lang/type/family; exits 1 on any problem.
Standalone (stdlib only): the corpus markdown is split on its `<!-- id: … -->` markers here.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
# file name -> id prefix; the dev set and the held-out set are partners that must not overlap
ID_PREFIXES = {"questions.jsonl": "dev", "heldout.jsonl": "ho"}
DEFAULT_FILES = tuple(REPO_ROOT / "eval" / name for name in ID_PREFIXES)

KEYS = {"id": str, "question": str, "lang": str, "type": str, "gold": list, "facts": list, "answer": str}
TYPES = ("factoid", "lookup", "crosslingual", "unanswerable")
EU_LANGS = frozenset("bg cs da de el en es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv".split())
MAX_FACTS = 3
_MARKER = re.compile(r"<!--\s*id:\s*(\S+?)\s*-->")
# a lookup question names a numbered unit: a digit, or an annex by roman numeral ("Anhang III", "příloha IV",
# and the languages that put the numeral first: "III. melléklet", "III pielikums", "III priedas", "III lisa")
_ANNEX = (r"(?i:annex\w*|anhang\w*|bijlage|anex\w*|allegato|załącznik\w*|přílo\w+|prílo\w+|prilog\w*|bilag\w*"
          r"|liite\w*|lisa\w*|παράρτημα\w*|приложение\w*|pried\w+|pielikum\w*|melléklet\w*|iarscríbhinn\w*"
          r"|anness\w*)")
_NUMBER = re.compile(rf"\d|{_ANNEX}\s+[IVXLC]+\b|\b[IVXLC]+\.?\s+{_ANNEX}")

Corpus = dict[str, dict[str, dict[str, str]]]   # doc -> lang -> unit -> text


class CorpusError(Exception):
    """The corpus directory is missing or holds no `<family>/<lang>.md` files."""


def load_corpus(root: Path) -> Corpus:
    """Unit texts by doc, lang and unit id; a unit runs from its marker to the next marker."""
    if not root.is_dir():
        raise CorpusError(f"corpus directory not found: {root}")
    corpus: Corpus = {}
    for path in sorted(root.glob("*/*.md")):
        text = path.read_text(encoding="utf-8")
        marks = list(_MARKER.finditer(text))
        units = {m.group(1): text[m.end(): nxt.start() if nxt else len(text)]
                 for m, nxt in zip(marks, [*marks[1:], None])}
        corpus.setdefault(path.parent.name, {})[path.stem] = units
    if not corpus:
        raise CorpusError(f"no <family>/<lang>.md files in {root}")
    return corpus


def normalize(text: str) -> str:
    """Lowercase and keep only letters and digits (the fact-matching rule)."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _shape_problems(q: dict) -> list[str]:
    out = []
    if set(q) != set(KEYS):
        missing, extra = sorted(set(KEYS) - set(q)), sorted(set(q) - set(KEYS))
        out.append(f"keys wrong (missing {missing}, unexpected {extra})")
    for key, typ in KEYS.items():
        if key in q and not isinstance(q[key], typ):
            out.append(f"{key} must be {typ.__name__}")
    if out:
        return out
    for key in ("id", "question", "answer"):
        if not q[key].strip():
            out.append(f"{key} is empty")
    if q["lang"] not in EU_LANGS:
        out.append(f"lang {q['lang']!r} is not an EU language code")
    if q["type"] not in TYPES:
        out.append(f"type {q['type']!r} not in {TYPES}")
    for g in q["gold"]:
        if not (isinstance(g, dict) and set(g) == {"doc", "unit"}
                and all(isinstance(v, str) and v for v in g.values())):
            out.append(f"gold entry {g!r} must be {{doc, unit}} strings")
    if len(q["facts"]) > MAX_FACTS:
        out.append(f"more than {MAX_FACTS} facts")
    for f in q["facts"]:
        if not isinstance(f, str) or not normalize(f):
            out.append(f"fact {f!r} must be a string with letters or digits")
    return out


def _content_problems(q: dict, corpus: Corpus) -> list[str]:
    out = []
    gold = q["gold"]
    if (q["type"] == "unanswerable") != (not gold):
        out.append("unanswerable questions, and only they, must have empty gold")
    texts: list[str] = []
    langs_with_gold: set[str] = set()
    for g in gold:
        doc, unit = g["doc"], g["unit"]
        if unit.startswith("cpt_"):
            out.append(f"gold unit {doc}/{unit} is a chapter/section marker, cite the smallest unit")
        versions = {lang: units[unit] for lang, units in corpus.get(doc, {}).items() if unit in units}
        if not versions:
            out.append(f"gold unit {doc}/{unit} not in corpus")
        texts += [normalize(t) for t in versions.values()]
        langs_with_gold.update(versions)
    for f in q["facts"]:
        if not any(normalize(f) in t for t in texts):
            out.append(f"fact {f!r} not found in any gold unit")
    if q["type"] == "crosslingual" and q["lang"] in langs_with_gold:
        out.append(f"crosslingual but a gold unit exists in {q['lang']}")
    if q["type"] == "factoid" and texts and q["lang"] not in langs_with_gold:
        out.append(f"factoid but no gold unit exists in {q['lang']} (use crosslingual)")
    if q["type"] == "lookup" and not _NUMBER.search(q["question"]):
        out.append("lookup question names no article/annex/recital number")
    return out


def _id_problems(q: dict, prefix: str) -> list[str]:
    family = q["gold"][0]["doc"] if q["gold"] else "none"
    if re.fullmatch(rf"{re.escape(prefix)}-{re.escape(family)}-\d{{3,}}", q["id"]):
        return []
    return [f"id must read {prefix}-{family}-NNN"]


def check(path: str | Path, corpus: str | Path) -> list[str]:
    """All problems of the dataset at `path` against the corpus directory, as `id: problem` lines.

    A file named like one of ID_PREFIXES also has its ids checked against that prefix."""
    units = load_corpus(Path(corpus))
    prefix = ID_PREFIXES.get(Path(path).name)
    problems: list[str] = []
    seen: set[str] = set()
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            q = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(f"line {n}: invalid JSON ({e.msg})")
            continue
        if not isinstance(q, dict):
            problems.append(f"line {n}: not a JSON object")
            continue
        qid = q["id"] if isinstance(q.get("id"), str) and q["id"] else f"line {n}"
        if qid in seen:
            problems.append(f"{qid}: duplicate id")
        seen.add(qid)
        shape = _shape_problems(q)
        found = shape or _content_problems(q, units) + (_id_problems(q, prefix) if prefix else [])
        problems += [f"{qid}: {p}" for p in found]
    return problems


def _normalize_question(text: str) -> str:
    return " ".join(text.lower().split())


def _ids_and_questions(path: Path) -> list[tuple[str, str]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            q = json.loads(line)
        except ValueError:
            continue
        if isinstance(q, dict) and isinstance(q.get("id"), str) and isinstance(q.get("question"), str):
            out.append((q["id"], q["question"]))
    return out


def with_partners(paths: list[Path]) -> list[Path]:
    """`paths` and the dev/held-out partner files (ID_PREFIXES) that exist next to any of them; the dev set
    first, then the held-out set (so an overlap is reported on the held-out id), then any other file."""
    out = list(dict.fromkeys(Path(p) for p in paths))
    for p in list(out):
        if p.name in ID_PREFIXES:
            out += [q for name in ID_PREFIXES if (q := p.with_name(name)).is_file() and q not in out]
    order = list(ID_PREFIXES)
    return sorted(out, key=lambda p: order.index(p.name) if p.name in order else len(order))


def overlap_problems(paths: list[str | Path]) -> list[str]:
    """Ids, and questions (lowercased, whitespace collapsed), that occur in more than one of the files.

    Each problem is reported on the later file's id. Duplicates within one file are check()'s business."""
    problems: list[str] = []
    earlier_ids: dict[str, str] = {}                     # id -> file name
    earlier_questions: dict[str, tuple[str, str]] = {}   # normalised question -> (file name, id)
    for path in map(Path, paths):
        entries = _ids_and_questions(path)
        for qid, question in entries:
            text = _normalize_question(question)
            if qid in earlier_ids:
                problems.append(f"{qid}: id also in {earlier_ids[qid]}")
            if text in earlier_questions:
                problems.append(f"{qid}: question also in {earlier_questions[text][0]} ({earlier_questions[text][1]})")
        for qid, question in entries:
            earlier_ids.setdefault(qid, path.name)
            earlier_questions.setdefault(_normalize_question(question), (path.name, qid))
    return problems


def counts(path: str | Path) -> dict[str, Counter]:
    """Question counts per lang, type and family (gold docs; `none` when gold is empty)."""
    out = {"lang": Counter(), "type": Counter(), "family": Counter()}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        try:
            q = json.loads(line)
            out["lang"][q["lang"]] += 1
            out["type"][q["type"]] += 1
            docs = sorted({g["doc"] for g in q["gold"]}) or ["none"]
        except (ValueError, KeyError, TypeError):
            continue
        for d in docs:
            out["family"][d] += 1
    return out


def default_corpus() -> Path:
    env = os.environ.get("POLICYQA_CORPUS")
    return Path(env) if env else REPO_ROOT.parent / "shared" / "corpus"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", metavar="FILE",
                    help="question sets (default: eval/questions.jsonl and eval/heldout.jsonl)")
    ap.add_argument("--corpus", default=None)
    args = ap.parse_args(argv)
    files = [Path(f) for f in args.files] or list(DEFAULT_FILES)
    for f in files:
        if not f.is_file():
            print(f"error: dataset file not found: {f}", file=sys.stderr)
            return 2
    corpus = args.corpus or default_corpus()
    total = 0
    for f in files:
        try:
            problems = check(f, corpus)
        except CorpusError as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
        total += len(problems)
        for p in problems:
            print(p)
        c = counts(f)
        print(f"{f.name}: {sum(c['lang'].values())} questions, {len(problems)} problems")
        for name, counter in c.items():
            print(f"  {name}: " + " ".join(f"{k}={v}" for k, v in sorted(counter.items())))
    compared = with_partners(files)
    if len(compared) > 1:
        overlap = overlap_problems(compared)
        total += len(overlap)
        for p in overlap:
            print(p)
        print(f"overlap of {', '.join(f.name for f in compared)}: {len(overlap)} problems")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
