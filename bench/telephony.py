"""``python -m bench.telephony [--json PATH] [--write-md]``: phone calls over real SIP/RTP.

One runtime on this host with telephony on (the real PJSIP user agents, tiny.en,
Piper, the embedded understanding), answering over SIP/UDP with G.711 µ-law at 8 kHz,
and the same runtime answering ``sovren call --wav`` calls (bench/voice.py's caller):

- voice-to-voice over RTP: the send time of the packet carrying the caller's last
  speech sample -> the arrival of the first reply packet with speech in it, p50/p95,
  beside the same utterances through ``sovren call --wav`` timed from the same point
  (the frame carrying the last speech sample), so the telephony path's cost is visible.
  One utterance per call (the five ANCHOR_UTTERANCES, as bench.voice), after the
  greeting has been heard;
- packet loss of 1 % and 5 % with 0-30 ms of jitter on the caller's RTP: what the
  runtime transcribed (word accuracy against the spoken text) and voice-to-voice;
- barge-in over RTP: the caller starts a question 1 s into a reply; the first speech
  packet sent -> the last reply packet with speech in it before the reply stops;
- concurrency: 1, 2, 4 (``--levels``) callers at once, each placing the five calls in
  turn; sustained as bench.voice defines it (p95 < 2 s, every utterance answered), and
  also with p95 <= 1.0 s; the runtime's CPU per call (all its processes, idle CPU
  subtracted) while they talk.

The caller is bench/sip_caller.py (why not baresip/SIPp: its docstring).
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import os
import platform
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.report_md import publish
from bench.sip_caller import LOUD_RMS, SipCaller, SipCallError
from bench.voice import (
    SUSTAIN_P95_S,
    _pct,
    _speech_start,
    _utterance_calls,
    _words,
    fresh_database,
    live_runtime,
    speech_end_frame,
)

HEAD = "## Telephony (SIP/RTP)"
STRICT_P95_S = 1.0
QUIET_S = 3.0  # a reply has ended after this much silence on the line
IMPAIRED = ((0.01, 0.03), (0.05, 0.03))  # (loss, jitter up to) on the caller's RTP
TARGET_ADDED_MS = 40
TARGET_BARGE_MS = 100


def _free_ports(span: int) -> int:
    """The first of ``span`` consecutive ports free on 127.0.0.1 (UDP and TCP)."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            base = s.getsockname()[1]
        if base + span >= 65000:
            continue
        try:
            for p in range(base, base + span):
                for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
                    with socket.socket(socket.AF_INET, kind) as s:
                        s.bind(("127.0.0.1", p))
        except OSError:
            continue
        return base


def _to_8k(x: np.ndarray) -> np.ndarray:
    import soxr

    return soxr.resample(x.astype(np.float32), 16000, 8000)


def word_accuracy(heard: str, said: str) -> float:
    """Share of the spoken words found, in order, in what the runtime transcribed."""
    ref, hyp = _words(said), _words(heard)
    if not ref:
        return 1.0
    m = difflib.SequenceMatcher(a=ref, b=hyp, autojunk=False)
    return sum(b.size for b in m.get_matching_blocks()) / len(ref)


class Line:
    """Places calls on the runtime's user agents: call ``n`` goes to user agent n mod count."""

    def __init__(self, settings):
        self.port = settings.telephony.listen_port
        self.uas = settings.telephony.processes
        self._n = 0
        self._lock = threading.Lock()

    def caller(self, **impair) -> SipCaller:
        with self._lock:
            n, self._n = self._n, self._n + 1
        target = ("127.0.0.1", self.port + n % self.uas)
        return SipCaller(target, f"+4930777{n:04d}", seed=n, **impair)


def _sip_turn(line: Line, x16: np.ndarray, text: str, tag: str, **impair) -> dict:
    """One call: the greeting heard out, the utterance said, its reply heard out."""
    call = line.caller(**impair)
    rec: dict[str, Any] = {"tag": tag, "caller": call.caller_id, "said": text, "errors": []}
    try:
        call.dial()
        call.wait_reply_end(time.monotonic(), QUIET_S, 120)  # the greeting
        call.say(_to_8k(x16), 0, speech_end_frame(x16) * 160)
        while 0 not in call.sent_at:
            time.sleep(0.02)
        first, last = call.wait_reply_end(call.sent_at[0], QUIET_S, 120)
        rec["v2v_s"] = first - call.sent_at[0]
        rec["reply_s"] = last - first
        rec["lost"], rec["sent"] = call.lost, call.sent
    except SipCallError as e:
        rec["errors"].append(str(e))
        rec["v2v_s"] = None
    finally:
        call.hangup()
    return rec


