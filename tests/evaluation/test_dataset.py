"""Loading question sets, id lists and the stratified sample."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from policyqa.evaluation.dataset import (DatasetError, Question, load_questions, read_ids, select_ids,
                                         stratified_sample)

HERE = Path(__file__).parent
REPO = HERE.parents[1]
FIXTURE = HERE / "fixtures" / "questions.jsonl"


def _line(**over) -> str:
    q = {"id": "q1", "question": "Why?", "lang": "en", "type": "factoid",
         "gold": [{"doc": "gdpr", "unit": "art_1"}], "facts": [], "answer": "Because."}
    q.update(over)
    return json.dumps(q)


def test_load_fixture():
    qs = load_questions(FIXTURE)
    assert [q.id for q in qs] == ["t-1", "t-2", "t-3", "t-4", "t-5", "t-6"]
    assert qs[1].gold == (("ai-act", "art_3"),) and qs[1].facts == ("41 000 000", "9 %")
    assert not qs[5].answerable and qs[5].gold == ()


def test_duplicate_gold_is_collapsed(tmp_path):
    p = tmp_path / "q.jsonl"
    p.write_text(_line(gold=[{"doc": "a", "unit": "b"}, {"doc": "a", "unit": "b"}]) + "\n")
    assert load_questions(p)[0].gold == (("a", "b"),)


@pytest.mark.parametrize("second,message", [
    ("{not json", "line 3: invalid JSON"),
    ("[1, 2]", "line 3: not a JSON object"),
    (_line(id="q2", type="opinion"), "line 3: type 'opinion'"),
    (_line(id="q2", gold="art_1"), "line 3: key 'gold' missing or not a list"),
    (_line(id="q2", type="unanswerable"), "line 3: gold must be empty"),
    (_line(id="q2", gold=[{"doc": "x"}]), "line 3: gold entry"),
    (_line(), "line 3: duplicate id 'q1'"),
])
def test_bad_lines_name_the_line(tmp_path, second, message):
    p = tmp_path / "q.jsonl"
    p.write_text(_line() + "\n\n" + second + "\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=message.replace("(", r"\(").replace("[", r"\[")):
        load_questions(p)


def test_missing_and_empty_files(tmp_path):
    with pytest.raises(DatasetError, match="dataset not found"):
        load_questions(tmp_path / "nope.jsonl")
    (tmp_path / "empty.jsonl").write_text("\n")
    with pytest.raises(DatasetError, match="no questions"):
        load_questions(tmp_path / "empty.jsonl")


def test_read_and_select_ids(tmp_path):
    qs = load_questions(FIXTURE)
    p = tmp_path / "ids.txt"
    p.write_text("# header\nt-3\n\nt-1  # trailing comment\nt-3\n")
    assert read_ids(p) == ["t-3", "t-1", "t-3"]
    assert [q.id for q in select_ids(qs, read_ids(p))] == ["t-3", "t-1"]
    with pytest.raises(DatasetError, match="unknown question id.*t-9"):
        select_ids(qs, ["t-1", "t-9"])
    (tmp_path / "none.txt").write_text("# only a comment\n")
    with pytest.raises(DatasetError, match="names no ids"):
        read_ids(tmp_path / "none.txt")


def _synthetic() -> list[Question]:
    sizes = {("en", "factoid"): 20, ("en", "lookup"): 5, ("de", "crosslingual"): 12, ("de", "unanswerable"): 2,
             ("fr", "factoid"): 1}
    return [Question(f"{lang}-{typ}-{i}", "?", lang, typ, () if typ == "unanswerable" else (("d", "u"),), ())
            for (lang, typ), n in sizes.items() for i in range(n)]


def test_stratified_sample_quota_and_determinism():
    qs = _synthetic()                              # 40 questions, 5 cells
    s = stratified_sample(qs, 10)
    # one per cell, then 5 more over the spare sizes 19, 4, 11, 1, 0 (sum 35): 2.71, .57, 1.57, .14, 0
    # → floors 2, 0, 1, 0, 0 and the two largest remainders (.71, .57 / .57 tie broken by cell name)
    cells = Counter((q.lang, q.type) for q in s)
    assert cells == {("en", "factoid"): 4, ("en", "lookup"): 1, ("de", "crosslingual"): 3,
                     ("de", "unanswerable"): 1, ("fr", "factoid"): 1}
    assert {q.id for q in s} == {q.id for q in stratified_sample(list(reversed(qs)), 10)}
    assert [q.id for q in s] == [q.id for q in qs if q in s]       # dataset order
    assert len(stratified_sample(qs, 40)) == 40


def test_stratified_sample_rejects_impossible_sizes():
    with pytest.raises(DatasetError, match="cannot draw 4 questions over 5"):
        stratified_sample(_synthetic(), 4)
    with pytest.raises(DatasetError):
        stratified_sample(_synthetic(), 41)


def test_quick_ids_cover_every_lang_type_cell_of_the_dev_set():
    ids = read_ids(REPO / "eval" / "quick_ids.txt")
    qs = load_questions(REPO / "eval" / "questions.jsonl")
    assert len(ids) == len(set(ids)) == 100
    quick = select_ids(qs, ids)
    assert {(q.lang, q.type) for q in quick} == {(q.lang, q.type) for q in qs}     # all 24 languages
    assert [q.id for q in stratified_sample(qs, 100)] == [q.id for q in quick]       # drawn by the rule
