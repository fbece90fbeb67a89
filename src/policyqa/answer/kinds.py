"""What a provision does, read from its operative wording: a prohibition, an obligation, a right or an
exception — or nothing, when the wording does not say so plainly.

The phrases are those the corpus's own texts use for these four kinds in their languages (English,
French, Dutch, German, Polish: e.g. AI Act Article 5(1) "shall be prohibited" / "sont interdites" /
"zijn verboden", GDPR Article 9(1) "ist untersagt" / "Zabrania się", Article 17(1) "shall have the right"
/ "a le droit" / "hat das Recht" / "ma prawo", Article 50(1) "shall ensure" / "veillent à" / "zorgen
ervoor", Article 2 "shall not apply" / "ne s'applique pas" / "is niet van toepassing" / "gilt nicht" /
"nie ma zastosowania"). Only articles are read (recitals explain, they do not rule); a sentence that
negates or softens the phrase ("shall not be prohibited", "may have the right") does not match, and
a text with phrases of two kinds gets the kind of the first one (the main clause comes first).
"""
from __future__ import annotations

import re

KINDS = ("prohibited", "obligation", "right", "exception")

_PHRASES: dict[str, tuple[str, ...]] = {
    "prohibited": (
        r"shall be prohibited", r"(?:is|are) prohibited",                                     # en
        r"(?:est|sont) interdite?s?",                                                         # fr
        r"(?:is|zijn) verboden",                                                              # nl
        r"(?:ist|sind) (?:untersagt|verboten)",                                               # de
        r"zabrania się", r"(?:jest|są) zakazane?",                                            # pl
    ),
    "obligation": (
        r"shall ensure", r"shall have the obligation", r"shall be obliged to", r"shall be required to",
        r"veill(?:e|ent) à", r"(?:est|sont) tenue?s? de", r"a l['’]obligation de",
        r"zorg(?:t|en) ervoor", r"zorg(?:t|en) (?:er )?voor dat", r"(?:is|zijn) verplicht",
        r"stell(?:t|en) sicher", r"(?:ist|sind) verpflichtet", r"tr(?:ägt|agen) dafür Sorge",
        r"(?:ma|mają) obowiązek", r"(?:jest|są) zobowiązan[yiae]",
    ),
    "right": (
        r"shall have the right", r"(?:has|have) the right",
        r"(?:a|ont) le droit",
        r"(?:heeft|hebben) het recht",
        r"(?:hat|haben) das Recht",
        r"(?:ma|mają) prawo",
    ),
    "exception": (
        r"shall not apply", r"(?:does|do) not apply",
        r"ne s['’]appliqu(?:e|ent) pas",
        r"(?:is|zijn) niet van toepassing",
        r"(?:gilt|gelten) nicht", r"finde[tn] keine Anwendung",
        r"nie (?:ma|mają) zastosowania", r"nie stosuje się",
    ),
}
# words right before the phrase that negate or soften it ("shall not have the right" does not match
# "shall have the right" anyway; these catch "is not prohibited", "nicht verpflichtet" …)
_SOFTENERS = re.compile(r"(?:\bnot|\bno|\bnicht|\bkein\w*|\bniet|\bgeen|\bpas|\bnie|\bmay|\bpeut|\bkann|\bkan|\bmoże)\s+$",
                        re.IGNORECASE)
# a relative clause ("practices that are prohibited by Union law") refers to a rule elsewhere
_RELATIVE = re.compile(r"(?:\bthat|\bwhich|\bwho|\bqui|\bkt[óo]r[aeyi]\w*)\s+(?:\w+\s+)?$", re.IGNORECASE)
_RX = {kind: re.compile(r"(?<!\w)(?:" + "|".join(ps) + r")(?!\w)", re.IGNORECASE) for kind, ps in _PHRASES.items()}


def provision_kind(text: str, unit_kind: str = "article") -> str | None:
    """"prohibited", "obligation", "right" or "exception" when the wording of `text` says so plainly;
    None otherwise, and always for provisions other than articles."""
    if unit_kind != "article" or not text:
        return None
    first: tuple[int, str] | None = None
    for kind, rx in _RX.items():
        for m in rx.finditer(text):
            before = text[max(0, m.start() - 24):m.start()]
            if _SOFTENERS.search(before) or _RELATIVE.search(before):
                continue
            if first is None or m.start() < first[0]:
                first = (m.start(), kind)
            break
    return first[1] if first else None
