"""The console's pictures as server-side SVG: no JavaScript, no build step, nothing to load.

Why SVG written here rather than a plotting library: four simple charts (bars,
stacked bars, a histogram, a reliability plot) are a few dozen lines of
markup, render in any browser, scale, and cost microseconds; matplotlib would
cost a second and a PNG per request. Every label goes through ``escape``.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any

from psycopg.rows import dict_row

W, H = 640, 240
PAD_L, PAD_R, PAD_T, PAD_B = 44, 12, 16, 40
OUTCOME_COLOURS = {
    "booked": "#2e7d32",
    "modified": "#558b2f",
    "cancelled": "#8d6e63",
    "answered": "#1565c0",
    "refused": "#ef6c00",
    "blocked": "#c62828",
    "transferred": "#6a1b9a",
    "abandoned": "#9e9e9e",
    "open": "#bdbdbd",
}


def _frame(title: str, body: list[str], ymax: float, *, yfmt: str = "{:g}") -> str:
    plot_h = H - PAD_T - PAD_B
    grid = []
    for i in range(5):
        v = ymax * i / 4
        y = PAD_T + plot_h - plot_h * i / 4
        grid.append(
            f'<line x1="{PAD_L}" y1="{y:.1f}" x2="{W - PAD_R}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{PAD_L - 4}" y="{y + 4:.1f}" class="ylab">{escape(yfmt.format(v))}</text>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" class="chart"'
        f' role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
        + "".join(grid)
        + "".join(body)
        + "</svg>"
    )


def _nice(v: float) -> float:
    if v <= 0:
        return 1.0
    for m in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 100_000):
        if v <= m:
            return float(m)
    return float(v)


def bars(title: str, labels: list[str], values: list[float], *, every: int = 1) -> str:
    """A bar per label (``every``: label every n-th bar)."""
    n = max(1, len(values))
    ymax = _nice(max(values, default=0))
    plot_w, plot_h = W - PAD_L - PAD_R, H - PAD_T - PAD_B
    bw = plot_w / n
    body = []
    for i, (lab, v) in enumerate(zip(labels, values, strict=True)):
        h = plot_h * v / ymax
        x = PAD_L + i * bw
        body.append(
            f'<rect x="{x + 1:.1f}" y="{PAD_T + plot_h - h:.1f}" width="{max(bw - 2, 1):.1f}"'
            f' height="{h:.1f}" class="bar" data-value="{v:g}"><title>{escape(lab)}: {v:g}</title></rect>'
        )
        if i % every == 0:
            body.append(
                f'<text x="{x + bw / 2:.1f}" y="{H - PAD_B + 14}" class="xlab">{escape(lab)}</text>'
            )
    return _frame(title, body, ymax)


def stacked(title: str, labels: list[str], series: dict[str, list[int]]) -> str:
    """Stacked bars per label, one colour per series, with a legend."""
    n = max(1, len(labels))
    totals = [sum(s[i] for s in series.values()) for i in range(len(labels))]
    ymax = _nice(max(totals, default=0))
    plot_w, plot_h = W - PAD_L - PAD_R, H - PAD_T - PAD_B
    bw = plot_w / n
    body = []
    for i, lab in enumerate(labels):
        y = PAD_T + plot_h
        for name, vals in series.items():
            v = vals[i]
            if not v:
                continue
            h = plot_h * v / ymax
            y -= h
            colour = OUTCOME_COLOURS.get(name, "#455a64")
            body.append(
                f'<rect x="{PAD_L + i * bw + 1:.1f}" y="{y:.1f}" width="{max(bw - 2, 1):.1f}"'
                f' height="{h:.1f}" fill="{colour}" class="seg" data-value="{v}">'
                f"<title>{escape(lab)} {escape(name)}: {v}</title></rect>"
            )
        every = max(1, n // 10)
        if i % every == 0:
            body.append(
                f'<text x="{PAD_L + i * bw + bw / 2:.1f}" y="{H - PAD_B + 14}" class="xlab">'
                f"{escape(lab)}</text>"
            )
    x = PAD_L
    for name in series:
        colour = OUTCOME_COLOURS.get(name, "#455a64")
        body.append(
            f'<rect x="{x}" y="{H - 14}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + 13}" y="{H - 5}" class="legend">{escape(name)}</text>'
        )
        x += 16 + 7 * len(name) + 10
    return _frame(title, body, ymax)


def reliability(title: str, actions: list[dict[str, Any]]) -> str:
    """Predicted (x) vs observed (y) success per bin and action kind; the diagonal is perfect."""
    plot_w, plot_h = W - PAD_L - PAD_R, H - PAD_T - PAD_B
    palette = ["#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#c62828", "#00838f", "#5d4037"]
    body = [
        f'<line x1="{PAD_L}" y1="{PAD_T + plot_h}" x2="{PAD_L + plot_w}" y2="{PAD_T}" class="diag"/>'
    ]
    lx = PAD_L
    for k, a in enumerate(actions):
        colour = palette[k % len(palette)]
        pts = []
        for b in a["bins"]:
            x = PAD_L + plot_w * b["predicted"]
            y = PAD_T + plot_h - plot_h * b["observed"]
            pts.append(f"{x:.1f},{y:.1f}")
            r = 3 + min(6, b["n"] ** 0.5)
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{colour}" class="point">'
                f"<title>{escape(a['action'])}: predicted {b['predicted']:.2f}, observed"
                f" {b['observed']:.2f}, n={b['n']}</title></circle>"
            )
        if len(pts) > 1:
            body.append(f'<polyline points="{" ".join(pts)}" fill="none" stroke="{colour}"/>')
        body.append(
            f'<rect x="{lx}" y="{H - 14}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{lx + 13}" y="{H - 5}" class="legend">{escape(a["action"])} (n={a["n"]})</text>'
        )
        lx += 30 + 7 * len(a["action"]) + 40
    for i in range(5):
        x = PAD_L + plot_w * i / 4
        body.append(f'<text x="{x:.1f}" y="{H - PAD_B + 14}" class="xlab">{i / 4:.2f}</text>')
    return _frame(title, body, 1.0, yfmt="{:.2f}")


# -- data ------------------------------------------------------------------------------
async def calls_per_hour(aconn, hours: int = 24) -> tuple[list[str], list[float]]:
    now = dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0)
    start = now - dt.timedelta(hours=hours - 1)
    cur = await aconn.execute(
        "SELECT date_trunc('hour', started_at) AS h, count(*) FROM calls"
        " WHERE started_at >= %s GROUP BY 1",
        (start,),
    )
    got = {h: n for h, n in await cur.fetchall()}
    hrs = [start + dt.timedelta(hours=i) for i in range(hours)]
    return [h.strftime("%H:00") for h in hrs], [float(got.get(h, 0)) for h in hrs]


async def outcomes_per_day(aconn, days: int = 14) -> tuple[list[str], dict[str, list[int]]]:
    today = dt.datetime.now(dt.UTC).date()
    start = today - dt.timedelta(days=days - 1)
    cur = await aconn.execute(
        "SELECT (started_at AT TIME ZONE 'UTC')::date AS d, coalesce(end_reason, 'open'), count(*)"
        " FROM calls WHERE started_at >= %s GROUP BY 1, 2",
        (dt.datetime.combine(start, dt.time(), dt.UTC),),
    )
    rows = await cur.fetchall()
    day_list = [start + dt.timedelta(days=i) for i in range(days)]
    names = sorted({r[1] for r in rows}, key=lambda n: list(OUTCOME_COLOURS).index(n)
                   if n in OUTCOME_COLOURS else 99)  # fmt: skip
    series = {n: [0] * days for n in names}
    for d, name, count in rows:
        series[name][(d - start).days] = count
    return [d.strftime("%m-%d") for d in day_list], series


async def latency_histogram(
    aconn, days: int = 30, bin_ms: int = 250, source: str = "media"
) -> tuple[list[str], list[float], int]:
    """Turns per latency bin, as ``source`` measured them: by default the media worker,
    which measures every real-time audio call the same way (migration 0015), so each
    turn counts once (the console's voice page measures its own calls again)."""
    cur = await aconn.execute(
        "SELECT voice_to_voice_ms FROM voice_latency WHERE source = %s"
        " AND created_at > now() - make_interval(days => %s)",
        (source, days),
    )
    vals = [v for (v,) in await cur.fetchall()]
    top = max(vals, default=0)
    nbins = max(8, min(40, top // bin_ms + 1))
    counts = [0.0] * nbins
    for v in vals:
        counts[min(v // bin_ms, nbins - 1)] += 1
    labels = [f"{i * bin_ms / 1000:.2f}s" for i in range(nbins)]
    return labels, counts, len(vals)


async def alerts_by_rule(aconn, days: int = 30) -> tuple[list[str], list[float]]:
    async with aconn.cursor(row_factory=dict_row) as cur:
        await cur.execute(
            "SELECT category, count(*) AS n FROM alerts"
            " WHERE created_at > now() - make_interval(days => %s)"
            " GROUP BY category ORDER BY n DESC, category LIMIT 20",
            (days,),
        )
        rows = await cur.fetchall()
    return [r["category"] for r in rows], [float(r["n"]) for r in rows]
