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
