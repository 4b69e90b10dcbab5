"""Audio, speech recognition and synthesis (read by media/).

The voices and the voice-activity detectors are registries
(config/sections/voices.py, config/sections/vads.py): ``tts_voice``,
``tts_fallbacks`` and ``vad_backend`` select by name, and each part's own
settings sit under its name (``media.piper.threads``, ``media.webrtc.aggressiveness``),
added to ``MediaConfig`` from the registries. The flat keys they replaced
(``tts_piper_threads``…) are refused with the new key's name: no site file used them.
"""

from typing import Any, Literal

from pydantic import BaseModel, Field, create_model, model_validator

from config.registry import nested_fields
from config.sections.vads import VADS, VadName
from config.sections.voices import VOICES, VoiceName

# Old flat key -> its nested place ("tts_piper_threads" -> "piper.threads"), from the registries.
RENAMED: dict[str, str] = {
    **{
        f"tts_{v.name}_{f}": f"{v.name}.{f}"
        for v in VOICES
        if v.settings is not None
        for f in v.settings.model_fields
    },
    **{
        f"vad_{d.name}_{f}": f"{d.name}.{f}"
        for d in VADS
        if d.settings is not None
        for f in d.settings.model_fields
    },
}


class _MediaBase(BaseModel):
    model_config = {"extra": "forbid"}

    @model_validator(mode="before")
    @classmethod
    def _renamed_keys(cls, data: Any) -> Any:
        if isinstance(data, dict):
            old = [k for k in data if k in RENAMED]
            if old:
                raise ValueError(
                    "; ".join(f"media.{k} is now media.{RENAMED[k]}" for k in old)
                    + " (docs/configuration.md, Backends)"
                )
        return data

    # --- audio in, voice activity, speech recognition (media/audio, media/vad, media/asr)
    # A ggml file path, or the name of a packaged model ("tiny.en", "base") that
    # `sovren models prepare` converts into <data_dir>/models. None: tiny.en when
    # asr_language is "en" or "auto-en", else base (multilingual).
    whisper_model: str | None = None
    # The multilingual model an "auto-en" call switches to (None: base).
    whisper_model_multilingual: str | None = None
    # Language of the callers: "auto-en" (default: English with tiny.en; a call whose
    # caller is unsure English is checked among hotel.languages on base and, when it is
    # another of them, decoded by base in that language from then on), "en", "de", ...
    # (fixed), or "auto" (base, whisper's detection per utterance over all languages).
    asr_language: str = Field("auto-en", pattern=r"^(auto|auto-en|[a-z]{2,3})$")
    # auto-en: an English utterance whose confidence is below this is checked for
    # another language (confident English costs nothing extra; docs/asr.md).
    asr_identify_below: float = Field(0.6, ge=0.0, le=1.0)
    # auto-en: an English utterance at or above that confidence is checked too when its
    # words do not read as English (media/asr/plausible.py; docs/asr.md).
    asr_check_implausible: bool = True
    # auto-en: the call is settled as English (no more checks) after an utterance of at
    # least this many words at >= asr_settled_confidence.
    asr_settle_words: int = Field(4, ge=1, le=50)
    asr_settled_confidence: float = Field(0.7, ge=0.0, le=1.0)
    # auto-en: a language check that finds English at least this probable settles the call
    # as English too. Each check is a base encoder pass over a 30 s window: a caller whom
    # tiny.en hears unsure on every turn (a phone line) paid it on every turn, and under
    # load that held transcripts back past the caller's patience (voice benchmark).
    asr_settled_by_check: float = Field(0.9, ge=0.0, le=1.0)
    # After a question for a confirmation number or a spelling, the answer is decoded with
    # whisper's prompt for characters (media/asr/hints.py code_prompt; measured in
    # BENCHMARKS.md "Session 6: codes by voice").
    asr_characters_prompt: bool = True
    # Search width of the decodes a turn's words come from (1: greedy; 2-8: beam search).
    # Partials stay greedy: nothing acts on them. BENCHMARKS.md "ASR: decoding choices"
    # and docs/asr.md ("Decoding") have the measurements behind the default.
    asr_beam_size: int = Field(1, ge=1, le=8)
    # Threads of a decode that runs alone; while several run, they share them.
    asr_threads: int = Field(2, ge=1, le=64)
    # Whisper contexts (each with its thread) the media worker decodes with, for all its
    # calls, most urgent first: two on two cores, so a caller who stopped speaking is
    # not kept waiting behind another call's decode (each holds the weights: ~75 MB
    # tiny.en, ~150 MB base). docs/asr.md has the measurements.
    asr_decoders: int = Field(2, ge=1, le=16)
    # Partial transcripts while the caller speaks, every this much new speech (0: none).
    # Off by default: nothing acts on a partial, and on two CPU cores each one is a
    # whole decode taken from the final (the decodes that shorten the final, at pauses
    # and at the first silence, run either way). docs/asr.md has the measurements.
    asr_partial_interval_ms: int = Field(0, ge=0, le=10_000)
    # Start the media worker with OpenMP's short active spin (media/asr/omp.py): two decode
    # threads then keep full speed; false leaves libgomp's defaults. An operator's own
    # OMP_WAIT_POLICY / GOMP_SPINCOUNT win either way.
    asr_omp_tuning: bool = True
    # A monologue is cut into utterances of at most this length (whisper's window is 30 s).
    asr_max_utterance_s: float = Field(20.0, ge=2.0, le=29.0)
    vad_backend: VadName = "silero"
    vad_threshold: float = Field(0.5, gt=0.0, lt=1.0)
    # Speech needed before onset fires (barge-in listens to this), and silence that ends a turn.
    vad_start_ms: int = Field(64, ge=10, le=1000)
    vad_end_silence_ms: int = Field(300, ge=60, le=3000)
    # A turn whose words end plainly unfinished ("I would like", "from the", "mein Name
    # ist") waits this much longer for more speech, which joins the same turn
    # (media/asr/turn_end.py); complete turns end after vad_end_silence_ms as before. 0: off.
    turn_hold_unfinished_ms: int = Field(700, ge=0, le=3000)
    # Audio kept from before the onset so the first syllable is not clipped.
    vad_pre_roll_ms: int = Field(200, ge=0, le=1000)

    # Record both sides of every audio call to <data_dir>/recordings/<call>/{caller,reply}.wav
    # (media/recording.py). Off by default: recordings are personal data a hotel keeps only
    # on purpose (and may have to announce to callers). They leave after
    # storage.retention_days.audio and with an erasure of the caller; the console plays
    # them to manager and admin accounts only (docs/console.md).
    record_calls: bool = False

    # --- speech synthesis, audio out, barge-in (media/tts, media/playback)
    # The voice tried first, then the fallbacks in order (a sentence a voice
    # fails on is spoken by the next one, with an alert).
    tts_voice: VoiceName = "piper"
    tts_fallbacks: list[VoiceName] = ["espeak"]
    # Rate of call audio (8000 narrow-band telephony, 16000 wide-band).
    tts_call_rate: Literal[8000, 16000, 24000, 48000] = 16000
    # Playback: 20 ms frames; barge-in stops playback when the caller starts speaking.
    playback_frame_ms: int = Field(20, ge=5, le=100)
    barge_in: bool = True
    # Speech the VAD must hear before it interrupts playback (live calls: the end-pointer's
    # early "onset", media/vad/endpoint.py). Shorter than vad_start_ms (turn taking):
    # 32 ms is one silero window, so playback stops one window sooner; a cough may stop it.
    barge_in_start_ms: int = Field(32, ge=10, le=500)
    # The speech probability that window needs. 0.5 (turn taking's): on line noise one
    # window at 0.25 fired more often than the two at 0.5 that stopped replies before, and
    # it was sooner than 0.5 on 3 of 11 utterances only (bench/barge_in_onset.py).
    barge_in_threshold: float = Field(0.5, gt=0.0, lt=1.0)


MediaConfig = create_model(
    "MediaConfig",
    __base__=_MediaBase,
    __module__=__name__,
    **nested_fields(VOICES),
    **nested_fields(VADS),
)
MediaConfig.__doc__ = __doc__
