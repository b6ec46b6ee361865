"""Command-line use of the core, e.g. in a terminal during a lecture:

    python -m core train --preset xor-tutorial --epochs 10000 --log-every 1000
    python -m core train --preset britz-moons --hidden 5 --json
    python -m core list
"""
import argparse
import json
import sys
from dataclasses import asdict, replace

import numpy as np

from . import (ACTIVATIONS, DATASETS, FEATURES, INITIALIZERS, OPTIMIZERS, OUTPUT_LOSSES,
               PENALTIES, PRESET_EPOCHS, PRESETS, Config, TrainingSession, preset)
from .config import REDUCTIONS
from .nn import SCHEDULES
from .regions import PIECEWISE_LINEAR, linear_regions
from .snapshot import OK

DEFAULT_EPOCHS = 1000


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit status 2
        self.exit(2, f"{self.prog}: error: {message}\n")


def _int_list(text):
    try:
        return tuple(int(part) for part in text.split(",") if part.strip() != "") if text else ()
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected whole numbers separated by commas, got {text!r}") from None


def _name_list(text):
    return tuple(part.strip() for part in text.split(",") if part.strip())


# flag -> (Config field, type, choices or None, help)
_FLAGS = {
    "--dataset": ("dataset", str, DATASETS, "data set"),
    "--points": ("n_points", int, None, "number of points"),
    "--noise": ("noise", float, None, "noise level of the data set"),
    "--test-fraction": ("test_fraction", float, None, "share of points held out for testing"),
    "--data-seed": ("data_seed", int, None, "seed for the data"),
    "--features": ("features", _name_list, None, f"input features, comma separated: {', '.join(FEATURES)}"),
    "--hidden": ("hidden", _int_list, None, "hidden layer sizes, e.g. 5 or 8,8 (empty: none)"),
    "--activation": ("activation", str, ACTIVATIONS, "hidden activation"),
    "--layer-activations": ("layer_activations", _name_list, None,
                            "one hidden activation per hidden layer, comma separated (overrides --activation)"),
    "--output": ("output", str, OUTPUT_LOSSES, "output layer and loss"),
    "--init": ("init", str, INITIALIZERS, "weight initialisation"),
    "--seed": ("seed", int, None, "seed for initial weights and mini-batch order"),
    "--lr": ("lr", float, None, "learning rate"),
    "--optimizer": ("optimizer", str, OPTIMIZERS, "optimizer"),
    "--batch-size": ("batch_size", int, None, "mini-batch size (0: full batch)"),
    "--regularization": ("regularization", str, PENALTIES, "weight penalty"),
    "--reg-rate": ("reg_rate", float, None, "penalty rate"),
    "--lr-decay": ("lr_decay", float, None, "learning rate at epoch t is lr / (1 + decay·t)"),
    "--schedule": ("schedule", str, SCHEDULES, "learning-rate schedule (default: inverse-time with --lr-decay, "
                                               "else constant)"),
    "--schedule-factor": ("schedule_factor", float, None, "the step and exponential schedules' factor γ"),
    "--schedule-epochs": ("schedule_epochs", int, None, "epochs s of one step, or of the whole cosine"),
    "--clip-norm": ("clip_norm", float, None, "clip each update's gradient to this global norm (0: off)"),
    "--reduction": ("reduction", str, REDUCTIONS, "average (mean) or sum per-example gradients"),
}


