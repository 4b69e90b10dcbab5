"""A timed SIP caller for bench.telephony: one call over UDP, G.711 µ-law RTP, every packet stamped.

Why not baresip or SIPp here (the tests use them): a latency benchmark needs the send
time of the packet that carried the caller's last word and the arrival time of the
first reply packet. baresip's recordings have no timestamps (sndfile writes packets as
they arrive) and SIPp records nothing; both place calls fine, neither can time them.
This caller is the smallest thing that can: plain RFC 3261 over UDP (INVITE, ACK, BYE,
200 to the runtime's in-dialog requests) and RFC 3550 RTP, PCMU at 8 kHz, paced in
20 ms packets from one clock. The SIP user agent under test is the runtime's real one
(PJSIP).

Impairment (``loss``, ``jitter_s``) is applied to the packets this caller sends, in
the caller: Linux netem would need a qdisc on ``lo``, which on a shared host impairs
everyone's loopback traffic, not only this benchmark's.
"""

from __future__ import annotations

import audioop
import collections
import contextlib
import heapq
import random
import socket
import struct
import threading
import time
import uuid

import numpy as np

RATE = 8000
FRAME = 160  # 20 ms at 8 kHz
SILENCE = b"\xff" * FRAME  # µ-law zero
# a received packet this loud is reply speech (as tests/telephony's baresip caller judges it)
LOUD_RMS = 0.02


class SipCallError(RuntimeError):
    pass


def _header(text: str, name: str) -> str:
    for line in text.split("\r\n"):
        if line.lower().startswith(name.lower() + ":"):
            return line.split(":", 1)[1].strip()
    return ""


def _status(text: str) -> int | None:
    first = text.split("\r\n", 1)[0]
    return int(first.split()[1]) if first.startswith("SIP/2.0 ") else None


