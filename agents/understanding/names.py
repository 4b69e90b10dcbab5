"""The caller's name from what they say: after a cue, before one, as a bare answer, or spelled.

Why its own module: the name is the slot most often said in free form (titles, surnames
first, fillers between its words, spelled letter by letter), and every rule that keeps a
filler, a greeting or a verb from becoming a name belongs with the rules that take one.
``asked`` means the dialogue's last question was the name, so a bare answer is a name.
"""

from __future__ import annotations

import difflib
import re

from nameparser import HumanName

from agents.understanding import given_names, name_words, spelling
from agents.understanding.dates import count_value
from agents.understanding.spelling import CODE as _CODE
from agents.understanding.spelling import without_code as _without_spelled
from agents.understanding.textnorm import tidy as _tidy

_NAME_CUE = re.compile(
    # "Name on the booking: X" (before "name:" below, which would take "on the booking")
    r"(?:name (?:on|for) (?:the|my|this) (?:booking|reservation|room)(?:\s+(?:is|will be))?:?|"
    r"my name is|my name's|name's|name is|the name is|this is|i am|i'm|under the name|in the name of|"
    r"it's for|it is for|under|mein name ist|ich heiße|ich bin|auf den namen|unter dem namen|"
    r"name ist|name lautet|name:?|namens|läuft auf|unter|buchen sie auf|reservieren sie auf|bitte auf|"
    # which part of the name: "surname is", "last name's", "mein Nachname ist", "Vorname"
    r"(?:sur|last |family |first |given |christian |nach|vor|familien|zu)name(?:\s+(?:is|ist|lautet)|'s)?|"
    # "put it down as", "book it for", "reserve that under", "call me"
    r"put (?:\w+ )?(?:down )?(?:as|under|for)|(?:book|reserve|hold) (?:it|that|this|them|one|the room) "
    r"(?:for|under|in the name of)|call me|"
    # the stay, then whose it is: "two nights for Anna Weber", "ein Doppelzimmer auf Herrn Roth"
    r"(?:reservation|booking|reservierung|buchung|room|zimmer|suite|nights?|nächte|days|tage|weeks?|"
    r"wochen?|weekend|wochenende|stay|aufenthalt)\s+(?:(?:is|will be|should be|ist|soll|"
    r"sollte|wäre) )?(?:for|für|auf|unter|under|on)|(?:^|(?<=[.!?;]))\W*(?:for|für|auf)|"
    # the English telephone opening "hi, it's Anna Weber" (a greeting, then "it's")
    r"^\W*(?:(?:hi|hello|hey|hallo|yes|yeah|oh|ah|good (?:morning|afternoon|evening))\W+)+(?:it's|it is)|"
    # the call opened with who is speaking, the name closed by a comma: "It's Iyer, Lakshmi, ..."
    r"^\W*(?:it's|it is)(?=\s+[^\W\d_][\w'-]*(?:\s+[^\W\d_][\w'-]*)?,)|"
    r"(?:is|ist|müsste|sollte|dürfte)\s+(?:under|on|auf|unter)|"
    r"hier spricht|spricht|am apparat ist|"
    # who the stay is for, said as such: "the guest is X", "als Gast bitte X eintragen",
    # "Name on the booking: X"
    r"(?:the )?guest(?:'s name)?\s+(?:is|will be)|als gast(?:\s+bitte)?|(?:der )?gast (?:ist|heißt)|"
    # the German telephone opening "Hier Müller", "hier ist Anna Roth"
    r"(?:^|(?<=[,.;!?]))\W*hier(?:\s+ist)?|"
    # German imperatives that hand over a name: "tragen Sie bitte X ein" (eintragen, a
    # separable verb: its particle "ein" ends the clause), "schreiben Sie X", "notier mal X",
    # in the Sie- and the du-form, with the particles callers put in between
    r"(?:tragen|trag|schreiben|schreib|notieren|notier|setzen|setz)(?:\s+sie)?"
    r"(?:\s+(?:bitte|mal|einfach|doch|ruhig|gern|gerne))*(?:\s+(?:auf|ein|unter))?|"
    # "das soll auf X laufen", "es kann auf X gehen"
    r"(?:soll|sollte|kann|könnte|darf)\s+(?:\w+\s+)?auf)\s+"
    r"([^\W\d_][\w'.-]*(?:\s+[^\W\d_][\w'.-]*){0,4}"
    # surname first, then a comma and the given name alone: "the name is Iyer, Lakshmi, ..."
    r"(?:,\s+[^\W\d_][\w'-]*(?=\s*(?:[,.!?]|$)))?)",
    re.IGNORECASE,
)
# A name after a title of address: "for Mr Smith", "Frau Dr. Weber", never "meine Frau".
_TITLED = re.compile(
    r"(?<![\w'])(?<!my )(?<!our )(?<!his )(?<!her )(?<!your )(?<!meine )(?<!meiner )(?<!meinem )"
    r"(?<!unsere )(?<!unserer )(?<!seine )(?<!seiner )(?<!ihre )(?<!ihrer )(?<!die )(?<!der )"
    r"((?:mr|mrs|ms|mister|missus|miss|dr|doctor|doktor|prof|professor|herrn?|frau|fräulein)\.?"
    r"(?:\s+[^\W\d_][\w'.-]*){1,4})",
    re.IGNORECASE,
)
# A guest asked about, named inside the question: "is Anna Weber staying with you", "has
# Tom Hill checked in", "Chloe Parker's room", "wohnt Sandra Meier bei Ihnen", "wann Heike
# Herrmann ankommt", "die Assistentin von Sandra Meier", "Sebastian Roth zu erreichen".
_WORDS3 = r"([^\W\d_][\w'-]*(?:\s+[^\W\d_][\w'-]*){0,2})"
_ASKED_ABOUT = re.compile(
    r"\b(?:is|has|does|did|was|which room is|what room is)\s+" + _WORDS3 + r"\s+(?:staying|"
    r"checked|checking|arrived|arriving|booked|still|already|in room)\b"
    r"|\b" + _WORDS3 + r"(?:'s|’s)\s+(?:room|booking|reservation|stay)\b"
    r"|\b(?:wohnt|ist|hat|kommt|übernachtet)\s+" + _WORDS3 + r"\s+(?:in|bei|schon|noch|bereits|"
    r"eingecheckt|angekommen|im)\b"
    r"|\bwann\s+" + _WORDS3 + r"\s+(?:ankommt|anreist|eincheckt|abreist|auscheckt|kommt)\b"
    r"|\b(?:assistentin|assistent|sekretärin|sekretär|assistant|secretary|kollegin|kollege|colleague|"
    r"mitarbeiterin|mitarbeiter|tochter|sohn|daughter|son|mutter|vater|mother|father)\s+(?:von|of|to|for)\s+"
    + _WORDS3
    + r"|\b"
    + _WORDS3
    + r"\s+(?:wohnt|übernachtet)\s+(?:bei|in|im)\b"
    r"|\b" + _WORDS3 + r"\s+zu erreichen\b|\btrying to reach\s+" + _WORDS3,
    re.IGNORECASE,
)
# A name said before its cue: "Johanna Frank ist der Name", "Rainer Seidel mein Name wäre ...",
# "Naomi Okafor is my name", "Johanna Frank heiße ich" (German puts the verb second).
_NAME_BEFORE_CUE = re.compile(
    r"([^\W\d_][\w'-]*(?:\s+[^\W\d_][\w'-]*){0,2}),?\s+"
    r"(?:ist der name|ist mein name|wäre der name|wäre mein name|mein name|heiße ich|heiß ich|"
    r"hoas i|hoaß i|hoaße i|"
    r"is (?:the|my) name|is the surname|here speaking|speaking|am apparat|"
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
    r"läuft|lauten|stehen|wegen|bezüglich|regarding|with|mit)\b.*$",
    re.IGNORECASE,
)


