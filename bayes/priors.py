"""Beta priors per (hotel, action kind): config seeds plus counts learned from outcomes.

Why seeds and learned counts are kept apart: the ledger stores only what was
learned (successes, failures per hotel and action), so an operator who changes
a seed in the configuration changes the prior at the next start without losing
what the hotel's calls taught. The prior's log-odds, log(alpha / beta), is
cached per (hotel, action) so the decision core's hot path is one dict lookup.

Concurrency: a PriorStore belongs to the thread that owns its DecisionCore
(COMMAND's loop). ``record`` and ``logodds`` are plain dict operations.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from bayes.errors import MissingPrior, UnknownAction, UnknownOutcome
from bayes.vocabulary import ACTION_RISK
from config.sections.decision import DecisionConfig


class PriorStore:
    def __init__(self, config: DecisionConfig):
        self._seeds = dict(config.priors)
        self._hotel_seeds = {h: dict(v) for h, v in config.hotel_priors.items()}
        self._weights = dict(config.outcome_weights)
        # (hotel, action) -> [successes, failures] learned from outcomes
        self._learned: dict[tuple[str, str], list[float]] = {}
        # hotel -> action -> log-odds (the hot-path cache)
        self._logodds: dict[str, dict[str, float]] = {}
        for action in ACTION_RISK:  # fail at start, not on the first call
            self.seed("", action)

    # -- seeds -------------------------------------------------------------
    def seed(self, hotel_id: str, action: str) -> tuple[float, float]:
        """Configured Beta seed: hotel's action, hotel's risk class, action, risk class."""
        risk = ACTION_RISK.get(action)
        if risk is None:
            raise UnknownAction(f"unknown action kind {action!r}; known: {', '.join(ACTION_RISK)}")
        hs = self._hotel_seeds.get(hotel_id, {})
        for table in (hs, self._seeds):
            for key in (action, risk):
                if key in table:
                    a, b = table[key]
                    return float(a), float(b)
        raise MissingPrior(
            f"no prior for action {action!r} (risk class {risk!r}): add decision.priors.{risk} "
            f"= [alpha, beta] to the configuration"
        )

    # -- reading -----------------------------------------------------------
    def counts(self, hotel_id: str, action: str) -> tuple[float, float]:
        """Current (alpha, beta): seed plus learned successes and failures."""
        a, b = self.seed(hotel_id, action)
        s, f = self._learned.get((hotel_id, action), (0.0, 0.0))
        return a + s, b + f

    def mean(self, hotel_id: str, action: str) -> float:
        a, b = self.counts(hotel_id, action)
        return a / (a + b)

    def logodds(self, hotel_id: str, action: str) -> float:
        """log(alpha / beta): the prior in log-odds (the hot path; cached)."""
        h = self._logodds.get(hotel_id)
        if h is not None:
            lo = h.get(action)
            if lo is not None:
                return lo
        return self._refresh(hotel_id, action)

    def _refresh(self, hotel_id: str, action: str) -> float:
        a, b = self.counts(hotel_id, action)
        lo = math.log(a / b)
        self._logodds.setdefault(hotel_id, {})[action] = lo
        return lo

    # -- learning ----------------------------------------------------------
    def weights(self, outcome: str) -> tuple[float, float]:
        w = self._weights.get(outcome)
        if w is None:
            raise UnknownOutcome(f"unknown outcome {outcome!r}; known: {', '.join(self._weights)}")
        return float(w[0]), float(w[1])

    def record(self, hotel_id: str, action: str, outcome: str) -> tuple[float, float]:
        """Apply one outcome; returns what it added to (alpha, beta)."""
        self.seed(hotel_id, action)  # validates the action
        da, db = self.weights(outcome)
        self.add(hotel_id, action, da, db)
        return da, db

    def add(self, hotel_id: str, action: str, successes: float, failures: float) -> None:
        cur = self._learned.setdefault((hotel_id, action), [0.0, 0.0])
        cur[0] += successes
        cur[1] += failures
        self._refresh(hotel_id, action)

    def learned(self) -> dict[tuple[str, str], tuple[float, float]]:
        return {k: (v[0], v[1]) for k, v in self._learned.items()}

    def load(self, rows: Iterable[tuple[str, str, float, float]]) -> int:
        """Replace learned counts with rows (hotel_id, action, successes, failures).

        Rows for action kinds this version does not know are skipped (an older
        ledger may hold them); returns how many rows were taken.
        """
        self._learned.clear()
        self._logodds.clear()
        n = 0
        for hotel_id, action, s, f in rows:
            if action not in ACTION_RISK:
                continue
            self._learned[(hotel_id, action)] = [float(s), float(f)]
            n += 1
        return n

    def load_from_database(self, url: str) -> int:
        """Reload learned counts from the ledger's ``prior_counts`` table."""
        import psycopg

        with psycopg.connect(url, connect_timeout=3) as conn:
            rows = conn.execute(
                "SELECT hotel_id, action, successes, failures FROM prior_counts"
            ).fetchall()
        return self.load(rows)
