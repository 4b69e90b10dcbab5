"""The caller's name from what they say: after a cue, before one, as a bare answer, or spelled.

Why its own module: the name is the slot most often said in free form (titles, surnames
first, fillers between its words, spelled letter by letter), and every rule that keeps a
filler, a greeting or a verb from becoming a name belongs with the rules that take one.
``asked`` means the dialogue's last question was the name, so a bare answer is a name.
"""

from __future__ import annotations

import difflib
import re

from agents.understanding import spelling
from agents.understanding.dates import count_value
from agents.understanding.spelling import CODE as _CODE
from agents.understanding.spelling import without_code as _without_spelled
from agents.understanding.textnorm import tidy as _tidy

_NAME_CUE = re.compile(
    r"(?:my name is|my name's|name's|name is|the name is|this is|i am|i'm|under the name|in the name of|"
    r"it's for|it is for|under|mein name ist|ich heiße|ich bin|auf den namen|unter dem namen|"
    r"name ist|name:?|namens|läuft auf|unter|buchen sie auf|reservieren sie auf|bitte auf|"
    r"(?:reservation|booking|reservierung|buchung|room|zimmer)\s+(?:for|für)|^\W*(?:for|für|auf)|"
    r"(?:is|ist|müsste|sollte|dürfte)\s+(?:under|on|auf|unter)|"
    r"hier spricht|spricht|am apparat ist|"
    # the German telephone opening "Hier Müller", "hier ist Anna Roth"
    r"(?:^|(?<=[,.;!?]))\W*hier(?:\s+ist)?|"
    # German imperatives that hand over a name: "tragen Sie bitte X ein" (eintragen, a
    # separable verb: its particle "ein" ends the clause), "schreiben Sie X", "notier mal X",
    # in the Sie- and the du-form, with the particles callers put in between
    r"(?:tragen|trag|schreiben|schreib|notieren|notier|setzen|setz)(?:\s+sie)?"
    r"(?:\s+(?:bitte|mal|einfach|doch|ruhig|gern|gerne))*(?:\s+(?:auf|ein|unter))?|"
    # "das soll auf X laufen", "es kann auf X gehen"
    r"(?:soll|sollte|kann|könnte|darf)\s+(?:\w+\s+)?auf)\s+"
    r"([A-Za-zÄÖÜäöüß][\w'-]*(?:\s+[A-Za-zÄÖÜäöüß][\w'-]*){0,2})",
    re.IGNORECASE,
)
# A name said before its cue: "Johanna Frank ist der Name", "Rainer Seidel mein Name wäre ...",
# "Naomi Okafor is my name", "Johanna Frank heiße ich" (German puts the verb second).
_NAME_BEFORE_CUE = re.compile(
    r"([A-Za-zÄÖÜäöüß][\w'-]*(?:\s+[A-Za-zÄÖÜäöüß][\w'-]*){0,2})\s+"
    r"(?:ist der name|ist mein name|wäre der name|wäre mein name|mein name|heiße ich|heiß ich|"
    r"is (?:the|my) name|is the surname|"
    # the holder first, then the number: "Theresa Lang und die Nummer lautet ..."
    r"(?:und|and) (?:die|meine|unsere|the|my|our) (?:\w+ )?\w*(?:nummer|number|code)\b)",
    re.IGNORECASE,
)
_NOT_NAME = frozenset(
    [
        "calling",
        "looking",
        "interested",
        "here",
        "back",
        "sorry",
        "afraid",
        "not",
        "just",
        "only",
        "a",
        "an",
        "the",
        "from",
        "with",
        "going",
        "trying",
        "wondering",
        "hoping",
        "sure",
        "fine",
        "good",
        "ok",
        "okay",
        "yes",
        "no",
        "ja",
        "nein",
        "hier",
        "gerade",
        "auch",
        "nicht",
        "sehr",
        "interessiert",
        "calling,",
        "staying",
        "arriving",
        "coming",
        "bringing",
        "travelling",
        "leaving",
        "traveling",
        "right",
        "correct",
        "exactly",
        "me",
        "it",
        "that",
    ]
)
_FILLER = re.compile(
    r"^(?:(?:yes|yeah|sure|ok|okay|ja|it's|it is|that's|that is|das ist|es ist|name|my name is|"
    r"mein name ist|ich heiße|please|bitte|perfect|great|alright|all right|fine|good|thanks|"
    r"thank you|danke|gut|prima|super|genau|gerne|that's fine|sounds good|auf|unter|under|für|"
    r"for|"
    # German answer openers and particles: "klar, X", "prima, dann X", "jo, X", "na, X"
    r"klar|dann|jo|joa|na|also|tja|eben|gell|quasi|wunderbar|perfekt|schön|okay|ehm|äh|mhm|"
    r"freilich|sicher|natürlich|logo)[\s,.:]+)+",
    re.IGNORECASE,
)
_SPELL_CUE = re.compile(
    r"(?:that's|that is|it's|it is|das)?\s*(?:spelled|spelt|spelling|spell it|buchstabiert|geschrieben|"
    r"schreibt sich|ich buchstabiere)(?:\s+as|\s+wie|\s+mit)?\s*:?",
    re.IGNORECASE,
)
_NOT_NAME_WORDS = frozenset(
    re.findall(
        r"\S+",
        """people persons personen person guests gäste adults erwachsene nights nächte night nacht
        im in the a an room rooms zimmer doppelzimmer einzelzimmer suite double twin single week
        weeks woche wochen days tage day tag tomorrow morgen today heute next nächste nächsten
        this that it please bitte yes no ja nein one booking wiederhören wiedersehen den dem der
        die das nicht without verification ohne verschieben ändern stornieren buchen neu vom bis
        welche daten habe ich möchte alles klar okay richtig genau passt
        sie wir wir's ihr euch machen machen's mach dann eben gell tja moment wäre wären hätte
        täte würde so jawoll jawohl perfekt wunderbar super prima also quasi weißt mhm ehm hallo
        guten grüß servus pfiat tschüss tschüs danke dank vielen lieben schönen hilfe bye goodbye
        thanks cheers montag dienstag mittwoch donnerstag freitag samstag sonntag wochenende
        monday tuesday wednesday thursday friday saturday sunday weekend ade adieu ciao tschau wenn falls
        dass""",
    )
)
_NAME_STOP = re.compile(
    r"\s+(?:and|und|my|mein|meine|phone|telefon|email|e-mail|from|for|für|that's|that is|is|ist|"
    r"spelled|spelt|please|bitte|thanks|thank|danke|wie|as|i'd|i would|i want|ich möchte|"
    r"under|unter|i|ich|number|nummer|reference|booking|buchung|reservation|reservierung|laufen|"
    r"läuft|lauten|stehen|wegen|bezüglich|regarding)\b.*$",
    re.IGNORECASE,
)


