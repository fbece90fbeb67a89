"""The ask path: question → language → retrieval → answer → the `ask --json` structure.

    qa = Pipeline.open(Settings.load(corpus="../shared/corpus"))
    result = qa.ask("Mag mijn werkgever AI gebruiken om mijn emoties te lezen?")

`ask()` returns the public JSON contract (README, "JSON output"), its size bounded
(policyqa.answer.bounds); the CLI, the web app and the eval script all call it.
"""
from __future__ import annotations

import time
from typing import Any

from policyqa import languages
from policyqa.answer.base import Answer
from policyqa.answer.bounds import bound_result
from policyqa.chunking.chunker import reference_span
from policyqa.config import Settings
from policyqa.indexing.store import LoadedIndex, load_index
from policyqa.retrieval.retriever import RetrievalConfig, Retriever
from policyqa.provisions import unit_label
from policyqa.sources import provision_url, title_languages
from policyqa.text import clean_text

SHORT_QUESTION_WORDS = 6


class QuestionError(ValueError):
    """The question cannot be asked as given (empty, too long, unknown filter or language)."""


def check_question(question: str, limit: int) -> str:
    """The question cleaned (`policyqa.text.clean_text`: no lone surrogates, control characters or NUL;
    NFC) with white space folded; QuestionError when empty or longer than `limit` characters. Every door
    (CLI, Python API, web API, chat) goes through it: `Pipeline.ask` calls it."""
    if isinstance(question, (bytes, bytearray)):
        question = bytes(question).decode("utf-8", "replace")
    q = " ".join(clean_text(str(question)).split()) if question is not None else ""
    if not q:
        raise QuestionError("the question is empty")
    if len(q) > limit:
        raise QuestionError(f"the question is too long ({len(q)} characters; the limit is {limit})")
    return q


class Pipeline:
    def __init__(self, settings: Settings, index: LoadedIndex, embedder):
        self.settings = settings
        self.index = index
        self.embedder = embedder
        self.retriever = Retriever(index, embedder, RetrievalConfig(rrf_k=settings.rrf_k))
        self.answerer = self._make_answerer()

    @classmethod
    def open(cls, settings: Settings, embedder=None) -> "Pipeline":
        """Load the index at `settings.index` and the embedder that built it (a clear error on mismatch).

        The embedder is loaded with `engine="auto"`: the light encoder (same vectors, seconds less start-up)
        where the model allows it."""
        from policyqa.embeddings.factory import load_embedder
        from policyqa.indexing.manifest import IndexFileError

        index = load_index(settings.index, lexical_backend=settings.lexical_backend)
        embedder = embedder or load_embedder(settings.model, quantize=settings.quantize, engine="auto")
        if embedder.model_id != index.manifest.model or embedder.dim != index.manifest.dim:
            raise IndexFileError(
                f"index at {settings.index} was built with {index.manifest.model} (dim {index.manifest.dim}) "
                f"but the model in use is {embedder.model_id} (dim {embedder.dim}): rebuild with "
                "`policyqa index` or choose that model with --model")
        return cls(settings, index, embedder)

    def _make_answerer(self):
        s = self.settings
        if s.answerer == "llm":
            from policyqa.answer.llm import LLMAnswerer
            return LLMAnswerer(self.index, self.embedder, url=s.llm_url, model=s.llm_model,
                               api_key=s.llm_api_key, threshold=s.abstain_threshold)
        from policyqa.answer.extractive import ExtractiveAnswerer
        return ExtractiveAnswerer(self.index, self.embedder, max_sentences=s.max_sentences,
                                  threshold=s.abstain_threshold)

    # -- input checks ----------------------------------------------------------------------------------
    def check_question(self, question: str) -> str:
        return check_question(question, self.settings.max_question_chars)

    def question_language(self, question: str, lang: str | None = None) -> str:
        if lang:
            return languages.check_language(lang)
        found = languages.detect_language(question)
        hints = title_languages(question)
        if len(hints) == 1 and found not in hints and len(question.split()) <= SHORT_QUESTION_WORDS:
            return hints.pop()      # "Artikel 99 AI-verordening": too short to detect, the act's name tells
        if found:
            return found
        if languages.eu_script_share(question) < 0.5:
            raise QuestionError("the question is not written in an official EU language "
                                "(pass --lang to override)")
        return "en"

    def check_filters(self, docs: list[str] | None, langs: list[str] | None) -> None:
        known = set(self.index.doc_ids)
        bad = [d for d in docs or [] if d not in known]
        if bad:
            raise QuestionError(f"unknown document {', '.join(bad)} (this index has: {', '.join(sorted(known))})")
        for code in langs or []:
            languages.check_language(code)

    # -- the ask -----------------------------------------------------------------------------------------
    def ask(self, question: str, *, lang: str | None = None, docs: list[str] | None = None,
            langs: list[str] | None = None, retriever: str | None = None, top_k: int | None = None,
            context: str | None = None) -> dict[str, Any]:
        """Answer `question`; `context` (e.g. the previous question of a chat) helps a follow-up retrieve."""
        q = self.check_question(question)
        lang, docs, langs = _clean_opt(lang), _clean_list(docs), _clean_list(langs)
        context = " ".join(clean_text(str(context)).split()) if context else None
        qlang = self.question_language(q, lang)
        self.check_filters(docs, langs)
        query = q if not context else f"{q}\n{context}"
        def retrieve(passage_langs: list[str] | None):
            return self.retriever.run(query, lang=qlang, docs=docs or None, langs=passage_langs,
                                      mode=retriever or self.settings.retriever, top_k=top_k or self.settings.top_k)

        retrieval = retrieve(langs or None)
        # the passage-language filter picks which versions are quoted, not whether the law answers: answerability
        # is judged on the same question retrieved without it (an English question shown German passages
        # scores lower on every lexical and cosine feature, and the model would abstain on it)
        judge = retrieve(None) if langs else None
        answer: Answer = self.answerer.run(q, qlang, retrieval, judge=judge)
        return bound_result({
            "question": q,
            "language": qlang,
            "answer": answer.text,
            "abstained": answer.abstained,
            "citations": [c.to_dict() for c in answer.citations],
            "see_also": answer.see_also,
            "retrieved": [{"doc": h.doc, "unit": h.unit, "lang": h.lang, "score": h.score,
                           "label": self.index.chunks[h.row].label, "origin": self.index.chunks[h.row].origin}
                          for h in retrieval.hits],
            "timings_ms": {"retrieve": round(retrieval.ms + (judge.ms if judge else 0.0), 2),
                           "answer": round(answer.ms, 2)},
        })

    def versions(self, doc: str, unit: str, paragraph: str | None = None,
                 point: str | None = None) -> list[dict[str, Any]]:
        """The same provision in every language version of the index, in language order."""
        return provision_versions(self.index, doc, unit, paragraph, point)


