"""Word tables for naming provisions in the 24 official EU languages.

Notation in every table of words:
  * ``*`` stands for any run of letters (inflections: ``artikel*`` → artikelen, Artikels);
  * a final ``.`` marks an abbreviation; the dot is optional when matched (``Art.`` → "Art 5");
  * a space matches any run of whitespace.
Matching is case-insensitive. Tables are plain data; `parse.py` compiles them once.
"""
from __future__ import annotations

# Words placed before the number ("Article 5", "bijlage III", "considérant 12"),
# per language, per unit kind.
PREFIX_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {"article": ("article*", "art.", "arts.", "artt."), "annex": ("annex*", "anx."),
           "recital": ("recital*", "rec.")},
    "nl": {"article": ("artikel*", "art."), "annex": ("bijlage*",), "recital": ("overweging*",)},
    "de": {"article": ("artikel*", "art."), "annex": ("anhang*", "anhänge*", "anh."),
           "recital": ("erwägungsgr*", "erwgr.", "erwg.")},
    "fr": {"article": ("article*", "art."), "annex": ("annexe*",), "recital": ("considérant*", "considerant*")},
    "es": {"article": ("artícul*", "articul*", "art."), "annex": ("anexo*",), "recital": ("considerando*",)},
    "it": {"article": ("articol*", "art.", "artt."), "annex": ("allegat*",), "recital": ("considerando*",)},
    "pt": {"article": ("artigo*", "art.", "art.º"), "annex": ("anexo*",), "recital": ("considerando*",)},
    "pl": {"article": ("artykuł*", "artykul*", "art."), "annex": ("załącznik*", "zalacznik*", "zał."),
           "recital": ("motyw*",)},
    "sv": {"article": ("artikel*", "artikl*", "art."), "annex": ("bilag*",), "recital": ("skäl*",)},
    "da": {"article": ("artikel*", "artikl*", "art."), "annex": ("bilag*",), "recital": ("betragtning*",)},
    "cs": {"article": ("článk*", "článek", "článcích", "čl."), "annex": ("přílo*", "příl."),
           "recital": ("bod* odůvodnění",)},
    "sk": {"article": ("článok", "článk*", "čl."), "annex": ("prílo*",), "recital": ("odôvodneni*",)},
    "ro": {"article": ("articol*", "art."), "annex": ("anex*",), "recital": ("considerent*",)},
    "hr": {"article": ("članak", "članka", "članku", "članci", "članaka", "čl."), "annex": ("prilog*",),
           "recital": ("uvodn* izjav*",)},
    "sl": {"article": ("člen*", "čl."), "annex": ("prilog*",), "recital": ("uvodn* izjav*",)},
    "bg": {"article": ("член*", "чл."), "annex": ("приложени*",), "recital": ("съображени*",)},
    "el": {"article": ("άρθρ*", "αρθρ*"), "annex": ("παράρτημ*", "παραρτήμ*", "παραρτημ*"),
           "recital": ("αιτιολογικ* σκέψ*", "αιτιολογικ* σκεψ*")},
    "et": {"article": ("artik*",), "annex": (), "recital": ("põhjendus*",)},
    "fi": {"article": (), "annex": ("liite", "liitteen", "liitteess*", "liitteit*"), "recital": ()},
    "lv": {"article": (), "annex": (), "recital": ()},
    "lt": {"article": (), "annex": (), "recital": ()},
    "hu": {"article": (), "annex": (), "recital": ()},
    "mt": {"article": ("artikol*",), "annex": ("anness*",), "recital": ("premess*",)},
    "ga": {"article": ("airteag*",), "annex": ("iarscríbhinn*",), "recital": ("aithris*",)},
}

# Words placed after the number ("5. cikk", "5 artiklan", "III lisa", "12. apsvērums").
POSTFIX_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "fi": {"article": ("artikl*",), "annex": (), "recital": ()},
    "et": {"article": (), "annex": ("lisa*",), "recital": ()},
    "hu": {"article": ("cikk*",), "annex": ("mellékle*",), "recital": ("preambulumbekezdés*",)},
    "lv": {"article": ("pant*",), "annex": ("pielikum*",), "recital": ("apsvērum*",)},
    "lt": {"article": ("straipsn*",), "annex": ("pried*",), "recital": ("konstatuojam* dal*",)},
    "sl": {"article": ("člen*",), "annex": (), "recital": ()},
}