def _sip_callers(line, audios, texts, out: list[dict], tag: str, **impair) -> None:
    for x, text in zip(audios, texts, strict=True):
        out.append(_sip_turn(line, x, text, tag, **impair))


def _barge_in(line: Line, ask: np.ndarray, over: np.ndarray) -> dict:
    """A caller who talks 1 s into the reply; first interrupting packet -> reply's last."""
    call = line.caller()
    onset = int(_speech_start(over) * 8000) // 160 * 160
    try:
        call.dial()
        call.wait_reply_end(time.monotonic(), QUIET_S, 120)
        call.say(_to_8k(ask), 0, speech_end_frame(ask) * 160)
        while 0 not in call.sent_at:
            time.sleep(0.02)
        deadline = time.monotonic() + 120
        while (first := call.first_loud_after(call.sent_at[0])) is None:
            if time.monotonic() > deadline:
                return {"error": "no reply to talk over"}
            time.sleep(0.01)
        time.sleep(max(0.0, first + 1.0 - time.monotonic()))
        deadline = time.monotonic() + 20
        while not (call.rx_rms and call.rx_rms[-1] > LOUD_RMS):  # talk over audible speech
            if time.monotonic() > deadline:
                return {"error": "the reply was not audible after its first second"}
            time.sleep(0.005)
        call.say(_to_8k(over), 1, onset)
        while 1 not in call.sent_at:
            time.sleep(0.02)
        spoke = call.sent_at[1]
        time.sleep(max(0.0, spoke + 3.0 - time.monotonic()))  # the stop has been heard by then
        playing = [a for a, v in zip(call.rx_at[:], call.rx_rms[:], strict=False)
                   if spoke - 0.2 <= a <= spoke and v > LOUD_RMS]  # fmt: skip
        if not playing:
            return {"not_playing": True}  # the reply paused or ended as the caller spoke
        # stopped: the reply's last speech packet, then 1 s without any (its pauses are
        # shorter; the answer to the interruption comes later than that)
        stop = call.last_loud_before_quiet(playing[-1] - 0.001, 1.0)
        if stop is None:
            return {"error": "the reply did not stop within 3 s"}
        if stop < spoke:  # a gap in the reply (TTS behind on a loaded host) never resumed
            return {
                "error": f"the reply went silent {(spoke - stop) * 1000:.0f} ms before the caller spoke"
            }
        return {"stop_ms": (stop - spoke) * 1000}
    except SipCallError as e:
        return {"error": str(e)}
    finally:
        call.hangup()


class CpuMeter:
    """CPU seconds used by this process's children (the runtime's processes)."""

    def __init__(self):
        import psutil

        self._me = psutil.Process()

    def seconds(self) -> float:
        total = 0.0
        for p in self._me.children(recursive=True):
            try:
                t = p.cpu_times()
                total += t.user + t.system
            except Exception:  # noqa: BLE001 (a process that just ended)
                continue
        return total


def _transcripts(url: str, recs: list[dict]) -> None:
    """What the runtime heard on each SIP call (its ledger), and how much of it was said."""
    import psycopg

    with psycopg.connect(url) as conn:
        for r in recs:
            rows = conn.execute(
                "SELECT t.text FROM turns t JOIN calls c ON t.call_id = replace(c.id::text, '-', '')"
                " WHERE regexp_replace(c.caller_phone, '\\D', '', 'g') = %s"
                " AND t.speaker = 'caller' ORDER BY t.turn",
                (r["caller"].lstrip("+"),),
            ).fetchall()
            r["transcript"] = " ".join(x[0] or "" for x in rows)
            r["turns"] = len(rows)
            r["accuracy"] = word_accuracy(r["transcript"], r["said"])


