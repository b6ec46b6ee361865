"""A saved network loaded again (core.export.session_from_json, issue 15): the
round trip is exact and training goes on bit for bit as the saved session would
have; a file that does not fit is refused with a sentence saying why."""
import json

import numpy as np
import pytest

from core import OPTIMIZERS, Config, TrainingSession
from core.export import MAX_WEIGHTS_CHARS, session_from_json, weights_json

CONFIG = Config(dataset="moons", n_points=80, hidden=(5, 3), lr=0.05, seed=3)


def same_bits(a, b):
    return all(x.tobytes() == y.tobytes() for x, y in zip(a.W + a.b, b.W + b.b))


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
@pytest.mark.parametrize("batch_size", [0, 7])
def test_export_then_load_trains_on_bit_for_bit(optimizer, batch_size):
    saved = TrainingSession(CONFIG, optimizer=optimizer, batch_size=batch_size, schedule="cosine",
                            schedule_epochs=40, clip_norm=1.0, layer_activations=("relu", "tanh"))
    saved.step(12)
    saved.step(1, time_budget=0)  # mid-epoch with mini-batches: the epoch in progress travels too
    saved.switch_off(1, 2)
    saved.freeze(2, 0)
    loaded = session_from_json(weights_json(saved))
    assert loaded.config == saved.config and loaded.epoch == saved.epoch
    assert same_bits(loaded, saved) and loaded.train_loss[-1] == saved.train_loss[-1]
    assert (loaded.surgery.switched_off, loaded.surgery.frozen) == ([(1, 2)], [(2, 0)])
    assert saved.step(25) == loaded.step(25) == 25
    assert same_bits(loaded, saved) and loaded.train_loss[-1] == saved.train_loss[-1]


def test_a_file_written_in_a_notebook_without_training_state_loads_at_its_epoch():
    session = TrainingSession(CONFIG)
    session.step(30)
    record = json.loads(weights_json(session))
    del record["training"], record["surgery"]  # as a hand-made file might be
    loaded = session_from_json(json.dumps(record).encode())
    assert loaded.epoch == 30 and same_bits(loaded, session)
    assert loaded.step(5) == 5 and loaded.epoch == 35  # full-batch gradient descent: the same steps
    session.step(5)
    assert same_bits(loaded, session)
    assert np.isnan(loaded.train_loss[:30]).all() and loaded.train_loss[30] == session.train_loss[30]


def test_a_diverged_session_saves_and_loads_its_last_good_network():
    session = TrainingSession(Config(dataset="plane", hidden=(8, 8), activation="relu", lr=900.0))
    session.step(200)
    assert session.status == "diverged"
    loaded = session_from_json(weights_json(session))
    epoch, params = session.last_good()
    assert loaded.epoch == epoch and loaded.status == "ok"
    assert all(np.array_equal(loaded.params()[name], value) for name, value in params.items())


def edited(change):
    """A good weights file, changed by ``change(record)``."""
    session = TrainingSession(CONFIG, optimizer="adam", batch_size=10)
    session.step(3)
    record = json.loads(weights_json(session))
    change(record)
    return json.dumps(record)


@pytest.mark.parametrize("text, says", [
    ("this is not json", "not a JSON file"),
    (b"\xff\xfe\x00garbage", "not a JSON file"),
    ("[1, 2, 3]", "not a weights file"),
    (edited(lambda r: r["params"]["W1"][0].__setitem__(0, "x")), "W1 is not a matrix of numbers"),
    (edited(lambda r: r["params"].__setitem__("W2", [[1.0]])), "W2 has shape (1, 1)"),
    (edited(lambda r: r["params"].pop("b2")), "not those of its network"),
    (edited(lambda r: r["config"].__setitem__("hidden", [9, 9])), "W1 has shape (2, 5)"),
    (edited(lambda r: r["config"].__setitem__("lr", -1)), "settings do not fit: lr"),
    (edited(lambda r: r["config"].__setitem__("colour", "red")), "settings do not fit"),
    (edited(lambda r: r.__setitem__("epoch", -4)), "not a whole number of epochs"),
    (edited(lambda r: r["training"]["optimizer"].__setitem__("m", [[1.0]])), "training state does not fit"),
    (edited(lambda r: r["training"].__setitem__("order", [0, 0, 1])), "training state does not fit"),
    (edited(lambda r: r["surgery"].__setitem__("frozen", [[7, 0]])), "surgery does not fit"),
    (edited(lambda r: r["config"].__setitem__("dataset", "own")), "your own points"),
])
def test_a_file_that_does_not_fit_is_refused_saying_why(text, says):
    with pytest.raises(ValueError, match=None) as refused:
        session_from_json(text)
    assert says in str(refused.value)


def test_nan_infinity_and_a_huge_file_are_refused():
    good = edited(lambda r: None)
    for bad in (good.replace("0.", "NaN, 0.", 1), good.replace("0.", "-Infinity, 0.", 1)):
        with pytest.raises(ValueError, match="not a number"):
            session_from_json(bad)
    with pytest.raises(ValueError, match="too large"):
        session_from_json(" " * (MAX_WEIGHTS_CHARS + 1))
    with pytest.raises(ValueError, match="nested too deeply"):
        session_from_json("[" * 100_000)
