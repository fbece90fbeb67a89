"""Is the question a request for legal advice or a prediction about the asker's own case?

"Should I sue …", "Will I win …", "Do I need a lawyer …", "Soll ich klagen …", "Ai-je mes chances …":
the acts say what the law is, not what one person should do or how their case will end. Such questions
get a short statement saying so (policyqa.answer.messages.LEGAL_ADVICE) before the provisions that bear
on them. The patterns are the ways people ask for that, written per language from the usual phrasing of
such requests (a first-person "should I / shall I" with going to court or suing, "will I win", "my
chances", "do I need a lawyer", "what do you advise", "legal advice") — not "can I complain", which the
texts do answer (remedies, complaint rights). Every language's patterns are tried on every question
(language detection of a short question can be wrong).
"""
from __future__ import annotations

import re
from functools import lru_cache

# per language: alternatives, matched case-insensitively anywhere in the question
_PATTERNS: dict[str, tuple[str, ...]] = {
    "en": (r"\b(?:should|shall|must|ought) (?:i|we)(?: \w+)? (?:to )?(?:sue|take \w+(?: \w+)? to court|go to court|"
           r"file a (?:law)?suit|start legal proceedings|bring (?:a|legal) (?:claim|action|case))",
           r"\bwill (?:i|we) win\b", r"\b(?:my|our) chances\b", r"\bchances of winning\b",
           r"\bdo (?:i|we) have a (?:good |strong |real )?case\b", r"\bis it worth (?:suing|going to court|taking)",
           r"\bdo (?:i|we) need (?:a|to hire a) (?:lawyer|solicitor|attorney)\b",
           r"\bwhat (?:would|do) you (?:advise|recommend)\b", r"\blegal advice\b",
           r"\bam i (?:going to be )?(?:liable|guilty)\b", r"\bwin (?:the|my|our|this) case\b"),
    "de": (r"\bsoll(?:te)? (?:ich|wir)\b.{0,60}\b(?:klagen|verklagen|vor gericht|rechtlich vorgehen|anwalt)",
           r"\bwerde (?:ich|wir)\b.{0,40}\b(?:gewinnen|recht bekommen)", r"\b(?:meine|unsere) chancen\b",
           r"\berfolgsaussicht", r"\blohnt (?:es )?sich\b.{0,40}\b(?:klage|klagen|gericht)",
           r"\bbrauche (?:ich|wir) (?:einen |eine )?(?:rechts)?anwält?(?:in)?\b", r"\bwas raten sie\b",
           r"\brechtsberatung\b", r"\brechtlichen rat\b"),
    "fr": (r"\b(?:dois|devrais|devrions|faut-il)[- ](?:je|nous|qu)?\b.{0,50}\b(?:poursuivre|attaquer en justice|"
           r"aller en justice|intenter|saisir (?:le|la) (?:tribunal|justice|juge)|porter l'affaire)",
           r"\b(?:vais|allons)[- ](?:je|nous) gagner\b", r"\best-ce que (?:je|nous) (?:vais|allons) gagner\b",
           r"\bgagner (?:mon|le|ce|notre) procès\b", r"\b(?:mes|nos) chances\b",
           r"\bbesoin d['’]un avocat\b", r"\bque me conseillez-vous\b", r"\bconseil juridique\b"),
    "nl": (r"\b(?:moet|zou|moeten|zouden) (?:ik|wij|we)\b.{0,50}\b(?:aanklagen|rechtszaak|naar de rechter|"
           r"procederen|dagvaarden)",
           r"\b(?:ga|gaan|zal|zullen) (?:ik|wij|we)\b.{0,30}\bwinnen\b", r"\bwin ik\b",
           r"\b(?:maak|heb) ik (?:een )?(?:goede |reële )?kans\b", r"\b(?:mijn|onze) kansen\b",
           r"\bheb(?:ben)? (?:ik|wij|we) een advocaat nodig\b", r"\bwat raadt? (?:u|je) (?:me|mij|ons) aan\b",
           r"\bjuridisch advies\b"),
    "es": (r"\b(?:debo|debería|deberia|deberíamos|tengo que)\b.{0,50}\b(?:demandar|ir a juicio|"
           r"ir a los tribunales|poner una demanda|acudir a los tribunales)",
           r"\b(?:voy|vamos) a ganar\b", r"\bganaré\b", r"\bmis (?:posibilidades|probabilidades|opciones) de ganar\b",
           r"\bnecesito (?:un )?abogado\b", r"\bqué me (?:aconseja|recomienda)s?\b", r"\basesoramiento jurídico\b"),
    "it": (r"\b(?:devo|dovrei|dovremmo)\b.{0,50}\b(?:fare causa|andare in tribunale|citare in giudizio|"
           r"agire in giudizio)",
           r"\bvincerò\b", r"\bvinceremo\b", r"\b(?:le mie|che) (?:possibilità|probabilità) (?:ho|di vincere)\b",
           r"\bho bisogno di un avvocato\b", r"\bcosa mi consigli(?:a|ate)?\b", r"\bconsulenza legale\b"),
    "pt": (r"\b(?:devo|deveria|deveríamos)\b.{0,50}\b(?:processar|ir a tribunal|ir para a justiça|"
           r"mover uma ação|intentar uma ação)",
           r"\bvou ganhar\b", r"\bganharei\b", r"\b(?:as minhas|minhas) (?:hipóteses|chances|probabilidades)\b",
           r"\bpreciso de (?:um )?advogado\b", r"\bo que me aconselha\b", r"\baconselhamento jurídico\b"),
    "pl": (r"\b(?:czy )?(?:powinienem|powinnam|powinniśmy)\b.{0,50}\b(?:pozwać|iść do sądu|złożyć pozew|"
           r"wnieść pozew|skierować sprawę do sądu)",
           r"\bczy wygram\b", r"\bwygram\b", r"\b(?:moje|jakie mam) szanse\b",
           r"\bpotrzebuję (?:prawnika|adwokata)\b", r"\bco mi (?:radzisz|radzicie|pan radzi|pani radzi)\b",
           r"\bporad[ayę] prawn"),
    "sv": (r"\b(?:ska|borde|bör) (?:jag|vi)\b.{0,40}\b(?:stämma|gå till domstol|väcka talan)",
           r"\bkommer (?:jag|vi) att vinna\b", r"\bvinner jag\b", r"\bmina chanser\b",
           r"\bbehöver (?:jag|vi) en (?:advokat|jurist)\b", r"\bvad (?:råder|rekommenderar) du\b",
           r"\bjuridisk rådgivning\b"),
    "da": (r"\b(?:skal|bør) (?:jeg|vi)\b.{0,40}\b(?:sagsøge|gå til domstolene|anlægge sag|gå rettens vej)",
           r"\bvil (?:jeg|vi) vinde\b", r"\bvinder jeg\b", r"\bmine chancer\b",
           r"\bhar (?:jeg|vi) brug for en advokat\b", r"\bhvad (?:råder|anbefaler) du\b", r"\bjuridisk rådgivning\b"),
    "fi": (r"\b(?:pitäisikö|kannattaako|pitääkö)\b.{0,40}\b(?:haastaa|oikeuteen|kanne)",
           r"\bvoitanko\b", r"\bvoittaisinko\b", r"\bmahdollisuuteni\b",
           r"\btarvitsenko (?:asianajajan|lakimiehen|juristin)\b", r"\bmitä (?:neuvot|neuvotte|suosittelet)\b",
           r"\boikeudellista neuvontaa\b"),
    "et": (r"\b(?:kas ma peaksin|kas peaksin|kas me peaksime)\b.{0,40}\b(?:kohtusse|hagi|kaebuse kohtule)",
           r"\bkas ma võidan\b", r"\bminu võimalused\b", r"\bkas ma vajan (?:advokaati|juristi)\b",
           r"\bmida (?:te )?soovitate\b", r"\bõigusnõu\b"),
    "lv": (r"\bvai (?:man|mums) (?:vajadzētu|vajag|ir jā)\b.{0,40}\b(?:tiesā|iesūdzēt|prasību)",
           r"\bvai (?:es|mēs) uzvarēšu\b", r"\bmanas izredzes\b", r"\bvai man vajag (?:advokātu|juristu)\b",
           r"\bko jūs (?:ieteiktu|iesakāt)\b", r"\bjuridisk\w* konsultācij"),
    "lt": (r"\bar (?:turėčiau|turėtume|man reikėtų)\b.{0,40}\b(?:teism|ieškin)",
           r"\bar laimėsiu\b", r"\bmano (?:galimybės|šansai)\b", r"\bar man reikia (?:advokato|teisininko)\b",
           r"\bką (?:patartumėte|patariate)\b", r"\bteisinės konsultacijos\b"),
    "cs": (r"\b(?:mám|měl bych|měla bych|měli bychom)\b.{0,40}\b(?:žalovat|zažalovat|podat žalobu|jít k soudu)",
           r"\b(?:vyhraju|vyhraji)\b", r"\bmoje šance\b", r"\bjaké mám šance\b",
           r"\bpotřebuji (?:advokáta|právníka)\b", r"\bco (?:mi )?(?:radíte|doporučujete)\b", r"\bprávní rad"),
    "sk": (r"\b(?:mám|mal by som|mala by som|mali by sme)\b.{0,40}\b(?:žalovať|podať žalobu|ísť na súd)",
           r"\bvyhrám\b", r"\bmoje šance\b", r"\baké mám šance\b", r"\bpotrebujem (?:advokáta|právnika)\b",
           r"\bčo (?:mi )?(?:radíte|odporúčate)\b", r"\bprávne poradenstvo\b"),
    "sl": (r"\b(?:ali naj|bi moral|bi morala|bi morali)\b.{0,40}\b(?:tožim|tožiti|na sodišče|tožbo)",
           r"\bbom zmagal\w?\b", r"\bmoje možnosti\b", r"\bpotrebujem (?:odvetnika|pravnika)\b",
           r"\bkaj mi svetujete\b", r"\bpravni nasvet\b"),
    "hr": (r"\b(?:trebam li|trebao bih|trebala bih|trebamo li)\b.{0,40}\b(?:tužiti|tužbu|na sud)",
           r"\bhoću li dobiti\b", r"\b(?:moje šanse|kakve su mi šanse)\b", r"\btrebam li (?:odvjetnika|pravnika)\b",
           r"\bšto mi savjetujete\b", r"\bpravni savjet\b"),
    "ro": (r"\b(?:ar trebui să|trebuie să)\b.{0,40}\b(?:dau în judecată|acționez în instanță|merg în instanță)",
           r"\b(?:voi|o să) câștig\w*\b", r"\b(?:șansele|şansele) mele\b", r"\bce (?:șanse|şanse) am\b",
           r"\bam nevoie de (?:un )?avocat\b", r"\bce (?:mă|ma) sfătuiți\b", r"\bconsultan(?:ț|ţ)ă juridică\b"),
    "hu": (r"\bbepereljem\b", r"\bpereljek\b", r"\bbírósághoz (?:kellene )?fordulnom\b", r"\bmegnyerem\b",
           r"\bnyerni fogok\b", r"\besélyeim\b", r"\bszükségem van (?:egy )?ügyvédre\b", r"\bmit tanácsol\b",
           r"\bjogi tanács"),
    "bg": (r"\b(?:трябва ли да|дали да)\b.{0,40}\b(?:съдя|заведа дело|осъдя|отида в съда)",
           r"\bще спечеля\b", r"\bшансовете ми\b", r"\bкакви са шансовете\b",
           r"\b(?:нуждая ли се от|трябва ли ми) адвокат\b", r"\bкакво ме съветвате\b", r"\bправен съвет\b"),
    "el": (r"\b(?:πρέπει να|να)\b.{0,40}\b(?:μηνύσω|κάνω μήνυση|καταθέσω αγωγή|πάω στο δικαστήριο|"
           r"προσφύγω στη δικαιοσύνη)",
           r"\bθα κερδίσω\b", r"\bοι πιθανότητές μου\b", r"\bτι πιθανότητες έχω\b", r"\bχρειάζομαι δικηγόρο\b",
           r"\bτι μου (?:συμβουλεύετε|προτείνετε)\b", r"\bνομική συμβουλή\b"),
    "mt": (r"\bgħandi\b.{0,40}\b(?:nfittex|nieħu azzjoni legali|immur il-qorti)", r"\bse nirbaħ\b",
           r"\bċ-ċansijiet tiegħi\b", r"\bgħandi bżonn avukat\b", r"\bx'tagħtini parir\b", r"\bparir legali\b"),
    "ga": (r"\bar cheart dom\b.{0,40}\b(?:agra|cúirt|caingean)", r"\ban mbuafaidh mé\b", r"\bmo sheansanna\b",
           r"\bdlíodóir (?:ag teastáil|de dhíth)\b", r"\bcomhairle dhlí"),
}


@lru_cache(maxsize=1)
def _rx() -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for ps in _PATTERNS.values() for p in ps), re.IGNORECASE)


def asks_for_advice(question: str) -> bool:
    """True when the question asks what the asker should do in their own case or how it will end."""
    return bool(_rx().search(" ".join(question.split())))
