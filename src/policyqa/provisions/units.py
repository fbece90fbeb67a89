"""Unit ids (`art_5`, `anx_III`, `cpt_III.sct_2`, `pbl`, `sec_<slug>`) and their display labels."""
from __future__ import annotations

import re

from .words import CYRILLIC_POINTS, GREEK_POINTS


class ProvisionError(ValueError):
    """A unit id, paragraph or point that policyqa cannot name."""


_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)


def _int_to_roman(n: int) -> str:
    """1 → "I", 14 → "XIV"."""
    if not 0 < n < 4000:
        raise ProvisionError(f"no roman numeral for {n}")
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def _roman_to_int(s: str) -> int | None:
    """"XIV" → 14 (case-insensitive); None unless `s` is a canonical roman numeral."""
    up = s.upper()
    if not up or set(up) - set("IVXLCDM"):
        return None
    total, i = 0, 0
    for value, letters in _ROMAN:
        while up.startswith(letters, i):
            total += value
            i += len(letters)
    if i != len(up) or not 0 < total < 4000 or _int_to_roman(total) != up:
        return None
    return total


# id prefix → (kind, English label word). Containers may be chained with "." (cpt_III.sct_2).
_PREFIXES = {"art": "article", "rct": "recital", "anx": "annex", "tis": "title", "cpt": "chapter",
             "sct": "section"}
_CONTAINER_ORDER = ("tis", "cpt", "sct")
_PART = re.compile(r"([a-z]{3})_([0-9]+[a-z]?|[IVXLCDM]+)")
_SLUG = re.compile(r"sec_([a-z0-9][a-z0-9_-]*)")

_EN_WORDS = {"article": "Article", "recital": "Recital", "annex": "Annex", "title": "Title",
             "chapter": "Chapter", "section": "Section", "preamble": "Preamble"}


def _parts(unit: str) -> list[tuple[str, str]]:
    """Validated (prefix, number) components of a structured unit id."""
    parts = []
    for piece in unit.split("."):
        m = _PART.fullmatch(piece)
        if not m or m.group(1) not in _PREFIXES:
            raise ProvisionError(f"unknown unit id {unit!r}")
        prefix, num = m.groups()
        if num.isalpha() and _roman_to_int(num) is None:
            raise ProvisionError(f"bad roman numeral in unit id {unit!r}")
        if num[0] == "0" or (prefix in ("art", "rct", "sct") and not num[0].isdigit()):
            raise ProvisionError(f"bad number in unit id {unit!r}")
        parts.append((prefix, num))
    if len(parts) > 1:
        if any(p not in _CONTAINER_ORDER for p, _ in parts):
            raise ProvisionError(f"unit id {unit!r} nests units that cannot be nested")
        depth = [_CONTAINER_ORDER.index(p) for p, _ in parts]
        if any(a >= b for a, b in zip(depth, depth[1:])):
            raise ProvisionError(f"unit id {unit!r} nests units that cannot be nested")
    return parts


def parse_unit(unit: str) -> tuple[str, str | None]:
    """Kind and number of a unit id: "art_5" → ("article", "5"), "cpt_III.sct_2" → ("section", "III.2"),
    "pbl" → ("preamble", None), "sec_news" → ("section", None). Raises ProvisionError on unknown ids."""
    if not isinstance(unit, str):
        raise ProvisionError(f"unit id must be a string, not {type(unit).__name__}")
    if unit == "pbl":
        return "preamble", None
    if _SLUG.fullmatch(unit):
        return "section", None
    parts = _parts(unit)
    return _PREFIXES[parts[-1][0]], ".".join(num for _, num in parts)


def _check_details(unit: str, kind: str, paragraph: str | None, point: str | None) -> None:
    if paragraph is not None and (kind != "article" or not re.fullmatch(r"[1-9][0-9]{0,2}", paragraph)):
        raise ProvisionError(f"bad paragraph {paragraph!r} for {unit!r}")
    if point is not None and (kind not in ("article", "annex") or not re.fullmatch(r"[a-z]{1,2}|[1-9][0-9]{0,2}", point)):
        raise ProvisionError(f"bad point {point!r} for {unit!r}")


