"""Dialogues of the team's corpus played with the corpus's own labels as understanding.

Why an oracle: the corpus says, turn by turn, what the caller meant; fed those labels, the
dialogue alone decides the call (tests/agents_brain/test_brain_corpus_policy.py checks the
policy that way), and bench/crosscheck.py lets the oracle play an LLM that makes errors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from agents.intel.dialogue import Dialogue
from agents.understanding.backend import Context, Understanding, UnderstandingBackend
from agents.understanding.textnorm import clean
from bench.brain_harness import FakePms, Turn, run_call
from bench.corpus import CorpusDialogue, CorpusTurn

WRITES = ("pms.create", "pms.modify", "pms.cancel")
_MAX_CHARS = 400  # agents.understanding.max_chars's default: the text a backend reads

# (index of the turn in the dialogue, the turn) -> the slots the oracle answers with
SlotsOf = Callable[[int, CorpusTurn], dict[str, Any]]


class GoldBackend(UnderstandingBackend):
    """The corpus's labels of one dialogue, turn by turn, in the contract's shape;
    ``slots_of`` may change a turn's slots (an engine's errors, bench/crosscheck.py)."""

    name = "gold"

    def __init__(self, d: CorpusDialogue, slots_of: SlotsOf | None = None):
        self.turns = list(d.turns)
        self.lang = d.lang
        self.i = 0
        self.slots_of = slots_of or (lambda _i, t: dict(t.slots))

    def understand(self, text: str, ctx: Context) -> Understanding:
        t = self.turns[self.i]
        slots = self.slots_of(self.i, t)
        self.i += 1
        if t.text != text:
            raise AssertionError(f"the dialogue said {text!r}, the corpus turn is {t.text!r}")
        facts = tuple(t.facts)
        intent = f"fact.{facts[0]}" if t.intent == "question" and facts else t.intent
        polarity = {"affirm": "affirm", "deny": "deny"}.get(t.intent, "")
        return Understanding(
            intent=intent, confidence=0.95, text=clean(text, _MAX_CHARS).text, slots=slots,
            lang=self.lang, polarity=polarity, facts=facts, backend=self.name,
            unknown_question=t.intent == "question" and ("unknown_question" in t.tags or not facts),
        )  # fmt: skip


def play(
    d: CorpusDialogue,
    settings: Any,
    backend: UnderstandingBackend | None = None,
    pms: FakePms | None = None,
) -> tuple[list[Turn], list[tuple[str, dict[str, Any]]], Dialogue]:
    """The dialogue played on the scripted PMS (``pms``, or a new one for the hotel): its
    turns, its writes, the dialogue itself."""
    pms = pms or FakePms.for_hotel(settings.hotel)
    g = d.given_reservation
    if g is not None:
        pms.seed(confirmation=g.confirmation, guest_name=g.guest_name, phone=g.phone,
                 arrival=g.arrival, departure=g.departure, guests=str(g.guests),
                 room_type=g.room_type)  # fmt: skip
    dlg = Dialogue(
        settings, dt.date.fromisoformat(d.today), d.caller_id, backend=backend or GoldBackend(d)
    )
    turns = run_call(dlg, pms, [t.text for t in d.turns], d.caller_id)
    return turns, [c for c in pms.calls if c[0] in WRITES], dlg
