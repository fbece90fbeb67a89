"""The dev and held-out question sets pass their checker; the checker catches broken datasets."""
from __future__ import annotations

import importlib.util
import json
import os
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DATASET = REPO / "eval" / "questions.jsonl"
HELDOUT = REPO / "eval" / "heldout.jsonl"

_spec = importlib.util.spec_from_file_location("check_dataset", REPO / "eval" / "check_dataset.py")
cd = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cd)

LANGS = ("en", "nl", "fr", "de", "es", "it", "pl")
FAMILIES = ("ai-act", "gdpr", "data-act", "dsa", "dma", "nis2", "coordinated-plan")


def _shared_corpus() -> Path:
    env = os.environ.get("POLICYQA_TEST_CORPUS")
    root = Path(env) if env else REPO.parent / "shared" / "corpus"
    if not root.is_dir():
        pytest.skip(f"shared corpus not found at {root}")
    return root


def _questions(path: Path = DATASET) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.corpus
def test_dev_set_has_no_problems():
    assert cd.check(DATASET, _shared_corpus()) == []


def test_dev_set_coverage():
    qs = _questions()
    assert len(qs) >= 220
    langs = Counter(q["lang"] for q in qs)
    assert all(langs[lang] >= 20 for lang in LANGS), langs
    types = Counter(q["type"] for q in qs)
    assert set(types) == set(cd.TYPES) and types["unanswerable"] >= 20, types
    fams = Counter(g["doc"] for q in qs for g in {g["doc"]: g for g in q["gold"]}.values())
    assert all(fams[f] >= 12 for f in FAMILIES if f != "coordinated-plan"), fams
    assert fams["coordinated-plan"] >= 8, fams
    lookups = [q for q in qs if q["type"] == "lookup"]
    assert len(lookups) >= 30 and len({q["lang"] for q in lookups}) >= 6


def test_dev_set_covers_all_24_languages():
    """Issue 8: every EU language; in each language without a corpus version, cross-lingual questions on all
    six acts; at least 100 unanswerable questions, in every language."""
    qs = _questions()
    langs = Counter(q["lang"] for q in qs)
    assert set(langs) == cd.EU_LANGS and min(langs.values()) >= 12, langs
    no_version = cd.EU_LANGS - {"en", "fr", "nl", "de", "pl"}
    for lang in sorted(no_version - set(LANGS)):
        acts = {g["doc"] for q in qs if q["lang"] == lang and q["type"] == "crosslingual" for g in q["gold"]}
        assert acts >= set(FAMILIES) - {"coordinated-plan"}, (lang, acts)
    unanswerable = [q for q in qs if q["type"] == "unanswerable"]
    assert len(unanswerable) >= 100 and {q["lang"] for q in unanswerable} == cd.EU_LANGS


def test_dev_set_ids_follow_family():
    for q in _questions():
        fam = "none" if q["type"] == "unanswerable" else q["gold"][0]["doc"]
        assert q["id"].startswith(f"dev-{fam}-"), q["id"]


# --- the held-out set (never tuned on; see eval/README.md) ----------------------------------

@pytest.mark.corpus
def test_heldout_set_has_no_problems():
    assert cd.check(HELDOUT, _shared_corpus()) == []


def test_heldout_set_coverage():
    qs = _questions(HELDOUT)
    assert len(qs) >= 180
    langs = Counter(q["lang"] for q in qs)
    assert set(langs) == cd.EU_LANGS and min(langs.values()) >= 6, langs
    types = Counter(q["type"] for q in qs)
    assert set(types) == set(cd.TYPES) and types["unanswerable"] >= 40, types
    assert 0.12 <= types["lookup"] / len(qs) <= 0.18, types
    fams = Counter(g["doc"] for q in qs for g in {g["doc"]: g for g in q["gold"]}.values())
    assert all(fams[f] >= 15 for f in FAMILIES if f != "coordinated-plan"), fams


def test_heldout_ids_follow_family():
    for q in _questions(HELDOUT):
        fam = "none" if q["type"] == "unanswerable" else q["gold"][0]["doc"]
        assert q["id"].startswith(f"ho-{fam}-"), q["id"]


def test_dev_and_heldout_share_no_id_or_question():
    assert cd.overlap_problems([DATASET, HELDOUT]) == []


# --- the checker on small broken datasets, against a tiny invented corpus ---------------

