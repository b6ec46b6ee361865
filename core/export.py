"""A session's state as files: weights as JSON (with the configuration that
produced them, so the run can be reproduced) and the loss history as CSV."""
import csv
import io
import json
from dataclasses import asdict

from .snapshot import OK


def weights_json(session):
    """Strict JSON text (no NaN or Infinity, which JavaScript's JSON.parse refuses):
    {"config": {...}, "epoch": n, "status": "ok", "params": {"W1": [[...]], "b1": [[...]], ...}}.

    A diverged network's weights are no longer numbers, so after a divergence
    the file holds the last good network instead, the one ``recover()`` goes
    back to: "status" is "diverged", "epoch" is that network's epoch and
    "diverged_at" the epoch where training diverged."""
    epoch, params = session.epoch, session.params()
    record = {"config": asdict(session.config), "epoch": epoch, "status": session.status}
    if session.status != OK:
        record["epoch"], params = session.last_good()
        record["diverged_at"] = epoch
    record["params"] = {name: values.tolist() for name, values in params.items()}
    return json.dumps(record, indent=1, allow_nan=False)


def loss_csv(session):
    """CSV text with columns epoch, train_loss, test_loss (empty without a test set)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["epoch", "train_loss", "test_loss"])
    test = session.test_loss
    for epoch, train in enumerate(session.train_loss):
        writer.writerow([epoch, repr(float(train)), "" if test is None else repr(float(test[epoch]))])
    return out.getvalue()
