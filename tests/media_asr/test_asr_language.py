"""The caller's language by default (``asr_language: auto-en``): English until the words say otherwise.

Real models: tiny.en for English, base for the check and for German. Decodes
run inline (one call), so what is asserted is which model decoded what, never
how fast.
"""

from __future__ import annotations

import numpy as np
import pytest
from asr_testkit import BOOKING, feed_all, words

from config.sections.media import MediaConfig
from media.asr.decoder import DecodePool, InlineDecoder, Priority
from media.asr.streaming import StreamingRecognizer
from media.asr.whisper import model_names


class Spy:
    """A whisper model whose calls are written down (the model does the real work)."""

    def __init__(self, model, log: list[str], name: str):
        self.model, self.log, self.name = model, log, name
        self.language, self.multilingual = model.language, model.multilingual

    def transcribe(self, x, **kw):
        self.log.append(f"{self.name}:transcribe:{kw.get('language')}")
        return self.model.transcribe(x, **kw)

    def identify(self, x, candidates, **kw):
        self.log.append(f"{self.name}:identify")
        return self.model.identify(x, candidates, **kw)

    def close(self):
        pass  # a pool's close must not close the session's model


def _auto_en(tiny, base, log, **config):
    models = {"en": Spy(tiny, log, "tiny"), "multi": Spy(base, log, "base")}
    return StreamingRecognizer.from_config(
        InlineDecoder(models, language="auto-en"), MediaConfig(**config), languages=("en", "de")
    )


def _finals(events):
    return [e for e in events if e.kind == "final"]


def test_the_default_is_english_first_with_a_multilingual_model_beside_it():
    assert MediaConfig().asr_language == "auto-en"
    assert model_names(MediaConfig()) == {"en": "tiny.en", "multi": "base"}
    assert model_names(MediaConfig(asr_language="en")) == {"en": "tiny.en"}
    assert model_names(MediaConfig(asr_language="de")) == {"multi": "base"}


def test_identify_tells_german_from_english_among_the_hotels_languages(base, speaker):
    de = base.identify(speaker.german("Kann ich meinen Hund mitnehmen?"), ("en", "de"))
    en = base.identify(speaker.english("What time is check-in?"), ("en", "de"))
    assert set(de) == {"en", "de"} and abs(sum(de.values()) - 1) < 1e-6
    assert de["de"] > 0.9 and en["en"] > 0.9, (de, en)


def test_a_german_caller_switches_the_call_to_german(tiny, base, speaker):
    log: list[str] = []
    rec = _auto_en(tiny, base, log)
    x = np.concatenate(
        (
            speaker.german("Kann ich meinen Hund mitnehmen?"),
            speaker.german("Ich möchte ein Doppelzimmer buchen."),
        )
    )
    finals = _finals(feed_all(rec, x))
    assert len(finals) == 2, [(f.text, f.lang) for f in finals]
    first, second = finals
    assert first.lang == "de" and words(first.text)[:3] == ["kann", "ich", "meinen"], first
    assert second.lang == "de" and "doppelzimmer" in words(second.text), second
    assert rec.call_lang == "de"
    # tiny.en heard the first utterance (unsure English), base checked it and decoded it
    # in German; from then on base decodes German directly, without another check
    assert log.count("base:identify") == 1
    after = log[log.index("base:identify") + 1 :]
    assert after[0] == "base:transcribe:de"
    assert "tiny:transcribe:en" not in after


def test_an_english_caller_pays_for_no_check(tiny, base, speaker):
    log: list[str] = []
    rec = _auto_en(tiny, base, log)
    x = np.concatenate((speaker.english(BOOKING), speaker.english("Can I bring my dog?")))
    finals = _finals(feed_all(rec, x))
    assert [f.lang for f in finals] == ["en", "en"]
    assert log and all(e == "tiny:transcribe:en" for e in log), log
    assert rec.call_lang == "en" and not rec._checking  # a long, confident turn settled it


def test_a_fixed_language_never_checks(tiny, base, speaker):
    log: list[str] = []
    models = {"en": Spy(tiny, log, "tiny"), "multi": Spy(base, log, "base")}
    rec = StreamingRecognizer.from_config(
        InlineDecoder(models, language="en"), MediaConfig(asr_language="en")
    )
    finals = _finals(feed_all(rec, speaker.german("Kann ich meinen Hund mitnehmen?")))
    assert [f.lang for f in finals] == ["en"] and "base:identify" not in log


