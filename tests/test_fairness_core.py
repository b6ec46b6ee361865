"""Training bounded in time within an epoch (issue 12 item 7): a frame's budget
can stop an epoch between two mini-batch updates, and training cut into slices
is bit for bit the same as training in one go.  Budgets are checked by counting
updates, never by timing."""
import numpy as np
import pytest

from core import Config, TrainingSession
from core.datasets import own_dataset
from core.experiments import Lockstep, SeedSweep, seed_sweep
from core.explain import one_step

EPOCHS = 6


def small(batch_size, seed, **changes):
    """60 points (45 to train on), two hidden layers: a few hundred updates in all."""
    settings = dict(dataset="moons", n_points=60, test_fraction=0.25, hidden=(5, 3), lr=0.3)
    return Config(**(settings | changes), batch_size=batch_size, seed=seed)


def counting_updates(session):
    """Wrap the session's one-update method; returns the list its calls go to."""
    calls, update = [], session._update_from
    session._update_from = lambda X, T, cache=None: calls.append(len(X)) or update(X, T, cache)
    return calls


def assert_same_training(a, b):
    assert a.epoch == b.epoch
    for name, value in a.params().items():
        assert np.array_equal(value, b.params()[name]), name
    assert np.array_equal(a.train_loss, b.train_loss) and np.array_equal(a.test_loss, b.test_loss)


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
@pytest.mark.parametrize("seed", [0, 1, 7])
@pytest.mark.parametrize("batch_size", [1, 5, 0])
def test_training_in_tiny_slices_is_bit_for_bit_training_in_one_go(batch_size, seed, optimizer):
    whole = TrainingSession(small(batch_size, seed, optimizer=optimizer))
    assert whole.step(EPOCHS) == EPOCHS
    sliced = TrainingSession(small(batch_size, seed, optimizer=optimizer))
    calls, slices = counting_updates(sliced), 0
    while sliced.epoch < EPOCHS:
        sliced.step(EPOCHS - sliced.epoch, time_budget=0.0)  # one update a call
        slices += 1
    assert slices == len(calls) == EPOCHS * (1 if batch_size == 0 else -(-45 // batch_size))
    assert_same_training(sliced, whole)


def test_a_budget_of_zero_makes_exactly_one_update_and_counts_no_partial_epoch():
    session = TrainingSession(small(5, 0))
    calls = counting_updates(session)
    assert session.step(100, time_budget=0.0) == 0  # one update of nine: no epoch completed
    assert calls == [5] and session.epoch == 0 and len(session.train_loss) == 1
    assert session.epoch_progress == pytest.approx(5 / 45) and session.updates_left() == 8
    for _ in range(7):
        assert session.step(100, time_budget=0.0) == 0
    assert session.step(100, time_budget=0.0) == 1  # the ninth update completes the epoch
    assert session.epoch == 1 and len(session.train_loss) == 2 and session.epoch_progress == 0.0
    assert len(calls) == 9


def test_the_heaviest_link_setup_makes_one_update_on_a_zero_budget():
    session = TrainingSession(Config(dataset="spiral", n_points=20_000, hidden=(8,) * 6, batch_size=1))
    calls = counting_updates(session)
    assert session.step(1, time_budget=0.0) == 0
    assert len(calls) == 1 and session.epoch == 0 and session.epoch_progress == 1 / 20_000


def test_full_batch_epochs_are_one_update_each_and_a_zero_budget_still_completes_one():
    session = TrainingSession(small(0, 0))
    calls = counting_updates(session)
    assert session.step(50, time_budget=0.0) == 1 and calls == [45] and session.epoch_progress == 0.0
    assert session.step(4) == 4 and len(calls) == 5


def test_no_budget_or_a_generous_one_does_every_epoch_asked_for():
    session = TrainingSession(small(1, 0))
    calls = counting_updates(session)
    assert session.step(3, time_budget=None) == 3 and session.step(2, time_budget=1e6) == 2
    assert len(calls) == 5 * 45


def test_a_batch_size_changed_mid_epoch_applies_to_the_rest_of_that_epoch():
    session = TrainingSession(small(5, 0))
    calls = counting_updates(session)
    session.step(1, time_budget=0.0)
    session.update(batch_size=10)  # a live setting: the epoch goes on
    assert session.step(1) == 1 and calls == [5, 10, 10, 10, 10]  # 40 examples left
    session.step(1, time_budget=0.0)
    session.update(batch_size=0)  # full batch: the rest at once
    assert session.updates_left() == 1 and session.step(1) == 1 and calls[-2:] == [10, 35]


def test_new_points_or_a_recovery_drop_the_epoch_in_progress():
    session = TrainingSession(Config(dataset="moons", n_points=40, batch_size=4))
    session.step(1, time_budget=0.0)
    points = np.array([[0.0, 0.0], [1.0, 1.0], [1.0, 0.0], [0.0, 1.0]])
    session.use_data(own_dataset(points, [0, 0, 1, 1]))
    assert session.epoch_progress == 0.0 and session.updates_left() == 1  # 4 points: one batch of 4
    diverging = TrainingSession(Config(dataset="plane", hidden=(8, 8), activation="relu", lr=900.0,
                                       batch_size=10))
    diverging.step(300)
    assert diverging.status == "diverged"
    diverging.recover()
    diverging.step(1, time_budget=0.0)
    assert 0 < diverging.epoch_progress < 1
    diverging.recover()
    assert diverging.epoch_progress == 0.0


def test_one_step_in_the_middle_of_an_epoch_counts_the_updates_it_made():
    session = TrainingSession(small(5, 0))
    session.step(1, time_budget=0.0)
    session.step(1, time_budget=0.0)
    record = one_step(session)
    assert record.updates == 7 and session.epoch == 1


def test_lockstep_sliced_by_tiny_budgets_trains_each_session_as_alone_and_keeps_them_together():
    configs = [small(5, 0, hidden=(h,)) for h in (1, 4)] + [small(0, 0, hidden=(3,))]
    group = Lockstep(configs)
    while group.epoch < EPOCHS:
        group.step(2, time_budget=0.0)
        epochs = sorted(s.epoch for s in group.sessions)
        assert epochs[-1] - epochs[0] <= 1  # epoch for epoch
    assert {s.epoch for s in group.sessions} == {EPOCHS}
    for config, session in zip(configs, group.sessions):
        alone = TrainingSession(config)
        alone.step(EPOCHS)
        assert_same_training(session, alone)


def test_lockstep_with_a_zero_budget_makes_one_update_per_session():
    group = Lockstep([small(5, 0), small(1, 0)])
    calls = [counting_updates(s) for s in group.sessions]
    assert group.step(10, time_budget=0.0) == 0
    assert [len(c) for c in calls] == [1, 1] and group.target == 10 and not group.settled


def test_a_held_lockstep_catches_up_to_its_leader_and_stops_there():
    group = Lockstep([small(0, 0), small(1, 0)])  # one update an epoch, and 45
    calls = [counting_updates(s) for s in group.sessions]
    group.step(20, time_budget=0.0)
    assert [s.epoch for s in group.sessions] == [1, 0]
    group.hold()  # Pause
    assert group.target == 1
    while not group.settled:
        assert group.step(0, time_budget=0.0) in (0, 1)
    assert [s.epoch for s in group.sessions] == [1, 1] and [len(c) for c in calls] == [1, 45]
    assert group.step(0, time_budget=0.0) == 0 and [len(c) for c in calls] == [1, 45]  # held: nothing more


def test_a_seed_sweep_in_slices_finishes_each_run_as_in_one_go():
    config = small(5, 0)
    whole = seed_sweep(config, [3, 4, 5], EPOCHS, resolution=4)
    sweep = SeedSweep(config, [3, 4, 5], EPOCHS, resolution=4)
    progress, finished = [], []
    while not sweep.finished:
        finished += sweep.step(time_budget=0.0)
        progress.append(sweep.progress)
    assert len(progress) == 3 * EPOCHS * 9 and progress == sorted(progress) and progress[-1] == 1.0
    assert progress[0] == pytest.approx(5 / 45 / (3 * EPOCHS))
    assert [r.seed for r in finished] == [r.seed for r in sweep.runs] == [3, 4, 5]
    for a, b in zip(sweep.runs, whole):
        assert a.final_loss == b.final_loss and a.accuracy == b.accuracy
        assert np.array_equal(a.snapshot.train_loss, b.snapshot.train_loss)


def test_a_seed_sweep_trains_on_own_points_and_ends_a_diverged_run():
    points = np.array([[-1.0, -1.0], [1.0, 1.0], [1.0, -1.0], [-1.0, 1.0]])
    data = own_dataset(points, [0, 0, 1, 1])
    runs = seed_sweep(Config(dataset="own", hidden=(4,), lr=1.0), [0, 1], 30, resolution=4, data=data)
    assert all(np.array_equal(r.snapshot.data.X_train, points) for r in runs) and len(runs) == 2
    with pytest.raises(ValueError, match="'own' needs points"):
        seed_sweep(Config(dataset="own"), [0], 5)
    exploding = SeedSweep(Config(dataset="plane", hidden=(8, 8), activation="relu", lr=900.0), [0], 10**6)
    exploding.step()
    assert exploding.finished and exploding.runs[0].snapshot.status == "diverged"
