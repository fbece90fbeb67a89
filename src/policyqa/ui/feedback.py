"""Votes on answers, appended to a JSONL file: one line per vote, never interleaved.

    log = FeedbackLog(feedback_path(settings))
    log.record(question=..., answer=..., citations=[...], vote="up", comment="")

Each line is written with one `write()` on a file opened in append mode while holding an exclusive
lock (a lock file next to the log, shared by threads and processes), so concurrent votes from other
sessions or other app processes never mix their lines.
"""
from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from filelock import FileLock

ENV = "POLICYQA_FEEDBACK"
VOTES = ("up", "down")
MAX_COMMENT = 2000


class FeedbackError(ValueError):
    """A vote that cannot be recorded (unknown vote, comment too long, file not writable)."""


def feedback_path(index_dir: str | os.PathLike) -> Path:
    """$POLICYQA_FEEDBACK, else `<index folder>/feedback.jsonl`."""
    env = os.environ.get(ENV)
    return Path(env).expanduser() if env else Path(index_dir) / "feedback.jsonl"


class FeedbackLog:
    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self._lock = FileLock(str(self.path) + ".lock", timeout=10)

    def record(self, *, question: str, answer: str, citations: list[dict[str, Any]], vote: str,
               comment: str = "", language: str | None = None) -> dict[str, Any]:
        """Append one vote; returns the record written."""
        if vote not in VOTES:
            raise FeedbackError(f"unknown vote {vote!r} (up or down)")
        comment = (comment or "").strip()
        if len(comment) > MAX_COMMENT:
            raise FeedbackError(f"the comment is too long ({len(comment)} characters; the limit is {MAX_COMMENT})")
        rec = {
            "time": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "vote": vote,
            "comment": comment,
            "question": question,
            "language": language,
            "answer": answer,
            "citations": [{k: c.get(k) for k in ("n", "doc", "unit", "label", "lang", "url")} for c in citations],
        }
        line = (json.dumps(rec, ensure_ascii=False) + "\n").encode("utf-8")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._lock:
                fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
                try:
                    view = memoryview(line)
                    while view:
                        view = view[os.write(fd, view):]
                finally:
                    os.close(fd)
        except OSError as e:
            raise FeedbackError(f"cannot write feedback to {self.path}: {e.strerror}") from None
        return rec
