from pathlib import Path

import pytest

from policyqa.corpus_fetch import FetchError, fetch
from policyqa.readers import load_corpus
from tests.local_server import QuietHandler, serve

FIXTURE = Path(__file__).parent / "fixtures" / "readers" / "eurlex-like.html"


class _Handler(QuietHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802
        type(self).requests.append(self.path)
        if not self.path.startswith("/legal-content/"):
            self.send_error(404)
            return
        self.send_body(FIXTURE.read_bytes(), "text/html; charset=utf-8")


@pytest.fixture
def server():
    _Handler.requests = []
    with serve(_Handler) as url:
        yield url


def test_download_then_read_back(server, tmp_path: Path, capsys):
    paths = fetch(tmp_path, langs=["en", "NL"], docs=["ai-act"], base_url=server, timeout=5)
    assert paths == [tmp_path / "ai-act" / "en.html", tmp_path / "ai-act" / "nl.html"]
    assert _Handler.requests == ["/legal-content/EN/TXT/HTML/?uri=CELEX:32024R1689",
                                 "/legal-content/NL/TXT/HTML/?uri=CELEX:32024R1689"]
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and out[0].startswith("fetched ai-act/en.html (")
    assert not list(tmp_path.rglob("*.part"))                     # temp files renamed away
    load = load_corpus(tmp_path)
    assert [(d.doc, d.lang) for d in load.documents] == [("ai-act", "en"), ("ai-act", "nl")]
    units = {u.unit: u for u in load.documents[0].units}
    assert units["art_1"].heading == "Article 1 — Prohibited practices"
    assert units["art_1"].heading_path[0] == "AI Act"


def test_http_error_leaves_no_file(server, tmp_path: Path):
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(tmp_path, langs=["en"], docs=["ai-act"], base_url=server + "/missing", timeout=5)
    assert not list(tmp_path.rglob("*.html")) and not list(tmp_path.rglob("*.part"))


def test_offline_fails_fast_with_hint(tmp_path: Path):
    try:
        fetch(tmp_path, langs=["nl"], docs=["ai-act"], timeout=3)
    except FetchError as e:
        msg = str(e)
    else:
        pytest.skip("EUR-Lex is reachable from this machine")
    assert "network unreachable" in msg and "POLICYQA_CORPUS" in msg and "--corpus" in msg
    assert "\n" not in msg
    assert not list(tmp_path.rglob("*"))


@pytest.mark.parametrize("kwargs, match", [
    (dict(langs=["xx"]), "unsupported language 'xx'"),
    (dict(langs=[]), "no language given"),
    (dict(langs=["nl"], docs=["no-such-act"]), "unknown family no-such-act"),
    (dict(langs=["nl"], docs=["coordinated-plan"]), "no CELEX number"),
])
def test_bad_arguments(tmp_path: Path, kwargs, match):
    with pytest.raises(FetchError, match=match):
        fetch(tmp_path, base_url="http://127.0.0.1:9", **kwargs)
