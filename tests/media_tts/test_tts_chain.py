"""Sentence streaming and the fallback chain (a real voice fails mid-reply, the next continues)."""

from __future__ import annotations

import numpy as np
import pytest

from config.sections.media import MediaConfig
from ipc.messages import Alert, Severity
from media.tts.base import StreamStats, SynthesisError, TtsBackend, UnsupportedLanguageError
from media.tts.chain import FallbackChain
from media.tts.factory import build_chain
from media.tts.sentences import split_for_streaming, split_sentences

REPLY = (
    "Your room is booked for two nights, Mr. Example. "
    "Breakfast is served from half past six. "
    "We look forward to seeing you on Friday."
)


class FailsAfterFirstSentence(TtsBackend):
    """Test double for a production voice that dies mid-reply (e.g. a GPU fault).

    It speaks its first sentence with the real Piper voice, then raises.
    """

    name = "flaky"

    def __init__(self, inner: TtsBackend, ok_sentences: int = 1):
        self.inner, self.ok, self.calls = inner, ok_sentences, 0

    @property
    def native_rate(self) -> int:
        return self.inner.native_rate

    def languages(self):
        return self.inner.languages()

    def synthesize_sentence(self, sentence, lang):
        self.calls += 1
        if self.calls > self.ok:
            raise SynthesisError("CUDA error: device-side assert triggered")
        return self.inner.synthesize_sentence(sentence, lang)


class Counting(TtsBackend):
    def __init__(self, inner):
        self.inner, self.calls = inner, 0
        self.name = inner.name

    @property
    def native_rate(self):
        return self.inner.native_rate

    def languages(self):
        return self.inner.languages()

    def synthesize_sentence(self, sentence, lang):
        self.calls += 1
        return self.inner.synthesize_sentence(sentence, lang)


def test_sentences_split_for_streaming():
    assert split_sentences(REPLY) == [
        "Your room is booked for two nights, Mr. Example.",
        "Breakfast is served from half past six.",
        "We look forward to seeing you on Friday.",
    ]
    assert split_sentences("Wir sehen uns am 3. Mai. Bis dann!") == [
        "Wir sehen uns am 3. Mai.",
        "Bis dann!",
    ]
    assert split_sentences("   ") == [] and split_sentences("...") == []


def test_a_long_first_sentence_streams_its_first_clause_alone():
    text = "Thank you for calling Hotel Sovren, how can I help you with your stay? Bye."
    assert split_for_streaming(text) == [
        "Thank you for calling Hotel Sovren,",
        "how can I help you with your stay?",
        "Bye.",
    ]
    short = "Yes, of course. Bye."
    assert split_for_streaming(short) == ["Yes, of course.", "Bye."]
    # no comma early enough: cut before the first phrase-opening word
    assert split_for_streaming(REPLY)[:2] == ["Your room is booked", "for two nights, Mr. Example."]
    assert split_for_streaming(REPLY)[2:] == split_sentences(REPLY)[1:]


def test_the_first_phrase_is_cut_only_where_a_phrase_begins():
    long = "Breakfast is served from 6:30 to 10:30 am and costs 22 euros per person."
    assert split_for_streaming(long) == [
        "Breakfast is served",
        "from 6:30 to 10:30 am and costs 22 euros per person.",
    ]
    assert split_for_streaming("Check-in is from 3 pm.") == ["Check-in is from 3 pm."]  # short
    # no comma and no phrase-opening word in reach: one chunk, never a cut mid-phrase
    whole = "Please hold the line while I look up your booking details now."
    assert split_for_streaming(whole) == [whole]
    # German: a preposition is no seam (the verb comes last), a conjunction is
    de = "Das Frühstück wird von 6:30 bis 10:30 Uhr serviert und kostet 22 Euro."
    assert split_for_streaming(de, "de") == [de]
    de2 = "Der Hund ist willkommen und kostet 15 Euro pro Nacht."
    assert split_for_streaming(de2, "de") == [
        "Der Hund ist willkommen",
        "und kostet 15 Euro pro Nacht.",
    ]
    # nothing is lost or reordered
    assert " ".join(split_for_streaming(long)) == long


