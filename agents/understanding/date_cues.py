"""Words and patterns of stay dates in English and German (the cues dates.py reads).

Why apart: dates.py holds the hotel's rules; these tables say which words carry a month, a
weekday, a role ("check out on", "ab dem"), a count of nights or noise, and change when callers
say new things, not when the rules change.
"""

from __future__ import annotations

import re

MONTHS = {
    "january": 1, "jan": 1, "januar": 1, "jänner": 1,
    "february": 2, "feb": 2, "februar": 2,
    "march": 3, "mar": 3, "märz": 3, "maerz": 3,
    "april": 4, "apr": 4,
    "may": 5, "mai": 5,
    "june": 6, "jun": 6, "juni": 6,
    "july": 7, "jul": 7, "juli": 7,
    "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "oktober": 10, "okt": 10,
    "november": 11, "nov": 11,
    "december": 12, "dec": 12, "dezember": 12, "dez": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "montag": 0,
    "tuesday": 1, "dienstag": 1,
    "wednesday": 2, "mittwoch": 2,
    "thursday": 3, "donnerstag": 3,
    "friday": 4, "freitag": 4,
    "saturday": 5, "samstag": 5, "sonnabend": 5,
    "sunday": 6, "sonntag": 6,
}  # fmt: skip
# Counts Duckling does not read as numbers ("for a night", "eine Nacht" inside a time span).
ARTICLE_COUNTS = {
    "a": 1, "an": 1, "one": 1, "single": 1, "ein": 1, "eine": 1, "einen": 1, "einer": 1,
    "einzige": 1, "couple of": 2, "a couple of": 2, "paar": 2, "ein paar": 2,
}  # fmt: skip

