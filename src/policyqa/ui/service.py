"""What the web app does, without the web: ask, language versions, uploads, votes.

One `Service` per running app, shared by all sessions. An upload (staff only: `staff_token`, default
`$POLICYQA_STAFF_TOKEN`; none = uploads off) rebuilds the index and swaps in a new `Pipeline`; a question
in flight keeps the pipeline it started with.

`Service(settings, background=True)` answers nothing until `start()` has loaded the model and the
index in a background thread: the index in place answers as soon as it is open, while the build
brings it up to date (or creates it); `status()` says where that is, with the build's progress.
"""
from __future__ import annotations

import sys
import threading
from dataclasses import dataclass, replace
from typing import Any

from policyqa.config import Settings
from policyqa.indexing.builder import BuildProgress
from policyqa.pipeline import Pipeline
from policyqa.provisions import parse_references
from policyqa.retrieval.followup import context_for
from policyqa.sources import family_title
from policyqa.ui.feedback import FeedbackLog, feedback_path
from policyqa.ui.render import language_name
from policyqa.ui.staff import check_token, staff_token_from_env
from policyqa.ui.upload import UploadError, UploadResult, add_upload


class NotReadyError(RuntimeError):
    """A question or lookup before the first index is open."""

    def __init__(self) -> None:
        super().__init__("the index is still being built; ask again when it is ready")


@dataclass(frozen=True)
class Status:
    """Where the app is: `stage` is "model", "opening", a build stage ("reading", "embedding",
    "writing"), "ready" or "failed"; `ready` once an index answers (also while a newer one builds)."""
    stage: str
    ready: bool
    progress: BuildProgress | None = None
    error: str | None = None

    @property
    def busy(self) -> bool:
        return self.stage not in ("ready", "failed")


class Service:
    def __init__(self, settings: Settings, embedder=None, pipeline: Pipeline | None = None,
                 staff_token: str | None = None, *, background: bool = False, wrap_embedder=None):
        self.settings = settings
        self.staff_token = staff_token if staff_token is not None else staff_token_from_env()
        self.qa: Pipeline | None = pipeline
        if self.qa is None and not background:
            self.qa = Pipeline.open(settings, embedder=embedder)
        self._embedder = embedder
        self._wrap_embedder = wrap_embedder        # applied to the model `start()` loads
        self.feedback = FeedbackLog(feedback_path(settings.index))
        self._swap = threading.Lock()
        self._status = Status("ready" if self.qa else "model", ready=self.qa is not None)

    # -- start-up in the background ------------------------------------------------------------------
    def start(self) -> threading.Thread:
        """Load the model, open the index in place (it answers at once) and build or update it from the
        corpus, in a daemon thread; the updated index answers once it is written."""
        thread = threading.Thread(target=self._prepare, name="policyqa-index", daemon=True)
        thread.start()
        return thread

    def status(self) -> Status:
        return self._status

    @property
    def ready(self) -> bool:
        return self.qa is not None

    def _set(self, stage: str, progress: BuildProgress | None = None, error: str | None = None) -> None:
        self._status = Status(stage, ready=self.qa is not None, progress=progress, error=error)

    def _prepare(self) -> None:
        from policyqa.embeddings.factory import load_embedder
        from policyqa.indexing.atomic import current_generation
        from policyqa.indexing.builder import build_index
        from policyqa.indexing.manifest import IndexFileError

        s = self.settings
        try:
            self._set("model")
            embedder = self._embedder or load_embedder(s.model, quantize=s.quantize)
            if self._wrap_embedder is not None:
                embedder = self._wrap_embedder(embedder)
            self._embedder = embedder
            if current_generation(s.index) is not None:
                self._set("opening")
                try:
                    self.qa = Pipeline.open(s, embedder=embedder)
                except IndexFileError as e:         # corrupt, or built with another model: rebuilt below
                    print(f"policyqa: {e}; building it again", file=sys.stderr)
            else:
                print(f"policyqa: no index at {s.index}; building it from {s.corpus} (progress on the page) …",
                      file=sys.stderr)
            with self._swap:
                report = build_index(s, embedder=embedder, progress=True,
                                     on_progress=lambda p: self._set(p.stage, replace(p)))
                if self.qa is None or not report.up_to_date:
                    self.qa = Pipeline.open(s, embedder=embedder)
            print(f"policyqa: {report.summary()}", file=sys.stderr, flush=True)
            self._set("ready")
        except Exception as e:  # shown on the page; the index in place (if any) keeps answering
            message = " ".join(str(e).split()) or type(e).__name__
            print(f"policyqa: error: {message}", file=sys.stderr, flush=True)
            self._set("failed", error=message)

    # -- asking ------------------------------------------------------------------------------------
    def ask(self, question: str, *, history: list[str] | None = None, docs: list[str] | None = None,
            langs: list[str] | None = None, lang: str | None = None, context: str | None = None) -> dict[str, Any]:
        """`Pipeline.ask`, with the follow-up context taken from `history` (earlier questions) unless
        `context` is given."""
        qa = self._pipeline()
        if context is None and history:
            context = context_for(question, history)
        return qa.ask(question, lang=lang, docs=docs or None, langs=langs or None, context=context)

    def versions(self, doc: str, unit: str, label: str | None = None) -> list[dict[str, Any]]:
        """Every language version of a provision; with a citation's `label` ("Article 5(1)(f)"), each
        marks that paragraph/point (`focus`)."""
        ref = next((r for r in parse_references(label or "") if r.unit == unit), None)
        return self._pipeline().versions(doc, unit, ref.paragraph if ref else None, ref.point if ref else None)

    def _pipeline(self) -> Pipeline:
        qa = self.qa
        if qa is None:
            raise NotReadyError()
        return qa

    def version_count(self, doc: str, unit: str) -> int:
        if self.qa is None:
            return 0
        idx = self.qa.index
        return len({idx.chunks[r].lang for r in idx.unit_rows.get((doc, unit), [])})

    # -- choices for the filters ---------------------------------------------------------------------
    def family_choices(self, lang: str = "en") -> list[tuple[str, str]]:
        """(the act's short name in `lang`, family id) of the families in the index (none before it is open)."""
        return [(family_title(d, lang), d) for d in self.qa.index.doc_ids] if self.qa else []

    def language_choices(self) -> list[tuple[str, str]]:
        return [(f"{language_name(c)} ({c})", c) for c in self.qa.index.languages] if self.qa else []

    # -- uploads -----------------------------------------------------------------------------------
    @property
    def uploads_enabled(self) -> bool:
        return bool(self.staff_token)

    def upload(self, path: str, original_name: str, token: str | None) -> UploadResult:
        """Store and index an uploaded file, then serve the updated index; UploadError unless `token` is
        the staff token."""
        check_token(self.staff_token, token)
        if self.qa is None or self._status.busy:
            raise UploadError("the index is still being built; add documents once it is ready")
        with self._swap:
            files = self.qa.index.manifest.files
            existing = {(f["doc"], f["lang"]): p for p, f in files.items()}
            result = add_upload(path, original_name, self.settings, embedder=self.qa.embedder, existing=existing)
            self.qa = Pipeline.open(self.settings, embedder=self.qa.embedder)
            return result

    # -- votes -------------------------------------------------------------------------------------
    def vote(self, turn: dict[str, Any], vote: str, comment: str = "") -> dict[str, Any]:
        return self.feedback.record(question=turn["question"], answer=turn["answer"], citations=turn["citations"],
                                    vote=vote, comment=comment, language=turn.get("language"))