def _clean_opt(value: str | None) -> str | None:
    return clean_text(str(value)).strip() or None if value else None


def _clean_list(values: list[str] | None) -> list[str] | None:
    return [clean_text(str(v)).strip() for v in values] if values else values


def provision_versions(index: LoadedIndex, doc: str, unit: str, paragraph: str | None = None,
                       point: str | None = None) -> list[dict[str, Any]]:
    """The same provision in every language version of `index`, in language order (no model needed:
    `policyqa show` uses it without loading one). For a paragraph or point, each version's `focus` is
    the [start, end] span of it in `text` (None when that version does not mark it), and `url` opens
    EUR-Lex at it."""
    rows = index.unit_rows.get((doc, unit), [])
    by_lang: dict[str, list[int]] = {}
    for r in rows:
        by_lang.setdefault(index.chunks[r].lang, []).append(r)
    out = []
    for lang in sorted(by_lang):
        cs = sorted((index.chunks[r] for r in by_lang[lang]), key=lambda c: c.start)
        heading = cs[0].heading_path[-1] if cs[0].heading_path else ""
        spans: list[tuple[int, int]] = []
        for exact in (True, False) if paragraph or point else ():
            base = 0                      # the point itself in any chunk, else its paragraph
            for c in cs:
                span = reference_span(c, paragraph, point, exact=exact)
                if span:
                    spans.append((base + span[0], base + span[1]))
                base += len(c.text) + 2
            if spans:
                break
        out.append({"doc": doc, "unit": unit, "lang": lang, "heading": heading,
                    "label": unit_label(unit, heading=heading or None),
                    "text": "\n\n".join(c.text for c in cs),
                    "url": provision_url(cs[0].url, unit, paragraph),
                    "focus": [spans[0][0], spans[-1][1]] if spans else None})
    return out
