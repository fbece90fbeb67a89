"""The embedding layer: one interface (`PolicyEmbedding`) and one entry point (`load_embedder`)."""
from policyqa.embeddings.base import EmbeddingError, EmbeddingModelError, PolicyEmbedding
from policyqa.embeddings.factory import load_embedder

__all__ = ["EmbeddingError", "EmbeddingModelError", "PolicyEmbedding", "load_embedder"]
