"""Document text is cleaned by every reader (policyqa.text.clean_text): no NUL or other control
characters, NFC; the span rule still holds against `source_text`."""
from __future__ import annotations

import unicodedata

import pytest

from policyqa.chunking import chunk_document
from policyqa.readers import read_document, source_text

DIRTY = ("Article 1 \x00applies\x07 to Re\u0301publique\x1b[31m data.\r\n\r\n"
         "A second\x0c paragraph\x00\x00 with \ufeffmore\x85 words.")


def _assert_clean(texts):
    for t in texts:
        assert not any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in t), repr(t)
        assert "\ufeff" not in t and unicodedata.is_normalized("NFC", t)


@pytest.mark.parametrize("name,data", [
    ("doc-en.md", f"# Heading\x00 one\n\n{DIRTY}\n"),
    ("doc-en.txt", f"SCOPE\x00\n\n{DIRTY}\n"),
    ("doc-en.html", f"<html lang='en'><body><h1>Heading\x00</h1><p>{DIRTY}</p></body></html>"),
])
def test_readers_drop_control_characters(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8"))
    doc = read_document(path, tmp_path)
    _assert_clean([u.text for u in doc.units] + [u.heading for u in doc.units])
    _assert_clean([c.text for c in chunk_document(doc)])
    assert any("République" in u.text for u in doc.units)
    src = source_text(doc, tmp_path)
    for u in doc.units:
        assert src[u.end - len(u.text):u.end] == u.text
