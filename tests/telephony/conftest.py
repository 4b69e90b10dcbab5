"""A real runtime answering SIP: supervisor, seven processes, the SIP user agents, real models.

One runtime per module, on a database of its own, with unique ports and instance name,
so the telephony tests never collide with another test run on the host. The runtime is
tests/voice's (voice_testkit) with the telephony section on.
"""

from __future__ import annotations

import pytest

from tests.telephony.sipkit import free_port
from tests.voice.voice_testkit import voice_runtime


def sip_runtime(pg_cluster, tmp_path_factory, *, telephony: dict, media: dict, hotel: dict):
    base = free_port(4)  # user agent i listens on base + i
    yield from voice_runtime(
        pg_cluster,
        tmp_path_factory,
        media=media,
        hotel=hotel,
        telephony={"enabled": True, "listen_port": base, **telephony},
        prefix="tel",
    )


@pytest.fixture(scope="module")
def tiny(tiny_path):
    """tiny.en in the test process: what a phone heard, transcribed."""
    from media.asr.whisper import WhisperModel

    m = WhisperModel(tiny_path, threads=2, language="en")
    yield m
    m.close()


@pytest.fixture(scope="session")
def callers(model_cache):
    from media.audio.callers import CallerVoices

    return CallerVoices(model_cache / "test-audio")
