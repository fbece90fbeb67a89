"""The light query-time encoder: a sentence-transformers folder of the plain form
Transformer(BERT) → Pooling(mean) → [Normalize] run in plain torch, straight from the folder's
`config.json`, `model.safetensors` and `tokenizer.json`.

Why: importing sentence-transformers costs ~3 s of a cold `policyqa ask` (it pulls scikit-learn, and
transformers' `modeling_utils` alone is ~2 s), building the `SentenceTransformer` another ~1 s, while the
network itself is a dozen lines of torch. The query path (`load_embedder(spec, engine="auto")`, used by
`Pipeline.open`) therefore loads this encoder when the folder has exactly that form; anything else (other
architectures, extra modules, lower-casing flags, a hub download) uses sentence-transformers, and indexing
always does. Same vectors: tests/embeddings/test_light.py checks identical token ids and cosine >= 0.9999 to
the `SentenceTransformer` of the same folder, in fp32, under bf16 autocast and int8.

`LightEncoder` offers what `PolicyEmbedding` uses of a `SentenceTransformer`: `tokenizer(texts, ...)`,
`tokenizer.pad_token_id`, `max_seq_length`, `prompts`, `get_embedding_dimension()`, `eval()`, and
`encoder({"input_ids", "attention_mask"})["sentence_embedding"]`. Its parameter names are the Hugging Face
`BertModel` ones (`encoder.layer.0.attention.self.query`, …) so `quantize_int8` treats it identically.
"""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

# modules.json types: sentence-transformers >= 5 ("….base.modules.transformer.Transformer") and older
# ("sentence_transformers.models.Transformer") spellings
_KINDS = ("Transformer", "Pooling", "Normalize")
# sentence_bert_config.json keys (and values) that keep the plain form; any other key means "not plain"
_SBERT_OK = {
    "max_seq_length": None,                       # any int
    "do_lower_case": (False,),
    "transformer_task": ("feature-extraction",),
    "modality_config": ({"text": {"method": "forward", "method_output_name": "last_hidden_state"}},),
    "module_output_name": ("token_embeddings",),
}
_VERY_LARGE = int(1e30)                            # transformers' "no model_max_length" value


class NotPlain(Exception):
    """The folder is not a plain BERT mean-pooling model (the reason is the message)."""


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise NotPlain(f"{path.name}: {e}") from None


def plain_bert_spec(folder: str | Path) -> dict[str, Any]:
    """What `LightEncoder` needs from a sentence-transformers folder; `NotPlain` when it has another form."""
    root = Path(folder)
    if not (root / "modules.json").is_file():
        raise NotPlain("no modules.json")
    modules = _read_json(root / "modules.json")
    kinds = [str(m.get("type", "")).rsplit(".", 1)[-1] if str(m.get("type", "")).startswith(
        "sentence_transformers.") else "?" for m in modules]
    if kinds not in (list(_KINDS), list(_KINDS[:2])):
        raise NotPlain(f"modules {kinds}, not Transformer, Pooling[, Normalize]")
    base = root / modules[0].get("path", "")
    sbert = _read_json(base / "sentence_bert_config.json") if (base / "sentence_bert_config.json").is_file() else {}
    for key, value in sbert.items():
        if key not in _SBERT_OK or (_SBERT_OK[key] is not None and value not in _SBERT_OK[key]):
            raise NotPlain(f"sentence_bert_config.json: {key}={value!r}")
    pooling = _read_json(root / modules[1].get("path", "") / "config.json")
    modes = {k: v for k, v in pooling.items() if k.startswith("pooling_mode")}
    if modes.get("pooling_mode", "mean") != "mean" or any(
            v for k, v in modes.items() if k not in ("pooling_mode", "pooling_mode_mean_tokens")) or \
            ("pooling_mode_mean_tokens" in modes and not modes["pooling_mode_mean_tokens"]):
        raise NotPlain(f"pooling {modes}, not mean")
    config = _read_json(base / "config.json")
    if config.get("model_type") != "bert" or config.get("hidden_act", "gelu") != "gelu" or \
            config.get("position_embedding_type", "absolute") != "absolute" or config.get("is_decoder"):
        raise NotPlain(f"config.json: not a plain BERT encoder ({config.get('model_type')}, "
                       f"{config.get('hidden_act')}, {config.get('position_embedding_type')})")
    for name in ("model.safetensors", "tokenizer.json"):
        if not (base / name).is_file():
            raise NotPlain(f"no {name}")
    tok_cfg = _read_json(base / "tokenizer_config.json") if (base / "tokenizer_config.json").is_file() else {}
    if tok_cfg.get("do_lower_case") is not None and tok_cfg.get("tokenizer_class") not in (
            None, "BertTokenizer", "BertTokenizerFast"):
        raise NotPlain("tokenizer_config.json: do_lower_case on a non-BERT tokenizer")
    max_len = sbert.get("max_seq_length") or min(int(tok_cfg.get("model_max_length") or _VERY_LARGE),
                                                 int(config["max_position_embeddings"]))
    pad = tok_cfg.get("pad_token")
    if isinstance(pad, dict):
        pad = pad.get("content")
    st_cfg = root / "config_sentence_transformers.json"
    prompts = (_read_json(st_cfg).get("prompts") or {}) if st_cfg.is_file() else {}
    return {"folder": base, "config": config, "max_seq_length": int(max_len), "pad_token": pad,
            "prompts": {str(k): str(v) for k, v in prompts.items()}}


