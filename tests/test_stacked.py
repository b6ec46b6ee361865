"""Seeds trained as one stacked computation (core/stacked.py, issue 16) end bit for
bit as their own TrainingSessions do: parameters, every epoch's losses, the last
gradients, status and message, and the snapshot drawn from them.  NumPy's batched
matrix product runs BLAS once per run on the same operands, so the summation
order is unchanged and the comparison is exact (no tolerance)."""
import itertools

import numpy as np
import pytest

from core import ACTIVATIONS, OPTIMIZERS, OUTPUT_LOSSES, PENALTIES, Config, TrainingSession
from core.datasets import own_dataset
from core.experiments import SeedSweep, seed_sweep
from core.stacked import StackedRuns, side_by_side_layers

SEEDS = [0, 5, 11]
DATASET_FOR = {"sigmoid-mse": "moons", "sigmoid-bce": "xor", "softmax-ce": "three-classes", "linear-mse": "plane"}


def assert_same_run(snap, session):
    """A stacked run's Snapshot against the session of its seed, trained as far."""
    alone = session.snapshot(snap.grid_x.size)
    assert (snap.epoch, snap.status, snap.message, snap.config) == (alone.epoch, alone.status, alone.message,
                                                                     alone.config)
    assert np.array_equal(snap.train_loss, alone.train_loss)
    if alone.test_loss is None:
        assert snap.test_loss is None
    else:
        assert np.array_equal(snap.test_loss, alone.test_loss)
    for part in ("params", "gradients"):
        mine, theirs = getattr(snap, part), getattr(alone, part)
        assert mine.keys() == theirs.keys()
        for name in theirs:
            assert np.array_equal(mine[name], theirs[name], equal_nan=True), (part, name)
    assert np.array_equal(snap.grid_output, alone.grid_output, equal_nan=True)
    assert snap.train_accuracy == alone.train_accuracy


def stacked_and_alone(config, seeds, epochs, data=None):
    """Snapshots of the stacked runs by seed, and each seed's session trained alone."""
    stack = StackedRuns(config, seeds, data, resolution=6)
    stack.step(epochs)
    stack.finish()
    sessions = {}
    for seed in seeds:
        sessions[seed] = TrainingSession(config, data=data, seed=seed)
        sessions[seed].step(epochs)
    return {snap.config.seed: snap for snap in stack.left}, sessions


COMBINATIONS = list(itertools.product(ACTIVATIONS, OUTPUT_LOSSES, OPTIMIZERS))


