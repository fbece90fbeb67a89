"""The index manifest: which model, dimension, corpus files and versions built an index, and a checksum
of every file of the generation (`checksums`), verified when the index is loaded (`verify_checksums`)."""
from __future__ import annotations

import json
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

FORMAT_VERSION = 7     # 2: links.json; 3: titles; 4: section titles too; 5: sentence vectors; 6: checksums;
                       # 7: chunk origin
FILE = "manifest.json"
REBUILD = "rebuild it with `policyqa index --force`"
# CRC-32 (zlib): corruption on disk or a hand edit is what the checksums are for (a writer who can edit
# the files can edit the manifest too, so a cryptographic hash buys nothing); it runs at ~1 GB/s even
# on this loaded machine where sha256/blake2b run at ~150 MB/s (README "Reliability").
CHECKSUM = "crc32"
_BLOCK = 1 << 22


class IndexFileError(RuntimeError):
    """The index is missing, corrupt, incomplete or does not match the requested model."""


@dataclass
class Manifest:
    model: str                                   # PolicyEmbedding.model_id
    dim: int
    vector_backend: str
    max_words: int
    corpus: str                                  # corpus root the index was built from
    files: dict[str, dict[str, Any]] = field(default_factory=dict)   # path → {sha256, doc, lang, chunks}
    counts: dict[str, int] = field(default_factory=dict)             # documents, chunks, units, languages
    versions: dict[str, str] = field(default_factory=dict)
    skipped: list[list[str]] = field(default_factory=list)           # [path, reason]
    build_seconds: float = 0.0
    created: str = ""
    checksums: dict[str, str] = field(default_factory=dict)          # file in the generation → "crc32:…"
    format: int = FORMAT_VERSION
    store_uri: str | None = None                 # where an external vector store lives (Milvus URI)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1, sort_keys=True)

    @classmethod
    def read(cls, folder: Path) -> "Manifest":
        p = Path(folder) / FILE
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
            m = cls(**data)
        except FileNotFoundError:
            raise IndexFileError(f"index at {folder} has no {FILE}: rebuild it with `policyqa index`") from None
        except (ValueError, TypeError) as e:
            raise IndexFileError(f"index manifest {p} is corrupt ({e}): rebuild it with `policyqa index`") from None
        if m.format != FORMAT_VERSION:
            raise IndexFileError(
                f"index at {folder} has format {m.format}, this policyqa reads {FORMAT_VERSION}: "
                "rebuild it with `policyqa index`")
        return m


def file_checksum(path: Path, algorithm: str = CHECKSUM) -> str:
    """The checksum of the bytes of `path` as "crc32:0a1b2c3d" ("sha256:…", "blake2b:…" for those)."""
    if algorithm == "crc32":
        crc = 0
        with open(path, "rb") as f:
            while block := f.read(_BLOCK):
                crc = zlib.crc32(block, crc)
        return f"crc32:{crc:08x}"
    import hashlib
    with open(path, "rb") as f:
        return f"{algorithm}:{hashlib.file_digest(f, algorithm).hexdigest()}"


def generation_checksums(gen: Path, algorithm: str = CHECKSUM) -> dict[str, str]:
    """The checksum of every file of generation folder `gen` but the manifest, by path relative to `gen`."""
    gen = Path(gen)
    return {f.relative_to(gen).as_posix(): file_checksum(f, algorithm)
            for f in sorted(gen.rglob("*")) if f.is_file() and f.name != FILE}


def verify_checksums(gen: Path, manifest: Manifest) -> int:
    """Check every file the manifest lists against its checksum; IndexFileError (one line, says to rebuild)
    on the first missing or changed file. Returns the number of bytes checked."""
    gen = Path(gen)
    if not manifest.checksums:
        raise IndexFileError(f"index at {gen} has no checksums: {REBUILD}")
    checked = 0
    for rel, want in sorted(manifest.checksums.items()):
        path = gen / rel
        try:
            got = file_checksum(path, want.split(":", 1)[0])
            checked += path.stat().st_size
        except FileNotFoundError:
            raise IndexFileError(f"index at {gen} is incomplete ({rel} is missing): {REBUILD}") from None
        except (OSError, ValueError) as e:
            raise IndexFileError(f"index at {gen} cannot be checked ({rel}: {e}): {REBUILD}") from None
        if got != want:
            raise IndexFileError(f"index at {gen} is corrupt ({rel} does not match its checksum): {REBUILD}")
    return checked
