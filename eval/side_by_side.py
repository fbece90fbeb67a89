"""Print two or more eval reports side by side (Markdown): e.g. the dev and the held-out set.

    python eval/side_by_side.py dev=eval/out/dev/report.json held-out=eval/out/heldout/report.json

Prints the overall figures, then one table per breakdown (language group, question type, language), each
metric with one column per report. The reports are the `report.json` files `eval/run.py` writes.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from policyqa.evaluation import side_by_side

GROUPS = [("overall", "Overall"), ("by_lang_group", "By language group"), ("by_type", "By question type"),
          ("by_lang", "By question language")]


def _named(arg: str) -> tuple[str, Path]:
    name, sep, path = arg.partition("=")
    if not sep or not name or not path:
        raise argparse.ArgumentTypeError(f"expected NAME=REPORT.json, not {arg!r}")
    return name, Path(path)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="eval/side_by_side.py", description=__doc__.splitlines()[0])
    p.add_argument("reports", nargs="+", type=_named, metavar="NAME=REPORT.json")
    args = p.parse_args(argv)
    reports = {}
    for name, path in args.reports:
        try:
            reports[name] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            print(f"error: cannot read report {path}: {e}", file=sys.stderr)
            return 2
        if "overall" not in reports[name]:
            print(f"error: {path} is not an eval/run.py report (no 'overall')", file=sys.stderr)
            return 2
    for key, title in GROUPS:
        print(f"### {title}\n\n{side_by_side(reports, key)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