# Discourse phrases said inside a name or around it ("yuki you see tanaka", "name X also
# ehrlich gesagt"): each word alone may be a name elsewhere ("See", "Mean"), the phrase never.
_DISCOURSE = re.compile(
    r"\b(?:you see|you know|i mean|i guess|kind of|sort of|ehrlich gesagt|sag ich mal|"
    r"weißt du|weisst du|wie gesagt)\b",
    re.IGNORECASE,
)


def read(text: str, asked: bool = False) -> tuple[str | None, bool]:
    """The caller's name after a cue, as a bare answer when asked, or as spelled
    ("Weber, W E B E R"; "that's spelled M-U-E-L-L-E-R"; "W wie Wilhelm, E wie Emil ...");
    and whether it came from spelling."""
    original = text = _DISCOURSE.sub(" ", text)
    code = spelling.best(text, want_digits=True, min_units=4)
    text = _without_spelled(text)  # "S O V 1 0 0 1, name Peter Miller"
    sp = spelling.best(text, want_digits=False, min_units=2 if asked else 3)
    if sp is not None and _spelled_out(text, sp):
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


def _spelled_out(text: str, sp: spelling.Spelled) -> bool:
    """A run that spells: more than one letter ("mit Doppel-T" is a hint), not one word in
    capitals ("Ist WLAN inklusive?")."""
    said = text[sp.start : sp.end].strip()
    return len(set(sp.letters.lower())) > 1 and (" " in said or "-" in said or "," in said)


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
    after = re.split(_AFTER_CODE_END, after + " ")[0]
    words = re.findall(r"[^\W\d_][\w'-]*", _tidy(after))
    # "SOV 3880 auf Theresa Pfeiffer": a preposition that names the holder is no part of it
    while words and (
        words[0].lower() in _COMMON | _HOLDER_PREPOSITIONS or _not_name_word(words[0])
    ):
        words = words[1:]
    if not 2 <= len(words) <= 3 or any(w.lower() in _COMMON for w in words):
        return None
    if _dated(words[0]):
        return None  # "S O V 4 4 1 2 to april seventh" is a date
    return _name_words(" ".join(words), cued=False)


