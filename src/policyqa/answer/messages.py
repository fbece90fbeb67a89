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
# (kept short: the answer is the quote; the lead names the provision and marks a foreign heading)
OTHER_LANGUAGE = {
    "bg": "Няма текст на български; цитат на {langs}:",
    "cs": "Text není v češtině; citace (jazyk: {langs}):",
    "da": "Teksten findes ikke på dansk; citat på {langs}:",
    "de": "Nicht auf Deutsch verfügbar; Zitat auf {langs}:",
    "el": "Δεν υπάρχει στα ελληνικά· παράθεση στα {langs}:",
    "en": "Not available in English; quoted in {langs}:",
    "es": "No disponible en español; cita en {langs}:",
    "et": "Eesti keeles pole saadaval; tsitaat {langs} keeles:",
    "fi": "Ei saatavilla suomeksi; lainaus {langs}:",
    "fr": "Non disponible en français ; citation en {langs} :",
    "ga": "Níl sé ar fáil i nGaeilge; sliocht i {langs}:",
    "hr": "Nije dostupno na hrvatskom; citat (jezik: {langs}):",
    "hu": "Magyarul nem érhető el; idézet {langs} nyelven:",
    "it": "Non disponibile in italiano; citazione in {langs}:",
    "lt": "Lietuvių kalba neprieinama; citata {langs} kalba:",
    "lv": "Latviešu valodā nav pieejams; citāts {langs} valodā:",
    "mt": "Mhux disponibbli bil-Malti; kwotazzjoni bil-{langs}:",
    "nl": "Niet beschikbaar in het Nederlands; citaat in het {langs}:",
    "pl": "Brak wersji polskiej; cytat w języku {langs}:",
    "pt": "Não disponível em português; citação em {langs}:",
    "ro": "Nu este disponibil în limba română; citat în limba {langs}:",
    "sk": "Nie je dostupné v slovenčine; citát (jazyk: {langs}):",
    "sl": "Ni na voljo v slovenščini; navedek (jezik: {langs}):",
    "sv": "Finns inte på svenska; citat på {langs}:",
}

# the names of the corpus languages in each asker's language, in the form OTHER_LANGUAGE needs
# (others fall back to English names)
LANGUAGE_NAMES = {
    "bg": {"en": "английски", "fr": "френски", "nl": "нидерландски", "de": "немски", "pl": "полски"},
    "cs": {"en": "angličtina", "fr": "francouzština", "nl": "nizozemština", "de": "němčina", "pl": "polština"},
    "da": {"en": "engelsk", "fr": "fransk", "nl": "nederlandsk", "de": "tysk", "pl": "polsk"},
    "de": {"en": "Englisch", "fr": "Französisch", "nl": "Niederländisch", "de": "Deutsch", "pl": "Polnisch"},
    "el": {"en": "αγγλικά", "fr": "γαλλικά", "nl": "ολλανδικά", "de": "γερμανικά", "pl": "πολωνικά"},
    "en": {"en": "English", "fr": "French", "nl": "Dutch", "de": "German", "pl": "Polish"},
    "es": {"en": "inglés", "fr": "francés", "nl": "neerlandés", "de": "alemán", "pl": "polaco"},
    "et": {"en": "inglise", "fr": "prantsuse", "nl": "hollandi", "de": "saksa", "pl": "poola"},
    "fi": {"en": "englanniksi", "fr": "ranskaksi", "nl": "hollanniksi", "de": "saksaksi", "pl": "puolaksi"},
    "fr": {"en": "anglais", "fr": "français", "nl": "néerlandais", "de": "allemand", "pl": "polonais"},
    "ga": {"en": "mBéarla", "fr": "bhFraincis", "nl": "nOllainnis", "de": "nGearmáinis", "pl": "bPolainnis"},
    "hr": {"en": "engleski", "fr": "francuski", "nl": "nizozemski", "de": "njemački", "pl": "poljski"},
    "hu": {"en": "angol", "fr": "francia", "nl": "holland", "de": "német", "pl": "lengyel"},
    "it": {"en": "inglese", "fr": "francese", "nl": "olandese", "de": "tedesco", "pl": "polacco"},
    "lt": {"en": "anglų", "fr": "prancūzų", "nl": "nyderlandų", "de": "vokiečių", "pl": "lenkų"},
    "lv": {"en": "angļu", "fr": "franču", "nl": "nīderlandiešu", "de": "vācu", "pl": "poļu"},
    "mt": {"en": "Ingliż", "fr": "Franċiż", "nl": "Olandiż", "de": "Ġermaniż", "pl": "Pollakk"},
    "nl": {"en": "Engels", "fr": "Frans", "nl": "Nederlands", "de": "Duits", "pl": "Pools"},
    "pl": {"en": "angielskim", "fr": "francuskim", "nl": "niderlandzkim", "de": "niemieckim", "pl": "polskim"},
    "pt": {"en": "inglês", "fr": "francês", "nl": "neerlandês", "de": "alemão", "pl": "polaco"},
    "ro": {"en": "engleză", "fr": "franceză", "nl": "neerlandeză", "de": "germană", "pl": "poloneză"},
    "sk": {"en": "angličtina", "fr": "francúzština", "nl": "holandčina", "de": "nemčina", "pl": "poľština"},
    "sl": {"en": "angleščina", "fr": "francoščina", "nl": "nizozemščina", "de": "nemščina", "pl": "poljščina"},
    "sv": {"en": "engelska", "fr": "franska", "nl": "nederländska", "de": "tyska", "pl": "polska"},
}
AND = {"bg": "и", "cs": "a", "da": "og", "de": "und", "el": "και", "en": "and", "es": "y", "et": "ja", "fi": "ja",
       "fr": "et", "ga": "agus", "hr": "i", "hu": "és", "it": "e", "lt": "ir", "lv": "un", "mt": "u", "nl": "en",
       "pl": "i", "pt": "e", "ro": "și", "sk": "a", "sl": "in", "sv": "och"}