def _summary(recs: list[dict], key: str = "v2v_s") -> dict:
    v = [r[key] for r in recs if r.get(key) is not None]
    p95 = _pct(v, 95)
    answered = len(v) == len(recs) and not any(r.get("errors") for r in recs)
    acc = [r["accuracy"] for r in recs if "accuracy" in r]
    return {
        "n": len(recs),
        "answered": len(v),
        "p50_s": _pct(v, 50),
        "p95_s": p95,
        "accuracy": float(np.mean(acc)) if acc else None,
        "exact": sum(a == 1.0 for a in acc),
        "sustained": bool(answered and p95 is not None and p95 < SUSTAIN_P95_S),
        "sustained_strict": bool(answered and p95 is not None and p95 <= STRICT_P95_S),
    }


def run(rounds: int = 2, levels: tuple[int, ...] = (2, 4), barge_ins: int = 5,
        progress=print) -> dict:  # fmt: skip
    from config import load_settings
    from media.asr.whisper import resolve_model_paths
    from media.audio.callers import ANCHOR_UTTERANCES, CallerVoices

    say = lambda m: progress(f"[bench.telephony] {m}")  # noqa: E731
    base = load_settings()
    url, pg = fresh_database(base, "sovren_tel_bench")
    most = max((1, *levels))
    settings = load_settings(
        instance=f"{base.instance}_tbench"[:24],
        database_url=url,
        agents={"shed_new_calls": False},
        ops={"cpu_high_percent": 100},  # as bench.voice: OPS must not shed the measured calls
        telephony={
            "enabled": True,
            "listen_port": _free_ports(4),
            "transports": ["udp"],
            "max_calls": max(4, most),
            "codecs": ["PCMU"],
            "silence_prompt_s": 60.0,
            "shed_answer": "503",
        },
    )
    say("preparing whisper and the callers' audio (Piper, cached)")
    resolve_model_paths(settings.media, settings.data_dir, prepare=True)
    voices = CallerVoices(Path(settings.data_dir) / "callers")
    texts = list(ANCHOR_UTTERANCES)
    audios = [voices.say(u) for u in texts]
    ask = voices.say("Is breakfast included in the price?")
    over = voices.say("Can I bring my dog?", lead_s=0.0)
    out: dict[str, Any] = {"load_before": [round(x, 2) for x in os.getloadavg()]}
    with live_runtime(settings, pg, say) as _sup:
        line, cpu = Line(settings), CpuMeter()
        say("warm-up: one call each way (the media worker loads its models)")
        _utterance_calls(settings, audios[:1], [], "warm-up")
        _sip_turn(line, audios[0], texts[0], "warm-up")
        cli: list[dict] = []
        sip: list[dict] = []
        for r in range(rounds):
            say(f"round {r + 1}/{rounds}: five utterances over sovren call --wav, then over SIP")
            _utterance_calls(settings, audios, cli, "cli")
            c0, w0 = cpu.seconds(), time.monotonic()
            _sip_callers(line, audios, texts, sip, "1")
            out.setdefault("cpu_1", []).append((cpu.seconds() - c0) / (time.monotonic() - w0))
        say("idle CPU (10 s, no call)")
        c0, w0 = cpu.seconds(), time.monotonic()
        time.sleep(10)
        idle = (cpu.seconds() - c0) / (time.monotonic() - w0)
        impaired = {}
        for loss, jitter in IMPAIRED:
            say(f"loss {loss:.0%}, jitter 0-{jitter * 1000:.0f} ms: five calls x{rounds}")
            recs: list[dict] = []
            for _ in range(rounds):
                _sip_callers(line, audios, texts, recs, f"loss{loss}", loss=loss, jitter_s=jitter)
            impaired[f"{loss:.2f}"] = {"loss": loss, "jitter_s": jitter, "turns": recs}
        say(f"barge-in over RTP x{barge_ins}")
        barges = [_barge_in(line, ask, over) for _ in range(barge_ins)]
        conc: dict[str, list[dict]] = {"1": sip} if rounds else {}
        cpu_level = {"1": float(np.mean(out["cpu_1"]))} if rounds else {}
        for n in levels:
            say(f"{n} SIP callers at once, five calls each")
            recs = []
            threads = [
                threading.Thread(target=_sip_callers, args=(line, audios, texts, recs, str(n)))
                for _ in range(n)
            ]
            c0, w0 = cpu.seconds(), time.monotonic()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            cpu_level[str(n)] = (cpu.seconds() - c0) / (time.monotonic() - w0)
            conc[str(n)] = recs
        say("reading what the runtime heard (its ledger)")
        everything = sip + [t for v in impaired.values() for t in v["turns"]]
        _transcripts(url, everything + [t for k, v in conc.items() if k != "1" for t in v])
    for r in cli:
        r["accuracy"] = word_accuracy(r["transcript"], texts[r["utterance"] % len(texts)])
        if r["v2v_sent_s"] is not None and r["lead_in_s"] is not None:
            r["v2v_speech_s"] = r["v2v_sent_s"] + r["lead_in_s"]
    out.update(
        cli=_summary(cli, "v2v_speech_s"),
        cli_first_audio=_summary(cli, "v2v_sent_s"),
        cli_vad=_summary(cli, "v2v_s"),
        sip=_summary(sip),
        impaired={k: {**v, "summary": _summary(v["turns"])} for k, v in impaired.items()},
        barge_in={
            "n": len(barges),
            "stopped": len([b for b in barges if "stop_ms" in b]),
            "p50_ms": _pct([b["stop_ms"] for b in barges if "stop_ms" in b], 50),
            "p95_ms": _pct([b["stop_ms"] for b in barges if "stop_ms" in b], 95),
            "values_ms": [b["stop_ms"] for b in barges if "stop_ms" in b],
            "other": [b for b in barges if "stop_ms" not in b],
        },
        concurrency={k: _summary(v) for k, v in conc.items()},
        cpu_idle=idle,
        cpu_per_call={k: max(0.0, v - idle) / int(k) for k, v in cpu_level.items()},
        turns={"cli": cli, "sip": sip, **{f"conc_{k}": v for k, v in conc.items() if k != "1"}},
        machine=f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        date=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        load_after=[round(x, 2) for x in os.getloadavg()],
        user_agents=settings.telephony.processes,
    )
    sus = [int(k) for k, v in out["concurrency"].items() if v["sustained"]]
    strict = [int(k) for k, v in out["concurrency"].items() if v["sustained_strict"]]
    out["sustained_calls"] = max(sus, default=0)
    out["sustained_calls_strict"] = max(strict, default=0)
    return out


