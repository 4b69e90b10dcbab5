"""Runs one brain over a job file and writes what it understood: ``python PATH/understanding_runner.py JOB OUT``.

Why a script run by path in a subprocess: ``bench.understanding`` compares the
brain of the checkout with an older commit's (and with the vLLM backend). The
older tree is put first on PYTHONPATH and this file, from the current tree, is
run against it; so it imports only APIs that exist at every compared commit
(``config.settings.load_settings``, ``agents.understanding.backend.Context`` /
``make_backend``, ``agents.understanding.embedded.EmbeddedBackend.from_settings``,
``agents.intel.dialogue.Dialogue`` and the dialogue harness, found by path in
``bench/`` or, at older commits, ``tests/agents_brain/``). It only records
predictions; every metric is computed by the caller (bench/understanding_metrics.py).

Job (JSON): ``{"backend": "embedded"|"vllm", "vllm_url": str|null,
"turns": [{"id", "text", "today", "lang", "asked", "before"}], "dialogues": [corpus dialogue],
"facts": {"site_file": path, "today": iso, "questions": [{"text", "lang", ...}]} | null}``.
Progress goes to stderr.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
import time
import traceback
from pathlib import Path
from typing import Any

WRITES = ("pms.create", "pms.modify", "pms.cancel")


def _log(msg: str) -> None:
    print(f"[runner] {msg}", file=sys.stderr, flush=True)


def _harness():
    """The dialogue harness of the tree on the path (bench/ now, tests/agents_brain/ before)."""
    import agents

    root = Path(agents.__file__).resolve().parent.parent
    for rel in ("bench/brain_harness.py", "tests/agents_brain/brain_harness.py"):
        p = root / rel
        if p.exists():
            spec = importlib.util.spec_from_file_location("_sovren_brain_harness", p)
            mod = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(mod)
            return mod
    raise SystemExit(f"no brain_harness.py under {root}/bench or {root}/tests/agents_brain")


def _plain(v: Any) -> Any:
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    return str(v)


def understood(u: Any) -> dict[str, Any]:
    """The fields the benchmark scores; ``facts``/``unknown_question`` only exist on newer brains."""
    return {
        "intent": u.intent,
        "confidence": float(u.confidence),
        "slots": _plain(dict(u.slots)),
        "lang": getattr(u, "lang", ""),
        "facts": list(getattr(u, "facts", ()) or ()),
        "unknown_question": bool(getattr(u, "unknown_question", False)),
        "polarity": getattr(u, "polarity", ""),
    }


class Recorder:
    """Wraps a backend and keeps every (text, understanding) the dialogue asked for."""

    def __init__(self, inner: Any):
        self.inner = inner
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def understand(self, text, ctx):
        u = self.inner.understand(text, ctx)
        self.calls.append((text, understood(u)))
        return u

    def __getattr__(self, name):
        return getattr(self.inner, name)


def _settings(job: dict[str, Any], site_file: str | None = None):
    from config.settings import load_settings

    s = load_settings() if site_file is None else _site_settings(site_file)
    if job.get("backend") == "vllm":
        s.agents.understanding.backend = "vllm"
        if job.get("vllm_url"):
            s.agents.understanding.vllm.base_url = job["vllm_url"]
    return s


def _site_settings(site_file: str):
    """The site file as the tree understands it; a tree from before the typed hotel schema
    (issue 11) gets the same hotel translated to its older shape (facts as one English
    string, German texts in ``facts_i18n``, synonyms in ``room_synonyms``)."""
    from config.settings import ConfigError, load_settings

    try:
        return load_settings(site_file)
    except ConfigError as e:
        _log(f"site file not accepted as is ({str(e)[:120]}...); translating to the older schema")
    import os

    import yaml

    # Undo what the older tree's own load_settings just did (it wrote SOVREN_CONFIG into the
    # environment, which today's never does); this process runs that tree's code only.
    os.environ.pop("SOVREN_CONFIG", None)
    hotel = yaml.safe_load(Path(site_file).read_text(encoding="utf-8"))["hotel"]
    facts = hotel.get("facts", {})
    rooms = hotel.get("room_types", [])
    old_hotel = {
        k: hotel[k]
        for k in ("hotel_id", "name", "timezone", "currency", "max_stay_nights", "simulated_date")
        if k in hotel
    }
    old_hotel["facts"] = {
        k: f["text"].get("en") or next(iter(f["text"].values())) for k, f in facts.items()
    }
    old_hotel["room_types"] = [
        {
            "code": r["code"],
            "name": r["name"].get("en", r["code"]),
            "count": r["count"],
            "max_guests": r["max_guests"],
            "rate": str(r["rate"]),
        }
        for r in rooms
    ]
    old_hotel["rate_plans"] = [
        {k: v for k, v in p.items() if k in ("code", "factor", "refundable")}
        for p in hotel.get("rate_plans", [])
    ]
    s = load_settings()
    s.hotel = type(s.hotel)(**old_hotel)  # assigned, not merged: none of the demo's facts stay
    u = s.agents.understanding
    u.facts_i18n = {"de": {k: f["text"]["de"] for k, f in facts.items() if "de" in f["text"]}}
    u.room_synonyms = {
        r["code"]: [n.lower() for n in r["name"].values()]
        + [w for ws in r.get("synonyms", {}).values() for w in ws]
        for r in rooms
    }
    return s


def _backend(settings):
    """The configured backend; the factory lived in agents/understanding/backend.py before
    the layering (commit 35aa7b2), where the previous brain (--baseline-rev) still has it."""
    if importlib.util.find_spec("agents.understanding.factory") is not None:
        from agents.understanding.factory import make_backend
    else:
        from agents.understanding.backend import make_backend
    return make_backend(settings)


def carried_party(backend, ctx_of, before: list[str], memo: dict[tuple[str, ...], Any]) -> Any:
    """The party a dialogue state holds after the caller's earlier utterances ``before``:
    the last guest count the brain understood in them, each read with the party so far
    (so a chain of "the same group" keeps it). ``memo`` shares prefixes between the turns
    of one dialogue; a failing utterance leaves the party as it was."""
    party = None
    for k in range(len(before)):
        key = tuple(before[: k + 1])
        if key not in memo:
            try:
                g = backend.understand(before[k], ctx_of(party)).slots.get("guests")
            except Exception:  # noqa: BLE001 - an earlier turn the brain fails on says nothing
                g = None
            memo[key] = g if isinstance(g, int) and g > 0 else party
        party = memo[key]
    return party


def run_turns(backend, turns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from agents.understanding.backend import Context

    # Older brains have no Context.guests: their turns are read without the earlier party.
    has_party = "guests" in getattr(Context, "__struct_fields__", ())
    memo: dict[tuple[str, ...], Any] = {}
    out = []
    t0 = time.monotonic()
    for i, t in enumerate(turns, 1):
        base = {"today": dt.date.fromisoformat(t["today"]), "lang": t.get("lang") or "en"}
        party = None
        if has_party and t.get("before"):
            party = carried_party(
                backend, lambda p, b=base: Context(**b, guests=p), t["before"], memo
            )
        ctx = Context(**base, asked=t.get("asked"), **({"guests": party} if party else {}))
        try:
            out.append({"id": t["id"], **understood(backend.understand(t["text"], ctx))})
        except Exception as e:  # noqa: BLE001 - a failing turn is a scored failure
            out.append({"id": t["id"], "error": f"{type(e).__name__}: {e}"})
        if i % 500 == 0 or i == len(turns):
            _log(f"turns {i}/{len(turns)} ({time.monotonic() - t0:.0f} s)")
    return out


def _align(
    lines: list[str], calls: list[tuple[str, dict[str, Any]]]
) -> list[dict[str, Any] | None]:
    """Each script line's understanding: the next recorded call with the same text."""
    out: list[dict[str, Any] | None] = []
    j = 0
    for line in lines:
        k = next((k for k in range(j, len(calls)) if calls[k][0] == line), None)
        out.append(calls[k][1] if k is not None else None)
        if k is not None:
            j = k + 1
    return out


