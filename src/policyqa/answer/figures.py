"""Does a question ask for a figure, and does a stretch of legal text carry one?

A question asks for a figure when it asks *when* or *what fine* (`policyqa.retrieval.intents`: dates,
penalties) or asks *how long / how many / how much / how old / how high* — the usual interrogatives of
the 24 EU languages (`_QUANTITY_WORDS`). The answer then quotes, next to the best sentence, the
neighbouring sentence of the same paragraph that holds the figure (policyqa.answer.extractive).

A figure in the text is a number that is not a reference: not "Article 6", "Annex III", "paragraph 2",
"point 4", "(EU) 2016/679", "No 765/2008" — a date, an amount, a percentage, a period ("72 hours",
"six months" is words and is not found), an age.
"""
from __future__ import annotations

import re
from functools import lru_cache

from policyqa.retrieval import intents

_QUANTITY_WORDS = (
    r"\b(?:when|wann|quand|cu[aá]ndo|quando|wanneer|kiedy|kdy|kedy|kdaj|kada|mikor\w*|milloin|när|hvornår|"
    r"millal|kad|πότε|кога|cathain|când)\b|"                                                       # when
    r"how (?:long|many|much|old|soon|quickly|fast|often|high|large|big)|what age|within what|"     # en
    r"(?:what|which|in which) (?:date|year|period|deadline)|"
    r"wie (?:lange?|viele?|hoch|alt|schnell|groß)|wieviele?|welche frist|binnen welcher|"          # de
    r"combien|quel âge|quel délai|dans quel délai|quelle durée|quelle date|quelle fréquence|quel montant|"                                    # fr
    r"hoe (?:lang|veel|hoog|oud|snel|groot|vaak)|hoeveel|binnen welke termijn|"                                   # nl
    r"cu[aá]nt[oa]s?|qué edad|qué plazo|qué fecha|"                                                           # es
    r"quant[oiea]|quale età|entro quanto|"                                                          # it
    r"quant[oa]s?|que idade|qual (?:é )?o prazo|que prazo|que data|"                                                             # pt
    r"\bil[eu]\b|jak długo|jak wysok|jak szybko|w jakim terminie|w którym roku|"                                                # pl
    r"kolik|jak dlouho|jak vysok|"                                                                  # cs
    r"koľko|ako dlho|ako vysok|"                                                                    # sk
    r"koliko|kako dolgo|"                                                                           # sl hr
    r"mennyi|hány|meddig|milyen magas|"                                                             # hu
    r"kuinka (?:pitkä|paljon|monta|kauan|suuri|korkea)|paljonko|montako|mihin mennessä|"           # fi
    r"kui (?:kaua|palju|suur|pikk|kõrge)|\bmitu\b|"                                                 # et
    r"\bcik\b|"                                                                                     # lv
    r"\bkiek\b|kaip ilgai|"                                                                         # lt
    r"\bc[aâ]t(?:e|i|ă)?\b|c[aâ]ț(?:i)\b|"                                                          # ro
    r"колко|"                                                                                       # bg
    r"πόσ|"                                                                                         # el
    r"\bkemm\b|"                                                                                    # mt
    r"cé mhéad|cá fhad|"                                                                            # ga
    r"hur (?:länge|lång|mycket|många|hög|gammal|snabbt|ofta)|"                                                # sv
    r"hvor (?:længe|mange|meget|høj|gammel|hurtigt)"                                                # da
)
_NUMBER = re.compile(r"(?<!\w)\d+(?:[ .,\u00a0]\d+)*")
# the word before a number that makes it a reference, not a figure (corpus languages en fr nl de pl)
_REFERENCE_WORDS = frozenset("""article articles artikel artikelen art arts artykuł artykułu artykule
    annex annexe bijlage anhang anhangs załącznik załącznika paragraph paragraphs paragraphe paragraphes lid
    leden absatz absätze abs ust ustęp point points punt punten punkt punkte nummer chapter chapitre
    hoofdstuk kapitel rozdział section sectie abschnitt sekcja recital considérant overweging
    erwägungsgrund motyw regulation règlement verordening verordnung rozporządzenie directive richtlijn
    richtlinie dyrektywa decision décision besluit beschluss decyzja no nr n° eu ue ce ec eg""".split())


_CONNECTORS = frozenset("and or to et ou à en of tot und oder bis i lub do".split())


@lru_cache(maxsize=1)
def _quantity() -> re.Pattern:
    return re.compile(_QUANTITY_WORDS, re.IGNORECASE)


def asks_for_figure(question: str, lang: str | None = None) -> bool:
    """True when the question asks when, what fine, or how long / many / much / old / high."""
    return bool(set(intents.detect(question, lang)) & {"dates", "penalties"}) or bool(_quantity().search(question))


def figure_at(text: str) -> int | None:
    """Offset of the first number in `text` that is not a reference to a provision or an act, or None."""
    for m in _NUMBER.finditer(text):
        nxt = text[m.end():m.end() + 1]
        before = text[max(0, m.start() - 40):m.start()]
        if before.endswith(("(", "/")) or nxt in ("(", ")", "/"):
            continue                      # "(EU) 2016/679", "Article 6(1)", "point (4)"
        # the word before, skipping other numbers and "and / or / to" ("Articles 5, 6 and 7")
        words = [w for w in re.findall(r"[^\W\d_]+|\d+", before.casefold()) if w not in _CONNECTORS]
        while words and words[-1].isdigit():
            words.pop()
        if words and words[-1] in _REFERENCE_WORDS:
            continue
        return m.start()
    return None


def has_figure(text: str) -> bool:
    """True when `text` holds a number that is not a reference to a provision or an act."""
    return figure_at(text) is not None