def _dated(word: str) -> bool:
    """A month or weekday first: without a cue, "april seventh" is a date ("April Lee" needs one)."""
    return word.lower() in name_words.MONTHS | name_words.WEEKDAYS


# Where the words after a code stop being the holder's name: a sentence end, a spelling cue.
_AFTER_CODE_END = re.compile(
    r"[.!?;]\s|\b(?:is spelled|spelled|spelt|that's|buchstabiert|schreibt sich|geschrieben)\b",
    re.IGNORECASE,
)
_HOLDER_PREPOSITIONS = frozenset(["name", "namens", "auf", "unter", "für", "under", "for", "on"])


def _name_before_spelled(rest: str, letters: str) -> str | None:
    """ "Katrin Richter. Richter is spelled R I ...": the name said before the word spelled
    (its first mention and up to two words before it)."""
    m = re.search(rf"\b{re.escape(letters)}\b", rest, re.IGNORECASE)
    if m is None:
        return None
    words = re.findall(r"[^\W\d_][\w'-]*", _tidy(rest[: m.start()]).split(".")[-1])[-2:]
    while words and (words[0].lower() in _COMMON or words[0].lower() in _NOT_NAME_WORDS):
        words = words[1:]
    return _name_words(" ".join([*words, m.group(0)]), cued=False)


def _name_case(letters: str) -> str:
    """ "O'CONNELL" -> "O'Connell", "FRASER-HAMILTON" -> "Fraser-Hamilton"."""
    return _capitalised([letters.lower()])


