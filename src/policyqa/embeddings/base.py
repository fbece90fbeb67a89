"""`PolicyEmbedding`: the one embedding interface of policyqa (a llama-index `BaseEmbedding`).

    emb = PolicyEmbedding(SentenceTransformer(folder), model_id="…", query_prefix="query: ",
                          passage_prefix="passage: ")
    Q = emb.embed_queries(["…"])            # (n, dim) float32, L2-normalised
    P = emb.embed_passages(texts, batch_size=8, progress_callback=lambda done, total: …)

Passages are tokenised once, sorted by token length and batched so padding is minimal; the original order
is restored in the result. With `quantize=True` the encoder's `nn.Linear` layers (but the feed-forward
output ones) become dynamic int8 (`torch.ao.quantization.quantize_dynamic`); otherwise matmuls run under
bf16 autocast where the CPU has native bf16 (cosine to fp32 >= 0.9999, ~1.8x faster), else in fp32.
"""
from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import torch
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import Field, PrivateAttr

DEFAULT_BATCH_SIZE = 8                 # small batches win on 2 cores (bench: 4850 tok/s at 8 vs 4000 at 32)
# Encodes of at most this many texts (a question; the <= 24 sentences an answer scores) run on one intra-op
# thread *when the machine is busy* (1-minute load average above cores - 0.5): their matmuls are small,
# and when the other core is taken every op's OpenMP barrier waits for a descheduled thread — a warm ask
# measured 0.27 s on one thread against 0.6–8.8 s on two with both cores loaded. With a core free, two
# threads answer 1.8x faster (answer p50/p95 152/184 ms against 279/330 ms, load 1.1–1.3, same run).
# Larger encodes (indexing) use torch's setting (`num_threads`, default every core).
SMALL_ENCODE = 64


def _busy(threads: int) -> bool:
    """True when the other cores are taken (1-minute load average, this process included)."""
    try:
        return os.getloadavg()[0] > threads - 0.5
    except OSError:                      # not available on this platform
        return False


ProgressCallback = Callable[[int, int], None]     # (passages done, passages total)


class EmbeddingError(ValueError):
    """Bad input to an embedder (not a list of strings, …)."""


class EmbeddingModelError(RuntimeError):
    """An embedding model could not be found, converted or loaded."""


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:                      # not on Linux
        return os.cpu_count() or 1


def quantize_int8(model: torch.nn.Module) -> torch.nn.Module:
    """Dynamic int8 quantisation (in place) of the `nn.Linear` layers, except the feed-forward output
    projections (`*.output.dense` outside attention): quantising those too drops cosine to fp32 to ~0.97
    on real passages, keeping them fp32 holds it above 0.995 (bench/embed_bench.py)."""
    from torch.ao.quantization import default_dynamic_qconfig, quantize_dynamic

    spec = {name: default_dynamic_qconfig for name, mod in model.named_modules()
            if isinstance(mod, torch.nn.Linear) and not _is_ffn_output(name)}
    with warnings.catch_warnings():          # torch.ao's deprecation notices; the API still works
        warnings.simplefilter("ignore", (DeprecationWarning, UserWarning))
        return quantize_dynamic(model, spec, dtype=torch.qint8, inplace=True)


def _is_ffn_output(name: str) -> bool:
    return name.endswith("output.dense") and "attention" not in name


def native_bf16() -> bool:
    """True if this CPU runs bf16 matmuls natively (AVX512-BF16/AMX), where bf16 autocast pays off."""
    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return False


def _check_texts(texts: Any, what: str) -> list[str]:
    if isinstance(texts, str):
        raise EmbeddingError(f"{what} must be a list of strings, not a single string")
    try:
        items = list(texts)
    except TypeError:
        raise EmbeddingError(f"{what} must be a list of strings, got {type(texts).__name__}") from None
    bad = next((i for i, t in enumerate(items) if not isinstance(t, str)), None)
    if bad is not None:
        raise EmbeddingError(f"{what}[{bad}] is {type(items[bad]).__name__}, expected str")
    return items


