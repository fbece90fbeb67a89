"""What the web app does, without the web: ask, language versions, uploads, votes.

One `Service` per running app, shared by all sessions. An upload (staff only: `staff_token`, default
`$POLICYQA_STAFF_TOKEN`; none = uploads off) rebuilds the index and swaps in a new `Pipeline`; a question
in flight keeps the pipeline it started with.
"""
from __future__ import annotations

import threading
from typing import Any

from policyqa.config import Settings
from policyqa.pipeline import Pipeline
from policyqa.provisions import parse_references
from policyqa.retrieval.followup import context_for
from policyqa.sources import family_title
from policyqa.ui.feedback import FeedbackLog, feedback_path
from policyqa.ui.render import language_name
from policyqa.ui.staff import check_token, staff_token_from_env
from policyqa.ui.upload import UploadResult, add_upload


class Service:
    def __init__(self, settings: Settings, embedder=None, pipeline: Pipeline | None = None,
                 staff_token: str | None = None):
        self.settings = settings
        self.staff_token = staff_token if staff_token is not None else staff_token_from_env()
        self.qa = pipeline or Pipeline.open(settings, embedder=embedder)
        self.feedback = FeedbackLog(feedback_path(settings.index))
        self._swap = threading.Lock()

    # -- asking ------------------------------------------------------------------------------------
    def ask(self, question: str, *, history: list[str] | None = None, docs: list[str] | None = None,
            langs: list[str] | None = None, lang: str | None = None, context: str | None = None) -> dict[str, Any]:
        """`Pipeline.ask`, with the follow-up context taken from `history` (earlier questions) unless
        `context` is given."""
        if context is None and history:
            context = context_for(question, history)
        return self.qa.ask(question, lang=lang, docs=docs or None, langs=langs or None, context=context)

    def versions(self, doc: str, unit: str, label: str | None = None) -> list[dict[str, Any]]:
        """Every language version of a provision; with a citation's `label` ("Article 5(1)(f)"), each
        marks that paragraph/point (`focus`)."""
        ref = next((r for r in parse_references(label or "") if r.unit == unit), None)
        return self.qa.versions(doc, unit, ref.paragraph if ref else None, ref.point if ref else None)

    def version_count(self, doc: str, unit: str) -> int:
        idx = self.qa.index
        return len({idx.chunks[r].lang for r in idx.unit_rows.get((doc, unit), [])})

    # -- choices for the filters ---------------------------------------------------------------------
    def family_choices(self) -> list[tuple[str, str]]:
        return [(family_title(d, "en"), d) for d in self.qa.index.doc_ids]

    def language_choices(self) -> list[tuple[str, str]]:
        return [(f"{language_name(c)} ({c})", c) for c in self.qa.index.languages]

    # -- uploads -----------------------------------------------------------------------------------
    @property
    def uploads_enabled(self) -> bool:
        return bool(self.staff_token)

    def upload(self, path: str, original_name: str, token: str | None) -> UploadResult:
        """Store and index an uploaded file, then serve the updated index; UploadError unless `token` is
        the staff token."""
        check_token(self.staff_token, token)
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
