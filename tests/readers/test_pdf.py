from pathlib import Path

import pytest

from policyqa.readers import ReadError, read_document

from .conftest import FIXTURE_READERS


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal valid PDF with one Helvetica text line per entry of each page."""
    objs: list[bytes] = []
    n = len(pages)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n))
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objs.append(f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode())
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, lines in enumerate(pages):
        ops = ["BT /F1 11 Tf 14 TL 50 800 Td"]
        for ln in lines:
            esc = ln.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({esc}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                    f"/Contents {5 + 2 * i} 0 R >>".encode())
        objs.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for k, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{k} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _page(n: int, body: list[str]) -> list[str]:
    return [f"ACME-DOC 12/99   {n}", *body, str(n)]


def test_articles_recitals_headers_and_hyphens(tmp_path: Path):
    pages = [
        _page(1, ["REGULATION (EU) 2099/1", "on invented things", "(Text with EEA relevance)", "Whereas:",
                  "(1) The first recital explains the pur-", "pose of the act."]),
        _page(2, ["(2) The second recital.", "HAVE ADOPTED THIS REGULATION:", "Article 1", "Subject matter",
                  "1. This Regulation applies to everybody.", "Article 3", "Not a real heading: numbers jump."]),
        _page(3, ["Article 2", "Entry into force", "This Regulation enters into force tomorrow."]),
    ]
    f = tmp_path / "act-en.pdf"
    f.write_bytes(make_pdf(pages))
    doc = read_document(f, tmp_path)
    assert (doc.doc, doc.lang, doc.meta["pages"]) == ("act", "en", 3)
    assert doc.title.startswith("REGULATION (EU) 2099/1 on invented things")
    assert [u.unit for u in doc.units] == ["pbl", "rct_1", "rct_2", "art_1", "art_2"]
    u = {x.unit: x for x in doc.units}
    assert u["rct_1"].text == "(1) The first recital explains the purpose of the act."
    assert u["art_1"].heading == "Article 1 — Subject matter"
    assert u["art_2"].heading_path == ["act", "Article 2 — Entry into force"]
    full = doc.meta["text"]
    assert "ACME-DOC" not in full                               # running header removed
    assert all(full[x.end - len(x.text):x.end] == x.text for x in doc.units)


def test_pages_without_structure_become_page_units(tmp_path: Path):
    f = tmp_path / "brochure-en.pdf"
    f.write_bytes(make_pdf([["Welcome to the brochure."], ["Second page text."]]))
    doc = read_document(f, tmp_path)
    assert [(u.unit, u.heading, u.text) for u in doc.units] == [
        ("sec_p1", "Page 1", "Welcome to the brochure."), ("sec_p2", "Page 2", "Second page text.")]


def test_broken_and_textless_pdf(tmp_path: Path):
    with pytest.raises(ReadError, match="broken PDF"):
        read_document(FIXTURE_READERS / "broken-en.pdf", FIXTURE_READERS)
    f = tmp_path / "blank-en.pdf"
    f.write_bytes(make_pdf([[]]))
    with pytest.raises(ReadError, match="no text"):
        read_document(f, tmp_path)


def test_real_amending_act(shared_raw: Path):
    doc = read_document(shared_raw / "ai-act-amendment-2026-nl.pdf", shared_raw)
    assert doc.lang == "nl" and doc.title.startswith("VERORDENING (EU) 2026/")
    arts = [u for u in doc.units if u.kind == "article"]
    assert [u.unit for u in arts] == ["art_1", "art_2", "art_3", "art_4"]
    assert arts[-1].heading == "Artikel 4 — Inwerkingtreding en toepassing"
    recitals = [u for u in doc.units if u.kind == "recital"]
    assert len(recitals) > 20 and recitals[0].text.startswith("(1) ")
    assert "PE-CONS 30/26" not in "".join(u.text for u in arts)     # running header gone