# Details written number first, in the languages that write the unit word after its number:
# "5 artiklan 1 kohdan f alakohta" (fi), "5. cikk (1) bekezdésének f) pontja" (hu),
# "5. panta 1. punkta f) apakšpunkts" (lv), "5 straipsnio 1 dalies f punktas" (lt). Read only after a
# unit word of that language. In an annex, either word names the annex's numbered point
# ("liitteen III 4 kohta", "III. melléklet 4. pontja", "III pielikuma 4. punkts", "III priedo 4 punktas").
POSTFIX_DETAIL_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "fi": {"paragraph": ("kohd*", "koht*"), "point": ("alakohd*", "alakoht*")},
    "et": {"paragraph": ("lõi*",), "point": ("punkt*", "alapunkt*")},
    "hu": {"paragraph": ("bekezdés*",), "point": ("pont*", "alpont*")},
    "lv": {"paragraph": ("punkt*", "daļ*"), "point": ("apakšpunkt*",)},
    "lt": {"paragraph": ("dal*",), "point": ("punkt*", "papunk*")},
}

# Details inside an article or annex: paragraph ("lid 1", "Abs. 1"), subparagraph (skipped),
# point ("onder f", "lit. f", "punt 4"). Any language's word is accepted after any unit word.
PARAGRAPH_WORDS: tuple[str, ...] = (
    "paragraph*", "para.", "paras.", "par.", "§",            # en, fr, it
    "lid", "leden",                                          # nl
    "absatz*", "absätze*", "abs.",                           # de
    "paragraphe*",                                           # fr
    "apartado*", "apdo.",                                    # es
    "paragrafo*", "paragrafi", "paragrafu",                  # it, mt
    "n.º", "nº", "n.°", "número*",                           # pt
    "ust.", "ustęp*",                                        # pl
    "stk.", "stykke*",                                       # da
    "odst.", "odstav*", "ods.", "odsek*",                    # cs, sl, sk
    "alineatul", "alineatele", "alin.",                      # ro
    "stavak", "stavka", "stavku", "st.",                     # hr
    "параграф*", "ал.",                                      # bg
    "παράγραφ*", "παραγράφ*", "παρ.",                        # el
    "lõige", "lõike", "lg.",                                 # et
    "mír*",                                                  # ga
)
SUBPARAGRAPH_WORDS: tuple[str, ...] = (
    "subparagraph*", "subpara.", "alinea*", "unterabsatz*", "uabs.", "alinéa*", "párrafo*", "comma*",
    "akapit*", "parágrafo*", "stycke*", "afsnit*", "pododstav*", "pododsek*", "podstav*",
    "алине*", "εδάφι*", "satz*", "s.",
)
POINT_WORDS: tuple[str, ...] = (
    "point*", "pt.", "letter*",                              # en, fr, ga (pointe)
    "onder", "sub", "punt*", "onderdeel*",                   # nl, mt
    "buchstabe*", "buchst.", "lit.", "litera*", "nummer*", "nr.", "ziffer*", "ziff.",   # de, pl, ro
    "letra*", "punto*",                                      # es, it
    "lett.",                          # it
    "alínea*", "ponto*",                                     # pt
    "pkt.", "punkt*",                                 # pl, sv, et
    "led", "litra",                                          # sv, da
    "písm.", "písmen*", "bod", "bodu", "bodě", "body",       # cs, sk
    "punctul", "punctele", "pct.",                           # ro
    "točk*", "tč.",                                          # hr, sl
    "буква*", "б.", "точка*", "т.",                          # bg
    "στοιχεί*", "στοιχ.", "σημεί*",                          # el
)

