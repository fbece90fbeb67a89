"""Documents → structure-aware chunks."""
from policyqa.chunking.chunker import chunk_document, chunk_documents

__all__ = ["chunk_document", "chunk_documents"]
