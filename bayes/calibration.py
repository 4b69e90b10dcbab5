"""Calibration: does a posterior of 0.9 come true nine times in ten?

From the ledger: every outcome joined to the decision it judged gives one
(predicted posterior, observed success) pair, success meaning the outcome
taught the prior only successes (``confirmed``). Per action kind: count, mean
prediction, observed rate, Brier score, and binned pairs for a reliability
plot. Operators read the gap between prediction and observation to adjust the
seeds and the evidence tables (``suggest_tables`` proposes ratios per value bin).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

_PAIRS = """
SELECT d.action, d.posterior, (o.d_alpha > 0 AND o.d_beta = 0) AS success, d.evidence::text
  FROM outcomes o JOIN decisions d ON d.id::text = o.decision_id
"""


@dataclass
class Bin:
    lo: float
    hi: float
    n: int = 0
    predicted: float = 0.0  # mean posterior in the bin
    observed: float = 0.0  # success rate in the bin


@dataclass
class ActionCalibration:
    action: str
    n: int
    predicted: float
    observed: float
    brier: float
    bins: list[Bin] = field(default_factory=list)


@dataclass
class CalibrationReport:
    actions: list[ActionCalibration]
    total: int

    def table(self) -> str:
        if not self.actions:
            return (
                "no outcomes in the ledger yet: calibration needs decisions with recorded "
                "outcomes (DecisionCore.record_outcome)"
            )
        lines = [
            f"{'action':<18} {'n':>6} {'predicted':>10} {'observed':>9} {'gap':>7} {'brier':>7}"
        ]
        for a in self.actions:
            lines.append(
                f"{a.action:<18} {a.n:>6} {a.predicted:>10.3f} {a.observed:>9.3f}"
                f" {a.observed - a.predicted:>+7.3f} {a.brier:>7.4f}"
            )
        return "\n".join(lines)

    def to_json(self) -> dict:
        return {
            "total": self.total,
            "actions": [
                {
                    "action": a.action,
                    "n": a.n,
                    "predicted": a.predicted,
                    "observed": a.observed,
                    "brier": a.brier,
                    "bins": [b.__dict__ for b in a.bins if b.n],
                }
                for a in self.actions
            ],
        }


def compute(pairs: list[tuple[str, float, bool]], bins: int = 10) -> CalibrationReport:
    by_action: dict[str, list[tuple[float, bool]]] = {}
    for action, p, ok in pairs:
        by_action.setdefault(action, []).append((float(p), bool(ok)))
    out = []
    for action in sorted(by_action):
        xs = by_action[action]
        n = len(xs)
        bs = [Bin(i / bins, (i + 1) / bins) for i in range(bins)]
        sums = [[0.0, 0] for _ in range(bins)]
        for p, ok in xs:
            i = min(int(p * bins), bins - 1)
            bs[i].n += 1
            sums[i][0] += p
            sums[i][1] += ok
        for b, (sp, so) in zip(bs, sums, strict=True):
            if b.n:
                b.predicted = sp / b.n
                b.observed = so / b.n
        out.append(
            ActionCalibration(
                action=action,
                n=n,
                predicted=sum(p for p, _ in xs) / n,
                observed=sum(ok for _, ok in xs) / n,
                brier=sum((p - ok) ** 2 for p, ok in xs) / n,
                bins=bs,
            )
        )
    return CalibrationReport(out, sum(a.n for a in out))


def pairs_from_database(url: str) -> list[tuple[str, float, bool]]:
    import psycopg

    with psycopg.connect(url) as conn:
        return [(a, p, s) for a, p, s, _ in conn.execute(_PAIRS)]


def from_database(url: str, bins: int = 10) -> CalibrationReport:
    return compute(pairs_from_database(url), bins)


def suggest_tables(
    url: str, bins: int = 5, min_n: int = 20
) -> dict[str, list[tuple[float, float]]]:
    """Per evidence source, likelihood ratios per value bin observed in the ledger.

    LR(bin) = odds of success among decisions whose evidence fell in the bin /
    odds of success overall (add-one smoothed). Bins with fewer than ``min_n``
    pairs are left out. Ratios are made non-decreasing (running maximum) so the
    result is a valid ``decision.evidence.<source>.table``.
    """
    import json

    import psycopg

    with psycopg.connect(url) as conn:
        rows = [(s, json.loads(e)) for _, _, s, e in conn.execute(_PAIRS)]
    if not rows:
        return {}
    succ = sum(1 for s, _ in rows if s)
    base_odds = (succ + 1) / (len(rows) - succ + 1)
    per: dict[str, list[list[int]]] = {}
    for s, ev in rows:
        for name, v in ev.items():
            b = min(int(float(v) * bins), bins - 1)
            cell = per.setdefault(name, [[0, 0] for _ in range(bins)])[b]
            cell[0] += 1
            cell[1] += bool(s)
    out: dict[str, list[tuple[float, float]]] = {}
    for name, cells in per.items():
        knots = []
        for i, (n, k) in enumerate(cells):
            if n >= min_n:
                lr = ((k + 1) / (n - k + 1)) / base_odds
                knots.append(((i + 0.5) / bins, lr))
        if not knots:
            continue
        running, mono = 0.0, []
        for x, lr in knots:
            running = max(running, lr)
            mono.append((round(x, 3), round(running, 3)))
        table = [(0.0, mono[0][1]), *mono, (1.0, mono[-1][1])]
        out[name] = [k for i, k in enumerate(table) if i == 0 or k[0] > table[i - 1][0]]
    return out


def plot(report: CalibrationReport, path: str) -> None:
    """A reliability diagram (prediction vs observation per bin, one line per action kind)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax, hx) = plt.subplots(
        2, 1, figsize=(7, 8), gridspec_kw={"height_ratios": [3, 1]}, sharex=True
    )
    ax.plot([0, 1], [0, 1], "--", color="grey", label="perfectly calibrated")
    for a in report.actions:
        pts = [(b.predicted, b.observed) for b in a.bins if b.n]
        if pts:
            ax.plot(*zip(*pts, strict=True), marker="o", label=f"{a.action} (n={a.n})")
        hx.bar(
            [(b.lo + b.hi) / 2 for b in a.bins],
            [b.n for b in a.bins],
            width=(a.bins[0].hi - a.bins[0].lo) * 0.9 if a.bins else 0.1,
            alpha=0.4,
            label=a.action,
        )
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_ylabel("observed success rate")
    ax.set_title("SOVREN decision core: reliability (ledger outcomes)")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper left", fontsize=8)
    hx.set_xlabel("predicted posterior")
    hx.set_ylabel("decisions")
    hx.grid(True, alpha=0.3)
    if not report.actions:
        ax.text(0.5, 0.5, "no outcomes yet", ha="center", va="center")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def brier_skill(report: CalibrationReport) -> float:
    """1 - Brier / Brier of always predicting the base rate (higher is better; nan if undefined)."""
    n = report.total
    if not n:
        return math.nan
    base = sum(a.observed * a.n for a in report.actions) / n
    ref = base * (1 - base)
    brier = sum(a.brier * a.n for a in report.actions) / n
    return 1 - brier / ref if ref > 0 else math.nan