def _with_spelled(base: str | None, word: str) -> str:
    """The spelled word replaces the name word it spells (or the surname), else joins it."""
    words = (base or "").split()
    if not words:
        return word
    parts = [w.lower() for w in word.split("-")]
    for i in range(
        len(words) - len(parts) + 1
    ):  # "fraser hamilton", spelled F R A S E R hyphen H ...
        if len(parts) > 1 and [w.lower() for w in words[i : i + len(parts)]] == parts:
            return " ".join(_given_first([*words[:i], word, *words[i + len(parts) :]]))
    ratios = [difflib.SequenceMatcher(None, w.lower(), word.lower()).ratio() for w in words]
    best = max(range(len(words)), key=lambda i: ratios[i])
    if ratios[best] >= 0.5:
        words[best] = word
    elif len(words) >= 2:
        words[-1] = word
    else:
        words.append(word)
    return " ".join(words)


def _cues(text: str) -> list[re.Match[str]]:
    """Every cue, also one inside the words another cue took ("ein Zimmer für zwei Nächte auf
    den Namen X": "für" takes "zwei Nächte auf den Namen", "auf den Namen" takes X)."""
    out: list[re.Match[str]] = []
    pos = 0
    while (m := _NAME_CUE.search(text, pos)) is not None:
        out.append(m)
        pos = m.start(1)
    return out


# The parts of a name said by their role: "first name Siobhan, surname O'Connell",
# "Vorname Reto, Nachname Gisler" (each cue alone is read as any cue below).
_GIVEN_CUE = re.compile(
    r"\b(?:first|given|christian|fore)[ -]?name(?:\s+(?:is|'s))?|\bvorname(?:\s+(?:ist|lautet))?",
    re.IGNORECASE,
)
_SURNAME_CUE = re.compile(
    r"\b(?:sur|last |family )name(?:\s+(?:is|'s))?|\b(?:nach|familien|zu)name(?:\s+(?:ist|lautet))?",
    re.IGNORECASE,
)
# A vocative between commas or at the end names the receptionist, not the caller ("love"
# only here: it is a surname too, so it is no word that is never a name).
_VOCATIVE = re.compile(
    r",\s*(?:my\s+)?(?:love|" + "|".join(sorted(name_words.VOCATIVES)) + r")\b(?=\s*(?:[,.!?]|$))",
    re.IGNORECASE,
)


def _by_role(text: str) -> str | None:
    """Given name and surname, each after the word that says which it is, in either order."""
    given = list(_GIVEN_CUE.finditer(text))
    family = list(_SURNAME_CUE.finditer(text))
    if not given or not family:
        return None
    g, f = given[-1], family[-1]
    g_span = text[g.end() : f.start()] if g.end() <= f.start() else text[g.end() :]
    f_span = text[f.end() : g.start()] if f.end() <= g.start() else text[f.end() :]
    first = _name_words(g_span.strip(" ,.:"), cued=True)
    last = _name_words(f_span.strip(" ,.:"), cued=True)
    if not first or not last or " " in first:
        return None
    return last if first.lower() in last.lower().split() else f"{first} {last}"


