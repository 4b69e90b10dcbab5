"""One SIP user-agent process: ``python -m media.sip.run INDEX`` (started by the supervisor).

Why a process of its own, and several of them: PJSIP's Python wheel allows 4 calls per
process, so ``telephony.processes`` of them run side by side, UA ``i`` listening on
``listen_port + i`` and talking to the media worker on its own client slot (rings are
single-producer). The call limit across them is ``media/sip/call_slots.py``.

The main loop owns everything: it lets PJSIP handle its events (every SIP callback
runs here), moves the caller's 20 ms frames to the media worker and the replies back
into the call's port, and carries out what each call's Conversation decides.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
import time
import uuid
from typing import Any

from config.settings import settings_from_dump
from fabric.agent_base import Bootstrap
from fabric.instance import InstanceFiles
from ipc.control import Busy, CallStart, Greet, Hangup, KeypadEntry, TransferStatus
from ipc.messages import AudioChunk, CallControl, SipEvent
from media.sip.call_slots import CallSlots
from media.sip.conversation import Conversation, Do
from media.sip.keypad import DIGITS
from media.sip.message import caller_id, has_sdp, mask
from media.sip.peers import AllowList, host_of
from media.sip.registration import Registration, next_step
from media.sip.status import write_status

log = logging.getLogger("sovren.sip")
READY_WAIT_S = 30.0
# How long the loop waits for SIP events. While calls are up it turns every 2 ms: the
# caller's frames and the replies (a barge-in's flush too) move only when it turns,
# and 10 ms of waiting showed in the barge-in stop over RTP. Idle, 10 ms is plenty.
LOOP_MS_CALLS = 2
LOOP_MS_IDLE = 10


# How long a call that ended during a REFER is kept (PJSIP's REFER subscription lives up to
# its expiry of 60 s, and its last NOTIFY may come after the call's BYE)
LINGER_AFTER_REFER_S = 90.0

class UserAgent:
    def __init__(self, boot: Bootstrap, index: int):
        from media.sip.call import SipAccount
        from media.sip.endpoint import account_config, create_endpoint
        from media.sip.runtime_link import RuntimeLink

        self.settings = settings_from_dump(boot.settings, boot.config_file)
        self.tel = self.settings.telephony
        self.index = index
        self.files = InstanceFiles(self.settings.data_dir, boot.instance)
        self.link = RuntimeLink(boot.instance, index, self.settings.fabric.send_timeout_s)
        self.slots = CallSlots(self.files.state_dir, self.tel.max_calls)
        self.allow = AllowList.from_config(self.tel)
        self.reception = self.settings.hotel.reception.transfer_uri
        logs = self.files.state_dir / "logs"
        logs.mkdir(exist_ok=True)
        self.ep = create_endpoint(self.tel, index, logs / f"sip{index}-pjsip.log")
        self.account = SipAccount(self)
        self.account.create(account_config(self.tel, index))
        self.calls: dict[int, Any] = {}  # PJSIP call id -> SipCall
        self.by_runtime: dict[str, Any] = {}
        self.registration = (
            Registration(self.tel.registrar, self.tel.register_retry_s,
                         self.tel.register_retry_max_s)
            if self.tel.mode == "register" else None
        )  # fmt: skip
        self.counters = dict.fromkeys(
            ("invites", "answered", "refused_403", "refused_488", "shed", "transfers_ok",
             "transfers_failed", "ended"), 0)  # fmt: skip
        self._refusals: list[tuple[Any, int]] = []
        # Calls that ended with a REFER under way, kept alive until PJSIP is done with them: the
        # REFER's subscription still reports on the call after its BYE (a caller's phone that
        # carries the transfer out hangs up at once), and a call object Python has freed by
        # then crashes the process (seen once in CI: the console take-over's REFER, BYE 1 ms later)
        self._lingering: list[tuple[float, Any]] = []
        self._stop = False
        self._next_status = 0.0

    # -- signalling events -------------------------------------------------------
    def event(self, call, name: str, **detail: Any) -> None:
        """A signalling event: logged, and sent for ``sovren tail --kind SipEvent``."""
        rid = getattr(call, "runtime_id", "") if call is not None else ""
        log.info("sip%d %s %s %s", self.index, name, rid[:8], detail)
        with contextlib.suppress(Exception):  # an informational frame never holds up a call
            self.link._send(rid, SipEvent(event=name, detail={"ua": self.index, **detail}))

    def on_reg_state(self, code: int, reason: str, expires: int) -> None:
        reg = self.registration
        if reg is None:
            return
        reg.on_result(code, reason, expires, time.monotonic())
        if reg.state == "failed":
            log.error(
                "sip%d: registration to %s failed: %d %s (attempt %d); next step: %s; "
                "retrying in %.0f s",
                self.index, self.tel.registrar, code, reason, reg.failures,
                next_step(code, self.tel.registrar), reg.retry_in_s,
            )  # fmt: skip
        self.event(None, "register", code=code, state=reg.state)

    def retry_registration(self) -> None:
        """A failed registration is tried again once its back-off has passed."""
        reg = self.registration
        if reg is None or not reg.due(time.monotonic()):
            return
        log.info("sip%d: registering to %s again", self.index, self.tel.registrar)
        try:
            self.account.setRegistration(True)
        except Exception as e:  # e.g. one still under way: counted as a failure, retried later
            self.on_reg_state(599, f"could not send REGISTER: {_err(e)}", 0)

    def on_incoming(self, account, prm) -> None:
        from media.sip.call import SipCall

        raw = str(prm.rdata.wholeMsg)
        src = str(prm.rdata.srcAddress)
        call = SipCall(self, account, prm.callId)
        call.peer = host_of(src)
        call.sip_call_id = str(call.getInfo().callIdString)
        self.calls[call.getId()] = call
        self.counters["invites"] += 1
        if not self.allow.allows(src):
            self.counters["refused_403"] += 1
            self.event(call, "refused", status=403, peer=call.peer, why="not on the allow-list")
            return self._refuse(call, 403)
        if not has_sdp(raw):
            self.counters["refused_488"] += 1
            self.event(call, "refused", status=488, why="no SDP offer")
            return self._refuse(call, 488)
        fd = self.slots.claim()
        if fd is None:
            self.counters["shed"] += 1
            if self.tel.shed_answer != "speech":
                code = int(self.tel.shed_answer)
                self.event(call, "shed", status=code, max_calls=self.tel.max_calls)
                return self._refuse(call, code)
            call.shed = True
            self.event(call, "shed", status=200, max_calls=self.tel.max_calls)
        call.slot_fd = fd
        call.caller = caller_id(raw)
        call.runtime_id = uuid.uuid4().hex
        now = time.monotonic()
        call.conv = Conversation(
            call.runtime_id,
            self.reception,
            self.tel.silence_prompt_s,
            self.tel.silence_hangup_s,
            now,
            keypad_pause_s=self.tel.keypad_pause_s,
        )
        call.ready_by = now + READY_WAIT_S
        self.by_runtime[call.runtime_id] = call
        self._answer(call, 180)
        call.state = "ringing"
        self.link.start(
            call.runtime_id,
            CallStart(
                caller_id=call.caller, audio=True, realtime=True, channel="sip", ua=self.index
            ),
        )
        self.event(call, "invite", peer=call.peer, caller=mask(call.caller))

    def _refuse(self, call, code: int) -> None:
        """Refused from the main loop, not inside onIncomingCall: PJSIP 2.15 asserts (and
        the process dies) when an INVITE without SDP is answered from within the callback."""
        call.state = "refused"
        self._refusals.append((call, code))

    def _answer(self, call, code: int) -> None:
        p = _pj()
        prm = p.CallOpParam()
        prm.statusCode = code
        try:
            call.answer(prm)
        except Exception as e:
            log.warning("sip%d: answering %d failed: %s", self.index, code, _err(e))

    def on_disconnected(self, call, code: int, reason: str) -> None:
        call.gone = True
        if call.conv is not None:
            call.conv.on_line_gone()
        if call.runtime_id and call.state != "ended":
            try:
                self.link.audio(call.runtime_id, b"", end=True)
                self.link.control(call.runtime_id, Hangup(sip_status=code))
            except Exception as e:
                log.error("sip%d: telling the runtime of a hang-up failed: %s", self.index, e)
        if call.state != "refused":
            self.counters["ended"] += 1
        call.state = "ended"
        self.slots.release(call.slot_fd)
        call.slot_fd = None
        self.event(call, "ended", status=code, reason=reason)

    def on_dtmf(self, call, digit: str) -> None:
        typing = call.conv is not None and call.conv.typing
        # a key of a number being typed is part of a booking's number: not in the logs
        self.event(call, "dtmf", digit="x" if typing and digit in DIGITS else digit)
        if call.conv is not None:
            self._do(call, call.conv.on_dtmf(digit, time.monotonic()))

    def on_transfer_status(self, call, code: int, final: bool) -> None:
        self.event(call, "transfer_status", status=code, final=final)
        if call.conv is not None:
            self._do(call, call.conv.on_transfer_status(code, final, time.monotonic()))

    # -- carrying out what a conversation decided ----------------------------------
    def _do(self, call, actions: list[Do]) -> None:
        for a in actions:
            if a.op == "answer":
                self._answer(call, 200)
                call.state = "talking"
                self.counters["answered"] += 1
                self.event(call, "answered")
                self.link.control(call.runtime_id, Busy() if call.shed else Greet())
            elif a.op == "control":
                ctl = a.detail["ctl"]
                if isinstance(ctl, TransferStatus):
                    self.counters["transfers_ok" if ctl.ok else "transfers_failed"] += 1
                if isinstance(ctl, KeypadEntry):
                    self.event(call, "keypad", digits=len(ctl.digits))  # how many, not which
                self.link.control(call.runtime_id, ctl)
            elif a.op == "refer":
                self._refer(call, a.detail["to"])
            elif a.op == "hangup":
                self._hangup(call, a.detail.get("reason", ""))

    def _refer(self, call, uri: str) -> None:
        p = _pj()
        call.state = "transferring"
        call.referred = True
        call.transfer_by = time.monotonic() + self.tel.transfer_wait_s
        self.event(call, "refer", to=uri)
        try:
            call.xfer(uri, p.CallOpParam(True))
        except Exception as e:
            log.warning("sip%d: REFER to %s failed: %s", self.index, uri, _err(e))
            self.on_transfer_status(call, 500, True)

    def _hangup(self, call, reason: str) -> None:
        if call.gone:
            return  # the caller's BYE ended it: PJSIP's session is already terminated
        p = _pj()
        self.event(call, "hangup", reason=reason)
        try:
            call.hangup(p.CallOpParam(True))
        except Exception as e:
            log.warning("sip%d: hang-up failed: %s", self.index, _err(e))

    # -- the runtime's side --------------------------------------------------------
    def pump_runtime(self) -> None:
        now = time.monotonic()
        for m in self.link.receive(1024):
            call = self.by_runtime.get(m.call_id)
            if call is None:
                continue  # a late frame of a finished call
            b = m.body
            conv = call.conv
            if isinstance(b, AudioChunk):
                if b.pcm and call.port is not None and call.state in ("talking", "ringing"):
                    call.port.speak.append(b.pcm)
                if b.end:
                    conv.on_reply_end(now)
            elif isinstance(b, CallControl):
                d = b.detail
                if b.op == "audio_ready":
                    if call.state == "ringing":
                        self._do(call, conv.on_ready(now))
                elif b.op == "say":
                    conv.on_say(now)
                elif b.op == "transcript":
                    conv.on_transcript(now)
                elif b.op == "turn_done":
                    conv.on_turn_done(dict(d), now)
                elif b.op == "barge_in" and call.port is not None:
                    call.port.flush()  # what the UA still had queued is not heard either
                    self.event(call, "barge_in", played_ms=d.get("played_ms"))
                elif b.op == "error":
                    self.event(call, "runtime_error", where=d.get("where"))
                    if call.state == "ringing":  # the voice path cannot take it: say so
                        self._answer(call, 503)
                    else:
                        conv.on_reply_end(now)
                elif b.op == "call_done":
                    self.by_runtime.pop(m.call_id, None)
                    self._do(call, conv.on_call_done(str(d.get("outcome", ""))))

    def pump_calls(self) -> None:
        now = time.monotonic()
        while self._refusals:
            call, code = self._refusals.pop(0)
            self._answer(call, code)
        self._lingering = [(until, c) for until, c in self._lingering if until > now]
        for cid, call in list(self.calls.items()):
            if call.gone:
                self.calls.pop(cid, None)
                if getattr(call, "referred", False):
                    self._lingering.append((now + LINGER_AFTER_REFER_S, call))
                if call.port is not None:
                    call.port.flush()
                continue
            if call.state == "ringing" and now > getattr(call, "ready_by", now + 1):
                self.event(call, "runtime_not_ready")
                self._answer(call, 503)
                continue
            port = call.port
            if port is not None and call.state in ("talking", "transferring"):
                if port.frames_in != call.frames_seen or call.rx_at is None:
                    call.frames_seen, call.rx_at = port.frames_in, now
                elif now - call.rx_at > self.tel.rtp_timeout_s and call.state == "talking":
                    self._hangup(call, f"no RTP for {self.tel.rtp_timeout_s:.0f}s")
                    call.state = "ending"
                    continue
                if time.time() - call.started > self.tel.max_call_s and call.state == "talking":
                    self._hangup(
                        call, f"longer than telephony.max_call_s ({self.tel.max_call_s:.0f}s)"
                    )
                    call.state = "ending"
                    continue
                while port.heard:
                    self.link.audio(call.runtime_id, port.heard.popleft())
                if port.voice_frames != call.voice_seen:
                    call.voice_seen = port.voice_frames
                    call.conv.heard_caller(now, voice=True)
            if call.conv is None:
                continue
            if call.state == "transferring" and now > getattr(call, "transfer_by", now + 1):
                # once: the state goes back to talking below, when the conversation has taken
                # the failure (it was re-reported every 2 ms turn, thousands of events, and the
                # conversation was never ticked again)
                call.transfer_by = float("inf")
                self.on_transfer_status(call, 408, True)
            playing = port is not None and port.playing
            self._do(call, call.conv.tick(now, playing))
            if call.conv.state == "talking" and call.state == "transferring":
                call.state = "talking"  # the transfer failed: the caller is still ours

    # -- status ------------------------------------------------------------------
    def write_status(self) -> None:
        now = time.monotonic()
        if now < self._next_status:
            return
        self._next_status = now + 0.25
        calls = [
            {
                "call_id": c.runtime_id,
                "sip_call_id": c.sip_call_id,
                "state": c.state,
                "peer": c.peer,
                "caller": mask(c.caller),
                "codec": c.codec,
                "since": c.started,
                "shed": c.shed,
                # the agent has the word: a turn under way, or a reply announced or playing
                "agent_busy": c.conv is not None
                and c.conv.agent_has_word(now, bool(c.port and c.port.playing)),
            }
            for c in self.calls.values()
            if c.state not in ("refused", "ended")
        ]
        write_status(
            self.files.state_dir,
            self.index,
            {
                "pid": os.getpid(),
                "index": self.index,
                "listen": f"{self.tel.listen_address}:{self.tel.listen_port + self.index}",
                "transports": list(self.tel.transports),
                "mode": self.tel.mode,
                "registration": (
                    {"state": "off"} if self.registration is None else self.registration.view(now)
                ),
                "calls": calls,
                "counters": self.counters,
            },
        )

    # -- the loop ------------------------------------------------------------------
    def run(self) -> int:
        signal.signal(signal.SIGTERM, lambda *_: setattr(self, "_stop", True))
        signal.signal(signal.SIGINT, lambda *_: setattr(self, "_stop", True))
        supervisor = os.getppid()
        self.write_status()
        while not self._stop:
            self.ep.libHandleEvents(LOOP_MS_CALLS if self.calls else LOOP_MS_IDLE)
            try:
                self.pump_runtime()
                self.pump_calls()
                self.retry_registration()
            except Exception:
                log.exception("sip%d: main loop step failed", self.index)
            self.write_status()
            if os.getppid() != supervisor:
                log.error("sip%d: supervisor %d is gone; stopping", self.index, supervisor)
                break
        return self.shutdown()

    def shutdown(self) -> int:
        """Hang up every call (the phones hear a BYE), tell the runtime, then leave.

        PJSIP's objects are left to the operating system: the wheel asserts (and the
        process dies with SIGABRT) when Call objects are destroyed at library shutdown,
        and nothing is gained by tearing them down one by one in a process that exits.
        """
        for call in list(self.calls.values()):
            if not call.gone and call.state not in ("refused", "ended"):
                self._hangup(call, "runtime stopping")
        unregistering = self._unregister()
        deadline = time.monotonic() + 2.0
        while time.monotonic() < deadline and (
            any(not c.gone for c in self.calls.values())
            or (unregistering and self.registration.state == "registered")
        ):
            self.ep.libHandleEvents(20)
        for call in self.calls.values():
            if call.runtime_id and call.state != "ended":
                with contextlib.suppress(Exception):
                    self.link.control(call.runtime_id, Hangup())
        self.link.close()
        logging.shutdown()
        os._exit(0)

    def _unregister(self) -> bool:
        """Take this UA's Contact off the registrar when it stops (REGISTER, expires 0), so
        that the registrar hunts no dead address until the registration would expire."""
        if self.registration is None or self.registration.state != "registered":
            return False
        try:
            self.account.setRegistration(False)
        except Exception as e:
            log.warning("sip%d: unregistering failed: %s", self.index, _err(e))
            return False
        return True


def _pj():
    from media.sip.endpoint import pj

    return pj()


def _err(e: Exception) -> str:
    info = getattr(e, "info", None)
    return info() if callable(info) else str(e)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m media.sip.run",
        description="One SIP user-agent process of a runtime (the supervisor starts these; "
        "it hands the configuration on stdin). docs/telephony.md",
    )
    parser.add_argument("index", type=int, help="which user agent (0-based): port and ring slot")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=os.environ.get("SOVREN_LOG_LEVEL", "INFO"),
        format=f"%(asctime)s SIP{args.index} %(levelname)s %(message)s",
    )
    boot = Bootstrap.read(sys.stdin)
    return UserAgent(boot, args.index).run()


if __name__ == "__main__":
    raise SystemExit(main())
