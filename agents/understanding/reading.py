"""One caller turn read as intent + facts: the trained intent head, then the fact matcher.

Why one place: STRIKE and the embedded backend must read a turn the same way
(a question is answered by STRIKE with the same facts INTEL would name). Every
turn costs one encoder pass; a turn that holds several questions ("do you have
parking, and until when is breakfast?") is embedded as its clauses, so each
clause gets its own intent and its own fact.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec
import numpy as np

from agents.understanding.facts import (
    FactMatch,
    FactMatcher,
    hotel_facts,
    load_topics,
)
from agents.understanding.intents import UNKNOWN, IntentModel, IntentScore, turn_embeddings

if TYPE_CHECKING:
    from config.settings import Settings

QUESTION = "question"
# A clause counts as a question when the head gives it at least this much.
CLAUSE_QUESTION_P = 0.5
# Intents a question mark may turn into a fact question (never a task the head is sure of).
LOOSE_INTENTS = ("provide_info", "unknown")
# Below this p(question) a whole turn is not split into clauses (saves an encoder pass).
SPLIT_QUESTION_P = 0.2


class TurnReading(msgspec.Struct, frozen=True):
    """The intent as consumers see it (``fact.<key>`` for the first fact asked), and why."""

    intent: str
    confidence: float
    score: IntentScore
    facts: tuple[str, ...] = ()
    unknown_question: bool = False
    matches: tuple[FactMatch, ...] = ()

    def explain(self) -> str:
        parts = [self.score.explain()]
        parts += [f"fact {m.explain()}" for m in self.matches]
        return "; ".join(parts)


class TurnReader:
    """Intent model + fact matcher; build once per process (``build_reader``)."""

    def __init__(self, intents: IntentModel, facts: FactMatcher):
        self.intents = intents
        self.facts = facts

    def read(self, text: str) -> TurnReading:
        return self.read_many([text])[0]

    def read_many(self, texts: list[str]) -> list[TurnReading]:
        """One encoder pass for all turns and their clauses: a turn that splits into several
        questions is embedded as its clauses only, and its whole-turn embedding for the
        intent is their normalised mean (STRIKE's budget has no room for a second pass)."""
        if not texts:
            return []
        emb, clauses, c_embs = turn_embeddings(self.intents.embed, texts)
        return [self._read(t, emb[i : i + 1], clauses[i], c_embs[i]) for i, t in enumerate(texts)]

    def _read(
        self, text: str, emb: np.ndarray, clauses: list[str], c_emb: np.ndarray
    ) -> TurnReading:
        score = self.intents.score([text], emb)[0]
        p_question = self._p(text, emb, QUESTION)
        plain = TurnReading(intent=score.intent, confidence=score.confidence, score=score)
        # A turn that ends in a question mark and reads as no task is looked up among the facts
        # too ("Kann ich mit dem Auto kommen?" reads as information to the head); it becomes a
        # fact question only when a fact clearly matches, never an "I don't know".
        asks = score.intent in LOOSE_INTENTS and text.rstrip().endswith("?")
        if score.intent != QUESTION and p_question < SPLIT_QUESTION_P and not asks:
            return plain
        if len(clauses) > 1:
            c_p = self.intents.head.probs(clauses, c_emb)[:, self.intents.labels.index(QUESTION)]
            keep = [i for i, p in enumerate(c_p) if p >= CLAUSE_QUESTION_P]
            if not keep and score.intent != QUESTION:
                return TurnReading(intent=score.intent, confidence=score.confidence, score=score)
            if keep:
                clauses, c_emb = [clauses[i] for i in keep], c_emb[keep]
                p_question = max(p_question, float(c_p[keep].min()))
        elif score.intent != QUESTION and not asks:
            return plain
        matches = tuple(self.facts.match(clauses, c_emb))
        facts = tuple(dict.fromkeys(m.key for m in matches if m.key))
        unknown = any(m.key is None for m in matches)
        if score.intent != QUESTION and not facts:
            return plain
        if score.intent != QUESTION:
            # The head did not read a question: the confidence rests on how clearly the fact
            # won (its lead over the next fact or topic), not on p(question). Not calibrated
            # like the head's: few turns take this path (bench.understanding counts them).
            lead = min(m.score - m.runner_up_score for m in matches if m.key)
            p_question = max(p_question, 0.5 + min(0.45, lead))
        return TurnReading(
            intent=f"fact.{facts[0]}" if facts else QUESTION,
            confidence=round(p_question, 4),
            score=score,
            facts=facts,
            unknown_question=unknown,
            matches=matches,
        )

    def _p(self, text: str, emb, label: str) -> float:
        return float(self.intents.head.probs([text], emb)[0, self.intents.labels.index(label)])


# A fact must lead the next fact or rival topic by at least this much, whatever the training
# chose: a near tie is exactly when "I don't know" is the honest answer (a held-out German
# question about arriving late scored pets 0.50 against a rival topic's 0.47).
MIN_FACT_MARGIN = 0.05


def build_reader(settings: Settings, encoder=None) -> TurnReader:
    """The reader from config: the shipped head, the hotel's facts, optional example hints."""
    from agents.understanding.engines import make_encoder

    u = settings.agents.understanding
    intents = IntentModel(
        encoder or make_encoder(settings),
        hints={k: v for k, v in u.intent_examples.items() if not k.startswith("fact.")},
        hint_similarity=u.hint_similarity,
    )
    matcher = FactMatcher(
        intents.encoder.encode,
        hotel_facts(settings),
        fact_min=intents.head.fact_min,
        fact_margin=max(intents.head.fact_margin, MIN_FACT_MARGIN),
        topic_drop=intents.head.topic_drop,
        bonus=intents.head.fact_bonus,
        **_trained_topics(intents),
    )
    return TurnReader(intents, matcher)


def _trained_topics(intents: IntentModel) -> dict:
    """The topics' embeddings from the head file when topics.yaml is unchanged since training."""
    topics = load_topics()
    if tuple(n for g in topics for n in g) == intents.head.topics:
        return {"topics": topics, "topic_emb": intents.head.topic_emb}
    return {"topics": topics}


__all__ = ["QUESTION", "UNKNOWN", "TurnReader", "TurnReading", "build_reader"]