class _Fake:
    def __init__(self, name, multilingual, log):
        self.name, self.multilingual, self.log = name, multilingual, log
        self.language = "auto" if multilingual else "en"

    def transcribe(self, x, *, language=None, **kw):
        from media.asr.whisper import Recognition

        self.log.append((self.name, language))
        return Recognition("words", 0.9, language or "en", x.size / 16000, 0.0, 1)

    def identify(self, x, candidates, **kw):
        self.log.append((self.name, "identify"))
        return {"en": 0.1, "de": 0.9}

    def close(self):
        pass


@pytest.mark.parametrize(
    ("language", "identify", "expected"),
    [
        ("en", (), [("tiny", "en")]),
        ("de", (), [("base", "de")]),
        ("en", ("en", "de"), [("base", "identify"), ("base", "de")]),
    ],
)
def test_the_pool_sends_english_to_tiny_and_the_rest_to_base(language, identify, expected):
    log: list = []
    pool = DecodePool([{"en": _Fake("tiny", False, log), "multi": _Fake("base", True, log)}])
    try:
        assert pool.language == "auto-en" and pool.can_identify
        job = pool.submit(
            np.ones(16000, np.float32), language=language, priority=Priority.FINAL,
            identify=identify,
        )  # fmt: skip
        r = job.wait(10)
    finally:
        pool.close()
    assert log == expected
    if identify:
        assert r.lang == "de" and r.lang_probs[0] == ("de", 0.9)


def test_language_check_leaves_other_threads_running(base, speaker):
    """identify runs its encoder without the GIL (media/asr/nogil.py): other threads go on.

    With the GIL held for the encoder pass (the bindings' own call), a thread that
    wakes every millisecond would tick at most once or twice meanwhile.
    """
    import threading

    from media.asr.nogil import raw_context

    assert raw_context(base._pw, base._ctx) is not None  # reached through ctypes, checked
    x = speaker.german("Kann ich meinen Hund mitnehmen?")
    base.identify(x, ("en", "de"))  # the first call sets the context up
    ticks = [0]
    done = threading.Event()

    def other():
        while not done.is_set():
            ticks[0] += 1
            done.wait(0.001)

    t = threading.Thread(target=other)
    t.start()
    before = ticks[0]
    probs = base.identify(x, ("en", "de"))
    during = ticks[0] - before
    done.set()
    t.join()
    assert probs["de"] > 0.9
    assert during >= 5, f"another Python thread ran only {during} times during identify"


class _HeldIdentify(Spy):
    """base whose language check finishes only when the test lets it (a loaded machine)."""

    def __init__(self, model, log, name, release):
        super().__init__(model, log, name)
        self.release = release

    def identify(self, x, candidates, **kw):
        assert self.release.wait(120), "the test never released the language check"
        return super().identify(x, candidates, **kw)


def test_a_sentence_decoded_in_english_while_the_call_switched_is_decoded_again(
    tiny, base, speaker
):
    """A German caller goes on speaking while the first check runs (under load it took
    seconds): the second sentence, begun in English, reaches the runtime in German."""
    import threading

    log: list[str] = []
    release = threading.Event()
    pool = DecodePool(
        [{"en": Spy(tiny, log, "tiny"), "multi": _HeldIdentify(base, log, "base", release)}]
    )
    try:
        rec = StreamingRecognizer.from_config(pool, MediaConfig(), languages=("en", "de"))
        x = np.concatenate(
            (
                speaker.german("Kann ich meinen Hund mitnehmen?"),
                speaker.german("Ich möchte ein Doppelzimmer buchen."),
            )
        )
        events = []
        for i in range(0, x.size, 320):
            events += rec.feed(x[i : i + 320])
        assert rec.call_lang == "en"  # both sentences were heard before the check could answer
        release.set()
        finals = _finals(events + rec.close())
    finally:
        release.set()
        pool.close()
    assert len(finals) == 2, [(f.text, f.lang) for f in finals]
    first, second = finals
    assert first.lang == second.lang == "de", [(f.text, f.lang) for f in finals]
    assert "doppelzimmer" in words(second.text), second
    assert "base:transcribe:de" in log