@pytest.mark.parametrize("activation, output, optimizer", COMBINATIONS)
def test_every_registry_combination_stacked_is_bit_for_bit_each_session(activation, output, optimizer):
    # Penalties, mini-batches and test points take turns over the combinations.
    turn = COMBINATIONS.index((activation, output, optimizer))
    penalty = list(PENALTIES)[turn % len(PENALTIES)]
    config = Config(dataset=DATASET_FOR[output], n_points=24, test_fraction=0.25 * (turn % 2), hidden=(3, 2),
                    activation=activation, output=output, optimizer=optimizer, lr=0.05,
                    batch_size=(0, 5, 1, 18)[turn % 4], regularization=penalty,
                    reg_rate=0.0 if penalty == "none" else 0.01, reduction=("mean", "sum")[turn // 4 % 2])
    snaps, sessions = stacked_and_alone(config, SEEDS, 12)
    assert sorted(snaps) == SEEDS
    for seed in SEEDS:
        assert_same_run(snaps[seed], sessions[seed])


@pytest.mark.parametrize("layer_sizes, side_by_side", [
    ([2, 5, 3, 2], [True, True, True]),     # the playground's first run: every layer side by side
    ([2, 2, 1], [False, False]),            # one output: a matrix-vector product and a pairwise sum
    ([2, 4, 1, 3], [False, False, False]),  # next to a layer of one unit
    ([1, 4, 3], [False, True]),             # next to an input of one feature
    ([2, 6, 8], [True, False]),             # eight outputs: NumPy sums a row of eight pairwise
])
def test_layers_go_side_by_side_only_where_the_arithmetic_stays_each_runs(layer_sizes, side_by_side):
    assert side_by_side_layers(layer_sizes) == side_by_side


FOUR_CLASSES = own_dataset(np.array([[-1.0, -1.0], [1.0, 1.0], [1.0, -1.0], [-1.0, 1.0], [0.2, 0.1], [0.5, -0.4],
                                     [-0.6, 0.3], [0.1, 0.9]]), [0, 1, 2, 3, 0, 1, 2, 3])


@pytest.mark.parametrize("config, data", [
    (Config(dataset="moons", hidden=(5, 3), activation="tanh", lr=0.1), None),  # FIRST_RUN, 200 points
    (Config(dataset="moons", n_points=60, hidden=(5, 3), batch_size=7, optimizer="adam"), None),
    (Config(dataset="three-classes", n_points=40, hidden=(4, 1, 3), activation="relu", lr=0.3), None),
    (Config(dataset="moons", n_points=40, features=("x1",), hidden=(4, 3), test_fraction=0.25), None),
    (Config(dataset="own", hidden=(3, 2), activation="sigmoid", lr=0.5), FOUR_CLASSES),
])
def test_side_by_side_and_run_after_run_layers_stack_exactly(config, data):
    snaps, sessions = stacked_and_alone(config, SEEDS, 40, data=data)
    for seed in SEEDS:
        assert_same_run(snaps[seed], sessions[seed])


def test_learning_rate_decay_and_no_hidden_layer_stack_exactly():
    config = Config(dataset="moons", n_points=30, hidden=(), lr=0.5, lr_decay=0.1, optimizer="momentum")
    snaps, sessions = stacked_and_alone(config, SEEDS, 20)
    for seed in SEEDS:
        assert_same_run(snaps[seed], sessions[seed])


@pytest.mark.parametrize("batch_size, lr", [(0, 1.0), (8, 4.0)])
def test_diverged_runs_stop_where_their_sessions_stop_and_the_others_go_on(batch_size, lr):
    config = Config(dataset="moons", n_points=40, hidden=(6,), activation="relu", lr=lr, reduction="sum",
                    batch_size=batch_size)
    seeds = list(range(8))
    stack = StackedRuns(config, seeds, resolution=6)
    stack.step(60)
    diverged = [snap for snap in stack.left if snap.status == "diverged"]
    assert 0 < len(diverged) < len(seeds) and stack.size == len(seeds) - len(diverged)
    assert len({snap.epoch for snap in diverged}) > 1  # at different epochs, and each where its session did
    assert stack.epoch == 60
    stack.finish()
    for snap in stack.left:
        session = TrainingSession(config, seed=snap.config.seed)
        session.step(60)
        assert_same_run(snap, session)


def test_stacked_training_in_zero_budget_slices_is_training_in_one_go():
    config = Config(dataset="moons", n_points=45, hidden=(4,), batch_size=5, optimizer="adam")
    whole = StackedRuns(config, SEEDS)
    whole.step(4)
    sliced = StackedRuns(config, SEEDS)
    while sliced.epoch < 4:
        before = sliced.updates
        sliced.step(4 - sliced.epoch, time_budget=0.0)
        assert sliced.updates == before + 1  # one stacked update a call: the work a call can ask for is bounded
    assert sliced.updates == whole.updates == 4 * 9
    for a, b in zip(whole.W + whole.b, sliced.W + sliced.b):
        assert np.array_equal(a, b)


def test_own_points_go_to_every_stacked_run():
    points = np.array([[-1.0, -1.0], [1.0, 1.0], [1.0, -1.0], [-1.0, 1.0], [0.2, 0.1]])
    data = own_dataset(points, [0, 0, 1, 1, 0])
    config = Config(dataset="own", hidden=(4,), lr=1.0)
    snaps, sessions = stacked_and_alone(config, SEEDS, 30, data=data)
    for seed in SEEDS:
        assert np.array_equal(snaps[seed].data.X_train, points)
        assert_same_run(snaps[seed], sessions[seed])


def test_a_whole_sweep_stacks_its_seeds_and_matches_them_one_by_one():
    config = Config(dataset="xor", hidden=(2,), activation="sigmoid", output="sigmoid-mse", init="normal",
                    lr=0.1, reduction="sum")
    seeds = list(range(12))
    sweep = SeedSweep(config, seeds, 300, resolution=5)
    sizes = []
    while not sweep.finished:
        sweep.step()
        sizes.append(len(sweep.runs))
    assert sizes == [12]
    one_by_one = SeedSweep(config, seeds, 300, resolution=5)
    while not one_by_one.finished:
        one_by_one.step(time_budget=0.0)  # one update of one seed a call: seeds one at a time
    for a, b in zip(sweep.runs, one_by_one.runs):
        assert (a.seed, a.final_loss, a.accuracy) == (b.seed, b.final_loss, b.accuracy)
        assert np.array_equal(a.snapshot.train_loss, b.snapshot.train_loss)
    assert [r.seed for r in seed_sweep(config, seeds, 300, resolution=5)] == seeds


def test_a_large_setup_stacks_only_the_seeds_whose_buffers_fit():
    config = Config(dataset="moons", n_points=2000, hidden=(64,))
    per_seed = 4 * 8 * 2000 * (64 + 2)  # z, a, δ, f' of both layers
    assert StackedRuns(config, range(10), most_bytes=3 * per_seed).seeds == [0, 1, 2]
    assert StackedRuns(config, range(10), most_bytes=per_seed // 2).seeds == [0]  # always one
