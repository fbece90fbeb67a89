"""Per-language lexical analysis for BM25: lower-case word tokens, stop-words out, Snowball stems."""
from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

# ISO 639-1 → Snowball algorithm (PyStemmer); EU languages without a Snowball stemmer are only lower-cased.
STEMMERS = {
    "en": "english", "nl": "dutch", "fr": "french", "de": "german", "es": "spanish", "it": "italian",
    "pl": "polish", "pt": "portuguese", "sv": "swedish", "da": "danish", "fi": "finnish", "cs": "czech",
    "ro": "romanian", "hu": "hungarian", "el": "greek", "lt": "lithuanian", "et": "estonian", "ga": "irish",
}
_STOPWORD_LISTS = {
    "en": "STOPWORDS_EN", "nl": "STOPWORDS_DUTCH", "fr": "STOPWORDS_FRENCH", "de": "STOPWORDS_GERMAN",
    "es": "STOPWORDS_SPANISH", "it": "STOPWORDS_ITALIAN", "pt": "STOPWORDS_PORTUGUESE",
    "sv": "STOPWORDS_SWEDISH", "da": "STOPWORDS_DANISH",
}
_EXTRA_STOP = {
    "pl": "i w z na do że się nie to jest o jak co czy dla przez lub oraz od po jakie jaki jaka mogę może".split(),
}
_TOKEN = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=None)
def _stemmer(lang: str):
    algo = STEMMERS.get(lang)
    return Stemmer.Stemmer(algo) if algo else None


@lru_cache(maxsize=None)
def stopwords(lang: str) -> frozenset[str]:
    import bm25s.stopwords as sw
    name = _STOPWORD_LISTS.get(lang)
    words = set(getattr(sw, name)) if name else set()
    words.update(_EXTRA_STOP.get(lang, ()))
    return frozenset(words)


def words(text: str, lang: str) -> list[str]:
    """The words of `text` that count for language `lang`: lower-cased, stop-words and single letters out
    (before stemming)."""
    stop = stopwords(lang)
    return [t for t in _TOKEN.findall(text.casefold()) if t not in stop and (len(t) > 1 or t.isdigit())]


def analyze(text: str, lang: str) -> list[str]:
    """Tokens of `text` as indexed/queried for language `lang`."""
    toks = words(text, lang)
    st = _stemmer(lang)
    return st.stemWords(toks) if st else toks
