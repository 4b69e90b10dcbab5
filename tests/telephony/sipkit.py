"""Real SIP clients for the telephony tests: baresip instances driven over ctrl_tcp, SIPp, raw UDP.

Why baresip (Debian package ``baresip``): a real, independent SIP/RTP stack places the
call, plays a WAV file as its microphone (``aufile``) and records what it hears
(``sndfile``: ``dump-*-dec.wav``), and answers, transfers (REFER) and sends RFC 4733
DTMF like a phone. Settings that worked here: ../shared/DEPENDENCIES.md "SIP tools".
"""

from __future__ import annotations

import contextlib
import json
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import numpy as np

MODULES = (
    "g711.so", "g722.so", "aufile.so", "sndfile.so", "aubridge.so", "ctrl_tcp.so",
)  # fmt: skip
APP_MODULES = ("account.so", "menu.so")


_TAKEN: set[int] = set()  # handed out in this session (not yet bound by their user)


def _free(port: int) -> bool:
    for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
        with socket.socket(socket.AF_INET, kind) as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                return False
    return True


def free_port(span: int = 1) -> int:
    """The first of ``span`` consecutive ports free for UDP and TCP on 127.0.0.1."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        ports = range(port, port + span)
        if port + span < 65000 and not _TAKEN & set(ports) and all(_free(p) for p in ports):
            _TAKEN.update(ports)
            return port


def write_wav_8k(path: Path, samples_16k: np.ndarray, lead_s: float = 0.0, tail_s: float = 3.0,
                 rate: int = 8000):  # fmt: skip
    """A caller's WAV for baresip: 8 kHz mono 16-bit (its own 16->8 kHz resampler is poor);
    ``rate=16000`` for a wideband (G.722) phone, which baresip does not resample up to."""
    import soxr

    from media.audio.wav import write_wav

    x = samples_16k.astype(np.float32)
    if rate != 16000:
        x = soxr.resample(x, 16000, rate)
    x = np.concatenate([np.zeros(int(lead_s * rate), np.float32), x,
                        np.zeros(int(tail_s * rate), np.float32)])  # fmt: skip
    return write_wav(path, x, rate)


class Baresip:
    """One baresip process: a SIP phone on 127.0.0.1:``sip_port`` controlled over TCP."""

    def __init__(self, root: Path, name: str, *, wav: Path | None = None, codec: str = "PCMU",
                 answer: bool = True, mediaenc: str | None = None,
                 srate: int = 8000):  # fmt: skip
        """``mediaenc``: SRTP for the media, as baresip names it (``srtp``: offered,
        ``srtp-mand``: required)."""
        if shutil.which("baresip") is None:
            raise RuntimeError(
                "baresip is not installed: `apt-get install baresip` (bin/_bootstrap.sh does "
                "it as root)"
            )
        self.dir = Path(root) / name
        self.dir.mkdir(parents=True, exist_ok=True)
        self.rec = self.dir / "rec"
        self.rec.mkdir(exist_ok=True)
        self.name = name
        self.sip_port = free_port(2)  # baresip takes the next port for SIP over TLS
        self.ctrl_port = free_port()
        src = f"aufile,{wav}" if wav else "aubridge,silence"
        conf = [
            "poll_method epoll",
            "call_local_timeout 120",
            "call_max_calls 4",
            f"audio_source {src}",
            f"audio_player aubridge,{name}",
            "audio_alert aubridge,alert",
            "audio_buffer 20-160",
            f"ausrc_srate {srate}",
            f"auplay_srate {srate}",
            "jitter_buffer_delay 1-10",
            "net_interface 127.0.0.1",
            f"sip_listen 127.0.0.1:{self.sip_port}",
            "module_path /usr/lib/baresip/modules",
            *[f"module {m}" for m in MODULES + (("srtp.so",) if mediaenc else ())],
            *[f"module_app {m}" for m in APP_MODULES],
            f"ctrl_tcp_listen 127.0.0.1:{self.ctrl_port}",
            f"snd_path {self.rec}",
        ]
        (self.dir / "config").write_text("\n".join(conf) + "\n")
        mode = "auto" if answer else "manual"
        (self.dir / "accounts").write_text(
            f"<sip:{name}@127.0.0.1:{self.sip_port}>;regint=0;answermode={mode};"
            f"audio_codecs={codec}" + (f";mediaenc={mediaenc}" if mediaenc else "") + "\n"
        )
        self.events: list[dict] = []
        self.log = open(self.dir / "baresip.log", "wb")  # noqa: SIM115
        self.proc = subprocess.Popen(
            ["baresip", "-f", str(self.dir)], stdin=subprocess.DEVNULL,
            stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.sock = self._connect()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    @property
    def uri(self) -> str:
        return f"sip:{self.name}@127.0.0.1:{self.sip_port}"

    def _connect(self) -> socket.socket:
        deadline = time.monotonic() + 10
        while True:
            try:
                return socket.create_connection(("127.0.0.1", self.ctrl_port), timeout=5)
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"baresip {self.name} did not start; see {self.dir / 'baresip.log'}"
                    ) from None
                time.sleep(0.1)

    def _read(self) -> None:
        buf = b""
        self.sock.settimeout(None)
        while True:
            try:
                chunk = self.sock.recv(65536)
            except OSError:
                return
            if not chunk:
                return
            buf += chunk
            while b":" in buf:
                head, rest = buf.split(b":", 1)
                n = int(head)
                if len(rest) < n + 1:
                    break
                msg, buf = rest[:n], rest[n + 1 :]
                with contextlib.suppress(json.JSONDecodeError):
                    self.events.append(json.loads(msg))

    def command(self, command: str, params: str = "") -> None:
        data = json.dumps({"command": command, "params": params, "token": "t"}).encode()
        self.sock.sendall(str(len(data)).encode() + b":" + data + b",")

    def dial(self, uri: str) -> None:
        self.command("dial", uri)

    def dtmf(self, digits: str) -> None:
        self.command("sndcode", digits)

    def hangup(self) -> None:
        self.command("hangup")

    def types(self) -> list[str]:
        return [e.get("type", "") for e in self.events if e.get("event")]

    def wait_event(self, kind: str, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for e in list(self.events):
                if e.get("event") and e.get("type") == kind:
                    return e
            time.sleep(0.05)
        raise AssertionError(f"baresip {self.name}: no {kind} within {timeout}s: {self.types()}")

    def play(self, wav: Path) -> None:
        """Switch the microphone to ``wav`` (from its start), mid-call."""
        self.command("ausrc", f"aufile,{wav}")

    def heard(self) -> np.ndarray:
        """What the phone has received so far (8 kHz float), read while the dump grows."""
        path = self.received_wav()
        if path is None:
            return np.zeros(0, np.float32)
        data = path.read_bytes()[44:]  # the header's sizes are written only at the end
        data = data[: len(data) - len(data) % 2]
        return np.frombuffer(data, "<i2").astype(np.float32) / 32768.0

    def wait_reply(self, since_s: float, *, quiet_s: float = 6.0, timeout: float = 90.0) -> float:
        """Wait for speech to arrive after ``since_s`` (seconds into the call) and end.

        Returns the position where the reply's speech ended. Like a caller who lets the
        agent finish before speaking again.
        """
        deadline = time.monotonic() + timeout
        win = 160  # 20 ms at 8 kHz
        while time.monotonic() < deadline:
            x = self.heard()
            start = int(since_s * 8000)
            n = (x.size - start) // win
            if n > 0:
                frames = x[start : start + n * win].reshape(n, win)
                loud = np.flatnonzero(np.sqrt((frames**2).mean(axis=1)) > 0.02)
                if loud.size and n - 1 - loud[-1] >= quiet_s / 0.02:
                    return (start + (loud[-1] + 1) * win) / 8000
            time.sleep(0.2)
        raise AssertionError(f"baresip {self.name}: no complete reply after {since_s:.1f}s")

    def received_wav(self) -> Path | None:
        """The audio this phone heard (sndfile's decoder dump)."""
        found = sorted(self.rec.glob("dump-*-dec.wav"))
        return found[-1] if found else None

    def close(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(OSError):
                self.command("quit")
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.sock.close()
        self.log.close()


class RawSip:
    """Hand-made SIP over UDP from a chosen source address: for what no proper phone sends."""

    def __init__(self, target_port: int, source: str = "127.0.0.1"):
        self.target = ("127.0.0.1", target_port)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((source, 0))
        self.source, self.port = self.sock.getsockname()
        self.n = 0

    def request(self, method: str, *, body: str = "", ctype: str = "application/sdp",
                extra: str = "", call_id: str | None = None, cseq: int = 1,
                to_tag: str = "", content_length: int | None = None) -> str:  # fmt: skip
        self.n += 1
        cid = call_id or f"raw{self.n}-{time.monotonic_ns()}@{self.source}"
        length = len(body.encode()) if content_length is None else content_length
        msg = (
            f"{method} sip:sovren@127.0.0.1:{self.target[1]} SIP/2.0\r\n"
            f"Via: SIP/2.0/UDP {self.source}:{self.port};rport;branch=z9hG4bK{uuid4()}\r\n"
            f"Max-Forwards: 70\r\n"
            f"From: <sip:+4930555{self.n:04d}@{self.source}>;tag=t{abs(hash(cid)) % 10**8}\r\n"
            f"To: <sip:sovren@127.0.0.1:{self.target[1]}>{to_tag}\r\n"
            f"Call-ID: {cid}\r\nCSeq: {cseq} {method}\r\n"
            f"Contact: <sip:raw@{self.source}:{self.port}>\r\n{extra}"
            + (f"Content-Type: {ctype}\r\n" if body else "")
            + f"Content-Length: {length}\r\n\r\n{body}"
        )
        self.send(msg.encode())
        return cid

    def send(self, data: bytes) -> None:
        self.sock.sendto(data, self.target)

    def responses(
        self, timeout: float = 5.0, until: int | None = None, method: str | None = None
    ) -> list[str]:
        """Responses (to ``method``, if given) received until ``timeout`` passed or a final
        (>= ``until``) came."""
        out, deadline = [], time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                data, _ = self.sock.recvfrom(65536)
            except TimeoutError:
                break
            text = data.decode(errors="replace")
            if method and not header(text, "CSeq").endswith(" " + method):
                continue
            out.append(text)
            code = status(text)
            if until is not None and code is not None and code >= until:
                break
        return out

    def close(self) -> None:
        self.sock.close()


def status(text: str) -> int | None:
    first = text.split("\r\n", 1)[0]
    if not first.startswith("SIP/2.0 "):
        return None
    return int(first.split()[1])


def header(text: str, name: str) -> str:
    for line in text.split("\r\n"):
        if line.lower().startswith(name.lower() + ":"):
            return line.split(":", 1)[1].strip()
    return ""


def sdp_offer(rtp_port: int, payload: int = 0, name: str = "PCMU/8000") -> str:
    return (
        f"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
        f"m=audio {rtp_port} RTP/AVP {payload}\r\na=rtpmap:{payload} {name}\r\na=sendrecv\r\n"
    )


def uuid4() -> str:
    import uuid

    return uuid.uuid4().hex[:16]


# -- the runtime's side of a call, read from its files and ledger -----------------------
def rows_of(url: str, sql: str, args: tuple, timeout: float = 20.0) -> list[tuple]:
    """The rows of ``sql`` once there are any (the ledger is written asynchronously)."""
    import psycopg

    deadline = time.monotonic() + timeout
    while True:
        with psycopg.connect(url) as conn:
            rows = conn.execute(sql, args).fetchall()
        if rows or time.monotonic() > deadline:
            return rows
        time.sleep(0.3)


def ua_status(state_dir: Path, index: int = 0) -> dict:
    """User agent ``index``'s status file (what ``sovren status`` shows)."""
    from media.sip.status import read_statuses

    (st,) = [s for s in read_statuses(state_dir) if s["index"] == index]
    return st


def wait_agent(state_dir: Path, *, index: int = 0, timeout: float = 120.0) -> None:
    """Until the agent has had its word: busy (answering) at some point, then idle for 1.5 s.

    Read from the user agent's status (what ``sovren status`` shows): on a loaded host a
    reply may pause for seconds between its sentences, which a caller listening for
    silence would take for its end and talk over.
    """
    deadline = time.monotonic() + timeout
    seen_busy, idle_since = False, None
    while time.monotonic() < deadline:
        calls = ua_status(state_dir, index)["calls"]
        busy = any(c.get("agent_busy") for c in calls)
        seen_busy |= busy
        if seen_busy and not busy:
            idle_since = idle_since or time.monotonic()
            if time.monotonic() - idle_since >= 1.5:
                return
        else:
            idle_since = None
        time.sleep(0.25)
    raise AssertionError("the agent did not answer in time")


def talk(state_dir: Path, phone: Baresip, callers, tmp_path: Path, utterances, index: int = 0):
    """A caller who lets the agent finish: the greeting, then each sentence after each reply.

    Each sentence is a WAV of its own (then minutes of silence, as baresip hangs up when
    its file ends), switched in as the phone's microphone once the last reply ended.
    """
    wait_agent(state_dir, index=index)  # the greeting
    for i, u in enumerate(utterances):
        wav = write_wav_8k(tmp_path / f"say{i}.wav", callers.say(u), tail_s=300.0)
        phone.play(wav)
        wait_agent(state_dir, index=index)


# -- Kamailio in front, SIPp placing many calls -----------------------------------------
HERE = Path(__file__).parent
KAMAILIO_CFG = HERE.parent.parent / "docs" / "telephony" / "kamailio.cfg"


REGISTRAR_CFG = HERE.parent.parent / "docs" / "telephony" / "kamailio-registrar.cfg"


def _start_kamailio(tmp: Path, cfg_text: str, log_name: str = "kamailio.log") -> subprocess.Popen:
    """Kamailio in the foreground on ``cfg_text`` (its run folder ``tmp/run``)."""
    exe = shutil.which("kamailio") or "/usr/sbin/kamailio"
    if not Path(exe).exists():
        raise RuntimeError("kamailio is not installed: `apt-get install kamailio`")
    run = tmp / "run"
    run.mkdir(exist_ok=True)
    cfg = tmp / "kamailio.cfg"
    cfg.write_text(cfg_text)
    log = open(tmp / log_name, "wb")  # noqa: SIM115
    proc = subprocess.Popen(
        [exe, "-f", str(cfg), "-DD", "-E", "-m", "64", "-M", "8", "-Y", str(run)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    time.sleep(1.5)
    if proc.poll() is not None:
        raise RuntimeError(f"kamailio exited: {(tmp / log_name).read_text()[-2000:]}")
    return proc


def kamailio(tmp: Path, listen_port: int, destinations: list[int]) -> subprocess.Popen:
    """Kamailio's dispatcher (docs/telephony/kamailio.cfg) in front of ``destinations``."""
    lst = tmp / "dispatcher.list"
    lst.write_text("".join(f"1 sip:127.0.0.1:{p}\n" for p in destinations))
    return _start_kamailio(
        tmp,
        KAMAILIO_CFG.read_text()
        .replace("LISTEN", f"127.0.0.1:{listen_port}")
        .replace("DISPATCHER_LIST", str(lst)),
    )


class Registrar:
    """Kamailio as the registrar of one account (docs/telephony/kamailio-registrar.cfg),
    registrations in memory: stopped and started again (with another password, if
    given), it has forgotten every registration, as a restarted PBX has."""

    def __init__(self, tmp: Path, password: str, *, max_expires: int = 10):
        self.tmp = Path(tmp)
        self.port = free_port()
        self.password = password
        self.max_expires = max_expires
        self.starts = 0
        self.proc: subprocess.Popen | None = None

    @property
    def uri(self) -> str:
        return f"sip:127.0.0.1:{self.port}"

    def start(self, password: str | None = None) -> Registrar:
        self.password = password or self.password
        self.starts += 1
        self.proc = _start_kamailio(
            self.tmp,
            REGISTRAR_CFG.read_text()
            .replace("LISTEN", f"127.0.0.1:{self.port}")
            .replace("SIP_PASSWORD", self.password)
            .replace("MAX_EXPIRES", str(self.max_expires)),
            f"kamailio-{self.starts}.log",
        )
        return self

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)

    def log(self) -> str:
        """This run's log (the REGISTERs it challenged and saved)."""
        return (self.tmp / f"kamailio-{self.starts}.log").read_text(errors="replace")

    def contacts(self, user: str) -> list[tuple[str, float]]:
        """The Contacts registered on ``user`` and their q-values (``kamcmd ul.lookup``)."""
        got = subprocess.run(
            ["kamcmd", "-s", f"unix:{self.tmp / 'run' / 'kamailio_ctl'}",
             "ul.lookup", "location", user],
            capture_output=True, text=True, timeout=10,
        )  # fmt: skip
        out, addr = [], None
        for line in got.stdout.splitlines():
            key, _, value = line.strip().partition(": ")
            if key == "Address":
                addr = value
            elif key == "Q" and addr is not None:
                out.append((addr, float(value)))
                addr = None
        return out


def ulaw_wav(callers, tmp: Path) -> Path:
    """The callers' audio as SIPp streams it: 8 kHz u-law WAV (sox)."""
    import soxr

    from media.audio.wav import write_wav

    x = callers.say("Hello, what time is breakfast?")
    x = soxr.resample(x.astype(np.float32), 16000, 8000)
    x = np.concatenate([np.zeros(16000, np.float32), x, np.zeros(8000 * 6, np.float32)])
    pcm = write_wav(tmp / "caller8k.wav", x, 8000)
    out = tmp / "caller_ulaw.wav"
    subprocess.run(["sox", str(pcm), "-e", "u-law", "-t", "wav", str(out)], check=True)
    return out


def run_sipp(tmp: Path, port: int, wav: Path, *, calls: int, hold_ms: int):
    """SIPp places ``calls`` calls at once to 127.0.0.1:``port``, each streaming ``wav``
    (u-law) over RTP for ``hold_ms``; returns the finished process (its stdout/stderr)."""
    if shutil.which("sipp") is None:
        raise RuntimeError("SIPp is not installed: `apt-get install sip-tester`")
    scenario = tmp / "uac_rtp.xml"
    scenario.write_text(
        (HERE / "uac_rtp.xml").read_text().replace("RTP_WAV", str(wav))
        .replace("HOLD_MS", str(hold_ms))
    )  # fmt: skip
    return subprocess.run(
        ["sipp", f"127.0.0.1:{port}", "-sf", str(scenario), "-i", "127.0.0.1",
         "-p", str(free_port()), "-mp", str(free_port(40)), "-m", str(calls),
         "-l", str(calls), "-r", "20", "-nostdin", "-timeout", "120",
         "-trace_stat", "-stf", str(tmp / "stat.csv"), "-trace_err",
         "-error_file", str(tmp / "errors.log")],
        capture_output=True, text=True, timeout=180, cwd=tmp,
    )  # fmt: skip
