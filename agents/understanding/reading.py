"""One caller turn read as intent + facts: the trained intent head, then the fact matcher.

Why one place: STRIKE and the embedded backend must read a turn the same way
(a question is answered by STRIKE with the same facts INTEL would name). The
common turn costs one encoder pass; a question that holds several questions
("do you have parking, and until when is breakfast?") costs one more, for its
clauses, so each clause gets its own intent and its own fact.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

from agents.understanding.facts import (
    FactMatch,
    FactMatcher,
    hotel_facts,
    load_topics,
    split_questions,
)
from agents.understanding.intents import UNKNOWN, IntentModel, IntentScore

if TYPE_CHECKING:
    from config.settings import Settings

QUESTION = "question"
# A clause counts as a question when the head gives it at least this much.
CLAUSE_QUESTION_P = 0.5
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
        if not texts:
            return []
        emb = self.intents.embed(texts)
        scores = self.intents.score(texts, emb)
        return [self._read(t, e, s) for t, e, s in zip(texts, emb[:, None, :], scores, strict=True)]

    def _read(self, text, emb, score: IntentScore) -> TurnReading:
        p_question = self._p(text, emb, QUESTION)
        if score.intent != QUESTION and p_question < SPLIT_QUESTION_P:
            return TurnReading(intent=score.intent, confidence=score.confidence, score=score)
        clauses = split_questions(text)
        if len(clauses) > 1:
            c_emb = self.intents.embed(clauses)
            c_p = self.intents.head.probs(clauses, c_emb)[:, self.intents.labels.index(QUESTION)]
            keep = [i for i, p in enumerate(c_p) if p >= CLAUSE_QUESTION_P]
            if not keep and score.intent != QUESTION:
                return TurnReading(intent=score.intent, confidence=score.confidence, score=score)
            clauses = [clauses[i] for i in keep] or clauses
            c_emb = c_emb[keep] if keep else c_emb
            p_question = max(p_question, float(c_p[keep].min()) if keep else p_question)
        elif score.intent != QUESTION:
            return TurnReading(intent=score.intent, confidence=score.confidence, score=score)
        else:
            c_emb = emb
        matches = tuple(self.facts.match(clauses, c_emb))
        facts = tuple(dict.fromkeys(m.key for m in matches if m.key))
        unknown = any(m.key is None for m in matches)
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


def build_reader(settings: Settings, encoder=None) -> TurnReader:
    """The reader from config: the shipped head, the hotel's facts, optional example hints."""
    from agents.understanding.embedded import make_encoder

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
        fact_margin=intents.head.fact_margin,
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
