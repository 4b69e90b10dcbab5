"""The default understanding: MiniLM nearest-example intent plus rule-based slots, all on the CPU."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agents.understanding import lang as langmod
from agents.understanding import slots as slotmod
from agents.understanding.backend import (
    TASK_INTENTS,
    Context,
    Understanding,
    UnderstandingBackend,
    polarity,
)
from agents.understanding.encoder import MiniLMEncoder
from agents.understanding.intents import UNKNOWN, IntentClassifier
from agents.understanding.textnorm import clean

if TYPE_CHECKING:
    from config.settings import Settings


def build_classifier(settings: Settings, encoder: MiniLMEncoder | None = None) -> IntentClassifier:
    """The intent classifier from config; ``fact.<key>`` examples only for facts the hotel has."""
    u = settings.agents.understanding
    facts = settings.hotel.facts
    examples = {
        k: v
        for k, v in u.intent_examples.items()
        if not k.startswith("fact.") or k.removeprefix("fact.") in facts
    }
    for key, fact in facts.items():
        hints = [*fact.examples, *fact.text.values()]
        examples[f"fact.{key}"] = [*examples.get(f"fact.{key}", []), *hints]
    return IntentClassifier(
        encoder or make_encoder(settings),
        examples,
        min_similarity=u.min_similarity,
        full_similarity=u.full_similarity,
    )


def room_words(settings: Settings) -> dict[str, list[str]]:
    """Room code -> every word callers use for it (configured names and synonyms)."""
    return {r.code: r.words() for r in settings.hotel.room_types}


def make_encoder(settings: Settings):
    """The configured engine for the packaged weights (agents.understanding.engine)."""
    u = settings.agents.understanding
    if u.engine == "onnx":
        from agents.understanding.onnx_encoder import OnnxMiniLMEncoder, onnx_path

        return OnnxMiniLMEncoder(onnx_path(settings.data_dir, u.model_dir), u.model_dir)
    return MiniLMEncoder(u.model_dir)


class EmbeddedBackend(UnderstandingBackend):
    name = "embedded"

    def __init__(
        self, classifier: IntentClassifier, synonyms: dict[str, list[str]], max_chars: int
    ):
        self.classifier = classifier
        self.synonyms = synonyms
        self.max_chars = max_chars

    @classmethod
    def from_settings(
        cls, settings: Settings, classifier: IntentClassifier | None = None
    ) -> EmbeddedBackend:
        u = settings.agents.understanding
        return cls(classifier or build_classifier(settings), room_words(settings), u.max_chars)

    def understand(self, text: str, ctx: Context) -> Understanding:
        ct = clean(text, self.max_chars)
        if not ct.usable:
            return Understanding(
                intent=UNKNOWN, confidence=0.0, text=ct.text, lang=ctx.lang, flags=ct.flags,
                backend=self.name,
            )  # fmt: skip
        score = self.classifier.classify(ct.text)
        turn_lang = langmod.detect(ct.text, ctx.lang)
        found, date_conflict = slotmod.extract(
            ct.text, ctx.today, self.synonyms, ctx.asked, lang=turn_lang
        )
        intent, conf = score.intent, score.confidence
        pol = polarity(ct.text)
        if ctx.awaiting_confirmation and pol and intent not in TASK_INTENTS:
            intent = pol
            conf = max(conf, 0.9)
        elif (
            found
            and intent in (UNKNOWN, "greeting", "goodbye", "affirm", "deny")
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
            conflicts=("dates",) if date_conflict else (),
            backend=self.name,
            detail=f"nearest example {score.example!r} ({score.similarity:.2f}); "
            f"runner-up {score.runner_up} ({score.runner_up_similarity:.2f})",
        )