class SipCaller:
    """One call to ``target`` (host, port); audio in and out as 8 kHz int16 numpy arrays."""

    def __init__(self, target: tuple[str, int], caller_id: str, *, loss: float = 0.0,
                 jitter_s: float = 0.0, seed: int = 0):  # fmt: skip
        self.target = target
        self.caller_id = caller_id
        self.loss, self.jitter_s = loss, jitter_s
        self._rng = random.Random(seed)
        self.sip = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sip.bind(("127.0.0.1", 0))
        self.rtp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.rtp.bind(("127.0.0.1", 0))
        self.call_id = f"{uuid.uuid4().hex}@127.0.0.1"
        self.tag = uuid.uuid4().hex[:10]
        self.to = ""
        self.remote_contact = ""
        self.rtp_peer: tuple[str, int] | None = None
        self.ended = threading.Event()  # the runtime hung up (BYE)
        self._responses: collections.deque[str] = collections.deque()
        self._ack = b""
        self._stop = threading.Event()
        # what was heard: arrival time and level of each RTP packet
        self.rx_at: list[float] = []
        self.rx_rms: list[float] = []
        self.rx_pcm: list[bytes] = []
        # what is to be said: µ-law frames, each with the mark of the utterance it ends
        self._queue: collections.deque[tuple[bytes, int | None]] = collections.deque()
        self.sent_at: dict[int, float] = {}  # utterance mark -> send time of its marked frame
        self.sent = self.lost = 0
        self._threads: list[threading.Thread] = []

    # -- signalling -------------------------------------------------------------
    def _send(self, msg: str, to: tuple[str, int] | None = None) -> None:
        self.sip.sendto(msg.encode(), to or self.target)

    def _via(self) -> str:
        port = self.sip.getsockname()[1]
        return f"Via: SIP/2.0/UDP 127.0.0.1:{port};rport;branch=z9hG4bK{uuid.uuid4().hex[:16]}"

    def _request(self, method: str, uri: str, cseq: int, body: str = "") -> str:
        port = self.sip.getsockname()[1]
        return (
            f"{method} {uri} SIP/2.0\r\n{self._via()}\r\nMax-Forwards: 70\r\n"
            f"From: <sip:{self.caller_id}@127.0.0.1>;tag={self.tag}\r\n"
            f"To: {self.to or f'<sip:sovren@{self.target[0]}:{self.target[1]}>'}\r\n"
            f"Call-ID: {self.call_id}\r\nCSeq: {cseq} {method}\r\n"
            f"Contact: <sip:bench@127.0.0.1:{port}>\r\n"
            + ("Content-Type: application/sdp\r\n" if body else "")
            + f"Content-Length: {len(body.encode())}\r\n\r\n{body}"
        )

    def _sip_loop(self) -> None:
        self.sip.settimeout(0.1)
        while not self._stop.is_set():
            try:
                data, addr = self.sip.recvfrom(65536)
            except (TimeoutError, OSError):
                continue
            text = data.decode(errors="replace")
            code = _status(text)
            if code is not None:
                if code == 200 and self._ack and _header(text, "CSeq").endswith("INVITE"):
                    self.sip.sendto(self._ack, self.target)  # a retransmitted 200: ACK again
                self._responses.append(text)
                continue
            # a request from the runtime (BYE, OPTIONS...): an answer with its headers copied
            head = "\r\n".join(
                line for line in text.split("\r\n\r\n", 1)[0].split("\r\n")[1:]
                if line.split(":", 1)[0].lower() in ("via", "from", "to", "call-id", "cseq")
            )  # fmt: skip
            # no transfer in a benchmark call (none is configured; a REFER would be a fault)
            answer = "603 Decline" if text.startswith("REFER ") else "200 OK"
            self.sip.sendto(
                f"SIP/2.0 {answer}\r\n{head}\r\nContent-Length: 0\r\n\r\n".encode(), addr
            )
            if text.startswith("BYE "):
                self.ended.set()

    def _final(self, method: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            while self._responses:
                r = self._responses.popleft()
                if _header(r, "CSeq").endswith(method) and (_status(r) or 0) >= 200:
                    return r
            time.sleep(0.01)
        raise SipCallError(f"no final answer to {method} from {self.target} in {timeout:.0f} s")

    def dial(self, timeout: float = 60.0) -> None:
        """INVITE with a PCMU offer, ACK the 200, start the RTP both ways."""
        port = self.rtp.getsockname()[1]
        sdp = (
            f"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=bench\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            f"m=audio {port} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=ptime:20\r\na=sendrecv\r\n"
        )
        uri = f"sip:sovren@{self.target[0]}:{self.target[1]}"
        self._threads.append(threading.Thread(target=self._sip_loop, daemon=True))
        self._threads[-1].start()
        self._send(self._request("INVITE", uri, 1, sdp))
        ok = self._final("INVITE", timeout)
        if _status(ok) != 200:
            raise SipCallError(f"the runtime answered {ok.split(chr(13))[0]!r}, not 200")
        self.to = _header(ok, "To")
        self.remote_contact = _header(ok, "Contact").strip("<>").split(">")[0]
        body = ok.split("\r\n\r\n", 1)[1]
        host = next(x[9:].strip() for x in body.split("\r\n") if x.startswith("c=IN IP4"))
        mport = next(int(x.split()[1]) for x in body.split("\r\n") if x.startswith("m=audio"))
        self.rtp_peer = (host, mport)
        ack = self._request("ACK", self.remote_contact or uri, 1)
        self._ack = ack.encode()
        self._send(ack)
        for fn in (self._rtp_in, self._rtp_out):
            self._threads.append(threading.Thread(target=fn, daemon=True))
            self._threads[-1].start()

    def hangup(self) -> None:
        if not self.ended.is_set() and self.to:
            self._send(self._request("BYE", self.remote_contact, 2))
            with contextlib.suppress(SipCallError):
                self._final("BYE", 5.0)
        self._stop.set()
        for t in self._threads:
            t.join(2.0)
        self.sip.close()
        self.rtp.close()

    # -- media ------------------------------------------------------------------
    def _rtp_in(self) -> None:
        self.rtp.settimeout(0.1)
        while not self._stop.is_set():
            try:
                data = self.rtp.recv(2048)
            except (TimeoutError, OSError):
                continue
            if len(data) < 12 or data[1] & 0x7F != 0:
                continue  # not PCMU (e.g. comfort noise or DTMF events)
            start = 12 + 4 * (data[0] & 0x0F)
            if data[0] & 0x10:  # header extension
                start += 4 + 4 * struct.unpack("!H", data[start + 2 : start + 4])[0]
            pcm = audioop.ulaw2lin(data[start:], 2)
            x = np.frombuffer(pcm, "<i2").astype(np.float32) / 32768.0
            self.rx_at.append(time.monotonic())
            self.rx_rms.append(float(np.sqrt(np.mean(x**2))) if x.size else 0.0)
            self.rx_pcm.append(pcm)

    def _rtp_out(self) -> None:
        seq, ssrc = self._rng.randrange(1 << 16), self._rng.randrange(1 << 32)
        t0, k, late = time.monotonic(), 0, []  # late: (due, n, packet) delayed by jitter
        while not self._stop.is_set():
            now, nxt = time.monotonic(), t0 + k * 0.02
            due = late[0][0] if late else float("inf")
            if min(nxt, due) > now:
                time.sleep(min(nxt, due) - now)
                continue
            if due <= nxt:
                self.rtp.sendto(heapq.heappop(late)[2], self.rtp_peer)
                continue
            payload, mark = self._queue.popleft() if self._queue else (SILENCE, None)
            head = struct.pack(
                "!BBHII", 0x80, 0, (seq + k) & 0xFFFF, (k * FRAME) & 0xFFFFFFFF, ssrc
            )
            k += 1
            delay = self._rng.uniform(0.0, self.jitter_s) if self.jitter_s else 0.0
            if mark is not None:
                self.sent_at[mark] = nxt + delay
            if self.loss and self._rng.random() < self.loss:
                self.lost += 1
                continue
            self.sent += 1
            if delay:
                heapq.heappush(late, (nxt + delay, k, head + payload))
            else:
                self.rtp.sendto(head + payload, self.rtp_peer)

    def say(self, x8k: np.ndarray, mark: int, end_sample: int) -> None:
        """Queue ``x8k`` (float, 8 kHz) to be spoken; the frame holding sample ``end_sample``
        records its send time under ``mark`` (``sent_at[mark]``)."""
        pcm = (np.clip(x8k, -1.0, 1.0) * 32767).astype("<i2").tobytes()
        ulaw = audioop.lin2ulaw(pcm, 2)
        marked = end_sample // FRAME
        for i in range(0, len(ulaw), FRAME):
            chunk = ulaw[i : i + FRAME].ljust(FRAME, b"\xff")
            self._queue.append((chunk, mark if i // FRAME == marked else None))

    def saying(self) -> bool:
        return bool(self._queue)

    # -- what was heard ------------------------------------------------------------
    def first_loud_after(self, t: float) -> float | None:
        for at, rms in zip(self.rx_at[:], self.rx_rms[:], strict=False):
            if at > t and rms > LOUD_RMS:
                return at
        return None

    def last_loud_before_quiet(self, t: float, quiet_s: float) -> float | None:
        """The last loud packet after ``t`` that is followed by ``quiet_s`` of quiet packets
        (the reply stopped), or None if no such stop was heard yet."""
        last = None
        for at, rms in zip(self.rx_at[:], self.rx_rms[:], strict=False):
            if at <= t:
                continue
            if rms > LOUD_RMS:
                if last is not None and at - last >= quiet_s:
                    return last
                last = at
        if last is not None and self.rx_at and self.rx_at[-1] - last >= quiet_s:
            return last
        return None

    def wait_reply_end(self, since: float, quiet_s: float, timeout: float) -> tuple[float, float]:
        """Wait for a reply after ``since`` and its end; (first, last) loud packet times."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not self.ended.is_set():
            first = self.first_loud_after(since)
            if first is not None:
                last = self.last_loud_before_quiet(first - 0.001, quiet_s)
                if last is not None:
                    return first, last
            time.sleep(0.1)
        raise SipCallError(f"no complete reply within {timeout:.0f} s")
