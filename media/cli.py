"""``sovren models ...``: prepare the local model files the media worker needs.

Why a command: the runtime never converts or downloads anything behind the
operator's back at call time; ``models prepare`` does the one-time local work
(converting packaged whisper weights to ggml, with a progress bar) and says
where the files went. Subcommands are added by functions in
``MODELS_SUBCOMMANDS`` so each media part (ASR, TTS) owns its own.
"""

from __future__ import annotations

import argparse
import sys

from config.sections.recognizers import RECOGNIZERS, recognizer_names


def _add_prepare(sub) -> None:
    p = sub.add_parser(
        "prepare",
        help="convert the packaged whisper weights to ggml (once) and report the model files",
        description="Convert the whisper weights that installed packages ship ("
        + "; ".join(f"{r.name}: {', '.join(r.extra['pip'].values())}" for r in RECOGNIZERS)
        + ") into <data_dir>/models/ggml-<name>.bin. Nothing is downloaded.",
    )
    p.add_argument(
        "--asr",
        choices=[*recognizer_names(), "all", "configured"],
        default="configured",
        help="which whisper model (default: the ones the configuration uses)",
    )
    p.add_argument("--force", action="store_true", help="convert again even if a valid file exists")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_prepare)


def _prepare(args: argparse.Namespace) -> int:
    from fabric.config_choice import cli_settings
    from media.asr.convert import PACKAGED_MODELS, cached_model_path, convert, ensure_converted
    from media.asr.ggml_file import inspect_ggml
    from media.asr.whisper import model_names

    s = cli_settings(args, follow_runtime=False, quiet=True)
    if args.asr == "all":
        names = list(PACKAGED_MODELS)
    elif args.asr == "configured":
        # auto-en (the default) uses two: tiny.en, and base for callers of other languages
        names = []
        for name in dict.fromkeys(model_names(s.media).values()):
            if name in PACKAGED_MODELS:
                names.append(name)
                continue
            info = inspect_ggml(name)  # a configured file: check it, nothing to convert
            print(f"whisper model (configured file): {info.path} ({info.size:,} bytes), valid ggml")
    else:
        names = [args.asr]
    for name in names:
        if args.force:
            path = convert(
                PACKAGED_MODELS[name], cached_model_path(s.data_dir, name), progress=not args.quiet
            )
        else:
            path = ensure_converted(name, s.data_dir, progress=not args.quiet)
        info = inspect_ggml(path)
        kind = "multilingual" if info.multilingual else "English-only"
        print(f"whisper {name} ({kind}): {path} ({info.size:,} bytes)")
    sys.stdout.flush()
    return 0


# Functions adding subcommands under ``sovren models``; other media parts append theirs.
MODELS_SUBCOMMANDS = [_add_prepare]


def build_models_parser(subparsers) -> argparse.ArgumentParser:
    models = subparsers.add_parser("models", help="prepare and check local model files")
    sub = models.add_subparsers(dest="models_command", metavar="SUBCOMMAND")
    for add in MODELS_SUBCOMMANDS:
        add(sub)
    models.set_defaults(func=lambda args: (models.print_help(), 2)[1])
    return models


def register(subparsers) -> None:
    build_models_parser(subparsers)