def not_found(lang: str) -> str:
    return NOT_FOUND.get(lang, NOT_FOUND["en"])


def other_language_intro(lang: str, source_langs: list[str]) -> str:
    names = LANGUAGE_NAMES.get(lang, LANGUAGE_NAMES["en"])
    shown = [names.get(code) or LANGUAGE_NAMES["en"].get(code, code) for code in source_langs]
    joined = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + f" {AND.get(lang, 'and')} " + shown[-1]
    return OTHER_LANGUAGE.get(lang, OTHER_LANGUAGE["en"]).format(langs=joined)


# -- the lead sentence (policyqa.answer.lead) ----------------------------------------------------------
# The sentence that names the act, the provision and its heading before the quote. Placeholders:
#   {act}       the act's short title in the asker's language, as a name (nominative)
#   {of_act}    "of the act" where the language needs it with an article ("du règlement sur l'IA",
#               "van de AVG"; built by policyqa.answer.lead)
#   {label}     the provision in the asker's language ("Artikel 5 Absatz 1 Buchstabe f")
#   {the_label} the provision with its article ("l'article 5, paragraphe 1, point f)")
#   {about}     "(heading)" or "(English heading: …)", or nothing
#   {end}       ":" when the quote follows, "." when a verdict sentence (VERDICT) follows
# Templates avoid cases and genders the act's title would need (Slavic, Baltic, Finnic, Greek, Hungarian):
# the title stays a nominative subject or stands after a colon.
LEAD = {
    "bg": "Това се урежда от {act}, {label} {about}{end}",
    "cs": "Upravuje to {act}, {label} {about}{end}",
    "da": "Det er reguleret i {act}, {label} {about}{end}",
    "de": "Das regelt {label} {act} {about}{end}",
    "el": "Το θέμα ρυθμίζεται από: {act}, {label} {about}{end}",
    "en": "The {act} deals with this in {label} {about}{end}",
    "es": "{the_label} {of_act} {about} trata esta cuestión{end}",
    "et": "Seda reguleerib {act}, {label} {about}{end}",
    "fi": "Asiasta säädetään: {act}, {label} {about}{end}",
    "fr": "{the_label} {of_act} {about} traite de cette question{end}",
    "ga": "Rialaítear é seo le: {act}, {label} {about}{end}",
    "hr": "To uređuje {act}, {label} {about}{end}",
    "hu": "A kérdést ez a rendelkezés szabályozza: {act}, {label} {about}{end}",
    "it": "{the_label} {of_act} {about} disciplina questa materia{end}",
    "lt": "Tai reglamentuoja {act}, {label} {about}{end}",
    "lv": "To regulē {act}, {label} {about}{end}",
    "mt": "Din il-kwistjoni hija rregolata minn: {act}, {label} {about}{end}",
    "nl": "{label} {of_act} {about} regelt dit{end}",
    "pl": "Reguluje to {act}, {label} {about}{end}",
    "pt": "{the_label} {of_act} {about} trata desta questão{end}",
    "ro": "Acest aspect este reglementat de {act}, {label} {about}{end}",
    "sk": "Upravuje to {act}, {label} {about}{end}",
    "sl": "To ureja {act}, {label} {about}{end}",
    "sv": "Det regleras i {act}, {label} {about}{end}",
}
# the colon that introduces the quote (French sets it off with a space)
COLON = {"fr": " :"}

