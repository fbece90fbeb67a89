"""The sentences of each chunk that the answerer scores, and their vectors, computed at index time.

    spans = chunk_sentence_spans(chunk.text)            # [(start, end), ...] in chunk.text
    texts = [sentence_text(chunk.text, sp) for sp in spans]   # what is embedded (as passages)

The index stores, for all chunks together, one matrix of sentence vectors (`SENTENCE_VECTORS`, float16,
L2-normalised), their spans (`SENTENCE_SPANS`, int32 pairs) and per chunk row the range of its sentences
(`SENTENCE_OFFSETS`, n_chunks + 1 int64): `LoadedIndex.sentences(row)` is two slices, no encoding.
"""
from __future__ import annotations

from policyqa.text import sentence_spans

SENTENCE_VECTORS = "sentences.npy"
SENTENCE_SPANS = "sentence_spans.npy"
SENTENCE_OFFSETS = "sentence_offsets.npy"

MIN_SENTENCE_CHARS = 16         # shorter "sentences" (list markers, "(a)") are not scored
MAX_SENTENCE_CHARS = 400        # a longer sentence is scored (not quoted) by its first 400 characters
MAX_SENTENCES_PER_CHUNK = 8     # the first 8 sentences of a passage are scored


def chunk_sentence_spans(text: str) -> list[tuple[int, int]]:
    """Spans (in `text`) of the sentences scored for a passage: the first MAX_SENTENCES_PER_CHUNK sentences
    of at least MIN_SENTENCE_CHARS characters."""
    return [(a, b) for a, b in sentence_spans(text) if b - a >= MIN_SENTENCE_CHARS][:MAX_SENTENCES_PER_CHUNK]


def sentence_text(text: str, span: tuple[int, int]) -> str:
    """What is embedded for the sentence at `span`: its first MAX_SENTENCE_CHARS characters."""
    a, b = span
    return text[a:min(b, a + MAX_SENTENCE_CHARS)]
