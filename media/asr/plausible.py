"""Does an English transcript read like English? The second trigger of the language check.

Why: under ``asr_language: auto-en`` a call starts on the English-only model,
and only an unsure transcript (confidence below ``media.asr_identify_below``)
was checked for the caller's language. tiny.en writes German speech as
English words, sometimes with moderate confidence (0.63 was seen), and that
English nonsense was then understood and acted on. Whisper's confidence says
how sure the model is of its own tokens, not whether the words make an
English sentence; the words themselves tell that: a German caller heard by an
English model leaves words that are far more frequent in German than in
English ("ich", "bitte", "nicht") or that are no English word at all
("Dankashan, alfiedersan", "a get-an-unt simmer").

Two rules, each measured on the train split (bench/asr_german.py):
- half or more of the words are against English, whatever the confidence;
- the confidence is only moderate (below ``UNSURE_BELOW``) and any word is
  against English: tiny.en turns most German into English words, and the one
  word it could not is the tell. An English caller whose name is no English
  word ("Priyisharma") pays one check at most: a check that finds English
  settles the call (``media.asr_settled_by_check``).

Word frequencies come from ``wordfreq`` (its small lists: the ~30,000 most
frequent words of each language, loaded in about 0.1 s, then ~10 µs a
word). A word counts against English when it is missing from the English
list, or when one of the hotel's other languages uses it at least
``FOREIGN_MARGIN`` orders of magnitude more often. Digits and single
letters (a spelled confirmation number) count for nothing either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

# a word used this many orders of magnitude (Zipf units) more often in another
# of the hotel's languages than in English speaks for that language
FOREIGN_MARGIN = 2.0
# the share of words against English from which a transcript is doubted
DOUBT_SHARE = 0.5
# fewer words than this are too little to judge by ("Okay.", "Mhm.")
MIN_WORDS = 2
# below this confidence one word against English is enough
UNSURE_BELOW = 0.8


@dataclass(frozen=True)
class EnglishDoubt:
    """Why a transcript does not read as English: the words against it, out of all."""

    foreign: tuple[str, ...]  # words another candidate language uses far more
    unknown: tuple[str, ...]  # no English word
    words: int

    @property
    def share(self) -> float:
        return (len(self.foreign) + len(self.unknown)) / self.words if self.words else 0.0

    def __str__(self) -> str:
        return (
            f"{len(self.foreign) + len(self.unknown)} of {self.words} words not English "
            f"(foreign: {' '.join(self.foreign) or '-'}; unknown: {' '.join(self.unknown) or '-'})"
        )


@lru_cache(maxsize=16)
def _zipf(lang: str):
    try:
        from wordfreq import zipf_frequency
    except ImportError as e:  # the voice extra carries it; the check cannot run without it
        raise RuntimeError(
            "wordfreq is missing (the English plausibility check of media/asr/plausible.py): "
            "`.venv/bin/pip install -e '.[voice]'`"
        ) from e

    def zipf(word: str) -> float:
        return zipf_frequency(word, lang, wordlist="small")

    return lru_cache(maxsize=8192)(zipf)


def warm(languages: tuple[str, ...]) -> None:
    """Load the word lists now (the media worker's loader thread), not in a caller's turn;
    a missing wordfreq is reported here, when the worker starts."""
    for lang in dict.fromkeys(languages):
        _zipf(lang)("hotel")


def _words(text: str) -> list[str]:
    from wordfreq import tokenize

    return [w for w in tokenize(text, "en") if len(w) > 1 and not any(c.isdigit() for c in w)]


def evidence(text: str, others: tuple[str, ...] = ("de",)) -> EnglishDoubt:
    """The words of ``text`` that speak against English (benchmarks read it whole).

    ``others``: the hotel's other languages (a word they use far more often
    than English does counts against English).
    """
    words = _words(text)
    en = _zipf("en")
    foreign, unknown = [], []
    for w in words:
        f_en = en(w)
        if any(_zipf(lang)(w) - f_en >= FOREIGN_MARGIN for lang in others if lang != "en"):
            foreign.append(w)
        elif f_en == 0.0:
            unknown.append(w)
    return EnglishDoubt(tuple(foreign), tuple(unknown), len(words))


def english_doubt(
    text: str, confidence: float = 1.0, others: tuple[str, ...] = ("de",)
) -> EnglishDoubt | None:
    """The evidence that ``text`` (decoded at ``confidence``) is not English, or None."""
    doubt = evidence(text, others)
    if doubt.words < MIN_WORDS:
        return None
    against = len(doubt.foreign) + len(doubt.unknown)
    if doubt.share >= DOUBT_SHARE or (confidence < UNSURE_BELOW and against > 0):
        return doubt
    return None
