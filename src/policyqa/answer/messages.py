"""The fixed sentences policyqa says itself, in the 24 official EU languages (English fallback)."""
from __future__ import annotations

# "not found": the documents do not answer the question
NOT_FOUND = {
    "bg": "Не намерих отговор на този въпрос в тези документи.",
    "cs": "Odpověď na tuto otázku jsem v těchto dokumentech nenašel.",
    "da": "Jeg fandt ikke svaret på dette spørgsmål i disse dokumenter.",
    "de": "Die Antwort auf diese Frage steht nicht in diesen Dokumenten.",
    "el": "Δεν βρήκα απάντηση σε αυτή την ερώτηση σε αυτά τα έγγραφα.",
    "en": "The answer to this question is not in these documents.",
    "es": "La respuesta a esta pregunta no se encuentra en estos documentos.",
    "et": "Nendest dokumentidest ei leidnud ma sellele küsimusele vastust.",
    "fi": "En löytänyt vastausta tähän kysymykseen näistä asiakirjoista.",
    "fr": "La réponse à cette question ne figure pas dans ces documents.",
    "ga": "Níl an freagra ar an gceist seo sna doiciméid seo.",
    "hr": "Odgovor na ovo pitanje nije u ovim dokumentima.",
    "hu": "A kérdésre nem találtam választ ezekben a dokumentumokban.",
    "it": "La risposta a questa domanda non si trova in questi documenti.",
    "lt": "Atsakymo į šį klausimą šiuose dokumentuose neradau.",
    "lv": "Atbildi uz šo jautājumu šajos dokumentos neatradu.",
    "mt": "It-tweġiba għal din il-mistoqsija mhijiex f'dawn id-dokumenti.",
    "nl": "Het antwoord op deze vraag staat niet in deze documenten.",
    "pl": "Odpowiedzi na to pytanie nie ma w tych dokumentach.",
    "pt": "A resposta a esta pergunta não se encontra nestes documentos.",
    "ro": "Răspunsul la această întrebare nu se află în aceste documente.",
    "sk": "Odpoveď na túto otázku som v týchto dokumentoch nenašiel.",
    "sl": "Odgovora na to vprašanje v teh dokumentih nisem našel.",
    "sv": "Svaret på den här frågan finns inte i dessa dokument.",
}

# shown before passages quoted in another language: "{langs}" = language names in the asker's language
OTHER_LANGUAGE = {
    "bg": "Текстът не е наличен на български; ето съответните разпоредби на {langs}:",
    "cs": "Text není k dispozici v češtině; zde jsou příslušná ustanovení v jazyce: {langs}:",
    "da": "Teksten findes ikke på dansk; her er de relevante bestemmelser på {langs}:",
    "de": "Der Text liegt nicht auf Deutsch vor; hier die einschlägigen Bestimmungen auf {langs}:",
    "el": "Το κείμενο δεν είναι διαθέσιμο στα ελληνικά· οι σχετικές διατάξεις στα {langs}:",
    "en": "The text is not available in English; here are the relevant provisions in {langs}:",
    "es": "El texto no está disponible en español; estas son las disposiciones pertinentes en {langs}:",
    "et": "Tekst ei ole eesti keeles saadaval; asjakohased sätted keeles: {langs}:",
    "fi": "Tekstiä ei ole saatavilla suomeksi; asiaa koskevat säännökset kielellä {langs}:",
    "fr": "Le texte n'est pas disponible en français ; voici les dispositions pertinentes en {langs} :",
    "ga": "Níl an téacs ar fáil i nGaeilge; seo na forálacha ábhartha i {langs}:",
    "hr": "Tekst nije dostupan na hrvatskom; relevantne odredbe na jeziku: {langs}:",
    "hu": "A szöveg magyarul nem érhető el; a vonatkozó rendelkezések ezen a nyelven: {langs}:",
    "it": "Il testo non è disponibile in italiano; ecco le disposizioni pertinenti in {langs}:",
    "lt": "Tekstas lietuvių kalba neprieinamas; atitinkamos nuostatos kalba: {langs}:",
    "lv": "Teksts latviešu valodā nav pieejams; attiecīgie noteikumi valodā: {langs}:",
    "mt": "It-test mhux disponibbli bil-Malti; hawn huma d-dispożizzjonijiet rilevanti bil-{langs}:",
    "nl": "De tekst bestaat niet in het Nederlands; dit zijn de relevante bepalingen in het {langs}:",
    "pl": "Tekst nie jest dostępny po polsku; oto odpowiednie przepisy w języku: {langs}:",
    "pt": "O texto não está disponível em português; eis as disposições pertinentes em {langs}:",
    "ro": "Textul nu este disponibil în limba română; iată dispozițiile relevante în limba: {langs}:",
    "sk": "Text nie je dostupný v slovenčine; tu sú príslušné ustanovenia v jazyku: {langs}:",
    "sl": "Besedilo ni na voljo v slovenščini; ustrezne določbe v jeziku: {langs}:",
    "sv": "Texten finns inte på svenska; här är de relevanta bestämmelserna på {langs}:",
}

# the names of the corpus languages in each asker's language (others fall back to English names)
LANGUAGE_NAMES = {
    "en": {"en": "English", "fr": "French", "nl": "Dutch", "de": "German"},
    "nl": {"en": "Engels", "fr": "Frans", "nl": "Nederlands", "de": "Duits"},
    "fr": {"en": "anglais", "fr": "français", "nl": "néerlandais", "de": "allemand"},
    "de": {"en": "Englisch", "fr": "Französisch", "nl": "Niederländisch", "de": "Deutsch"},
    "es": {"en": "inglés", "fr": "francés", "nl": "neerlandés", "de": "alemán"},
    "it": {"en": "inglese", "fr": "francese", "nl": "olandese", "de": "tedesco"},
    "pl": {"en": "angielskim", "fr": "francuskim", "nl": "niderlandzkim", "de": "niemieckim"},
    "pt": {"en": "inglês", "fr": "francês", "nl": "neerlandês", "de": "alemão"},
}
AND = {"en": "and", "nl": "en", "fr": "et", "de": "und", "es": "y", "it": "e", "pl": "i", "pt": "e"}


def not_found(lang: str) -> str:
    return NOT_FOUND.get(lang, NOT_FOUND["en"])


def other_language_intro(lang: str, source_langs: list[str]) -> str:
    names = LANGUAGE_NAMES.get(lang, LANGUAGE_NAMES["en"])
    shown = [names.get(code) or LANGUAGE_NAMES["en"].get(code, code) for code in source_langs]
    joined = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + f" {AND.get(lang, 'and')} " + shown[-1]
    return OTHER_LANGUAGE.get(lang, OTHER_LANGUAGE["en"]).format(langs=joined)