@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "toy-act").mkdir(parents=True)
    (root / "toy-act" / "en.md").write_text(
        "# Toy Act\n<!-- id: rct_1 -->\n(1) Toys should be safe.\n<!-- id: cpt_I -->\n## CHAPTER I\n"
        "<!-- id: art_1 -->\n#### Article 1 — Fines\nFines reach EUR 12 500 000 or 4 % of turnover.\n"
        "<!-- id: art_2 -->\n#### Article 2 — Dates\nApplies from 1 May 2031.\n", encoding="utf-8")
    (root / "toy-act" / "fr.md").write_text(
        "# Acte jouet\n<!-- id: art_1 -->\n#### Article premier — Amendes\nJusqu'à 12 500 000 EUR.\n"
        "<!-- id: art_3 -->\n#### Article 3 — Champ\nS'applique aux jouets d'été.\n", encoding="utf-8")
    return root


def _q(**over) -> dict:
    q = {"id": "t-1", "question": "How high are fines?", "lang": "en", "type": "factoid",
         "gold": [{"doc": "toy-act", "unit": "art_1"}], "facts": ["12 500 000"], "answer": "Up to 12.5 M."}
    q.update(over)
    return q


def _run(tmp_path: Path, corpus: Path, *qs: dict | str) -> list[str]:
    path = tmp_path / "qs.jsonl"
    path.write_text("\n".join(q if isinstance(q, str) else json.dumps(q) for q in qs) + "\n", encoding="utf-8")
    return cd.check(path, corpus)


def test_valid_dataset_passes(tmp_path, corpus):
    ok = [_q(),
          _q(id="t-2", lang="de", type="crosslingual", question="Wie hoch?", facts=["4 %"]),
          _q(id="t-3", lang="en", type="crosslingual", gold=[{"doc": "toy-act", "unit": "art_3"}],
             facts=["jouets"], question="Which toys?"),
          _q(id="t-4", type="lookup", question="What does Article 2 say?",
             gold=[{"doc": "toy-act", "unit": "art_2"}], facts=["2031"]),
          _q(id="t-6", type="lookup", question="What is in Annex IV?", facts=[]),
          _q(id="t-5", type="unanswerable", gold=[], facts=[], question="Tax rate in Ruritania?")]
    assert _run(tmp_path, corpus, *ok) == []


def test_duplicate_id(tmp_path, corpus):
    assert _run(tmp_path, corpus, _q(), _q()) == ["t-1: duplicate id"]


def test_unknown_unit_and_unknown_doc(tmp_path, corpus):
    probs = _run(tmp_path, corpus, _q(gold=[{"doc": "toy-act", "unit": "art_9"}], facts=[]),
                 _q(id="t-2", gold=[{"doc": "nope", "unit": "art_1"}], facts=[]))
    assert "t-1: gold unit toy-act/art_9 not in corpus" in probs
    assert "t-2: gold unit nope/art_1 not in corpus" in probs


def test_missing_fact(tmp_path, corpus):
    # the fact exists in the corpus, but not in the gold unit
    assert _run(tmp_path, corpus, _q(facts=["2031"])) == ["t-1: fact '2031' not found in any gold unit"]


def test_fact_matching_ignores_case_spaces_and_punctuation(tmp_path, corpus):
    assert _run(tmp_path, corpus, _q(facts=["12500000", "4%", "EUR 12 500 000"])) == []


def test_wrong_types(tmp_path, corpus):
    probs = _run(tmp_path, corpus,
                 _q(id="a", type="crosslingual"),                              # gold exists in en
                 _q(id="b", gold=[{"doc": "toy-act", "unit": "art_3"}], facts=[]),  # factoid, no en unit
                 _q(id="c", type="unanswerable"),                              # gold not empty
                 _q(id="d", gold=[], facts=[]),                                # empty gold, not unanswerable
                 _q(id="e", type="lookup", question="Can I see the fines?"),   # names no number
                 _q(id="f", type="opinion"))
    assert "a: crosslingual but a gold unit exists in en" in probs
    assert "b: factoid but no gold unit exists in en (use crosslingual)" in probs
    assert "c: unanswerable questions, and only they, must have empty gold" in probs
    assert "d: unanswerable questions, and only they, must have empty gold" in probs
    assert "e: lookup question names no article/annex/recital number" in probs
    assert any(p.startswith("f: type 'opinion'") for p in probs)


def test_shape_problems(tmp_path, corpus):
    bad_keys = _q(id="k")
    del bad_keys["answer"]
    bad_keys["extra"] = 1
    probs = _run(tmp_path, corpus, "{not json", bad_keys, _q(id="l", lang="xx"),
                 _q(id="m", facts=["1", "2", "3", "4"]), _q(id="n", gold=["art_1"]),
                 _q(id="o", facts="12"), _q(id="p", gold=[{"doc": "toy-act", "unit": "cpt_I"}], facts=[]))
    assert probs[0].startswith("line 1: invalid JSON")
    assert "k: keys wrong (missing ['answer'], unexpected ['extra'])" in probs
    assert "l: lang 'xx' is not an EU language code" in probs
    assert "m: more than 3 facts" in probs
    assert any(p.startswith("n: gold entry 'art_1'") for p in probs)
    assert "o: facts must be list" in probs
    assert any(p.startswith("p: gold unit toy-act/cpt_I is a chapter") for p in probs)


