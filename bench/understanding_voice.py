"""``python -m bench.understanding_voice``: the corpus test split by voice and by text (issue 10 §4, §6).

Why by voice and by text on one runtime: what a hotel experiences is whether the
write comes out right when a caller *speaks*; comparing the same dialogues typed
and spoken, on the same running runtime, isolates what the ear (VAD, turn end,
whisper) costs the brain. Only external interfaces are used (the call client,
the media worker's audio calls, the local PMS's tables), so the figure measures
whatever brain the checked-out code has.

Per dialogue of the corpus (bench/corpus): the runtime runs with the embedded
defaults, ``hotel.simulated_date`` = the dialogue's ``today`` (dialogues of one
day share one runtime start), the dialogue's ``given_reservation`` seeded into the
local PMS (emptied before each call) and its ``caller_id`` set. The caller turns go

- by text: one ``Transcript`` per turn, as ``sovren call --script`` sends them;
- by voice ``piper``: Piper's joe voice at 16 kHz (German dialogues: espeak-ng's
  German voice at 16 kHz; no packaged German Piper voice exists);
- by voice ``espeak8k``: espeak-ng (en-us / de) at 8 kHz, band-limited to
  300-3400 Hz and G.711 mu-law coded like a phone line, sent as 16 kHz frames;

one call per dialogue, fed in real time (20 ms frames); after each utterance the
caller stays silent (the line carries silence) until every turn heard so far has
been answered and its reply has finished playing, plus a short pause. At the
end the PMS is compared with the corpus's ``expect``: task success (the expected
write with the expected arguments, or rightly no write) and wrong writes (a
write whose dates, guests or room differ from the expected one, a write on the
wrong reservation, or any write when none was expected). A dialogue that errors
counts as a failure with its reason.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import platform
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from bench.report_md import replace_section

HEAD = "## Understanding by voice"
VOICES = ("piper", "espeak8k")
MODES = ("text", *VOICES)
FRAME_BYTES = 640  # 20 ms of 16 kHz 16-bit mono
PAUSE_S = 0.6  # the caller's pause after a reply ends, before speaking again
HEARD_TIMEOUT_S = 12.0  # no transcript this long after an utterance: it was not heard
REPLY_TIMEOUT_S = 60.0  # a heard turn whose reply has not finished playing by then


# -- the PMS: what was written --------------------------------------------------------------
SNAPSHOT_SQL = (
    "SELECT id::text, confirmation, status, arrival, departure, adults + children AS guests, "
    "room_type, rate_plan, guest_name FROM pms_local.reservations"
)


def pms_snapshot(url: str) -> dict[str, dict[str, Any]]:
    """Every reservation of the local PMS by id (ISO dates, guests as a number)."""
    import psycopg
    from psycopg.rows import dict_row

    with psycopg.connect(url, row_factory=dict_row) as conn:
        rows = conn.execute(SNAPSHOT_SQL).fetchall()
    out = {}
    for r in rows:
        r["arrival"], r["departure"] = r["arrival"].isoformat(), r["departure"].isoformat()
        out[r["id"]] = dict(r)
    return out


def pms_clear(url: str) -> None:
    """An empty hotel before each call: nothing left from the previous dialogue."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("TRUNCATE pms_local.modifications, pms_local.reservations")


def writes_between(before: dict[str, dict], after: dict[str, dict]) -> list[dict[str, Any]]:
    """The writes a call made, from the PMS before and after it (creates, modifies, cancels)."""
    out = []
    for rid, r in sorted(after.items(), key=lambda kv: kv[1]["confirmation"]):
        old = before.get(rid)
        w = {k: r[k] for k in ("confirmation", "arrival", "departure", "guests", "room_type")}
        w |= {"rate_plan": r["rate_plan"], "guest_name": r["guest_name"]}
        if old is None:
            out.append({"action": "pms.create", **w})
        elif r["status"] == "cancelled" and old["status"] != "cancelled":
            out.append({"action": "pms.cancel", **w})
        elif any(
            r[k] != old[k] for k in ("arrival", "departure", "guests", "room_type", "rate_plan")
        ):
            out.append({"action": "pms.modify", **w})
    return out


def _name(s: str | None) -> str:
    return " ".join((s or "").casefold().split())