class PolicyEmbedding(BaseEmbedding):
    """A `SentenceTransformer` (or the same model as `policyqa.embeddings.light.LightEncoder`, the query
    path's engine) behind llama-index's embedding API plus numpy batch methods."""

    model_id: str = Field(description="Stable identity of the model (recorded in index manifests).")
    dim: int = Field(description="Embedding dimension.")
    query_prefix: str = Field(default="", description="Prepended to queries (e5: 'query: ').")
    passage_prefix: str = Field(default="", description="Prepended to passages (e5: 'passage: ').")
    quantized: bool = Field(default=False, description="Linear layers are dynamic int8.")
    bf16: bool = Field(default=False, description="Matmuls run under bf16 autocast.")
    max_seq_length: int = Field(description="Tokens per input (incl. specials); longer inputs are cut.")

    _st: Any = PrivateAttr()

    def __init__(self, st: Any, *, model_id: str, query_prefix: str = "", passage_prefix: str = "",
                 quantize: bool = False, batch_size: int = DEFAULT_BATCH_SIZE,
                 max_seq_length: int | None = None, num_threads: int | None = None,
                 bf16: bool | None = None) -> None:
        """Wrap a loaded `SentenceTransformer` or `LightEncoder`; `quantize` converts it to int8 in place.

        `bf16` (unquantised models only; default: `native_bf16()`) runs matmuls under bf16 autocast.
        `num_threads` sets torch's intra-op threads (default: the cores this process may use); encodes of at
        most SMALL_ENCODE texts run on one thread while the machine is busy (see `_busy`).
        """
        dim = st.get_embedding_dimension() if hasattr(st, "get_embedding_dimension") \
            else st.get_sentence_embedding_dimension()
        if max_seq_length is not None:
            st.max_seq_length = max_seq_length
        if quantize:
            quantize_int8(st)
        st.eval()
        torch.set_num_threads(num_threads or available_cores())
        super().__init__(model_name=model_id, embed_batch_size=batch_size, model_id=model_id, dim=int(dim),
                         query_prefix=query_prefix, passage_prefix=passage_prefix, quantized=quantize,
                         bf16=(not quantize) and (native_bf16() if bf16 is None else bf16),
                         max_seq_length=int(st.max_seq_length))
        self._st = st

    @classmethod
    def class_name(cls) -> str:
        return "PolicyEmbedding"

    @property
    def sentence_transformer(self) -> Any:
        """The wrapped model: a `SentenceTransformer`, or a `LightEncoder` (same call interface)."""
        return self._st

    @property
    def engine(self) -> str:
        """"light" (policyqa.embeddings.light) or "sentence-transformers"."""
        return "light" if type(self._st).__name__ == "LightEncoder" else "sentence-transformers"

    # ------------------------------------------------------------------------------------------ numpy API

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """(n, dim) float32 L2-normalised query embeddings (query prefix added)."""
        items = _check_texts(texts, "queries")
        return self._encode([self.query_prefix + t for t in items], self.embed_batch_size)

    def embed_passages(self, texts: Sequence[str], batch_size: int | None = None, show_progress: bool = False,
                       progress_callback: ProgressCallback | None = None) -> np.ndarray:
        """(n, dim) float32 L2-normalised passage embeddings (passage prefix added), in input order."""
        items = _check_texts(texts, "passages")
        size = batch_size or self.embed_batch_size
        if size < 1:
            raise EmbeddingError(f"batch_size must be >= 1, got {size}")
        return self._encode([self.passage_prefix + t for t in items], size,
                            show_progress=show_progress, progress_callback=progress_callback)

    def _encode(self, texts: list[str], batch_size: int, *, sort: bool = True, show_progress: bool = False,
                progress_callback: ProgressCallback | None = None) -> np.ndarray:
        """Tokenise once, run length-sorted (or input-order) batches, restore order, L2-normalise."""
        n = len(texts)
        if n == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        tok = self._st.tokenizer
        ids: list[list[int]] = tok(texts, add_special_tokens=True, truncation=True,
                                   max_length=self.max_seq_length)["input_ids"]
        order = sorted(range(n), key=lambda i: -len(ids[i])) if sort else list(range(n))
        pad = tok.pad_token_id if tok.pad_token_id is not None else 0
        threads = torch.get_num_threads()
        one_thread = n <= SMALL_ENCODE and threads > 1 and _busy(threads)
        if one_thread:
            torch.set_num_threads(1)                    # process-wide: restored below
        try:
            return self._run(ids, order, pad, batch_size, show_progress, progress_callback)
        finally:
            if one_thread:
                torch.set_num_threads(threads)

    def _run(self, ids: list[list[int]], order: list[int], pad: int, batch_size: int, show_progress: bool,
             progress_callback: ProgressCallback | None) -> np.ndarray:
        n = len(ids)
        out = np.zeros((n, self.dim), dtype=np.float32)
        bar = None
        if show_progress:
            from tqdm.auto import tqdm
            bar = tqdm(total=n, desc="embedding", unit="passage")
        with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.bf16):
            for start in range(0, n, batch_size):
                idx = order[start:start + batch_size]
                width = max(len(ids[i]) for i in idx)
                input_ids = torch.full((len(idx), width), pad, dtype=torch.long)
                mask = torch.zeros((len(idx), width), dtype=torch.long)
                for row, i in enumerate(idx):
                    input_ids[row, :len(ids[i])] = torch.tensor(ids[i])
                    mask[row, :len(ids[i])] = 1
                emb = self._st({"input_ids": input_ids, "attention_mask": mask})["sentence_embedding"]
                out[idx] = emb.float().numpy()
                done = min(start + batch_size, n)
                if bar is not None:
                    bar.update(len(idx))
                if progress_callback is not None:
                    progress_callback(done, n)
        if bar is not None:
            bar.close()
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-12)

    # ------------------------------------------------------------------------------------ llama-index API

    def _get_query_embedding(self, query: str) -> list[float]:
        return self.embed_queries([query])[0].tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self.embed_passages([text])[0].tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self.embed_passages(texts).tolist()
