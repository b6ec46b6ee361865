"""A session's state as files: weights as JSON (with the configuration that
produced them, so the run can be reproduced) and the loss history as CSV."""
import csv
import io
import json
from dataclasses import asdict


def weights_json(session):
    """JSON text: {"config": {...}, "epoch": n, "params": {"W1": [[...]], "b1": [[...]], ...}}."""
    return json.dumps({"config": asdict(session.config), "epoch": session.epoch,
                       "params": {name: values.tolist() for name, values in session.params().items()}},
                      indent=1)


def loss_csv(session):
    """CSV text with columns epoch, train_loss, test_loss (empty without a test set)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["epoch", "train_loss", "test_loss"])
    test = session.test_loss
    for epoch, train in enumerate(session.train_loss):
        writer.writerow([epoch, repr(float(train)), "" if test is None else repr(float(test[epoch]))])
    return out.getvalue()