def compare_writes(expect: dict[str, Any] | None, writes: list[dict[str, Any]]) -> dict[str, Any]:
    """Task success and wrong writes of one call: ``expect`` is the corpus's ``expect.write``.

    success: exactly the expected write (its action on its reservation, with every
    argument the corpus gives), or no write when none was expected. wrong_write: a
    write when none was expected, a second write, a write of another kind or on
    another reservation, or one whose dates, guests or room differ. A name or rate
    that differs fails the task but is not a wrong write (issue 10's definition).
    """
    reasons: list[str] = []
    wrong = False
    if expect is None:
        for w in writes:
            reasons.append(f"unexpected {w['action']} {_brief(w)}")
        return {"success": not writes, "wrong_write": bool(writes), "reasons": reasons}
    if not writes:
        return {
            "success": False,
            "wrong_write": False,
            "reasons": [f"no write (expected {expect['action']} {_brief(expect)})"],
        }
    if len(writes) > 1:
        wrong = True
        reasons.append(f"{len(writes)} writes: " + "; ".join(_brief(w) for w in writes))
    w = writes[0]
    if w["action"] != expect["action"]:
        wrong = True
        reasons.append(f"{w['action']} instead of {expect['action']}")
    if expect.get("confirmation") and w["confirmation"] != expect["confirmation"]:
        wrong = True
        reasons.append(f"write on {w['confirmation']}, expected {expect['confirmation']}")
    for k in ("arrival", "departure", "guests", "room_type"):
        if expect.get(k) is not None and str(w.get(k)) != str(expect[k]):
            wrong = True
            reasons.append(f"{k} {w.get(k)} (expected {expect[k]})")
    if expect.get("rate_plan") and w.get("rate_plan") != expect["rate_plan"]:
        reasons.append(f"rate_plan {w.get('rate_plan')} (expected {expect['rate_plan']})")
    if expect.get("guest_name") and _name(w.get("guest_name")) != _name(expect["guest_name"]):
        reasons.append(f"guest_name {w.get('guest_name')!r} (expected {expect['guest_name']!r})")
    return {"success": not reasons, "wrong_write": wrong, "reasons": reasons}


def _brief(w: dict[str, Any]) -> str:
    keys = ("confirmation", "arrival", "departure", "guests", "room_type", "rate_plan")
    return " ".join(f"{k}={w[k]}" for k in keys if w.get(k) is not None)


# -- the callers' voices --------------------------------------------------------------------
class CallerAudio:
    """Caller utterances as 16 kHz float32, per benchmark voice; cached as WAV files."""

    def __init__(self, cache_dir: Path):
        from media.audio.callers import CallerVoices

        self.cache = Path(cache_dir)
        self.voices = CallerVoices(self.cache)

    def say(self, text: str, lang: str, voice: str, lead_s: float = 0.3) -> np.ndarray:
        if voice == "piper":  # Piper for English; espeak-ng's German at 16 kHz for German
            return self.voices.say(text, lang, lead_s=lead_s, tail_s=0.0)
        if voice == "espeak8k":
            return np.concatenate(
                (np.zeros(int(lead_s * 16000), np.float32), self._phone(text, lang))
            )
        raise ValueError(f"unknown voice {voice!r}: choose from {', '.join(VOICES)}")

    def _phone(self, text: str, lang: str) -> np.ndarray:
        import hashlib
        import shutil
        import subprocess

        from media.audio.wav import read_wav, write_wav

        path = self.cache / f"p8k-{hashlib.sha1(f'{lang}|{text}'.encode()).hexdigest()[:16]}.wav"
        if not path.exists():
            exe = shutil.which("espeak-ng")
            if exe is None:
                raise RuntimeError("espeak-ng is missing: `apt-get install espeak-ng`")
            raw = path.with_suffix(".raw.wav")
            voice = {"en": "en-us"}.get(lang, lang)
            subprocess.run(
                [exe, "-v", voice, "-s", "150", "-w", str(raw), text], check=True, timeout=60
            )
            x = read_wav(raw).samples
            raw.unlink(missing_ok=True)
            write_wav(path.with_suffix(".tmp"), telephone(x), 8000)
            path.with_suffix(".tmp").rename(path)
        return read_wav(path).samples  # back to 16 kHz: the runtime's input rate


