"""One settings object for the whole pipeline, from defaults < YAML file < environment < flags.

    settings = Settings.load(config_file=None, corpus="../shared/corpus")

Environment: POLICYQA_CORPUS, POLICYQA_INDEX, POLICYQA_MODEL, POLICYQA_CONFIG (a YAML file with the same
keys as the dataclass), POLICYQA_LLM_URL / POLICYQA_LLM_MODEL / POLICYQA_LLM_API_KEY.
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from policyqa.sources import REPO_ROOT


class ConfigError(ValueError):
    """A setting is missing or invalid."""


@dataclass
class Settings:
    corpus: Path = REPO_ROOT / "corpus"
    index: Path = REPO_ROOT / "index"
    # embedding model: "e5-small" (default, offline), "minilm", a local folder, or a HF model name
    model: str = "e5-small"
    quantize: bool | None = None          # None: the embedder's measured default
    vector_backend: str = "faiss"         # the vector store behind policyqa.stores.factory: faiss | milvus
    milvus_uri: str | None = None         # milvus: a file path (Milvus Lite) or http://host:port (a server);
                                          # None: Milvus Lite in <index>/milvus.db
    faiss_index: str = "auto"             # faiss: auto (exact below 200k vectors, else IVF-SQ8) | flat | ivf | hnsw
    milvus_index: str = "auto"            # milvus: auto (FLAT below 200k vectors, else HNSW) | FLAT | HNSW | IVF_FLAT
    milvus_token: str | None = None       # milvus: "user:password" or an API key (env POLICYQA_MILVUS_TOKEN)
    lexical_backend: str = "auto"         # BM25 behind policyqa.stores.factory: auto | bm25s (embedded) | milvus
                                          # (Milvus's full-text search, on an index built with vector_backend milvus)
    max_words: int = 200                  # chunk size cap (words)
    # retrieval
    retriever: str = "hybrid"             # hybrid | dense | bm25
    top_k: int = 10
    rrf_k: int = 20
    # answering
    answerer: str = "extractive"          # extractive | llm
    max_sentences: int = 3
    abstain_threshold: float | None = None  # None: the measured default in policyqa.answer.abstain
    max_question_chars: int = 2000
    llm_url: str | None = None            # OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1
    llm_model: str | None = None
    llm_api_key: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    ENV = {
        "corpus": "POLICYQA_CORPUS",
        "index": "POLICYQA_INDEX",
        "model": "POLICYQA_MODEL",
        "milvus_uri": "POLICYQA_MILVUS_URI",
        "milvus_token": "POLICYQA_MILVUS_TOKEN",
        "llm_url": "POLICYQA_LLM_URL",
        "llm_model": "POLICYQA_LLM_MODEL",
        "llm_api_key": "POLICYQA_LLM_API_KEY",
    }

    @classmethod
    def load(cls, config_file: str | os.PathLike | None = None, **overrides: Any) -> "Settings":
        """Defaults, then the YAML file (arg or POLICYQA_CONFIG), then env, then non-None overrides."""
        values: dict[str, Any] = {}
        cfg = config_file or os.environ.get("POLICYQA_CONFIG")
        if cfg:
            p = Path(cfg)
            if not p.is_file():
                raise ConfigError(f"config file not found: {p}")
            try:
                data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
            except yaml.YAMLError as e:
                raise ConfigError(f"config file {p} is not valid YAML: {e}") from None
            if not isinstance(data, dict):
                raise ConfigError(f"config file {p} must hold a mapping of settings")
            values.update(data)
        for key, env in cls.ENV.items():
            if os.environ.get(env):
                values[key] = os.environ[env]
        values.update({k: v for k, v in overrides.items() if v is not None})
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(values) - names)
        if unknown:
            raise ConfigError(f"unknown setting(s): {', '.join(unknown)}")
        s = cls(**values)
        s.corpus = Path(s.corpus).expanduser()
        s.index = Path(s.index).expanduser()
        if s.retriever not in ("hybrid", "dense", "bm25"):
            raise ConfigError(f"unknown retriever {s.retriever!r} (hybrid, dense or bm25)")
        if s.vector_backend not in ("faiss", "milvus"):
            raise ConfigError(f"unknown vector backend {s.vector_backend!r} (faiss or milvus)")
        if s.faiss_index not in ("auto", "flat", "ivf", "hnsw"):
            raise ConfigError(f"unknown faiss_index {s.faiss_index!r} (auto, flat, ivf or hnsw)")
        if s.lexical_backend not in ("auto", "bm25s", "milvus"):
            raise ConfigError(f"unknown lexical backend {s.lexical_backend!r} (auto, bm25s or milvus)")
        if s.answerer not in ("extractive", "llm"):
            raise ConfigError(f"unknown answerer {s.answerer!r} (extractive or llm)")
        return s