def read(text: str, asked: bool = False) -> tuple[str | None, bool]:
    """The caller's name after a cue, as a bare answer when asked, or as spelled
    ("Weber, W E B E R"; "that's spelled M-U-E-L-L-E-R"; "W wie Wilhelm, E wie Emil ...");
    and whether it came from spelling."""
    original = text
    code = spelling.best(text, want_digits=True, min_units=4)
    text = _without_spelled(text)  # "S O V 1 0 0 1, name Peter Miller"
    sp = spelling.best(text, want_digits=False, min_units=2 if asked else 3)
    if sp is not None:
        rest = _SPELL_CUE.sub(" ", text[: sp.start] + " " + text[sp.end :])
        # where the spelled name starts in the original (the code was cut out before it)
        at = sp.start + (code.end - code.start - 1 if code and code.start <= sp.start else 0)
        base = (
            _plain_name(rest, asked)
            or after_code(original, at)
            or _name_before_spelled(rest, sp.letters)
        )
        word = _name_case(sp.letters)
        said = _SPELL_CUE.search(text) or _NAME_CUE.search(text) or asked
        if said or (base and word.lower() in base.lower().split()):
            return _with_spelled(base, word), True
    return _plain_name(text, asked), False


_COMMON = frozenset(
    re.findall(
        r"\S+",
        """i i'd i'm i'll like to want would need cancel change modify move booking reservation
        number please thanks thank you my the a an is it it's that this and yes no room rooms hi
        hello okay ok sure right so well just only about for with of in on at we our us me ich
        möchte bitte danke meine meinen buchung reservierung nummer ja nein hallo und die der das
        ist es reference confirmation code""",
    )
)


def after_code(text: str, upto: int | None = None) -> str | None:
    """The 2-3 words right after the confirmation number ("It's S O V 5 7 5 8, Megan Price."),
    if they can be a name; ``upto`` cuts the text (where a spelled name starts)."""
    text = text[:upto] if upto is not None else text
    sp = spelling.best(text, want_digits=True, min_units=4)
    codes = [(sp.start, sp.end)] if sp is not None else []
    codes += [(m.start(), m.end()) for m in _CODE.finditer(text)]
    if not codes:
        return None
    after = text[max(e for _s, e in codes) :].lstrip(" .,;:!?")  # "... 4 8 8 4. Stefan Koch"
    after = re.split(r"[.!?;]\s|\b(?:is spelled|spelled|that's|buchstabiert)\b", after + " ")[0]
    words = re.findall(r"[A-Za-zÄÖÜäöüß][\w'-]*", _tidy(after))
    # "SOV 3880 auf Theresa Pfeiffer": a preposition that names the holder is no part of it
    while words and (
        words[0].lower() in _COMMON | _HOLDER_PREPOSITIONS or _not_name_word(words[0])
    ):
        words = words[1:]
    if not 2 <= len(words) <= 3 or any(w.lower() in _COMMON for w in words):
        return None
    return _name_words(" ".join(words), cued=False)


