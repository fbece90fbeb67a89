"""The 24 official EU languages and language detection (lingua, restricted to those languages).

`detect_language` returns an ISO 639-1 code, or `default` when the text is too short or ambiguous,
or written mostly in a script no EU language uses (Chinese, Arabic, …). Maltese has no lingua model,
so it is never detected (it is still a supported language code).
"""
from __future__ import annotations

import threading
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from policyqa.text import clean_text

if TYPE_CHECKING:  # pragma: no cover
    from lingua import LanguageDetector

# ISO 639-1 code → (English name, native name)
EU_LANGUAGES: dict[str, tuple[str, str]] = {
    "bg": ("Bulgarian", "български"),
    "cs": ("Czech", "čeština"),
    "da": ("Danish", "dansk"),
    "de": ("German", "Deutsch"),
    "el": ("Greek", "ελληνικά"),
    "en": ("English", "English"),
    "es": ("Spanish", "español"),
    "et": ("Estonian", "eesti"),
    "fi": ("Finnish", "suomi"),
    "fr": ("French", "français"),
    "ga": ("Irish", "Gaeilge"),
    "hr": ("Croatian", "hrvatski"),
    "hu": ("Hungarian", "magyar"),
    "it": ("Italian", "italiano"),
    "lt": ("Lithuanian", "lietuvių"),
    "lv": ("Latvian", "latviešu"),
    "mt": ("Maltese", "Malti"),
    "nl": ("Dutch", "Nederlands"),
    "pl": ("Polish", "polski"),
    "pt": ("Portuguese", "português"),
    "ro": ("Romanian", "română"),
    "sk": ("Slovak", "slovenčina"),
    "sl": ("Slovenian", "slovenščina"),
    "sv": ("Swedish", "svenska"),
}

# Minimum lingua confidence (0..1) of the best language; below it the answer is "unsure".
MIN_CONFIDENCE = 0.35
# Scripts the EU languages are written in (the first word of the Unicode character name).
_EU_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC")
# Cyrillic letters Bulgarian does not use (Russian, Ukrainian, Belarusian, Serbian, Macedonian text).
_NON_EU_CYRILLIC = frozenset("ыэёіїєґўђћџљњјѓќѕ")
# Marks that only one EU language's orthography uses: they settle a close call (es vs pt on "¿Qué …?").
_MARKS = {"¿": "es", "¡": "es", "ñ": "es", "ã": "pt", "õ": "pt", "ő": "hu", "ű": "hu", "ß": "de", "ł": "pl"}

_lock = threading.Lock()


class UnsupportedLanguageError(ValueError):
    """A language code that is not one of the 24 official EU languages."""

    def __init__(self, code: str) -> None:
        super().__init__(f"unsupported language {code!r}: use one of {', '.join(sorted(EU_LANGUAGES))}")
        self.code = code


def is_supported(code: str | None) -> bool:
    """True for an official EU language code (case-insensitive), e.g. "nl"."""
    return bool(code) and code.lower() in EU_LANGUAGES


def check_language(code: str) -> str:
    """The lower-cased code, or `UnsupportedLanguageError`."""
    if not is_supported(code):
        raise UnsupportedLanguageError(code)
    return code.lower()


def eu_script_share(text: str) -> float:
    """Share of the letters of `text` that are Latin, Greek or Cyrillic (1.0 when there are none)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 1.0
    ok = sum(1 for c in letters if unicodedata.name(c, "").startswith(_EU_SCRIPTS))
    return ok / len(letters)


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    langs = []
    for code in EU_LANGUAGES:
        iso = getattr(IsoCode639_1, code.upper(), None)
        if iso is None:
            continue
        try:
            langs.append(Language.from_iso_code_639_1(iso))
        except ValueError:  # no lingua model (Maltese)
            continue
    # low-accuracy mode (trigram models only) loads in under a second instead of ~10 s; the short-question
    # tests in tests/test_languages.py pass with it
    return LanguageDetectorBuilder.from_languages(*langs).with_low_accuracy_mode().build()


def detect_language(text: str, *, default: str | None = None) -> str | None:
    """ISO 639-1 code of the EU language `text` is written in, else `default` (unsure / non-EU script).
    Any string is accepted: it is cleaned first (`clean_text`; lingua fails on lone surrogates)."""
    sample = " ".join(clean_text(text[:8000]).split())[:2000]
    if sum(c.isalpha() for c in sample) < 3 or eu_script_share(sample) < 0.5:
        return default
    if _NON_EU_CYRILLIC.intersection(sample.lower()):
        return default
    with _lock:
        values = _detector().compute_language_confidence_values(sample)
    ranked = [(v.language.iso_code_639_1.name.lower(), v.value) for v in values[:3]]
    marked = {_MARKS[c] for c in sample.lower() if c in _MARKS}
    for code, conf in ranked:
        if code in marked and conf >= 0.2:
            return code
    if not ranked or ranked[0][1] < MIN_CONFIDENCE:
        return default
    return ranked[0][0]
