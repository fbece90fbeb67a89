"""The interface strings: every EU language has every key, nothing empty, the same placeholders; the
browser's Accept-Language picks the language."""
from __future__ import annotations

import string

import pytest

from policyqa.languages import EU_LANGUAGES
from policyqa.ui import i18n


def test_all_24_languages_have_every_key_filled():
    assert sorted(i18n.STRINGS) == sorted(EU_LANGUAGES) and len(i18n.STRINGS) == 24
    for lang, table in i18n.STRINGS.items():
        assert set(table) == set(i18n.KEYS), lang
        empty = [k for k, v in table.items() if not v.strip()]
        assert not empty, (lang, empty)


@pytest.mark.parametrize("lang", sorted(EU_LANGUAGES))
def test_placeholders_match_english_and_format(lang):
    english = i18n.STRINGS["en"]
    for key, value in i18n.STRINGS[lang].items():
        fields = {f for _, f, _, _ in string.Formatter().parse(value) if f is not None}
        assert fields == i18n.placeholders(english[key]), (lang, key)
        i18n.text(lang, key, **{f: "X" for f in fields})          # formats without error


def test_translated_not_copied():
    """Strings that must differ from English in every other language (a copy is a missed translation)."""
    for lang in i18n.STRINGS:
        if lang == "en":
            continue
        for key in ("intro", "empty_question", "too_long", "not_ready", "status_model", "sources_empty"):
            assert i18n.text(lang, key) != i18n.text("en", key), (lang, key)


@pytest.mark.parametrize("header,expected", [
    ("pl-PL,pl;q=0.9,en-US;q=0.8,en;q=0.7", "pl"),
    ("el-GR", "el"),
    ("nb-NO,nb;q=0.9,de;q=0.5,en;q=0.4", "de"),          # Norwegian is not an EU language: next preference
    ("en;q=0.5, fr;q=0.9", "fr"),                         # q, not order, decides
    ("ga-IE", "ga"),
    ("zh-CN,zh;q=0.9", "en"),
    ("", "en"),
    (None, "en"),
    ("pt-BR;q=abc, *", "en"),
])
def test_pick_language(header, expected):
    assert i18n.pick_language(header) == expected


def test_unknown_language_falls_back_to_english_and_numbers_use_the_decimal_sign():
    assert i18n.text("xx", "ask") == "Ask"
    assert i18n.text("pl", "sources_header", n=3) == "Źródła (3)"
    assert i18n.number("de", 2.345) == "2,3" and i18n.number("en", 2.345) == "2.3" and i18n.number("fr", 12.6) == "13"
    assert i18n.duration("en", 245) == "4 min 05 s" and i18n.duration("hu", 40) == "40 mp"


def test_selector_lists_the_native_names():
    names = dict((code, name) for name, code in i18n.choices())
    assert names["pl"] == "polski" and names["el"] == "ελληνικά" and len(names) == 24