def _plain_name(text: str, asked: bool) -> str | None:
    text = _VOCATIVE.sub("", _tidy(text))
    if name := _by_role(text):
        return name
    for m in reversed(list(_TITLED.finditer(text))):  # "two nights for Mrs Anna Weber"
        name = _name_words(m.group(1), cued=True)
        if name:
            return name
    for m in reversed(_cues(text)):  # the last cue: "under lucia under lucia romano"
        if _PROGRESSIVE.match(m.group(0)) and _ING_VERB.match(m.group(1)):
            continue  # "i am searching one room": a verb, not the guest "Searching"
        name = _name_words(m.group(1), cued=True)
        if name and _frequent_word(name):
            continue  # "it's Venkat Subramanian, i'm ever so sorry": "Ever" is a word
        if name:
            return name
        # "Bitte auf unseren Kunden buchen, X Y": the cue's clause names a role, the name
        # follows after the comma
        after = _AFTER_COMMA.match(text, m.end(1))
        if after and _only_never(m.group(1)):
            name = _name_words(after.group(1), cued=True)
            if name and " " in name:
                return name
    for m in _ASKED_ABOUT.finditer(text):
        said = next(g for g in m.groups() if g)
        name = _name_words(_strip_leading_never(said), cued=True)
        if name:
            return name
    for m in reversed(list(_NAME_BEFORE_CUE.finditer(text))):
        words = m.group(1).split()
        while words and _never(words[0]):  # "nehm ich Matthias Vogel ist der Name", "gö Xaver ..."
            words = words[1:]
        while words and _never(words[-1]):  # "Farid Haddad here speaking"
            words = words[:-1]
        name = _name_words(" ".join(words), cued=False)
        if name:
            return name
    # "for" and two or three name words that end the turn: "two nights ... for Solveig Brandt";
    # a yes or no that restates the name read back: "sure, that's Gareth Pryce" (not "it's"
    # alone: "it's quite expensive" names nobody)
    for m in (_FOR_AT_END.search(text), _RESTATED.match(text)):
        if m and (name := _name_words(m.group(1), cued=False)) and " " in name:
            return name
    # the caller says who they are first, then why they call: "Dominik Eder, mein Flug ist
    # verlegt, ..." (a known given name first, so "Hotel Sovren, good morning" is none)
    if (m := _OPENED_WITH_NAME.match(text)) and given_names.is_given(m.group(1).split()[0]):
        name = _name_words(m.group(1), cued=False)
        if name and " " in name:
            return name
    if asked:
        for m in reversed(list(_PRESENTING.finditer(text))):  # "right so, that's nora lind"
            name = _name_words(m.group(1), cued=False) or _before_clause(m.group(1).split())
            if name:
                return name
        bare = _FILLER.sub("", text.strip()).strip(" .,!")
        if bare.endswith("?") or _QUESTION_START.match(bare):
            return None  # a question is no answer to "May I have your name?"
        m = _CHOSEN_THEN_NAME.search(bare)  # "the twin fine Lena Fischer", "... recht auf X"
        if m and (name := _name_words(m.group(1), False)) and " " in name:
            return name
        words = bare.split()
        while len(words) > 1 and _never(words[0]) and not _particle_inside(words, 0):
            if words[0][-1] in ",.:;" or words[0].lower() in _ARTICLES | _POSSESSIVES:
                break  # "thanks a lot" is no opener before a name, "alright, ..." a clause
            words = words[1:]  # an opener: "brilliant naomi okafor", "okay so anna weber"
        name = _name_words(" ".join(words), cued=False) or _before_clause(words)
        return name or introduced(bare)
    return None


def introduced(text: str) -> str | None:
    """A given name and a surname said without a cue, the last such pair in the turn: "Kemal
    Arslan S O V 2 0 3 0", "das Zweibettzimmer is jut Elfriede Möller". Taken only where a
    name is wanted (the name was asked, or a booking is being identified): elsewhere two such
    words are more often a place or a person spoken of."""
    words = re.findall(r"[^\W\d_][\w'-]*", _tidy(_without_spelled(text)))
    for i in range(len(words) - 2, -1, -1):
        pair = words[i : i + 2]
        if _dated(pair[0]):
            continue
        if i and words[i - 1].lower() in name_words.PRONOUNS | name_words.PREPOSITIONS:
            continue  # "ich hab's mir anders überlegt": after "mir" the clause goes on
        name = _name_words(" ".join(pair), cued=False) if given_names.introduces(pair) else None
        if name and " " in name:
            return name
    return None


def _frequent_word(name: str) -> bool:
    """A one-word name that is a frequent word of the language and no given name ("ever")."""
    return (
        " " not in name
        and not given_names.is_given(name)
        and given_names.frequency(name) > given_names.SURNAME_AT_MOST
    )


