"""Only staff change the corpus: the real app (`python app.py` on 127.0.0.1), driven through its raw Gradio
endpoints (gradio_client and plain HTTP). Uploads are off without $POLICYQA_STAFF_TOKEN; with it, an
upload without the right token is refused on the server; uploaded documents are marked `origin: upload`;
nothing of a refused upload stays on disk, Gradio's temporary copy included."""
from __future__ import annotations

import json

import httpx
import pytest

from policyqa.ui.render import card_html
from policyqa.ui.staff import check_token, discard_temp_upload
from policyqa.ui.upload import UploadError
from tests.ui.app_server import run_app

TOKEN = "staff-test-token-7f3a"
DRONES = "Where must inspection drones in the harbour be registered?"


def _files(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def _uploads(server):
    folder = server.corpus / "uploads"
    return _files(folder) if folder.is_dir() else []


@pytest.fixture(scope="module")
def staff_server(tmp_path_factory, fixture_pipeline, fixture_settings):
    with run_app(tmp_path_factory.mktemp("staff-app"), fixture_settings.index, POLICYQA_STAFF_TOKEN=TOKEN) as s:
        yield s


@pytest.fixture(scope="module")
def public_server(tmp_path_factory, fixture_pipeline, fixture_settings):
    with run_app(tmp_path_factory.mktemp("public-app"), fixture_settings.index) as s:
        yield s


def test_check_token():
    with pytest.raises(UploadError, match="uploads are off"):
        check_token(None, "anything")
    for given in (None, "", "staff", TOKEN + "x", "\ud800"):
        with pytest.raises(UploadError, match="staff token"):
            check_token(TOKEN, given)
    check_token(TOKEN, TOKEN)


def test_discard_temp_upload_stays_inside_its_folder(tmp_path):
    root, outside = tmp_path / "gradio", tmp_path / "keep.md"
    (root / "abc123").mkdir(parents=True)
    inside = root / "abc123" / "doc.md"
    inside.write_text("x")
    outside.write_text("x")
    discard_temp_upload(outside, root)
    discard_temp_upload(inside, root)
    assert outside.exists() and not (root / "abc123").exists() and root.is_dir()


def test_upload_card_says_it_is_not_official():
    c = {"n": 1, "title": "zorblax", "label": "Zorblax", "lang": "en", "text": "t", "highlights": []}
    assert "not an official text" in card_html({**c, "origin": "upload"})
    assert "not an official text" not in card_html({**c, "origin": "official"})


def test_uploads_are_off_without_a_staff_token(public_server, upload_doc):
    from gradio_client import Client
    client = Client(public_server.url, verbose=False)
    assert "/upload" not in client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    with pytest.raises(Exception):
        client.predict(str(upload_doc), TOKEN, api_name="/upload")
    config = httpx.get(f"{public_server.url}/config", timeout=30).text
    assert "Add documents" not in config and "pq-upload" not in config
    # Gradio's raw file route refuses the post before writing anything
    with open(upload_doc, "rb") as f:
        r = httpx.post(f"{public_server.url}/gradio_api/upload", files={"files": (upload_doc.name, f)}, timeout=30)
    assert r.status_code == 403 and "uploads are off" in r.text
    assert _files(public_server.tmp) == [] and _uploads(public_server) == []
    assert "uploads off" in public_server.log.read_text()


def test_upload_needs_the_token_on_the_server(staff_server, upload_doc):
    from gradio_client import Client, handle_file
    client = Client(staff_server.url, verbose=False)
    for token in ("", "guess"):
        status = client.predict(handle_file(str(upload_doc)), token, api_name="/upload")[0]
        assert "Not added" in status and "staff token" in status
        assert _uploads(staff_server) == [] and _files(staff_server.tmp) == []

    # a raw HTTP call (no client library): post the file, then call the upload endpoint without the token
    with open(upload_doc, "rb") as f:
        posted = httpx.post(f"{staff_server.url}/gradio_api/upload", files={"files": (upload_doc.name, f)},
                            timeout=30).json()[0]
    r = httpx.post(f"{staff_server.url}/gradio_api/call/upload", timeout=30,
                   json={"data": [{"path": posted, "meta": {"_type": "gradio.FileData"}}, None]})
    stream = httpx.get(f"{staff_server.url}/gradio_api/call/upload/{r.json()['event_id']}", timeout=120).text
    assert "staff token" in stream and "Added" not in stream
    assert _uploads(staff_server) == [] and _files(staff_server.tmp) == []

    # with the token: added, marked as an upload in the JSON, official texts marked official
    status = client.predict(handle_file(str(upload_doc)), TOKEN, api_name="/upload")[0]
    assert "Added uploads/Harbour-drones-v2.md" in status
    assert _uploads(staff_server) == ["Harbour-drones-v2.md"] and _files(staff_server.tmp) == []
    r = client.predict(DRONES, api_name="/ask")
    assert r["citations"][0]["origin"] == "upload" and r["retrieved"][0]["origin"] == "upload"
    r = client.predict("What is the right to erasure?", ["gdpr"], None, "en", None, api_name="/ask")
    assert r["citations"] and {c["origin"] for c in r["citations"]} == {"official"}
    chunks = [json.loads(line) for gen in staff_server.index.glob("gen-*")
              for line in (gen / "chunks.jsonl").open(encoding="utf-8")]
    assert {c["origin"] for c in chunks if c["path"].startswith("uploads/")} == {"upload"}
    assert {c["origin"] for c in chunks if not c["path"].startswith("uploads/")} == {"official"}
