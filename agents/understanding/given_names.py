"""Whether a word is a given name, from a published list of first names (gender-guesser).

Why: callers say a name surname first as often as given name first ("die Buchung läuft auf
Haslinger Korbinian", "Obermaier Xaver", Indian and Swiss callers too), and a booking is
written given name first. No rule of the words around a name tells which of two words is the
given name; a list of given names does. gender-guesser ships Jörg Michael's dictionary of
~48,000 first names of 50+ countries (German, Swiss, Austrian, Indian, Irish, ... included),
a 380 kB wheel, loaded once per process (~0.7 s, INTEL only: the name is read there).
"""

from __future__ import annotations

import functools

from config.errors import SovrenError

INSTALL_HINT = "pip install gender-guesser (the `understanding` extra)"


class GivenNamesMissingError(SovrenError, RuntimeError):
    """The list of given names is not installed; the message says how to get it."""

    code = "given_names_missing"
    next_step = INSTALL_HINT


@functools.cache
def _detector():  # noqa: ANN202 - the package has no types
    try:
        import gender_guesser.detector as gg
    except ImportError as e:
        raise GivenNamesMissingError(
            f"the list of given names (package gender-guesser) is not installed: {INSTALL_HINT}"
        ) from e
    return gg.Detector(case_sensitive=False)


def is_given(word: str) -> bool:
    """A first name in the list (any country, any gender); "Weber", "Iyer", "Gruber" are not."""
    w = word.strip(" .,;:!?")
    return len(w) > 1 and w.isalpha() and _detector().get_gender(w) != "unknown"


# How frequent (wordfreq's Zipf scale, the larger of English and German) a word may be and
# still be taken for a given name or a surname without a cue. The list of given names holds
# words that are mostly words ("so", "queen", "will", "may"); a first name of a caller
# ("Anna" 4.7, "Peter" 5.1, "John" 5.4) is rarer than such words ("may" 6.0, "will" 6.5,
# "so" 6.7). Surnames may be words too ("Koch", "Wolf", "Weber" 4.4 in German); the
# surname's own bound keeps out the words a name is followed by ("it", "me", "ok", "so").
GIVEN_AT_MOST = 5.4
SURNAME_AT_MOST = 5.0
WORDFREQ_HINT = "pip install wordfreq (the `understanding` extra)"


@functools.cache
def _zipf():  # noqa: ANN202 - a function of the package's
    try:
        from wordfreq import zipf_frequency
    except ImportError as e:
        raise GivenNamesMissingError(
            f"word frequencies (package wordfreq) are not installed: {WORDFREQ_HINT}"
        ) from e

    @functools.lru_cache(maxsize=8192)
    def zipf(word: str) -> float:
        w = word.lower()
        return max(
            zipf_frequency(w, "en", wordlist="small"), zipf_frequency(w, "de", wordlist="small")
        )

    return zipf


def frequency(word: str) -> float:
    """The word's Zipf frequency, the larger of English and German (0 for a word in neither)."""
    return _zipf()(word.strip(" .,;:!?"))


def introduces(words: list[str]) -> bool:
    """A given name and a surname, said without a cue ("... is jut Elfriede Möller"): the
    first word a given name that is rarely anything else, the second rare enough to be a
    surname. Why both: "so Weber" (a word, then a surname) and "Anna so" are no names."""
    return (
        len(words) == 2
        and is_given(words[0])
        and frequency(words[0]) <= GIVEN_AT_MOST
        and words[1].isalpha()
        and len(words[1]) > 1
        and frequency(words[1]) <= SURNAME_AT_MOST
    )
