"""Speed of the core, as ratios measured in one run (never asserted in tests).

    python -m bench.core_speed            # prints a table, writes bench/results/core_speed.json

Compares one full-batch training epoch of ``core.TrainingSession`` with
(a) one epoch of scikit-learn's MLPClassifier (SGD, batch = all points) and
(b) a minimal hand-written NumPy forward/backward/update loop, on the same
network, and with (c) the same session recording its gradient norms, as the
playground does for the Look inside views; times a snapshot on a 100×100 grid against a 100 ms frame; and times
the Seeds page's 50 seeds, trained stacked (core.experiments.SeedSweep) against
50 TrainingSessions one after another, as the page trained them before.
"""
import json
import pathlib
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from core import FIRST_RUN, Config, TrainingSession, make_dataset, preset
from core.experiments import SeedSweep

RESULTS = pathlib.Path(__file__).resolve().parent / "results" / "core_speed.json"
FRAME_BUDGET_S = 0.1  # 10 frames per second


def best_per_call(fns, calls, repeats=9):
    """For each function, the smallest mean time per call (seconds) over ``repeats``
    batches of ``calls`` calls.  The functions take turns, so drift in the
    machine's load falls on all of them alike."""
    best = [float("inf")] * len(fns)
    for _ in range(repeats):
        for i, fn in enumerate(fns):
            t0 = time.perf_counter()
            fn(calls)
            best[i] = min(best[i], (time.perf_counter() - t0) / calls)
    return best


def minimal_loop(X, y, hidden, lr=0.1, seed=0):
    """The textbook loop: tanh hidden layer, sigmoid output, mean BCE gradients."""
    rng = np.random.RandomState(seed)
    W1, b1 = rng.randn(2, hidden) * 0.5, np.zeros((1, hidden))
    W2, b2 = rng.randn(hidden, 1) * 0.5, np.zeros((1, 1))
    t = y[:, None].astype(float)
    n = len(X)

    def run(epochs):
        nonlocal W1, b1, W2, b2
        for _ in range(epochs):
            a1 = np.tanh(X @ W1 + b1)
            a2 = 1.0 / (1.0 + np.exp(-(a1 @ W2 + b2)))
            d2 = (a2 - t) / n
            d1 = (d2 @ W2.T) * (1.0 - a1 * a1)
            W2 -= lr * (a1.T @ d2)
            b2 -= lr * d2.sum(axis=0, keepdims=True)
            W1 -= lr * (X.T @ d1)
            b1 -= lr * d1.sum(axis=0, keepdims=True)
    return run


def sklearn_epoch(X, y, hidden, epochs):
    clf = MLPClassifier(hidden_layer_sizes=(hidden,), activation="tanh", solver="sgd",
                        batch_size=len(X), learning_rate_init=0.1, momentum=0.0, alpha=0.0,
                        shuffle=False, max_iter=epochs, n_iter_no_change=epochs + 1, tol=0.0,
                        random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        t0 = time.perf_counter()
        clf.fit(X, y)
        return (time.perf_counter() - t0) / clf.n_iter_


def compare(points, hidden, epochs):
    data = make_dataset("moons", points, 0.2, 0.0, seed=0)
    X, y = data.X_train, data.y_train
    config = Config(dataset="moons", n_points=points, hidden=(hidden,), activation="tanh",
                    output="sigmoid-bce", lr=0.1)
    session, recording = TrainingSession(config), TrainingSession(config)
    recording.record_gradient_norms()  # as the playground trains: a Look inside view may ask for the norms
    core, recorded, minimal = best_per_call([session.step, recording.step, minimal_loop(X, y, hidden)], epochs)
    sklearn = min(sklearn_epoch(X, y, hidden, epochs * 3) for _ in range(5))
    return {"points": points, "hidden": hidden, "core_us": core * 1e6, "minimal_us": minimal * 1e6,
            "sklearn_us": sklearn * 1e6, "core_over_minimal": core / minimal,
            "core_over_sklearn": core / sklearn, "recording_us": recorded * 1e6, "recording_over_core": recorded / core}


def snapshot_cost(resolution=100):
    session = TrainingSession(Config(dataset="moons", hidden=(8,)))
    session.snapshot(resolution)  # builds the grid once, as the app does
    seconds, = best_per_call([lambda n: [session.snapshot(resolution) for _ in range(n)]], 20)
    return {"resolution": resolution, "snapshot_ms": seconds * 1e3,
            "share_of_100ms_frame": seconds / FRAME_BUDGET_S}


def sequential_seeds(config, seeds, epochs, resolution=30):
    """What the Seeds page did before stacking: one session per seed, in turn."""
    for seed in seeds:
        session = TrainingSession(config, seed=seed)
        session.step(epochs)
        session.snapshot(resolution)


def stacked_seeds(config, seeds, epochs, resolution=30):
    SeedSweep(config, seeds, epochs, resolution=resolution).step()


def seeds_cost(name, config, seeds=50, epochs=1000):
    """Seconds for ``seeds`` seeds of ``epochs`` epochs each, stacked and one by one (best of two, taking turns)."""
    stacked, sequential = best_per_call([lambda n: stacked_seeds(config, range(seeds), epochs),
                                         lambda n: sequential_seeds(config, range(seeds), epochs)], 1, repeats=2)
    return {"setup": name, "seeds": seeds, "epochs": epochs, "stacked_s": stacked, "sequential_s": sequential,
            "sequential_over_stacked": sequential / stacked}


def main():
    small, large = compare(200, 8, 2000), compare(10_000, 64, 40)
    snap = snapshot_cost()
    seeds = [seeds_cost("xor-tutorial", preset("xor-tutorial")), seeds_cost("playground's first run", FIRST_RUN)]
    results = {"small": small, "large": large, "snapshot": snap, "seeds": seeds,
               "targets": {"small_core_over_sklearn": 0.5, "small_core_over_minimal": 1.3,
                           "large_core_over_sklearn": 1.0, "snapshot_share": 0.1, "recording_over_core": 1.1,
                           "xor_seeds_sequential_over_stacked": 5.0, "first_run_seeds_sequential_over_stacked": 5.0}}
    results["met"] = (small["core_over_sklearn"] <= 0.5 and small["core_over_minimal"] <= 1.3
                      and large["core_over_sklearn"] <= 1.0 and snap["share_of_100ms_frame"] < 0.1
                      and all(row["recording_over_core"] <= 1.1 for row in (small, large))
                      and all(row["sequential_over_stacked"] >= 5.0 for row in seeds))
    for row in (small, large):
        print(f"{row['points']:>6} points, {row['hidden']:>2} hidden: core {row['core_us']:8.1f} µs/epoch | "
              f"minimal loop {row['minimal_us']:8.1f} | scikit-learn {row['sklearn_us']:8.1f} | "
              f"core/minimal {row['core_over_minimal']:.2f} | core/sklearn {row['core_over_sklearn']:.2f} | "
              f"gradient norms recorded {row['recording_us']:8.1f} µs/epoch = core x {row['recording_over_core']:.3f}")
    print(f"snapshot on a 100x100 grid: {snap['snapshot_ms']:.2f} ms "
          f"= {snap['share_of_100ms_frame']:.1%} of a 100 ms frame")
    for row in seeds:
        print(f"{row['seeds']} seeds x {row['epochs']} epochs, {row['setup']}: stacked {row['stacked_s']:.2f} s | "
              f"{row['seeds']} sequential sessions {row['sequential_s']:.2f} s | "
              f"sequential/stacked {row['sequential_over_stacked']:.1f}")
    print("targets met" if results["met"] else "TARGETS MISSED")
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