def telephone(x16: np.ndarray) -> np.ndarray:
    """A 16 kHz signal as a phone line carries it: 8 kHz, 300-3400 Hz, G.711 mu-law."""
    import soxr

    x = soxr.resample(x16.astype(np.float32), 16000, 8000, quality="HQ")
    spec = np.fft.rfft(x)
    f = np.fft.rfftfreq(x.size, 1 / 8000)
    spec[(f < 300) | (f > 3400)] = 0
    x = np.fft.irfft(spec, n=x.size)
    peak = float(np.max(np.abs(x))) or 1.0
    x = np.clip(x / peak * 0.7, -1.0, 1.0)
    mu = 255.0
    code = np.round(np.sign(x) * np.log1p(mu * np.abs(x)) / np.log1p(mu) * 127) / 127
    return (np.sign(code) * np.expm1(np.abs(code) * np.log1p(mu)) / mu).astype(np.float32)


# -- one call by voice ----------------------------------------------------------------------
def voice_dialogue(
    client,
    utterances: list[np.ndarray],
    *,
    caller_id: str | None,
    pause_s: float = PAUSE_S,
    heard_timeout_s: float = HEARD_TIMEOUT_S,
    reply_timeout_s: float = REPLY_TIMEOUT_S,
    setup_timeout_s: float = 300.0,
) -> dict[str, Any]:
    """One real-time audio call: each utterance, then silence until its reply has played.

    Returns per utterance the runtime turns it gave (transcript, confidence,
    language, reply, actions) and the call's outcome. A turn split by the VAD
    shows as two turns under one utterance; an utterance not heard, as none.
    """
    from ipc.messages import AudioChunk, CallControl
    from media.voice_call import VoiceTurn, _frame
    from runtime.commands import turn_actions

    call_id = client.start_call(caller_id, detail={"audio": True, "realtime": True})
    ready = client.wait_for(call_id, "audio_ready", timeout=setup_timeout_s, also="error")
    if ready.op == "error":
        raise RuntimeError(f"the media worker cannot take the call: {ready.detail.get('error')}")
    turns: dict[int, VoiceTurn] = {}
    ended: set[int] = set()
    st: dict[str, Any] = {
        "last": time.monotonic(),
        "audio_done": None,
        "errors": [],
        "hung_up": False,
    }

    def collect(wait: float) -> None:
        for m in client.rx.recv_many(512, timeout=wait):
            now = time.monotonic()
            if m.call_id != call_id:
                continue
            b = m.body
            if isinstance(b, AudioChunk):
                vt = turns.setdefault(b.turn, VoiceTurn(b.turn))
                st["last"] = now
                if b.pcm:
                    vt.reply_audio.append(b.pcm)
                    vt.first_audio_at = vt.first_audio_at or now
                    vt.last_audio_at = now
                if b.end:
                    ended.add(b.turn)
            elif isinstance(b, CallControl):
                d = b.detail
                if b.op == "transcript":
                    vt = turns.setdefault(d["turn"], VoiceTurn(d["turn"]))
                    vt.transcript, vt.confidence, vt.lang = d["text"], d["confidence"], d["lang"]
                    vt.transcript_at, st["last"] = now, now
                elif b.op == "turn_done":
                    vt = turns.setdefault(d["turn"], VoiceTurn(d["turn"]))
                    vt.summary, vt.summary_at, st["last"] = dict(d), now, now
                elif b.op == "barge_in":
                    last = d.get("turn") or (max(turns) if turns else 0)
                    if last:
                        turns.setdefault(last, VoiceTurn(last)).heard = d.get("heard", "")
                elif b.op == "audio_done":
                    st["audio_done"] = d.get("turns", 0)
                elif b.op == "error":
                    st["errors"].append(dict(d))
                elif b.op == "call_done":  # the runtime hung up: end_call finds it
                    st["hung_up"] = True
                    client._inbox.append((now, m))

    def answered(t: int) -> bool:
        vt = turns.get(t)
        if vt is None or not vt.summary:
            return False
        return t in ended or not (vt.summary.get("reply") or "").strip()

    t0 = time.monotonic()
    sent = 0
    silence = bytes(FRAME_BYTES)

    def send(chunk: bytes) -> None:
        nonlocal sent
        delay = t0 + sent * 0.02 - time.monotonic()
        if delay > 0:
            collect(min(delay, 0.02))
            delay = t0 + sent * 0.02 - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        client.tx.send(_frame(call_id, chunk), timeout=10)
        sent += 1
        if sent % 5 == 0:
            collect(0)

    per_utt: list[dict[str, Any]] = []
    for x in utterances:
        before = max(turns, default=0)
        if st["hung_up"]:  # nobody listens any more: the rest of the script is not said
            per_utt.append({"turns": [], "wait": "hung up"})
            continue
        pcm = (np.clip(x, -1.0, 1.0) * 32767).astype("<i2").tobytes()
        for i in range(0, len(pcm), FRAME_BYTES):
            if not st["hung_up"]:
                send(pcm[i : i + FRAME_BYTES].ljust(FRAME_BYTES, b"\0"))
        spoke_until = time.monotonic()
        waited = "reply"
        while not st["hung_up"]:
            send(silence)  # the line carries silence while the caller waits
            now = time.monotonic()
            new = [t for t in turns if t > before and turns[t].transcript]
            if not new and now - spoke_until > heard_timeout_s:
                waited = "not heard"
                break
            quiet = now - st["last"] >= pause_s
            if new and quiet and all(answered(t) for t in turns if turns[t].transcript):
                break
            if now - spoke_until > reply_timeout_s:
                waited = "no reply in time"
                break
        per_utt.append({"turns": [t for t in sorted(turns) if t > before], "wait": waited})
    if not st["hung_up"]:
        client.tx.send(_frame(call_id, b"", end=True), timeout=10)
    deadline = time.monotonic() + reply_timeout_s
    while not st["hung_up"] and time.monotonic() < deadline:
        collect(0.1)
        done = st["audio_done"]
        if done is not None and all(answered(t) for t in range(1, done + 1)):
            break
    outcome = client.end_call(call_id).get("outcome")
    _forget(client, call_id)
    out_utts = []
    for u in per_utt:
        heard = [turns[t] for t in u["turns"]]
        out_utts.append(
            {
                "transcripts": [vt.transcript for vt in heard],
                "confidence": [round(vt.confidence, 3) for vt in heard],
                "lang": [vt.lang for vt in heard],
                "replies": [(vt.summary or {}).get("reply", "") for vt in heard],
                "actions": [a for vt in heard for a in turn_actions(vt.summary or {})],
                "barged_in": any(vt.heard is not None for vt in heard),
                "wait": u["wait"],
            }
        )
    return {"call_id": call_id, "utterances": out_utts, "outcome": outcome, "errors": st["errors"]}


