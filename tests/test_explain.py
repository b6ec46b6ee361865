"""One training step, taken apart."""
import numpy as np

from core import Config, TrainingSession, preset


def test_one_full_batch_gradient_step_is_exactly_minus_lr_times_the_gradient():
    from core.explain import one_step
    session = TrainingSession(preset("xor-tutorial"))
    session.step(25)
    record = one_step(session)
    assert record.epoch == 25 and record.updates == 1 and session.epoch == 26
    for name, before in record.before.items():
        assert np.array_equal(record.after[name], before - session.config.lr * record.gradients[name])
        assert np.array_equal(record.change(name), record.after[name] - before)
    assert record.loss_after == session.train_loss[-1] != record.loss_before


def test_one_step_counts_mini_batch_updates_and_refuses_a_diverged_session():
    from core.explain import one_step
    session = TrainingSession(Config(dataset="moons", batch_size=30))
    assert one_step(session).updates == 7  # 200 points in batches of 30
    session = TrainingSession(Config(dataset="moons", lr=900.0, activation="relu"))
    session.step(100)
    assert session.status == "diverged" and one_step(session) is None
