"""The lead sentence of an answer, in the asker's language: the act, the exact provision and what it is
about, and — when the provision's own wording says so (policyqa.answer.kinds) — whether it prohibits,
obliges, grants a right or makes an exception:

    "Das regelt Artikel 5 Absatz 1 Buchstabe f KI-Verordnung (Verbotene Praktiken im KI-Bereich). Verboten ist:"
    "The GDPR deals with this in Article 17(1) (Right to erasure ('right to be forgotten')). The following right is granted:"

The heading is the one of the asker's language version when the index holds it, else the English one,
marked as such ("(englische Überschrift: Prohibited AI practices)"). Templates: policyqa.answer.messages.
"""
from __future__ import annotations

import re

from policyqa.answer.messages import COLON, ENGLISH_HEADING, LEAD, VERDICT, message
from policyqa.chunking.chunker import provision_at
from policyqa.indexing.store import LoadedIndex
from policyqa.provisions import ProvisionError, parse_unit, unit_label_local
from policyqa.sources import family_title

_HEADED_KINDS = ("article", "annex", "chapter", "section", "title")
# languages whose labels keep their capital inside a sentence ("Artikel 5", "Article 5(1)(f)")
_CAPITAL_LABELS = {"de", "en", "ga", "mt"}

# the article before a provision's name, per unit kind, for the templates' {the_label}
_UNIT_ARTICLES = {
    "fr": {"article": "l'", "annex": "l'", "recital": "le ", "chapter": "le ", "section": "la ", "title": "le ",
           "preamble": "le "},
    "es": {"article": "el ", "annex": "el ", "recital": "el ", "chapter": "el ", "section": "la ", "title": "el ",
           "preamble": "el "},
    "it": {"article": "l'", "annex": "l'", "recital": "il ", "chapter": "il ", "section": "la ", "title": "il ",
           "preamble": "il "},
    "pt": {"article": "o ", "annex": "o ", "recital": "o ", "chapter": "o ", "section": "a ", "title": "o ",
           "preamble": "o "},
}
# "of the act": feminine head nouns of act titles (the rest, and acronyms such as RGPD, are masculine)
_FEMININE = {
    "fr": {"directive", "loi", "décision", "charte", "stratégie", "communication", "recommandation"},
    "es": {"directiva", "ley", "decisión", "carta", "estrategia", "comunicación", "recomendación"},
    "it": {"direttiva", "legge", "decisione", "carta", "strategia", "comunicazione", "raccomandazione"},
    "pt": {"diretiva", "lei", "decisão", "carta", "estratégia", "comunicação", "recomendação"},
}
_DUTCH_HET = {"plan", "besluit", "verdrag", "handvest", "kader", "actieplan"}


def _of_act(act: str, lang: str) -> str:
    """"du règlement sur l'IA", "de la directive NIS 2", "dell'…", "do RGPD", "van de AVG"."""
    head = (re.findall(r"\w+", act.casefold()) or [""])[0]
    vowel = act[:1].casefold() in "aeiouhàâéèêíóúy"
    if lang == "nl":
        return ("van het " if _DUTCH_HET & set(re.findall(r"\w+", act.casefold())) else "van de ") + act
    fem = head in _FEMININE.get(lang, ())
    if lang == "fr":
        return ("de l'" if vowel else "de la " if fem else "du ") + act
    if lang == "es":
        return ("de la " if fem else "del ") + act
    if lang == "it":
        return ("dell'" if vowel else "della " if fem else "dello " if re.match(r"(?i)s[^aeiou]|z|gn|ps|x|y", act)
                else "del ") + act
    if lang == "pt":
        return ("da " if fem else "do ") + act
    return act


def local_label(chunk, lang: str, offset: int | None = None) -> str:
    """The provision at `offset` of the chunk (its paragraph/point), named in `lang`."""
    paragraph, point = provision_at(chunk, offset) if offset is not None else (None, None)
    if chunk.kind not in ("article", "annex"):          # recitals number themselves, sections nothing
        paragraph = point = None
    elif chunk.kind == "annex":
        paragraph = None
    heading = chunk.heading_path[-1] if chunk.heading_path else None
    for para, pt in ((paragraph, point), (paragraph, None), (None, None)):
        try:
            return unit_label_local(chunk.unit, lang, para, pt, heading)
        except ProvisionError:
            continue
    return chunk.label


def _heading_text(chunk) -> str | None:
    if not chunk.heading_path:
        return None
    last = chunk.heading_path[-1]
    return last.split(" — ", 1)[1].strip() if " — " in last else None


def provision_heading(index: LoadedIndex, doc: str, unit: str, lang: str) -> tuple[str | None, str | None]:
    """(heading, its language): the asker's language version's, else the English one's, else any."""
    by_lang: dict[str, str] = {}
    for r in index.unit_rows.get((doc, unit), []):
        c = index.chunks[r]
        if c.lang not in by_lang:
            h = _heading_text(c)
            if h:
                by_lang[c.lang] = h
    for code in (lang, "en"):
        if code in by_lang:
            return by_lang[code], code
    if by_lang:
        code = sorted(by_lang)[0]
        return by_lang[code], code
    return None, None


def lead_sentence(index: LoadedIndex, row: int, offset: int, lang: str, kind: str | None = None) -> str:
    """The lead for the passage at chunk `row`, quoted from `offset`, for an asker writing in `lang`;
    `kind` (policyqa.answer.kinds) adds the verdict sentence."""
    chunk = index.chunks[row]
    unit_kind, _ = parse_unit(chunk.unit)
    label = local_label(chunk, lang, offset)
    about = ""
    if unit_kind in _HEADED_KINDS and not chunk.unit.startswith("sec_"):
        heading, h_lang = provision_heading(index, chunk.doc, chunk.unit, lang)
        if heading:
            about = "(" + (message(ENGLISH_HEADING, lang).format(h=heading) if h_lang == "en" and lang != "en"
                           else heading) + ")"
    elif chunk.unit.startswith("sec_"):
        label = f"“{label}”"
    if lang not in _CAPITAL_LABELS and label[:1].isupper() and not label[:2].isupper():
        label = label[:1].lower() + label[1:]
    act = family_title(chunk.doc, lang)
    if chunk.unit.startswith("sec_"):          # a page or uploaded file: its name and the section
        return f"{act}, {label}{COLON.get(lang, ':')}"
    verdict = message(VERDICT, lang).get(kind) if kind else None
    colon = COLON.get(lang, ":")
    the_label = _UNIT_ARTICLES.get(lang, {}).get(unit_kind, "") + label
    text = message(LEAD, lang).format(act=act, of_act=_of_act(act, lang), label=label, the_label=the_label,
                                      about=about, end="." if verdict else colon)
    text = re.sub(r"\s{2,}", " ", text).replace(" .", ".").replace(" ,", ",")
    if not verdict:
        text = re.sub(r"\s+:$", colon, text) if colon == ":" else text
    text = text[:1].upper() + text[1:]
    return f"{text} {verdict}" if verdict else text