def _forget(client, call_id: str) -> None:
    """Drop what is left of a finished call in the client's inbox (one client, many calls)."""
    client._inbox[:] = [(t, m) for t, m in client._inbox if m.call_id != call_id]


def text_dialogue(client, d) -> dict[str, Any]:
    """The same dialogue typed: one transcript per turn, as ``sovren call --script`` sends them."""
    from runtime.commands import turn_actions

    call_id = client.start_call(d.caller_id)
    utts: list[dict[str, Any]] = []
    done = None
    for i, t in enumerate(d.turns, 1):
        if done is not None:  # the runtime hung up: the rest of the script is not said
            utts.append({"transcripts": [], "replies": [], "actions": [], "wait": "hung up"})
            continue
        client.send_turn(call_id, i, t.text, lang=d.lang, caller_id=d.caller_id)
        c = client.wait_for(call_id, "turn_done", timeout=60, also="call_done")
        if c.op == "call_done":
            done = dict(c.detail)
            utts.append({"transcripts": [t.text], "replies": [], "actions": [], "wait": "hung up"})
            continue
        s = dict(c.detail)
        utts.append(
            {
                "transcripts": [t.text],
                "replies": [s.get("reply", "")],
                "actions": turn_actions(s),
                "wait": "reply",
            }
        )
    outcome = (done or client.end_call(call_id)).get("outcome")
    _forget(client, call_id)
    return {"call_id": call_id, "utterances": utts, "outcome": outcome, "errors": []}


# -- the runtime ----------------------------------------------------------------------------
def _database(settings, name: str) -> tuple[str, Any]:
    """A fresh database of the benchmark's own (never the demo's, which may be in use)."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    from runtime.postgres import resolve_database_url

    base_url, pg = resolve_database_url(settings.data_dir, settings.database_url)
    params = conninfo_to_dict(base_url)
    admin = make_conninfo(**{**params, "dbname": "postgres"})
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return make_conninfo(**{**params, "dbname": name}), pg


@contextlib.contextmanager
def live_runtime(settings, progress):
    """Supervisor + its processes, watched by a thread, for the block's duration."""
    from runtime.supervisor import Supervisor

    sup = Supervisor(settings, progress=lambda m: None)
    stop = threading.Event()

    def watch():
        while not stop.is_set():
            sup.poll_once()
            stop.wait(0.1)

    t = time.monotonic()
    sup.start()
    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    progress(
        f"runtime up in {time.monotonic() - t:.1f}s (simulated date {settings.hotel.simulated_date})"
    )
    try:
        yield sup
    finally:
        stop.set()
        watcher.join()
        sup.stop()