def _before_clause(words: list[str]) -> str | None:
    """A name of two or three words followed by a clause that holds no name word: "Lena
    Fischer, das bin ich", "X so steht es drauf", "X also ehrlich gesagt"."""
    for n in (3, 2):
        rest_is_clause = len(words) > n and all(_never(w) for w in words[n:])
        if rest_is_clause and not any(_never(w) for w in words[:n]):
            return _name_words(" ".join(words[:n]), cued=False)
    return None


# When the name was asked, a choice said first and then the name: "the twin fine Lena
# Fischer", "das Doppelbett ist recht auf Sepp Lechner bitte" (two or three words, at the end).
_CHOSEN_THEN_NAME = re.compile(
    r"\b(?:fine|good|great|okay|ok|perfect|lovely|gut|recht|passt|prima|super)[\s,.]+"
    r"(?:(?:auf|unter|under|for|für)\s+)?([^\W\d_][\w'-]*(?:\s+[^\W\d_][\w'-]*){1,2})"
    r"(?:[\s,.]+(?:bitte|please))?\W*$",
    re.IGNORECASE,
)


_OPENED_WITH_NAME = re.compile(r"^\W*([^\W\d_][\w'-]*\s+[^\W\d_][\w'-]*),\s")
_AFTER_COMMA = re.compile(r"\s*,\s*([^\W\d_][\w'-]*(?:\s+[^\W\d_][\w'-]*){1,2})")
# "i am searching", "i'm enquiring": a word said as a verb after "I am" (lowercase, as a
# recogniser writes it; six letters or more, so "I'm Jing Li" stays a name) is no name.
_PROGRESSIVE = re.compile(r"(?:i am|i'm)\s", re.IGNORECASE)
_ING_VERB = re.compile(r"[a-z]{3,}ing\b")
_THE_NAME = re.compile(r"^(?:(?:den|dem|the)\s+)?(?:namen?|name of)\s+", re.IGNORECASE)
_SENTENCE_END = re.compile(
    r"(?<! dr)(?<! mr)(?<! ms)(?<! st)(?<! mrs)(?<! prof)[.!?;]\s", re.IGNORECASE
)  # a title's full stop ends no sentence
# "mit meiner Frau Leni": a person of the caller's, not the caller
_POSSESSIVES = frozenset(
    ["my", "our", "his", "her", "mein", "meine", "meiner", "meinem", "meinen", "unser", "unsere",
     "unserer", "unserem", "seine", "seiner", "ihre", "ihrer"]
)  # fmt: skip
# A stay for someone, said last: "for" and two or three name words that end the turn.
_FOR_AT_END = re.compile(
    r"\b(?:for|für)\s+([^\W\d_][\w'-]*(?:\s+[^\W\d_][\w'-]*){1,2})\W*$",
    re.IGNORECASE,
)
_RESTATED = re.compile(
    r"\W*(?:(?:yes|yeah|yep|sure|right|correct|exactly|no|nope|ja|jawohl|genau|richtig|nein|nee|"
    r"okay|ok)\W+)+(?:that's|that is|it's|it is|das ist|es ist)\s+([^\W\d_][\w' -]*)",
    re.IGNORECASE,
)
_ARTICLES = frozenset(["a", "an", "the", "ein", "eine", "einen", "der", "die", "das", "den"])
# A turn that opens as a question (the verb or a question word first) hands over no name.
_QUESTION_START = re.compile(
    r"^(?:do|does|did|is|are|was|can|could|would|will|have|has|what|when|where|why|how|which|who|"
    r"ist|sind|hat|haben|gibt|kann|können|könnte|muss|wann|wie|was|wo|warum|welche\w*|um wie)\b",
    re.IGNORECASE,
)


