"""Does a transcript end where a sentence plainly cannot (English and German)?

Why: the end-point is 0.3 s of silence, and callers pause longer than that
mid-sentence ("Hello, I would like ... to book a room"). Answering the first
half is the worst kind of turn-taking error: the reply is wrong and the caller
is talked over. A longer end-point for every turn would slow every answer, so
only a transcript that ends *plainly unfinished* holds the turn open a little
longer (media/asr/streaming.py, ``media.turn_hold_unfinished_ms``).

"Plainly" is the rule: a false alarm costs the caller a pause of up to the hold
window, a miss costs what it costs today. So the lists hold words after which
no complete answer to a receptionist ends (articles, prepositions,
conjunctions, "my name is", "I would like", trailing fillers), and leave out
words that also end complete sentences: English "in"/"on"/"up" ("can I check
in"), "I would"/"it is"/"I am" (answers), "an" (German "ich rufe an"), German separable-verb particles ("an",
"ab", "mit", "zu": "ich sage ab"), and "die"/"den"/"das"/"eine" on their own
("ich nehme die" = "I'll take that one"), which count only after a wish verb
or a preposition ("ich möchte eine ...", "für die ...").

A turn of openers alone ("Actually.", "Well ...") has not begun its point either.

A turn that ends reading something out character by character ("S-O-V-1553",
"1 5 5 3", "W-E-B-E-R") holds too: callers reading a code, a number or a spelling
pause between its groups and often go on ("..., and the name is Sarah Mitchell").
Answering the first group is what split such turns in the voice benchmark; a group
that really was the end costs one hold window.

A question or exclamation mark means the recognizer heard a finished
sentence; a trailing comma, ellipsis or dash means it heard one go on.
"""

from __future__ import annotations

import re


def _words(s: str) -> frozenset[str]:
    return frozenset(s.split())


# -- English -----------------------------------------------------------------------
_EN_LAST = _words("""a the my your our their
    from to for of at with until till by about into onto between than via per
    and or but because if whether nor
    um uh uhm erm er ah hmm mm""")
# the last words of a clause that cannot end it (matched on the trailing words)
_EN_TAIL = (
    ("would", "like"),
    ("i'd", "like"),
    ("we'd", "like"),
    ("i", "want"),
    ("we", "want"),
    ("i", "need"),
    ("we", "need"),
    ("name", "is"),
    ("name's",),
    ("number", "is"),
    ("number's",),
    ("email", "is"),
    ("address", "is"),
    ("phone", "is"),
    ("surname", "is"),
    ("i'm",),
    ("it's",),
    ("there's",),
    ("can", "i"),
    ("could", "i"),
    ("may", "i"),
    ("can", "we"),
    ("could", "we"),
    ("can", "you"),
    ("could", "you"),
    ("would", "you"),
    ("is", "there"),
    ("are", "there"),
    ("do", "you", "have"),
    ("i", "would", "like", "to"),
)
# "that's all I need" / "that's what I want" end complete sentences
_EN_NEED_OK = _words("all what everything anything that which")

# -- German --------------------------------------------------------------------------
_DE_LAST = _words("""der dem des einen einem einer eines mein meine meinen meinem meiner unser unsere
    vom von zum zur für bis im beim über zwischen seit wegen
    und oder aber weil dass wenn ob sowie
    äh ähm öhm hm also""")
# articles and pronouns that also stand alone ("ich nehme die", "nur eine"): unfinished
# only right after a wish verb or a preposition
_DE_AMBIGUOUS = _words("die den das ein eine")
_DE_BEFORE_AMBIGUOUS = _words("""möchte möchten hätte hätten brauche brauchen suche suchen will wollen gern gerne
    für vom von bis ab zum zur auf in an mit über um nach""")
_DE_TAIL = (
    ("ich", "möchte"),
    ("wir", "möchten"),
    ("ich", "würde"),
    ("wir", "würden"),
    ("ich", "hätte"),
    ("wir", "hätten"),
    ("hätte", "gern"),
    ("hätte", "gerne"),
    ("hätten", "gern"),
    ("hätten", "gerne"),
    ("möchte", "gern"),
    ("möchte", "gerne"),
    ("name", "ist"),
    ("ich", "heiße"),
    ("nummer", "ist"),
    ("bestätigungsnummer", "ist"),
    ("e-mail", "ist"),
    ("adresse", "ist"),
    ("kann", "ich"),
    ("könnte", "ich"),
    ("können", "sie"),
    ("könnten", "sie"),
    ("haben", "sie"),
    ("gibt", "es"),
    ("ich", "bin"),
)

# A turn of nothing but openers ("Actually.", "Well, so", "Also ...") has not begun its point:
# whisper closes the piece with a full stop, but no answer to a receptionist is just that.
# ("Okay." and "Right." are answers: yes; "Moment." is one: wait.)
_OPENERS = _words("""actually well so now and but also anyway basically
    eigentlich nun naja und aber""")

# a spelled sequence: at least this many single characters or digit groups at the end
_SPELLED_MIN = 3

_WORD = re.compile(r"[\w'’äöüß-]+", re.UNICODE)
_GOES_ON = re.compile(r"(,|\.\.\.|…|-|–|—)\s*$")
_FINISHED = re.compile(r"[?!]\s*$")


def unfinished(text: str) -> bool:
    """True when ``text`` ends where no complete sentence ends (EN or DE rules, either)."""
    return unfinished_reason(text) is not None


def unfinished_reason(text: str) -> str | None:
    """Why ``text`` looks unfinished (for logs and tests), or None."""
    text = text.strip()
    if not text or _FINISHED.search(text):
        return None
    if _GOES_ON.search(text):
        return "trailing punctuation"
    words = [w.replace("’", "'").strip("-'").lower() for w in _WORD.findall(text)]
    words = [w for w in words if w]
    if not words:
        return None
    if all(w in _OPENERS for w in words):
        return f"only {' '.join(words)!r}"
    if _spelled_tail(words) >= _SPELLED_MIN:
        return "ends reading out characters"
    last = words[-1]
    if last in _EN_LAST or last in _DE_LAST:
        return f"ends with {last!r}"
    if last in _DE_AMBIGUOUS and len(words) > 1 and words[-2] in _DE_BEFORE_AMBIGUOUS:
        return f"ends with {words[-2]!r} {last!r}"
    for tail in _EN_TAIL + _DE_TAIL:
        if tuple(words[-len(tail) :]) == tail:
            if tail[-1] in ("need", "want") and len(words) > 2 and words[-3] in _EN_NEED_OK:
                continue
            return f"ends with {' '.join(tail)!r}"
    return None


def _spelled_tail(words: list[str]) -> int:
    """How many single characters or digit groups end the words ("s-o-b-1553" -> 4).

    A letter on its own counts only when the run has more than letters in it or is
    hyphen-spelled: "a" and "i" are words, so "... for a" is judged by the other rules.
    """
    parts = [p for w in words for p in w.split("-") if p]
    run = 0
    for p in reversed(parts):
        if not (p.isdigit() or (len(p) == 1 and p.isalpha())):
            break
        run += 1
    if run < _SPELLED_MIN:
        return run
    tail = parts[-run:]
    if "-" not in words[-1] and all(p.isalpha() for p in tail) and any(p in ("a", "i") for p in tail):
        return 0  # "... i a" is more likely words than a spelling
    return run
