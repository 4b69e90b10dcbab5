"""Another engine's stay held against the embedded rules' reading of the same words.

Why: the embedded brain never writes a date its rules cannot explain (a month the caller said
is never dropped; a holiday, "a week from Friday" or a contradiction makes the turn's dates
unsure, and the dialogue asks back). An LLM behind vLLM has none of these checks: an answer of
October 23rd to "ab dem 22.3., nein, ab dem dreiundzwanzigsten" would be read back and, on a
"yes", written. So every backend that does not read the stay by those rules itself is wrapped
here by the factory (a future backend too): the embedded reading of the dates, nights and
guests (Duckling and dates.py/slots.py, ~1 ms on the CPU, no model) is compared with the
engine's slots, and what the words do not back becomes the conflict the embedded brain would
raise ("dates", "dates_unsure", "guests_unsure"), so the policy asks back instead of writing.

The rules, per turn, for the dates (arrival, departure, nights) and for the party (guests):

- ``text_conflict`` / ``text_unsure``: the embedded reading itself is in conflict (its range
  and nights disagree) or unsure: its conflict stands, whatever the engine said; the "which is
  right?" question names the embedded dates only when the engine read the same ones
  (``text_conflict_differs`` otherwise: asked as unsure).
- ``agree``: both read the same value; it stands, and so does the engine's confidence.
- ``contradicted``: both read a value and they differ: the slot's group is dropped and asked.
- ``llm_missed``: only the embedded reading has it: it is added (the engine overlooked it).
- ``paraphrase_kept`` / ``unsupported``: only the engine has it (a wording the rules do not
  read). It is kept only when the words carry a cue for that very value (text_support.py: its
  day by date, ordinal, weekday or a relative word; its nights or guests as a number said) and
  every month, weekday and day ordinal the caller said is one of the stay's dates; otherwise
  the group is dropped and asked.

Each turn's rules are logged by name and slot only (never the words or the values).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable
from typing import Any, NamedTuple

import msgspec

from agents.understanding import lang as langmod
from agents.understanding import slots as slotmod
from agents.understanding import text_support
from agents.understanding.backend import Context, Understanding, UnderstandingBackend

log = logging.getLogger(__name__)

DATE_SLOTS = ("arrival", "departure", "nights")
_DAY_SLOTS = ("arrival", "departure")
_OURS = ("dates", "dates_unsure", "guests_unsure")
_REJECT = ("contradicted", "unsupported")


class Fired(NamedTuple):
    """One rule that decided one slot (or a whole group: "dates", "guests")."""

    slot: str
    rule: str


def check(
    u: Understanding, ctx: Context, country: str = "DE"
) -> tuple[Understanding, tuple[Fired, ...]]:
    """``u`` with its stay slots and conflicts as the cross-check leaves them, and why
    (``country``: the hotel's, whose holiday calendar names the feasts the caller says)."""
    if not u.text:
        return u, ()
    lang = langmod.detect(u.text, ctx.lang)
    said, said_conflicts = slotmod.stay(
        u.text, ctx.today, ctx.asked, lang, ctx.arrival, ctx.guests, country
    )

    @functools.cache
    def cues() -> text_support.Cues:
        return text_support.read(u.text, ctx.today, lang)

    slots, conflicts, fired = judge(u.slots, u.conflicts, said, said_conflicts, cues)
    if not fired:
        return u, ()
    changed = [f"{f.slot} {f.rule}" for f in fired if f.rule != "agree"]
    detail = f"{u.detail}; cross-check: {', '.join(changed)}" if changed else u.detail
    if changed:
        log.info("cross-check of %s backend: %s", u.backend or "?", ", ".join(changed))
    return msgspec.structs.replace(u, slots=slots, conflicts=conflicts, detail=detail), fired


def judge(
    llm: dict[str, Any],
    llm_conflicts: tuple[str, ...],
    said: dict[str, Any],
    said_conflicts: tuple[str, ...],
    cues: Callable[[], text_support.Cues],
) -> tuple[dict[str, Any], tuple[str, ...], tuple[Fired, ...]]:
    """The engine's slots ``llm`` judged against the embedded reading ``said``; ``cues`` is
    called only when a value has no other backing (Duckling is not asked twice per turn)."""
    dates, date_conflicts, fired_dates = _dates(
        llm, "dates" in llm_conflicts, said, said_conflicts, cues
    )
    party, party_conflicts, fired_party = _guests(llm, said, said_conflicts, cues)
    slots = {k: v for k, v in llm.items() if k not in (*DATE_SLOTS, "guests")}
    slots |= dates | party
    others = tuple(c for c in llm_conflicts if c not in _OURS)
    return slots, others + date_conflicts + party_conflicts, fired_dates + fired_party


def _dates(
    llm: dict[str, Any],
    llm_conflict: bool,
    said: dict[str, Any],
    said_conflicts: tuple[str, ...],
    cues: Callable[[], text_support.Cues],
) -> tuple[dict[str, Any], tuple[str, ...], tuple[Fired, ...]]:
    mine = {k: llm[k] for k in DATE_SLOTS if llm.get(k) is not None}
    theirs = {k: said[k] for k in DATE_SLOTS if said.get(k) is not None}
    if "dates" in said_conflicts and all(mine[k] == v for k, v in theirs.items() if k in mine):
        # the "which is right?" question names the embedded reading's dates: only when the
        # engine read the same ones (else neither is trusted: asked below as unsure)
        return theirs, ("dates",), (Fired("dates", "text_conflict"),)
    if "dates" in said_conflicts:
        return {}, ("dates_unsure",), (Fired("dates", "text_conflict_differs"),)
    if "dates_unsure" in said_conflicts:
        return {}, ("dates_unsure",), (Fired("dates", "text_unsure"),)
    fired = []
    for k in DATE_SLOTS:
        if k in mine and k in theirs:
            fired.append(Fired(k, "agree" if mine[k] == theirs[k] else "contradicted"))
        elif k in theirs:
            fired.append(Fired(k, "llm_missed"))
    alone = [k for k in DATE_SLOTS if k in mine and k not in theirs]
    if alone and not any(f.rule in _REJECT for f in fired):
        backed = _backed(mine, theirs, cues())
        fired += [Fired(k, "paraphrase_kept" if backed[k] else "unsupported") for k in alone]
    if any(f.rule in _REJECT for f in fired):
        return {}, ("dates_unsure",), tuple(fired)
    return theirs | mine, ("dates",) if llm_conflict else (), tuple(fired)


def _backed(mine: dict[str, Any], theirs: dict[str, Any], c: text_support.Cues) -> dict[str, bool]:
    """Which of the engine's date values the words back: each by a cue of its own (or, for a
    departure or nights, by the other two), and nothing the caller said left unexplained by
    the stay's dates (the embedded reading's and the engine's)."""
    stay = theirs | mine
    days = {k: dt.date.fromisoformat(stay[k]) for k in _DAY_SLOTS if k in stay}
    own = {k: k in theirs or c.explains_day(d) for k, d in days.items()}
    nights = stay.get("nights")
    n_own = nights is not None and ("nights" in theirs or c.explains_nights(nights))
    a, d = days.get("arrival"), days.get("departure")
    span = (d - a).days if a and d else None
    out = dict(own)
    if d is not None and not own["departure"]:
        out["departure"] = bool(own.get("arrival")) and n_own and span == nights
    if nights is not None:
        out["nights"] = n_own or (
            own.get("arrival", False) and own.get("departure", False) and span == nights
        )
    said_all = (
        c.months <= {x.month for x in days.values()}
        and c.weekdays <= {x.weekday() for x in days.values()}
        and c.days <= {x.day for x in days.values()}
    )
    return {k: v and said_all for k, v in out.items()}


def _guests(
    llm: dict[str, Any],
    said: dict[str, Any],
    said_conflicts: tuple[str, ...],
    cues: Callable[[], text_support.Cues],
) -> tuple[dict[str, Any], tuple[str, ...], tuple[Fired, ...]]:
    mine, theirs = llm.get("guests"), said.get("guests")
    if "guests_unsure" in said_conflicts:
        return {}, ("guests_unsure",), (Fired("guests", "text_unsure"),)
    if mine is None:
        return (
            ({"guests": theirs}, (), (Fired("guests", "llm_missed"),)) if theirs else ({}, (), ())
        )
    if theirs is not None:
        rule = "agree" if mine == theirs else "contradicted"
    else:
        rule = "paraphrase_kept" if mine in cues().counts else "unsupported"
    if rule in _REJECT:
        return {}, ("guests_unsure",), (Fired("guests", rule),)
    return {"guests": mine}, (), (Fired("guests", rule),)


class CrossChecked(UnderstandingBackend):
    """A backend whose every answer passes ``check`` (made by the factory, agents/understanding
    /factory.py, for every backend that does not read the stay by the embedded rules)."""

    checks_stay_itself = True

    def __init__(self, inner: UnderstandingBackend, country: str = "DE"):
        self.inner = inner
        self.name = inner.name
        self.country = country

    def understand(self, text: str, ctx: Context) -> Understanding:
        return check(self.inner.understand(text, ctx), ctx, self.country)[0]

    def close(self) -> None:
        self.inner.close()
