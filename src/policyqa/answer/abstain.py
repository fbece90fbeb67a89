"""When to say "not in these documents": an answerability model.

Features (`FEATURES`), all from what the pipeline already computed for the answer:
- the dense scores: the best passage cosine (`best_chunk`);
- the answer's sentences: the best single-sentence cosine among the top passages (`best_sentence`);
- the words: the share of the question's content words found in a top passage (`coverage`) or
  anywhere in the documents (`known_words`), names no document mentions (`unknown_names`: an
  acronym, brand or long number: "CNIL", "TikTok", "ISO 27001"; act names, abbreviations the texts
  define and the short documented list `KNOWN_ABBREVIATIONS` excepted), and capitalised words inside a
  sentence that no document holds (`unknown_proper`: a place, company or body — "Suomessa", "Google",
  "Datu valsts inspekcijā"; not in German, which capitalises every noun, and not the EU's own
  institutions, `EU_WORDS`), and a law, act, directive or regulation named that is none of the known
  acts (`other_law`: national, US or UK law, a future act);
- the ranking: the share of the ranking signals that agree on the top provision's act (`agreement`),
  whether the question names an act (`named_act`) or asks a when / fine / complaint question (`intent`).

A logistic regression over them, fitted on the dev set's answerable vs unanswerable questions by
bench/abstention_calibration.py, is stored as plain numbers in `abstain_model.json` (standardisation,
coefficients, the cut-off chosen for at most 3 % false abstention) and applied here with numpy: the
query path imports no scikit-learn. Named provisions (lookups) never abstain (the answerers check).
The `abstain_threshold` setting replaces the model by the older rule "max(best passage, best sentence
cosine) < threshold, or an unknown name" (other embedding models have other cosine scales).
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from policyqa.retrieval.retriever import Retrieval
from policyqa.sources import find_families
from policyqa.stores.lexical import LexicalIndex

MODEL_FILE = Path(__file__).with_name("abstain_model.json")
DEFAULT_THRESHOLD = 0.81          # the older cosine rule's threshold (used without a model file)
# the model's inputs; `signals` also gives chunk_margin, peak and sentence_margin, measured and left out
# (no gain in cross-validation, and they follow the corpus's density: on a small corpus every best
# passage "stands out", README "Abstention")
FEATURES = ("best_chunk", "best_sentence", "coverage", "known_words", "unknown_names", "unknown_proper",
            "other_law", "agreement", "named_act", "intent")
_WORD = re.compile(r"\w+", re.UNICODE)

# A short documented list of abbreviations that are known although the texts never write them: the
# abbreviations of "artificial intelligence" in the EU languages (KI de/da/sv, IA fr/es/it/pt/ro/mt,
# SI pl, MI hu/lv, TI et, UI cs/sk/hr, DI lt, IS ga, ИИ bg, ΤΝ el) and "DPA" (data protection
# authority: the GDPR says "supervisory authority"). The acronyms of the corpus's own frequent terms
# (GPAI, VLOP, VLOSE, DPIA, DPO, EDPB …) come from the index (`defined`: policyqa.indexing.terms).
KNOWN_ABBREVIATIONS = frozenset("AI KI IA SI MI TI UI DI IS ИИ ΤΝ DPA DPAs EDPB".split())
# The EU's own institutions and words, as word beginnings in the 24 languages (Commission, Member
# State, Union, Europe/European, Parliament): capitalised in questions about EU law, in every language,
# though the corpus (en fr nl de pl) does not hold most languages' forms — never an "unknown proper noun".
EU_WORDS = tuple("""commission kommission commissie comisi commissi comiss komisj komis комиси επιτροπ bizottság
    komissio komisjon kummissjoni coimisi choimisi stat estado état etat държав κράτ tagállam jäsenvaltio
    liikmesriik dalībvalst valstyb państw membr mitgliedstaat lidstat medlemsstat ballstat bhallstát stát
    štát držav uni unj съюз ένωσ aontas liit savienīb sąjung europ európ euroop eiroop evrop ewrop европ
    ευρωπ eorp heorp parlament parliament parlement парламент κοινοβούλ pharlaimint parlaimint""".split())
# Words that name a legal instrument (law, act, directive, regulation …) in the 24 languages: a question
# that names one but none of the known acts (policyqa.sources) asks about another law — national, US or
# UK law, a future act ("polskiej ustawy", "britského zákona", "loi Informatique et Libertés"); German
# compounds count ("Bundesdatenschutzgesetz").
_INSTRUMENT = re.compile(r"""\b(?:act|acts|law|laws|directive|regulation|statute|\w*gesetz\w*|\w*richtlinie\w*|
    \w*verordnung\w*|loi|lois|règlement|décret|wet|wetten|richtlijn\w*|verordening\w*|ley|leyes|directiva\w*|
    reglamento\w*|decreto\w*|legge|leggi|direttiv\w*|regolament\w*|lei|diretiva\w*|regulamento\w*|
    ustaw\w*|dyrektyw\w*|rozporządzeni\w*|kodeks\w*|zákon\w*|směrnic\w*|nařízení\w*|smernic\w*|nariaden\w*|
    zakon\w*|direktiv\w*|uredb\w*|törvény\w*|irányelv\w*|rendelet\w*|laki|lain|lakia|direktiivi\w*|
    asetu\w*|seadus\w*|määrus\w*|likum\w*|direktīv\w*|regula|regulā|regulas|įstatym\w*|direktyv\w*|
    reglament\w*|lege|legea|legii|закон\w*|директив\w*|регламент\w*|νόμο\w*|οδηγί\w*|κανονισμ\w*|liġi|
    acht|dlí|treoir\w*|rialachán\w*|lag|lagen|förordning\w*|lov|loven|forordning\w*)\b""",
                         re.IGNORECASE | re.VERBOSE)
_SENTENCE_END = (".", "?", "!", ":", ";", "¿", "¡", '"', "«", "„", "“", "(", "-", "–")


def _name_like(word: str) -> bool:
    """An acronym or brand ("CNIL", "TikTok", "ChatGPT") or a number of 4+ digits ("27001")."""
    if word.isdigit():
        return len(word) >= 4
    return len(word) >= 3 and word.isalpha() and (word.isupper() or any(c.isupper() for c in word[1:]))


def unknown_names(question: str, lexical: LexicalIndex, defined: frozenset[str] = frozenset()) -> list[str]:
    """Name-like words of the question that occur in no document (act names, `KNOWN_ABBREVIATIONS` and
    the abbreviations in `defined` excepted)."""
    acts = [(a, b) for _, a, b in find_families(question)]
    out = []
    for m in _WORD.finditer(question):
        w = m.group(0)
        if any(a <= m.start() < b for a, b in acts) or not _name_like(w):
            continue
        if w in KNOWN_ABBREVIATIONS or w in defined or w.rstrip("s") in defined:
            continue
        if not lexical.knows(w):
            out.append(w)
    return out


def unknown_proper_nouns(question: str, lang: str | None, lexical: LexicalIndex) -> list[str]:
    """Capitalised words inside a sentence of the question ("Suomessa", "Google", "Warszawie") that occur
    in no document — the place, company or body a question about one country or one firm names. Not in
    German (every noun is capitalised); act names, all-capital words (`unknown_names`) and the EU's own
    institutions (`EU_WORDS`) excepted."""
    if lang == "de":
        return []
    acts = [(a, b) for _, a, b in find_families(question)]
    out = []
    for m in _WORD.finditer(question):
        w = m.group(0)
        if m.start() == 0 or len(w) < 3 or not w.isalpha() or not w[:1].isupper() or w.isupper():
            continue
        if question[:m.start()].rstrip().endswith(_SENTENCE_END) or any(a <= m.start() < b for a, b in acts):
            continue
        if not w.casefold().startswith(EU_WORDS) and not lexical.knows(w):
            out.append(w)
    return out


# a bare "the regulation?" refers to the act the question is about, not to another law
_ARTICLES = frozenset("""the this that der die das dem den des diese dieser diesem la le les l cette ce de het
    deze dit il lo gli questa questo el los las esta este o os as a essa esse""".split())


def names_other_law(question: str) -> bool:
    """True when the question names a law, act, directive or regulation but none of the known acts (a bare
    "the regulation" at the end of a clause does not count: it is the act the question is about)."""
    if find_families(question):
        return False
    for m in _INSTRUMENT.finditer(question):
        before = re.findall(r"\w+", question[:m.start()].casefold())
        after = question[m.end():].lstrip()
        if before and before[-1] in _ARTICLES and (not after or after[0] in "?.!,;:"):
            continue
        return True
    return False


def question_signals(question: str, lang: str | None, index) -> tuple[list[str], dict[str, float]]:
    """The question's unknown names (`unknown_names`, which the older rule abstains on) and its word
    features for the model; `index` a LoadedIndex (its lexical index and learned abbreviations)."""
    unknown = unknown_names(question, index.lexical, index.abbreviations)
    proper = unknown_proper_nouns(question, lang, index.lexical)
    return unknown, {"unknown_names": float(bool(unknown)), "unknown_proper": float(bool(proper)),
                     "other_law": float(names_other_law(question))}


def signals(retrieval: Retrieval, sentence_sims: np.ndarray) -> dict[str, float]:
    """The score features of one answer (the word and ranking features come with the retrieval)."""
    scores = np.sort(np.array(list(retrieval.chunk_scores.values()) or [0.0]))[::-1]
    best_chunk = float(scores[0])
    sims = np.sort(np.asarray(sentence_sims, dtype=np.float64))[::-1]
    best_sentence = float(sims[0]) if len(sims) else 0.0
    out = {
        "best_chunk": best_chunk,
        "best_sentence": best_sentence,
        "sentence_margin": float(sims[0] - sims[1]) if len(sims) > 1 else 0.0,
        "peak": best_chunk - float(np.median(scores[:20])),
        "confidence": max(best_chunk, best_sentence),
    }
    out.update(retrieval.evidence)
    return out


@lru_cache(maxsize=4)
def load_model(path: str = str(MODEL_FILE)) -> dict | None:
    p = Path(path)
    if not p.is_file():
        return None
    m = json.loads(p.read_text(encoding="utf-8"))
    return {**m, "mean": np.array(m["mean"]), "scale": np.array(m["scale"]), "coef": np.array(m["coef"])}


def feature_vector(sig: dict[str, float], unknown: list[str] | None, features=FEATURES) -> np.ndarray:
    values = {**sig, "unknown_names": float(bool(unknown))}
    return np.array([float(values.get(f, 0.0)) for f in features])


def unanswerable_probability(sig: dict[str, float], unknown: list[str] | None, model: dict) -> float:
    x = (feature_vector(sig, unknown, model["features"]) - model["mean"]) / model["scale"]
    return float(1.0 / (1.0 + np.exp(-(x @ model["coef"] + model["intercept"]))))


def should_abstain(sig: dict[str, float], threshold: float | None = None, unknown: list[str] | None = None) -> bool:
    model = load_model() if threshold is None else None
    if model is None:
        t = DEFAULT_THRESHOLD if threshold is None else threshold
        return sig["confidence"] < t or bool(unknown)
    return unanswerable_probability(sig, unknown, model) >= model["cutoff"]