def _seed(url: str, settings, d) -> None:
    from connectors.factory import build_connector
    from runtime.demo_checks import seed_reservations

    if d.given_reservation is None:
        return
    g = d.given_reservation
    given = {f: str(getattr(g, f)) for f in g.__struct_fields__}

    async def go():
        pms = build_connector(settings, database_url=url)
        await pms.open()
        try:
            await seed_reservations(pms, url, [given])
        finally:
            await pms.aclose()

    asyncio.run(go())


def run_one(client, url: str, settings, d, mode: str, audio: CallerAudio | None) -> dict[str, Any]:
    """One dialogue in one mode: PMS emptied and seeded, the call, the PMS compared."""
    import msgspec

    expect = msgspec.to_builtins(d.expect.write) if d.expect.write else None
    rec: dict[str, Any] = {"id": d.id, "lang": d.lang, "flow": d.flow, "mode": mode}
    rec["said"] = [t.text for t in d.turns]
    rec["expect"] = {"outcome": d.expect.outcome, "write": expect}
    t = time.monotonic()
    try:
        pms_clear(url)
        _seed(url, settings, d)
        before = pms_snapshot(url)
        if mode == "text":
            call = text_dialogue(client, d)
        else:
            assert audio is not None
            utts = [audio.say(turn.text, d.lang, mode) for turn in d.turns]
            call = voice_dialogue(client, utts, caller_id=d.caller_id)
        writes = writes_between(before, pms_snapshot(url))
        rec |= {"call": call, "outcome": call["outcome"], "writes": writes}
        rec |= compare_writes(expect, writes)
        if call["errors"]:
            rec["reasons"] = rec["reasons"] + [f"media errors: {call['errors']}"]
    except Exception as e:  # noqa: BLE001 - a dialogue that errors is a failure with its reason
        rec |= {"success": False, "wrong_write": False, "reasons": [f"error: {e!r}"[:400]]}
        rec["error"] = True
    rec["wall_s"] = round(time.monotonic() - t, 1)
    if mode != "text" and "call" in rec:
        rec["wer"] = word_error_rate(
            " ".join(rec["said"]),
            " ".join(x for u in rec["call"]["utterances"] for x in u["transcripts"]),
        )
    return rec


def _words(text: str) -> list[str]:
    return "".join(c if c.isalnum() or c.isspace() else " " for c in text.casefold()).split()


def word_error_rate(ref: str, hyp: str) -> float:
    """Word-level edit distance / reference words (punctuation and case ignored)."""
    r, h = _words(ref), _words(hyp)
    if not r:
        return float(bool(h))
    prev = list(range(len(h) + 1))
    for i, rw in enumerate(r, 1):
        cur = [i] + [0] * len(h)
        for j, hw in enumerate(h, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (rw != hw))
        prev = cur
    return round(prev[-1] / len(r), 3)


def select(dialogues: list, limit: int | None) -> list:
    """Up to ``limit`` dialogues taken in turn across flow and language (a short run covers flows)."""
    from bench.corpus import FLOWS

    by: dict[tuple[int, str], list] = defaultdict(list)
    for d in dialogues:
        by[(FLOWS.index(d.flow) if d.flow in FLOWS else 99, d.lang != "en")].append(d)
    order, keys = [], sorted(by)
    while any(by[k] for k in keys):
        order += [by[k].pop(0) for k in keys if by[k]]
    return order[:limit] if limit else order


