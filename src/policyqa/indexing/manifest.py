"""The index manifest: which model, dimension, corpus files and versions built an index."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

FORMAT_VERSION = 5     # 2: links.json; 3: titles; 4: section titles too; 5: sentence vectors
FILE = "manifest.json"


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
