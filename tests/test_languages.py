import pytest

from policyqa.languages import EU_LANGUAGES, UnsupportedLanguageError, check_language, detect_language, is_supported

QUESTIONS = {
    "nl": "Mag mijn werkgever AI gebruiken om mijn emoties te lezen?",
    "de": "Welche KI-Praktiken sind verboten?",
    "es": "¿Qué dice el RGPD sobre el olvido?",
    "en": "What does the AI Act say about emotion recognition at work?",
    "fr": "Quelles pratiques d'IA sont interdites ?",
    "it": "Quali pratiche di IA sono vietate dal regolamento?",
    "pl": "Jakie praktyki w zakresie AI są zakazane?",
    "pt": "Que práticas de IA são proibidas pelo regulamento?",
    "sv": "Vilka AI-metoder är förbjudna enligt förordningen?",
    "da": "Hvilke AI-praksisser er forbudt i henhold til forordningen?",
    "fi": "Mitkä tekoälykäytännöt ovat kiellettyjä?",
    "cs": "Které postupy v oblasti umělé inteligence jsou zakázány?",
    "el": "Ποιες πρακτικές τεχνητής νοημοσύνης απαγορεύονται;",
    "bg": "Кои практики в областта на ИИ са забранени?",
    "hu": "Milyen mesterséges intelligencia gyakorlatok tilosak?",
    "ro": "Ce practici de IA sunt interzise de regulament?",
    "et": "Milliseid tehisintellekti tavasid on keelatud?",
    "lt": "Kokia dirbtinio intelekto praktika draudžiama?",
    "lv": "Kuras mākslīgā intelekta prakses ir aizliegtas?",
    "sk": "Ktoré postupy umelej inteligencie sú zakázané?",
    "sl": "Katere prakse umetne inteligence so prepovedane?",
    "hr": "Koje su prakse umjetne inteligencije zabranjene?",
    "ga": "Cé na cleachtais intleachta saorga atá toirmiscthe?",
}


def test_24_official_languages():
    assert len(EU_LANGUAGES) == 24
    assert EU_LANGUAGES["nl"] == ("Dutch", "Nederlands") and EU_LANGUAGES["mt"][0] == "Maltese"


@pytest.mark.parametrize("code, question", sorted(QUESTIONS.items()))
def test_short_questions(code, question):
    assert detect_language(question) == code


@pytest.mark.parametrize("text", ["人工智能法案禁止哪些做法？", "ما هي الممارسات المحظورة في قانون الذكاء الاصطناعي؟",
                                  "人工知能法は何を禁止していますか", "Какие практики ИИ запрещены?", "", "?!", "42"])
def test_non_eu_or_empty_text_gives_default(text):
    assert detect_language(text) is None
    assert detect_language(text, default="en") == "en"


def test_supported_codes():
    assert is_supported("NL") and is_supported("mt") and not is_supported("zh") and not is_supported("")
    assert check_language("DE") == "de"
    with pytest.raises(UnsupportedLanguageError, match="unsupported language 'zh'"):
        check_language("zh")


def test_any_string_is_accepted():
    """lingua raised UnicodeEncodeError on a lone surrogate ("bijlage III\\ud800")."""
    assert detect_language("bijlage III\ud800 van de AI-verordening over hoog-risico systemen") == "nl"
    assert detect_language("\ud800\udcff\x00") is None