def test_run_on_text_is_cut_at_clause_boundaries():
    clause = "and then we walked a little further along the river"
    text = ", ".join([clause] * 20) + "."
    parts = split_sentences(text, max_chars=120)
    assert all(len(p) <= 120 for p in parts) and len(parts) > 5
    assert all(p.endswith(",") or p.endswith(".") for p in parts)  # cut after commas
    assert " ".join(parts) == text  # nothing lost or reordered
    assert split_sentences("x" * 300, max_chars=100) == ["x" * 100] * 3


def test_stream_yields_the_first_sentence_before_synthesizing_the_rest(piper):
    counting = Counting(piper)
    stats = StreamStats()
    stream = counting.synthesize_stream(REPLY, "en", 16000, stats)
    first = next(stream)
    assert first.sentence.startswith("Your room")
    assert counting.calls == 1  # playback can start while sentences 2 and 3 are pending
    assert stats.first_audio_s is not None and stats.first_audio_s > 0
    rest = list(stream)
    # the first sentence streams as two phrases ("Your room is booked" | "for two nights, ...")
    assert counting.calls == 4 and len(rest) == 3
    assert stats.audio_s == pytest.approx(sum(c.duration_s for c in [first, *rest]))


def test_backend_failing_mid_reply_falls_back_and_alerts(piper, espeak):
    alerts: list[Alert] = []
    chain = FallbackChain([FailsAfterFirstSentence(piper), espeak], on_alert=alerts.append)
    chunks = list(chain.synthesize_stream(REPLY, "en", 16000))
    assert [c.sentence for c in chunks] == split_for_streaming(REPLY)  # nothing lost
    assert [c.backend for c in chunks] == ["flaky", "espeak", "espeak", "espeak"]
    assert all(c.sample_rate == 16000 and len(c.pcm) > 4000 for c in chunks)
    assert len(alerts) == 1 and chain.alerts == alerts
    a = alerts[0]
    assert a.category == "tts.backend_failed" and a.severity == Severity.MEDIUM
    assert a.evidence["backend"] == "flaky" and a.evidence["fallback"] == "espeak"
    assert "CUDA error" in a.evidence["error"]
    # the alert must not carry the reply's words (personal data)
    assert "Example" not in str(a.evidence) and "Breakfast" not in a.message


def test_next_reply_tries_the_primary_again(piper, espeak):
    flaky = FailsAfterFirstSentence(piper, ok_sentences=2)
    chain = FallbackChain([flaky, espeak])
    first = [c.backend for c in chain.synthesize_stream("One. Two. Three.", "en", 8000)]
    assert first == ["flaky", "flaky", "espeak"]
    flaky.calls = 0
    second = [c.backend for c in chain.synthesize_stream("Four. Five.", "en", 8000)]
    assert second == ["flaky", "flaky"]


def test_every_voice_failing_is_loud(piper):
    alerts: list[Alert] = []
    chain = FallbackChain([FailsAfterFirstSentence(piper, 0)], on_alert=alerts.append)
    with pytest.raises(SynthesisError, match="every voice"):
        list(chain.synthesize_stream("Hello there.", "en", 16000))
    assert alerts and alerts[-1].severity == Severity.HIGH


def test_german_reply_goes_to_the_voice_that_speaks_german(piper, espeak):
    chain = FallbackChain([piper, espeak])
    assert chain.voice_for("en") is piper and chain.voice_for("de") is espeak
    chunks = list(chain.synthesize_stream("Guten Tag. Ihr Zimmer ist bereit.", "de", 16000))
    assert [c.backend for c in chunks] == ["espeak", "espeak"] and not chain.alerts


def test_language_nobody_speaks_is_refused(piper):
    chain = FallbackChain([piper])
    with pytest.raises(UnsupportedLanguageError, match="'de'"):
        list(chain.synthesize_stream("Guten Tag.", "de", 16000))


def test_chain_from_configuration(piper, espeak):
    media = MediaConfig(tts_voice="espeak", tts_fallbacks=["piper", "espeak"])
    made = []
    chain = build_chain(
        media, builder=lambda n: made.append(n) or {"piper": piper, "espeak": espeak}[n]
    )
    assert made == ["espeak", "piper"]  # primary first, no duplicates
    assert [b.name for b in chain.backends] == ["espeak", "piper"]
    pcm = chain.synthesize("Hello.", "en", 8000)
    assert pcm.dtype == np.int16 and len(pcm) > 2000


def test_default_configuration_builds_piper_then_espeak():
    chain = build_chain(MediaConfig())
    assert [b.name for b in chain.backends] == ["piper", "espeak"]
    assert {"en", "de"} <= chain.languages()