_HOLDER_PREPOSITIONS = frozenset(["name", "namens", "auf", "unter", "für", "under", "for", "on"])


def _name_before_spelled(rest: str, letters: str) -> str | None:
    """ "Katrin Richter. Richter is spelled R I ...": the name said before the word spelled
    (its first mention and up to two words before it)."""
    m = re.search(rf"\b{re.escape(letters)}\b", rest, re.IGNORECASE)
    if m is None:
        return None
    words = re.findall(r"[A-Za-zÄÖÜäöüß][\w'-]*", _tidy(rest[: m.start()]).split(".")[-1])[-2:]
    while words and (words[0].lower() in _COMMON or words[0].lower() in _NOT_NAME_WORDS):
        words = words[1:]
    return _name_words(" ".join([*words, m.group(0)]), cued=False)


def _name_case(letters: str) -> str:
    return letters[:1].upper() + letters[1:].lower()


def _with_spelled(base: str | None, word: str) -> str:
    """The spelled word replaces the name word it spells (or the surname), else joins it."""
    words = (base or "").split()
    if not words:
        return word
    ratios = [difflib.SequenceMatcher(None, w.lower(), word.lower()).ratio() for w in words]
    best = max(range(len(words)), key=lambda i: ratios[i])
    if ratios[best] >= 0.5:
        words[best] = word
    elif len(words) >= 2:
        words[-1] = word
    else:
        words.append(word)
    return " ".join(words)


def _plain_name(text: str, asked: bool) -> str | None:
    text = _tidy(text)
    for m in reversed(
        list(_NAME_CUE.finditer(text))
    ):  # the last cue: "under lucia under lucia romano"
        name = _name_words(m.group(1), cued=True)
        if name:
            return name
    for m in reversed(list(_NAME_BEFORE_CUE.finditer(text))):
        words = m.group(1).split()
        while words and _not_name_word(words[0]):  # "nehm ich Matthias Vogel ist der Name"
            words = words[1:]
        name = _name_words(" ".join(words), cued=False)
        if name:
            return name
    if asked:
        for m in reversed(list(_PRESENTING.finditer(text))):  # "right so, that's nora lind"
            name = _name_words(m.group(1), cued=False)
            if name:
                return name
        return _name_words(_FILLER.sub("", text.strip()).strip(" .,!"), cued=False)
    return None


# When the name was asked, what follows "that's" / "das ist" is the answer; the words before
# it are a false start ("right, so, that's ...").
_PRESENTING = re.compile(
    r"\b(?:that's|that is|it's|it is|das ist|das wäre|es ist)\s+([A-Za-zÄÖÜäöüß][\w' -]*)",
    re.IGNORECASE,
)


def _not_name_word(word: str) -> bool:
    w = word.lower()
    return w in _COMMON or w in _NOT_NAME_WORDS or w in _NOT_NAME or w in _VERBS


# First-person verb forms said before a name ("das Doppelzimmer nehm ich, Johanna Frank ...").
_VERBS = frozenset(["nehm", "nehme", "nehmen", "buch", "buche", "buchen", "hab", "habe", "haben"])


def _name_words(cand: str, cued: bool) -> str | None:
    cand = re.split(r"[.!?;]\s", cand + " ")[0]  # "Ahmed Khan. Khan is spelled ..."
    cand = _NAME_STOP.sub("", cand).strip(" .,!?")
    # the particle of a separable verb closes the clause: "tragen Sie X ein" (eintragen)
    cand = re.sub(r"\s+ein$", "", cand, flags=re.IGNORECASE)
    if "," in cand:  # "Miller, Peter Miller": the last, fullest form
        cand = max((c.strip() for c in cand.split(",")), key=len)
    words = cand.split()
    if not words or len(words) > 4 or words[0].lower() in _NOT_NAME:
        return None
    if any(any(ch.isdigit() for ch in w) for w in words):
        return None
    if any(w.lower().endswith(("'s", "’s")) for w in words):
        return None  # a clitic "es" ("wenn's", "machen wir's", "gibt's"), no name
    if any(w.lower() in _NOT_NAME_WORDS or count_value(w) is not None for w in words):
        return None  # "für zwei Personen im Doppelzimmer" is no name
    if not cued and len(words) > 3:
        return None
    return " ".join(w[:1].upper() + w[1:] for w in words)


def cued(text: str) -> bool:
    """Whether the text hands over a name by words that say so ("my name is", "ist der Name")."""
    return bool(_NAME_CUE.search(text) or _NAME_BEFORE_CUE.search(text))