class LightTokenizer:
    """`tokenizers.Tokenizer` with the call signature `PolicyEmbedding` uses of a Hugging Face tokenizer."""

    def __init__(self, path: Path, pad_token: str | None, model_max_length: int):
        from tokenizers import Tokenizer

        self._tok = Tokenizer.from_file(str(path))
        self._tok.no_padding()
        self._tok.no_truncation()
        self.model_max_length = model_max_length
        pad_id = self._tok.token_to_id(pad_token) if pad_token else None
        self.pad_token_id = pad_id

    def __call__(self, texts: str | list[str], add_special_tokens: bool = True, truncation: bool = False,
                 max_length: int | None = None) -> dict[str, list]:
        single = isinstance(texts, str)
        items = [texts] if single else list(texts)
        if truncation:
            self._tok.enable_truncation(max_length or self.model_max_length)
        else:
            self._tok.no_truncation()
        encs = self._tok.encode_batch(items, add_special_tokens=add_special_tokens)
        ids = [e.ids for e in encs]
        mask = [e.attention_mask for e in encs]
        return {"input_ids": ids[0] if single else ids, "attention_mask": mask[0] if single else mask}


# ------------------------------------------------------------------------------------------------- network

class _Embeddings(nn.Module):
    def __init__(self, c: dict):
        super().__init__()
        h = c["hidden_size"]
        # empty weights (`_weight`): the file's are assigned by `LightEncoder.load`, and nn.Embedding's own
        # random init would cost ~1 s (it imports torch._dynamo) plus ~0.5 s for the 250k x 384 table
        self.word_embeddings = nn.Embedding(c["vocab_size"], h, _weight=torch.empty(c["vocab_size"], h))
        self.position_embeddings = nn.Embedding(c["max_position_embeddings"], h,
                                                _weight=torch.empty(c["max_position_embeddings"], h))
        self.token_type_embeddings = nn.Embedding(c["type_vocab_size"], h, _weight=torch.empty(c["type_vocab_size"], h))
        self.LayerNorm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        # the order of Hugging Face's BertEmbeddings (words + token type 0, then positions from 0)
        width = input_ids.shape[1]
        x = self.word_embeddings(input_ids) + self.token_type_embeddings.weight[0]
        x = x + self.position_embeddings.weight[:width]
        return self.LayerNorm(x)


class _SelfAttention(nn.Module):
    def __init__(self, c: dict):
        super().__init__()
        h = c["hidden_size"]
        self.heads = c["num_attention_heads"]
        self.query, self.key, self.value = nn.Linear(h, h), nn.Linear(h, h), nn.Linear(h, h)

    def forward(self, x: torch.Tensor, mask: torch.Tensor | None) -> torch.Tensor:
        b, t, h = x.shape
        d = h // self.heads

        def split(y: torch.Tensor) -> torch.Tensor:
            return y.view(b, t, self.heads, d).transpose(1, 2)

        ctx = F.scaled_dot_product_attention(split(self.query(x)), split(self.key(x)), split(self.value(x)),
                                             attn_mask=mask, scale=1.0 / math.sqrt(d))
        return ctx.transpose(1, 2).reshape(b, t, h)