MONTH_RX = re.compile(r"\b(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?")
# English "may" is a month only next to a day ("may the fifth", "9th of may", "in may").
MAY_AS_MONTH = re.compile(
    r"(?:\d|first|second|third|\w+th|\bof|\bin|\buntil|\btill|\bfrom|\bto|\bon|\bmid|\bearly|\blate)"
    r"\s+may\b|\bmay\s+(?:the\s+)?(?:\d|\w+(?:st|nd|rd|th)\b|first|second|third)"
)
WDAY_RX = re.compile(r"\b(" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\b")
SIMPLE_WEEKDAY = re.compile(
    r"^(?:(?:from|on|next|this|coming|until|till|by|to|starting|beginning|am|vom|von|ab|bis|nächsten|nächster|nächste|"
    r"kommenden|diesen|dem|zum)\s+)*(" + "|".join(WEEKDAYS) + r")$"
)
NUMERIC_MONTH = re.compile(r"\b\d{1,2}[./]\d{1,2}\b|\b\d{4}-\d{1,2}-\d{1,2}\b")
YEAR = re.compile(r"\b(?:19|20)\d\d\b|\btwenty\s+twenty|\bzweitausend")
WEEKEND = re.compile(r"\b(weekend|wochenende)\b")
DAY_WORD = re.compile(
    r"\b(today|tonight|tomorrow|heute|morgen|übermorgen|weekend|wochenende|days?|weeks?|tagen?|"
    r"wochen)\b|" + WDAY_RX.pattern + "|" + MONTH_RX.pattern + r"|\d+(?:st|nd|rd|th|\.)(?!\d)"
)
RELATIVE = re.compile(
    r"\b(today|tonight|tomorrow|yesterday|heute|morgen|übermorgen|gestern|vorgestern|days?|weeks?|"
    r"tagen?|wochen?|months?|monat\w*|now|jetzt)\b"
)
# What a stay date is said with. Duckling also reads holiday names that are everyday words
# ("boss" is Boss's Day, October 16th): a time entity whose words hold none of these is no date
# the caller said. Named holidays a caller books around stay dates.
DATE_VOCABULARY = re.compile(
    r"\d|" + MONTH_RX.pattern + "|" + WDAY_RX.pattern + r"|\b(?:today|tonight|tomorrow|yesterday|"
    r"now|next|this|coming|last|week\w*|weekend|fortnight\w*|months?|days?|nights?|year|eve|"
    r"christmas|xmas|easter|new\s+year\w*|heute|morgen|übermorgen|gestern|jetzt|nächst\w*|"
    r"kommend\w*|dies\w*|letzt\w*|woche\w*|monat\w*|tag\w*|nacht|nächte|jahr\w*|heuer|"
    r"weihnacht\w*|ostern|silvester|neujahr|pfingst\w*)\b"
    r"|(?:first|second|third|th|zigsten|ßigsten|ssigsten|ersten|ten|sten|erste|zweite|dritte)\b",
    re.IGNORECASE,
)
# Holidays callers book around. Duckling resolves a few of them (Christmas, New Year); for the
# rest a stay said by a holiday ("ab Christi Himmelfahrt, für eine Woche") kept only its nights,
# and a change of dates kept the old arrival: a holiday no time entity covers makes the turn's
# dates unsure, and the caller is asked for the day.
HOLIDAY = re.compile(
    r"\b(?:easter|good\s+friday|whit\w*|pentecost|ascension|corpus\s+christi|christmas|xmas|"
    r"boxing\s+day|new\s+year\w*|thanksgiving|labou?r\s+day|memorial\s+day|independence\s+day|"
    r"halloween|st\.?\s+patrick\w*|carnival|ostern|oster\w+|karfreitag|gründonnerstag|"
    r"pfingst\w*|\w*himmelfahrt|fronleichnam|weihnacht\w*|heilig\w*\s*abend|silvester|neujahr|"
    r"stefanitag|stephanstag|allerheiligen|auffahrt|fasching\w*|karneval\w*|fasnacht\w*|"
    r"fastnacht\w*|dreikönig\w*|einheit)\b",
    re.IGNORECASE,
)
# "a week from Friday", "two weeks from Monday", British "Friday week": the extractor reads
# the weekday itself (a stay a week early); asked back, never guessed.
WEEKS_FROM_WEEKDAY = re.compile(
    r"\b(?:a|one|two|three|four|\d+)\s+weeks?\s+(?:from|after|on)\s+(?:this\s+|next\s+)?"
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s+week\b",
    re.IGNORECASE,
)
# A part of a period is no day ("the end of the month", "mid January", "Anfang Juni", "um den
# Zehnten herum", "sometime next week"): Duckling reads it as an interval (the 21st to the 31st,
# ten nights) or as the day itself, and a stay booked on it is a guess. A receptionist asks for
# the day; so does the dialogue (the turn's dates are unsure).
_PERIOD = (
    r"(?:month|week|year|monats|woche|jahres|"
    + "|".join(sorted((m for m in MONTHS if len(m) > 3), key=len, reverse=True))
    + r")"
)
_DAY_NUMBER = (  # a day, not a clock time ("around 3 pm" is when, not which day)
    r"(?:\d{1,2}(?:st|nd|rd|th|\.)?(?!\d|\s*(?:am|pm|a\.m|p\.m|o'?clock|uhr|h\b|:))"
    r"|(?:first|second|third|\w+th|twenty\w*|thirty\w*)\b)"
)
VAGUE_DATE = re.compile(
    r"\b(?:end|beginning|start|middle|turn)\s+of\s+(?:the\s+|this\s+|next\s+|that\s+)?"
    + _PERIOD
    + r"\b|\b(?:early|mid|late)[\s-]+(?:in\s+)?(?:the\s+)?(?:this\s+|next\s+)?"
    + r"(?:"
    + _PERIOD
    + r"|may)"  # ("may" is left out of the months elsewhere: a verb; after "early" a month)
    + r"\b|\b(?:around|roughly|approximately|circa)\s+(?:the\s+)?(?:"
    + _DAY_NUMBER
    + r"|next\b|"
    + _PERIOD
    + r"\b)|\bsome\s?time\s+(?:in|next|this|around|at|during)\b|\b(?:or so|give or take)\b"
    r"|\b(?:ende|anfang|mitte|beginn)\s+(?:des\s+|diese[ns]\s+|nächste[ns]\s+|kommende[ns]\s+)?"
    + _PERIOD
    + r"\b|\b(?:um|gegen)\s+(?:den\s+|die\s+)?(?!\d+\s*uhr\b)\S+(?:\s+\S+)?\s+herum\b"
    r"|\b(?:irgendwann|ungefähr|circa|zirka|so\s+um\s+den)\b(?!\s+(?:um\s+)?\d+\s*(?:uhr|h\b|:))",
    re.IGNORECASE,
)
# "6 Wochen ab heute", "for two weeks from today" without "in" before it: six weeks
# starting today (a length) or six weeks from now (a date)? Duckling reads the date; the stay
# may be the other. Asked, never guessed.
WEEKS_FROM_NOW = re.compile(
    r"(?<!\bin )\b(?:\d+|[a-zäöüß]+)\s+(?:wochen?|weeks?|tage|days)"
    r"\s+(?:ab|from|von)\s+(?:heute|morgen|jetzt|today|tomorrow|now)\b",
    re.IGNORECASE,
)
# A season is no stay date ("we come every summer"): the caller is asked for the days.
SEASON = re.compile(
    r"\b(?:summer|winter|spring|autumn|fall|sommer\w*|winter\w*|frühling\w*|frühjahr\w*|"
    r"herbst\w*)\b",
    re.IGNORECASE,
)
# Words that only a date in that language has ("do" is German Thursday, "so" Sunday: not hints).
HINTS = {
    "de": re.compile(
        r"\b(?:januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|"
        r"dezember|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|morgen|übermorgen|"
        r"heute|nächst\w*|wochenende|nächte|nacht|\w+(?:ten|sten)|\w+(?:ter|ster))\b|\b\d{1,2}\.(?:\d{1,2}\.|\s)"
    ),
    "en": re.compile(
        r"\b(?:january|february|march|april|may|june|july|august|september|october|november|"
        r"december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|"
        r"today|weekend|nights?|\d+(?:st|nd|rd|th)|\w+(?:th|first|second|third))\b"
    ),
}
A_CHOICE = re.compile(
    r"^\s*(?:one|ones|option|choice|offer|room|suite|variant|eine|einen|variante|angebot|zimmer)\b"
)
A_CHOICE_DE = re.compile(r"\b(?:die|das)\s+$")  # "die erste (Option)"; a day is "der erste"
DE_WEEKDAY_ABBR = frozenset(["mo", "di", "mi", "do", "fr", "sa", "so"])
GREETING = re.compile(r"\b(?:guten|gute|good)\s*$")
CONNECTIVE = re.compile(
    r"\s+(?:to|until|till|through|thru|and|bis|und|-|–)\s+(?:zum\s+|the\s+)?|(?<=[\d.])\s*[-–]\s*(?=\d)"
)
DUR_FROM = re.compile(
    r"^(?:for\s+|für\s+)?(?:(?:about|around|roughly|approximately|some|etwa|ungefähr|circa|"
    r"rund|so)\s+)?(?P<n>[\wäöü-]+(?:\s+[\wäöü-]+)?)\s+(?P<u>weeks?|days?|nights?|fortnights?|"
    r"wochen?|tage?n?|nächte)\s+(?:from|starting|beginning|ab|von|vom)\s+"
)
RELATIVE_ANCHOR = re.compile(
    r"^(?:today|now|tomorrow|tonight|heute|jetzt|morgen|next|this|coming|on\s+\w+day|\w+day)\b"
)
LAST_DAY = re.compile(r"\b(?:last|final|first|letzten|ersten)\s+(?:day|tag)\b", re.I)
NEXT_DAY = re.compile(
    r"^(?:the\s+)?(?:next|following)\s+day\b|^(?:am\s+)?(?:nächsten|folgenden)\s+tag\b"
)
THE_DAY = re.compile(r"^(?:the|that|this|der|den|dem|diesen|an dem)\s+(?:day|tag)$", re.I)
PAST_WEEKDAY = re.compile(r"\b(?:last|letzte[nmr]?|vorige[nmr]?|vergangene[nmr]?)\s+$")
DAYS_WORD = re.compile(r"\b(days?|tage?n?)\b")
MAX_WRAPPED_NIGHTS = 60  # a range read across a month or year end longer than this is asked back
FOR_SPLIT = re.compile(r"\s+(?:for|für)\s+")
NIGHTS_WORD = re.compile(r"\b(nights?|nächte|nächten|nacht|nächt|übernachtung(?:en)?)\b")
MORE = re.compile(
    r"(?:\s+(?:more|extra|additional|whole|full|entire|weitere|zusätzliche|ganze|uh|uhm|um|hmm|hm|er|erm|ah|äh|ähm|so|like|"
    r"well|you know|also|halt|so|tja|naja|na ja|ach)\b)+$"
)
NOT_A_STAY = re.compile(r"^\s*(?:from now|ago|later|after|before|earlier|später|früher|vorher)\b")
IN_BEFORE = re.compile(r"\b(?:in|within|innerhalb|nach|vor|after)\s+$")

# Words between a role cue and its date: "check out date would be on the", "leave the hotel on".
CUE_GAP = (
    r"(?:[\s,:]+(?:date|day|is|was|would|will|be|to|of|for|on|the|at|by|am|zum|dem|den|ist|wäre|"
    r"hotel|house|room|place|haus|zimmer))*\s*$"
)
SHORT_GAP = r"\s*(?:on\s+|am\s+|zum\s+|the\s+|by\s+|dem\s+)*$"
DEPART_CUE = re.compile(
    r"(?:until|till|to|through|bis|and|und|(?<![a-z])-|–)" + SHORT_GAP + "|"
    r"(?:leaving|leave|departure|depart|check(?:ing)?[ -]?out|checkout|check(?:ing)?\s+(?:me|us)\s+out|"
    r"abreise|abreisen|go(?:ing)? home|fly(?:ing)? home|head(?:ing)? home)" + CUE_GAP
)
ARRIVE_CUE = re.compile(
    r"(?:from|starting|vom|von|ab)" + SHORT_GAP + "|"
    r"(?:arriving|arrive|arrival|anreise|anreisen|ankunft|check(?:ing)?[ -]?in|checkin|"
    r"check(?:ing)?\s+(?:me|us)\s+in|check(?:ing)?\s+into)" + CUE_GAP
)
ARRIVE_WORD = re.compile(
    r"\b(?:arriv\w*|check(?:ing)?[ -]?in|anreise|ankunft|ankommen|from|ab|vom)\b"
)
BARE_COUNT = re.compile(
    r"\W*(?:(?:for|just|only|it's|it is|für|nur)\s+)*([\wäöüß]+)(?:\s+(?:only|please|bitte|nur))?\W*"
)
ROLE_AFTER = re.compile(
    r"^[\s,]*(?:(?:for|as)\s+(?:the\s+)?(?:(check[ -]?in|arrival|anreise)|check[ -]?out|departure|abreise))\b"
)
# "change the booking to Monday", "move our reservation to Friday": the object of a change verb
# is any few words that are no departure and hold no day; the day after "to" is the new stay's
# (arrival) day, not a departure ("change the check-out to Monday" stays a departure).
CHANGE_TO = re.compile(
    r"\b(?:change|move|switch|make|shift|put|push|bring|reschedule|rebook|postpone)\s+"
    r"(?:(?!(?:check|leav|depart|going|go|from|until|till|the\s+end)\w*\b)[a-z']+\s+){0,3}?"
    r"to\s+(?:the\s+)?$"
)
MOVE_ARRIVAL = re.compile(
    r"(arrival|arrive|arriving|anreise|check[ -]?in)\b[\w ]{0,16}?\b(to|on|auf|zum|for)\s+(?:the\s+|den\s+)?$"
)
LEADING_CUE = re.compile(r"^(from|starting|ab|vom|von)\b|^(until|till|bis)\b")

# A caller correcting a date in the same breath ("the 4th, no, the 5th", "am Freitag, nein,
# doch lieber am Samstag"): the date after it replaces the one before. "rather than" / "statt"
# put it the other way round: the date before it stands.
CORRECTION = re.compile(
    r"\b(?:no|nope|sorry|actually|i mean|correction|wait|scratch that|make (?:that|it)|"
    r"or rather|nein|doch|ich meine|lieber|korrektur|moment|oder besser|besser gesagt|quatsch)\b"
)
INSTEAD_OF = re.compile(r"\b(?:rather than|instead of|not|statt|anstatt|anstelle|nicht)\b")
_FEW = r"two|three|four|five|six|[2-9]|zwei|drei|vier|fünf|sechs"
_WD = "|".join(WEEKDAYS)
_DAY_PART = (
    r"night|morning|afternoon|evening|in the morning|in the evening|früh|in der früh|morgen|"
    r"vormittag|nachmittag|abend|am morgen|am vormittag|am nachmittag|am abend"
)
_NEXT_WEEK = (
    r"next week|the week after|the following week|nächste[rn]? woche|kommende[rn]? woche|"
    r"der nächsten woche|übernächste[rn]? woche"
)


def _both_nights(m: re.Match[str]) -> str:
    """Two weekdays said as the nights of a stay (English words only): from the first until
    the day after the second when they follow each other (else left as said, and asked)."""
    first, second = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    if (WEEKDAYS[second] - WEEKDAYS[first]) % 7 != 1:
        return m.group(0)
    after = next(n for n, i in WEEKDAYS.items() if i == (WEEKDAYS[second] + 1) % 7)
    return f"from {first} until {after}"


# Ways to say a date that the extractor reads otherwise, said in its words ("a week today" is
# a date a week on, not a week-long stay from today; "a fortnight" is two weeks).
_WEEKDAYS_EN = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAYS_DE = ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag")


def _through_night(m: re.Match[str]) -> str:
    """ "Tuesday thru Wednesday night": the last night is Wednesday's, so the caller leaves on
    Thursday (it was read as Tuesday to Wednesday, one night short)."""
    first, last = m.group(1), m.group(2)
    days = _WEEKDAYS_EN if last in _WEEKDAYS_EN else _WEEKDAYS_DE
    after = days[(days.index(last) + 1) % 7]
    return f"{first} {'until' if days is _WEEKDAYS_EN else 'bis'} {after}"


_DAY_EN = "|".join(_WEEKDAYS_EN)
_DAY_DE = "|".join(_WEEKDAYS_DE)
SAME_AS = [
    # the nights named by their last one: "Tuesday thru Wednesday night", "Friday and Saturday
    # nights", "Freitag- und Samstagnacht" ("to Wednesday night" stays as said: it may be the
    # day of leaving)
    (
        re.compile(rf"\b({_DAY_EN})\s+(?:through|thru|and)\s+({_DAY_EN})\s+nights?\b"),
        _through_night,
    ),
    (
        re.compile(rf"\b({_DAY_DE})-?\s+(?:und|bis einschließlich)\s+({_DAY_DE})\s?nacht\b"),
        _through_night,
    ),
    # "in like five days", "the day after like tomorrow": "like" after a preposition or an
    # article is a hedge, not a word of the date ("i'd like" has neither before it)
    (re.compile(r"\b(in|after|on|for|about|from|until|till|to|the|a|an)\s+like\s+"), r"\1 "),
    # the same in German with "also"/"na ja" ("in also acht Tagen", "nächstes also Wochenende")
    (
        re.compile(
            r"\b(in|ab|am|bis|vom|zum|für|nächste[nsmr]?|diese[nsmr]?|kommende[nsmr]?|"
            r"übernächste[nsmr]?)\s+(?:also|na ja)\s+"
        ),
        r"\1 ",
    ),
    (re.compile(r"\b(next|this|coming)\s+(?:like|you know)\s+"), r"\1 "),
    # "good morning in 5 days": a greeting is no part of the date ("morning in 5 days" was read
    # as a time six days on)
    (
        re.compile(r"\b(?:good|guten|gute)\s+(?:morning|afternoon|evening|day|morgen|abend|tag)\b"),
        "hello",
    ),
    # ("for a week from today" is a length or a date: WEEKS_FROM_NOW asks, so it stays as said)
    (re.compile(r"(?<!\bfor )\b(?:a|one) week (?:from )?today\b|\btoday week\b"), "in one week"),
    (re.compile(r"\bheute in (?:einer|1) woche\b|\bin einer woche ab heute\b"), "in einer woche"),
    (re.compile(r"\b(?:a|one) fortnight\b"), "two weeks"),
    (re.compile(r"\bfortnight\b"), "two weeks"),
    (re.compile(r"\b(the|dem|den|zum|am|vom)\s+(?:i mean|uh|um|uhm|er|äh|ähm|öhm|eh)\s+"), r"\1 "),
    # "two weeks today", "heute in drei Wochen": a date that many weeks on, not a stay from today
    (re.compile(rf"(?<!\bfor )\b({_FEW}) weeks (?:from )?today\b"), r"in \1 weeks"),
    (
        re.compile(rf"\bheute in ({_FEW}) wochen\b|\bin ({_FEW}) wochen ab heute\b"),
        r"in \1\2 wochen",
    ),
    # "Thursday to Friday next week", "von Montag auf Mittwoch nächster Woche": the week
    # named at the end is the week of both days; Austrian/Bavarian "von ... auf" is "bis"
    (
        re.compile(rf"\b(von|vom)\s+({_WD}|dem \S+|\d+\.)\s+auf\s+(?=(?:{_WD}|den|dem|\d))"),
        r"\1 \2 bis ",
    ),
    (
        re.compile(
            rf"(?:\bfrom\s+)?\b({_WD})\s+(to|until|till|through)\s+({_WD})\s+({_NEXT_WEEK})\b"
        ),
        r"from \1 \4 \2 \3 \4",
    ),
    (
        re.compile(rf"(?:\b(?:von|vom)\s+)?\b({_WD})\s+(bis)\s+({_WD})\s+({_NEXT_WEEK})\b"),
        r"von \1 \4 \2 \3 \4",
    ),
    # "Friday night" is the night from Friday, "bis Samstag in der Früh" leaves on Saturday: the
    # day, not a clock time on it (read as one, it lost the arrival the day is placed after)
    (re.compile(rf"\b({_WD})\s+(?:{_DAY_PART})\b(?!s)"), r"\1"),
    # "three kind of nights", "fünf na Nächte": a filler between a count and its unit
    (
        re.compile(
            r"\b(\w+)\s+(?:now|kind of|sort of|like|you know|na ja|na|ja gut|also)\s+"
            r"(nights?|nächte|days|tage|tagen|weeks|wochen)\b"
        ),
        r"\1 \2",
    ),
    # "staying Friday and Saturday (night)": the nights of both days, so leaving the day after
    (
        re.compile(
            rf"\b(?:(?:staying|stay|nights? of)\s+(?:on\s+)?({_WD})\s+and\s+({_WD})\b|"
            rf"\b({_WD})\s+and\s+({_WD})\s+nights?\b)"
        ),
        _both_nights,
    ),
]
# "am dritten nächsten Monats", "the 3rd of next month": the month after today's.
NEXT_MONTH = re.compile(
    r"^\s*(?:of\s+|des\s+)?(?:the\s+)?(?:next|following|coming|nächsten|kommenden|folgenden)\s+"
    r"(?:month|monats?)\b"
)
# "ab Montag eine Nacht": the extractor reads a count of nights after a day as a clock time.
NIGHTS_TAIL = re.compile(r"\s+[\wäöüß]+\s+(?:nights?|nächte|nacht)\b.*$")
# After an ordinal that is a day of the month: the end, a month, a range word, a correction.
DAY_ORDINAL_AFTER = re.compile(
    r"^\s*(?:$|[,.!?;]|of\b|to\b|until\b|till\b|through\b|and\b|or\b|bis\b|und\b|oder\b|no\b|"
    r"nein\b|for\b|für\b|please\b|bitte\b|" + MONTH_RX.pattern + ")"
)
NIGHTS_COUNT = re.compile(r"\b(\d+|[a-zäöüß]+)\s+(?:more\s+|weitere\s+)?(?:nights?|nächte|nacht)\b")
RANGE_WORD = re.compile(r"\b(?:to|until|till|through|bis|and|und)\b|[-–]")
SPELLING_WORD = re.compile(
    r"(?:\b(?:as in|as an|wie in|wie|für)|\b(?:alpha|bravo|charlie|delta|echo|foxtrot|golf|hotel|"
    r"india|juliett?|kilo|lima|mike|oscar|papa|quebec|romeo|sierra|tango|uniform|victor|whiskey|"
    r"x-?ray|yankee|zulu)|(?<![\w'])[b-hj-z])\s+$"
)  # a month word inside spelling: "n as in november", "alpha november oscar"
NEGATED = re.compile(
    r"\b(?:not|nicht|never|nie)\s+(?:(?:on|am|the|for|from|ab|vom|von|dem|den|this|next|diesen|"
    r"nächsten)\s+)*$"
)
# A question about when something happens ("what time does the football start tonight", "bis
# wann ist heute die Bar offen"): its day is the event's, not the stay's.
EVENT_QUESTION = re.compile(
    r"\b(?:what time|what's the time|until when|till when|how late|how early|from when|"
    r"bis wann|ab wann|um wie ?viel uhr|wie lange)\b"
)
# "from a week from Friday": a date some days after another, said after an arrival word (not a
# stay of that length, as "a week from Friday" alone is read): the extractor took the Friday.
# Which day is meant is asked.
SHIFTED_DATE = re.compile(
    r"\b(?:from|starting|beginning|arriving|ab|vom)\s+(?:a|one|two|three|four|\d+)\s+"
    r"(?:weeks?|days?|fortnights?|wochen?|tage?n?)\s+(?:from|after|nach)\s+"
)
UNIT_AFTER = re.compile(r"\s+(?:nights?|days?|weeks?|nächte|nacht|tage?n?|wochen?)\b")
NEXT_WEEKEND = re.compile(r"\b(?:next|nächste[ns]?|kommende[ns]?)\s+(?:weekend|wochenende)\b")
# "from march twenty so yeah two to march twenty three": a unit word after a tens word with
# other words between, right before a range word, may be one day said haltingly (the 22nd) or
# the tens alone: neither reading is safe to book, the dates are asked.
SPLIT_TENS = re.compile(
    r"\b(?:twenty|thirty)\s+(?:[a-z']+\s+){1,3}?(?:one|two|three|four|five|six|seven|eight|nine)"
    r"\s+(?:to|until|till|through|thru)\b"
)