# What the quoted provision does, when its operative wording says so (policyqa.answer.kinds):
# the sentence after the lead, introducing the quote. Never more than the wording: "shall be prohibited"
# → prohibited, "shall ensure" → obligation, "shall have the right" → right, "shall not apply" → exception.
VERDICT = {
    "bg": {"prohibited": "Забранено е:", "obligation": "Задължително е:",
           "right": "Предоставя се следното право:", "exception": "Прилага се следното изключение:"},
    "cs": {"prohibited": "Zakázáno je:", "obligation": "Povinné je:", "right": "Přiznává se toto právo:",
           "exception": "Platí tato výjimka:"},
    "da": {"prohibited": "Forbudt er:", "obligation": "Påbudt er:", "right": "Følgende rettighed gives:",
           "exception": "Følgende undtagelse gælder:"},
    "de": {"prohibited": "Verboten ist:", "obligation": "Vorgeschrieben ist:",
           "right": "Es besteht folgendes Recht:", "exception": "Es gilt folgende Ausnahme:"},
    "el": {"prohibited": "Απαγορεύεται:", "obligation": "Είναι υποχρεωτικό:",
           "right": "Παρέχεται το ακόλουθο δικαίωμα:", "exception": "Ισχύει η ακόλουθη εξαίρεση:"},
    "en": {"prohibited": "The following is prohibited:", "obligation": "The following is required:",
           "right": "The following right is granted:", "exception": "The following exception applies:"},
    "es": {"prohibited": "Está prohibido:", "obligation": "Es obligatorio:",
           "right": "Se reconoce el siguiente derecho:", "exception": "Se aplica la siguiente excepción:"},
    "et": {"prohibited": "Keelatud on:", "obligation": "Kohustuslik on:", "right": "Antakse järgmine õigus:",
           "exception": "Kehtib järgmine erand:"},
    "fi": {"prohibited": "Kiellettyä on:", "obligation": "Pakollista on:", "right": "Seuraava oikeus on taattu:",
           "exception": "Seuraava poikkeus on voimassa:"},
    "fr": {"prohibited": "Est interdit :", "obligation": "Est obligatoire :", "right": "Le droit suivant est accordé :",
           "exception": "L'exception suivante s'applique :"},
    "ga": {"prohibited": "Tá an méid seo a leanas toirmiscthe:", "obligation": "Tá an méid seo a leanas éigeantach:",
           "right": "Tugtar an ceart seo a leanas:", "exception": "Tá an eisceacht seo a leanas i bhfeidhm:"},
    "hr": {"prohibited": "Zabranjeno je:", "obligation": "Obvezno je:", "right": "Priznaje se sljedeće pravo:",
           "exception": "Primjenjuje se sljedeća iznimka:"},
    "hu": {"prohibited": "Tilos:", "obligation": "Kötelező:", "right": "A következő jogot biztosítja:",
           "exception": "A következő kivétel érvényes:"},
    "it": {"prohibited": "È vietato:", "obligation": "È obbligatorio:", "right": "È riconosciuto il seguente diritto:",
           "exception": "Si applica la seguente eccezione:"},
    "lt": {"prohibited": "Draudžiama:", "obligation": "Privaloma:", "right": "Suteikiama ši teisė:",
           "exception": "Taikoma ši išimtis:"},
    "lv": {"prohibited": "Aizliegts ir:", "obligation": "Obligāti ir:", "right": "Tiek piešķirtas šādas tiesības:",
           "exception": "Piemēro šādu izņēmumu:"},
    "mt": {"prohibited": "Huwa pprojbit:", "obligation": "Huwa obbligatorju:", "right": "Jingħata dan id-dritt:",
           "exception": "Tapplika din l-eċċezzjoni:"},
    "nl": {"prohibited": "Verboden is:", "obligation": "Verplicht is:", "right": "Het volgende recht geldt:",
           "exception": "De volgende uitzondering geldt:"},
    "pl": {"prohibited": "Zakazane jest:", "obligation": "Obowiązkowe jest:", "right": "Przysługuje następujące prawo:",
           "exception": "Obowiązuje następujący wyjątek:"},
    "pt": {"prohibited": "É proibido:", "obligation": "É obrigatório:", "right": "É conferido o seguinte direito:",
           "exception": "Aplica-se a seguinte exceção:"},
    "ro": {"prohibited": "Este interzis:", "obligation": "Este obligatoriu:", "right": "Se acordă următorul drept:",
           "exception": "Se aplică următoarea excepție:"},
    "sk": {"prohibited": "Zakázané je:", "obligation": "Povinné je:", "right": "Priznáva sa toto právo:",
           "exception": "Platí táto výnimka:"},
    "sl": {"prohibited": "Prepovedano je:", "obligation": "Obvezno je:", "right": "Priznana je ta pravica:",
           "exception": "Velja ta izjema:"},
    "sv": {"prohibited": "Förbjudet är:", "obligation": "Obligatoriskt är:", "right": "Följande rättighet ges:",
           "exception": "Följande undantag gäller:"},
}

