"""The Bayesian decision core (read by bayes/).

Why the knobs look like this: an operator tunes a decision in the terms a
person reasons in — "a confident transcript makes a right action three times
more likely" (a likelihood ratio per evidence value), "two sources that say the
same thing count one and a half times, not twice" (damping), "a cancellation
needs 95 % certainty" (threshold per risk class), "asking again is cheap,
declining is costly" (utilities). The decision core turns these into lookup
tables once, at start, so no configuration is read on the hot path.
"""

from __future__ import annotations

import math

from pydantic import BaseModel, Field, field_validator, model_validator


class EvidenceTable(BaseModel):
    """Calibration of one evidence source: knots (value in [0, 1], likelihood ratio > 0).

    Between knots the log of the ratio is interpolated linearly. Knots must
    cover 0 and 1 and the ratio must not fall as the value rises, so that more
    support for an action can never lower its posterior.
    """

    model_config = {"extra": "forbid"}

    table: list[tuple[float, float]]

    @field_validator("table")
    @classmethod
    def _monotone(cls, v: list[tuple[float, float]]) -> list[tuple[float, float]]:
        if len(v) < 2:
            raise ValueError("needs at least two knots, at value 0 and at value 1")
        xs = [x for x, _ in v]
        if xs[0] != 0.0 or xs[-1] != 1.0:
            raise ValueError("knots must start at value 0 and end at value 1")
        if any(b <= a for a, b in zip(xs, xs[1:], strict=False)):
            raise ValueError("knot values must strictly increase")
        lrs = [r for _, r in v]
        if any(not (r > 0 and math.isfinite(r)) for r in lrs):
            raise ValueError("likelihood ratios must be finite and > 0")
        if any(b < a for a, b in zip(lrs, lrs[1:], strict=False)):
            raise ValueError("likelihood ratios must not decrease as the value rises")
        return v


class CorrelatedGroup(BaseModel):
    """Sources that largely repeat each other: the strongest counts fully, the rest × damping."""

    model_config = {"extra": "forbid"}

    sources: list[str]
    damping: float = Field(0.5, ge=0.0, le=1.0)


class Utility(BaseModel):
    """Utility of a fallback if the proposed action was in fact right, or wrong."""

    model_config = {"extra": "forbid"}

    right: float
    wrong: float


def _default_thresholds() -> dict[str, float]:
    return {
        "speak": 0.85,
        "pms_read": 0.85,
        "pms_write": 0.85,
        "pms_irreversible": 0.95,
        "transfer": 0.85,
        "end_call": 0.85,
        "fallback": 0.5,
    }


def _default_priors() -> dict[str, tuple[float, float]]:
    return {
        "speak": (9.0, 1.0),
        "pms_read": (9.0, 1.0),
        "pms_write": (5.0, 1.0),
        "pms_irreversible": (4.0, 1.0),
        "transfer": (9.0, 1.0),
        "end_call": (6.0, 1.0),
        # Fixed safe phrases carry no data: approved on the prior (0.95) unless outcomes teach
        # otherwise; their record shows that figure, not a made-up 1.0.
        "fallback": (19.0, 1.0),
    }


def _default_required() -> dict[str, dict[str, float]]:
    # SENTINEL's verdict for every PMS action and every free-text utterance (speech checks
    # the outgoing text; PMS actions the caller's turn). The caller's proven identity for
    # actions on an existing booking and for speech that discloses a booking a look-up found.
    sentinel = {"sentinel_risk": 0.0}
    verified = {"caller_verification": 0.9}
    return {
        "speak": dict(sentinel),
        "pms_read": dict(sentinel),
        "pms_write": dict(sentinel),
        "pms_irreversible": dict(sentinel),
        "transfer": dict(sentinel),
        "end_call": dict(sentinel),
        "pms.modify": dict(verified),
        "pms.cancel": dict(verified),
        "disclose_booking": dict(verified),
    }


def _default_missing_fallback() -> dict[str, str]:
    return {"sentinel_risk": "fallback.unavailable", "caller_verification": "fallback.decline"}


def _default_evidence() -> dict[str, EvidenceTable]:
    t = {
        "asr_confidence": [(0.0, 0.1), (0.5, 0.5), (0.8, 1.5), (0.95, 3.0), (1.0, 4.0)],
        "understanding_confidence": [(0.0, 0.1), (0.5, 0.5), (0.8, 2.0), (1.0, 5.0)],
        "agreement": [(0.0, 0.3), (1.0, 3.0)],
        "slot_validation": [(0.0, 0.05), (1.0, 2.0)],
        "sentinel_risk": [(0.0, 0.02), (0.5, 0.3), (1.0, 1.0)],
        "ops_health": [(0.0, 0.2), (0.7, 0.9), (1.0, 1.0)],
        "caller_verification": [(0.0, 0.5), (1.0, 3.0)],
    }
    return {k: EvidenceTable(table=v) for k, v in t.items()}


