"""The light query-time encoder gives the sentence-transformers vectors: same token ids, same settings,
cosine >= 0.9999 in several languages (fp32, bf16 autocast, int8), and it only takes plain BERT folders."""
from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from policyqa.embeddings import factory
from policyqa.embeddings.factory import build_embedder, load_embedder, resolve
from policyqa.embeddings.light import LightEncoder, NotPlain, plain_bert_spec

from .conftest import LONG, SAMPLE

QUERIES = ["Mag mijn werkgever AI gebruiken om mijn emoties te lezen?", "Welche KI-Praktiken sind verboten?",
           "What are the fines for infringements of the GDPR?", "Qu'est-ce qu'une donnée à caractère personnel ?",
           "¿Qué obligaciones tienen las plataformas en línea?", "Czy mogę żądać usunięcia moich danych?",
           "Quali sono i sistemi di IA ad alto rischio?"]


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)


@pytest.fixture(scope="module", params=["e5-small", "minilm"])
def pair(request):
    """(sentence-transformers embedder, light embedder) of the same model, fresh (not the cached ones)."""
    return (build_embedder(request.param, engine="sentence-transformers"),
            build_embedder(request.param, engine="auto"))


def test_same_settings_and_token_ids(pair):
    st, light = pair
    assert st.engine == "sentence-transformers" and light.engine == "light"
    for field in ("model_id", "dim", "query_prefix", "passage_prefix", "max_seq_length", "bf16", "quantized"):
        assert getattr(light, field) == getattr(st, field), field
    a, b = st.sentence_transformer.tokenizer, light.sentence_transformer.tokenizer
    texts = [light.query_prefix + t for t in SAMPLE] + [LONG, ""]
    kw = dict(add_special_tokens=True, truncation=True, max_length=st.max_seq_length)
    ids = b(texts, **kw)["input_ids"]
    assert ids == a(texts, **kw)["input_ids"]
    assert len(ids[-2]) == st.max_seq_length                     # LONG is cut at the window
    assert b.pad_token_id == a.pad_token_id is not None


@pytest.mark.parametrize("bf16", [False, True])
def test_same_vectors_queries_and_passages(pair, bf16):
    st, light = pair
    saved = st.bf16, light.bf16
    st.bf16 = light.bf16 = bf16
    try:
        q = cosines(st.embed_queries(QUERIES), light.embed_queries(QUERIES))
        p = cosines(st.embed_passages(SAMPLE + [LONG]), light.embed_passages(SAMPLE + [LONG]))
    finally:
        st.bf16, light.bf16 = saved
    assert q.min() >= 0.9999 and p.min() >= 0.9999, (q.min(), p.min())


def test_same_vectors_int8():
    st = build_embedder("e5-small", quantize=True, engine="sentence-transformers")
    light = build_embedder("e5-small", quantize=True, engine="auto")
    assert light.engine == "light" and light.model_id == st.model_id and light.model_id.endswith("+int8")
    assert cosines(st.embed_queries(QUERIES), light.embed_queries(QUERIES)).min() >= 0.9999


def test_load_embedder_engines_and_cache(monkeypatch):
    monkeypatch.setattr(factory, "_CACHE", {})
    light = load_embedder("minilm", engine="auto")
    assert light.engine == "light" and load_embedder("minilm", engine="auto") is light
    st = load_embedder("minilm")                                  # the default engine: sentence-transformers
    assert st.engine == "sentence-transformers" and st is not light
    monkeypatch.setattr(factory, "_CACHE", {})
    st = load_embedder("minilm")
    assert load_embedder("minilm", engine="auto") is st           # one model per process when ST is loaded
    with pytest.raises(ValueError, match="engine"):
        build_embedder("minilm", engine="onnx")


def test_index_built_with_sentence_transformers_is_queried_unchanged(fixture_pipeline, fixture_settings):
    """The fixture index is built with sentence-transformers; the light engine answers the same."""
    from policyqa.pipeline import Pipeline

    light = Pipeline.open(fixture_settings, embedder=build_embedder("e5-small", engine="auto"))
    assert light.embedder.engine == "light" and fixture_pipeline.embedder.engine == "sentence-transformers"
    for q in ["Mag mijn werkgever AI gebruiken om mijn emoties te lezen?", "What are the transparency obligations?",
              "Welche Pflichten haben Anbieter von Hochrisiko-KI-Systemen?"]:
        a, b = fixture_pipeline.ask(q), light.ask(q)
        assert [(h["doc"], h["unit"], h["lang"]) for h in a["retrieved"]] == \
               [(h["doc"], h["unit"], h["lang"]) for h in b["retrieved"]]
        assert np.allclose([h["score"] for h in a["retrieved"]], [h["score"] for h in b["retrieved"]], atol=1e-3)
        assert (a["answer"], a["abstained"]) == (b["answer"], b["abstained"])


# ------------------------------------------------------------------------------- which folders are "plain"

def _folder(tmp_path, e5_folder, **edits):
    """A copy of the converted e5 folder's small files (weights/tokenizer linked), with JSON edits."""
    dest = tmp_path / "model"
    shutil.copytree(e5_folder, dest, ignore=shutil.ignore_patterns("model.safetensors", "tokenizer.json"))
    for name in ("model.safetensors", "tokenizer.json"):
        (dest / name).symlink_to(e5_folder / name)
    for name, change in edits.items():
        path = dest / name.replace("__", "/")
        data = json.loads(path.read_text()) if path.is_file() else {}
        path.write_text(json.dumps(change(data)))
    return dest


def test_plain_spec_of_the_converted_e5(e5_folder):
    spec = plain_bert_spec(e5_folder)
    assert spec["max_seq_length"] == 512 and spec["pad_token"] == "<pad>"
    assert spec["prompts"]["query"] == "query: "


@pytest.mark.parametrize("name,change,reason", [
    ("modules.json", lambda m: m + [{"idx": 3, "name": "3", "path": "3_Dense",
                                     "type": "sentence_transformers.models.Dense"}], "modules"),
    ("1_Pooling__config.json", lambda c: {**c, "pooling_mode": "cls"}, "pooling"),
    ("sentence_bert_config.json", lambda c: {**c, "do_lower_case": True}, "do_lower_case"),
    ("config.json", lambda c: {**c, "model_type": "xlm-roberta"}, "not a plain BERT"),
    ("config.json", lambda c: {**c, "hidden_act": "gelu_new"}, "not a plain BERT"),
])
def test_other_forms_are_not_plain_and_fall_back(tmp_path, e5_folder, name, change, reason):
    folder = _folder(tmp_path, e5_folder, **{name: change})
    with pytest.raises(NotPlain, match=reason):
        LightEncoder.load(folder)
    assert factory._light_encoder(resolve(str(folder))) is None   # → sentence-transformers
