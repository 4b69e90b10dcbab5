"""Intent by similarity: the utterance's embedding against the configured examples' embeddings.

Why nearest example rather than a trained classifier: a hotel adds a phrasing
(or a language) by adding one line of config, with no training step, and the
match is explainable ("closest to 'Can I bring my dog?'"). The examples are
embedded once at start; each utterance costs one encoder pass plus one
(n_examples x 384) dot product.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

import msgspec
import numpy as np

from agents.understanding.encoder import MiniLMEncoder

if TYPE_CHECKING:
    from agents.understanding.onnx_encoder import OnnxMiniLMEncoder

UNKNOWN = "unknown"


class IntentScore(msgspec.Struct, frozen=True):
    """The best intent, its similarity, a confidence in [0, 1], and the runner-up for explanations."""

    intent: str
    similarity: float
    confidence: float
    example: str = ""
    runner_up: str = ""
    runner_up_similarity: float = 0.0


class IntentClassifier:
    """Nearest-example intent detection; one per process (holds the encoder and the example matrix)."""

    def __init__(
        self,
        encoder: MiniLMEncoder | OnnxMiniLMEncoder,
        examples: dict[str, list[str]],
        min_similarity: float = 0.45,
        full_similarity: float = 0.8,
        cache_size: int = 2048,
    ):
        if not examples:
            raise ValueError(
                "no intent examples configured: set agents.understanding.intent_examples "
                "(config/defaults.yaml has the defaults)"
            )
        self.encoder = encoder
        self.min_similarity = min_similarity
        self.full_similarity = full_similarity
        self._labels: list[str] = []
        self._texts: list[str] = []
        for intent, texts in examples.items():
            for t in texts:
                self._labels.append(intent)
                self._texts.append(t)
        self._matrix = encoder.encode(self._texts)  # (n, 384), unit rows
        self._label_ids = np.array(
            [sorted(set(self._labels)).index(x) for x in self._labels], dtype=np.int64
        )
        self._intents = sorted(set(self._labels))
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size

    @property
    def intents(self) -> list[str]:
        return list(self._intents)

    def embed(self, texts: list[str]) -> np.ndarray:
        """Embeddings with a small LRU cache: "yes", "no", "thank you" recur on every call."""
        keys = [t.lower().strip() for t in texts]
        missing = [k for k in dict.fromkeys(keys) if k not in self._cache]
        if missing:
            for k, v in zip(missing, self.encoder.encode(missing), strict=True):
                self._cache[k] = v
                if len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        out = []
        for k in keys:
            self._cache.move_to_end(k)
            out.append(self._cache[k])
        return np.stack(out)

    def classify(self, text: str) -> IntentScore:
        return self.classify_many([text])[0]

    def classify_many(self, texts: list[str]) -> list[IntentScore]:
        """One encoder pass for several utterances (a busy STRIKE batches its inbox)."""
        if not texts:
            return []
        sims = self.embed(texts) @ self._matrix.T  # (m, n_examples)
        out = []
        n_int = len(self._intents)
        for row in sims:
            best_per_intent = np.full(n_int, -1.0, dtype=np.float32)
            np.maximum.at(best_per_intent, self._label_ids, row)
            order = np.argsort(-best_per_intent)
            top, second = int(order[0]), int(order[1]) if n_int > 1 else int(order[0])
            s1, s2 = float(best_per_intent[top]), float(best_per_intent[second])
            ex = self._texts[int(np.argmax(np.where(self._label_ids == top, row, -2.0)))]
            intent = self._intents[top] if s1 >= self.min_similarity else UNKNOWN
            out.append(
                IntentScore(
                    intent=intent,
                    similarity=round(s1, 4),
                    confidence=round(self._confidence(s1, s1 - s2), 4),
                    example=ex,
                    runner_up=self._intents[second],
                    runner_up_similarity=round(s2, 4),
                )
            )
        return out

    def _confidence(self, sim: float, margin: float) -> float:
        """Similarity scaled between the unknown floor and the "sure" level, damped by a thin margin.

        Why the margin: two intents nearly tied ("change" vs "cancel my booking")
        is exactly when the decision core should hear "not sure".
        """
        lo, hi = self.min_similarity, self.full_similarity
        base = min(1.0, max(0.0, (sim - lo) / max(hi - lo, 1e-6)))
        if sim < lo:
            return 0.0
        damp = 0.6 + 0.4 * min(1.0, max(0.0, margin / 0.1))
        return base * damp