# When the name was asked, what follows "that's" / "das ist" is the answer; the words before
# it are a false start ("right, so, that's ...").
_PRESENTING = re.compile(
    r"\b(?:that's|that is|it's|it is|das ist|das wäre|es ist)\s+([^\W\d_][\w' -]*)",
    re.IGNORECASE,
)


def _not_name_word(word: str) -> bool:
    w = word.lower()
    return w in _COMMON or w in _NOT_NAME_WORDS or w in _NOT_NAME or w in _VERBS


# First-person verb forms said before a name ("das Doppelzimmer nehm ich, Johanna Frank ...").
_VERBS = frozenset(["nehm", "nehme", "nehmen", "buch", "buche", "buchen", "hab", "habe", "haben"])


def _name_words(cand: str, cued: bool) -> str | None:
    """The name in a candidate span, or None when it holds no name.

    Cued ("my name is ...", "unter ..."), the name ends where the sentence's own words go on
    ("... Ursula Brandt sein", "... Kevin Lindqvist see"); a bare answer must be a name as a
    whole. Answer words before it are an opener ("Brilliant. Martin Kowalski."), a title is
    dropped ("Mr Smith" is booked as Smith), "Smith, John" is surname first."""
    # "Ahmed Khan. Khan is spelled ...": the first sentence ("Dr. Weber" is one)
    sentences = _SENTENCE_END.split(" " + cand + " ")
    while len(sentences) > 1 and _only_never(sentences[0]):
        sentences.pop(0)
    cand = _NAME_STOP.sub("", sentences[0]).strip(" .,!?")
    cand = _THE_NAME.sub("", cand)  # "bitte auf den Namen X": the cue's own words
    # the particle of a separable verb closes the clause: "tragen Sie X ein" (eintragen)
    cand = re.sub(r"\s+(?:ein|hin)$", "", cand, flags=re.IGNORECASE)
    words = _ordered([p.strip() for p in cand.split(",") if p.strip() and not _only_never(p)])
    words = [w for w in words if w.lower() not in name_words.TITLES]  # "Frau Dr. Weber"
    if cued:
        # "der Name, oiso, Müller"; "under our client X", "auf die Kundin X": whom, then who
        while words and (
            words[0].lower() in name_words.FILLERS
            or (
                words[0].lower() in _POSSESSIVES | _ARTICLES | name_words.ROLES
                and any(w.lower() in name_words.ROLES for w in words[:3])
            )
        ):
            words = words[1:]
        words = _until_never(words)
    words = _said_once(words)
    if not _plausible(words, cued):
        return None
    return _capitalised(_given_first(words))


def _said_once(words: list[str]) -> list[str]:
    """A false start said again is said once: "ter horst ter horst", "gisler gisler"."""
    for n in (3, 2, 1):
        for i in range(len(words) - 2 * n + 1):
            if [w.lower() for w in words[i : i + n]] == [
                w.lower() for w in words[i + n : i + 2 * n]
            ]:
                return _said_once(words[: i + n] + words[i + 2 * n :])
    return words


def _given_first(words: list[str]) -> list[str]:
    """Surname first ("Haslinger Korbinian", "Obermaier Xaver"), written given name first: when
    the last word is a given name and the first is none. Two words only: a longer name may be
    written surname first ("Nguyen Minh Chau"); a particle keeps the order ("ter Horst":
    Horst is a given name too), so does a name of given names only ("Thomas Paul")."""
    if len(words) != 2 or any(w.lower() in name_words.PARTICLES for w in words):
        return words
    if given_names.is_given(words[-1]) and not given_names.is_given(words[0]):
        return [words[-1], *words[:-1]]
    return words


def _strip_leading_never(said: str) -> str:
    """ "ich versuche Sebastian Roth": the words before the name that are none."""
    words = said.split()
    while len(words) > 1 and (
        (_never(words[0]) and not _particle_inside(words, 0)) or words[0].lower() in _RELATIONS
    ):
        words = words[1:]
    return " ".join(words)