def _s(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.2f} s"


def _ms(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.0f} ms"


def _acc(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.0%}"


def to_markdown(r: dict, cmd: str) -> str:
    cli, sip, b = r["cli"], r["sip"], r["barge_in"]
    added = (sip["p50_s"] - cli["p50_s"]) * 1000 if sip["p50_s"] and cli["p50_s"] else None
    imp = "\n".join(
        f"| {v['loss']:.0%}, jitter 0-{v['jitter_s'] * 1000:.0f} ms | {v['summary']['n']} | "
        f"{_acc(v['summary']['accuracy'])} | {v['summary']['exact']} | {_s(v['summary']['p50_s'])} | "
        f"{_s(v['summary']['p95_s'])} |"
        for v in r["impaired"].values()
    )
    conc = "\n".join(
        f"| {k} | {v['n']} | {v['answered']} | {_s(v['p50_s'])} | {_s(v['p95_s'])} | "
        f"{'yes' if v['sustained'] else 'no'} | {'yes' if v['sustained_strict'] else 'no'} | "
        f"{r['cpu_per_call'][k] * 100:.0f} % |"
        for k, v in r["concurrency"].items()
    )

    def verdict(x: float | None, limit: float) -> str:
        return "not measured" if x is None else ("met" if x <= limit else "**not met**")

    verdicts = (
        f"Targets in this run: telephony path adds <= {TARGET_ADDED_MS} ms to v2v p50: "
        f"{verdict(added, TARGET_ADDED_MS)}; barge-in p95 <= {TARGET_BARGE_MS} ms over RTP: "
        f"{verdict(b['p95_ms'], TARGET_BARGE_MS)}; 0 dropped calls up to the maximum: "
        + (
            "met"
            if all(v["answered"] == v["n"] for v in r["concurrency"].values())
            else "**not met**"
        )  # fmt: skip
        + f" (load average {r['load_before'][0]:.1f} on {os.cpu_count()} cores: figures on an "
        "idle host will be lower)."
    )
    other = "; ".join(
        o.get("error", "the reply was silent when the caller spoke") for o in b["other"]
    )
    return f"""{HEAD}

Machine: {r["machine"]}, a host shared with other work; load average {r["load_before"][0]:.2f}
(1 min) before the run and {r["load_after"][0]:.2f} after. Date: {r["date"]}. Command: `{cmd}`.
One runtime (seven processes + {r["user_agents"]} PJSIP user-agent processes), tiny.en, Piper, the
embedded understanding; SIP over UDP on 127.0.0.1, G.711 µ-law at 8 kHz, 20 ms packets. The caller
is bench/sip_caller.py (it stamps every packet; baresip and SIPp cannot), one utterance per call
after the greeting (the five ANCHOR_UTTERANCES, Piper-spoken), the same utterances through
`sovren call --wav` on the same runtime in alternation. Both voice-to-voice figures start at the
frame/packet carrying the last speech sample and end at the first reply audio with speech in it
(over RTP: the first packet louder than -34 dBFS).

| figure | over SIP/RTP | `sovren call --wav` | target |
|---|---|---|---|
| voice-to-voice p50 | {_s(sip["p50_s"])} | {_s(cli["p50_s"])} | SIP adds <= {TARGET_ADDED_MS} ms |
| voice-to-voice p95 | {_s(sip["p95_s"])} | {_s(cli["p95_s"])} | |
| added by the telephony path, p50 | **{_ms(added)}** | | <= {TARGET_ADDED_MS} ms |
| what the runtime transcribed: word accuracy / exact | {_acc(sip["accuracy"])} / {sip["exact"]} of {sip["n"]} | {_acc(cli["accuracy"])} / {cli["exact"]} of {cli["n"]} | |
| barge-in over RTP: first interrupting packet sent -> last reply speech packet, p50 / p95 | {_ms(b["p50_ms"])} / **{_ms(b["p95_ms"])}** ({b["stopped"]} of {b["n"]} measured) | | p95 <= {TARGET_BARGE_MS} ms |
| concurrent SIP calls sustained (p95 < {SUSTAIN_P95_S:.0f} s, all answered) / with p95 <= {STRICT_P95_S:.1f} s | {r["sustained_calls"]} / {r["sustained_calls_strict"]} | | |

{verdicts}

(`sovren call --wav` to its first speech frame: the first reply frame's arrival plus where
speech starts in the reply audio, which arrives paced in real time. To the first reply frame,
silent lead-in included: p50 {_s(r["cli_first_audio"]["p50_s"])}, p95 {_s(r["cli_first_audio"]["p95_s"])}; from the VAD's end of
speech, as bench.voice reports it: p50 {_s(r["cli_vad"]["p50_s"])}, p95 {_s(r["cli_vad"]["p95_s"])}.){f" Barge-ins not measured: {other}." if other else ""}

Packet loss and jitter on the caller's RTP (applied by the caller: netem on `lo` would impair
every process on this shared host), the same utterances, what the runtime transcribed:

| loss, jitter | calls | word accuracy | exact | v2v p50 | v2v p95 |
|---|---|---|---|---|---|
| none | {sip["n"]} | {_acc(sip["accuracy"])} | {sip["exact"]} | {_s(sip["p50_s"])} | {_s(sip["p95_s"])} |
{imp}

Concurrency: each caller places the five calls in turn; CPU per call is the runtime's processes'
CPU while the calls ran, minus their idle CPU ({r["cpu_idle"] * 100:.0f} % of a core), divided by
the calls (100 % = one core):

| SIP calls at once | calls | answered | v2v p50 | v2v p95 | sustained | p95 <= {STRICT_P95_S:.1f} s | CPU per call |
|---|---|---|---|---|---|---|---|
{conc}
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bench.telephony", description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=2, help="rounds of the five calls (default 2)")
    ap.add_argument("--levels", default="2,4", help="SIP callers at once beyond 1 (default 2,4)")
    ap.add_argument("--barge-ins", type=int, default=5, help="interrupted replies (default 5)")
    ap.add_argument("--json", metavar="PATH", help="write the figures and every turn as JSON")
    ap.add_argument("--write-md", action="store_true", help="update BENCHMARKS.md")
    args = ap.parse_args(argv)
    levels = tuple(int(x) for x in args.levels.split(",") if x.strip())
    r = run(args.rounds, levels, args.barge_ins,
            progress=lambda m: print(m, file=sys.stderr, flush=True))  # fmt: skip
    publish(r, to_markdown, module="bench.telephony", head=HEAD, argv=argv, json_path=args.json,
            write_md=args.write_md)  # fmt: skip
    return 0 if r["sip"]["answered"] == r["sip"]["n"] else 1


if __name__ == "__main__":
    sys.exit(main())
