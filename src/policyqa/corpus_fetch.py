"""Download official EUR-Lex HTML pages of the known families into a corpus folder.

`fetch(dest, langs=["nl", "de"])` writes `dest/<family>/<lang>.html` for every family in
corpus/sources.yaml that has a CELEX number (or only `docs`), atomically (temp file + rename).
Offline it fails fast with `FetchError`, saying how to use a local corpus folder instead.
"""
from __future__ import annotations

import os
import socket
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from policyqa.languages import UnsupportedLanguageError, check_language
from policyqa.sources import families

EURLEX = "https://eur-lex.europa.eu"
_OFFLINE_HINT = ("point --corpus or POLICYQA_CORPUS at a local corpus folder instead (e.g. ../shared/corpus)")
_MAX_BYTES = 50_000_000


class FetchError(Exception):
    """A download that cannot be done (offline, unknown family/language, HTTP error); one-line message."""


def page_url(celex: str, lang: str, base_url: str = EURLEX) -> str:
    return f"{base_url.rstrip('/')}/legal-content/{lang.upper()}/TXT/HTML/?uri=CELEX:{celex}"


def _check_reachable(base_url: str, timeout: float) -> None:
    """Open (and close) a TCP connection to the host of `base_url`; FetchError when unreachable."""
    parts = urllib.parse.urlsplit(base_url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        socket.create_connection((host, port), timeout=min(timeout, 5.0)).close()
    except OSError as e:
        raise FetchError(f"network unreachable: cannot connect to {host}:{port} ({e.strerror or e}); "
                         f"{_OFFLINE_HINT}") from None


def _download(url: str, target: Path, timeout: float) -> int:
    """Write the body of `url` to `target` via a temp file in the same folder; returns the byte count."""
    req = urllib.request.Request(url, headers={"User-Agent": "policyqa corpus fetch"})
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    size = 0
    try:
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(req, timeout=timeout) as resp:
            while chunk := resp.read(1 << 16):
                size += len(chunk)
                if size > _MAX_BYTES:
                    raise FetchError(f"{url}: response larger than {_MAX_BYTES:,} bytes")
                out.write(chunk)
        if size == 0:
            raise FetchError(f"{url}: empty response")
        os.replace(tmp, target)
    except urllib.error.HTTPError as e:
        raise FetchError(f"{url}: HTTP {e.code} {e.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as e:
        reason = getattr(e, "reason", None) or e
        raise FetchError(f"{url}: download failed ({reason}); {_OFFLINE_HINT}") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return size


def fetch(dest: Path, *, langs: list[str], docs: list[str] | None = None, base_url: str = EURLEX,
          timeout: float = 20) -> list[Path]:
    """Download `dest/<family>/<lang>.html` for each family with a CELEX number (or only `docs`)."""
    if not langs:
        raise FetchError("no language given: pass e.g. --lang nl,de")
    try:
        codes = [check_language(lang) for lang in langs]
    except UnsupportedLanguageError as e:
        raise FetchError(str(e)) from None
    known = families()
    if not known:
        raise FetchError("no document families known: corpus/sources.yaml is missing or empty")
    wanted = list(docs) if docs else [fid for fid, fam in known.items() if fam.celex]
    unknown = [d for d in wanted if d not in known]
    if unknown:
        raise FetchError(f"unknown family {', '.join(unknown)}: use one of {', '.join(known)}")
    no_celex = [d for d in wanted if not known[d].celex]
    if no_celex:
        raise FetchError(f"{', '.join(no_celex)} has no CELEX number (not an EUR-Lex act); nothing to fetch")
    _check_reachable(base_url, timeout)
    written: list[Path] = []
    for fid in wanted:
        for lang in codes:
            target = Path(dest) / fid / f"{lang}.html"
            url = page_url(known[fid].celex or "", lang, base_url)
            size = _download(url, target, timeout)
            print(f"fetched {fid}/{lang}.html ({size:,} bytes) from {url}", flush=True)
            written.append(target)
    return written
