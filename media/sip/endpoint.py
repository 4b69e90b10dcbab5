"""PJSIP for one user-agent process: the library, its transports, codecs and the account.

Why these settings (measured here, ../shared/DEPENDENCIES.md "SIP tools"): the Python
wheel runs without worker threads (``threadCnt=0``, ``mainThreadOnly``: every SIP
callback comes from ``libHandleEvents`` on the main loop, which owns the rings), with
the null sound device (no sound card on a server; the media clock runs on its own),
with pjsua's VAD off (it would send no RTP in the agent's pauses), and with the
conference bridge at 16 kHz, the voice path's rate: pjsua resamples G.711's 8 kHz
cleanly, and G.722 calls keep their wideband audio. The wheel allows 4 calls per
process, hence several processes (``telephony.processes``).
"""

from __future__ import annotations

import logging
from pathlib import Path

from config.errors import SovrenError
from media.audio.pcm import SAMPLE_RATE

log = logging.getLogger("sovren.sip")

CODEC_IDS = {"PCMU": "PCMU/8000/1", "PCMA": "PCMA/8000/1", "G722": "G722/16000/1"}
SRTP_USE = {"disabled": "PJMEDIA_SRTP_DISABLED", "optional": "PJMEDIA_SRTP_OPTIONAL",
            "mandatory": "PJMEDIA_SRTP_MANDATORY"}  # fmt: skip


class SipSetupError(SovrenError, RuntimeError):
    code = "sip_setup"
    next_step = (
        "check telephony.* in the site file (`sovren config check`) and that the SIP port is "
        "free (`ss -lunpt | grep PORT`); docs/telephony.md"
    )


def pj():
    try:
        import pjsua2
    except ImportError as e:
        raise SipSetupError(
            "the SIP stack (PyPI pjsua2-python) is not installed",
            next_step="install the telephony extra: SOVREN_EXTRAS=...,telephony ./bin/bootstrap "
            "(or .venv/bin/pip install 'pjsua2-python==2.15.1.post1')",
        ) from e
    return pjsua2


def create_endpoint(tel, index: int, log_file: Path | None):
    """Start the library with this process's transports; returns the Endpoint."""
    p = pj()
    ep = p.Endpoint()
    ep.libCreate()
    cfg = p.EpConfig()
    cfg.uaConfig.threadCnt = 0
    cfg.uaConfig.mainThreadOnly = True
    cfg.uaConfig.maxCalls = 4
    cfg.uaConfig.userAgent = "SOVREN"
    cfg.medConfig.noVad = True
    cfg.medConfig.clockRate = SAMPLE_RATE
    cfg.medConfig.sndClockRate = SAMPLE_RATE
    cfg.medConfig.channelCount = 1
    cfg.medConfig.ecTailLen = 0  # nothing to cancel: no loudspeaker next to a microphone
    cfg.medConfig.audioFramePtime = 20
    # the jitter buffer starts and may shrink to telephony.jitter_min_ms (PJSIP: 150 ms
    # at the start, 60 ms at least), growing only with jitter it measures
    cfg.medConfig.jbMinPre = tel.jitter_min_ms
    cfg.medConfig.jbInit = tel.jitter_min_ms
    cfg.logConfig.level = 3
    cfg.logConfig.consoleLevel = 0
    if log_file is not None:
        cfg.logConfig.filename = str(log_file)
    ep.libInit(cfg)
    ports = []
    try:
        for kind in tel.transports:
            tc = p.TransportConfig()
            tc.boundAddress = tel.listen_address
            if kind == "tls":
                tc.port = tel.tls.port + index
                tc.tlsConfig.certFile = tel.tls.cert_file or ""
                tc.tlsConfig.privKeyFile = tel.tls.private_key_file or ""
                tc.tlsConfig.CaListFile = tel.tls.ca_list_file or ""
                tc.tlsConfig.verifyClient = tel.tls.verify_client
                ttype = p.PJSIP_TRANSPORT_TLS
            else:
                tc.port = tel.listen_port + index
                ttype = p.PJSIP_TRANSPORT_UDP if kind == "udp" else p.PJSIP_TRANSPORT_TCP
            ep.transportCreate(ttype, tc)
            ports.append(f"{kind}:{tc.port}")
        ep.libStart()
        ep.audDevManager().setNullDev()
        _codecs(ep, tel.codecs)
    except Exception as e:
        info = getattr(e, "info", None)
        why = info() if callable(info) else str(e)
        ep.libDestroy()
        raise SipSetupError(
            f"SIP user agent {index} could not start on {tel.listen_address} "
            f"({', '.join(ports) or tel.transports}): {why}"
        ) from None
    return ep


def _codecs(ep, wanted: list[str]) -> None:
    """Only the configured codecs, in their order; everything else off (priority 0)."""
    prio = {CODEC_IDS[c]: 250 - 10 * i for i, c in enumerate(wanted)}
    for info in ep.codecEnum2():
        ep.codecSetPriority(info.codecId, prio.get(info.codecId, 0))


def account_config(tel, index: int):
    """The account: who we are, and (mode register) where and how we register."""
    p = pj()
    cfg = p.AccountConfig()
    host = tel.domain or _registrar_host(tel.registrar) or tel.listen_address
    user = tel.credentials.username.get_secret_value() if tel.credentials.username else "sovren"
    cfg.idUri = f"sip:{user}@{host}"
    if tel.mode == "register":
        cfg.regConfig.registrarUri = tel.registrar
        cfg.regConfig.timeoutSec = tel.register_expires_s
        # PJSIP's own retry is off: it skips refused credentials (media/sip/registration.py)
        cfg.regConfig.retryIntervalSec = 0
        # serial hunting: the registrar tries the Contacts highest q first, UA 0 first
        cfg.sipConfig.contactParams = f";q={contact_q(index)}"
        cfg.regConfig.registerOnAdd = True
        if tel.credentials.username and tel.credentials.password:
            cred = p.AuthCredInfo(
                "digest",
                "*",
                tel.credentials.username.get_secret_value(),
                0,
                tel.credentials.password.get_secret_value(),
            )
            cfg.sipConfig.authCreds.append(cred)
    else:
        cfg.regConfig.registrarUri = ""
        cfg.regConfig.registerOnAdd = False
    cfg.mediaConfig.srtpUse = getattr(p, SRTP_USE[tel.srtp])
    cfg.mediaConfig.srtpSecureSignaling = 0
    cfg.natConfig.sipStunUse = p.PJSUA_STUN_USE_DISABLED
    cfg.natConfig.mediaStunUse = p.PJSUA_STUN_USE_DISABLED
    return cfg


def contact_q(index: int) -> str:
    """The q-value of UA ``index``'s Contact: 1.0, 0.9, ... (at most 4 UAs per runtime)."""
    return f"{max(1, 10 - index) / 10:.1f}"


def _registrar_host(uri: str | None) -> str | None:
    if not uri:
        return None
    rest = uri.split(":", 1)[1] if ":" in uri else uri
    return rest.split(";", 1)[0].split("@")[-1]