def unit_label(unit: str, paragraph: str | None = None, point: str | None = None,
               heading: str | None = None) -> str:
    """Canonical English label: "Article 5(1)(f)", "Article 3, point (1)", "Annex III, point 4",
    "Recital 12", "Chapter III, Section 2", "Preamble"; for `sec_<slug>` the heading when given,
    else "Section: <slug words>"."""
    kind, _ = parse_unit(unit)
    _check_details(unit, kind, paragraph, point)
    if unit == "pbl":
        return "Preamble"
    m = _SLUG.fullmatch(unit)
    if m:
        return heading.strip() if heading and heading.strip() else "Section: " + re.sub(r"[-_]+", " ", m.group(1))
    label = ", ".join(f"{_EN_WORDS[_PREFIXES[p]]} {n}" for p, n in _parts(unit))
    if kind == "article":
        if paragraph:
            return label + f"({paragraph})" + (f"({point})" if point else "")
        return label + (f", point ({point})" if point else "")
    return label + (f", point {point}" if point else "")


# Per-language display: unit words, article-number format, and detail templates
# ({p} paragraph, {q} point). Languages not listed fall back to English.
_LOCAL: dict[str, dict[str, str]] = {
    "nl": {"article": "Artikel", "annex": "Bijlage", "recital": "Overweging", "chapter": "Hoofdstuk",
           "section": "Afdeling", "title": "Titel", "preamble": "Preambule",
           "num": "{n}", "para": ", lid {p}", "point": ", onder {q}", "annex_point": ", punt {q}"},
    "de": {"article": "Artikel", "annex": "Anhang", "recital": "Erwägungsgrund", "chapter": "Kapitel",
           "section": "Abschnitt", "title": "Titel", "preamble": "Präambel",
           "num": "{n}", "para": " Absatz {p}", "point": " Buchstabe {q}", "annex_point": " Nummer {q}"},
    "fr": {"article": "Article", "annex": "Annexe", "recital": "Considérant", "chapter": "Chapitre",
           "section": "Section", "title": "Titre", "preamble": "Préambule",
           "num": "{n}", "para": ", paragraphe {p}", "point": ", point {q})", "annex_point": ", point {q}"},
    "es": {"article": "Artículo", "annex": "Anexo", "recital": "Considerando", "chapter": "Capítulo",
           "section": "Sección", "title": "Título", "preamble": "Preámbulo",
           "num": "{n}", "para": ", apartado {p}", "point": ", letra {q})", "annex_point": ", punto {q}"},
    "it": {"article": "Articolo", "annex": "Allegato", "recital": "Considerando", "chapter": "Capo",
           "section": "Sezione", "title": "Titolo", "preamble": "Preambolo",
           "num": "{n}", "para": ", paragrafo {p}", "point": ", lettera {q})", "annex_point": ", punto {q}"},
    "pl": {"article": "Artykuł", "annex": "Załącznik", "recital": "Motyw", "chapter": "Rozdział",
           "section": "Sekcja", "title": "Tytuł", "preamble": "Preambuła",
           "num": "{n}", "para": " ust. {p}", "point": " lit. {q})", "annex_point": " pkt {q}"},
    "pt": {"article": "Artigo", "annex": "Anexo", "recital": "Considerando", "chapter": "Capítulo",
           "section": "Secção", "title": "Título", "preamble": "Preâmbulo",
           "num": "{n}.º", "para": ", n.º {p}", "point": ", alínea {q})", "annex_point": ", ponto {q}"},
    "sv": {"article": "Artikel", "annex": "Bilaga", "recital": "Skäl", "chapter": "Kapitel",
           "section": "Avsnitt", "title": "Avdelning", "preamble": "Ingress",
           "num": "{n}", "para": ".{p}", "point": " {q}", "annex_point": " punkt {q}"},
    "da": {"article": "Artikel", "annex": "Bilag", "recital": "Betragtning", "chapter": "Kapitel",
           "section": "Afdeling", "title": "Afsnit", "preamble": "Præambel",
           "num": "{n}", "para": ", stk. {p}", "point": ", litra {q})", "annex_point": ", punkt {q}"},
    "cs": {"article": "Článek", "annex": "Příloha", "recital": "Bod odůvodnění", "chapter": "Kapitola",
           "section": "Oddíl", "title": "Hlava", "preamble": "Preambule",
           "num": "{n}", "para": " odst. {p}", "point": " písm. {q})", "annex_point": " bod {q}"},
    "ro": {"article": "Articolul", "annex": "Anexa", "recital": "Considerentul", "chapter": "Capitolul",
           "section": "Secțiunea", "title": "Titlul", "preamble": "Preambul",
           "num": "{n}", "para": " alineatul ({p})", "point": " litera ({q})", "annex_point": " punctul {q}"},
    "sk": {"article": "Článok", "annex": "Príloha", "recital": "Odôvodnenie", "chapter": "Kapitola",
           "section": "Oddiel", "title": "Hlava", "preamble": "Preambula",
           "num": "{n}", "para": " ods. {p}", "point": " písm. {q})", "annex_point": " bod {q}"},
    "hr": {"article": "Članak", "annex": "Prilog", "recital": "Uvodna izjava", "chapter": "Poglavlje",
           "section": "Odjeljak", "title": "Glava", "preamble": "Preambula",
           "num": "{n}.", "para": " stavak {p}.", "point": " točka ({q})", "annex_point": " točka {q}."},
    "sl": {"article": "Člen", "annex": "Priloga", "recital": "Uvodna izjava", "chapter": "Poglavje",
           "section": "Oddelek", "title": "Naslov", "preamble": "Preambula",
           "num": "{n}", "para": "({p})", "point": "({q})", "annex_point": ", točka {q}"},
    "bg": {"article": "Член", "annex": "Приложение", "recital": "Съображение", "chapter": "Глава",
           "section": "Раздел", "title": "Дял", "preamble": "Преамбюл", "letters": "cyrillic",
           "num": "{n}", "para": ", параграф {p}", "point": ", буква {q})", "annex_point": ", точка {q}"},
    "el": {"article": "Άρθρο", "annex": "Παράρτημα", "recital": "Αιτιολογική σκέψη", "chapter": "Κεφάλαιο",
           "section": "Τμήμα", "title": "Τίτλος", "preamble": "Προοίμιο", "letters": "greek",
           "num": "{n}", "para": " παράγραφος {p}", "point": " στοιχείο {q})", "annex_point": " σημείο {q}"},
    "mt": {"article": "Artikolu", "annex": "Anness", "recital": "Premessa", "chapter": "Kapitolu",
           "section": "Taqsima", "title": "Titolu", "preamble": "Preambolu",
           "num": "{n}", "para": "({p})", "point": "({q})", "annex_point": ", punt {q}"},
    "ga": {"article": "Airteagal", "annex": "Iarscríbhinn", "recital": "Aithris", "chapter": "Caibidil",
           "section": "Roinn", "title": "Teideal", "preamble": "Brollach",
           "num": "{n}", "para": "({p})", "point": "({q})", "annex_point": ", pointe {q}"},
    # languages that put the unit word after the number ("5. cikk") and chain details in the
    # genitive ("5 artiklan 1 kohdan f alakohta"): whole templates, {n} number, {p} paragraph, {q} point
    "et": {"article": "artikkel {n}", "annex": "{n} lisa", "recital": "põhjendus {n}", "chapter": "{n} peatükk",
           "section": "{n}. jagu", "title": "{n} jaotis", "preamble": "preambul", "annex_point": ", punkt {q}",
           "art_p": "artikli {n} lõige {p}", "art_pq": "artikli {n} lõike {p} punkt {q}",
           "art_q": "artikli {n} punkt {q}"},
    "fi": {"article": "{n} artikla", "annex": "liite {n}", "recital": "johdanto-osan {n} kappale",
           "chapter": "{n} luku", "section": "{n} jakso", "title": "{n} osasto", "preamble": "johdanto-osa",
           "annex_point": ", {q} kohta", "art_p": "{n} artiklan {p} kohta",
           "art_pq": "{n} artiklan {p} kohdan {q} alakohta", "art_q": "{n} artiklan {q} alakohta"},
    "hu": {"article": "{n}. cikk", "annex": "{n}. melléklet", "recital": "({n}) preambulumbekezdés",
           "chapter": "{n}. fejezet", "section": "{n}. szakasz", "title": "{n}. cím", "preamble": "preambulum",
           "annex_point": " {q}. pont", "art_p": "{n}. cikk ({p}) bekezdés",
           "art_pq": "{n}. cikk ({p}) bekezdés {q}) pont", "art_q": "{n}. cikk {q}) pont"},
    "lv": {"article": "{n}. pants", "annex": "{n} pielikums", "recital": "{n}. apsvērums",
           "chapter": "{n} nodaļa", "section": "{n}. iedaļa", "title": "{n} sadaļa", "preamble": "preambula",
           "annex_point": ", {q}. punkts", "art_p": "{n}. panta {p}. punkts",
           "art_pq": "{n}. panta {p}. punkta {q}) apakšpunkts", "art_q": "{n}. panta {q}) punkts"},
    "lt": {"article": "{n} straipsnis", "annex": "{n} priedas", "recital": "{n} konstatuojamoji dalis",
           "chapter": "{n} skyrius", "section": "{n} skirsnis", "title": "{n} antraštinė dalis",
           "preamble": "preambulė", "annex_point": ", {q} punktas", "art_p": "{n} straipsnio {p} dalis",
           "art_pq": "{n} straipsnio {p} dalies {q} punktas", "art_q": "{n} straipsnio {q} punktas"},
}


