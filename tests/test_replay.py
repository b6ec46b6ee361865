"""Replaying training from its recording."""
import numpy as np

from core import Config, TrainingSession


def test_replay_shows_the_network_exactly_as_it_was():
    session = TrainingSession(Config(dataset="moons", hidden=(5,), lr=0.5, test_fraction=0.2))
    session.step(40)
    then = session.snapshot(20)
    session.step(60)
    replay = session.snapshot(20, epoch=40)
    assert replay.epoch == 40 and len(replay.train_loss) == 41 and len(replay.test_loss) == 41
    for name in then.params:
        assert np.array_equal(replay.params[name], then.params[name])
    assert np.array_equal(replay.grid_output, then.grid_output)
    assert replay.train_accuracy == then.train_accuracy
    assert session.snapshot(20).epoch == 100  # the present is untouched


def test_recording_stays_within_its_budget_and_spans_the_whole_run():
    from core.replay import Recording
    session = TrainingSession(Config(dataset="moons", hidden=(64, 64, 64), n_points=50))
    session.recording = Recording(session.W, session.b, budget_bytes=700_000)
    session.recording.add(0, session.W, session.b)
    session.step(2000)
    epochs = session.recording.epochs()
    capacity = session.recording.capacity
    assert capacity // 2 <= len(epochs) <= capacity and session.recording.nbytes <= 700_000
    assert epochs[0] == 0 and 2000 - epochs[-1] < session.recording.every
    steps = np.diff(epochs)
    assert (steps == steps[0]).all()  # evenly spread
    # A replay between frames shows the last frame before it.
    assert session.snapshot(5, epoch=epochs[1] + 1).epoch == epochs[1]


def test_recover_forgets_frames_from_after_the_good_network():
    session = TrainingSession(Config(dataset="moons", lr=0.1, activation="relu"))
    session.step(150)
    session.update(lr=900.0)
    session.step(50)
    assert session.status == "diverged"
    session.recover()
    assert max(session.recording.epochs()) <= session.epoch
