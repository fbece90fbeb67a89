"""Conversation context for follow-up questions in a chat.

    context = context_for("and what are the fines for that?", ["What does Article 5 of the AI Act ban?"])
    qa.ask(question, context=context)      # the context is appended to the retrieval query only

A question is a follow-up when it names no act and no provision and either starts with a
connective ("and", "en wat", "und", "et", "y", "oraz", …), refers back ("daarvoor", "dafür", "cela",
"eso", …; a pronoun such as "that" only as its last word) or is very short. Its context is the earlier question(s) back to the
last one that named an act or provision, with the provision references removed: the act name
carries the topic, while a named article would otherwise be looked up again and crowd out what the
follow-up asks for ("the fines" are in another article).
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from policyqa.provisions import parse_references
from policyqa.sources import find_families

SHORT_WORDS = 4          # a question of at most this many words is treated as a follow-up
MAX_BACK = 3             # earlier questions joined at most

# first words that continue a conversation; words that often open a stand-alone question in another
# language are left out ("en" is Dutch "and" but Spanish/French "in", "o" Portuguese "the", "i" …)
CONNECTIVES = frozenset("""
and but also plus then
maar ook
und aber auch oder
et mais aussi alors ou
y pero también entonces
e ma anche allora oppure
ale także oraz
mas também então
og men også eller
och också
mutta myös
""".split())
# opening word pairs that continue a conversation
PHRASES = frozenset({("what", "about"), ("how", "about"), ("was", "ist"), ("qu'en", "est"), ("a", "co")}
                   | {("en", w) for w in "wat wie hoe welke welk waar wanneer waarom als voor binnen mag moet kan "
                                         "is zijn geldt".split()})

# words that point back to something said before, anywhere in the question
ANAPHORS = frozenset("""
those these them
daar daarop daarvoor daarvan daarover daarbij daarmee hiervoor hiervan
dafür davon darüber dabei hierfür
cela ça
eso esto ello dicho dicha
ciò
tego tym tych
isso isto disso disto
""".split())
# pronouns too common to count anywhere, but anaphoric as the last word ("the fines for that?")
LAST_WORD_ANAPHORS = frozenset("that this it them dat dit het das dies es cela ça eso esto to ce".split())

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)


def _names_something(text: str) -> bool:
    return bool(find_families(text) or parse_references(text))


def is_followup(question: str) -> bool:
    """True when `question` leans on an earlier question (see the module docstring)."""
    if _names_something(question):
        return False
    words = [w.casefold() for w in _WORD.findall(question)]
    if not words:
        return False
    return (len(words) <= SHORT_WORDS or words[0] in CONNECTIVES or tuple(words[:2]) in PHRASES
            or words[-1] in LAST_WORD_ANAPHORS or any(w in ANAPHORS for w in words))


def strip_references(text: str) -> str:
    """`text` without the provision references it names ("Article 5(1)", "bijlage III")."""
    refs = sorted(parse_references(text), key=lambda r: r.start)
    out, pos = [], 0
    for r in refs:
        if r.start >= pos:
            out.append(text[pos:r.start])
            pos = r.end
    out.append(text[pos:])
    return " ".join("".join(out).split())


def context_for(question: str, history: Sequence[str]) -> str | None:
    """Retrieval context for `question` from the earlier user questions `history` (oldest first),
    or None when the question stands on its own or there is no history."""
    if not history or not is_followup(question):
        return None
    picked: list[str] = []
    for earlier in reversed(history[-MAX_BACK:]):
        picked.append(earlier)
        if _names_something(earlier):
            break
    text = " ".join(strip_references(q) for q in reversed(picked))
    return text or None
