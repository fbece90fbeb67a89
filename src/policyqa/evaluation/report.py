"""Aggregate question results into metric tables and write report.json, report.md and report.png.

    report = build_report(results, config)                  # one retriever
    report = compare_report({"bm25": r1, "dense": r2, "hybrid": r3}, config)
    print(side_by_side({"dev": dev_report, "held-out": heldout_report}, "by_lang"))   # sets as columns
    paths = write_report(report, "eval/out")
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from policyqa.evaluation.metrics import abstention_scores, mean, percentile, ratio, recall_at, reciprocal_rank
from policyqa.evaluation.runner import QuestionResult

# (key, column title) of every metric, in report order
METRICS: list[tuple[str, str]] = [
    ("n", "questions"),
    ("n_answerable", "answerable"),
    ("recall@1", "Recall@1"),
    ("recall@5", "Recall@5"),
    ("recall@10", "Recall@10"),
    ("mrr@10", "MRR@10"),
    ("ndcg@10", "nDCG@10"),
    ("citation_accuracy", "citation acc."),
    ("n_with_facts", "with facts"),
    ("fact_accuracy", "fact acc. (answer)"),
    ("facts_in_sources", "fact acc. (answer+sources)"),
    ("abstention_precision", "abstention P"),
    ("abstention_recall", "abstention R"),
    ("abstention_f1", "abstention F1"),
    ("false_abstention_rate", "false abstention"),
    ("lang_accuracy", "language detection"),
    ("retrieve_ms_p50", "retrieve p50 ms"),
    ("retrieve_ms_p95", "retrieve p95 ms"),
    ("answer_ms_p50", "answer p50 ms"),
    ("answer_ms_p95", "answer p95 ms"),
    ("answer_chars_p50", "answer length p50 (chars)"),
    ("errors", "rejected"),
]
# the columns of the per-language / per-type / cross-lingual tables
BREAKDOWN_COLUMNS = ["n", "n_answerable", "recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10",
                     "citation_accuracy", "fact_accuracy", "facts_in_sources", "abstention_f1",
                     "false_abstention_rate", "lang_accuracy", "retrieve_ms_p50"]
CHART_METRICS = ["recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10", "citation_accuracy",
                 "fact_accuracy", "facts_in_sources", "abstention_f1", "lang_accuracy"]
TITLES = dict(METRICS)


def summarize(results: list[QuestionResult]) -> dict[str, Any]:
    """Every metric over a list of results: retrieval, citation and facts over answerable questions,
    abstention, language detection and latency over all."""
    ans = [r for r in results if r.answerable]
    ranks = [r.hit_rank for r in ans]
    facts = [r for r in ans if r.facts_ok is not None]
    timed = [r for r in results if r.error is None]
    out: dict[str, Any] = {
        "n": len(results),
        "n_answerable": len(ans),
        "recall@1": mean([recall_at(k, 1) for k in ranks]),
        "recall@5": mean([recall_at(k, 5) for k in ranks]),
        "recall@10": mean([recall_at(k, 10) for k in ranks]),
        "mrr@10": mean([reciprocal_rank(k, 10) for k in ranks]),
        "ndcg@10": mean([r.ndcg for r in ans]),
        "citation_accuracy": mean([bool(r.cited_gold) for r in ans]),
        "n_with_facts": len(facts),
        "fact_accuracy": mean([bool(r.facts_ok) for r in facts]),
        "facts_in_sources": mean([bool(r.facts_in_sources) for r in facts]),
        **abstention_scores([r.abstained for r in results], [not r.answerable for r in results]),
        "lang_accuracy": ratio(sum(r.detected_lang == r.lang for r in results), len(results)),
        "retrieve_ms_p50": percentile([r.retrieve_ms for r in timed], 50),
        "retrieve_ms_p95": percentile([r.retrieve_ms for r in timed], 95),
        "answer_ms_p50": percentile([r.answer_ms for r in timed], 50),
        "answer_ms_p95": percentile([r.answer_ms for r in timed], 95),
        "answer_chars_p50": percentile([r.answer_chars for r in results if r.answer_chars is not None], 50),
        "errors": len(results) - len(timed),
    }
    return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in out.items()}


def _groups(results: list[QuestionResult], key: Callable[[QuestionResult], str | None]) -> dict[str, dict]:
    groups: dict[str, list[QuestionResult]] = {}
    for r in results:
        k = key(r)
        if k is not None:
            groups.setdefault(k, []).append(r)
    return {k: summarize(groups[k]) for k in sorted(groups)}


def _xl_group(r: QuestionResult) -> str | None:
    return None if r.crosslingual is None else ("crosslingual" if r.crosslingual else "same_language")


def _lang_group(r: QuestionResult) -> str | None:
    return None if r.corpus_lang is None else ("corpus language" if r.corpus_lang else "no corpus version")


def build_report(results: list[QuestionResult], config: dict[str, Any]) -> dict[str, Any]:
    """The report object of one retriever: overall, by_lang, by_type, by_crosslingual, by_lang_group
    (questions in a language the index holds vs in one it does not), per_question.
    Unanswerable questions are in neither cross-lingual group (they have no gold units)."""
    return {
        "n": len(results),
        "overall": summarize(results),
        "by_lang": _groups(results, lambda r: r.lang),
        "by_type": _groups(results, lambda r: r.type),
        "by_crosslingual": _groups(results, _xl_group),
        "by_lang_group": _groups(results, _lang_group),
        "config": config,
        "per_question": [r.to_dict() for r in results],
    }


def compare_report(runs: dict[str, list[QuestionResult]], config: dict[str, Any],
                   main: str = "hybrid") -> dict[str, Any]:
    """`{"retrievers": {name: report}}` plus the report of `main` at the top level."""
    if main not in runs:
        raise ValueError(f"the main retriever {main!r} was not run")
    reports = {name: build_report(res, {**config, "retriever": name}) for name, res in runs.items()}
    return {"retrievers": reports, **reports[main]}


def _reports(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return report.get("retrievers") or {report["config"].get("retriever", "run"): report}


# -- Markdown --------------------------------------------------------------------------------------
def _fmt(key: str, v: Any) -> str:
    if v is None:
        return "–"
    if key.endswith(("_ms_p50", "_ms_p95", "_chars_p50")):
        return f"{v:.0f}"
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


def _table(header: list[str], rows: Iterable[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def overall_table(report: dict[str, Any]) -> str:
    """Metrics as rows, one column per retriever."""
    reps = _reports(report)
    return _table(["metric", *reps], ([TITLES[k], *(_fmt(k, r["overall"].get(k)) for r in reps.values())]
                                      for k, _ in METRICS))


def breakdown_table(groups: dict[str, dict[str, Any]], label: str) -> str:
    """One row per group (language, type, …) with the BREAKDOWN_COLUMNS."""
    return _table([label, *(TITLES[k] for k in BREAKDOWN_COLUMNS)],
                  ([g, *(_fmt(k, m.get(k)) for k in BREAKDOWN_COLUMNS)] for g, m in groups.items()))


def render_markdown(report: dict[str, Any]) -> str:
    cfg = report["config"]
    reps = _reports(report)
    parts = ["# policyqa evaluation", "",
             f"Dataset `{cfg.get('dataset')}` ({report['n']} questions), model `{cfg.get('model')}`, "
             f"answerer `{cfg.get('answerer')}`, top_k {cfg.get('top_k')}, retrievers: {', '.join(reps)}.",
             "", "## Overall", "", overall_table(report)]
    for name, rep in reps.items():
        parts += ["", f"## {name}: by language", "", breakdown_table(rep["by_lang"], "lang"),
                  "", f"## {name}: by type", "", breakdown_table(rep["by_type"], "type"),
                  "", f"## {name}: cross-lingual vs same-language", "",
                  breakdown_table(rep["by_crosslingual"], "evidence"),
                  "", f"## {name}: question language with / without a corpus version", "",
                  breakdown_table(rep.get("by_lang_group", {}), "language group")]
    return "\n".join(parts) + "\n"


SIDE_BY_SIDE_METRICS = ["n", "recall@5", "citation_accuracy", "fact_accuracy", "abstention_f1"]


def side_by_side(reports: dict[str, dict[str, Any]], group: str = "by_lang",
                 metrics: list[str] = SIDE_BY_SIDE_METRICS) -> str:
    """One row per group (`overall`, or a key such as `by_lang`, `by_type`, `by_lang_group`) and, for each
    metric, one column per report (e.g. dev and held-out side by side); a group a report lacks is a dash."""
    names = list(reports)

    def groups(rep: dict[str, Any]) -> dict[str, dict[str, Any]]:
        return {"all": rep["overall"]} if group == "overall" else rep.get(group, {})

    keys = sorted({g for rep in reports.values() for g in groups(rep)})
    header = [group.removeprefix("by_") if group != "overall" else "questions",
              *(f"{TITLES[m]} ({n})" for m in metrics for n in names)]
    rows = ([g, *(_fmt(m, groups(reports[n]).get(g, {}).get(m)) for m in metrics for n in names)] for g in keys)
    return _table(header, rows)


# -- chart -----------------------------------------------------------------------------------------
def render_chart(report: dict[str, Any], path: Path) -> None:
    """Grouped bars: the main metrics per retriever, and Recall@5 per language per retriever."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    reps = _reports(report)
    langs = sorted({lang for r in reps.values() for lang in r["by_lang"]})
    fig = Figure(figsize=(12, 8), layout="constrained")
    FigureCanvasAgg(fig)
    top, bottom = fig.subplots(2, 1)
    width = 0.8 / len(reps)
    for i, (name, rep) in enumerate(reps.items()):
        xs = [j + (i - (len(reps) - 1) / 2) * width for j in range(len(CHART_METRICS))]
        top.bar(xs, [rep["overall"].get(k) or 0.0 for k in CHART_METRICS], width, label=name)
        xs = [j + (i - (len(reps) - 1) / 2) * width for j in range(len(langs))]
        bottom.bar(xs, [(rep["by_lang"].get(lang) or {}).get("recall@5") or 0.0 for lang in langs], width,
                   label=name)
    top.set_xticks(range(len(CHART_METRICS)), [TITLES[k] for k in CHART_METRICS], rotation=20, ha="right")
    top.set_title(f"Overall ({report['n']} questions)")
    bottom.set_xticks(range(len(langs)), langs)
    bottom.set_title("Recall@5 by question language")
    for ax in (top, bottom):
        ax.set_ylim(0, 1.15)
        ax.grid(axis="y", alpha=0.3)
        ax.legend(loc="upper left", ncols=len(reps), fontsize="small")
    fig.savefig(path, dpi=100)


def write_report(report: dict[str, Any], out_dir: str | Path) -> dict[str, Path]:
    """Write report.json, report.md and report.png into `out_dir` (created); return their paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"json": out / "report.json", "md": out / "report.md", "png": out / "report.png"}
    paths["json"].write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    paths["md"].write_text(render_markdown(report), encoding="utf-8")
    render_chart(report, paths["png"])
    return paths