def run(
    split: str = "test",
    limit: int | None = None,
    voices: tuple[str, ...] = VOICES,
    text: bool = True,
    corpus: str | None = None,
    asr_language: str | None = None,
    shard: tuple[int, int] = (1, 1),
    lang: str | None = None,
    progress=print,
) -> dict[str, Any]:
    from bench.corpus import load
    from config import load_settings
    from media.asr.whisper import resolve_model_path
    from runtime.client import CallClient

    whole = [d for d in load(corpus, split=split) if lang is None or d.lang == lang]
    chosen = select(whole, limit)
    k, n = shard
    chosen = chosen[k - 1 :: n]
    tag = "" if n == 1 else str(k)  # shards run side by side: each its own runtime and database
    base = load_settings()
    url, pg = _database(base, f"sovren_uvoice_bench{tag}")
    media = {"asr_language": asr_language} if asr_language else {}
    groups: dict[str, list] = defaultdict(list)
    for d in chosen:
        groups[d.today].append(d)
    modes = (("text",) if text else ()) + tuple(voices)
    total = len(chosen) * len(modes)
    progress(
        f"{len(chosen)} dialogues of the {split} split x {', '.join(modes)}; "
        f"{len(groups)} runtime start(s), one per simulated date"
    )
    load_before = os.getloadavg()
    t_all = time.monotonic()
    recs: list[dict[str, Any]] = []
    settings = None
    try:
        for today, ds in sorted(groups.items()):
            settings_ = load_settings(
                instance=f"{base.instance}"[:19] + f"_uvb{tag}",
                database_url=url,
                hotel={"simulated_date": today},
                agents={"shed_new_calls": False},
                media=media,
            )
            if voices and settings is None:
                progress("preparing whisper (converted once, then cached)")
                resolve_model_path(settings_.media, settings_.data_dir, prepare=True)
            settings = settings_
            audio = CallerAudio(Path(settings.data_dir) / "callers") if voices else None
            with live_runtime(settings, progress), CallClient(settings) as client:
                for d in ds:
                    for mode in modes:
                        r = run_one(client, url, settings, d, mode, audio)
                        recs.append(r)
                        mark = "ok" if r["success"] else "FAIL"
                        ww = " WRONG WRITE" if r["wrong_write"] else ""
                        why = "" if r["success"] else f" ({'; '.join(r['reasons'])[:200]})"
                        progress(
                            f"[{len(recs)}/{total}] {d.id} {mode}: {mark}{ww} in {r['wall_s']:.0f}s{why}"
                        )
    finally:
        # shards side by side share the embedded cluster: only a whole run stops what it started
        if pg is not None and getattr(pg, "started_by_us", False) and n == 1:
            pg.stop()
    out: dict[str, Any] = {
        "split": split,
        "dialogues": len(chosen),
        "modes": list(modes),
        "runtime_starts": len(groups),
        "split_size": {
            "dialogues": len(whole),
            "turns": sum(len(d.turns) for d in whole),
            "days": len({d.today for d in whole}),
        },
        "wall_s": round(time.monotonic() - t_all, 1),
        "summary": summarise(recs),
        "records": recs,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in os.getloadavg()],
    }
    if settings is not None:
        m = settings.media
        model = m.whisper_model or ("tiny.en" if m.asr_language == "en" else "base")
        out["asr"] = f"whisper {model} (asr_language {m.asr_language})"
        out["tts"] = settings.media.tts_voice
    return out