def _local_point(point: str, style: dict[str, str]) -> str:
    """A point letter in the language's own alphabet where its texts use one ("f" → "στ", "е")."""
    alphabet = {"greek": GREEK_POINTS, "cyrillic": CYRILLIC_POINTS}.get(style.get("letters", ""))
    if alphabet and len(point) == 1 and "a" <= point <= "z" and ord(point) - ord("a") < len(alphabet):
        return alphabet[ord(point) - ord("a")]
    return point


def _unit_word(style: dict[str, str], kind: str, n: str) -> str:
    word = style[kind]
    return word.format(n=n) if "{n}" in word else f"{word} {n}"


def unit_label_local(unit: str, lang: str, paragraph: str | None = None, point: str | None = None,
                     heading: str | None = None) -> str:
    """Label in the user's language ("Artikel 5, lid 1, onder f", "Artikel 5 Absatz 1 Buchstabe f",
    "Article 5, paragraphe 1, point f)", "5 artiklan 1 kohdan f alakohta"), for the 24 official EU
    languages; `unit_label` for English and unlisted languages."""
    style = _LOCAL.get(lang)
    if style is None:
        return unit_label(unit, paragraph, point, heading)
    kind, _ = parse_unit(unit)
    _check_details(unit, kind, paragraph, point)
    if unit == "pbl":
        return style["preamble"]
    if _SLUG.fullmatch(unit):
        return unit_label(unit, heading=heading)
    parts = _parts(unit)
    q = _local_point(point, style) if point else None
    if kind == "article":
        n = parts[0][1]
        if "art_p" in style:                       # whole templates (postfix languages)
            key = "art_" + ("p" if paragraph else "") + ("q" if point else "")
            return style[key].format(n=n, p=paragraph, q=q) if key != "art_" else _unit_word(style, "article", n)
        label = style["article"] + " " + style["num"].format(n=n)
        if paragraph:
            label += style["para"].format(p=paragraph)
        if point and point.isdigit():              # a numbered point (definitions): the point word
            return label + style["annex_point"].format(q=point)
        return label + (style["point"].format(q=q) if point else "")
    label = ", ".join(_unit_word(style, _PREFIXES[p], n) for p, n in parts)
    return label + (style["annex_point"].format(q=point) if point else "")