# Who the caller speaks of before that person's name ("mein Mann Nicole Maier", "my wife Ann").
_RELATIONS = frozenset(
    ["mann", "frau", "ehemann", "ehefrau", "partner", "partnerin", "kollege", "kollegin", "chef",
     "chefin", "husband", "wife", "colleague", "boss", "friend", "freund", "freundin"]
)  # fmt: skip


def _only_never(part: str) -> bool:
    """A clause with no word that could be a name ("Brilliant", "okay so", "zwei Nächte")."""
    words = re.findall(r"[\w'’-]+", part)
    return bool(words) and all(_never(w) or count_value(w) is not None for w in words)


def _ordered(parts: list[str]) -> list[str]:
    """The name's words from its comma-separated parts: "Miller, Peter Miller" is the fullest
    form; two single words are surname first ("Smith, John", "Weber, Anna")."""
    if not parts:
        return []
    single = len(parts) == 2 and all(len(p.split()) == 1 for p in parts)
    if single and parts[0].lower() != parts[1].lower():
        return [parts[1], parts[0]]
    return max(parts, key=len).split()


def _never(word: str) -> bool:
    w = word.lower().strip(".,:;!?")
    if "-" in w.strip("-"):  # "twenty-third", "check-out"; never "Schmidt-Weber"
        return w in name_words.NEVER or any(
            p in name_words.NEVER or count_value(p) is not None for p in w.split("-") if p
        )
    return w in name_words.NEVER or _not_name_word(w)


def _until_never(words: list[str]) -> list[str]:
    """The words up to the first one that is no name word (a particle inside stays)."""
    out: list[str] = []
    for i, w in enumerate(words):
        if _particle_inside(words, i):
            out.append(w)
            continue
        if _never(w) or count_value(w) is not None or any(ch.isdigit() for ch in w):
            break
        out.append(w)
    while out and out[-1].lower() in name_words.PARTICLES:
        out.pop()
    return out


def _particle_inside(words: list[str], i: int) -> bool:
    """ "von der Heide", "de la Cruz": a particle followed, within the name, by a name word
    (a name never starts with an article: "der Chef" is none)."""
    w = words[i].lower()
    if w not in name_words.PARTICLES or (i == 0 and w in _ARTICLES):
        return False
    for w in words[i + 1 :]:
        if w.lower() in name_words.PARTICLES:
            continue
        return not _never(w) and count_value(w) is None
    return False


def _plausible(words: list[str], cued: bool) -> bool:
    if not words or len(words) > (5 if cued else 3):
        return False
    if words[0].lower() in _NOT_NAME:
        return False
    if any(any(ch.isdigit() for ch in w) for w in words):
        return False
    if any(w.lower().endswith(("'s", "’s")) for w in words):
        return False  # a clitic "es" ("wenn's", "machen wir's", "gibt's"), no name
    for i, w in enumerate(words):
        if _particle_inside(words, i):
            continue
        if _never(w) or count_value(w) is not None:
            return False  # "für zwei Personen im Doppelzimmer", "next week" are no names
    # a month is a first name ("April Lee") but never a name alone or last ("im Mai")
    return words[-1].lower() not in name_words.MONTHS


def _capitalised(words: list[str]) -> str:
    """Names as written: "O'Brien", "McDonald", "von der Heide" inside, "Schmidt-Weber"."""
    name = HumanName(" ".join(words))
    name.capitalize(force=True)
    return str(name) or " ".join(words)


def cued(text: str, asked: bool = False) -> bool:
    """Whether the text hands over a name by words that say so ("my name is", "ist der Name",
    "Mr Smith"; when the name was asked, also "it's ..." / "das ist ...")."""
    return bool(
        _NAME_CUE.search(text)
        or _NAME_BEFORE_CUE.search(text)
        or _TITLED.search(text)
        or (asked and _PRESENTING.search(text))
    )