# a heading taken from the English version because the asker's language version is not in the index
ENGLISH_HEADING = {
    "bg": "заглавие на английски: {h}", "cs": "anglický nadpis: {h}", "da": "engelsk overskrift: {h}",
    "de": "englische Überschrift: {h}", "el": "αγγλικός τίτλος: {h}", "en": "{h}", "es": "título en inglés: {h}",
    "et": "ingliskeelne pealkiri: {h}", "fi": "englanninkielinen otsikko: {h}", "fr": "titre anglais : {h}",
    "ga": "ceannteideal Béarla: {h}", "hr": "engleski naslov: {h}", "hu": "angol cím: {h}",
    "it": "titolo inglese: {h}", "lt": "antraštė anglų kalba: {h}", "lv": "virsraksts angļu valodā: {h}",
    "mt": "titlu bl-Ingliż: {h}", "nl": "Engelse titel: {h}", "pl": "tytuł angielski: {h}",
    "pt": "título em inglês: {h}", "ro": "titlu în engleză: {h}", "sk": "anglický nadpis: {h}",
    "sl": "angleški naslov: {h}", "sv": "engelsk rubrik: {h}",
}

# the words before the "see also" list of further provisions
SEE_ALSO = {
    "bg": "Вижте също", "cs": "Viz také", "da": "Se også", "de": "Siehe auch", "el": "Βλ. επίσης",
    "en": "See also", "es": "Véase también", "et": "Vt ka", "fi": "Katso myös", "fr": "Voir aussi",
    "ga": "Féach freisin", "hr": "Vidi također", "hu": "Lásd még", "it": "Vedi anche", "lt": "Taip pat žr.",
    "lv": "Skatīt arī", "mt": "Ara wkoll", "nl": "Zie ook", "pl": "Zobacz też", "pt": "Ver também",
    "ro": "Vezi și", "sk": "Pozri aj", "sl": "Glej tudi", "sv": "Se även",
}