def test_main_exit_codes(tmp_path, corpus, capsys):
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps(_q()) + "\n", encoding="utf-8")
    assert cd.main([str(good), "--corpus", str(corpus)]) == 0
    assert "1 questions, 0 problems" in capsys.readouterr().out
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(_q(facts=["999"])) + "\n", encoding="utf-8")
    assert cd.main([str(bad), "--corpus", str(corpus)]) == 1
    assert cd.main([str(good), "--corpus", str(tmp_path / "missing")]) == 2
    assert "corpus directory not found" in capsys.readouterr().err


def _write(path: Path, *qs: dict) -> Path:
    path.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in qs), encoding="utf-8")
    return path


def test_id_prefix_follows_the_file_name(tmp_path, corpus):
    ok = [_q(id="ho-toy-act-001"), _q(id="ho-none-001", type="unanswerable", gold=[], facts=[])]
    assert cd.check(_write(tmp_path / "heldout.jsonl", *ok), corpus) == []
    bad = [_q(id="dev-toy-act-001"), _q(id="ho-nope-002"), _q(id="ho-toy-act-7"),
           _q(id="ho-toy-act-004", type="unanswerable", gold=[], facts=[])]
    assert cd.check(_write(tmp_path / "heldout.jsonl", *bad), corpus) == [
        "dev-toy-act-001: id must read ho-toy-act-NNN", "ho-nope-002: id must read ho-toy-act-NNN",
        "ho-toy-act-7: id must read ho-toy-act-NNN", "ho-toy-act-004: id must read ho-none-NNN"]
    assert cd.check(_write(tmp_path / "questions.jsonl", _q(id="ho-toy-act-001")), corpus) == [
        "ho-toy-act-001: id must read dev-toy-act-NNN"]
    assert cd.check(_write(tmp_path / "other.jsonl", _q(id="t-1")), corpus) == []   # other files: any id


def test_overlap_of_ids_and_normalised_questions(tmp_path):
    dev = _write(tmp_path / "questions.jsonl", _q(id="dev-toy-act-001", question="How high are the fines?"),
                 _q(id="dev-toy-act-002", question="Which toys?"))
    held = _write(tmp_path / "heldout.jsonl", _q(id="dev-toy-act-002", question="Something else?"),
                  _q(id="ho-toy-act-001", question="  how HIGH are\tthe fines? "),
                  _q(id="ho-toy-act-002", question="How high are the fines today?"))
    assert cd.overlap_problems([dev, held]) == [
        "dev-toy-act-002: id also in questions.jsonl",
        "ho-toy-act-001: question also in questions.jsonl (dev-toy-act-001)"]
    assert cd.overlap_problems([held]) == []


def test_main_checks_a_file_against_its_partner(tmp_path, corpus, capsys):
    dev = _write(tmp_path / "questions.jsonl", _q(id="dev-toy-act-001"))
    held = _write(tmp_path / "heldout.jsonl", _q(id="ho-toy-act-001", question="how high are fines?"))
    assert cd.main([str(held), "--corpus", str(corpus)]) == 1   # same question as the dev file next to it
    out = capsys.readouterr().out
    assert "ho-toy-act-001: question also in questions.jsonl (dev-toy-act-001)" in out
    _write(held, _q(id="ho-toy-act-001", question="What are the fines for toys?"))
    assert cd.main([str(held), "--corpus", str(corpus)]) == 0
    assert cd.main([str(dev), str(held), "--corpus", str(corpus)]) == 0


def test_main_without_file_checks_both_sets(tmp_path, corpus, capsys, monkeypatch):
    dev = _write(tmp_path / "questions.jsonl", _q(id="dev-toy-act-001"))
    held = _write(tmp_path / "heldout.jsonl", _q(id="ho-toy-act-001", facts=["999"], question="Fines?"))
    monkeypatch.setattr(cd, "DEFAULT_FILES", (dev, held))
    assert cd.main(["--corpus", str(corpus)]) == 1
    out = capsys.readouterr().out
    assert "questions.jsonl: 1 questions, 0 problems" in out
    assert "heldout.jsonl: 1 questions, 1 problems" in out
    assert "ho-toy-act-001: fact '999' not found in any gold unit" in out


@pytest.mark.parametrize("question", ["Co stanoví příloha III aktu o UI?", "Mit tartalmaz a III. melléklet?",
                                      "Ko nosaka III pielikums?", "Wat staat in bijlage IV?"])
def test_lookup_names_an_annex_in_any_language(tmp_path, corpus, question):
    assert _run(tmp_path, corpus, _q(type="lookup", question=question, facts=[])) == []
