"""Intent by a trained, calibrated head on the MiniLM sentence embedding.

Why a trained head rather than nearest-example matching: the nearest example
turned "sure, the twin is fine, go ahead" into a question and "alright, I'll
call back later, thank you" into a request for a person, and its "confidence"
was a rescaled cosine that meant nothing to the decision core. A multinomial
logistic regression over the 384-d embedding (one matmul and a softmax, fitted
by ``sovren understanding train`` on the team corpus) generalises across
phrasings, and temperature scaling on the dev split makes p(intent) a
probability (ECE <= 0.05 on dev, agents/understanding/models/intent_head.json).

The head is tied to the encoder weights it was trained on (their digest is in
the file); another model's embeddings would make its probabilities meaningless,
so loading refuses that and names the command that retrains.
"""

from __future__ import annotations

import re
import zlib
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec
import numpy as np

from agents.understanding.backend import BASE_INTENTS
from agents.understanding.encoder import ModelMissingError

if TYPE_CHECKING:
    from agents.understanding.encoder import MiniLMEncoder
    from agents.understanding.onnx_encoder import OnnxMiniLMEncoder

UNKNOWN = "unknown"
LABELS = BASE_INTENTS  # the contract's intents, in the head's column order
HEAD_FILE = Path(__file__).parent / "models" / "intent_head.npz"
BOW_DIM = 2048
CHAR_DIM = 2048
FEATURES = "words+stems+chars"  # what a newly trained head reads besides the embedding
_WORD = re.compile(r"[^\W\d_]+|\d+")
# A crude, language-blind suffix cut ("möchten"/"möchte", "bräuchten"/"brauchen", "booked"/
# "booking" stay apart, "rooms"/"room" meet): applied alike in training and serving.
_SUFFIX = re.compile(r"(?<=\w{3})(?:en|em|er|es|st|e|n|s|t)$")
TRAIN_HINT = "sovren understanding train"


class HeadMismatchError(ModelMissingError):
    """The shipped intent head was trained for other encoder weights (or is missing)."""


_CODE = re.compile(r"\b[A-Za-z]{1,6}-?\d[\dA-Za-z-]{2,14}\b|\b\d{4,12}\b")


def without_codes(text: str) -> str:
    """The text without spelled runs and booking codes ("S O V eins neun sechs zwei",
    "sov1131", "K wie Köln O wie Offenbach"): they say which booking or name, never what the
    caller wants, and a long spelled run drowned the few words that do ("können Sie meine
    Buchung ... ändern" read as a bare answer). A turn that is nothing but a code stays as it is.
    Applied alike in training and serving (turn_embeddings, text_features)."""
    from agents.understanding import spelling

    out = text
    for r in sorted(spelling.runs(text, min_units=3), key=lambda r: -r.start):
        if " " in text[r.start : r.end]:  # a run of spoken units; "WLAN" is a word
            out = out[: r.start] + " " + out[r.end :]
    out = re.sub(r"\s+", " ", _CODE.sub(" ", out)).strip()
    return out if _WORD.search(out) else text


def bag_of_words(texts: list[str], dim: int = BOW_DIM, stems: bool = False) -> np.ndarray:
    """Hashed word unigrams and bigrams, L2-normalised: (n, dim).

    Why next to the embedding: MiniLM's mean-pooled vector blurs the words that decide
    an intent ("book it" vs "look it up", "zu viert"); the words themselves, hashed
    (crc32, stable across processes) into a fixed space, gave +6 points dev accuracy.
    ``stems``: also the words and bigrams with their inflection cut (``_SUFFIX``), so
    "wir bräuchten" meets "ich brauche" and "wollt" meets "wollte".
    """
    out = np.zeros((len(texts), dim), dtype=np.float32)
    for i, t in enumerate(texts):
        w = _WORD.findall(t.lower())
        feats = [*w, *(f"{a} {b}" for a, b in zip(w, w[1:], strict=False))]
        if stems:
            s = [_SUFFIX.sub("", x) for x in w]
            feats += [f"~{x}" for x in s] + [f"~{a} {b}" for a, b in zip(s, s[1:], strict=False)]
        for f in feats:
            out[i, zlib.crc32(f.encode()) % dim] = 1.0
        n = np.linalg.norm(out[i])
        if n:
            out[i] /= n
    return out