def run_dialogue(settings, backend, harness, d: dict[str, Any]) -> dict[str, Any]:
    from agents.intel.dialogue import Dialogue

    pms = harness.FakePms(list(settings.hotel.room_types))  # in the tree's own type
    rec = Recorder(backend)
    lines = [t["text"] for t in d["turns"]]
    dia = None
    error = None
    try:
        given = d.get("given_reservation")
        if given:
            pms.seed(**{k: str(v) for k, v in given.items() if v is not None})
        dia = Dialogue(
            settings, dt.date.fromisoformat(d["today"]), caller_id=d.get("caller_id"), backend=rec
        )
        harness.run_call(dia, pms, lines, caller_id=d.get("caller_id"))
    except Exception as e:  # noqa: BLE001 - a dialogue that raises is a scored failure
        error = f"{type(e).__name__}: {e} @ {traceback.extract_tb(e.__traceback__)[-1].name}"
    writes = [write_record(pms, a, args) for a, args in pms.calls if a in WRITES]
    return {
        "id": d["id"],
        "outcome": getattr(getattr(dia, "state", None), "outcome", None),
        "writes": writes,
        "error": error,
        "turns": _align(lines, rec.calls),
    }


def write_record(pms, action: str, args: dict[str, Any]) -> dict[str, Any]:
    """A write's arguments, plus the confirmation number of the booking it changes (the
    corpus names bookings by confirmation, the dialogue by the PMS's reservation id)."""
    w = {"action": action, **_plain(args)}
    target = pms.reservations.get(args.get("reservation_id") or "")
    if target is not None and "confirmation" not in w:
        w["confirmation"] = target.get("confirmation")
    return w


