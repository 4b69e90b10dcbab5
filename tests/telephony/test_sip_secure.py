"""SIP over TLS with SRTP required: a certificate made here, baresip calling with SRTP.

The runtime listens on UDP and TLS (``telephony.transports``, ``telephony.tls``) with a
self-signed certificate generated for this module, and requires SRTP for the media
(``telephony.srtp: mandatory``): a phone offering SRTP over TLS is answered and hears
the greeting; a plain-RTP offer is refused with 488.
"""

from __future__ import annotations

import subprocess

import numpy as np
import pytest

from tests.telephony.conftest import sip_runtime
from tests.telephony.sipkit import (
    Baresip,
    RawSip,
    free_port,
    sdp_offer,
    status,
    ua_status,
    wait_agent,
    write_wav_8k,
)

pytestmark = pytest.mark.timeout(900)


@pytest.fixture(scope="module")
def cert(tmp_path_factory):
    d = tmp_path_factory.mktemp("tls")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(d / "key.pem"), "-out", str(d / "cert.pem"),
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return d / "cert.pem", d / "key.pem"


@pytest.fixture(scope="module")
def rt(pg_cluster, tmp_path_factory, tiny_path, cert):
    yield from sip_runtime(
        pg_cluster,
        tmp_path_factory,
        telephony={
            "max_calls": 2,
            "transports": ["udp", "tls"],
            "tls": {
                "port": free_port(2),
                "cert_file": str(cert[0]),
                "private_key_file": str(cert[1]),
            },  # fmt: skip
            "srtp": "mandatory",
            "silence_prompt_s": 60.0,
        },
        media={"whisper_model": str(tiny_path)},
        hotel={"simulated_date": "2026-03-02"},
    )


def test_a_phone_over_tls_with_srtp_is_answered_and_hears_the_greeting(rt, tiny, tmp_path):
    from media.audio.wav import read_wav

    quiet = write_wav_8k(tmp_path / "quiet.wav", np.zeros(16000, np.float32), tail_s=400.0)
    phone = Baresip(tmp_path, "secure", wav=quiet, mediaenc="srtp-mand")
    try:
        tls_port = rt.settings.telephony.tls.port
        phone.dial(f"sip:sovren@127.0.0.1:{tls_port};transport=tls")
        phone.wait_event("CALL_ESTABLISHED", 60)
        wait_agent(rt.sup.files.state_dir)  # the greeting
        (live,) = ua_status(rt.sup.files.state_dir)["calls"]
        assert live["state"] == "talking", live
        phone.hangup()
        phone.wait_event("CALL_CLOSED", 10)
    finally:
        phone.close()
    heard = read_wav(phone.received_wav()).samples.astype(np.float32)
    text = tiny.transcribe(heard).text.lower()
    # only TLS listens on that port, and baresip's srtp-mand drops a call whose answer has
    # no SRTP: the greeting heard is SRTP decrypted, signalled over TLS
    assert "thank you for calling" in text, text


def test_a_plain_rtp_offer_is_refused_when_srtp_is_mandatory(rt):
    raw = RawSip(rt.port)
    try:
        raw.request("INVITE", body=sdp_offer(4010))
        got = raw.responses(10, until=300)
    finally:
        raw.close()
    assert got and status(got[-1]) == 488, got