class _Unsure(Spy):
    """tiny.en as a phone line makes it: every English transcript comes out unsure."""

    def transcribe(self, x, **kw):
        from dataclasses import replace

        return replace(super().transcribe(x, **kw), confidence=0.3)


def _identifies(tiny, base, speaker, **config) -> tuple[list[str], StreamingRecognizer]:
    log: list[str] = []
    models = {"en": _Unsure(tiny, log, "tiny"), "multi": Spy(base, log, "base")}
    rec = StreamingRecognizer.from_config(
        InlineDecoder(models, language="auto-en"), MediaConfig(**config), languages=("en", "de")
    )
    x = np.concatenate((speaker.english(BOOKING), speaker.english("Can I bring my dog?")))
    finals = _finals(feed_all(rec, x))
    assert [f.lang for f in finals] == ["en", "en"]
    return log, rec


def test_a_check_that_finds_english_plainly_ends_the_checks_of_the_call(tiny, base, speaker):
    """Each check is a base pass over a 30 s window; an English caller whom tiny.en hears
    unsure on every turn pays for checks on the first turn only."""
    settled, rec = _identifies(tiny, base, speaker)
    assert rec.call_lang == "en" and not rec._checking
    # the second utterance is decoded by tiny.en alone: nothing is checked after its decode
    assert settled[-1] == "tiny:transcribe:en" and settled[-2] == "base:identify", settled
    # a check never sure enough (settled_by_check 1.0) leaves the checks on: the second
    # utterance is checked too
    unsettled, rec = _identifies(tiny, base, speaker, asr_settled_by_check=1.0)
    assert rec._checking
    assert unsettled[-1] == "base:identify", unsettled
    assert unsettled.count("base:identify") > settled.count("base:identify")


class _Moderate(Spy):
    """tiny.en writing a German caller as English words at moderate confidence (0.632 was
    seen, above media.asr_identify_below): its words pinned to what it really wrote for an
    espeak-ng "Danke schön, auf Wiedersehen." (decoding varies with the cut), the audio
    and base's check real."""

    def __init__(self, model, log, name, text: str | None):
        super().__init__(model, log, name)
        self.text = text

    def transcribe(self, x, **kw):
        from dataclasses import replace

        r = super().transcribe(x, **kw)
        if not r.text:
            return r
        return replace(r, text=self.text or r.text, confidence=max(r.confidence, 0.7))


def _moderate(tiny, base, x, text=None, **config) -> tuple[list, list[str], StreamingRecognizer]:
    log: list[str] = []
    models = {"en": _Moderate(tiny, log, "tiny", text), "multi": Spy(base, log, "base")}
    rec = StreamingRecognizer.from_config(
        InlineDecoder(models, language="auto-en"), MediaConfig(**config), languages=("en", "de")
    )
    return _finals(feed_all(rec, x)), log, rec


def test_english_words_that_do_not_read_as_english_are_checked(tiny, base, speaker):
    """A German caller whom tiny.en writes as fairly confident English nonsense is checked
    by the words (media/asr/plausible.py) and switched to German; without that trigger the
    call stays English and the nonsense reaches the runtime."""
    x = speaker.german("Kann ich meinen Hund mitnehmen?")
    heard = "Thank you, Shoon. I'll feed them in."
    finals, log, rec = _moderate(tiny, base, x, heard)
    assert "base:identify" in log and rec.call_lang == "de", (log, [f.text for f in finals])
    assert finals and finals[-1].lang == "de", finals
    assert words(finals[-1].text)[:3] == ["kann", "ich", "meinen"], finals
    finals, log, rec = _moderate(tiny, base, x, heard, asr_check_implausible=False)
    assert "base:identify" not in log and rec.call_lang == "en"
    assert [f.text for f in finals] == [heard]


def test_plausible_english_at_moderate_confidence_is_not_checked(tiny, base, speaker):
    finals, log, rec = _moderate(tiny, base, speaker.english(BOOKING))
    assert [f.lang for f in finals] == ["en"]
    assert log and all(e == "tiny:transcribe:en" for e in log), log
