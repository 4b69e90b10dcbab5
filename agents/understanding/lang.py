"""Which of our two languages (English, German) an utterance is in.

Why a word list and not a model: the ASR already reports a language per
utterance, but text calls don't, and short replies ("ja", "no") must flip the
reply language at once. Function words decide it reliably for EN vs DE; when
nothing decides, the caller's previous language stands.
"""

from __future__ import annotations

import re

_DE = frozenset(
    [
        "ich",
        "sie",
        "wir",
        "ein",
        "eine",
        "einen",
        "einem",
        "einer",
        "das",
        "der",
        "die",
        "den",
        "dem",
        "und",
        "oder",
        "nicht",
        "ist",
        "bin",
        "sind",
        "haben",
        "habe",
        "hätte",
        "möchte",
        "möchten",
        "würde",
        "würden",
        "gerne",
        "bitte",
        "danke",
        "ja",
        "nein",
        "mein",
        "meine",
        "meinen",
        "für",
        "vom",
        "von",
        "bis",
        "zum",
        "zur",
        "am",
        "im",
        "nach",
        "nächsten",
        "nächste",
        "nächstes",
        "morgen",
        "übermorgen",
        "heute",
        "zimmer",
        "buchung",
        "buchen",
        "reservierung",
        "nacht",
        "nächte",
        "nächten",
        "personen",
        "hallo",
        "tschüss",
        "guten",
        "tag",
        "wiedersehen",
        "wann",
        "wie",
        "was",
        "wo",
        "gibt",
        "es",
        "kann",
        "können",
        "stornieren",
        "ändern",
        "frühstück",
        "doppelzimmer",
        "genau",
        "richtig",
        "stimmt",
        "falsch",
        "name",
        "heiße",
        "auf",
        "mit",
        "ohne",
        "kein",
        "keine",
        "noch",
        "auch",
        "schon",
    ]
)
# Everyday German words a short booking turn is made of that no English caller says
# ("Hi, habt ihr in drei Wochen was frei?" was read as English and lost its dates).
_DE = _DE | frozenset(
    re.findall(
        r"\S+",
        """ihr habt hast du euch uns mir mich frei zwei drei vier sechs sieben acht neun zehn zwölf
    woche wochen tage tagen tag nacht zimmer heute morgen bitte danke gibt noch auch mit von vom
    zum zur wann wie kann nur doch gern gerne wochenende""",
    )
)
_EN = frozenset(
    [
        "i",
        "you",
        "we",
        "a",
        "an",
        "the",
        "and",
        "or",
        "not",
        "is",
        "am",
        "are",
        "have",
        "has",
        "had",
        "would",
        "like",
        "want",
        "please",
        "thanks",
        "thank",
        "yes",
        "no",
        "my",
        "mine",
        "for",
        "from",
        "to",
        "until",
        "at",
        "in",
        "on",
        "next",
        "tomorrow",
        "today",
        "room",
        "booking",
        "book",
        "reservation",
        "night",
        "nights",
        "people",
        "persons",
        "guests",
        "hello",
        "hi",
        "bye",
        "goodbye",
        "when",
        "what",
        "where",
        "how",
        "there",
        "can",
        "could",
        "cancel",
        "change",
        "breakfast",
        "double",
        "name",
        "is",
        "it's",
        "that's",
        "right",
        "wrong",
        "correct",
        "with",
        "without",
        "any",
        "also",
        "this",
        "that",
    ]
)
# English words of a short answer that no German caller says, as German has its numbers
# above ("ja ja three days, correct" is English with a German "ja").
_EN = _EN | frozenset(
    re.findall(
        r"\S+",
        """one two three four five six seven eight nine ten twelve days day week weeks weekend
    guest person adults just only yeah yep sure fine great okay but our us me""",
    )
)
# Hesitations say nothing about the language: an English caller's "ähm" is no German turn
# (its umlaut used to count double), nor is a German caller's "uhm" an English one.
_HESITATIONS = frozenset(
    ["äh", "ähm", "öhm", "ähh", "öh", "uh", "uhm", "um", "umm", "erm", "hm", "hmm"]
)
_TOKEN = re.compile(r"[a-zäöüß']+")


def detect(text: str, previous: str = "en") -> str:
    """'en' or 'de'; ``previous`` when the words don't tell (names, numbers, a single "okay")."""
    words = [w for w in _TOKEN.findall(text.lower()) if w not in _HESITATIONS]
    if not words:
        return previous
    de = sum(w in _DE for w in words) + 2 * sum(c in "äöüß" for w in words for c in w)
    en = sum(w in _EN for w in words)
    if de > en:
        return "de"
    if en > de:
        return "en"
    return previous
