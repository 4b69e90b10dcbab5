"""INTEL's brain: one call's dialogue state, slot filling and the next action to propose.

The dialogue is a planner, not a script: after every caller turn it merges what
was understood into the slots (later values win: that is how corrections work)
and derives the next step from the state — ask for what is missing, read the
PMS, ask for a yes before a write, or carry out the write. PMS results and the
decision core's refusals come back through ``on_result`` / ``on_rejected``.

Safety rules kept here (the decision core adds its own):
- no write without an explicit yes to a question that named what will happen;
- no booking is read, changed or cancelled before the caller is verified
  (confirmation number + name, or the call comes from the booking's phone);
  a booking is never looked up by name alone;
- an unverified caller hears nothing about the booking found.

The state is a msgspec Struct so COMMAND can store it after each turn and
restore a crashed INTEL with ``Dialogue.restore``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import msgspec

from agents.intel import verification as verify
from agents.understanding.backend import (
    TASK_INTENTS,
    Context,
    Understanding,
    UnderstandingBackend,
    UnderstandingError,
    make_backend,
)
from agents.understanding.textnorm import FLAG_CUT, FLAG_EMPTY, FLAG_GARBAGE
from agents.understanding.texts import room_name, say, spoken_date, spoken_guests
from ipc.messages import ActionResult, Decision, Evidence, Proposal, Transcript

if TYPE_CHECKING:
    from config.settings import Settings

ORIGIN = "intel"
WRITES = ("pms.create", "pms.modify", "pms.cancel")
MAX_NOT_UNDERSTOOD = 3


class Pending(msgspec.Struct):
    """An action proposed and not yet finished: waiting for a yes, or for its result."""

    action: str
    args: dict[str, Any]
    stage: str  # "confirm" (needs the caller's yes) | "result" (proposed, waiting for the executor)


class DialogueState(msgspec.Struct):
    today: str
    caller_id: str | None = None
    lang: str = "en"
    turn: int = 0
    task: str = ""
    slots: dict[str, Any] = {}
    asked: str | None = None
    pending: Pending | None = None
    clarify: dict[str, Any] | None = None  # dates awaiting the caller's choice
    offer: dict[str, Any] | None = None
    reservation: dict[str, Any] | None = None  # only ever a verified one
    verification: float = 0.0
    tried_phone: bool = False
    verify_failures: int = 0
    not_understood: int = 0
    offer_human: bool = False
    outcome: str = (
        ""  # booked | modified | cancelled | answered | refused | pms_error | transferred | ended
    )
    corrections: int = 0
    last_understanding: float = 0.0
    last_flags: list[str] = []

    @property
    def verified(self) -> bool:
        return self.reservation is not None and self.verification >= verify.VERIFIED


class Dialogue:
    """One call's deep understanding. Not thread-safe: owned by the INTEL handler of this call."""

    def __init__(
        self,
        settings: Settings,
        today: dt.date,
        caller_id: str | None = None,
        backend: UnderstandingBackend | None = None,
        state: DialogueState | None = None,
    ):
        self.settings = settings
        self.hotel = settings.hotel
        self.backend = backend or make_backend(settings)
        self.state = state or DialogueState(today=today.isoformat(), caller_id=caller_id)
        self._rooms = {r.code: r for r in self.hotel.room_types}

    # ---- persistence -------------------------------------------------------------------
    def dump(self) -> bytes:
        return msgspec.msgpack.encode(self.state)

    @classmethod
    def restore(
        cls, settings: Settings, blob: bytes, backend: UnderstandingBackend | None = None
    ) -> Dialogue:
        state = msgspec.msgpack.decode(blob, type=DialogueState)
        return cls(settings, dt.date.fromisoformat(state.today), state.caller_id, backend, state)

    @property
    def today(self) -> dt.date:
        return dt.date.fromisoformat(self.state.today)

    @property
    def caller_verification(self) -> float:
        return self.state.verification

    # ---- inputs ------------------------------------------------------------------------
    def on_transcript(self, t: Transcript) -> Proposal:
        s = self.state
        s.turn = t.turn or s.turn + 1
        if t.caller_id and not s.caller_id:
            s.caller_id = t.caller_id
        ctx = Context(
            today=self.today,
            lang=s.lang,
            asked=s.asked,
            awaiting_confirmation=bool(s.pending and s.pending.stage == "confirm")
            or s.clarify is not None
            or s.offer_human,
        )
        try:
            u = self.backend.understand(t.text, ctx)
        except UnderstandingError:
            s.last_understanding = 0.0
            return self._say("speak.ask", "rejected_ask", intent="unknown")
        s.lang = u.lang
        s.last_understanding = u.confidence
        s.last_flags = list(u.flags)
        if FLAG_EMPTY in u.flags or FLAG_GARBAGE in u.flags:
            return self._not_understood(u)
        return self._turn(u)

    def on_result(self, r: ActionResult) -> Proposal | None:
        """The executor's outcome of an action this dialogue proposed; None if it isn't ours."""
        s = self.state
        p = s.pending
        if p is None or p.stage != "result" or p.action != r.action:
            return None
        s.pending = None
        s.last_understanding = 1.0
        if not r.ok:
            err = (r.error or "").lower()
            s.outcome = "pms_error"
            s.offer_human = True
            key = "unsupported" if "unsupported" in err else "pms_error"
            return self._say("speak.apologise", key, intent=s.task)
        res = r.result or {}
        if r.action == "pms.availability":
            return self._on_offers(res)
        if r.action == "pms.find_booking":
            return self._on_found(res)
        booking = _reservation(res) or {}
        conf = booking.get("confirmation") or s.slots.get("confirmation") or ""
        args = p.args
        if r.action == "pms.create":
            s.outcome = "booked"
            s.slots["confirmation"] = conf
            text = say(
                "booked", s.lang, confirmation=_spell(conf),
                room=room_name(args.get("room_type", ""), s.lang),
                arrival=spoken_date(args["arrival"], s.lang),
                departure=spoken_date(args["departure"], s.lang),
            )  # fmt: skip
        elif r.action == "pms.modify":
            s.outcome = "modified"
            text = say(
                "modified", s.lang, confirmation=_spell(conf),
                arrival=spoken_date(args["arrival"], s.lang),
                departure=spoken_date(args["departure"], s.lang),
            )  # fmt: skip
        elif r.action == "pms.cancel":
            s.outcome = "cancelled"
            text = say("cancelled", s.lang, confirmation=_spell(conf))
        else:
            return None
        self._finish_task()
        return self._proposal(
            "speak.confirm", f"{text} {say('anything_else', s.lang)}", intent=r.action
        )

    def on_rejected(self, decision: Decision) -> Proposal:
        """What to say when the decision core refuses one of our proposals."""
        s = self.state
        if s.pending and s.pending.action == decision.action:
            s.pending = None
        if decision.fallback == "fallback.decline":
            return self._say("speak.apologise", "decline", intent=s.task)
        if (
            decision.action.startswith(("pms.", "transfer."))
            or decision.fallback == "fallback.offer_human"
        ):
            s.offer_human = True
            return self._say("speak.apologise", "rejected", intent=s.task)
        return self._say("speak.ask", "rejected_ask", intent=s.task)

    def evidence(self) -> list[Evidence]:
        """Evidence the INTEL process sends with its latest proposal."""
        s = self.state
        ev = [
            Evidence(
                source="understanding_confidence", value=round(s.last_understanding, 4), turn=s.turn
            ),
            Evidence(
                source="slot_validation", value=1.0 if self._slots_valid() else 0.2, turn=s.turn
            ),
        ]
        if s.task in ("modify", "cancel", "lookup"):
            ev.append(Evidence(source="caller_verification", value=s.verification, turn=s.turn))
        return ev

    # ---- the planner -------------------------------------------------------------------
    def _turn(self, u: Understanding) -> Proposal:
        s = self.state
        intent = u.intent
        if s.offer_human:
            s.offer_human = False
            if u.polarity == "affirm" or intent in ("affirm", "human"):
                s.outcome = s.outcome or "transferred"
                return self._proposal(
                    "transfer.human", say("human", s.lang), intent="human",
                    args={"reason": "caller accepted a colleague"},
                )  # fmt: skip
        if intent == "human":
            s.outcome = "transferred"
            return self._proposal(
                "transfer.human", say("human", s.lang), intent=intent,
                args={"reason": "caller asked for a person"},
            )  # fmt: skip
        if intent == "goodbye" and not u.slots:
            s.outcome = s.outcome or "ended"
            text = say("goodbye", s.lang, hotel=self.hotel.name)
            return self._proposal("call.end", text, intent=intent, args={"text": text})
        if intent.startswith("fact."):
            fact = self._fact(intent.removeprefix("fact."))
            if not s.task:
                s.outcome = s.outcome or "answered"
                return self._proposal("speak.answer", fact, intent=intent)
            nxt = self._plan(u)
            nxt.reply = f"{fact} {nxt.reply}"
            nxt.intent = intent
            if nxt.action.startswith("speak."):
                nxt.args = {"text": nxt.reply}
            return nxt
        if intent in TASK_INTENTS and intent != s.task and u.confidence >= 0.3:
            self._start_task(intent)
        if s.clarify is not None:
            return self._resolve_clarify(u)
        if s.pending and s.pending.stage == "confirm":
            if (u.polarity == "affirm" or intent == "affirm") and not u.slots:
                s.pending.stage = "result"
                return self._proposal(
                    s.pending.action, say("ack", s.lang), intent="affirm", args=s.pending.args
                )
            if u.polarity == "deny" or intent == "deny":
                s.pending = None
                if not u.slots:
                    return self._say("speak.ask", "denied", intent="deny")
        self._merge(u)
        if not s.task:
            if intent == "greeting":
                return self._proposal(
                    "speak.answer", say("greeting", s.lang, hotel=self.hotel.name), intent=intent
                )
            if intent == "unknown" or not u.slots:
                return self._not_understood(u)
            self._start_task(
                "book" if {"arrival", "guests", "room_type"} & u.slots.keys() else "lookup"
            )
        return self._plan(u)

    def _plan(self, u: Understanding | None = None) -> Proposal:
        s = self.state
        if u is not None and "dates" in u.conflicts and s.clarify is None:
            return self._ask_clarify_dates(u)
        if s.task == "book":
            return self._plan_book()
        if s.task in ("modify", "cancel", "lookup"):
            return self._plan_existing()
        return self._say("speak.ask", "how_help", intent="unknown")

    def _plan_book(self) -> Proposal:
        s, sl = self.state, self.state.slots
        problem = self._date_problem()
        if problem:
            return problem
        if "arrival" not in sl:
            return self._ask("arrival", "ask_dates")
        if "departure" not in sl:
            return self._ask("nights", "ask_nights")
        if "guests" not in sl:
            return self._ask("guests", "ask_guests")
        rt = sl.get("room_type")
        if rt and rt in self._rooms and sl["guests"] > self._rooms[rt].max_guests:
            sl.pop("room_type")
            s.offer = None
            text = self._room_too_small(rt, sl["guests"])
            s.asked = "room_type"
            return self._proposal("speak.ask", text, intent="book")
        if s.offer is None:
            args = {"arrival": sl["arrival"], "departure": sl["departure"], "guests": sl["guests"]}
            if rt:
                args["room_type"] = rt
            s.pending = Pending("pms.availability", args, "result")
            s.asked = None
            text = say(
                "checking", s.lang, arrival=spoken_date(sl["arrival"], s.lang),
                departure=spoken_date(sl["departure"], s.lang),
                guests=spoken_guests(sl["guests"], s.lang),
            )  # fmt: skip
            return self._proposal("pms.availability", text, intent="book", args=args)
        if "guest_name" not in sl:
            return self._ask("guest_name", "ask_name")
        return self._confirm_create()

    def _confirm_create(self) -> Proposal:
        s, sl, o = self.state, self.state.slots, self.state.offer or {}
        args = {
            "offer_id": o.get("offer_id", ""),
            "guest_name": sl["guest_name"],
            "arrival": sl["arrival"],
            "departure": sl["departure"],
            "guests": sl["guests"],
            "room_type": o.get("room_type") or sl.get("room_type", ""),
        }
        phone = sl.get("phone") or s.caller_id
        if phone:
            args["phone"] = phone
        if sl.get("email"):
            args["email"] = sl["email"]
        s.pending = Pending("pms.create", args, "confirm")
        s.asked = None
        text = say(
            "confirm_book", s.lang, room=room_name(args["room_type"], s.lang),
            arrival=spoken_date(args["arrival"], s.lang),
            departure=spoken_date(args["departure"], s.lang),
            guests=spoken_guests(args["guests"], s.lang), name=args["guest_name"],
        )  # fmt: skip
        return self._proposal("speak.ask", text, intent="book")

    def _plan_existing(self) -> Proposal:
        s, sl = self.state, self.state.slots
        if not s.verified:
            if sl.get("confirmation") and sl.get("guest_name"):
                args = {"confirmation": sl["confirmation"], "name": sl["guest_name"]}
            elif s.caller_id and not s.tried_phone and not sl.get("confirmation"):
                s.tried_phone = True
                args = {"phone": s.caller_id}
            elif sl.get("confirmation"):
                return self._ask("guest_name", "ask_name_verify")
            elif s.asked == "confirmation":
                # Asked for the number and didn't get it: a name alone never opens a booking.
                s.outcome = "refused"
                s.asked = None
                s.offer_human = True
                text = f"{say('privacy', s.lang)} {say('rejected', s.lang)}"
                return self._proposal("speak.apologise", text, intent=s.task)
            elif sl.get("guest_name"):
                return self._ask("confirmation", "ask_confirmation")
            else:
                return self._ask("confirmation", "ask_verification")
            s.pending = Pending("pms.find_booking", args, "result")
            s.asked = None
            return self._proposal("pms.find_booking", say("ack", s.lang), intent=s.task, args=args)
        r = s.reservation or {}
        conf = r.get("confirmation", "")
        if s.task == "lookup":
            s.outcome = "answered"
            text = say(
                "found", s.lang, room=room_name(r.get("room_type", ""), s.lang),
                arrival=spoken_date(r["arrival"], s.lang),
                departure=spoken_date(r["departure"], s.lang),
                guests=spoken_guests(_guests_of(r), s.lang),
            )  # fmt: skip
            self._finish_task()
            return self._proposal(
                "speak.answer", f"{text} {say('anything_else', s.lang)}", intent="lookup"
            )
        if s.task == "cancel":
            args = {
                "reservation_id": r.get("reservation_id") or r.get("id", ""),
                "reason": "caller request",
            }
            s.pending = Pending("pms.cancel", args, "confirm")
            s.asked = None
            text = say(
                "confirm_cancel", s.lang, confirmation=_spell(conf),
                arrival=spoken_date(r["arrival"], s.lang), departure=spoken_date(r["departure"], s.lang),
            )  # fmt: skip
            return self._proposal("speak.ask", text, intent="cancel")
        # modify: new dates relative to the booking
        problem = self._date_problem()
        if problem:
            return problem
        new_a, new_d = sl.get("arrival"), sl.get("departure")
        if not new_a or not new_d or (new_a == str(r["arrival"]) and new_d == str(r["departure"])):
            return self._ask("arrival", "ask_new_dates")
        args = {
            "reservation_id": r.get("reservation_id") or r.get("id", ""),
            "arrival": new_a,
            "departure": new_d,
        }
        if sl.get("guests") and sl["guests"] != _guests_of(r):
            args["guests"] = sl["guests"]
        s.pending = Pending("pms.modify", args, "confirm")
        s.asked = None
        text = say(
            "confirm_modify", s.lang, arrival=spoken_date(new_a, s.lang),
            departure=spoken_date(new_d, s.lang),
        )  # fmt: skip
        return self._proposal("speak.ask", text, intent="modify")

    # ---- results -----------------------------------------------------------------------
    def _on_offers(self, res: dict[str, Any]) -> Proposal:
        s, sl = self.state, self.state.slots
        offers = [o for o in (res.get("offers") or []) if isinstance(o, dict)]
        fitting = [o for o in offers if self._fits(o.get("room_type", ""), sl.get("guests", 1))]
        wanted = sl.get("room_type")
        best = next((o for o in fitting if o.get("room_type") == wanted), None)
        alt = best is None and wanted is not None
        best = best or (fitting[0] if fitting else None)
        if best is None:
            args = (sl.get("arrival"), sl.get("departure"), sl.get("guests", 1))
            for k in ("arrival", "departure", "nights"):
                sl.pop(k, None)
            s.asked = "arrival"
            text = say(
                "no_availability", s.lang, arrival=spoken_date(args[0], s.lang),
                departure=spoken_date(args[1], s.lang), guests=spoken_guests(args[2], s.lang),
            )  # fmt: skip
            return self._proposal("speak.ask", text, intent="book")
        s.offer = best
        sl["room_type"] = best.get("room_type")
        total, currency = _money(best.get("total"), self.hotel.currency)
        kw = {
            "room": room_name(best.get("room_type", ""), s.lang),
            "arrival": spoken_date(sl["arrival"], s.lang),
            "departure": spoken_date(sl["departure"], s.lang),
            "guests": spoken_guests(sl["guests"], s.lang),
            "total": total,
            "currency": currency,
        }
        offer = (
            say("offer_alt", s.lang, wanted=room_name(wanted, s.lang), **kw)
            if alt
            else say("offer", s.lang, **kw)
        )
        nxt = self._plan_book()
        nxt.reply = f"{offer} {nxt.reply}"
        nxt.args = {"text": nxt.reply}
        return nxt

    def _on_found(self, res: dict[str, Any]) -> Proposal:
        s, sl = self.state, self.state.slots
        found = res.get("reservations")
        if found is None:
            one = _reservation(res)
            found = [one] if one else []
        best, best_score = None, 0.0
        for r in found:
            if not isinstance(r, dict) or str(r.get("status", "")).lower() == "cancelled":
                continue
            v = verify.score(r, sl.get("confirmation"), sl.get("guest_name"), s.caller_id)
            if v > best_score:
                best, best_score = r, v
        if best is not None and best_score >= verify.VERIFIED:
            s.reservation = best
            s.verification = best_score
            return self._plan_existing()
        s.verification = best_score
        if not sl.get("confirmation") and not sl.get("guest_name"):
            # Nothing under the caller's number: ask for the confirmation number instead.
            return self._ask("confirmation", "ask_verification")
        s.verify_failures += 1
        s.outcome = "refused"
        for k in ("confirmation", "guest_name"):
            sl.pop(k, None)
        s.asked = None
        tail = "rejected" if s.verify_failures >= 2 else "anything_else"
        s.offer_human = s.verify_failures >= 2
        return self._proposal(
            "speak.apologise", f"{say('not_verified', s.lang)} {say(tail, s.lang)}", intent=s.task
        )

    # ---- slot handling -----------------------------------------------------------------
    def _merge(self, u: Understanding) -> None:
        s, sl = self.state, self.state.slots
        new = dict(u.slots)
        if not new:
            return
        changed = {k for k, v in new.items() if k in sl and sl[k] != v}
        if changed:
            s.corrections += 1
        # Dates: keep arrival/departure/nights consistent whatever subset was said.
        a, d, n = new.pop("arrival", None), new.pop("departure", None), new.pop("nights", None)
        if a or d or n is not None:
            if s.task == "modify" and s.reservation and not a and not d and n is not None:
                a = str(s.reservation["arrival"])
            if s.task == "modify" and s.reservation and a and not d and n is None:
                n = _nights_of(s.reservation)
            cur_a = a or sl.get("arrival")
            if a and d:
                sl["arrival"], sl["departure"] = a, d
            elif a:
                sl["arrival"] = a
                keep = n if n is not None else sl.get("nights")
                if keep:
                    sl["departure"] = _plus(a, keep)
                else:
                    sl.pop("departure", None)
            elif d:
                sl["departure"] = d
                if n is not None and not cur_a:
                    sl["arrival"] = _plus(d, -n)
            elif n is not None and cur_a:
                sl["departure"] = _plus(cur_a, n)
            if n is not None and not sl.get("arrival"):
                sl["nights"] = n
            if sl.get("arrival") and sl.get("departure"):
                sl["nights"] = (
                    dt.date.fromisoformat(sl["departure"]) - dt.date.fromisoformat(sl["arrival"])
                ).days
            if s.offer and (
                s.offer.get("arrival") not in (None, sl.get("arrival"))
                or s.offer.get("departure") not in (None, sl.get("departure"))
            ):
                s.offer = None
            s.offer = None if (a or d or n is not None) else s.offer
        for k, v in new.items():
            if k in ("guests", "room_type") and sl.get(k) != v:
                s.offer = None
            sl[k] = v
        if s.pending and s.pending.stage == "confirm" and changed:
            s.pending = None

    def _date_problem(self) -> Proposal | None:
        _s, sl = self.state, self.state.slots
        a = sl.get("arrival")
        if a and dt.date.fromisoformat(a) < self.today:
            for k in ("arrival", "departure", "nights"):
                sl.pop(k, None)
            return self._ask("arrival", "past_date")
        d = sl.get("departure")
        if a and d and dt.date.fromisoformat(d) <= dt.date.fromisoformat(a):
            for k in ("arrival", "departure", "nights"):
                sl.pop(k, None)
            return self._ask("arrival", "bad_range")
        return None

    def _ask_clarify_dates(self, u: Understanding) -> Proposal:
        s = self.state
        a, d, n = u.slots.get("arrival"), u.slots.get("departure"), u.slots.get("nights")
        others = {k: v for k, v in u.slots.items() if k not in ("arrival", "departure", "nights")}
        s.slots.update(others)
        s.clarify = {"arrival": a, "departure": d, "nights": n}
        span = (dt.date.fromisoformat(d) - dt.date.fromisoformat(a)).days if a and d else 0
        text = say(
            "clarify_dates", s.lang, arrival=spoken_date(a, s.lang), departure=spoken_date(d, s.lang),
            span=span, nights=n,
        )  # fmt: skip
        s.asked = "nights"
        return self._proposal("speak.ask", text, intent=s.task or "book")

    def _resolve_clarify(self, u: Understanding) -> Proposal:
        s = self.state
        c = s.clarify or {}
        s.clarify = None
        if "arrival" in u.slots or "departure" in u.slots:
            self._merge(u)
        elif "nights" in u.slots:
            s.slots["arrival"] = c["arrival"]
            s.slots["departure"] = _plus(c["arrival"], u.slots["nights"])
            s.slots["nights"] = u.slots["nights"]
        elif u.polarity == "affirm" or u.intent == "affirm":
            s.slots.update(
                arrival=c["arrival"], departure=c["departure"],
                nights=(dt.date.fromisoformat(c["departure"]) - dt.date.fromisoformat(c["arrival"])).days,
            )  # fmt: skip
        else:
            s.clarify = c
            return self._ask("nights", "ask_dates")
        s.offer = None
        return self._plan()

    # ---- helpers -----------------------------------------------------------------------
    def _start_task(self, task: str) -> None:
        s = self.state
        s.task = task
        s.pending = None
        s.offer = None
        s.clarify = None
        s.asked = None

    def _finish_task(self) -> None:
        s = self.state
        s.task = ""
        s.pending = None
        s.asked = None

    def _not_understood(self, u: Understanding) -> Proposal:
        s = self.state
        s.not_understood += 1
        if s.not_understood >= MAX_NOT_UNDERSTOOD:
            s.not_understood = 0
            s.offer_human = True
            return self._say("speak.apologise", "rejected", intent="unknown")
        key = "cut" if FLAG_CUT in u.flags else "not_understood"
        if s.asked and key == "not_understood":
            return self._proposal(
                "speak.ask", f"{say(key, s.lang)} {self._question_for(s.asked)}", intent="unknown"
            )
        return self._say("speak.ask", key, intent="unknown")

    def _question_for(self, slot: str) -> str:
        keys = {
            "arrival": "ask_dates",
            "nights": "ask_nights",
            "guests": "ask_guests",
            "room_type": "ask_room_type",
            "guest_name": "ask_name",
            "confirmation": "ask_verification",
        }
        return say(keys.get(slot, "how_help"), self.state.lang)

    def _ask(self, slot: str, key: str) -> Proposal:
        self.state.asked = slot
        return self._say("speak.ask", key, intent=self.state.task or "unknown")

    def _fact(self, key: str) -> str:
        return self.hotel.fact_text(key, self.state.lang) or say("decline", self.state.lang)

    def _fits(self, code: str, guests: int) -> bool:
        room = self._rooms.get(code)
        return room is None or guests <= room.max_guests

    def _room_too_small(self, code: str, guests: int) -> str:
        lang = self.state.lang
        bigger = [c for c, r in self._rooms.items() if guests <= r.max_guests]
        what = room_name(code, lang)
        if lang == "de":
            head = f"Ein {what} ist für höchstens {self._rooms[code].max_guests} Personen."
            tail = f" Möchten Sie stattdessen eine {room_name(bigger[0], lang)}?" if bigger else ""
        else:
            head = f"A {what} takes at most {self._rooms[code].max_guests} guests."
            tail = f" Would you like a {room_name(bigger[0], lang)} instead?" if bigger else ""
        return head + tail

    def _slots_valid(self) -> bool:
        sl = self.state.slots
        try:
            if sl.get("arrival") and dt.date.fromisoformat(sl["arrival"]) < self.today:
                return False
            if sl.get("arrival") and sl.get("departure"):
                return sl["departure"] > sl["arrival"]
        except ValueError:
            return False
        return not (sl.get("room_type") and sl["room_type"] not in self._rooms)

    def _say(self, action: str, key: str, intent: str) -> Proposal:
        return self._proposal(action, say(key, self.state.lang), intent=intent)

    def _proposal(
        self, action: str, text: str, intent: str, args: dict[str, Any] | None = None
    ) -> Proposal:
        s = self.state
        return Proposal(
            action=action,
            turn=s.turn,
            intent=intent,
            confidence=round(s.last_understanding, 4),
            args=dict(args) if args is not None else {"text": text},
            reply=text,
            slots=dict(s.slots),
            missing=self._missing(),
            origin=ORIGIN,
        )

    def _missing(self) -> list[str]:
        s, sl = self.state, self.state.slots
        if s.task == "book":
            need = ["arrival", "departure", "guests", "room_type", "guest_name"]
        elif s.task in ("modify", "cancel", "lookup") and not s.verified:
            need = ["confirmation", "guest_name"]
        elif s.task == "modify":
            need = ["arrival", "departure"]
        else:
            need = []
        return [k for k in need if not sl.get(k)]


