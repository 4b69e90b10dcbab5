"""A vocabulary prompt for whisper from the hotel's own words (rooms, rates, months).

Why: whisper decodes each caller turn alone (media/asr/streaming.py), so it has no idea
that "twin" is a room and not "twain", that "Sovren" is the hotel, or that a German caller
says "Zweibettzimmer". Whisper's initial prompt is text it takes as what was said before:
words in it are more likely to be written the same way. The prompt is built only from the
site file (room and rate names in each language, the hotel's name) and the month names of
the language, never from a caller's words (a caller's earlier words as prompt make whisper
continue them instead of transcribing; see media/asr/streaming.py ``_decode``).

Whether it helps is measured, not assumed: ``python -m bench.asr_hints`` decodes the corpus's
dev turns by Piper and by espeak-ng at 8 kHz with and without it and compares the slots read
from the transcripts (docs/asr.md, BENCHMARKS.md "ASR: vocabulary prompt"). Measured on
tiny.en and base it did not help (and made base write months nobody said), so the runtime
does not use it: this module is the candidate the benchmark measures, kept for a larger
model or real phone audio.
"""

from __future__ import annotations

from typing import Any

_MONTHS = {
    "en": "January, February, March, April, May, June, July, August, September, October, "
    "November, December",
    "de": "Januar, Februar, März, April, Mai, Juni, Juli, August, September, Oktober, "
    "November, Dezember",
}
_FRAME = {
    "en": "{hotel}, reception. Rooms: {rooms}. Rates: {rates}. {months}.",
    "de": "{hotel}, Rezeption. Zimmer: {rooms}. Tarife: {rates}. {months}.",
}
# whisper keeps at most half its 448-token context for a prompt; a short one stays far below
MAX_CHARS = 400


def _names(items: Any, lang: str) -> list[str]:
    out = []
    for it in items or ():
        name = getattr(it, "name", None) or {}
        text = name.get(lang) if isinstance(name, dict) else str(name)
        if text and text not in out:
            out.append(text)
    return out


def vocabulary_prompt(hotel: Any, lang: str) -> str:
    """The prompt for one language ("" for a language without a frame: no guessing)."""
    frame = _FRAME.get(lang)
    if frame is None or hotel is None:
        return ""
    text = frame.format(
        hotel=getattr(hotel, "name", "") or "",
        rooms=", ".join(_names(getattr(hotel, "room_types", ()), lang)),
        rates=", ".join(_names(getattr(hotel, "rate_plans", ()), lang)),
        months=_MONTHS[lang],
    )
    return text[:MAX_CHARS]


def prompts(hotel: Any, languages: tuple[str, ...]) -> dict[str, str]:
    """{language: prompt} for the hotel's languages (English always among them)."""
    return {
        lang: p
        for lang in dict.fromkeys(("en", *languages))
        if (p := vocabulary_prompt(hotel, lang))
    }


# What a caller sounds like reading out a code: letters alone and in a spelling alphabet,
# digits one by one and in pairs. Neutral characters (not a hotel's own prefix), so the prompt
# primes whisper for *writing characters*, not for one code.
_CODE_FRAME = {
    "en": (
        "Reception. The booking number, please? Yes, it is K 7 M 4 Q X: K as in Kilo, seven, "
        "M as in Mike, four, Q as in Quebec, X as in X-ray. Then two, double five, nine, zero."
    ),
    "de": (
        "Rezeption. Die Buchungsnummer, bitte? Ja, K 7 M 4 Q X: K wie Kaufmann, sieben, "
        "M wie Martha, vier, Q wie Quelle, X wie Xanthippe. Dann zwei, fünf fünf, neun, null."
    ),
}


def code_prompt(lang: str) -> str:
    """The prompt for a turn that answers "your confirmation number?" ("" for no frame).

    Why: tiny.en turns "S as in Sierra, eight double oh eight" into words ("B is in
    Victor a double a"); a prompt written as characters makes whisper write characters.
    Measured by ``python -m bench.asr_hints --slot confirmation`` (BENCHMARKS.md
    "Session 6: codes by voice")."""
    return _CODE_FRAME.get(lang, "")
