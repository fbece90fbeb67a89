"""Question intents that every act answers in the same kind of provision.

Citizens ask three things of any act that its text answers in fixed places, whatever the topic:
*when* (entry into force, application, transposition, repeal — the final provisions), *what fine*
(penalties, fines, periodic penalty payments) and *where to complain / how to get compensation*
(remedies). A question that asks one of these is about that provision more than about its topic words,
which the embedding model weighs more. `detect()` finds the intents of a question (word lists for the
24 EU languages); `matches_heading()` tells whether a provision's heading is of that kind (headings in
the languages of the documents). The retriever adds one ranking per detected intent: the units whose
heading matches, ordered by the rest of the evidence (README "Retrieval").

Lists are lowercase regular expressions over the question; `\\b` word edges. Ambiguous conjunctions
("when", "quand", "wanneer", "kiedy" can also mean "if/whenever") only count at the start of the
question or of one of its sentences ("We make medical devices. When do …"), or after a preposition
("from when", "ab wann", "tot wanneer", "od kiedy").
"""
from __future__ import annotations

import re
from functools import lru_cache

# "when" as an interrogative: first word (after an optional preposition), or after a preposition
_WHEN_WORDS = (r"when|wann|quand|cu[aá]ndo|quando|wanneer|kiedy|kdy|kedy|kdaj|kada|mikor|milloin|när|"
               r"hvornår|millal|kad|πότε|кога|cathain|când")
_WHEN_PREPS = (r"from|by|until|till|since|as of|ab|bis|seit|à partir de|jusqu'à|jusqu’à|depuis|a partir de|"
               r"desde|hasta|entro|da|fino a|a partire da|vanaf|sinds|tot|od|do|från|fra|indtil|"
               r"až|din|până|dalla|dal")
_PREP_WHEN = (r"from when|by when|until when|till when|since when|as of when|ab wann|bis wann|seit wann|"
              r"à partir de quand|jusqu'à quand|jusqu’à quand|depuis quand|a partir de cu[aá]ndo|desde cu[aá]ndo|"
              r"hasta cu[aá]ndo|entro quando|da quando|fino a quando|a partire da quando|vanaf wanneer|"
              r"sinds wanneer|tot wanneer|od kiedy|do kiedy|a partir de quando|até quando|desde quando|"
              r"från när|till när|fra hvornår|indtil hvornår|od kdy|do kdy|od kedy|do kedy|od kdaj|do kdaj|"
              r"od kada|do kada|mikortól|meddig|mistä lähtien|mihin mennessä|de când|până când|"
              r"από πότε|έως πότε|от кога|до кога|kuni millal|alates millal|no kura laika|līdz kuram|"
              r"nuo kada|iki kada")
_DATE_PHRASES = (   # entry into force, application from a date, transposition, repeal — not "deadline"
    r"what date|which date|enter(?:s|ed)? into force|entry into force|in force|start(?:s)? to apply|"  # words:
    r"appl(?:y|ies) from|applicable from|date of application|transpos|repeal|"  # a deadline inside an article
    r"in kraft|inkrafttreten|gilt ab|gelten ab|umsetz|aufgehoben|"             # (to notify, to answer) is not
    r"en vigueur|date d'application|date d’application|s'applique à partir|abrog|"  # this intent
    r"en vigor|deroga|"
    r"in vigore|data di applicazione|recepi|abroga|"
    r"in werking|inwerkingtreding|van toepassing vanaf|omzetten|omzetting|ingetrokken|"
    r"w życie|transpozy|uchyl|stosuje się od|"
    r"em vigor|revoga|intr[aă] în vigoare|"
    r"účinnost|platnost|hatályba|voimaan|träder i kraft|ikraft|jõustu|"
    r"stājas spēkā|įsigalioja|začne veljati|stupa na snagu|nadobúda účinnosť|"
    r"θέση σε ισχύ|влиза в сила|teacht i bhfeidhm|jidħol fis-seħħ")