def char_ngrams(texts: list[str], dim: int = CHAR_DIM) -> np.ndarray:
    """Hashed character 3- and 4-grams of each word (with word boundaries), L2-normalised.

    Why: German compounds and colloquial forms ("Zweibettzimmer", "stornieren"/"Storno",
    "gebucht"/"buchen", "nehm"/"nehme") share pieces that whole words do not; on the dev
    split words + stems + these gave 93.9 % intent accuracy against 90.5 % for words alone
    (DE 93.5 against 90.8), at no measurable cost per utterance.
    """
    out = np.zeros((len(texts), dim), dtype=np.float32)
    for i, t in enumerate(texts):
        for w in _WORD.findall(t.lower()):
            w = f"<{w}>"
            for k in (3, 4):
                for j in range(len(w) - k + 1):
                    out[i, zlib.crc32(w[j : j + k].encode()) % dim] = 1.0
        n = np.linalg.norm(out[i])
        if n:
            out[i] /= n
    return out


def text_features(texts: list[str], kind: str, dim: int) -> np.ndarray:
    """The head's non-embedding features of ``kind`` ("words", or "words+stems+chars" with
    ``dim`` = words + chars dimensions), as training and serving compute them."""
    if kind == "words":
        return bag_of_words(texts, dim)
    if kind == "words+stems+chars":
        texts = [without_codes(t) for t in texts]
        return np.hstack([bag_of_words(texts, dim - CHAR_DIM, stems=True), char_ngrams(texts)])
    raise HeadMismatchError(
        f"the intent head reads features {kind!r}, which this code does not know: "
        f"run `{TRAIN_HINT}` to retrain it"
    )


def turn_embeddings(
    embed, texts: list[str]
) -> tuple[np.ndarray, list[list[str]], list[np.ndarray]]:
    """One encoder pass for turns and their questions: (n, 384) turn embeddings, each turn's
    clauses and their embeddings. A turn with several questions is embedded as its clauses and
    its turn embedding is their normalised mean; training and serving both use this."""
    from agents.understanding.facts import split_questions

    clauses = [split_questions(without_codes(t)) for t in texts]
    flat = embed([c for cs in clauses for c in cs])
    turns, per_turn, k = [], [], 0
    for cs in clauses:
        c_emb = flat[k : k + len(cs)]
        k += len(cs)
        mean = c_emb.mean(axis=0)
        turns.append(mean / max(float(np.linalg.norm(mean)), 1e-12))
        per_turn.append(c_emb)
    return np.stack(turns).astype(np.float32), clauses, per_turn


class IntentScore(msgspec.Struct, frozen=True):
    """The best intent with its calibrated probability and the runner-up, for explanations."""

    intent: str
    confidence: float
    runner_up: str = ""
    runner_up_p: float = 0.0
    hint: str = ""  # the configured example that overrode the head, if any

    def explain(self) -> str:
        base = f"p({self.intent})={self.confidence:.2f}; runner-up {self.runner_up} {self.runner_up_p:.2f}"
        return f"{base}; configured example {self.hint!r}" if self.hint else base


