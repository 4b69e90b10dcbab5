"""The decision core: approve a proposed action, or pick the safe fallback, and say why.

How a decision is made (docs/decision-core.md has the worked example):
1. prior log-odds of the action kind for this hotel: log(alpha / beta);
2. each evidence value becomes a log-likelihood-ratio term from its calibration
   table; within a group of correlated sources the strongest term counts fully
   and the others are multiplied by the group's damping; missing evidence adds
   nothing (neutral, never positive);
3. a non-critical SENTINEL finding adds a negative term; a CRITICAL one vetoes;
4. posterior = sigmoid(sum); approve iff posterior >= the threshold of the
   action's risk class, no veto stands and every piece of *required* evidence
   (``decision.required`` by action kind, risk class and purpose) is present
   and at least its minimum — a safeguard that could not run is a refusal,
   never a pass (fail closed);
5. a refusal for want of required evidence takes ``decision.missing_fallback``
   of the first source missing; otherwise, among the fallbacks the call's state allows, take the one with
   the highest expected utility p·U(right) + (1-p)·U(wrong) (under a veto the
   configured veto fallback when the state allows it).

Why pure Python on precomputed tables: decide() runs on every turn inside
COMMAND's loop; a handful of dict lookups and float additions cost a few
microseconds, while numpy's per-call overhead alone would exceed that.

Concurrency: a DecisionCore (and its PriorStore) belongs to one thread, the
owner of COMMAND's event loop. ``sink`` (typically ``LedgerWriter.put``) must
not block; it receives every DecisionOutcome and every OutcomeRecord.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from typing import Any

from bayes.errors import BadEvidence, DecisionError, UnknownAction, UnknownState
from bayes.evidence import RESOLUTION, EvidenceModel
from bayes.priors import PriorStore
from bayes.vocabulary import ACTION_RISK, RISK_CLASSES
from config.sections.decision import DecisionConfig
from fabric.decision import DecisionOutcome
from ipc.messages import Severity
from ledger.ids import new_id
from ledger.records import OutcomeRecord

SENTINEL_TERM = "sentinel_severity"
_MAX_LOGODDS = 700.0  # math.exp overflows beyond ~709


def format_reason(d: DecisionOutcome) -> str:
    """One line a person can read: the verdict, its numbers, and why this fallback."""
    action, p, thr, risk = d.action, d.posterior, d.threshold, d.risk_class
    if d.fallback is None:
        return (
            f"approved {action}: posterior {p:.3f} >= threshold {thr:.2f} ({risk})"
            f"{_strongest(d.terms, True)}"
        )
    fb, u = d.fallback, d.utilities
    if d.unmet and not d.vetoed:
        need = ", ".join(
            f"{src} {'missing' if how == 'missing' else 'too low'}" for src, how in d.unmet.items()
        )
        purpose = f" to {d.purpose.replace('_', ' ')}" if d.purpose else ""
        return (
            f"refused {action}{purpose}: required evidence {need} (fail closed; posterior "
            f"{p:.3f}, threshold {thr:.2f}); {fb} is the fallback for missing "
            f"{next(iter(d.unmet))}"
        )
    if d.vetoed:
        why = (
            "the veto fallback"
            if fb == d.veto_fallback
            else "the highest expected utility if the action is wrong"
        )
        return f"vetoed {action}: a critical SENTINEL finding stands; {fb} is {why}"
    others = ", ".join(f"{f} {v:.3f}" for f, v in u.items() if f != fb)
    return (
        f"rejected {action}: posterior {p:.3f} < threshold {thr:.2f} ({risk})"
        f"{_strongest(d.terms, False)}; {fb} has the highest expected utility "
        f"{u.get(fb, 0.0):.3f}" + (f" (vs {others})" if others else "")
    )


def _sigmoid(x: float) -> float:
    if x > _MAX_LOGODDS:
        x = _MAX_LOGODDS
    elif x < -_MAX_LOGODDS:
        x = -_MAX_LOGODDS
    return 1.0 / (1.0 + math.exp(-x))


class DecisionCore:
    def __init__(
        self,
        config: DecisionConfig,
        priors: PriorStore | None = None,
        *,
        sink: Callable[[Any], None] | None = None,
    ):
        self.priors_source = "seeds"  # where the learned counts came from (from_settings)
        missing = [r for r in RISK_CLASSES if r not in config.thresholds]
        if missing:
            raise DecisionError(
                f"no threshold for risk class(es) {', '.join(missing)}: set "
                f"decision.thresholds.<class> in the configuration"
            )
        self.config = config
        self.priors = priors if priors is not None else PriorStore(config)
        self.sink = sink
        # action -> (risk class, threshold)
        self._spec: dict[str, tuple[str, float]] = {
            a: (r, float(config.thresholds[r])) for a, r in ACTION_RISK.items()
        }
        model = EvidenceModel(config)
        self._tables = model.tables
        self._groups = model.groups
        self._penalty: dict[int, float] = {}
        for sev in Severity:
            if sev is not Severity.CRITICAL:
                self._penalty[int(sev)] = float(config.sentinel_penalty.get(sev.name, 0.0))
        self._states: dict[str, tuple[tuple[str, float, float], ...]] = {
            s: tuple((f, config.utilities[f].right, config.utilities[f].wrong) for f in fbs)
            for s, fbs in config.states.items()
        }
        self._veto_fallback = config.veto_fallback
        self._required = {k: dict(v) for k, v in config.required.items()}
        self._missing_fallback = dict(config.missing_fallback)

    @classmethod
    def from_settings(
        cls,
        settings: Any,
        *,
        database_url: str | None = None,
        sink: Callable | None = None,
        snapshot: Any = None,
    ) -> DecisionCore:
        """Core for ``settings.decision``; learned priors reloaded from the ledger when a URL is given.

        With ``snapshot`` (bayes/priors_snapshot.py) an unreachable ledger is not fatal: the
        learned counts come from that local file (or the seeds); ``priors_source`` says which.
        """
        from bayes.priors_snapshot import load_priors

        priors = PriorStore(settings.decision)
        if snapshot is None:
            if database_url:
                priors.load_from_database(database_url)
            source = "ledger" if database_url else "seeds"
        else:
            source = load_priors(priors, database_url, snapshot)
        core = cls(settings.decision, priors, sink=sink)
        core.priors_source = source
        return core

    # -- the hot path ------------------------------------------------------
    def decide(
        self,
        action: str,
        evidence: Mapping[str, float],
        *,
        sentinel: Severity | int | None = None,
        state: str | None = None,
        call_id: str,
        hotel_id: str = "demo",
        turn: int = 0,
        purpose: str = "",
    ) -> DecisionOutcome:
        spec = self._spec.get(action)
        if spec is None:
            raise UnknownAction(f"unknown action kind {action!r}; known: {', '.join(self._spec)}")
        risk, threshold = spec
        if state is None:
            state = self.config.default_state
        fallbacks = self._states.get(state)
        if fallbacks is None:
            raise UnknownState(f"unknown call state {state!r}; known: {', '.join(self._states)}")
        prior = self.priors.logodds(hotel_id, action)

        tables = self._tables
        terms: dict[str, float] = {}
        for name, value in evidence.items():
            lut = tables.get(name)
            if lut is None:
                raise BadEvidence(f"unknown evidence source {name!r}; known: {', '.join(tables)}")
            cls_ = value.__class__
            if (cls_ is not float and cls_ is not int) or not (0.0 <= value <= 1.0):
                raise BadEvidence(
                    f"evidence {name}={value!r} must be a number in [0, 1] (NaN is not)"
                )
            terms[name] = lut[int(value * RESOLUTION + 0.5)]
        if len(terms) > 1:
            for members, damping in self._groups:
                present = [n for n in members if n in terms]
                if len(present) > 1:
                    strongest = max(present, key=lambda n: abs(terms[n]))
                    for n in present:
                        if n != strongest:
                            terms[n] *= damping

        vetoed = False
        if sentinel is not None:
            sev = int(sentinel)
            if sev >= 4:  # Severity.CRITICAL
                vetoed = True
            else:
                pen = self._penalty.get(sev)
                if pen is None:
                    raise BadEvidence(f"unknown SENTINEL severity {sentinel!r}")
                if pen:
                    terms[SENTINEL_TERM] = pen

        total = prior + sum(terms.values())
        if total > _MAX_LOGODDS:
            total = _MAX_LOGODDS
        elif total < -_MAX_LOGODDS:
            total = -_MAX_LOGODDS
        posterior = 1.0 / (1.0 + math.exp(-total))

        unmet = self._unmet(action, risk, purpose, evidence)

        utilities: dict[str, float]
        if not vetoed and not unmet and posterior >= threshold:
            fallback = None
            utilities = {}
        elif unmet and not vetoed:
            utilities = {}
            fallback = self._missing_fallback[next(iter(unmet))]
        else:
            p = 0.0 if vetoed else posterior
            q = 1.0 - p
            utilities = {}
            fallback = None
            best = -math.inf
            for f, ur, uw in fallbacks:
                eu = p * ur + q * uw
                utilities[f] = eu
                if eu > best:
                    best, fallback = eu, f
            if vetoed and self._veto_fallback in utilities:
                fallback = self._veto_fallback

        out = DecisionOutcome(
            decision_id=new_id(),
            action=action,
            approved=fallback is None,
            posterior=posterior,
            threshold=threshold,
            terms=terms,
            prior_logodds=prior,
            fallback=fallback,
            risk_class=risk,
            vetoed=vetoed,
            call_id=call_id,
            hotel_id=hotel_id,
            turn=turn,
            state=state,
            evidence=dict(evidence),
            utilities=utilities,
            created_at=time.time(),
            veto_fallback=self._veto_fallback,
            purpose=purpose,
            unmet=unmet,
        )
        out.reason = format_reason(out)
        if self.sink is not None:
            self.sink(out)
        return out

    def _unmet(
        self, action: str, risk: str, purpose: str, evidence: Mapping[str, float]
    ) -> dict[str, str]:
        """Required evidence (risk class, then action kind, then purpose) missing or too low."""
        unmet: dict[str, str] = {}
        req = self._required
        for key in (risk, action, purpose):
            for src, minimum in req.get(key, {}).items() if key else ():
                v = evidence.get(src)
                if v is None:
                    unmet[src] = "missing"
                elif v < minimum:
                    unmet[src] = "low"
        return unmet

    def requirements(self, action: str, purpose: str = "") -> dict[str, float]:
        """Which evidence ``action`` (for ``purpose``) cannot do without, and its minimum."""
        risk = self._spec[action][0] if action in self._spec else ""
        out: dict[str, float] = {}
        for key in (risk, action, purpose):
            out.update(self._required.get(key, {}) if key else {})
        return out

    # -- learning ----------------------------------------------------------
    def record_outcome(
        self,
        action: str,
        outcome: str,
        hotel_id: str = "demo",
        *,
        decision_id: str | None = None,
        call_id: str | None = None,
    ) -> OutcomeRecord:
        """Learn from one outcome now (in memory) and queue it for the ledger via ``sink``.

        The ledger adds the same counts to ``prior_counts`` when the outcome row
        is inserted (a trigger; duplicates are ignored by id), so a restarted
        core reloads exactly what was learned.
        """
        da, db = self.priors.record(hotel_id, action, outcome)
        rec = OutcomeRecord(
            id=new_id(),
            decision_id=decision_id,
            call_id=call_id,
            hotel_id=hotel_id,
            action=action,
            outcome=outcome,
            d_alpha=da,
            d_beta=db,
            created_at=time.time(),
        )
        if self.sink is not None:
            self.sink(rec)
        return rec


def _strongest(terms: dict[str, float], positive: bool) -> str:
    if not terms:
        return "; no evidence (prior only)"
    name = max(terms, key=terms.__getitem__) if positive else min(terms, key=terms.__getitem__)
    t = terms[name]
    label = "strongest support" if positive else "weakest link"
    return f"; {label}: {name} {t:+.2f}"