def run_facts(job: dict[str, Any]) -> list[dict[str, Any]]:
    from agents.understanding.backend import Context

    f = job["facts"]
    settings = _settings(job, f["site_file"])
    backend = _backend(settings)
    today = dt.date.fromisoformat(f.get("today") or "2026-03-02")
    out = []
    for q in f["questions"]:
        try:
            u = backend.understand(q["text"], Context(today=today, lang=q.get("lang", "en")))
            out.append(understood(u) | {"fact_keys": sorted(_fact_keys(settings))})
        except Exception as e:  # noqa: BLE001
            out.append({"error": f"{type(e).__name__}: {e}"})
    _log(f"facts {len(out)} questions")
    return out


def _fact_keys(settings) -> set[str]:
    return set(settings.hotel.facts)


def main(argv: list[str]) -> int:
    job_path, out_path = argv
    job = json.loads(Path(job_path).read_text(encoding="utf-8"))
    result: dict[str, Any] = {}
    t0 = time.monotonic()
    if job.get("turns") or job.get("dialogues"):
        settings = _settings(job)
        backend = _backend(settings)
        _log(f"backend {type(backend).__name__} ready in {time.monotonic() - t0:.1f} s")
        if job.get("turns"):
            result["turns"] = run_turns(backend, job["turns"])
        if job.get("dialogues"):
            harness = _harness()
            dias = []
            for i, d in enumerate(job["dialogues"], 1):
                dias.append(run_dialogue(settings, backend, harness, d))
                if i % 25 == 0 or i == len(job["dialogues"]):
                    _log(f"dialogues {i}/{len(job['dialogues'])} ({time.monotonic() - t0:.0f} s)")
            result["dialogues"] = dias
    if job.get("facts"):
        result["facts"] = run_facts(job)
    Path(out_path).write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    # Run by path, Python puts bench/ first on sys.path, where bench/ipc.py would shadow
    # the ipc package of the tree under test: drop it.
    _here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _here]
    sys.exit(main(sys.argv[1:]))
