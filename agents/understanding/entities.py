"""Dates, times, durations, numbers and ordinals from Duckling, as typed values.

Why Duckling: it is the extractor dialogue frameworks such as Rasa use, with
English and German rules for ordinals in words ("einundzwanzigsten", "the
twenty-third"), relative dates ("in two weeks", "übermorgen", "next weekend")
and ranges ("vom 12. bis 14. März"); bench/entities.py measured it against
Microsoft Recognizers-Text and our former grammar (docs/understanding.md,
Decisions). This module only wraps it: one Duckling runtime per process (the
Haskell runtime is process-wide anyway), the reference time is the call's
hotel-local ``today`` (not the wall clock, so parses are deterministic), the
locale is the turn's language, and the raw JSON becomes msgspec Structs. What a
stay is (arrival, departure, nights) is the hotel's rule, in dates.py.

Duckling's ``body`` mis-decodes non-ASCII text; ``start``/``end`` are character
offsets, so the text of an entity is cut from the input instead.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
import threading
import typing
from typing import Literal

import msgspec

from config.errors import SovrenError

DIMS = ("time", "number", "ordinal", "duration")
LANGS = ("en", "de")
_ZONEINFO = "/usr/share/zoneinfo"
_REF_HOUR = 12  # reference time = noon of the call's day: "today" and "tonight" stay on that day


class EntityError(SovrenError, RuntimeError):
    """Duckling is missing or failed."""

    code = "entities_unavailable"
    next_step = "pip install -e .[understanding] (pyduckling-native-phihos)"


class TimeEntity(msgspec.Struct, frozen=True, tag="time"):
    """A point ("the ninth of May") or an interval ("from the 12th to the 14th").

    For a point, ``value`` is set. For an interval, ``start_at`` and/or ``end_at``
    are set; a closed interval's ``end_at`` is exclusive at its grain (Duckling:
    "to the 14th" ends at the 15th, 00:00), an open one ("until Sunday") ends
    at the start of the day named.
    """

    start: int
    end: int
    text: str
    grain: str
    value: dt.datetime | None = None
    start_at: dt.datetime | None = None
    end_at: dt.datetime | None = None
    end_grain: str | None = None

    @property
    def interval(self) -> bool:
        return self.value is None


class NumberEntity(msgspec.Struct, frozen=True, tag="number"):
    """A cardinal ("zwei", "twenty one", "3") or, with ``ordinal``, an ordinal ("dritten")."""

    start: int
    end: int
    text: str
    value: float
    ordinal: bool = False


Unit = Literal["second", "minute", "hour", "day", "week", "month", "year"]
UNITS = typing.get_args(Unit)


class DurationEntity(msgspec.Struct, frozen=True, tag="duration"):
    """A length of time ("five days", "eine Woche", "a fortnight" = 14 days)."""

    start: int
    end: int
    text: str
    value: float
    unit: Unit


Entity = TimeEntity | NumberEntity | DurationEntity


# German ordinals Duckling 0.3 does not know, said as the digits it does know ("13.").
_DE_GAPS = re.compile(
    r"\b(dreizehnt|sechzehnt)(?:e[nrsm]?)\b|\b(dreissigst)(?=e[nrsm]?\b)|\b(siebent)(?=e[nrsm]?\b)",
    re.I,
)
_DE_REGIONAL_MONTH = re.compile(r"\b(jänner|jaenner|feber)\b", re.I)
_DE_MONTH = {"jänner": "Januar", "jaenner": "Januar", "feber": "Februar"}
_DE_FIX = {"dreizehnt": "13.", "sechzehnt": "16.", "dreissigst": "dreißigst", "siebent": "siebt"}


_GLUED_COUNT = re.compile(
    r"^[\wäöü]+\s+(?=(?:from|on|the|starting|for|vom|am|ab|von|den|dem|zum|ersten|dritten)\b)", re.I
)
_NOW_OR_BY = re.compile(r"^(?:(?:right\s+)?now|by)\s+", re.I)
_CLOCK = re.compile(r"\b(?:am|pm|a\.m\.|p\.m\.|o'clock|uhr|noon|mittag)\b|\d:\d", re.I)


# "the thirty-second" is no day of any month; unhyphenated, Duckling reads "thirty" as the 30th
# (a wrong date out of a misheard or garbled turn): it becomes a word that is no date at all.
_NO_DAY = re.compile(
    r"\bthirty[- ]?(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth)\b"
    r"|\b(?:zwei|drei|vier|fünf|sechs|sieben|acht|neun)unddrei(?:ß|ss)igst(?:e[nrsm]?)?\b",
    re.I,
)
# "twenty-first" is read as a range "twenty - first" (January 20th to 1st): unhyphenate.
# "twenty-fifth" and "April twenty-five": Duckling reads the hyphenated form as 20 (the unit
# dropped), which wrote a stay for the 20th; spaced, it reads 25 / 25th
_EN_TENS_HYPHEN = re.compile(
    r"\b(twenty|thirty)-(?=(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
    r"|one|two|three|four|five|six|seven|eight|nine)\b)",
    re.I,
)

_FILLER = {  # "um" and "er" are German words ("um drei Uhr"): fillers only in English
    "en": re.compile(
        r"\b(?:uh|uhm|um|umm|hmm|hm|er|erm|ehm|mhm|you know what|how do you say|what is it|"
        r"what's it called|let me think|let me see|now then)\b"
        r"|\b(?:well|so|like|you know|listen|look)\b(?=\s+(?:\d|the\b|next\b|\w+(?:st|nd|rd|th)\b))",
        re.I,
    ),
    "de": re.compile(
        r"\b(?:äh|ähm|öhm|hmm|hm|mhm|uh|uhm|sozusagen|quasi|halt|na ja|naja|wie sagt man|"
        r"wie heißt das|was wollte ich sagen|lass mich überlegen)\b"
        r"|\b(?:so|also)\b(?=\s+\d)",
        re.I,
    ),
}
_FILLER_SPACE = {k: re.compile(r"(?:" + v.pattern + r")\s*", re.I) for k, v in _FILLER.items()}
_DOUBLE_STOP = re.compile(r"\.\.")
_REPEATED = re.compile(r"\b(\w+)(\s+)(?=\1\b)", re.I)  # "from from sunday", "march march the"


def blank_noise(text: str, lang: str) -> str:
    """``text`` with fillers and stutters blanked out, same length (offsets stay valid)."""
    if lang in _FILLER:  # "the day uh after tomorrow", "twenty er fifth of may"
        text = _FILLER[lang].sub(lambda m: " " * len(m.group(0)), text)
    return _REPEATED.sub(lambda m: " " * len(m.group(0)), text)


_ON_THE_WEEKDAY = re.compile(
    r"\bon the\s+(?=(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b)", re.I
)
_IN_ORDINAL = re.compile(r"\bin(?=\s+\d{1,2}(?:st|nd|rd|th)\b)", re.I)


def _sub(
    text: str, idx: list[int], rx: re.Pattern, repl: typing.Callable[[re.Match], str]
) -> tuple[str, list[int]]:
    """``rx`` replaced in ``text``, with ``idx`` (new index -> caller's index) kept in step."""
    out, new_idx, pos = [], [], 0
    for m in rx.finditer(text):
        rep = repl(m)
        out.append(text[pos : m.start()])
        new_idx += idx[pos : m.start()]
        out.append(rep)
        new_idx += [idx[m.start()]] * len(rep)
        pos = m.end()
    if not out:
        return text, idx
    out.append(text[pos:])
    new_idx += idx[pos:]
    return "".join(out), new_idx


def _normalise(text: str, lang: str) -> tuple[str, list[int]]:
    """``text`` with Duckling's known gaps filled, and each new index's index in ``text``."""
    idx = list(range(len(text) + 1))
    text, idx = _sub(text, idx, _NO_DAY, lambda m: "noday")
    text, idx = _sub(text, idx, _EN_TENS_HYPHEN, lambda m: m.group(1) + " ")
    text, idx = _sub(text, idx, _DOUBLE_STOP, lambda m: ". ")  # "bis zum 3.1..": date, full stop
    if lang == "en":  # "checking in 5th of March" is not "in 5 seconds"
        text, idx = _sub(text, idx, _IN_ORDINAL, lambda m: "on")
        # "next week on the Saturday": Duckling composes the week and the day without "the"
        text, idx = _sub(text, idx, _ON_THE_WEEKDAY, lambda m: "on ")
    if lang in _FILLER:  # "twenty er fifth of may", "the day uh after tomorrow": cut out
        text, idx = _sub(text, idx, _FILLER_SPACE[lang], lambda m: "")
    text, idx = _sub(text, idx, _REPEATED, lambda m: "")  # "from from sunday"
    if lang == "de":  # Austrian month names Duckling does not know ("Jänner", "Feber")
        text, idx = _sub(text, idx, _DE_REGIONAL_MONTH, lambda m: _DE_MONTH[m.group(1).lower()])
        text, idx = _sub(
            text, idx, _DE_GAPS, lambda m: _DE_FIX[next(g for g in m.groups() if g).lower()]
        )
    return text, idx


def _naive(iso: str) -> dt.datetime:
    return dt.datetime.fromisoformat(iso).replace(tzinfo=None)


def _convert(raw: dict, text: str) -> Entity | None:
    start, end, dim, v = raw["start"], raw["end"], raw["dim"], raw["value"]
    body = text[start:end]
    if dim == "time":
        if v.get("type") == "value":
            return TimeEntity(start, end, body, v["grain"], value=_naive(v["value"]))
        frm, to = v.get("from"), v.get("to")
        if not frm and not to:
            return None
        return TimeEntity(
            start,
            end,
            body,
            (frm or to)["grain"],
            start_at=_naive(frm["value"]) if frm else None,
            end_at=_naive(to["value"]) if to else None,
            end_grain=to["grain"] if to else None,
        )
    if dim in ("number", "ordinal") and isinstance(v.get("value"), int | float):
        return NumberEntity(start, end, body, float(v["value"]), ordinal=dim == "ordinal")
    if dim == "duration" and v.get("unit") in UNITS:
        return DurationEntity(start, end, body, float(v["value"]), v["unit"])
    return None


class Duckling:
    """Duckling for one process; ``extract`` is thread-safe and costs ~0.2-8 ms per turn."""

    def __init__(self) -> None:
        try:
            import duckling
        except ImportError as e:  # pragma: no cover - the understanding extra installs it
            raise EntityError(
                "Duckling is not installed: pip install 'pyduckling-native-phihos>=0.3' "
                "(the `understanding` extra of pyproject.toml)"
            ) from e
        self._dk = duckling
        self._tz = duckling.load_time_zones(_ZONEINFO)
        self._locales = {
            lang: duckling.default_locale_lang(duckling.parse_lang(lang.upper())) for lang in LANGS
        }
        self._dims = {d: duckling.parse_dimensions([d])[0] for d in DIMS}
        self._lock = threading.Lock()

    def extract(
        self, text: str, today: dt.date, lang: str = "en", dims: tuple[str, ...] = DIMS
    ) -> list[Entity]:
        """Entities in ``text`` read as of noon on ``today``, in the turn's language (en|de).

        Overlapping results (Duckling returns some: "twelfth of march twenty twenty six")
        are cut to the leftmost, then longest, so every character belongs to one entity.
        """
        if not text.strip():
            return []
        stamp = calendar.timegm(
            dt.datetime(today.year, today.month, today.day, _REF_HOUR).timetuple()
        )
        locale = self._locales.get(lang, self._locales["en"])
        norm, idx = _normalise(text, lang)
        with self._lock:
            ctx = self._dk.Context(self._dk.parse_ref_time(self._tz, "UTC", stamp), locale)
            raw = self._dk.parse(norm, ctx, [self._dims[d] for d in dims], False)
        if norm is not text:
            for r in raw:  # offsets back into the caller's text
                r["start"], r["end"] = idx[r["start"]], idx[r["end"]]
        found = [e for e in (_convert(r, text) for r in raw) if e is not None]
        found = [x for e in found for x in self._unglue(e, text, today, lang, dims)]
        # Calendar days first (so "now for March 11th" keeps "March 11th" over "now for March"),
        # then leftmost, then longest ("twelfth of march twenty twenty six" is March 12th).
        found.sort(key=lambda e: (_rank(e), e.start, -(e.end - e.start)))
        out: list[Entity] = []
        for e in found:
            if any(e.start < o.end and o.start < e.end for o in out):
                continue
            out.append(e)
        out.sort(key=lambda e: e.start)
        return out

    def _unglue(
        self, e: Entity, text: str, today: dt.date, lang: str, dims: tuple[str, ...]
    ) -> list[Entity]:
        """Duckling reads a count before a date as a clock hour ("for 3 from the 12th to the
        14th" = 3 a.m. on the 12th; "for 2 on the 5th of May"): parse the date without it."""
        if not isinstance(e, TimeEntity) or e.grain not in ("hour", "minute", "second"):
            return [e]
        m = _GLUED_COUNT.match(e.text)
        if not m or _CLOCK.search(e.text):
            m = _NOW_OR_BY.match(e.text)  # "now for 6 days", "by March 5th": not from now on
            if not m:
                return [e]
        off = e.start + m.end()
        rest = self.extract(text[off : e.end], today, lang, dims)
        return [msgspec.structs.replace(x, start=x.start + off, end=x.end + off) for x in rest]


def _rank(e: Entity) -> int:
    if isinstance(e, TimeEntity):
        return 0 if e.grain in ("day", "week", "month", "year") else 1
    return 2 if isinstance(e, DurationEntity) else 3


@functools.cache
def default() -> Duckling:
    """The process's Duckling (built on first use; ~10 ms)."""
    return Duckling()
