"""One scripted caller: picks templates, fills their entities, keeps the stay the caller has stated.

Why a stateful script: the gold write is what the caller asked for after every
correction, and each turn must answer the question an agent following the
policy would ask at that point (dates, nights, guests, offer + name, read-back).
The stay follows the dialogue's merge rules (docs/understanding.md): later
values win, a new arrival keeps the known number of nights, new nights move the
departure.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from bench.corpus import (
    CorpusTurn,
    dates,
    render,
    render_dates,
    render_h2,
    render_h3,
    render_h4,
    render_h5,
    spelling,
)
from bench.corpus.asr import asr_style
from bench.corpus.library import (
    HELDOUT2,
    HELDOUT3,
    HELDOUT4,
    HELDOUT5,
    OWN_SPLITS,
    Library,
    Template,
)

ROOMS = {"DBL": 2, "TWN": 2, "SUI": 4}  # the demo hotel: code -> max guests, in offer order
ASR_RATE = 1 / 3
HELDOUT_ASR_RATE = 1 / 2  # the held-out split sounds more like raw recogniser output
ANCHOR_DAYS = ((5, 9), (6, 3), (3, 10), (5, 5), (3, 21), (6, 23), (3, 12), (4, 1))
ORDER = ("vague", "arr_on", "arr_from", "range", "nights", "shift", "dep", "rooms", "guests", "room", "room_the", "name", "conf", "other_name")  # fmt: skip


def first_fit(guests: int) -> str:
    return next(code for code, cap in ROOMS.items() if guests <= cap)


@dataclass
class Stay:
    arrival: dt.date | None = None
    nights: int | None = None
    guests: int | None = None
    room: str | None = None
    offer: str | None = None
    name: str | None = None
    rate: str = "FLEX"

    @property
    def departure(self) -> dt.date | None:
        if self.arrival is None or self.nights is None:
            return None
        return dates.plus(self.arrival, self.nights)


@dataclass
class Caller:
    """The person: names, the booking they hold (if any), how they spell."""

    first: str
    last: str
    conf: str | None = None
    spell_rate: float = 0.2
    conf_styles: tuple[str, ...] = ("plain", "plain", "digits", "words", "words", "nato")
    title: str = ""  # "Dr", "Frau", "Mag.": what a heldout2 caller may put before the name


@dataclass
class Script:
    rng: random.Random
    lib: Library
    lang: str
    today: dt.date
    caller: Caller
    stay: Stay = field(default_factory=Stay)
    turns: list[CorpusTurn] = field(default_factory=list)
    other_name: str = ""
    last_arrival: dt.date | None = None  # the last arrival the caller said (even a past one)
    index: int = 0  # the dialogue's number within its flow and language (variants in turn)
    # one-shot modes for the next entity of a kind: "past", "too_long", "too_small", "large"
    modes: set[str] = field(default_factory=set)
    # heldout4/5: the day a vague date ("at the end of the month") pointed at, said when asked
    pending: dt.date | None = None

    # ---- turns -------------------------------------------------------------------------------
    def say(
        self,
        fn: str,
        intent: str,
        allow: set[str] | frozenset[str] | None = None,
        need: set[str] | frozenset[str] = frozenset(),
        mode: str = "",
        tags: tuple[str, ...] = (),
        fixed_ok: bool = True,
        avoid: tuple[str, ...] = (),
    ) -> CorpusTurn:
        """One caller turn: a template of `fn` filled from the stay (mode "correct" = new values)."""
        t = self.lib.pick(self.rng, fn, allow, need, fixed_ok, avoid)
        return self._emit(t, intent, mode, tags)

    def _emit(self, t: Template, intent: str, mode: str, tags: tuple[str, ...]) -> CorpusTurn:
        slots: dict[str, Any] = {}
        all_tags = list(tags)
        if "guests" in t.fixed:
            self._set_guests(int(t.fixed["guests"]))
            all_tags.append("bare_answer")
        if "rate_plan" in t.fixed:
            self.stay.rate = t.fixed["rate_plan"]
        slots.update(t.fixed)
        values = {}
        for f in sorted(t.fields, key=ORDER.index):
            piece = self._fill(f, mode)
            values[f] = piece.text
            slots.update(piece.slots)
            all_tags += piece.tags
        text = t.text.format(**values)
        return self.add(text, intent, slots, all_tags, t.group)

    def add(
        self,
        text: str,
        intent: str,
        slots: dict[str, Any],
        tags: list[str],
        group: str,
        facts: list[str] | None = None,
    ) -> CorpusTurn:
        if text.endswith(".."):  # a template's full stop after "18.5."
            text = text[:-1]
        own = self.lib.split if self.lib.split in OWN_SPLITS else ""
        if self.rng.random() < (HELDOUT_ASR_RATE if own else ASR_RATE):
            text, extra = asr_style(self.rng, self.lang, text, own)
            tags = tags + extra
        else:
            text = text[0].upper() + text[1:]
        turn = CorpusTurn(
            text=text,
            intent=intent,
            slots=dict(sorted(slots.items())),
            facts=facts or [],
            tags=sorted(set(tags)),
            template_group=group,
        )
        self.turns.append(turn)
        return turn

    # ---- entities ----------------------------------------------------------------------------
    @property
    def h2(self) -> bool:
        """The second held-out split: its callers say entities in their own ways (render_h2)."""
        return self.lib.split == HELDOUT2

    @property
    def h3(self) -> bool:
        """The third held-out split: its callers say entities in their own ways (render_h3)."""
        return self.lib.split == HELDOUT3

    @property
    def h4(self) -> bool:
        """The fourth held-out split: its callers say entities in their own ways (render_h4)."""
        return self.lib.split == HELDOUT4

    @property
    def h5(self) -> bool:
        """The fifth held-out split: its callers say entities in their own ways (render_h5)."""
        return self.lib.split == HELDOUT5

    def _fill(self, f: str, mode: str) -> render.Piece:
        """One entity: the stay changes as the caller says it; heldout2 to heldout5 say it their
        own ways."""
        rng, lang, st, h2, h3 = self.rng, self.lang, self.stay, self.h2, self.h3
        if h3 and f in ("arr_on", "arr_from") and "past" not in self.modes and rng.random() < 0.6:
            return self._h3_arrival(mode, "on" if f == "arr_on" else "from")
        own_dates = render_h4 if self.h4 else render_h5 if self.h5 else None
        if own_dates and (f == "vague" or f in ("arr_on", "arr_from") and "past" not in self.modes):
            piece = self._own_date(f, mode, own_dates)
            if piece is not None:
                return piece
        if f in ("arr_on", "arr_from"):
            kind, target = self._new_arrival(mode)
            prep = "on" if f == "arr_on" else "from"
            if h2 and kind in render_h2.ARRIVAL_KINDS:
                return render_h2.relative(rng, lang, self.today, prep, kind, target)
            if h2 and kind in ("words", "digits"):
                return render_h2.absolute(rng, lang, self.today, prep, target, kind == "words")
            return render_dates.arrival(rng, lang, self.today, prep, kind, target)
        if f == "range":
            self.modes -= {"past", "too_long"}  # a range is never past here, and fixes the nights
            ranges, kinds = self._range_kinds()
            for _ in range(20):
                piece, a, d = ranges(rng, lang, self.today, rng.choice(kinds))
                if mode != "correct" or (a, (d - a).days) != (st.arrival, st.nights):
                    break
            st.arrival, st.nights = a, (d - a).days
            self.last_arrival = a
            return piece
        if f == "nights":
            st.nights = self._nights(mode)
            if self.h4 and st.nights <= 30 and rng.random() < 0.5:
                return render_h4.nights(rng, lang, st.nights)
            return (render_h2 if h2 else render).nights(rng, lang, st.nights)
        if f == "shift":  # heldout5: "one night less" than the stay read back
            assert st.nights is not None, "a shift needs a number of nights"
            piece, st.nights = render_h5.shift(rng, lang, st.nights)
            st.offer = None
            return piece
        if f == "dep":
            assert st.arrival is not None, "a departure needs an arrival first"
            self.modes.discard("too_long")
            if st.nights is None or mode == "correct":
                st.nights = rng.choice((1, 2, 2, 3, 3, 4, 5, 6))
            dep = (render_h2 if h2 else render_dates).departure
            return dep(rng, lang, self.today, st.arrival, st.departure)
        if f == "guests":
            restate = mode == "restate" and st.guests is not None
            if not restate:
                self._set_guests(self._guests(mode))
            # a restated count is a count, not new companions ("two people", not "me and my boss")
            own = render_h2 if h2 else render_h3 if h3 and rng.random() < 0.8 else render
            own = render_h4 if self.h4 and rng.random() < 0.5 else own
            own = render_h5 if self.h5 and rng.random() < 0.5 else own
            return (render if restate else own).guests(rng, lang, st.guests)
        if f == "room":
            if mode == "correct" or st.room is None or mode == "force_fit":
                st.room = self._room(mode)
                st.offer = None
            return render.room(rng, lang, st.room)
        if f == "room_the":
            return render.room(rng, lang, st.offer or st.room, definite=True)
        if f == "rooms":
            return self._rooms()
        if f == "name":
            c = self.caller
            st.name = f"{c.first} {c.last}"
            if h2:
                spell = mode != "restate" and rng.random() < 0.3
                return render_h2.name(rng, lang, c.first, c.last, c.title, spell)
            style = None
            if mode != "restate" and rng.random() < c.spell_rate:
                style = rng.choice(("letters", "dash", "nato") if lang == "en" else ("letters", "nato", "din2022"))  # fmt: skip
            return spelling.name(rng, lang, c.first, c.last, style)
        if f == "conf":
            assert self.caller.conf
            if (h2 or h3 or self.h4) and rng.random() < 0.5:
                own_conf = render_h2 if h2 else render_h3 if h3 else render_h4
                return own_conf.confirmation(rng, lang, self.caller.conf)
            return spelling.confirmation(rng, lang, self.caller.conf, rng.choice(self.caller.conf_styles))  # fmt: skip
        if f == "other_name":
            return render.Piece(self.other_name, {"guest_name": self.other_name}, [])
        raise KeyError(f)

    def _range_kinds(self) -> tuple[Any, list[str]]:
        """The renderer and kinds of a stay said as a range (heldout2: its own, 60 %)."""
        if self.h2 and self.rng.random() < 0.6:
            kinds = ["in_out_words", "in_out_digits", "in_out_digits"]
            if render_h2.kinds(self.lang, self.today) == render_h2.ARRIVAL_KINDS:  # "next week"
                kinds.append("next_week_span")
            if self.today.weekday() <= 3:
                kinds.append("weekend_after_next")
            return render_h2.stay_range, kinds
        if self.h3 and self.rng.random() < 0.5:
            return render_h3.stay_range, ["holiday_span", "holiday_span", "numbered_span"]
        if self.h4 and self.rng.random() < 0.5:
            kinds = ["month_weekend", "calendar_week_span"]
            if self.stay.arrival is None and self.last_arrival is None:
                kinds += ["day_range", "day_range"]  # bare days only where no date names a month
            return render_h4.stay_range, kinds
        if self.h5 and self.rng.random() < 0.5:
            return render_h5.stay_range, render_h5.range_kinds(self.lang)
        kinds = ["words", "words", "digits", "digits", "weekday", "tomorrow"]
        if self.today.weekday() <= 3:
            kinds += ["weekend", "weekend"]
        return render_dates.stay_range, kinds

    def _h3_arrival(self, mode: str, prep: str) -> render.Piece:
        """A heldout3 arrival: a holiday or a date said with numbers (a correction says another)."""
        rng, st = self.rng, self.stay
        for _ in range(20):
            if rng.random() < 0.6:
                piece = render_h3.holiday(rng, self.lang, self.today, prep)
            else:
                target = render_dates.pick_arrival(rng, self.today, "digits")
                piece = render_h3.numbered(rng, self.lang, self.today, prep, target)
            arrival = dt.date.fromisoformat(piece.slots["arrival"])
            if mode != "correct" or arrival != st.arrival:
                break
        st.arrival = self.last_arrival = arrival
        st.offer = None
        return piece

    def _own_date(self, f: str, mode: str, own: Any) -> render.Piece | None:
        """A heldout4 or heldout5 date (`own`: render_h4 or render_h5): a vague one (no slot; the
        day it points at is kept for the answer to the agent's question), that day when asked,
        or (60 %) one of the split's own forms."""
        rng, st = self.rng, self.stay
        prep = "from" if f == "arr_from" else "on"
        if f == "vague":
            piece, self.pending = own.vague(rng, self.lang, self.today)
            return piece
        if self.pending is not None:
            target, self.pending = self.pending, None
            kind = rng.choice(("words", "digits"))
            piece = render_dates.arrival(rng, self.lang, self.today, prep, kind, target)
        elif rng.random() < 0.6:
            last = self.last_arrival or st.arrival
            for _ in range(20):
                kinds = render_h4.kinds(self.today, last) if own is render_h4 else own.kinds(self.lang, self.today)  # fmt: skip
                kind = rng.choice(kinds)
                piece = own.arrival(rng, self.lang, self.today, prep, kind)
                if mode != "correct" or piece.slots["arrival"] != (st.arrival and st.arrival.isoformat()):  # fmt: skip
                    break
        else:
            return None
        st.arrival = self.last_arrival = dt.date.fromisoformat(piece.slots["arrival"])
        st.offer = None
        return piece

    def _new_arrival(self, mode: str) -> tuple[str, dt.date]:
        rng, st = self.rng, self.stay
        if "past" in self.modes:
            self.modes.discard("past")
            kind = rng.choice(("yesterday", "last_weekday", "past_explicit"))
            target = render_dates.pick_arrival(rng, self.today, kind)
            st.arrival = self.last_arrival = target
            return kind, target
        kinds = ["words"] * 6 + ["digits"] * 5 + ["weekday"] * 3 + ["tomorrow", "day_after"]
        kinds += ["in_weeks", "in_weeks", "in_days", "bare_day", "bare_day"]
        if mode != "correct":
            kinds.append("tonight")
        if self.h2:  # calendar-relative dates, as often as the shared relative ones
            kinds += [k for k in render_h2.kinds(self.lang, self.today) for _ in range(2)]
        for _ in range(50):
            kind = rng.choice(kinds)
            if kind in render_h2.ARRIVAL_KINDS:
                target = render_h2.pick_arrival(rng, self.lang, self.today, kind)
            else:
                target = render_dates.pick_arrival(rng, self.today, kind)
            if kind in ("words", "digits") and rng.random() < 0.12:
                # The days of issue 10's failures: "the ninth of May", "ab dem dritten Juni", ...
                month, day = rng.choice(ANCHOR_DAYS)
                target = dates.next_occurrence(month, day, dates.plus(self.today, 1))
            if kind == "bare_day" and dates.next_day_of_month(target.day, self.today) != target:
                continue
            last = self.last_arrival or st.arrival
            if kind == "bare_day" and last and target.month != last.month:
                continue  # "I meant the 12th" after a May date means May: only where both agree
            if mode == "correct" and target == st.arrival:
                continue
            break
        st.arrival = self.last_arrival = target
        st.offer = None
        return kind, target

    def _nights(self, mode: str) -> int:
        if "too_long" in self.modes:
            self.modes.discard("too_long")
            return self.rng.choice((35, 42, 45, 49, 60))
        if mode == "restate" and self.stay.nights:
            return self.stay.nights
        choices = (1, 1, 2, 2, 2, 2, 3, 3, 3, 4, 4, 5, 5, 6, 7, 7, 7, 7, 10, 14, 14)
        while True:
            n = self.rng.choice(choices)
            if mode != "correct" or n != self.stay.nights:
                self.stay.offer = None
                return n

    def _guests(self, mode: str) -> int:
        st, rng = self.stay, self.rng
        if "multi" in self.modes and st.guests:
            return st.guests
        if "large" in self.modes:
            return rng.choice((5, 6, 6, 8, 10, 12))
        if "too_small" in self.modes and st.room in ("DBL", "TWN"):
            self.modes.discard("too_small")
            return rng.choice((3, 4))
        if st.room in ("DBL", "TWN"):
            return rng.choice((1, 2, 2, 2))
        while True:
            n = rng.choice((1, 1, 2, 2, 2, 2, 2, 3, 3, 4))
            if mode != "correct" or n != st.guests:
                return n

    def _set_guests(self, n: int) -> None:
        if n != self.stay.guests:
            self.stay.guests = n
            self.stay.offer = None

    def _room(self, mode: str) -> str:
        st, rng = self.stay, self.rng
        if mode == "force_fit":
            return first_fit(st.guests or 1) if (st.guests or 1) > 2 else rng.choice(("DBL", "TWN"))
        options = [c for c, cap in ROOMS.items() if st.guests is None or st.guests <= cap]
        if "too_small" in self.modes and st.guests is None:
            options = ["DBL", "TWN"]
        if mode == "correct":
            options = [c for c in options if c != (st.offer or st.room)] or options
        weights = {"DBL": 5, "TWN": 3, "SUI": 2}
        return rng.choices(options, [weights[c] for c in options])[0]

    def _rooms(self) -> render.Piece:
        n = self.rng.choice((2, 2, 3))
        code = self.rng.choice((None, "DBL", "TWN"))
        en = self.lang == "en"
        words = {2: "two", 3: "three"} if en else {2: "zwei", 3: "drei"}
        noun = {
            None: "rooms" if en else "Zimmer",
            "DBL": "double rooms" if en else "Doppelzimmer",
            "TWN": "twin rooms" if en else "Zweibettzimmer",
        }[code]
        slots: dict[str, Any] = {"rooms": n}
        if code:
            slots["room_type"] = code
            self.stay.room = code
        self.stay.guests = n * 2
        return render.Piece(f"{words[n]} {noun}", slots, ["multi_room"])
