"""A session's state as files: weights as JSON (with the configuration that
produced them, so the run can be reproduced, and what training goes on with,
so that a loaded file trains on exactly as the session would have) and the
loss history as CSV; and a session made again from such a weights file."""
import csv
import io
import json
from dataclasses import asdict

import numpy as np

from .config import Config
from .datasets import OWN
from .session import TrainingSession
from .snapshot import OK

# 4 MB as the uploader counts them (MiB); the largest network the core trains,
# with Adam mid-epoch on 20,000 points, writes 2.0 MB.
MAX_WEIGHTS_CHARS = 4 * 2**20


def weights_json(session):
    """Strict JSON text (no NaN or Infinity, which JavaScript's JSON.parse refuses):
    {"config": {...}, "epoch": n, "status": "ok", "params": {"W1": [[...]], "b1": [[...]], ...},
    "surgery": {"switched_off": [[layer, unit], ...], "frozen": [...]}, "training": {...}}
    ("training": see TrainingSession.training_state).

    A diverged network's weights are no longer numbers, so after a divergence
    the file holds the last good network instead, the one ``recover()`` goes
    back to: "status" is "diverged", "epoch" is that network's epoch,
    "diverged_at" the epoch where training diverged, and no "training" (the
    optimizer starts afresh, as after ``recover()``)."""
    epoch, params = session.epoch, session.params()
    record = {"config": asdict(session.config), "epoch": epoch, "status": session.status}
    if session.status != OK:
        record["epoch"], params = session.last_good()
        record["diverged_at"] = epoch
    record["params"] = {name: values.tolist() for name, values in params.items()}
    record["surgery"] = {"switched_off": session.surgery.switched_off, "frozen": session.surgery.frozen}
    if session.status == OK:
        record["training"] = session.training_state()
    return json.dumps(record, indent=1, allow_nan=False)


def _refuse_constant(name):
    raise ValueError(f"it holds {name}, which is not a number")


def read_weights(text):
    """The record of a weights file (text or bytes, as ``weights_json`` writes it):
    a dict with a "config", a whole "epoch" and "params".  ValueError saying what is
    wrong for anything else: too large, not JSON, NaN or infinite values."""
    if len(text) > MAX_WEIGHTS_CHARS:
        raise ValueError(f"it is too large ({len(text) / 2**20:.1f} MB; a weights file is at most "
                         f"{MAX_WEIGHTS_CHARS / 2**20:g} MB)")
    try:
        record = json.loads(text, parse_constant=_refuse_constant)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValueError("it is not a JSON file") from None
    except RecursionError:
        raise ValueError("it is nested too deeply") from None
    if not isinstance(record, dict) or not {"config", "epoch", "params"} <= record.keys():
        raise ValueError('it is not a weights file: it needs "config", "epoch" and "params"')
    epoch = record["epoch"]
    if isinstance(epoch, bool) or not isinstance(epoch, int) or epoch < 0:
        raise ValueError(f"its epoch {str(epoch)[:20]!r} is not a whole number of epochs")
    return record


def _config(record):
    settings = record["config"]
    if not isinstance(settings, dict):
        raise ValueError('its "config" is not a set of settings')
    try:
        return Config(**settings)
    except TypeError as error:  # a setting Config does not have
        raise ValueError(f"its settings do not fit: {error}") from None
    except ValueError as error:
        raise ValueError(f"its settings do not fit: {error}") from None


def _parameters(record, session):
    """(W, b) of the record, each array checked against ``session``'s network."""
    params, wanted = record["params"], session.params()
    if not isinstance(params, dict) or sorted(params) != sorted(wanted):
        raise ValueError(f"its parameters are not those of its network ({', '.join(wanted)})")
    arrays = {}
    for name, mine in wanted.items():
        try:
            arrays[name] = np.array(params[name], dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"its {name} is not a matrix of numbers") from None
        if arrays[name].shape != mine.shape:
            raise ValueError(f"its {name} has shape {arrays[name].shape}, but its network's {name} is {mine.shape}")
        if not np.isfinite(arrays[name]).all():
            raise ValueError(f"its {name} holds values that are not finite numbers")
    layers = range(1, len(session.W) + 1)
    return [arrays[f"W{l}"] for l in layers], [arrays[f"b{l}"] for l in layers]


def session_from_json(text, data=None):
    """A TrainingSession that goes on from the weights file ``text`` (see
    ``weights_json``, or made by the core in a notebook): its config, its
    parameters at its epoch, its surgery, and (when the file has it) its
    training state, so that it trains on bit for bit as the saved session would.
    ``data``: the points of a file made on your own points ("own" data set).
    ValueError with a sentence on what does not fit, for any other file."""
    record = read_weights(text)
    config = _config(record)
    session = TrainingSession(config, data=data) if data is not None and config.dataset == OWN else None
    if session is None:
        if config.dataset == OWN:
            raise ValueError("it was trained on your own points, which it does not hold: choose "
                             "Your own points and load those points first")
        session = TrainingSession(config)
    W, b = _parameters(record, session)
    session.resume(record["epoch"], W, b, record.get("training"))
    surgery = record.get("surgery") or {}
    try:
        for layer, unit in surgery.get("switched_off", ()):
            session.switch_off(int(layer), int(unit))
        for layer, unit in surgery.get("frozen", ()):
            session.freeze(int(layer), int(unit))
    except (TypeError, ValueError, AttributeError) as error:
        raise ValueError(f"its surgery does not fit the network ({error})") from None
    return session


def loss_csv(session):
    """CSV text with columns epoch, train_loss, test_loss (empty without a test set)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["epoch", "train_loss", "test_loss"])
    test = session.test_loss
    for epoch, train in enumerate(session.train_loss):
        writer.writerow([epoch, repr(float(train)), "" if test is None else repr(float(test[epoch]))])
    return out.getvalue()
