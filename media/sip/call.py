"""One SIP call and the account that receives them: PJSIP's callbacks, handed to the user agent.

Why thin: PJSIP calls these from ``libHandleEvents`` on the main loop (``mainThreadOnly``),
so each callback only reads what PJSIP offers and passes it to ``UserAgent`` (media/sip/run.py),
which holds the call's state; the media callbacks live in ``FramePort`` (media/sip/bridge.py).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from media.sip.bridge import FramePort
from media.sip.endpoint import pj

log = logging.getLogger("sovren.sip")
_p = pj()


class SipAccount(_p.Account):
    def __init__(self, ua: Any):
        super().__init__()
        self.ua = ua

    def onIncomingCall(self, prm) -> None:  # noqa: N802 (PJSIP's names)
        self.ua.on_incoming(self, prm)

    def onIncomingSubscribe(self, prm) -> None:  # noqa: N802
        """Nobody subscribes to the runtime's presence: refused, whoever asks."""
        prm.code = 403
        prm.reason = "Forbidden"

    def onRegState(self, prm) -> None:  # noqa: N802
        self.ua.on_reg_state(int(prm.code), str(prm.reason), int(prm.expiration))


class SipCall(_p.Call):
    """A call object plus what the user agent keeps about it."""

    def __init__(self, ua: Any, account, call_id: int):
        super().__init__(account, call_id)
        self.ua = ua
        self.port: FramePort | None = None
        self.runtime_id = ""  # the runtime's call id (uuid hex) once the call is taken
        self.conv = None  # media.sip.conversation.Conversation
        self.slot_fd: int | None = None
        self.peer = ""
        self.sip_call_id = ""
        self.caller: str | None = None
        self.state = "incoming"  # incoming | refused | ringing | talking | transferring | ended
        self.shed = False
        self.started = time.time()
        self.codec = ""
        self.voice_seen = 0
        self.frames_seen = 0  # the port's received-frame count when last looked at
        self.rx_at: float | None = None  # monotonic time RTP last arrived
        self.gone = False  # DISCONNECTED seen: the main loop drops the object

    def onCallState(self, prm) -> None:  # noqa: N802
        ci = self.getInfo()
        if ci.state == _p.PJSIP_INV_STATE_DISCONNECTED:
            self.ua.on_disconnected(self, int(ci.lastStatusCode), str(ci.lastReason))
        elif ci.state == _p.PJSIP_INV_STATE_CONFIRMED:
            self.ua.event(self, "confirmed")

    def onCallMediaState(self, prm) -> None:  # noqa: N802
        ci = self.getInfo()
        for mi in ci.media:
            if mi.type != _p.PJMEDIA_TYPE_AUDIO:
                continue
            if mi.status == _p.PJSUA_CALL_MEDIA_ACTIVE:
                aud = self.getAudioMedia(mi.index)
                if self.port is None:
                    self.port = FramePort(f"call{self.getId()}")
                aud.startTransmit(self.port)
                self.port.startTransmit(aud)
                try:
                    self.codec = self.getStreamInfo(mi.index).codecName
                except Exception:
                    self.codec = "?"
                self.ua.event(self, "media_active", codec=self.codec)
            elif mi.status in (_p.PJSUA_CALL_MEDIA_LOCAL_HOLD, _p.PJSUA_CALL_MEDIA_REMOTE_HOLD):
                self.ua.event(self, "hold")

    def onCallRxReinvite(self, prm) -> None:  # noqa: N802
        self.ua.event(self, "reinvite")

    def onDtmfDigit(self, prm) -> None:  # noqa: N802
        self.ua.on_dtmf(self, str(prm.digit))

    def onCallTransferStatus(self, prm) -> None:  # noqa: N802
        # a call that ended during its REFER wants no more of its NOTIFYs (its fate still counts)
        prm.cont = not prm.finalNotify and not self.gone
        self.ua.on_transfer_status(self, int(prm.statusCode), bool(prm.finalNotify))
