"""A German audio call: multilingual whisper (base) detects German, the reply is German.

The caller is espeak-ng's German voice (no German Piper voice ships); the reply
comes from the German hotel facts (hotel.facts.<key>.text.de) and is
spoken by espeak's German voice.

Why a question about dogs and not about Wi-Fi: whisper base cannot hear
espeak's robotic German on most sentences. "Gibt es WLAN im Hotel?" comes back
as "The test may be important." (English), "Wann ist der Check-in?" as Polish,
"Guten Tag, gibt es WLAN?" as Thai, at 120 and 150 words a minute and with
the m3/f3 variants alike. "Guten Tag, kann ich meinen Hund mitbringen?" is
heard as German ("... meinen Funt mitbringen"), so that is the caller here.
"""

from __future__ import annotations

import numpy as np
import pytest
from voice_testkit import voice_runtime

from media.voice_call import as_json, run_voice_call
from runtime.client import CallClient


@pytest.fixture(scope="module")
def rt_de(pg_cluster, tmp_path_factory, base_path):
    yield from voice_runtime(
        pg_cluster,
        tmp_path_factory,
        media={"whisper_model": str(base_path), "asr_language": "auto"},
    )


def test_a_german_caller_is_heard_as_german_and_answered_in_german(rt_de, callers):
    # espeak-ng's German is hard for whisper base: of the sentences tried, this one is
    # heard as German with its verb intact whatever the cut and the decoder's state
    # ("Hund" comes out as "Funt" or "Fuhn"; the question is still understood)
    audio = callers.say("Kann ich meinen Hund mitnehmen?", lang="de")
    with CallClient(rt_de.settings) as client:
        rec = run_voice_call(client, audio, realtime=False, caller_id="+4930123456")
    call = as_json(rec, realtime=False)
    assert len(call["turns"]) == 1, call
    t = call["turns"][0]
    assert t["lang"] == "de", t
    assert t["transcript"].lower().startswith("kann ich meinen"), t
    assert "mitnehmen" in t["transcript"].lower(), t
    assert t["reply"] == "Hunde sind für 15 Euro pro Nacht willkommen.", t
    assert rec["turns"][0].reply_audio, "the German reply was not spoken"
    audio_s = sum(len(b) for b in rec["turns"][0].reply_audio) / 2 / 16000
    assert audio_s > 2.0, audio_s  # the whole sentence, not a stub


def test_an_english_caller_on_the_multilingual_model_is_still_answered_in_english(rt_de, callers):
    audio = callers.say("What time is check-in?")
    with CallClient(rt_de.settings) as client:
        rec = run_voice_call(client, np.asarray(audio), realtime=False)
    t = as_json(rec, realtime=False)["turns"][0]
    assert t["lang"] == "en" and "3 pm" in t["reply"], t