# Ordinal words ("eerste lid", "premier alinéa", "erster Unterabsatz") → number.
# Each stem takes the listed language's inflection endings (see `ORDINAL_ENDINGS`).
ORDINALS: dict[str, dict[str, int]] = {
    "en": {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
           "eighth": 8, "ninth": 9, "tenth": 10},
    "nl": {"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "vijfde": 5, "zesde": 6, "zevende": 7,
           "achtste": 8, "negende": 9, "tiende": 10},
    "de": {"erst": 1, "zweit": 2, "dritt": 3, "viert": 4, "fünft": 5, "sechst": 6, "siebt": 7,
           "acht": 8, "neunt": 9, "zehnt": 10},
    "fr": {"premier": 1, "première": 1, "deuxième": 2, "second": 2, "seconde": 2, "troisième": 3,
           "quatrième": 4, "cinquième": 5, "sixième": 6, "septième": 7, "huitième": 8, "neuvième": 9,
           "dixième": 10},
    "es": {"primer": 1, "primero": 1, "primera": 1, "segund": 2, "tercer": 3, "tercero": 3, "tercera": 3,
           "cuart": 4, "quint": 5, "sext": 6},
    "it": {"prim": 1, "second": 2, "terz": 3, "quart": 4, "quint": 5, "sest": 6},
    "pt": {"primeir": 1, "segund": 2, "terceir": 3, "quart": 4, "quint": 5, "sext": 6},
    "pl": {"pierwsz": 1, "drug": 2, "trzec": 3, "czwart": 4, "piąt": 5},
    "ro": {"primul": 1, "prima": 1, "al doilea": 2, "a doua": 2, "al treilea": 3, "a treia": 3},
    "sv": {"första": 1, "andra": 2, "tredje": 3, "fjärde": 4},
    "da": {"første": 1, "andet": 2, "anden": 2, "tredje": 3, "fjerde": 4},
    "cs": {"prvn": 1, "druh": 2, "třet": 3, "čtvrt": 4},
    "sk": {"prv": 1, "druh": 2, "tret": 3, "štvrt": 4},
    "sl": {"prv": 1, "drug": 2, "tretj": 3, "četrt": 4},
    "hr": {"prv": 1, "drug": 2, "treć": 3, "četvrt": 4},
}
# Inflection endings added to the ordinal stems of a language (the bare stem always counts).
ORDINAL_ENDINGS: dict[str, tuple[str, ...]] = {
    "de": ("e", "er", "en", "es", "em"),
    "es": ("o", "a"),
    "it": ("o", "a"),
    "pt": ("o", "a"),
    "pl": ("y", "a", "ego", "ej", "i", "ie"),
    "cs": ("í", "ý", "ého", "ím", "ě", "ém"),
    "sk": ("ý", "ého", "om", "á", "ej"),
    "sl": ("i", "ega", "em", "a", "e"),
    "hr": ("i", "og", "om", "a", "oga", "ome"),
}

# Words joining numbers into a list ("Articles 5 and 6") or a range ("Art. 5 to 7"), per language.
CONJUNCTIONS: dict[str, tuple[str, ...]] = {
    "en": ("and", "or", "&"), "nl": ("en", "of"), "de": ("und", "oder"), "fr": ("et", "ou"),
    "es": ("y", "e", "o"), "it": ("e", "ed", "o"), "pt": ("e", "ou"), "pl": ("i", "oraz", "lub", "albo"),
    "sv": ("och", "eller"), "da": ("og", "eller"), "cs": ("a", "nebo"), "sk": ("a", "alebo"),
    "ro": ("și", "şi", "sau"), "hr": ("i", "ili"), "sl": ("in", "ali"), "bg": ("и", "или"),
    "el": ("και", "ή"), "et": ("ja", "või"), "fi": ("ja", "tai"), "hu": ("és", "vagy"),
    "lv": ("un", "vai"), "lt": ("ir", "arba"), "mt": ("u", "jew"), "ga": ("agus", "nó"),
}
RANGE_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("to", "through"), "nl": ("tot en met", "t/m", "tot"), "de": ("bis",), "fr": ("à",),
    "es": ("a", "al"), "it": ("a", "al"), "pt": ("a",), "pl": ("do",), "sv": ("till",), "da": ("til",),
    "cs": ("až",), "sk": ("až",), "ro": ("la",), "hr": ("do",), "sl": ("do",), "bg": ("до",),
    "el": ("έως", "εως"), "et": ("kuni",), "mt": ("sa",), "ga": ("go",),
}

# Words allowed between a reference and the act that follows it
# ("Article 5 of the AI Act", "artikel 17 van de AVG", "article 33 du RGPD", "art. 5 l'AI Act").
LINK_WORDS: tuple[str, ...] = (
    "of", "the", "in", "under", "from",
    "van", "de", "het", "der", "uit", "onder",
    "des", "dem", "den", "die", "das", "im", "aus", "nach", "gemäß", "gem.",
    "du", "la", "le", "les", "dans", "l'", "l’", "d'", "d’",
    "del", "el", "los", "en", "della", "dello", "dell'", "dell’", "di", "nel", "nella", "il", "lo",
    "do", "da", "dos", "das", "no", "na",
    "z", "ze", "w",
    "av", "i", "enligt", "af", "til", "efter",
    "din", "al", "a", "lui",
    "του", "της", "от", "на",
)
# Words naming a legal act ("Regulation (EU) 2016/679", "richtlijn", "Verordnung").
ACT_WORDS: tuple[str, ...] = (
    "regulation*", "directive*", "decision*", "treaty", "charter", "tfeu", "teu",
    "verordening*", "richtlijn*", "besluit*", "verdrag*", "handvest*", "vweu",
    "verordnung*", "richtlinie*", "beschluss*", "vertrag*", "charta", "aeuv", "euv",
    "règlement*", "reglement*", "décision*", "traité*", "charte", "tfue",
    "reglamento*", "directiva*", "decisión*", "tratado*", "carta",
    "regolamento*", "direttiva*", "decisione*", "trattato*",
    "rozporządzeni*", "dyrektyw*", "decyzj*", "traktat*",
    "regulamento*", "diretiva*", "decisão*",
    "förordning*", "direktiv*", "forordning*",
    "nařízení", "směrnic*", "nariadeni*", "smernic*", "regulamentul*",
)
# Demonstratives that make "of this Regulation" point to the act under discussion, not another act.
THIS_WORDS: tuple[str, ...] = (
    "this", "present", "deze", "dit", "dieser", "diese", "dieses", "ce", "cette", "présent", "présente",
    "este", "esta", "presente", "questo", "niniejsz*", "tego", "denna", "detta", "denne", "dette", "tohoto",
    "tejto", "acestui", "prezentul", "prezentului",
)

