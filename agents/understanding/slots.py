"""Slots from an utterance by rules: guests, room type, name, phone, e-mail, confirmation, dates.

Why rules: every slot here has a closed form (a number, a code from config, a
pattern), and a rule is exact, explainable in `sovren explain`, and costs
microseconds. ``asked`` is the slot the dialogue just asked for, so that a bare
answer ("two", "Anna Weber", "ABC123") lands in the right place.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any, NamedTuple

from agents.understanding import calendar_weeks, date_cues, names, relative_nights, spelling
from agents.understanding import lang as langmod
from agents.understanding.dates import count_value, parse_dates
from agents.understanding.recount import settled
from agents.understanding.spelling import CODE as _CODE
from agents.understanding.spelling import without_code as _without_spelled
from agents.understanding.textnorm import tidy as _tidy
from agents.understanding.textnorm import unhesitant as _unhesitant

_PEOPLE = (
    r"adults?|people|persons?|guests?|personen|erwachsene[nr]?|gäste|leute|individuals?|"
    r"travell?ers?|visitors?|reisende|grown-?ups|"
    r"kids?|children|child|kinder|kindern|kind|babys?|babies|baby|teenagers?|teens?|jugendliche|"
    r"seniors?|colleagues|friends|kollegen|kolleginnen|freunde|freundinnen|of us|"
    r"(?:little|wee|young) ones?|toddlers?|infants?|newborns?|bairns?|leuten|others"
)
# What a caller says between a count and its noun that is no part of either ("three eh
# colleagues", "einen ja gut Kollegen", "four kind of adults").
_FILLER = r"(?:eh|ehm|äh|ähm|uh|uhm|um|erm|na|now|kind of|sort of|like|ja gut|so|also|halt)"
# Words that make a group an addition to the others, never a total ("me and 2 other people").
_MORE_PEOPLE = r"(?:other|others|more|additional|further|extra|weitere|andere|anderen|zusätzliche)"
_GROUP = re.compile(
    r"\b([\wäöüß]+)\s+(?:" + _FILLER + r",?\s+){0,2}"
    r"(?:(?:small|little|young|grown-?up|kleine|kleinen|erwachsene|einzelne|single|"
    + _MORE_PEOPLE
    + r")\s+)?("
    + _PEOPLE
    + r")\b"
)
_COUNT_WORDS = r"(\d{1,2}|[a-zäöüß]+)"
# Who a caller calls "the wife", "the boss", "die Chefin": family and work named with an
# article as with "my" (a member of the party only when listed, as with "my").
_ARTICLE_KIN = (
    r"(?:wife|husband|missus|missis|hubby|boss|chef|chefin|frau|mann|kids|kinder|young ones|"
    r"little ones|wee ones|kleine|kleinen|kleiner|little one)"
)
# Relatives who come as two ("my parents", "meine Eltern").
_TWO_OF = re.compile(r"^(?:parents|eltern)$")
_RELATION = re.compile(
    r"\b(?:(?:my|our|his|her|their|mein|meine|meinem|meinen|meiner|unser|unsere|unserem|unseren|"
    r"unserer|sein|seine|seinem|seinen|seiner|mei)\s+(?:\w+\s+)?"
    r"|(?:the|der|die|den|dem|de)\s+(?=" + _ARTICLE_KIN + r"\b)"
    r"|me\s+(?=(?:mum|mam|dad|missus|missis|wife|husband|brother|sister|son|daughter)\b))"
    r"(wife|husband|partner|missus|missis|hubby|mam|boss|manager|director|assistant|chef|chefin|"
    r"geschäftsführer|geschäftsführerin|girlfriend|boyfriend|friend|colleague|mother|father|mom|mum|dad|son|"
    r"daughter|kid|child|baby|sister|brother|fianc[ée]e?|frau|mann|partnerin|freundin|freund|"
    r"kollegin|kollege|kollegen|mutter|vater|mama|papa|sohn|tochter|kind|schwester|bruder|"
    r"verlobten?|boy|girl|spouse|grandson|granddaughter|grandchild|grandmother|grandfather|"
    r"grandma|grandpa|granny|niece|nephew|cousin|aunt|uncle|toddler|infant|newborn|stepson|"
    r"stepdaughter|junge|jungen|mädchen|enkelin|enkelsohn|enkeltochter|oma|opa|nichte|neffen?|"
    r"cousine|tante|onkel|großmutter|großvater|ehefrau|ehemann|gatte|gattin|little one|youngest|"
    r"eldest|oldest|kleiner|kleine|kleinen|kleines|jüngste|jüngsten|älteste|ältesten|parents|eltern|"
    r"mate|buddy|pal|kumpel|spezl|spezi|other half|better half)\b"
    # "my sister's birthday", "my wife's car": the possessor is no member of the party (it was
    # counted: "for my wife's birthday, me and my wife" was 3)
    r"(?!['’]s\b)"
)
_PLURAL_UNKNOWN = re.compile(
    r"(?:\b(?:my|our|his|their|meine|unsere|unseren|meinen|seine|seinen)|(?:,|\band|\bund|\bplus|&)\s+"
    r"(?:the|die|de))\s+(?:\w+\s+)?(kids|children|kinder|kindern|"
    r"friends|freunde|colleagues|kollegen|boys|girls|grandchildren|grandkids|"
    r"grandparents|nephews|nieces|cousins|sons|daughters|jungs|enkel|enkelkinder|großeltern|"
    r"geschwister|siblings)\b"
)
# A member of a list of people ("me, my husband and our <someone>") whom the words above do
# not name: how many guests is then not known, and the count is asked rather than guessed
# (a guessed count is read back and written when the caller, listening for dates, says yes).
_POSSESSIVE = re.compile(
    r"\b(?:my|our|his|her|their|mein|meine|meinem|meinen|meiner|unsere|unserem|unseren|unserer|"
    r"unser|seine|seinem|seinen|seiner|ihr|ihre|ihrem|ihren|ihrer)\s+"
)  # German "ihr" is her, their or (formal) your: such a member is asked about, never counted
# "my boss and one assistant": a member said with an article or "one" whom no rule counts is,
# like an unnamed possessed member, asked about (it had been left out: a party of one written).
_ONE_MEMBER = re.compile(r"\b(?:a|an|one|ein|eine|einen|einem|einer)\s+")
_LIST_SEP = r"(?:,|\band\b|\bund\b|\bplus\b|&|\bas well as\b|\bsowie\b)"
_MEMBER_WORDS = re.compile(r"^((?:[\wäöüß'-]+\s*){1,2}?)(?=" + _LIST_SEP + r"|[.!?;]|$)")
_LISTED_BEFORE = re.compile(r"\b[\wäöüß]+\s*" + _LIST_SEP + r"\s*$")
_LISTED_AFTER = re.compile(
    r"^\s*"
    + _LIST_SEP
    + r"\s*(?:me|i|myself|meself|ich|mir|mich|my|our|mein\w*|unser\w*|the|der|die)\b"
)
# Who comes along but takes no bed ("me, my wife and our dog" is two).
_NOT_A_GUEST = re.compile(
    r"\b(?:dogs?|cats?|pets?|puppy|hund|hunde|hündin|katzen?|haustiere?|cars?|autos?|"
    r"luggage|gepäck|bikes?|bicycles?|fahrrad|fahrräder|wagen|rooms?|zimmer|booking|reservation|"
    r"buchung|reservierung|flight|flug|train|zug|budget|stay|aufenthalt|anniversary|honeymoon|"
    r"wedding|hochzeit|jahrestag|nights?|nacht|nächte|weeks?|woche|days?|tage?|view|balcony|"
    r"balkon|question|frage|cots?|cribs?|beds?|bett\w*|kinderbett\w*)\b"
)
_SELF_BEFORE = re.compile(
    r"\b(?:(?:me|i|myself|meself|ich|mich|mir)(?:\s+(?:look|like|so|then|too|also|now|ja|mal))?\s*"
    r"(?:,|\band\b|\bund\b|\bplus\b)(?:\s*(?:the|die|der|den|das|unsere|unseren|our))?|"
    r"(?<!\blet )me|myself|meself)\s*$"
)  # "me my wife and ..." as a recogniser writes it, without the comma; "me and the two kids"
# (was 2: the article hid the speaker listed before the group)
_SELF_AFTER = re.compile(
    r"^\s*(?:[\wäöüß'-]+\s+){0,2}?(?:,|\band\b|\bund\b|\bplus\b)\s*(?:me|i|myself|meself|ich|mir|mich)"
    r"\b(?!['’])"
)  # "my wife and I", "meine Freundin Hilde und ich" (her name between)
_WITH_MY = re.compile(
    r"\b(?:with|mit|bringing|bring|i'm bringing|travell?ing with)\s+"
    r"(?:my|our|meiner|meinem|meinen|unseren|unserer|unserem)\b"
)  # "I'm bringing my wife" is two: the speaker comes too
# Somebody else who comes with their own companion ("he's coming with his wife", "er kommt mit
# seiner Frau": an assistant booking for the boss): the two of them, when nobody else is named.
_THIRD_WITH = re.compile(
    r"\b(?:he|she|er)(?:['’]\w+)?\b(?:\s+[\w']+){0,3}?\s+(?:with|mit)\s+(?:his|her|seiner|seinem)\s+"
)
_ASK_SOMEONE = re.compile(
    r"\b(?:check|talk|speak|ask|call|discuss|confirm|sprechen|fragen|klären|besprechen)\w*\s+"
    r"(?:[\w,]+\s+){0,3}?(?:with|mit)\s+"
    r"|\bmit\s+(?:meiner|meinem|unserer|unserem)\s+\w+\s+(?:besprechen|sprechen|klären|reden|abstimmen)"
)  # "let me check with my wife", "das mit meiner Frau besprechen": no guest count
_CHILD = re.compile(
    r"kid|child|baby|babies|teen|adult|little one|wee one|toddler|infant|newborn|bairn"
)
# One companion named with an article or "one", listed beside the speaker or kin ("me and a
# colleague", "my boss and one colleague", "für mich und einen Kollegen"); alone ("a friend
# recommended you", "one friend of mine told me") it counts nobody.
_COMPANION = re.compile(
    r"\b(?:a|an|one|1|ein|eine|einen|einem|einer)\s+(?:colleague|friend|partner|companion|kollegen?|"
    r"kollegin|freund|freundin|begleiter|begleiterin|begleitperson)\b"
)
# Nouns that count everybody ("3 people and I need laundry service" is 3, "two colleagues and
# I" is 3): the speaker is added only to a group named by who they are.
_TOTAL = re.compile(
    r"\b(?:people|persons?|guests?|personen|gäste|leute|individuals?|"
    r"travell?ers?|visitors?|reisende|of us)$"
)
_ALONE = re.compile(
    r"\b(just me|only me|just myself|only myself|just meself|only meself|just be me|only be me|"
    r"myself only|me only|ich allein|(?:just|only) one(?!\s+(?:night|room|day|week|more|bed|suite|of))|"
    r"by myself|alone|on my own|(?:just|only) for (?:me|myself|meself)|"
    r"(?:room|it|that|book\w*|reserv\w*)\s+for (?:myself|meself)|"
    r"(?:a |one )?single (?:person|guest|adult|travell?er)|(?:travel\w*|going|be|am|i'm) solo|"
    r"allein|alleine|(?:nur|bloß|bloss|lediglich) (?:ich|mich)|eine person)\b"
)
# A pair said as such: "wir beide", "für uns zwei", "both of us", "ein Ehepaar", "we're a couple"
# (never "a couple of nights").
_PAIR = re.compile(
    r"\b(?:(?:wir|uns)\s+(?:beide|zwei)(?!\s+\w*(?:zimmer|betten|suiten?)\b)|both of us|the two of us)\b"
    r"|\b(?:(?:ein|als|sind ein)\s+(?:ehe)?paar|ehepaar|(?:a|are a|married)\s+couple)\b"
    r"(?!\s+(?:of|more|n\w*chte?|nights?|tage?n?|days?|wochen?|weeks?|stunden|hours?|minuten|"
    r"minutes?|mal|fragen|questions?|mit|with|euros?|leute|people|personen|kinder|kids)\b)"
)  # "ein paar Nächte" is a few nights, "ein Ehepaar mit Kind" not said plainly
# A pair with others, the way _PAIR leaves out ("ein Ehepaar mit Kind"): the count is asked.
_PAIR_WITH = re.compile(r"\b(?:ehepaar|(?:ein|als|sind ein)\s+paar|couple)\s+(?:mit|with)\b")
_ZU = {"zweit": 2, "dritt": 3, "viert": 4, "fünft": 5, "sechst": 6, "siebt": 7, "acht": 8}
_ZU_RX = re.compile(r"\bzu (zweit|dritt|viert|fünft|sechst|siebt|acht)\b")
_PARTY = re.compile(
    r"\b(?:family of|party of|group of|team of|crew of|total of|team von|we are|we're|there are|there will be|there'll be|wir sind|"
    r"es sind|es kommen|wir kommen mit|familie mit|gruppe von|wir|we|us)\s+"
    + _COUNT_WORDS
    + r"\b(?!\s*(?:nights?|n\w*chte?|übernachtung\w*|rooms?|suite[sn]?|[a-zäöü]*zimmer|weeks?|"
    r"wochen?|days?|tage?n?|euros?|pounds?|dollars?|stars?))"
)
_FOR_N = re.compile(
    r"\b(?:for|für)\s+"
    + _COUNT_WORDS
    + r"\b(?!\s*(?:nights?|n\w*chte?|übernachtung\w*|weeks?|wochen?|days?|tage?n?|rooms?|suite[sn]?|[a-zäöü]*zimmer|st|nd|rd|th|of|uhr|o'clock|pm|am|euros?)\b)"
    + r"(?!(?<=\d)\s*\.\s*(?:\d|-|bis|und|"
    + date_cues.MONTH_RX.pattern
    + r"))"
)  # fmt: skip  "for two there" is 2 ("th" is no ordinal ending there); "für 3. Mai" a date
# "we have 5 in our group", "3 of us in the party"
_IN_GROUP = re.compile(
    r"\b" + _COUNT_WORDS + r"\s+(?:of us\s+)?in\s+(?:my|our|the|meiner|unserer)\s+"
    r"(?:group|party|family|team|gruppe|familie)\b"
)
# A count said again in other words within one breath: "für eine nein zwei Personen", "for
# two, sorry, three people" (the later count stands).
_RECOUNT = re.compile(
    r"\b([\wäöüß]+)\s*,?\s+(?:no|nope|sorry|i mean|make that|or rather|nein|ich meine|"
    r"oder besser|besser gesagt)\s*,?\s+([\wäöüß]+)\b"
)
# What may stand around a bare count given as the answer to "for how many guests?"
_ANSWER_LEAD = (
    r"(?:(?:we are|we're|wir sind|i am|i'm|it's|it is|it'll be|it will be|es sind|es werden|just|nur|only|"
    r"there is|there's|there are|there will be|there'll be|make it|make that|for|für|so|then|"
    r"dann|that's|that is|das sind|that'd be|total|insgesamt)\s+)*"
)
_ANSWER_TAIL = (
    r"(?:\W*\s*(?:please|bitte|in total|total|insgesamt|altogether|overall|zusammen|then|dann|"
    r"only|nur|that's me|thanks|thank you|danke|of us|that's it|that's all|das wär's|"
    r"das wars))*"
)
_ROOMS = re.compile(
    r"\b" + _COUNT_WORDS + r"\s+(?!star\b|stern)(?:(?:\w+|\d)[- ](?:star|sterne?)\s+)?"
    r"(?:(?:separate|double|twin|single|adjoining|connecting|hotel|available|free|extra|more|"
    r"getrennte|einzelne|nebeneinanderliegende|freie|weitere)\s+){0,2}"
    r"(?:(?!(?:nights?|days?|weeks?|of|for|in|and|or|und|oder|für|mit|with|the|a|an|one|ein\w*|das|die|der|den|dem|des|nur|just|only|also|so)\b)[a-zäöüß-]{3,}\s+)?"
    r"(rooms|room|[a-zäöü]*zimmer|suites?|suiten)\b"
)  # "two rooms", "one hotel room", "1 two star hotel room", "two smoking rooms"
_NOT_A_COUNT = frozenset(
    ["a", "an", "ein", "eine", "einen", "einer", "the", "das", "die", "der", "den"]
)
# The party of earlier in the call named again instead of counted: "for the same group of
# people", "the same number of guests", "die gleiche Anzahl Personen", "genauso viele Leute".
# Never a count of nights or rooms ("the same number of nights").
_SAME_PARTY = re.compile(
    r"\b(?:same|identical)\s+(?:(?:number|amount|no\.?|#|count|size)\s+of\s+(?:people|persons|"
    r"guests|adults|travell?ers|us)\b|(?:group|party)(?:\s+(?:of\s+(?:people|persons|guests)|size))?\b|"
    r"(?:people|persons|guests|travell?ers|crowd|crew|folks)\b|(?:group|party)\s+size\b)"
    r"|\b(?:gleiche|gleichen|selbe|selben|dieselbe|dieselben|derselben|denselben)\s+"
    r"(?:(?:anzahl|zahl)\s+(?:an\s+|von\s+)?(?:personen|gästen?|leuten|erwachsenen)|personen|gäste|"
    r"leute|gruppe|truppe)\b"
    r"|\b(?:genauso|gleich|ebenso)\s+viele\s+(?:personen|gäste|leute|erwachsene)\b"
    r"|\b(?:as many|the same)\s+(?:people|guests|persons)\s+as\b"
)
_KOEPFIG = re.compile(r"\b([a-zäöüß]+?)köpfigen?\s+(?:familie|gruppe)")
_MAX_GUESTS = 20
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_SPOKEN_EMAIL = re.compile(r"\b([\w.+-]+)\s+(?:at|ät)\s+([\w-]+(?:\s+(?:dot|punkt)\s+[\w-]+)+)\b")
_PHONE = re.compile(r"(?<![\w@])(\+?\d[\d ()/.-]{5,18}\d)(?![\w@])")
_NUMERIC_DATE = re.compile(
    r"(?<![\d+])(?<!\d[-/.])(?:(?P<y1>\d{4})(?P<s1>[-/.])(?P<m1>\d{1,2})(?P=s1)(?P<d1>\d{1,2})"
    r"|(?P<a>\d{1,2})(?P<s2>[-/.])(?P<b>\d{1,2})(?P=s2)(?P<y2>\d{4}|\d{2}))(?!\d|[-/.]\d)"
)  # fmt: skip  one separator, not inside a longer run: "12.12.34" is a date, "030-12-12-34" not
_CONFIRMATION_CUE = re.compile(
    r"(?:confirmation|booking|reservation|reference)\s*(?:number|code|no\.?|id)?\s*(?:is|was|:)?\s*"
    r"|(?:bestätigungsnummer|buchungsnummer|reservierungsnummer)\s*(?:ist|lautet|:)?\s*",
    re.IGNORECASE,
)
# German adjectives and plurals inflect ("getrennte Betten" / "mit getrennten Betten"), English
# nouns take a plural: words are compared without such an ending, on both sides alike.
_ENDING = re.compile(r"(?<=\w{4})(?:en|em|er|es|e|n|s)$")


_COMPOUND_APART = re.compile(r"(\w)\s+(zimmer[ns]?|bett(?:en)?)\b", re.IGNORECASE)


def _stems(text: str) -> str:
    words = re.sub(r"[^\wäöüß -]", " ", text.lower()).split()
    return " " + " ".join(_ENDING.sub("", w) for w in words) + " "


def room_type(text: str, synonyms: dict[str, list[str]]) -> str | None:
    """The room type code whose longest synonym occurs in the text (longest wins: "twin room").

    A German compound a recogniser writes apart ("Doppel Zimmer", "zweibett zweibett zimmer")
    is read joined as well."""
    t = _stems(text) + _stems(_COMPOUND_APART.sub(r"\1\2", text))
    best: tuple[int, str] | None = None
    for code, words in synonyms.items():
        for w in [code.lower(), *words]:
            if _stems(w) in t and (best is None or len(w) > best[0]):
                best = (len(w), code)
    return best[1] if best else None


def _n(word: str, lang: str) -> int | None:
    n = count_value(word, lang)
    return n if n is not None and 0 < n <= _MAX_GUESTS else None


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    """(start, end) of every run of True."""
    out, start = [], None
    for i, f in enumerate([*flags, False]):
        if f and start is None:
            start = i
        elif not f and start is not None:
            out.append((start, i))
            start = None
    return out


_EITHER = re.compile(r"\b(?:or|oder|maybe|vielleicht)\b")
_OR_BEFORE = re.compile(r"\b([\wäöüß]+)\s+(?:or|oder)\s*$")


class _Unknown(Exception):
    """The turn names people coming whose number it does not say ("me and my kids")."""


def guests(
    text: str, asked: bool = False, lang: str = "en", party: int | None = None
) -> int | None:
    """How many people stay: "three adults", "just me and my husband" (2), "me, my wife and
    our two kids" (4), "two adults and a child" (3), "wir sind zu dritt", "zwei Erwachsene
    und ein Kind". None when the count is not said or cannot be known ("me and my kids").

    ``party`` is the count known from earlier in the call: a caller who booked once says "for
    the same group of people" rather than the number again, and means that number. A count
    said in the turn wins over it; without a known party the reference gives None (asked)."""
    try:
        n = _guests(text, asked, lang)
    except _Unknown:
        return None
    if n is None and party and _SAME_PARTY.search(text.lower()):
        return party
    return n


def party_unknown(text: str, lang: str = "en") -> bool:
    """Whether the turn speaks of who is coming but not of how many ("me and my kids", "me,
    my husband and our <someone>"): a count known from before may be contradicted, so it is
    asked again rather than kept."""
    try:
        _guests(text, True, lang)
    except _Unknown:
        return True
    return False


# Bavarian and Austrian words of a party ("mei Mann und i" is read by the rules above).
_BAVARIAN_WORDS = {
    "zwoa": "zwei", "zwoa.": "zwei", "oans": "eins", "de": "die", "mia": "wir", "mir": "wir",
}  # fmt: skip
# ("mir zwoa": Bavarian "mir" is "wir" before a count; elsewhere it is "me")
_BAVARIAN = re.compile(
    r"\b(?:zwoa|oans|mia|de(?=\s+\w)|mir(?=\s+(?:zwoa|zwei|drei|dreie|vier|fünf)\b))\b"
)


def _guests(text: str, asked: bool, lang: str) -> int | None:
    # a corrected count is said once, before fillers go ("for 4 i mean 2 nights" is no party
    # of 4; "for three no to nights", restored by asr_text, none of three)
    t = _RECOUNT.sub(lambda m: m.group(2) if _n(m.group(1), lang) and _n(m.group(2), lang)
                     else m.group(0), text.lower())  # fmt: skip
    t = _tidy(t)  # "two adults and uhm a uhm child", "my husband my husband and i"
    if lang == "de":  # Bavarian/Austrian forms: "mei Frau, i und de zwoa Kinder"
        t = _BAVARIAN.sub(lambda m: _BAVARIAN_WORDS[m.group(0)], t)
    taken = [False] * len(t)
    groups: list[tuple[re.Match[str], int]] = []
    for m in _GROUP.finditer(t):
        n = _n(m.group(1), lang)
        if n is None or (m.group(1) in ("a", "an") and not _CHILD.match(m.group(2))):
            continue  # "is there a person I can talk to" counts nobody; "a child" does
        between = t[groups[-1][0].end() : m.start()] if groups else ""
        choice = _OR_BEFORE.search(t[: m.start()])
        if _EITHER.search(between) or (choice and _n(choice.group(1), lang)):
            raise _Unknown  # "two people or three people", "two or three people"
        if date_cues.CORRECTION.search(between):
            groups = []  # "two people, no, three people": the later count
        groups.append((m, n))
        taken[m.start() : m.end()] = [True] * (m.end() - m.start())
    found = bool(groups)
    totals = {n for m, n in groups if _is_total(m)}
    parts = sum(n for m, n in groups if not _is_total(m))
    if len(totals) > 1 or (totals and parts and parts != next(iter(totals))):
        raise _Unknown  # "4 people, 2 adults and 3 kids": which is it?
    whole = bool(totals)
    total = next(iter(totals)) if totals else parts  # "three guests, two adults and a child"
    relations = [m for m in _RELATION.finditer(t) if not any(taken[m.start() : m.end()])]
    companions = [
        m
        for m in _COMPANION.finditer(t)
        if not any(taken[m.start() : m.end()])
        and (_LISTED_BEFORE.search(t[: m.start()]) or _LISTED_AFTER.match(t[m.end() :]))
    ]
    relations += companions
    people = [(m.start(), m.end()) for m in relations] + [
        (i, j) for i, j in _runs(taken)
    ]  # fmt: skip
    self_listed = bool(_WITH_MY.search(t) and not _ASK_SOMEONE.search(t)) or any(
        _SELF_BEFORE.search(t[:i]) or _SELF_AFTER.match(t[j:]) for i, j in people
    )
    unknown = _PLURAL_UNKNOWN.search(t)
    if (
        _THIRD_WITH.search(text.lower()) and not self_listed
    ):  # (tidy drops "er", a filler in English)
        if len(relations) == 1 and not found and not unknown:
            return 2  # "er kommt mit seiner Frau" (it was 1: the one he comes with alone)
        raise _Unknown  # "my boss, he comes with his wife": is the boss counted twice?
    if (relations or self_listed) and _unnamed_member(t, taken, relations):
        raise _Unknown  # "me, my husband and our <someone>": ask rather than guess
    kin = [m for m in relations if m.re is _RELATION]
    if companions and not (self_listed or kin):
        raise _Unknown  # "ein Kollege und ...": who else is listed is not counted
    if (relations or unknown) and (self_listed or found or asked or (kin and companions)):
        if unknown and not found:
            raise _Unknown  # "me and my kids": how many is not said
        members = len(companions) + sum(2 if _TWO_OF.match(m.group(1)) else 1 for m in kin)
        members += 1 if self_listed else 0
        if whole and not parts:  # "me and my wife, two people": the total names them all
            members += sum(_plural_size(m, lang) for m in _PLURAL_UNKNOWN.finditer(t))
            if members > total:
                raise _Unknown
            return total
        total += members
        return total if 0 < total <= _MAX_GUESTS else None
    others = any(re.search(rf"\b{_MORE_PEOPLE}\b", m.group(0)) for m, _ in groups)
    if (self_listed or others) and found and not whole:
        total += 1  # "me and two colleagues", "with 2 other people"; "1 person, me" stays 1
    pair = _PAIR.search(t)
    if found and _PAIR_WITH.search(t):
        raise _Unknown  # "we're a couple with one child" was 1: the pair was left out
    if found and pair and not any(taken[pair.start() : pair.end()]):
        if not whole:
            total += 2  # "wir zwei und ein Kind"
        elif total < 2:
            raise _Unknown  # "a couple, one person": which is it?
        # else "ein Ehepaar, also zwei Gäste": the total restates the pair (it was 4)
    if found:
        return total if total <= _MAX_GUESTS else None
    z = _ZU_RX.search(t)
    if z:
        return _ZU[z.group(1)]
    if _PAIR.search(t):
        return 2
    if _ALONE.search(t):
        return 1
    k = _KOEPFIG.search(t)  # "eine vierköpfige Familie"
    if k and _n(k.group(1), "de"):
        return _n(k.group(1), "de")
    for rx in (_PARTY, _FOR_N, _IN_GROUP):
        for m in rx.finditer(t):
            if m.group(1) not in _NOT_A_COUNT:
                n = _n(m.group(1), lang)
                if n:
                    return n
    if asked:
        m = re.fullmatch(r"\W*" + _ANSWER_LEAD + _COUNT_WORDS + _ANSWER_TAIL + r"\W*", t)
        if m:
            return _n(m.group(1), lang)
    return None


def _plural_size(m: re.Match[str], lang: str) -> int:
    """The fewest people a plural names: its count when said ("my five sons"), else two."""
    counts = [_n(w, lang) for w in m.group(0).split()[:-1]]
    return next((n for n in counts if n), 2)


def _is_total(m: re.Match[str]) -> bool:
    """Whether a counted group names everybody ("3 people", "four of us") rather than a part
    ("the two of us" beside others, "two other people", "two adults")."""
    if not _TOTAL.search(m.group(0)) or re.search(rf"\b{_MORE_PEOPLE}\b", m.group(0)):
        return False
    return not (m.group(2) == "of us" and m.string[: m.start()].endswith("the "))


def _unnamed_member(t: str, taken: list[bool], relations: list[re.Match[str]]) -> bool:
    """Whether a list of people holds a possessed member ("our <x>") that no rule counts:
    not a relation, not a counted group, not a plural of unknown size, not a pet or thing,
    and listed beside the others (after or before a comma, "and", "und", "plus")."""
    named = {m.start() for m in relations} | {m.start() for m in _PLURAL_UNKNOWN.finditer(t)}
    for m in [*_POSSESSIVE.finditer(t), *_ONE_MEMBER.finditer(t)]:
        if m.start() in named or any(taken[m.start() : m.end() + 1]):
            continue
        words = _MEMBER_WORDS.match(t[m.end() :])
        if words is None or _NOT_A_GUEST.search(words.group(1)):
            continue
        end = m.end() + words.end()
        if _LISTED_BEFORE.search(t[: m.start()]) or (
            m.re is _POSSESSIVE and _LISTED_AFTER.match(t[end:])
        ):
            return True
    return False


def rooms(text: str, lang: str = "en") -> int | None:
    """How many rooms the caller asks for ("two rooms", "zwei Zimmer", "one room"); "a room" is
    not a count (every booking is at least one room), so it gives None."""
    low = text.lower()
    starts = (_ROOMS.match(low, w.start()) for w in re.finditer(r"\b\w", low))
    for m in filter(None, starts):  # overlapping: "have two rooms" must still see "two rooms"
        if m.group(1) in _NOT_A_COUNT:
            continue
        n = count_value(m.group(1), lang)
        if n is not None and 0 < n <= 10:
            return n
    return None


def email(text: str) -> str | None:
    m = _EMAIL.search(text)
    if m:
        return m.group(0).lower()
    m = _SPOKEN_EMAIL.search(text.lower())
    if m:
        domain = re.sub(r"\s+(?:dot|punkt)\s+", ".", m.group(2))
        return f"{m.group(1)}@{domain}"
    return None


def _is_date(year: str, month: str, day: str) -> bool:
    y = int(year) + (2000 if len(year) == 2 else 0)
    try:
        dt.date(y, int(month), int(day))
    except ValueError:
        return False
    return len(year) == 2 or 1900 <= y <= 2199


def _without_dates(text: str) -> str:
    """The text with every date written in digits (2026-03-03, 03.03.2026, 3/3/26, 03/03/2026
    either day-first or month-first) replaced by a stop: a date is never a phone number, and
    a phone number never runs on into a date beside it ("from 2026-03-03 3 nights")."""

    def stop(m: re.Match[str]) -> str:
        g = m.groupdict()
        if g["y1"]:
            ok = _is_date(g["y1"], g["m1"], g["d1"])
        else:
            a, b, y = g["a"], g["b"], g["y2"]
            ok = _is_date(y, b, a) or _is_date(y, a, b)
        return " ; " if ok else m.group(0)

    return _NUMERIC_DATE.sub(stop, text)


def phone(text: str) -> str | None:
    """A phone number written in digits; never a date in digits (see ``_without_dates``)."""
    without_mail = _without_dates(_EMAIL.sub(" ", text))
    for m in _PHONE.finditer(without_mail):
        raw = m.group(1)
        digits = re.sub(r"\D", "", raw)
        if 7 <= len(digits) <= 15 and not re.fullmatch(r"\d{1,2}\.\d{1,2}\.(\d{2,4})?", raw):
            return ("+" if raw.startswith("+") else "") + digits
    return None


def confirmation(text: str, asked: bool = False) -> str | None:
    """A booking reference: after a cue ("confirmation number is"), or a bare code when asked,
    also when spelled ("S O V one zero zero one", "Sierra Oscar Victor 1 0 0 1")."""
    return _confirmation(text, asked)[0]


def _confirmation(text: str, asked: bool) -> tuple[str | None, bool]:
    cue = _CONFIRMATION_CUE.search(text)
    sp = spelling.best(text, want_digits=True, min_units=4)
    if sp is not None and (sp.has_letter or asked or (cue and cue.end() <= sp.start + 1)):
        return sp.value, True
    if cue:
        c = _CODE.match(text[cue.end() :].strip())
        if c:
            return _code_norm(c.group(1)), False
    for c in _CODE.finditer(text):
        code = c.group(1)
        has_letter = any(ch.isalpha() for ch in code)
        if (has_letter and sum(ch.isdigit() for ch in code) >= 2) or (asked and code.isdigit()):
            if _PHONE.fullmatch(code) and not has_letter and not asked:
                continue
            return _code_norm(code), False
    return None, False


def _code_norm(code: str) -> str:
    """Letters and digits only: a caller reads "SOV-1277" as S O V 1 2 7 7 (the PMS adapter
    puts its own separators back, connectors/adapters/local.py normalise_confirmation)."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def guest_name(text: str, asked: bool = False) -> str | None:
    """The caller's name (agents/understanding/names.py says how it is read)."""
    return names.read(text, asked)[0]


def extract(
    text: str,
    today: dt.date,
    synonyms: dict[str, list[str]],
    asked: str | None = None,
    lang: str | None = None,
    known_arrival: dt.date | None = None,
    rates: list[RateWords] | None = None,
    known_guests: int | None = None,
    country: str = "DE",
) -> tuple[dict[str, object], tuple[str, ...]]:
    """All slots the utterance states, as vocabulary names -> values; and what it is unsure
    of: ``"dates"`` when its range and nights disagree, ``"dates_unsure"`` when it says date
    words that its reading does not explain (no date is set then: the dialogue asks),
    ``"guests_unsure"`` when it names people coming but not how many.

    ``lang`` is the turn's language (detected from the words when not given); ``spelled``
    is set (True) when the name or the confirmation number came from spelling;
    ``known_arrival`` (the stay's arrival from earlier turns) places a departure said alone
    ("until Thursday", "bis zum 14.") after it; ``known_guests`` (the party from earlier in
    the call) is what "the same group of people" means; ``country`` is the hotel's (its holiday
    calendar names feasts first). With ``dates_unsure`` only the date slots the turn said for
    sure are set (none, or the nights or the arrival alone): the dialogue asks the rest."""
    lang = lang or langmod.detect(text, "en")
    # "KW 30, zwei Nächte" is no code "KW302" (a sigh inside is no part of the week either)
    calm = _unhesitant(text)
    if (weeks := calendar_weeks.plain(calm, today, lang)) != calm:
        text = weeks
    conf, conf_spelled = _confirmation(text, asked == "confirmation")
    unspelled = _without_spelled(text) if conf_spelled else text  # "S O V 6 6 4 8" is no date
    unspelled = settled(unspelled)  # "fünf Nächte, nein, drei, ach nee, doch vier": four
    # "one more night" changes the stay the call knows (the dialogue applies it to that stay;
    # with none known, the count is read as said: "2 Nächte, länger geht's nicht")
    delta, _ = relative_nights.split(unspelled)
    out, unsure = _stay(unspelled, today, asked, lang, known_arrival, known_guests, country)
    if delta:
        out["nights_delta"] = delta
    r = rooms(_tidy(unspelled), lang)  # "zwei na ja zweibettzimmer"
    if r is not None:
        out["rooms"] = r
    rt = room_type(unspelled, synonyms)
    if rt:
        out["room_type"] = rt
    rate = rate_plan(unspelled, rates or [])
    if rate:
        out["rate_plan"] = rate
    mail = email(text)
    if mail:
        out["email"] = mail
    if conf:
        out["confirmation"] = conf
    ph = phone(text)
    if ph and ph != conf and not (conf and conf.endswith(ph)) and not conf_spelled:
        out["phone"] = ph
    name, name_spelled = names.read(text, asked == "guest_name")
    if (
        name is None and conf
    ):  # "S O V 1 3 8 9, Michael Turner." / "Reference SOV-3140, Lucia Romano."
        name = names.after_code(text) or names.introduced(text)
    if name and not (
        asked == "guest_name"
        and out.keys() - {"guest_name", "confirmation"}
        and not names.cued(text, asked=True)
        and names.introduced(text) != name  # "the queen ok, Harold Bickerstaff"
    ):
        out["guest_name"] = name
    if conf_spelled or (name_spelled and "guest_name" in out):
        out["spelled"] = True
    return out, unsure


def stay(
    text: str,
    today: dt.date,
    asked: str | None = None,
    lang: str | None = None,
    known_arrival: dt.date | None = None,
    known_guests: int | None = None,
    country: str = "DE",
) -> tuple[dict[str, object], tuple[str, ...]]:
    """Only the stay of an utterance (arrival, departure, nights, guests) and its conflicts,
    exactly as ``extract`` reads them; for the cross-check of another backend's answer
    (crosscheck.py), which needs no name, room or code but must read the dates the same way."""
    lang = lang or langmod.detect(text, "en")
    _, conf_spelled = _confirmation(text, asked == "confirmation")
    unspelled = settled(_without_spelled(text) if conf_spelled else text)
    return _stay(unspelled, today, asked, lang, known_arrival, known_guests, country)


def _stay(
    text: str,
    today: dt.date,
    asked: str | None,
    lang: str,
    known_arrival: dt.date | None,
    known_guests: int | None = None,
    country: str = "DE",
) -> tuple[dict[str, object], tuple[str, ...]]:
    out: dict[str, object] = {}
    # hesitations between a number and its unit ("vier ehm Nächte", "zwei weißt du Wochen")
    span = parse_dates(
        _unhesitant(text), today, lang, arrival=known_arrival, asked=asked, country=country
    )
    if span.arrival:
        out["arrival"] = span.arrival.isoformat()
    if span.departure:
        out["departure"] = span.departure.isoformat()
    if span.nights is not None:
        out["nights"] = span.nights
    g = guests(text, asked=asked == "guests", lang=lang, party=known_guests)
    if g is not None:
        out["guests"] = g
    dates = ("dates",) if span.conflict else ("dates_unsure",) if span.unsure else ()
    party = ("guests_unsure",) if g is None and party_unknown(text, lang) else ()
    return out, dates + party


# Words callers use for a rate that are not its configured name (any language).
# What a rate without refund is called, and what choosing it sounds like: the money is not
# given back, nothing can be cancelled, the stay is paid at once ("I won't get the money back",
# "eine Stornierung brauche ich nicht", "buchen Sie den ganzen Aufenthalt gleich ab").
_NONREF_WORDS = re.compile(
    r"non[- ]?refundable|not refundable|no refunds?\b|without (?:a |any )?refund|"
    r"(?:can't|cannot|can not|won't|will not) be (?:refunded|cancell?ed)|"
    r"(?:won't|will not|don't|do not|never) get (?:my |the |any |our )?money back|no money back|"
    r"(?:no|without (?:a |any )?|don't need (?:a |any |the )?)(?:free )?cancell?ation\b|"
    r"(?:pay|paying|charge \w+|charged) (?:\w+ )?(?:up ?front|in advance|right away|now)\b|prepaid|"
    r"\bsaver (?:rate|price|tarif)|"
    r"nicht (?:rück)?erstatt\w*|nichts (?:\w+ )?(?:rück)?erstatt\w*|nicht (?:kostenlos |kostenfrei )?"
    r"stornierbar|ohne (?:rück)?erstattung|ohne (?:kostenlose |die möglichkeit (?:zur|einer) )?storn\w*|"
    r"keine (?:rück)?erstattung|kein\w* (?:kosten\w* )?storn\w*|storn\w* (?:brauche|benötige|will|möchte) "
    r"(?:ich|wir) (?:nicht|keine)|(?:geld|nichts|betrag) (?:\w+ )?(?:nicht )?zurück(?:bekomm|krieg|erhalt)\w*|"
    r"spartarif|sparpreis|vorauszahlung|im voraus (?:be)?zahl\w*|abbuch\w*|abgebucht|"
    r"(?:ganzen|gesamten) (?:aufenthalt|betrag|preis) (?:gleich |sofort |direkt |jetzt )?ab\b",
    re.IGNORECASE,
)
_FLEX_WORDS = re.compile(
    r"\bflexib\w*|\brefundable\b|free cancell?ation|kostenlos\w* storn\w*|stornierbar",
    re.IGNORECASE,
)
# Words a recogniser writes inside a phrase ("den nicht äh erstattbaren tarif").
_RATE_NOISE = re.compile(
    r"\b(?:uh|uhm|um|umm|er|erm|hm|hmm|äh|ähm|öhm|ehm|also|sozusagen|quasi|halt|na ja|naja|"
    r"you know|like|well)\b[,.]?",
    re.IGNORECASE,
)


class RateWords(NamedTuple):
    code: str
    names: tuple[str, ...]  # the configured names, every language
    refundable: bool


def rate_words(rates: Iterable[Any]) -> list[RateWords]:
    """The hotel's rate plans (config RatePlan) as the words that name them."""
    return [RateWords(r.code, tuple(r.name.values()), bool(r.refundable)) for r in rates]


def rate_plan(text: str, rates: list[RateWords]) -> str | None:
    """The rate plan the caller names: its configured name in any language, else words for
    "not refundable" / "flexible" (the hotel's first rate of that kind)."""
    if not rates:
        return None
    text = re.sub(r"\s+", " ", _RATE_NOISE.sub(" ", text))
    low = text.lower()
    for r in rates:
        if any(n and n.lower() in low for n in r.names):
            return r.code
    if _NONREF_WORDS.search(text):
        return next((r.code for r in rates if not r.refundable), None)
    if _FLEX_WORDS.search(text):
        return next((r.code for r in rates if r.refundable), None)
    return None
