"""The default understanding: the trained intent head and the fact matcher on MiniLM, rule-based
slots, all on the CPU."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agents.understanding import feasts, segments
from agents.understanding import lang as langmod
from agents.understanding import slots as slotmod
from agents.understanding.backend import (
    TASK_INTENTS,
    Context,
    Understanding,
    UnderstandingBackend,
    polarity,
)
from agents.understanding.engines import make_encoder as make_encoder  # re-exported
from agents.understanding.intents import UNKNOWN
from agents.understanding.reading import TurnReader, build_reader
from agents.understanding.textnorm import clean

if TYPE_CHECKING:
    from config.settings import Settings

# The classifier's intent informs the yes/no polarity only when it is at least this sure.
POLARITY_P = 0.6


def room_words(settings: Settings) -> dict[str, list[str]]:
    """Room code -> every word callers use for it (configured names and synonyms)."""
    return {r.code: r.words() for r in settings.hotel.room_types}


class EmbeddedBackend(UnderstandingBackend):
    name = "embedded"
    checks_stay_itself = True

    def __init__(
        self,
        reader: TurnReader,
        synonyms: dict[str, list[str]],
        max_chars: int,
        rates: list[slotmod.RateWords] | None = None,
        country: str = "DE",
    ):
        self.reader = reader
        self.synonyms = synonyms
        self.max_chars = max_chars
        self.rates = rates or []
        self.country = country  # whose holiday calendar names the feasts (feasts.py)
        feasts.prepare(country)  # not on the first caller's turn

    @classmethod
    def from_settings(cls, settings: Settings, reader: TurnReader | None = None) -> EmbeddedBackend:
        u = settings.agents.understanding
        return cls(
            reader or build_reader(settings),
            room_words(settings),
            u.max_chars,
            slotmod.rate_words(settings.hotel.rate_plans),
            settings.hotel.country,
        )

    def understand(self, text: str, ctx: Context) -> Understanding:
        ct = clean(text, self.max_chars)
        if not ct.usable:
            return Understanding(
                intent=UNKNOWN, confidence=0.0, text=ct.text, lang=ctx.lang, flags=ct.flags,
                backend=self.name,
            )  # fmt: skip
        reading = self.reader.read(ct.text)
        turn_lang = langmod.detect(ct.text, ctx.lang)
        found, conflicts = slotmod.extract(
            ct.text,
            ctx.today,
            self.synonyms,
            ctx.asked,
            lang=turn_lang,
            known_arrival=getattr(ctx, "arrival", None),
            rates=self.rates,
            known_guests=ctx.guests,
            country=self.country,
        )
        intent, conf = reading.intent, reading.confidence
        detail = reading.explain()
        if not ctx.asked and not ctx.awaiting_confirmation and intent == reading.score.intent:
            # a long opening said clause by clause (segments.py); never while we wait for an
            # answer or a yes, so a write still rests on the read-back and a yes read as before
            seg = segments.reread(self.reader.intents, ct.text, reading.score)
            if seg is not None:
                intent, conf = seg.intent, seg.confidence
                detail = f"{detail}; {seg.explain()}"
        sure = reading.score.intent if reading.score.confidence >= POLARITY_P else ""
        pol = polarity(ct.text, sure)
        if ctx.awaiting_confirmation and pol and intent not in TASK_INTENTS:
            intent = pol
            conf = max(conf, 0.9)
        elif (
            found
            and intent in (UNKNOWN, "greeting", "goodbye", "affirm", "deny", "repeat")
            and (intent == UNKNOWN or (ctx.asked and ctx.asked in found))
        ):
            # A bare answer to our question ("Anna Weber", "two", "ABC123") is information.
            intent = "provide_info"
            conf = max(conf, 0.85 if ctx.asked in found else 0.6)
        return Understanding(
            intent=intent,
            confidence=conf,
            text=ct.text,
            slots=found,
            lang=turn_lang,
            polarity=pol,
            flags=ct.flags,
            conflicts=conflicts,
            backend=self.name,
            detail=detail,
            facts=reading.facts,
            unknown_question=reading.unknown_question,
        )