def _reservation(res: dict[str, Any]) -> dict[str, Any] | None:
    """A reservation from a PMS result: ``{"reservation": {...}}`` or the reservation itself."""
    r = res.get("reservation")
    if isinstance(r, dict):
        return r
    if "confirmation" in res or "id" in res:
        return res
    rs = res.get("reservations")
    if isinstance(rs, list) and len(rs) == 1 and isinstance(rs[0], dict):
        return rs[0]
    return None


def _guests_of(r: dict[str, Any]) -> int:
    occ = r.get("occupancy") or {}
    return int(occ.get("adults", 0)) + int(occ.get("children", 0)) or int(r.get("guests", 1))


def _nights_of(r: dict[str, Any]) -> int:
    return (
        dt.date.fromisoformat(str(r["departure"])) - dt.date.fromisoformat(str(r["arrival"]))
    ).days


def _plus(iso: str, days: int) -> str:
    return (dt.date.fromisoformat(iso) + dt.timedelta(days=int(days))).isoformat()


def _money(total: Any, default_currency: str) -> tuple[str, str]:
    if isinstance(total, dict):
        return str(total.get("amount", "")), str(total.get("currency", default_currency))
    return str(total or ""), default_currency


def _spell(code: str) -> str:
    """Confirmation codes are read out character by character so the caller can write them down."""
    return " ".join(code) if code else ""
