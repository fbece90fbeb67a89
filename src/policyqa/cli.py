"""`policyqa` command line: index, ask, show, corpus fetch. Errors are one line on stderr, exit 2."""
from __future__ import annotations

import argparse
import json
import os
import sys
import textwrap
from pathlib import Path

from policyqa.errors import run_main


def _split(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    out = [v.strip() for item in values for v in item.split(",") if v.strip()]
    return out or None


def _settings(args):
    from policyqa.config import Settings
    return Settings.load(args.config, corpus=args.corpus, index=args.index, model=args.model,
                         **{k: v for k, v in vars(args).items()
                            if k in ("retriever", "answerer", "llm_url", "llm_model", "top_k", "vector_backend", "milvus_uri")
                            and v is not None})


def cmd_index(args) -> int:
    s = _settings(args)
    if args.verify:
        from policyqa.indexing.store import verify_index
        print(verify_index(s.index))
        return 0
    from policyqa.indexing.builder import build_index
    executor = None
    if args.ray:                              # connect first: an unreachable cluster fails before any write
        from policyqa.indexing.distributed import RayExecutor
        executor = RayExecutor(args.ray, s.model, s.quantize)
    try:
        report = build_index(s, progress=not args.quiet, force=args.force, executor=executor)
    finally:
        if executor is not None:
            executor.close()
    print(report.summary())
    return 0


def _print_answer(result: dict) -> None:
    from policyqa.answer.messages import SEE_ALSO, message

    print(result["answer"])
    if result.get("see_also"):
        print(f"\n{message(SEE_ALSO, result['language'])}:")
        for s in result["see_also"]:
            print(f"  {s['title']} — {s['local_label']}" + (f"  {s['url']}" if s.get("url") else ""))
    if result["citations"]:
        print()
        for c in result["citations"]:
            print(f"[{c['n']}] {c['title']} — {c['label']} ({c['lang']})")
            passage = c["text"] if len(c["text"]) <= 700 else c["text"][:700].rsplit(" ", 1)[0] + " …"
            print(textwrap.indent(textwrap.fill(passage, 100), "    "))
            if c.get("url"):
                print(f"    {c['url']}")


def cmd_ask(args) -> int:
    from policyqa.pipeline import Pipeline, check_question
    s = _settings(args)
    question = check_question(" ".join(args.question), s.max_question_chars)   # fail fast, before loading
    qa = Pipeline.open(s)
    result = qa.ask(question, lang=args.lang, docs=_split(args.doc), langs=_split(args.langs))
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        _print_answer(result)
    return 0


def cmd_show(args) -> int:
    from policyqa.indexing.store import load_index
    from policyqa.pipeline import QuestionError, provision_versions
    from policyqa.provisions import parse_references
    s = _settings(args)
    index = load_index(s.index)               # no model: showing a provision embeds nothing
    from policyqa.text import clean_text
    named = " ".join(clean_text(" ".join(args.provision)).split())
    refs = parse_references(named)
    if not refs:
        raise QuestionError(f"no provision named in {named!r} (e.g. \"Article 5\", \"Anhang III\")")
    ref = refs[0]
    doc = ref.doc or (_split(args.doc) or [None])[0]
    if doc is None:
        raise QuestionError("name the act too, e.g. \"Article 5 AI Act\" or --doc ai-act")
    versions = provision_versions(index, doc, ref.unit, ref.paragraph, ref.point)
    if not versions:
        raise QuestionError(f"{doc} has no {ref.unit} in this index")
    if args.json:
        print(json.dumps(versions, ensure_ascii=False, indent=2))
    else:
        for v in versions:
            print(f"== {v['lang']} — {v['heading'] or v['label']}\n{v['text']}\n")
    return 0


def cmd_corpus_fetch(args) -> int:
    from policyqa.corpus_fetch import fetch
    from policyqa.sources import REPO_ROOT
    dest = Path(args.dest) if args.dest else REPO_ROOT / "corpus"
    paths = fetch(dest, langs=_split(args.lang) or ["en"], docs=_split(args.doc))
    print(f"fetched {len(paths)} file(s) into {dest}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="policyqa", description="Question answering over EU policy and law, with cited provisions.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--corpus", help="corpus folder (default: $POLICYQA_CORPUS, else ./corpus)")
    common.add_argument("--index", help="index folder (default: $POLICYQA_INDEX, else ./index)")
    common.add_argument("--model", help="embedding model: e5-small (default), minilm, a local folder or a HF name")
    common.add_argument("--config", help="YAML settings file (default: $POLICYQA_CONFIG)")
    sub = p.add_subparsers(dest="command", required=True)

    pi = sub.add_parser("index", parents=[common], help="build or update the index")
    pi.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    pi.add_argument("--quiet", action="store_true", help="no progress bar")
    pi.add_argument("--backend", dest="vector_backend", choices=["faiss", "milvus"],
                    help="vector store (default faiss; the index records it, so ask/app need no flag)")
    pi.add_argument("--milvus-uri", dest="milvus_uri",
                    help="with --backend milvus: a file (Milvus Lite; default <index>/milvus.db) or http://host:port")
    pi.add_argument("--verify", action="store_true",
                    help="check the index against its checksums and load it (no model, no build)")
    pi.add_argument("--ray", metavar="auto|ADDRESS",
                    help="chunk and embed on a Ray cluster: auto (this machine's cluster or $RAY_ADDRESS), "
                         "host:port of the head, or ray://host:port")
    pi.set_defaults(func=cmd_index)

    pa = sub.add_parser("ask", parents=[common], help="ask a question")
    pa.add_argument("question", nargs="+")
    pa.add_argument("--doc", action="append", help="only these document families (e.g. ai-act,gdpr)")
    pa.add_argument("--langs", action="append", help="only passages in these languages")
    pa.add_argument("--lang", help="the question's language (default: detected)")
    pa.add_argument("--json", action="store_true", help="print the JSON result")
    pa.add_argument("--retriever", choices=["hybrid", "dense", "bm25"])
    pa.add_argument("--answerer", choices=["extractive", "llm"])
    pa.add_argument("--llm-url", dest="llm_url", help="OpenAI-compatible endpoint (with --answerer llm)")
    pa.add_argument("--llm-model", dest="llm_model")
    pa.add_argument("--top-k", dest="top_k", type=int)
    pa.set_defaults(func=cmd_ask)

    ps = sub.add_parser("show", parents=[common], help="a provision in every language version")
    ps.add_argument("provision", nargs="+", help='e.g. "Article 5 AI Act", "Anhang III KI-VO"')
    ps.add_argument("--doc", action="append")
    ps.add_argument("--json", action="store_true")
    ps.set_defaults(func=cmd_show)

    pc = sub.add_parser("corpus", help="manage the corpus folder")
    csub = pc.add_subparsers(dest="corpus_command", required=True)
    pf = csub.add_parser("fetch", help="download the official EUR-Lex pages of the known acts (needs internet)")
    pf.add_argument("--lang", action="append", help="languages, e.g. nl,de (default: en)")
    pf.add_argument("--doc", action="append", help="families (default: all with a CELEX number)")
    pf.add_argument("--dest", help="target folder (default: ./corpus)")
    pf.set_defaults(func=cmd_corpus_fetch)
    return p


# Commands that only read. Run as the program (argv from the command line), they end the process as soon as
# their output is flushed and the atexit handlers have run, skipping the interpreter's teardown of torch,
# llama-index & co. (~1 s of a cold `policyqa ask`, measured).
FAST_EXIT_COMMANDS = ("ask", "show")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    code = run_main("policyqa", lambda: args.func(args))
    if argv is None and args.command in FAST_EXIT_COMMANDS:
        exit_now(code)
    return code


def exit_now(code: int) -> None:
    """Flush stdout/stderr, run the atexit handlers, end the process with `code` (no teardown)."""
    import atexit

    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:                     # e.g. `policyqa ask … | head`: what Python's own exit reports too
        code = code or 120
    atexit._run_exitfuncs()
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main())