def _default_correlated() -> dict[str, CorrelatedGroup]:
    return {
        "recognition": CorrelatedGroup(
            sources=["asr_confidence", "understanding_confidence"], damping=0.5
        )
    }


def _default_utilities() -> dict[str, Utility]:
    return {
        "fallback.ask_again": Utility(right=0.55, wrong=0.9),
        "fallback.offer_human": Utility(right=0.6, wrong=0.6),
        "fallback.decline": Utility(right=0.0, wrong=0.5),
    }


def _default_states() -> dict[str, list[str]]:
    return {
        "dialogue": ["fallback.ask_again", "fallback.offer_human", "fallback.decline"],
        "retrying": ["fallback.offer_human", "fallback.decline"],
        "closing": ["fallback.decline", "fallback.offer_human"],
    }


def _default_outcomes() -> dict[str, tuple[float, float]]:
    return {
        "confirmed": (1.0, 0.0),
        "corrected": (0.0, 1.0),
        "pms_refused": (0.0, 1.0),
        "complaint": (0.0, 2.0),
    }


class DecisionConfig(BaseModel):
    model_config = {"extra": "forbid"}

    # Posterior an action must reach, per risk class (docs/vocabulary.md).
    thresholds: dict[str, float] = Field(default_factory=_default_thresholds)
    token_ttl_s: float = Field(30.0, gt=0, le=3600)
    # Beta(alpha, beta) seeds keyed by action kind or risk class (an action kind wins).
    priors: dict[str, tuple[float, float]] = Field(default_factory=_default_priors)
    # Per-hotel seeds, same keys as ``priors``; learned counts are per hotel regardless.
    hotel_priors: dict[str, dict[str, tuple[float, float]]] = Field(default_factory=dict)
    evidence: dict[str, EvidenceTable] = Field(default_factory=_default_evidence)
    correlated: dict[str, CorrelatedGroup] = Field(default_factory=_default_correlated)
    # Log-odds added for a non-critical SENTINEL finding (CRITICAL is a hard veto).
    sentinel_penalty: dict[str, float] = Field(
        default_factory=lambda: {"INFO": 0.0, "LOW": 0.0, "MEDIUM": -1.0, "HIGH": -3.0}
    )
    utilities: dict[str, Utility] = Field(default_factory=_default_utilities)
    # Fallbacks allowed in each state of a call.
    states: dict[str, list[str]] = Field(default_factory=_default_states)
    default_state: str = "dialogue"
    # Under a hard veto this fallback is taken when the state allows it.
    veto_fallback: str = "fallback.decline"
    # Evidence an action cannot do without: action kind, risk class or purpose (e.g.
    # disclose_booking) -> {source: minimum value}. Missing or below the minimum is a
    # refusal whatever the posterior (fail closed); keys of all three levels add up.
    required: dict[str, dict[str, float]] = Field(default_factory=_default_required)
    # The fallback of a refusal for want of required evidence, per source.
    missing_fallback: dict[str, str] = Field(default_factory=_default_missing_fallback)
    # What one outcome adds to (alpha, beta).
    outcome_weights: dict[str, tuple[float, float]] = Field(default_factory=_default_outcomes)

    @field_validator("thresholds")
    @classmethod
    def _thresholds_in_range(cls, v: dict[str, float]) -> dict[str, float]:
        for k, t in v.items():
            if not (0.0 < t < 1.0):
                raise ValueError(f"threshold of {k} must lie strictly between 0 and 1, got {t}")
        return v

    @field_validator("priors")
    @classmethod
    def _priors_positive(cls, v: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
        for k, (a, b) in v.items():
            if not (a > 0 and b > 0 and math.isfinite(a) and math.isfinite(b)):
                raise ValueError(f"prior of {k} must have alpha > 0 and beta > 0, got ({a}, {b})")
        return v

    @field_validator("sentinel_penalty")
    @classmethod
    def _penalties_not_positive(cls, v: dict[str, float]) -> dict[str, float]:
        for k, p in v.items():
            if p > 0:
                raise ValueError(f"sentinel_penalty of {k} must be <= 0 (a finding never helps)")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> DecisionConfig:
        for name, g in self.correlated.items():
            for s in g.sources:
                if s not in self.evidence:
                    raise ValueError(f"correlated group {name} names unknown evidence source {s}")
        for state, fbs in self.states.items():
            for f in fbs:
                if f not in self.utilities:
                    raise ValueError(f"state {state} lists fallback {f} without utilities")
        for key, req in self.required.items():
            for src, minimum in req.items():
                if src not in self.evidence:
                    raise ValueError(f"required.{key} names unknown evidence source {src}")
                if not (0.0 <= minimum <= 1.0):
                    raise ValueError(f"required.{key}.{src} must lie in [0, 1], got {minimum}")
                if src not in self.missing_fallback:
                    raise ValueError(
                        f"required.{key} needs {src}: set decision.missing_fallback.{src} "
                        f"(the fallback when it is missing)"
                    )
        if self.default_state not in self.states:
            raise ValueError(f"default_state {self.default_state} is not one of states")
        return self
