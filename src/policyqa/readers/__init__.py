"""Document readers: one file (markdown, EUR-Lex HTML, PDF, plain text) → `policyqa.types.Document`."""
from .base import CorpusError, ReadError, source_text
from .loader import SUPPORTED_SUFFIXES, CorpusLoad, load_corpus, read_document

__all__ = ["SUPPORTED_SUFFIXES", "CorpusError", "CorpusLoad", "ReadError", "load_corpus", "read_document",
           "source_text"]
