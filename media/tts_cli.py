"""``sovren say``: speak a text into a WAV file with the configured voices.

Why through the playback sink: the file is written exactly as a call would
hear it (20 ms frames at the call's rate), and the same timing report (time
to first audio, which voice spoke each sentence) comes out.
"""

from __future__ import annotations

import argparse
import sys

from config.errors import SovrenError
from config.registry import names
from config.sections.voices import VOICES


class SayError(SovrenError):
    code = "say_failed"
    next_step = "pass the words to say (or '-' for standard input); `sovren say --help`"


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "say",
        help="speak TEXT into a WAV file (" + ", ".join(v.title for v in VOICES) + ")",
        description=(
            "Synthesize TEXT sentence by sentence and write it as a mono 16-bit WAV at the call "
            "rate. Without --voice the configured voice and its fallbacks are used."
        ),
    )
    p.add_argument("text", metavar="TEXT", help="what to say; '-' reads it from standard input")
    p.add_argument(
        "--voice",
        choices=names(VOICES),
        help="use exactly this voice (default: media.tts_voice, then media.tts_fallbacks)",
    )
    p.add_argument("--lang", default="en", help="language code of TEXT (default en; e.g. de)")
    p.add_argument(
        "--rate",
        type=int,
        choices=(8000, 16000, 24000, 48000),
        help="sample rate (default media.tts_call_rate)",
    )
    p.add_argument("--out", required=True, metavar="FILE.wav", help="WAV file to write")
    p.set_defaults(func=_say)


def _say(args: argparse.Namespace) -> int:
    from fabric.config_choice import cli_settings
    from media.playback import PlaybackSink, WavOut
    from media.tts.chain import FallbackChain
    from media.tts.factory import build_backend, build_chain

    text = sys.stdin.read() if args.text == "-" else args.text
    if not text.strip():
        raise SayError(
            "nothing to say: TEXT is empty (pass the words, or '-' to read standard input)"
        )
    settings = cli_settings(args, follow_runtime=False, quiet=True)
    media = settings.media
    rate = args.rate or media.tts_call_rate
    if args.voice:
        chain = FallbackChain([build_backend(args.voice, media, settings.data_dir)])
    else:
        chain = build_chain(media, data_dir=settings.data_dir)
    chain.voice_for(args.lang)  # unsupported language: a clear error before any file is made
    with WavOut(args.out, rate) as out:
        report = PlaybackSink(out, rate, frame_ms=media.playback_frame_ms, realtime=False).play(
            chain.synthesize_stream(text, args.lang, rate), text=text, lang=args.lang
        )
    for alert in chain.alerts:
        print(f"sovren: warning: {alert.message} ({alert.evidence.get('error')})", file=sys.stderr)
    if report.error is not None:
        raise SayError(f"speech synthesis failed: {report.error}")
    voices = ", ".join(sorted(set(report.backends))) or "none"
    first = f"{report.first_audio_s * 1000:.0f} ms" if report.first_audio_s is not None else "n/a"
    print(
        f"wrote {args.out}: {report.played_ms / 1000:.2f} s at {rate} Hz, "
        f"{len(report.requested)} sentence(s), voice {voices}, first audio after {first}"
    )
    return 0