class IntentHead(msgspec.Struct):
    """Weights ((384 + bow) x k), bias (k), labels, softmax temperature and the encoder digest."""

    weights: np.ndarray
    bias: np.ndarray
    labels: tuple[str, ...]
    temperature: float
    weights_digest: str
    fact_min: float = (
        0.5  # fact matcher: best score needed to answer (agents/understanding/facts.py)
    )
    fact_margin: float = 0.05  # ... and its lead over the next fact or topic
    topic_drop: float = 0.7  # ... topics this close to a fact are that fact, not rivals
    fact_bonus: float = 0.15  # ... added when the question says a word only that fact has
    topics: tuple[str, ...] = ()  # topics.yaml as trained, with their embeddings (saves ~1 s)
    topic_emb: np.ndarray | None = None
    trained: frozenset[str] = (
        frozenset()
    )  # training texts (lowercased): hints repeating them are skipped
    features_kind: str = "words"  # text_features() kind; heads before it had "words" only

    @property
    def bow_dim(self) -> int:
        return self.weights.shape[0] - 384

    def features(self, texts: list[str], emb: np.ndarray) -> np.ndarray:
        if not self.bow_dim:
            return emb
        return np.hstack([emb, text_features(texts, self.features_kind, self.bow_dim)])

    def probs(self, texts: list[str], emb: np.ndarray) -> np.ndarray:
        """Texts and their (n, 384) unit embeddings -> (n, k) calibrated probabilities."""
        z = (self.features(texts, emb) @ self.weights + self.bias) / self.temperature
        z = np.exp(z - z.max(axis=1, keepdims=True))
        return z / z.sum(axis=1, keepdims=True)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as f:
            np.savez_compressed(
                f,
                weights=self.weights.astype(np.float32),
                bias=self.bias.astype(np.float32),
                labels=np.array(self.labels),
                temperature=np.float64(self.temperature),
                weights_digest=np.array(self.weights_digest),
                fact_min=np.float64(self.fact_min),
                fact_margin=np.float64(self.fact_margin),
                topic_drop=np.float64(self.topic_drop),
                fact_bonus=np.float64(self.fact_bonus),
                topics=np.array(self.topics),
                topic_emb=self.topic_emb if self.topic_emb is not None else np.zeros((0, 0)),
                trained=np.array(sorted(self.trained)),
                features_kind=np.array(self.features_kind),
            )

    @classmethod
    def load(cls, path: Path, weights_digest: str) -> IntentHead:
        """The head at ``path``; refuses one trained for other encoder weights."""
        if not Path(path).is_file():
            raise HeadMismatchError(
                f"the intent head {path} is missing: run `{TRAIN_HINT}` (needs the corpus) "
                "or reinstall the package"
            )
        with np.load(path) as z:
            head = cls(
                weights=z["weights"],
                bias=z["bias"],
                labels=tuple(str(x) for x in z["labels"]),
                temperature=float(z["temperature"]),
                weights_digest=str(z["weights_digest"]),
                fact_min=float(z["fact_min"]),
                fact_margin=float(z["fact_margin"]),
                topic_drop=float(z["topic_drop"]),
                fact_bonus=float(z["fact_bonus"]),
                topics=tuple(str(x) for x in z["topics"]),
                topic_emb=z["topic_emb"].astype(np.float32),
                trained=frozenset(str(x) for x in z["trained"]),
                features_kind=str(z["features_kind"]) if "features_kind" in z else "words",
            )
        if head.weights_digest != weights_digest:
            raise HeadMismatchError(
                f"the intent head {path} was trained for encoder weights {head.weights_digest}, "
                f"but the loaded model's weights are {weights_digest}: run `{TRAIN_HINT}` to "
                "retrain it for these weights (or set agents.understanding.model_dir back)"
            )
        return head


class IntentModel:
    """Encoder + head + a small embedding cache; one per process, shared by STRIKE/INTEL code.

    ``hints`` are optional configured examples (agents.understanding.intent_examples):
    an utterance at least ``hint_similarity`` close to one takes that example's label.
    """

    def __init__(
        self,
        encoder: MiniLMEncoder | OnnxMiniLMEncoder,
        head: IntentHead | None = None,
        hints: dict[str, list[str]] | None = None,
        hint_similarity: float = 0.9,
        cache_size: int = 2048,
    ):
        self.encoder = encoder
        self.head = head or IntentHead.load(HEAD_FILE, encoder.weights_digest)
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self.hint_similarity = hint_similarity
        pairs = [
            (label, t)
            for label, texts in (hints or {}).items()
            for t in texts
            if label in LABELS and t.lower().strip() not in self.head.trained
        ]
        self._hint_labels = [p[0] for p in pairs]
        self._hint_texts = [p[1] for p in pairs]
        self._hint_matrix = encoder.encode(self._hint_texts) if pairs else None

    @property
    def labels(self) -> tuple[str, ...]:
        return self.head.labels

    def clear_cache(self) -> None:
        self._cache.clear()

    def embed(self, texts: list[str]) -> np.ndarray:
        """Embeddings with a small LRU cache: "yes", "no", "thank you" recur on every call."""
        if not texts:
            return np.zeros((0, self.encoder.hidden), dtype=np.float32)
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
        return self.score(texts, turn_embeddings(self.embed, texts)[0]) if texts else []

    def score(self, texts: list[str], emb: np.ndarray) -> list[IntentScore]:
        """Scores for embeddings the caller already has (the fact matcher reuses them)."""
        probs = self.head.probs(texts, emb)
        hint_sims = emb @ self._hint_matrix.T if self._hint_matrix is not None else None
        out = []
        for i, row in enumerate(probs):
            order = np.argsort(-row)
            top, second = int(order[0]), int(order[1])
            score = IntentScore(
                intent=self.head.labels[top],
                confidence=round(float(row[top]), 4),
                runner_up=self.head.labels[second],
                runner_up_p=round(float(row[second]), 4),
            )
            if hint_sims is not None:
                j = int(np.argmax(hint_sims[i]))
                sim = float(hint_sims[i, j])
                if sim >= self.hint_similarity and self._hint_labels[j] != score.intent:
                    label = self._hint_labels[j]
                    score = IntentScore(
                        intent=label,
                        confidence=round(max(sim, float(row[self.head.labels.index(label)])), 4),
                        runner_up=score.intent,
                        runner_up_p=score.confidence,
                        hint=self._hint_texts[j],
                    )
            out.append(score)
        return out
