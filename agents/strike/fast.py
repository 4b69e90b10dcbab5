"""STRIKE's brain: the fast answer to a transcript, within 50 ms, with no dialogue state.

What STRIKE proposes (``Proposal.origin`` tells COMMAND how to treat it):
- ``strike:answer``: STRIKE's reply is the answer — the hotel facts asked
  (speak.answer with their texts joined; "I don't know that; shall I connect you
  with reception?" for a question no fact covers), a greeting, a goodbye
  (call.end, also for closings with thanks), a wish to speak to a person
  (transfer.human), or "sorry, I didn't catch that" for empty/garbage input.
- ``strike:ack``: a filler ("One moment, let me check.") for turns INTEL owns
  (book, modify, cancel, lookup, and answers within INTEL's dialogue). COMMAND
  speaks it only if INTEL's proposal is not there in time, and drops it otherwise.

Why no state: STRIKE must answer within budget under load, and anything that
needs memory of the call is INTEL's job; the optional ``CallContext`` carries
the two things STRIKE may use (the caller's language, and whether INTEL has a
task open).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import msgspec

from agents.understanding import lang as langmod
from agents.understanding.backend import TASK_INTENTS
from agents.understanding.facts import fact_answer
from agents.understanding.intents import UNKNOWN
from agents.understanding.reading import QUESTION, TurnReader, TurnReading, build_reader
from agents.understanding.textnorm import FLAG_CUT, CleanText, clean
from agents.understanding.texts import say
from ipc.actions import ActionKind
from ipc.messages import Proposal, Transcript
from ipc.payloads import args_for

if TYPE_CHECKING:
    from config.settings import Settings

ORIGIN_ANSWER = "strike:answer"
ORIGIN_ACK = "strike:ack"


class CallContext(msgspec.Struct, frozen=True):
    """What COMMAND knows about the call that STRIKE may use."""

    lang: str = "en"
    task: str = ""  # INTEL's open task (book/modify/cancel/lookup) or ""


class StrikeBrain:
    """Transcript -> Proposal; build once per process (loads the model, embeds the facts)."""

    def __init__(self, settings: Settings, reader: TurnReader | None = None):
        self.settings = settings
        self.hotel = settings.hotel
        self.max_chars = settings.agents.understanding.max_chars
        self.reader = reader or build_reader(settings)

    def _say(self, key: str, lang: str, **kw: object) -> str:
        """A fixed sentence in the hotel's own wording where it has one (hotel.phrases)."""
        return say(key, lang, self.hotel.phrases, **(self.hotel.reception_kw(lang) | kw))

    def propose(self, transcript: Transcript, call_context: CallContext | None = None) -> Proposal:
        return self.propose_many([(transcript, call_context)])[0]

    def propose_many(self, items: list[tuple[Transcript, CallContext | None]]) -> list[Proposal]:
        """Several transcripts with one encoder pass: the weights are read from memory once."""
        t0 = time.perf_counter_ns()
        cleaned = [clean(t.text, self.max_chars) for t, _ in items]
        usable = [i for i, c in enumerate(cleaned) if c.usable]
        scores = dict(
            zip(usable, self.reader.read_many([cleaned[i].text for i in usable]), strict=True)
        )
        out = []
        for i, (tr, ctx) in enumerate(items):
            p = self._proposal(tr, ctx or CallContext(lang=tr.lang), cleaned[i], scores.get(i))
            p.latency_us = (time.perf_counter_ns() - t0) // 1000
            out.append(p)
        return out

    def _proposal(
        self, tr: Transcript, ctx: CallContext, ct: CleanText, score: TurnReading | None
    ) -> Proposal:
        lang = langmod.detect(ct.text, ctx.lang) if ct.text else ctx.lang
        if score is None:
            return self._p(
                tr, ActionKind.SPEAK_ASK, UNKNOWN, 0.0, self._say("not_understood", lang), ORIGIN_ANSWER
            )
        intent, conf = score.intent, score.confidence
        if FLAG_CUT in ct.flags:
            conf *= 0.5  # we heard only part of it
        if score.facts or (intent == QUESTION and score.unknown_question):
            text = fact_answer(
                self.reader.facts.facts, score.facts, score.unknown_question, lang,
                self.hotel.missing_fact, self._say,
            )  # fmt: skip
            return self._p(tr, ActionKind.SPEAK_ANSWER, intent, conf, text, ORIGIN_ANSWER)
        if intent == "greeting" and not ctx.task:
            return self._p(
                tr,
                ActionKind.SPEAK_ANSWER,
                intent,
                conf,
                self._say("greeting", lang, hotel=self.hotel.name),
                ORIGIN_ANSWER,
            )
        if intent == "goodbye":
            text = self._say("goodbye", lang, hotel=self.hotel.name)
            return self._p(tr, ActionKind.CALL_END, intent, conf, text, ORIGIN_ANSWER, {"text": text})
        if intent == "human":
            text = self._say("human", lang)
            return self._p(
                tr,
                ActionKind.TRANSFER_HUMAN,
                intent,
                conf,
                text,
                ORIGIN_ANSWER,
                {"reason": "caller asked for a person"},
            )
        if intent == UNKNOWN and not ctx.task:
            return self._p(
                tr, ActionKind.SPEAK_ASK, intent, conf, self._say("not_understood", lang), ORIGIN_ANSWER
            )
        # book/modify/cancel/lookup, or an answer inside INTEL's dialogue: cover INTEL's latency.
        origin = ORIGIN_ACK
        return self._p(tr, ActionKind.SPEAK_ANSWER, intent, conf, self._say("ack", lang), origin)

    @staticmethod
    def _p(
        tr: Transcript,
        action: str,
        intent: str,
        conf: float,
        text: str,
        origin: str,
        args: dict | None = None,
    ) -> Proposal:
        return Proposal(
            action=action,
            turn=tr.turn,
            intent=intent,
            confidence=round(float(conf), 4),
            args=args_for(action, args if args is not None else {"text": text}),
            reply=text,
            origin=origin,
        )


__all__ = ["CallContext", "StrikeBrain", "ORIGIN_ACK", "ORIGIN_ANSWER", "TASK_INTENTS"]
