"""One call's dialogue state and how a caller turn's slots are merged into it.

Why a msgspec Struct: COMMAND stores it after each turn and a restarted INTEL
resumes the call with ``Dialogue.restore``; everything the dialogue knows must
be in here, nothing in the objects around it.

Merging rules (later values win: that is how corrections work): a new arrival
keeps the known number of nights; "make it three nights" moves the departure;
any change of what a pending write would do drops that write and the offer it
was built on, so the caller hears a new read-back before anything is written.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from agents.intel import verification as verify
from ipc.actions import ActionKind
from ipc.payloads import Booking, Offer

DATE_SLOTS = ("arrival", "departure", "nights")
# Slots that change what a booking is; a change drops the offer made for the old ones.
OFFER_SLOTS = ("guests", "room_type", "rate_plan", "rooms")


class Pending(msgspec.Struct):
    """An action proposed and not yet finished: waiting for a yes, or for its result."""

    action: ActionKind
    args: dict[str, Any]  # INTEL's own form; the Proposal carries them typed (ipc/payloads.py)
    stage: str  # "confirm" (needs the caller's yes) | "result" (proposed, waiting for the executor)
    turn: int = 0  # the turn whose reply read it back
    say_first: str = ""  # words owed to the caller, said before the result's answer


class DialogueState(msgspec.Struct):
    today: str
    caller_id: str | None = None
    lang: str = "en"
    turn: int = 0
    task: str = ""
    slots: dict[str, Any] = {}
    asked: str | None = None
    # ``asked`` was an open question ("how many nights?"), not a yes/no one ("a suite instead?")
    asked_open: bool = False
    pending: Pending | None = None
    clarify: dict[str, Any] | None = None  # dates awaiting the caller's choice
    offer: Offer | None = None
    offers: list[Offer] = []  # every fitting offer of the last availability read
    quoted: bool = False  # a change was quoted (modify); ``offer`` None: the PMS had no price
    rates_told: bool = False  # the caller heard the other rates (and their terms) for this stay
    reservation: Booking | None = None  # only ever a verified one
    # ``reservation`` was found on its digits (verification.by_digits): every read-back names
    # it with its dates, and nothing of it is told before the caller says it is theirs
    unconfirmed: bool = False
    # the letters of a code said alone while the number was asked ("Sierra, Oscar."), put in
    # front of the code the next turn says (agents/intel/reading.py slots_of)
    code_start: str = ""
    # room types the PMS said were just taken during this booking (offered no more)
    taken: list[str] = []
    verification: float = 0.0
    tried_phone: bool = False
    verify_failures: int = 0
    # the caller's line has a keypad (a SIP phone call, CallStart.channel "sip"): a number
    # asked again offers it (a console or text call has none)
    keypad: bool = False
    # times the confirmation number was not found or not heard in this call: the next
    # question for it offers the keypad (docs/understanding.md "The keypad")
    number_missed: int = 0
    not_understood: int = 0
    offer_human: bool = False
    human_reason: str = ""  # why a colleague was offered: rooms | group | fact | error
    # The question open before a colleague was offered ("the name?" before "is there a spa?"):
    # a caller who ignores the offer most likely answers it.
    asked_before_offer: str | None = None
    outcome: str = (
        ""  # booked | modified | cancelled | answered | refused | pms_error | transferred | ended
    )
    corrections: int = 0
    last_understanding: float = 0.0
    last_flags: list[str] = []
    # The name: where it came from, and whether the caller confirmed it (read back + yes).
    name_asr: float = 1.0  # ASR confidence of the turn that gave the name (1.0 = typed)
    name_spelled: bool = False  # the caller spelled it (or we spelled it back)
    name_confirmed: bool = False
    asr_confidence: float = 1.0  # of the current turn
    confirmations: list[str] = []  # given to the caller in this call, latest last
    last_reply: str = ""
    # The driver reports the decision core's verdicts (Dialogue.on_decision): then a yes
    # counts only for a question the caller really heard (our last proposal, approved).
    decisions: bool = False
    said: str = ""  # the action of our last proposal
    said_turn: int = 0
    heard: bool = False  # that proposal was approved: the caller heard it

    def was_heard(self) -> bool:
        """Did the caller hear our last question? (Without verdicts we must assume so.)"""
        return self.heard or not self.decisions

    @property
    def verified(self) -> bool:
        return self.reservation is not None and self.verification >= verify.VERIFIED


def plus(iso: str, days: int) -> str:
    return (dt.date.fromisoformat(iso) + dt.timedelta(days=int(days))).isoformat()


def nights_between(arrival: str, departure: str) -> int:
    return (dt.date.fromisoformat(str(departure)) - dt.date.fromisoformat(str(arrival))).days


def start_task(s: DialogueState, task: str) -> None:
    s.task = task
    s.pending = None
    s.offer = None
    s.offers = []
    s.quoted = False
    s.taken = []
    s.clarify = None
    s.asked = None


def finish_task(s: DialogueState) -> None:
    s.task = ""
    s.pending = None
    s.asked = None


def drop_offer(s: DialogueState) -> None:
    s.offer = None
    s.offers = []
    s.quoted = False
    s.rates_told = False


def forget_dates(s: DialogueState, keep_nights: bool = False) -> None:
    """Drop the stay (a past or impossible date); the length the caller said may stay."""
    for k in DATE_SLOTS:
        if not (keep_nights and k == "nights"):
            s.slots.pop(k, None)
    drop_offer(s)


def merge(s: DialogueState, new_slots: dict[str, Any]) -> set[str]:
    """Merge one turn's slots into the state; returns the slots whose value changed."""
    sl = s.slots
    new = dict(new_slots)
    if not new:
        return set()
    changed = {k for k, v in new.items() if k in sl and sl[k] != v}
    if changed - {"spelled"}:
        s.corrections += 1
    # Dates: keep arrival/departure/nights consistent whatever subset was said.
    a, d, n = new.pop("arrival", None), new.pop("departure", None), new.pop("nights", None)
    if a or d or n is not None:
        before = (sl.get("arrival"), sl.get("departure"))
        if s.task == "modify" and s.reservation and not a and not d and n is not None:
            # "make it 2 nights": from the new arrival asked for in this call, else the booking's
            a = sl.get("arrival") or s.reservation.arrival.isoformat()
        if s.task == "modify" and s.reservation and a and not d and n is None:
            # the length the caller asked for in this call, else the booking's own
            n = sl.get("nights") or s.reservation.nights
        cur_a = a or sl.get("arrival")
        if a and d:
            sl["arrival"], sl["departure"] = a, d
        elif a:
            sl["arrival"] = a
            keep = n if n is not None else sl.get("nights")
            if keep:
                sl["departure"] = plus(a, keep)
            else:
                sl.pop("departure", None)
        elif d:
            sl["departure"] = d
            if n is not None and not cur_a:
                sl["arrival"] = plus(d, -n)
        elif n is not None and cur_a:
            sl["departure"] = plus(cur_a, n)
        if n is not None and not sl.get("arrival"):
            sl["nights"] = n
        if sl.get("arrival") and sl.get("departure"):
            sl["nights"] = nights_between(sl["arrival"], sl["departure"])
        if (sl.get("arrival"), sl.get("departure")) != before:
            changed.add("dates")
            s.taken = []  # a room just taken for the old dates may be free for the new ones
        drop_offer(s)
    name = new.pop("guest_name", None)
    spelled = bool(new.pop("spelled", False))
    if name is not None:
        if name != sl.get("guest_name"):
            changed.add("guest_name")
            s.name_confirmed = False
        sl["guest_name"] = name
        s.name_asr = s.asr_confidence
        # ``spelled`` covers the turn: with a confirmation number in it, that may be what was
        # spelled ("S-O-V-3929, Hannah Scott"); the name then counts as not spelled (safe side)
        s.name_spelled = spelled and "confirmation" not in new
    for k, v in new.items():
        if k in OFFER_SLOTS and sl.get(k) != v:
            if k != "rate_plan":
                drop_offer(s)
            changed.add(k)
        sl[k] = v
    if s.pending and s.pending.stage == "confirm" and changed:
        s.pending = None
    return changed