_PATTERNS: dict[str, str] = {
    "dates": (rf"(?:^|[.!?;:]\s)\W*(?:(?:{_WHEN_PREPS})\s+)?(?:{_WHEN_WORDS})\b|\b(?:{_PREP_WHEN})\b|"
              rf"\b(?:{_DATE_PHRASES})"),
    "penalties": (
        r"\bfines?\b|\bfined\b|penalt|sanction|"                                    # en, fr
        r"bu(?:ß|ss)geld|geldbu(?:ß|ss)|zwangsgeld|strafe|sanktion|"               # de
        r"\bamendes?\b|astreinte|pénalit|"                                            # fr
        r"\bmultas?\b|sanci[oó]n|penalizaci|"                                        # es, pt
        r"ammend|sanzion|penali|"                                                    # it
        r"boete|dwangsom|sanctie|"                                                   # nl
        r"grzywn|\bkar(?:a|y|ę|ami)?\b|sankcj|"                                       # pl
        r"\bcoimas?\b|sanç|amend[aă]|sancțiun|pokut|sankc|glob[ae]\b|novčan|bírság|szankci|"
        r"sakko|seuraamus|böter|sanktionsavgift|bøde|trahv|sanktsioon|\bsods|naudas sod|bauda|"
        r"sankcij|πρόστιμ|κυρώσ|глоба|санкци|fíneáil|\bkazn|\bkazen\b"),                 # hr/sl "kazna, kazen"
    "remedies": (
        r"complain|compensat|redress|damages|"                                       # en
        r"beschwer|schadenersatz|schadensersatz|entschädig|"                          # de
        r"plainte|réclamation|indemnis|réparation|dommages|"                           # fr
        r"reclamaci|queja|indemniza|resarci|"                                        # es
        r"reclamo|risarci|indennizz|"                                                # it
        r"klacht|schadevergoeding|schadeloos|"                                       # nl
        r"skarg|odszkodowa|zadośćuczynien|"                                          # pl
        r"queixa|plângere|despăgubir|stížnost|náhrad|sťažnosť|pritožb|odškodn|pritužb|"
        r"panasz|kártérítés|kantelu|vahingonkorva|klagomål|skadestånd|klage|erstatning|kaebus|kahjuhüvit|"
        r"sūdzīb|kompensācij|skund|žalos atlyginim|καταγγελ|αποζημίωσ|жалб|обезщет|gearán|cúiteamh|ilment|kumpens|"
        r"\bplâng|\bplang|\bklaga|\bvalitu[sk]|\bvalitta(?:a|isi|mme)"),     # ro "a se plânge", sv, fi "valittaa"
}

_HEADINGS: dict[str, str] = {
    "dates": (r"entry into force|\btransposition|\brepeal|entrée en vigueur|\babrogation|"
              r"inwerkingtreding|omzetting|intrekking|inkrafttreten|umsetzung|aufhebung|"
              r"entrada en vigor|transposición|derogación|entrata in vigore|recepimento|abrogazione|"
              r"wejście w życie|transpozycja|uchylenie"),
    "penalties": (r"penalt|\bfines\b|sanctions|\bamendes\b|astreinte|geldboete|dwangsom|\bsancties\b|"
                  r"geldbu(?:ß|ss)e|sanktionen|zwangsgeld|\bmultas\b|sanciones|sanzioni|ammende|penalità|"
                  r"kary|grzywn|sankcje"),
    "remedies": (r"complaint|compensation|réclamation|plainte|indemnisation|réparation|klacht|"
                 r"schadevergoeding|beschwerde|schadenersatz|reclamación|indemnización|reclamo|"
                 r"risarcimento|skarg|odszkodowan"),
}

INTENTS = tuple(_PATTERNS)


@lru_cache(maxsize=None)
def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.I)


def detect(question: str, lang: str | None = None) -> list[str]:
    """The intents a question expresses, in INTENTS order."""
    q = " ".join(question.lower().split())
    if lang == "it":                       # Italian "fine" is "end/purpose" ("al fine di")
        q = re.sub(r"\bfine\b", " ", q)
    return [name for name in INTENTS if _rx(_PATTERNS[name]).search(q)]


def matches_heading(intent: str, heading: str) -> bool:
    """True if a provision heading ("Article 99 — Penalties") is of the intent's kind."""
    return bool(_rx(_HEADINGS[intent]).search(heading))