# Function and question words ignored by `is_lookup` (lower-case; per language, merged at use).
STOP_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("what", "which", "does", "do", "did", "say", "says", "said", "require", "requires", "state",
           "states", "mean", "means", "provide", "provides", "contain", "contains", "cover", "covers",
           "show", "me", "give", "text", "of", "the", "a", "an", "in", "is", "are", "about", "on", "to",
           "and", "or", "please", "read", "quote", "tell", "content", "contents", "full", "wording", "with",
           "there", "it", "its", "this", "that", "explain", "summarise", "summarize", "see", "for", "how",
           "under", "provision", "provisions"),
    "nl": ("wat", "welke", "zegt", "staat", "er", "in", "de", "het", "een", "van", "toon", "geef", "me",
           "mij", "tekst", "bepaalt", "vereist", "betekent", "inhoud", "over", "is", "zijn", "en", "of",
           "lees", "citeer", "volledige", "bepaling", "uitleg", "leg", "uit", "onder"),
    "de": ("was", "welche", "welcher", "steht", "sagt", "besagt", "regelt", "verlangt", "verlangen", "in",
           "im", "der", "die", "das", "dem", "den", "des", "ein", "eine", "zeige", "zeig", "mir", "gib",
           "text", "inhalt", "wortlaut", "ist", "und", "oder", "von", "über", "bedeutet", "erkläre",
           "bitte", "vorschrift", "gemäß", "nach"),
    "fr": ("que", "quoi", "qu'est-ce", "qu", "est", "ce", "dit", "prévoit", "exige", "contient", "le",
           "la", "les", "l", "de", "du", "des", "un", "une", "montre", "moi", "donne", "texte", "contenu",
           "et", "ou", "sur", "dans", "quel", "quelle", "signifie", "explique", "cite", "disposition"),
    "es": ("qué", "que", "dice", "establece", "exige", "contiene", "el", "la", "los", "las", "de", "del",
           "un", "una", "muestra", "muéstrame", "dame", "texto", "contenido", "y", "o", "en", "sobre",
           "cuál", "significa", "explica", "disposición"),
    "it": ("cosa", "che", "dice", "prevede", "stabilisce", "richiede", "contiene", "il", "lo", "la", "i",
           "gli", "le", "di", "del", "della", "dell", "un", "una", "mostra", "mostrami", "dammi", "testo",
           "contenuto", "e", "o", "in", "su", "quale", "significa", "spiega", "disposizione"),
    "pl": ("co", "mówi", "stanowi", "przewiduje", "wymaga", "zawiera", "w", "z", "i", "lub", "pokaż",
           "podaj", "tekst", "treść", "o", "jaki", "jakie", "czym", "jest", "oznacza", "przepis"),
    "pt": ("o", "que", "diz", "prevê", "estabelece", "exige", "contém", "a", "os", "as", "do", "da",
           "de", "um", "uma", "mostra", "mostre", "texto", "conteúdo", "e", "ou", "em", "no", "na",
           "qual", "significa", "disposição"),
}

# Point letters in Greek and Bulgarian texts, in order: the n-th maps to the n-th Latin letter
# ("στ)" → "f", "е)" → "f").
GREEK_POINTS: tuple[str, ...] = (
    "α", "β", "γ", "δ", "ε", "στ", "ζ", "η", "θ", "ι", "ια", "ιβ", "ιγ", "ιδ", "ιε", "ιστ", "ιζ", "ιη",
    "ιθ", "κ", "κα", "κβ", "κγ", "κδ", "κε", "κστ",
)
CYRILLIC_POINTS: tuple[str, ...] = tuple("абвгдежзийклмнопрстуфхцчшщ")