# a request for legal advice or a prediction about one's own case (policyqa.answer.advice): said before
# the provisions that bear on it
LEGAL_ADVICE = {
    "bg": "Тези текстове не могат да решат конкретен случай, нито да заменят правен съвет; за това може да "
          "помогне адвокат. Относимите разпоредби:",
    "cs": "Tyto texty nemohou rozhodnout konkrétní případ ani nahradit právní radu; s tím pomůže advokát. "
          "Příslušná ustanovení:",
    "da": "Disse tekster kan ikke afgøre en konkret sag eller erstatte juridisk rådgivning; en advokat kan "
          "hjælpe. De relevante bestemmelser:",
    "de": "Diese Texte können keinen Einzelfall entscheiden und ersetzen keine Rechtsberatung; dabei hilft eine "
          "Anwältin oder ein Anwalt. Die einschlägigen Bestimmungen:",
    "el": "Τα κείμενα αυτά δεν μπορούν να κρίνουν μια συγκεκριμένη υπόθεση ούτε να αντικαταστήσουν νομική "
          "συμβουλή· μπορεί να σας βοηθήσει ένας δικηγόρος. Οι σχετικές διατάξεις:",
    "en": "These texts cannot decide an individual case or replace legal advice; a lawyer can help with that. "
          "The provisions that bear on it:",
    "es": "Estos textos no pueden resolver un caso concreto ni sustituir el asesoramiento jurídico; un abogado "
          "puede ayudarle. Las disposiciones pertinentes:",
    "et": "Need tekstid ei saa lahendada üksikjuhtumit ega asendada õigusnõu; selles saab aidata advokaat. "
          "Asjakohased sätted:",
    "fi": "Nämä tekstit eivät voi ratkaista yksittäistä tapausta eivätkä korvaa oikeudellista neuvontaa; siinä "
          "voi auttaa asianajaja. Asiaan liittyvät säännökset:",
    "fr": "Ces textes ne peuvent pas trancher un cas particulier ni remplacer un conseil juridique ; un avocat "
          "peut vous aider. Les dispositions pertinentes :",
    "ga": "Ní féidir leis na téacsanna seo cás aonair a chinneadh ná comhairle dlí a thabhairt; is féidir le "
          "dlíodóir cabhrú. Na forálacha ábhartha:",
    "hr": "Ovi tekstovi ne mogu odlučiti o pojedinačnom slučaju niti zamijeniti pravni savjet; u tome može "
          "pomoći odvjetnik. Relevantne odredbe:",
    "hu": "Ezek a szövegek nem dönthetnek el egyedi ügyet, és nem helyettesítik a jogi tanácsadást; ebben "
          "ügyvéd segíthet. A vonatkozó rendelkezések:",
    "it": "Questi testi non possono decidere un caso concreto né sostituire una consulenza legale; un avvocato "
          "può aiutarla. Le disposizioni pertinenti:",
    "lt": "Šie tekstai negali išspręsti konkretaus atvejo ir nepakeičia teisinės konsultacijos; tam padės "
          "advokatas. Susijusios nuostatos:",
    "lv": "Šie teksti nevar izlemt konkrētu lietu un neaizstāj juridisku konsultāciju; to var sniegt advokāts. "
          "Attiecīgie noteikumi:",
    "mt": "Dawn it-testi ma jistgħux jiddeċiedu każ individwali jew jieħdu post parir legali; avukat jista' "
          "jgħinek. Id-dispożizzjonijiet rilevanti:",
    "nl": "Deze teksten kunnen geen individuele zaak beslissen en geen juridisch advies vervangen; een advocaat "
          "kan daarbij helpen. De relevante bepalingen:",
    "pl": "Te teksty nie rozstrzygają indywidualnych spraw i nie zastępują porady prawnej; pomoże w tym "
          "prawnik. Właściwe przepisy:",
    "pt": "Estes textos não podem decidir um caso concreto nem substituir aconselhamento jurídico; um advogado "
          "pode ajudar. As disposições pertinentes:",
    "ro": "Aceste texte nu pot decide un caz concret și nu pot înlocui consultanța juridică; un avocat vă poate "
          "ajuta. Dispozițiile relevante:",
    "sk": "Tieto texty nemôžu rozhodnúť konkrétny prípad ani nahradiť právne poradenstvo; s tým pomôže advokát. "
          "Príslušné ustanovenia:",
    "sl": "Ta besedila ne morejo odločiti o posameznem primeru niti nadomestiti pravnega nasveta; pri tem vam "
          "lahko pomaga odvetnik. Ustrezne določbe:",
    "sv": "Dessa texter kan inte avgöra ett enskilt fall eller ersätta juridisk rådgivning; en advokat kan "
          "hjälpa till. De relevanta bestämmelserna:",
}


def message(table: dict, lang: str):
    """The entry of a 24-language table for `lang` (English when the language is missing)."""
    return table.get(lang, table["en"])