def summarise(recs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per mode and language (and "all"): dialogues, success, wrong writes, errors, wall, ear."""
    cells: dict[str, list[dict]] = defaultdict(list)
    for r in recs:
        cells[f"{r['mode']}/{r['lang']}"].append(r)
        cells[f"{r['mode']}/all"].append(r)
    out = {}
    order = lambda k: (MODES.index(k[0].split("/")[0]), k[0].endswith("/all"), k[0])  # noqa: E731
    for key, rs in sorted(cells.items(), key=order):
        n = len(rs)
        wers = [r["wer"] for r in rs if r.get("wer") is not None]
        utts = [u for r in rs for u in (r.get("call") or {}).get("utterances", [])]
        out[key] = {
            "n": n,
            "success": sum(r["success"] for r in rs),
            "success_rate": sum(r["success"] for r in rs) / n,
            "wrong_writes": sum(r["wrong_write"] for r in rs),
            "wrong_write_rate": sum(r["wrong_write"] for r in rs) / n,
            "errors": sum(bool(r.get("error")) for r in rs),
            "wall_mean_s": sum(r["wall_s"] for r in rs) / n,
            "wer_mean": sum(wers) / len(wers) if wers else None,
            # a deaf runtime passes every no-write dialogue: the writes are told apart
            "with_write": sum(bool((r.get("expect") or {}).get("write")) for r in rs),
            "with_write_success": sum(
                r["success"] for r in rs if (r.get("expect") or {}).get("write")
            ),
            "utterances": len(utts),
            "unheard": sum(not u["transcripts"] for u in utts),
            "split": sum(len(u["transcripts"]) > 1 for u in utts),
        }
    return out


def full_split_estimate(r: dict[str, Any]) -> dict[str, float] | None:
    """Hours the whole split would take at this run's pace: wall per caller turn, per mode."""
    size = r.get("split_size")
    if not size:
        return None
    out = {}
    for mode in r["modes"]:
        rs = [x for x in r["records"] if x["mode"] == mode]
        turns = sum(len(x["said"]) for x in rs)
        if turns:
            out[mode] = sum(x["wall_s"] for x in rs) / turns * size["turns"] / 3600
    starts_s = r["wall_s"] - sum(x["wall_s"] for x in r["records"])
    per_start = max(starts_s, 0.0) / max(r["runtime_starts"], 1)
    out["starts"] = per_start * size["days"] / 3600
    out["total"] = sum(out.values())
    return out


def _cell(v: dict[str, Any] | None) -> str:
    if v is None:
        return "- | -"
    return (
        f"{v['success']}/{v['n']} ({v['success_rate']:.0%}); "
        f"{v.get('with_write_success', 0)}/{v.get('with_write', 0)} of the writes | "
        f"{v['wrong_writes']} ({v['wrong_write_rate']:.0%})"
    )


def to_markdown(r: dict[str, Any], cmd: str) -> str:
    s, modes = r["summary"], r["modes"]
    langs = sorted({k.split("/")[1] for k in s} - {"all"}) + ["all"]
    side = [
        f"| {lang} | {max(s[f'{m}/{lang}']['n'] for m in modes if f'{m}/{lang}' in s)} | "
        + " | ".join(_cell(s.get(f"{m}/{lang}")) for m in modes)
        + " |"
        for lang in langs
    ]
    head = " | ".join(f"{m} success | {m} wrong writes" for m in modes)
    ears = []
    for key, v in s.items():
        mode, lang = key.split("/")
        if mode == "text":
            continue
        wer = f"{v['wer_mean']:.2f}" if v["wer_mean"] is not None else "-"
        ears.append(
            f"| {mode} | {lang} | {v['utterances']} | {v['unheard']} | {v['split']} | {wer} | "
            f"{v['errors']} | {v['wall_mean_s']:.0f} s |"
        )
    fails = [
        f"- {x['id']} ({x['mode']}): {'WRONG WRITE: ' if x['wrong_write'] else ''}"
        f"{'; '.join(x['reasons'])[:240]}"
        for x in r["records"]
        if not x["success"]
    ]
    est, estimate = full_split_estimate(r), ""
    if est and r["dialogues"] < r["split_size"]["dialogues"]:
        parts = ", ".join(f"{m} {h:.1f} h" for m, h in est.items() if m != "total")
        estimate = (
            f"\n\nThe whole {r['split']} split ({r['split_size']['dialogues']} dialogues, "
            f"{r['split_size']['turns']} caller turns, {r['split_size']['days']} simulated days) "
            f"at this run's pace per caller turn: about {est['total']:.1f} h ({parts}); voice "
            "is real time, so only --shard runs side by side on a larger host shorten it."
        )
    return f"""{HEAD}

Machine: {r["machine"]}, shared with other work; load average {r["load_before"][0]:.2f}
(1 min) before the run and {r["load_after"][0]:.2f} after{" (highest of the runs)" if len(r.get("commands", [])) > 1 else ""}. Date: {r["date"]}. Command(s): `{cmd}`
({r["wall_s"]:.0f} s, {r["runtime_starts"]} runtime start(s)). The {r["split"]} split of
bench/corpus ({r["dialogues"]} dialogues, taken in turn across flows and languages), each run
by text and by voice through one live runtime started by the benchmark (embedded defaults:
ASR {r.get("asr", "?")}, TTS {r.get("tts", "?")}; simulated date = the dialogue's `today`,
its given reservation seeded into an emptied local PMS, its caller id set). Voices: `piper` =
Piper joe at 16 kHz (German dialogues: espeak-ng German at 16 kHz, no packaged German Piper
voice exists); `espeak8k` = espeak-ng en-us / de at 8 kHz, 300-3400 Hz, mu-law, like a phone
line. Real time, one call per dialogue; the caller speaks again {PAUSE_S} s after the reply has
finished playing. Text = the same turns as `sovren call --script` sends them (language given).
Success = the expected PMS write with the expected arguments (or rightly no write); wrong
write = a write whose dates, guests or room differ, on another reservation, or when none was
expected (a wrong name or rate fails the task but is not a wrong write). "of the writes": the
dialogues that must end in a write (a runtime that hears nothing passes all the others).

| lang | dialogues | {head} |
|{"---|" * (2 + 2 * len(modes))}
{chr(10).join(side)}

Targets (issue 10): task success >= 95 % by text and >= 90 % by voice; wrong writes 0.{estimate}

The ear (caller utterances not heard at all, heard as more than one turn; WER = word error
rate of the caller's words as transcribed; wall = one dialogue, real time):

| voice | lang | utterances | not heard | split into turns | WER | errors | wall per dialogue |
|---|---|---|---|---|---|---|---|
{chr(10).join(ears)}

Failures:

{chr(10).join(fails) if fails else "- none"}
"""


def merge(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Runs of shards or of voices apart (each within the time a run may take) as one."""
    recs = [x for r in runs for x in r["records"]]
    return {
        **runs[0],
        "dialogues": len({x["id"] for x in recs}),
        "modes": sorted({x["mode"] for x in recs}, key=MODES.index),
        "runtime_starts": sum(r["runtime_starts"] for r in runs),
        "wall_s": sum(r["wall_s"] for r in runs),
        "summary": summarise(recs),
        "records": recs,
        "date": max(r["date"] for r in runs),
        "load_before": max((r["load_before"] for r in runs), key=lambda x: x[0]),
        "load_after": max((r["load_after"] for r in runs), key=lambda x: x[0]),
        "commands": [c for r in runs for c in r.get("commands", [])],
        "split_size": runs[0].get("split_size"),
    }


def _shard(text: str) -> tuple[int, int]:
    try:
        k, n = (int(x) for x in text.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"--shard takes K/N (e.g. 1/3), not {text!r}") from None
    if not 1 <= k <= n:
        raise argparse.ArgumentTypeError(f"--shard {text}: K must be between 1 and N")
    return k, n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="bench.understanding_voice",
        description=__doc__.split("\n\n")[0],
        epilog="Progress lines go to stderr, the Markdown section to stdout. A run of the whole "
        "test split by voice takes hours (see BENCHMARKS.md); split it with --shard and "
        "join the JSON files with --merge.",
    )
    ap.add_argument("--split", default="test", choices=("train", "dev", "test"))
    ap.add_argument("--limit", type=int, help="at most N dialogues (taken across flows)")
    ap.add_argument(
        "--voices", default=",".join(VOICES), help=f"comma list of {', '.join(VOICES)} ('' = none)"
    )
    ap.add_argument("--no-text", action="store_true", help="skip the text runs")
    ap.add_argument("--lang", help="only the dialogues of one language (en, de)")
    ap.add_argument(
        "--shard",
        type=_shard,
        default=(1, 1),
        metavar="K/N",
        help="every Nth of the chosen dialogues from the Kth (own runtime and database)",
    )
    ap.add_argument("--corpus", help="a dialogues.jsonl other than bench/corpus's")
    ap.add_argument(
        "--asr-language", help="override media.asr_language (e.g. auto: multilingual base)"
    )
    ap.add_argument("--json", metavar="PATH", help="write the figures and every record as JSON")
    ap.add_argument(
        "--merge", nargs="+", metavar="JSON", help="no run: join the --json files of earlier runs"
    )
    ap.add_argument("--write-md", action="store_true", help="update BENCHMARKS.md")
    args = ap.parse_args(argv)
    voices = tuple(v.strip() for v in args.voices.split(",") if v.strip())
    bad = [v for v in voices if v not in VOICES]
    if bad:
        ap.error(f"unknown voice(s) {bad}: choose from {', '.join(VOICES)}")
    say = lambda m: print(f"[bench.understanding_voice] {m}", file=sys.stderr, flush=True)  # noqa: E731
    cmd = "python -m bench.understanding_voice " + " ".join(
        argv if argv is not None else sys.argv[1:]
    )
    if args.merge:
        r = merge([json.loads(Path(p).read_text()) for p in args.merge])
    else:
        r = run(
            args.split,
            args.limit,
            voices,
            text=not args.no_text,
            corpus=args.corpus,
            asr_language=args.asr_language,
            shard=args.shard,
            lang=args.lang,
            progress=say,
        )
        r["commands"] = [cmd.strip()]
    md = to_markdown(r, "`, `".join(r["commands"]))
    print(md)
    if args.json:
        Path(args.json).write_text(json.dumps(r, indent=1, default=str))
    if args.write_md:
        replace_section(HEAD, md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
