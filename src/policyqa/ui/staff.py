"""Only staff change the corpus.

Uploads are off unless the operator sets `$POLICYQA_STAFF_TOKEN`; then every upload must carry that
token, checked on the server (`Service.upload` → `check_token`), whether it comes from the "Add
documents" tab or a raw API call. While uploads are off the web server refuses file posts outright
(`RefuseFilePosts`, before anything is written); an upload's temporary copy in Gradio's folder is removed
once it has been handled, added or refused (`discard_temp_upload`). The upload event skips gr.File's
preprocessing (`preprocess=False` in `policyqa.ui.app`), which would leave an empty temporary file behind
for every upload (gradio 6 `File._process_single_file`).
"""
from __future__ import annotations

import hmac
import os
from pathlib import Path

from policyqa.ui.upload import UploadError

STAFF_TOKEN_ENV = "POLICYQA_STAFF_TOKEN"
FILE_POST_PATHS = ("/gradio_api/upload", "/upload")      # Gradio's file-upload routes


def staff_token_from_env() -> str | None:
    """The staff token the operator set (None: uploads are off)."""
    return os.environ.get(STAFF_TOKEN_ENV) or None


def check_token(expected: str | None, given: str | None) -> None:
    """UploadError unless uploads are on and `given` is the staff token (constant-time comparison)."""
    if not expected:
        raise UploadError(f"uploads are off (the operator has not set {STAFF_TOKEN_ENV}); nothing added")
    if not hmac.compare_digest(str(given or "").encode("utf-8", "surrogatepass"), expected.encode()):
        raise UploadError("wrong or missing staff token; nothing added")


def discard_temp_upload(path: str | os.PathLike | None, root: str | os.PathLike) -> None:
    """Remove an uploaded file's temporary copy (and its folder) if it lies inside Gradio's folder `root`."""
    if not path:
        return
    root_r, p = Path(root).resolve(), Path(path).resolve()
    if root_r not in p.parents:
        return
    p.unlink(missing_ok=True)
    if p.parent != root_r:
        try:
            p.parent.rmdir()                     # Gradio's per-upload folder, when nothing else is in it
        except OSError:
            pass


class RefuseFilePosts:
    """ASGI middleware: 403 for every POST to Gradio's file-upload routes (used while uploads are off)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope.get("type") == "http" and scope.get("method") == "POST" \
                and scope.get("path", "").rstrip("/") in FILE_POST_PATHS:
            body = f"uploads are off (the operator has not set {STAFF_TOKEN_ENV})".encode()
            await send({"type": "http.response.start", "status": 403,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                    (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)

