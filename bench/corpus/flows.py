"""The scripted calls, one function per flow, each returning what must happen (`Expect`).

Why the agent's order is spelled out here: the caller's turns are fed blind to
the dialogue, so each turn must answer what an agent following the policy asks
at that point: dates, then nights if missing, then guests, then (after the
availability check) the offer with the name question, then the read-back
before any write. Verified flows give confirmation number and name first.
Outcome policy (README): several rooms or a group larger than any room is
answered honestly with an offer of reception, never partly booked:
"transferred" when the caller takes the offer, "no_write" when not.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from bench.corpus import Expect, Write
from bench.corpus.script import ROOMS, Script, first_fit
from ipc.actions import ActionKind

DATE_FIELDS = {"arr_on", "arr_from", "range"}
BOOK_FIELDS = DATE_FIELDS | {"nights", "guests", "room", "name", "vague"}  # vague: heldout4/5 only
# "shift" ("one night less"): heldout5 only; the other splits have no template that says it
CHANGE_FIELDS = {"nights": {"nights", "shift"}, "arrival": {"arr_on", "arr_from"}, "room": {"room"}}
FACT_KEYS = ("check_in", "check_out", "parking", "wifi", "breakfast", "pets")
# Booking variants, taken in turn by dialogue number: the cycle lengths (23, 13) share no factor
# with the split cycle (5), so every split and language gets every variant.
BOOK_SPECIALS = ("normal",) * 9 + ("large", "multi") + ("past", "too_long", "too_small", "conflict") * 2 + ("normal", "normal", "normal", "normal")  # fmt: skip
BOOK_ENDS = ("affirm",) * 5 + ("restate",) * 3 + ("nonref",) * 2 + ("wait_change", "deny_change", "decline")  # fmt: skip


def _tag(s: Script, tag: str) -> None:
    t = s.turns[-1]
    t.tags = sorted(set(t.tags) | {tag})


# A yes to a change or a cancellation is not "book it"; a goodbye after a done task is not "I'll call back".
NOT_BOOKING = ("book", "buch")
NOT_DONE = ("call back", "call again", "think about", "rufe", "melde")


def _goodbye(s: Script, done: bool = False) -> None:
    s.say("goodbye", "goodbye", avoid=NOT_DONE if done else ())
    if any(w in s.turns[-1].text.lower() for w in ("thank", "dank")):
        _tag(s, "closing_thanks")


# ---- facts --------------------------------------------------------------------------------------
def _compose(join: str, q1: str, q2: str) -> str:
    """Two questions in one turn; the second is lowercased unless it starts a sentence."""
    if "{q1}," in join:
        q1 = q1.rstrip("?.")
    if not join.split("{q2}")[0].rstrip().endswith("{q1}"):
        q2 = q2[0].lower() + q2[1:]
    return join.format(q1=q1, q2=q2)


def fact_turn(s: Script, kind: str) -> None:
    """A question turn: one fact, two facts, a question no fact covers, or a fact and such a one."""
    rng, lib = s.rng, s.lib
    if kind == "single":
        key = rng.choice(FACT_KEYS)
        t = lib.pick(rng, f"fact.{key}")
        s.add(t.text, "question", {}, ["fact_question"], t.group, facts=[key])
        return
    if kind == "unknown":
        t = lib.pick(rng, "unknown_q")
        s.add(t.text, "question", {}, ["unknown_question"], t.group, facts=[])
        return
    j = lib.pick(rng, "join")
    k1, k2 = rng.sample(FACT_KEYS, 2)
    t1 = lib.pick(rng, f"fact.{k1}")
    if kind == "multi":
        t2 = lib.pick(rng, f"fact.{k2}")
        facts, tags = [k1, k2], ["multi_question", "fact_question"]
    else:  # a fact and a question no fact covers, in either order
        t2 = lib.pick(rng, "unknown_q")
        facts, tags = [k1], ["multi_question", "unknown_question"]
        if rng.random() < 0.5:
            t1, t2 = t2, t1
    text = _compose(j.text, t1.text, t2.text)
    s.add(text, "question", {}, tags, f"{t1.group}+{t2.group}+{j.group}", facts=facts)


def _fact_kind(rng: random.Random) -> str:
    return rng.choices(("single", "multi", "unknown", "mixed"), (55, 22, 15, 8))[0]


# ---- book ---------------------------------------------------------------------------------------
def book(s: Script) -> Expect:
    rng, st = s.rng, s.stay
    if rng.random() < 0.1:
        s.say("greeting", "greeting")
    special = BOOK_SPECIALS[s.index % len(BOOK_SPECIALS)]
    allow, need = BOOK_FIELDS, set()
    if special in ("large", "multi"):
        return _too_big(s, special)
    if special == "past":  # the opener says a date that has passed
        s.modes.add("past")
        allow, need = BOOK_FIELDS - {"range"}, {"arr_on", "arr_from"}
    elif special == "too_long":  # the opener says more nights than the longest stay
        s.modes.add("too_long")
        allow, need = BOOK_FIELDS - {"range"}, {"nights"}
    elif special == "too_small":  # a double or twin, and then three or four guests
        s.modes.add("too_small")
        allow, need = BOOK_FIELDS - {"guests"}, {"room"}
    elif special == "conflict":
        return _conflict(s)
    s.say("book_open", "book", allow=allow, need=need)
    if st.arrival and st.nights and st.guests:
        _tag(s, "everything_first_turn")
    if "vague_date" in s.turns[-1].tags and rng.random() < 0.25:
        # heldout4: asked which day "the end of the month" is, the caller must look it up first
        _goodbye(s)
        return Expect("no_write")
    return _book_rest(s)


def _conflict(s: Script) -> Expect:
    """A range and a number of nights that disagree; asked back, the caller says which is right."""
    st = s.stay
    s.say("conflict_open", "book", mode="correct", tags=("conflicting_dates",))
    assert st.arrival is not None
    departure = s.turns[-1].slots["departure"]
    span = (dt.date.fromisoformat(departure) - st.arrival).days
    st.nights = s.rng.choice((span, st.nights))
    s.say("nights_answer", "provide_info", allow={"nights"}, need={"nights"}, mode="restate", tags=("resolves_conflict",))  # fmt: skip
    return _book_rest(s)


def _book_rest(s: Script) -> Expect:
    """From the opener on: answer what the agent asks until the write (or the end)."""
    rng, st = s.rng, s.stay
    interject = rng.randrange(1, 5) if rng.random() < 0.08 else -1
    fact_before_name = rng.random() < 0.1
    end = BOOK_ENDS[s.index % len(BOOK_ENDS)]
    # heldout4's callers change their mind twice: a second change after the second read-back
    changes = 2 if s.h4 and end in ("wait_change", "deny_change") else 1
    read_backs = 0
    for step in range(1, 30):
        if step == interject:
            kind = rng.choice(("offtopic", "hostile"))
            s.say(kind, "unknown", tags=("off_topic" if kind == "offtopic" else "hostile",))
            continue
        if st.arrival and st.arrival < s.today:
            s.modes.discard("past")
            if rng.random() < 0.25:
                _goodbye(s)
                return Expect("no_write")
            st.arrival, st.offer = None, None
            s.say("past_intro", "provide_info", allow={"arr_on", "arr_from"}, need=DATE_FIELDS, mode="correct")  # fmt: skip
            continue
        if st.nights and st.nights > 30:
            s.modes.discard("too_long")
            if rng.random() < 0.25:
                _goodbye(s)
                return Expect("no_write")
            st.nights, st.offer = None, None
            s.say("nights_answer", "provide_info", allow={"nights"}, need={"nights"}, tags=("after_too_long",))  # fmt: skip
            continue
        if st.arrival is None:
            allow = {"arr_on", "arr_from"}
            if st.nights is None and s.pending is None:  # asked back, a vague date gets a day
                allow |= {"range", "nights", "dep"}
            if st.guests is None:
                allow.add("guests")
            s.say("dates_answer", "provide_info", allow=allow, need=DATE_FIELDS)
            continue
        if st.nights is None:
            s.say("nights_answer", "provide_info", allow={"nights", "dep"}, need={"nights", "dep"})
            continue
        if st.guests is None:
            allow = {"guests"} | ({"room"} if st.room is None else set())
            s.say("guests_answer", "provide_info", allow=allow, need={"guests"})
            continue
        s.modes.discard("too_small")
        if st.room and st.guests > ROOMS[st.room]:
            s.say("room_answer", "provide_info", allow={"room"}, need={"room"}, mode="force_fit", tags=("room_too_small",))  # fmt: skip
            continue
        if st.offer is None:
            st.offer = st.room or first_fit(st.guests)
        if st.name is None:
            if fact_before_name:
                fact_before_name = False
                fact_turn(s, _fact_kind(rng))
                continue
            s.say("name_answer", "provide_info", allow={"name", "room_the"}, need={"name"})
            continue
        read_backs += 1
        if read_backs > changes or end == "affirm":
            if read_backs > 1 and rng.random() < 0.3:
                s.say("affirm_restate", "affirm", allow={"room_the", "nights", "guests"}, mode="restate", tags=("affirm_restate",))  # fmt: skip
            else:
                s.say("affirm", "affirm")
            return _booked(s)
        if end == "restate":
            s.say("affirm_restate", "affirm", allow={"room_the", "nights", "guests"}, mode="restate", tags=("affirm_restate",))  # fmt: skip
            return _booked(s)
        if end == "nonref" and s.h5 and rng.random() < 0.5:
            # heldout5: the caller takes the non-refundable rate, hears its terms and goes back
            s.say("nonref_choice", "provide_info", tags=("nonref",))
            s.say("nonref_decline", "deny", tags=("nonref_declined",))  # states rate_plan FLEX
            s.say("affirm", "affirm")
            return _booked(s)
        if end == "nonref":
            s.say("nonref_choice", "provide_info", tags=("nonref",))
            s.say(rng.choice(("nonref_affirm", "nonref_affirm", "affirm")), "affirm", tags=("nonref",))  # fmt: skip
            return _booked(s)
        if end == "decline":
            kind = rng.choice(("deny", "wait"))
            s.say(kind, "deny", tags=("decline" if kind == "deny" else "wait",))
            _goodbye(s)
            return Expect("no_write")
        what = rng.choice(
            ("nights", "arrival", "room") if st.guests <= 2 else ("nights", "arrival")
        )
        twice = ("changed_twice",) if read_backs == 2 else ()
        if end == "wait_change":
            kind = rng.choice(("deny", "wait"))
            s.say(kind, "deny", tags=("decline" if kind == "deny" else "wait",))
            s.say(f"correct_{what}", "provide_info", allow=CHANGE_FIELDS[what], need=CHANGE_FIELDS[what], mode="correct", tags=("correction", *twice))  # fmt: skip
        else:
            s.say(f"deny_{what}", "deny", allow=CHANGE_FIELDS[what], need=CHANGE_FIELDS[what], mode="correct", tags=("correction", *twice))  # fmt: skip
    raise RuntimeError("book script did not finish in 30 steps")


def _booked(s: Script) -> Expect:
    st, rng = s.stay, s.rng
    assert st.arrival and st.departure and st.guests and st.offer and st.name
    write = Write(
        action=ActionKind.PMS_CREATE,
        arrival=st.arrival.isoformat(),
        departure=st.departure.isoformat(),
        guests=st.guests,
        room_type=st.offer,
        guest_name=st.name,
        rate_plan=st.rate,
    )
    if rng.random() < 0.25:
        s.say("repeat", "repeat", tags=("repeat",))
    if rng.random() < 0.75:
        _goodbye(s, done=True)
    return Expect("booked", write)


def _too_big(s: Script, kind: str) -> Expect:
    """Several rooms, or more guests than any room: honest answer and reception, never a part."""
    s.modes.add(kind)
    fn = "large_group" if kind == "large" else "multi_room"
    s.say(fn, "book", tags=("large_group", "too_many_guests") if kind == "large" else ("multi_room",))  # fmt: skip
    if s.rng.random() < 0.7:
        s.say("reception_accept", "affirm")
        return Expect("transferred")
    s.say("reception_decline", "deny")
    if s.rng.random() < 0.6:
        _goodbye(s)
    return Expect("no_write")


# ---- verified flows -----------------------------------------------------------------------------
def _has(s: Script, slot: str) -> bool:
    return any(slot in t.slots for t in s.turns)


def _verify(s: Script) -> None:
    """Confirmation number and name, in whatever the opener has not said yet."""
    while not (_has(s, "confirmation") and _has(s, "guest_name")):
        if not _has(s, "confirmation") and not _has(s, "guest_name"):
            s.say("verify_answer", "provide_info", allow={"conf", "name"}, need={"conf"})
        elif not _has(s, "confirmation"):
            s.say("conf_answer", "provide_info", allow={"conf"}, need={"conf"})
        else:
            s.say("name_verify_answer", "provide_info", allow={"name"}, need={"name"})


def _refused(s: Script) -> Expect:
    if s.rng.random() < 0.6:
        _goodbye(s)
    return Expect("refused")


def modify(s: Script, wrong_name: bool) -> Expect:
    rng, st = s.rng, s.stay
    s.say("modify_open", "modify", allow={"conf", "name", "range"}, mode="correct")
    _verify(s)
    if wrong_name:
        return _refused(s)
    if not _has(s, "arrival"):  # heldout5's callers may say "one night longer" (shift)
        s.say("modify_dates", "provide_info", allow=DATE_FIELDS | {"nights", "shift"}, need=DATE_FIELDS | {"shift"}, mode="correct")  # fmt: skip
    end = rng.choices(("affirm", "deny_again", "wait_again", "decline"), (75, 12, 5, 8))[0]
    if end in ("deny_again", "wait_again"):
        kind = "deny" if end == "deny_again" else "wait"
        s.say(kind, "deny", tags=("decline" if kind == "deny" else "wait",))
        s.say("modify_dates", "provide_info", allow=DATE_FIELDS | {"nights"}, need=DATE_FIELDS, mode="correct", tags=("correction",))  # fmt: skip
    elif end == "decline":
        s.say("deny", "deny", tags=("decline",))
        _goodbye(s)
        return Expect("no_write")
    s.say("affirm", "affirm", avoid=NOT_BOOKING)
    assert st.arrival and st.departure
    write = Write(
        action=ActionKind.PMS_MODIFY,
        confirmation=s.caller.conf,
        arrival=st.arrival.isoformat(),
        departure=st.departure.isoformat(),
    )
    if rng.random() < 0.6:
        _goodbye(s, done=True)
    return Expect("modified", write)


def cancel(s: Script, wrong_name: bool) -> Expect:
    rng = s.rng
    s.say("cancel_open", "cancel", allow={"conf", "name"})
    _verify(s)
    if wrong_name:
        return _refused(s)
    if rng.random() < 0.15:
        kind = rng.choice(("deny", "wait"))
        s.say(kind, "deny", tags=("decline" if kind == "deny" else "wait",))
        _goodbye(s)
        return Expect("no_write")
    s.say("affirm", "affirm", avoid=NOT_BOOKING)
    if rng.random() < 0.6:
        _goodbye(s, done=True)
    return Expect("cancelled", Write(action=ActionKind.PMS_CANCEL, confirmation=s.caller.conf))


def lookup(s: Script, wrong_name: bool, other: bool) -> Expect:
    rng = s.rng
    if other:
        s.say("lookup_other", "lookup", allow={"other_name"})
        # The caller gives the number and their own name (a later name replaces the friend's).
        s.say("verify_answer", "provide_info", allow={"conf", "name"}, need={"name"})
        return _refused(s)
    s.say("lookup_open", "lookup", allow={"conf", "name"})
    _verify(s)
    if wrong_name:
        return _refused(s)
    if rng.random() < 0.25:
        fact_turn(s, _fact_kind(rng))
    if rng.random() < 0.85:
        _goodbye(s, done=True)
    return Expect("answered")


# ---- the rest -----------------------------------------------------------------------------------
def facts(s: Script) -> Expect:
    rng = s.rng
    if rng.random() < 0.15:
        s.say("greeting", "greeting")
    for _ in range(rng.choice((1, 1, 2, 2, 3))):
        kind = _fact_kind(rng)
        fact_turn(s, kind)
        if kind in ("unknown", "mixed"):
            r = rng.random()
            if r < 0.2:
                s.say("reception_accept", "affirm")
                return Expect("transferred")
            if r < 0.6:
                s.say("reception_decline", "deny")
    if rng.random() < 0.9:
        _goodbye(s, done=True)
    return Expect("answered")


def human(s: Script) -> Expect:
    rng = s.rng
    prefix = rng.choice(("none", "greeting", "fact", "book"))
    if prefix == "greeting":
        s.say("greeting", "greeting")
    elif prefix == "fact":
        fact_turn(s, "single")
    elif prefix == "book":
        s.say("book_open", "book", allow=BOOK_FIELDS)
    s.say("human", "human")
    return Expect("transferred")


def goodbye(s: Script) -> Expect:
    prefix = s.rng.choice(("none", "greeting", "greeting", "book", "book"))
    if prefix == "greeting":
        s.say("greeting", "greeting")
    elif prefix == "book":
        s.say("book_open", "book", allow={"arr_on", "arr_from", "nights", "room"})
    _goodbye(s)
    return Expect("ended")


def abuse(s: Script) -> Expect:
    rng = s.rng
    for _ in range(rng.choice((1, 2, 2, 3))):
        kind = rng.choice(("hostile", "offtopic", "injection", "injection"))
        tag = {"hostile": "hostile", "offtopic": "off_topic", "injection": "injection"}[kind]
        s.say(kind, "unknown", allow={"conf"}, tags=(tag,))
    if rng.random() < 0.4:
        _goodbye(s)
    return Expect("no_write")


FLOWS: dict[str, Any] = {
    "book": book,
    "modify": modify,
    "cancel": cancel,
    "lookup": lookup,
    "facts": facts,
    "human": human,
    "goodbye": goodbye,
    "abuse": abuse,
}