def build_parser():
    parser = _Parser(prog="python -m core", description="Train the NN Playground's NumPy networks.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    train = commands.add_parser("train", help="train a network and print its loss")
    train.add_argument("--preset", choices=PRESETS, help="start from a tutorial's exact setup")
    train.add_argument("--epochs", type=int, help="epochs to train (default: the preset's, else %d)"
                       % DEFAULT_EPOCHS)
    train.add_argument("--log-every", type=int, default=0, help="print the loss every N epochs")
    train.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    for flag, (_, kind, choices, text) in _FLAGS.items():
        train.add_argument(flag, type=kind, choices=list(choices) if choices else None, help=text)
    commands.add_parser("list", help="list data sets, activations, losses, optimizers and presets")
    return parser


def _config(args):
    overrides = {f: getattr(args, flag[2:].replace("-", "_")) for flag, (f, *_) in _FLAGS.items()}
    overrides = {k: v for k, v in overrides.items() if v is not None}
    base = preset(args.preset) if args.preset else Config()
    return replace(base, **overrides)


def _train(args):
    epochs = args.epochs if args.epochs is not None else PRESET_EPOCHS.get(args.preset, DEFAULT_EPOCHS)
    if not 0 <= epochs <= 10_000_000:
        raise ValueError(f"epochs: must be between 0 and 10000000, got {epochs}")
    if args.log_every < 0:
        raise ValueError(f"log-every: must be 0 or more, got {args.log_every}")
    session = TrainingSession(_config(args))
    session.record_gradient_norms(args.json)
    every = args.log_every or max(1, epochs // 10)
    has_test = session.test_loss is not None

    def log_row():
        if not args.json:
            line = f"{session.epoch:>8}  {session.train_loss[-1]:>12.6f}"
            print(line + (f"  {session.test_loss[-1]:>12.6f}" if has_test else ""))

    if not args.json:
        print(f"{'epoch':>8}  {'loss':>12}" + (f"  {'test loss':>12}" if has_test else ""))
    log_row()
    while session.epoch < epochs and session.status == OK:
        session.step(min(every - session.epoch % every, epochs - session.epoch))
        log_row()
    snap = session.snapshot(resolution=2)
    if args.json:
        print(json.dumps({
            "preset": args.preset, "config": asdict(session.config), "epochs": session.epoch,
            "status": snap.status, "message": snap.message,
            "loss": _strict(session.train_loss),
            "test_loss": None if not has_test else _strict(session.test_loss),
            "train_accuracy": snap.train_accuracy, "test_accuracy": snap.test_accuracy,
            "train_metrics": _metrics(snap.train_metrics), "test_metrics": _metrics(snap.test_metrics),
            "gradient_norms": _strict(snap.gradient_norms), "regions": _region_count(session),
            "outputs": _strict(snap.train_output)}, allow_nan=False))
        return
    if snap.status != OK:
        print(snap.message)
    for name, value in (("train accuracy", snap.train_accuracy), ("test accuracy", snap.test_accuracy)):
        if value is not None:
            print(f"{name}: {value:.3f}")
    if len(snap.train_output) <= 16:
        print("outputs on the training inputs:")
        for point, out in zip(snap.data.X_train, snap.train_output):
            print(f"  {point} -> {out}")


def _strict(values):
    """``values`` as nested lists with null for NaN and infinity: a diverged run's
    numbers, which strict JSON (JavaScript's JSON.parse, jq) has no words for."""
    values = np.asarray(values, dtype=float)
    return np.where(np.isfinite(values), values, None).tolist()


def _metrics(metrics):
    if metrics is None:
        return None
    confusion = None if metrics.confusion is None else metrics.confusion.tolist()
    return {"confusion": confusion, **{name: None if value is None else _strict(value)
                                       for name, value in (("r2", metrics.r2), ("rmse", metrics.rmse))}}


def _region_count(session):
    """Linear regions on the plane, for a network of ReLU-like (or linear) hidden layers; else None."""
    if not session.config.hidden or not set(session.config.hidden_activations) <= PIECEWISE_LINEAR:
        return None
    return linear_regions(session).count


def _list():
    for title, registry in (("presets", PRESETS), ("datasets", DATASETS), ("activations", ACTIVATIONS),
                            ("outputs", OUTPUT_LOSSES), ("optimizers", OPTIMIZERS),
                            ("regularization", PENALTIES), ("initializations", INITIALIZERS),
                            ("schedules", SCHEDULES),
                            ("features", FEATURES)):
        print(f"{title}: {', '.join(registry)}")


def main(argv=None):
    args = build_parser().parse_args(argv)
    try:
        _train(args) if args.command == "train" else _list()
    except ValueError as error:
        print(f"python -m core: error: {error}", file=sys.stderr)
        return 2
    return 0