class _Output(nn.Module):
    """dense → + residual → LayerNorm (BertSelfOutput / BertOutput)."""

    def __init__(self, c: dict, n_in: int):
        super().__init__()
        self.dense = nn.Linear(n_in, c["hidden_size"])
        self.LayerNorm = nn.LayerNorm(c["hidden_size"], eps=c["layer_norm_eps"])

    def forward(self, x: torch.Tensor, residual: torch.Tensor) -> torch.Tensor:
        return self.LayerNorm(self.dense(x) + residual)


class _Attention(nn.Module):
    def __init__(self, c: dict):
        super().__init__()
        self.self = _SelfAttention(c)
        self.output = _Output(c, c["hidden_size"])

    def forward(self, x: torch.Tensor, mask: torch.Tensor | None) -> torch.Tensor:
        return self.output(self.self(x, mask), x)


class _Intermediate(nn.Module):
    def __init__(self, c: dict):
        super().__init__()
        self.dense = nn.Linear(c["hidden_size"], c["intermediate_size"])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.gelu(self.dense(x))                 # exact (erf) GELU: hidden_act "gelu"


class _Layer(nn.Module):
    def __init__(self, c: dict):
        super().__init__()
        self.attention = _Attention(c)
        self.intermediate = _Intermediate(c)
        self.output = _Output(c, c["intermediate_size"])

    def forward(self, x: torch.Tensor, mask: torch.Tensor | None) -> torch.Tensor:
        a = self.attention(x, mask)
        return self.output(self.intermediate(a), a)


class _Encoder(nn.Module):
    def __init__(self, c: dict):
        super().__init__()
        self.layer = nn.ModuleList(_Layer(c) for _ in range(c["num_hidden_layers"]))


class LightEncoder(nn.Module):
    """BERT → mean pooling over the attention mask → L2 normalisation, as the sentence-transformers folder."""

    def __init__(self, spec: dict[str, Any]):
        """Uninitialised weights (see `load`)."""
        super().__init__()
        c = spec["config"]
        self.embeddings = _Embeddings(c)
        self.encoder = _Encoder(c)
        self.dim = int(c["hidden_size"])
        self.prompts: dict[str, str] = dict(spec["prompts"])      # as `SentenceTransformer.prompts`
        self.tokenizer = LightTokenizer(spec["folder"] / "tokenizer.json", spec["pad_token"],
                                        spec["max_seq_length"])

    @classmethod
    def load(cls, folder: str | Path) -> "LightEncoder":
        """Load a plain BERT mean-pooling folder (`NotPlain` otherwise); weights are memory-mapped."""
        from safetensors.torch import load_file

        spec = plain_bert_spec(folder)
        with torch.device("meta"):               # no allocation: the file's tensors are assigned below
            enc = cls(spec)
        state = load_file(str(spec["folder"] / "model.safetensors"))
        if any(k.startswith("bert.") for k in state):
            state = {k.removeprefix("bert."): v for k, v in state.items() if k.startswith("bert.")}
        wanted = [k for k, _ in enc.named_parameters()]
        missing = [k for k in wanted if k not in state]
        if missing:
            raise NotPlain(f"model.safetensors lacks {missing[:3]}")
        enc.load_state_dict({k: state[k].float() for k in wanted}, strict=True, assign=True)
        return enc.eval()

    @property
    def max_seq_length(self) -> int:
        return self.tokenizer.model_max_length

    @max_seq_length.setter
    def max_seq_length(self, value: int) -> None:
        self.tokenizer.model_max_length = int(value)

    def get_embedding_dimension(self) -> int:
        return self.dim

    def forward(self, features: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
        ids, attention = features["input_ids"], features["attention_mask"]
        # boolean "may attend" mask over the keys; none when nothing is padded (as transformers' sdpa path)
        mask = None if bool(attention.all()) else attention[:, None, None, :].bool()
        x = self.embeddings(ids)
        for layer in self.encoder.layer:
            x = layer(x, mask)
        # sentence-transformers' mean Pooling, then Normalize
        m = attention.unsqueeze(-1).expand(x.size()).to(x.dtype)
        pooled = torch.sum(x * m, 1) / torch.clamp(m.sum(1), min=1e-9)
        return {"token_embeddings": x, "sentence_embedding": F.normalize(pooled, p=2, dim=1)}
