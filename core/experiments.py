"""Many runs of one configuration: how robust is a setup to its starting weights?"""
from dataclasses import dataclass, replace

from .session import Snapshot, TrainingSession


@dataclass(frozen=True)
class SeedRun:
    seed: int
    final_loss: float
    accuracy: float  # training accuracy; None for regression
    snapshot: Snapshot


def seed_sweep(config, seeds, epochs, resolution=30):
    """Train ``config`` once per weight seed in ``seeds`` for ``epochs`` epochs.
    Everything else, data included, stays the same; returns a list of SeedRun."""
    runs = []
    for seed in seeds:
        session = TrainingSession(replace(config, seed=int(seed)))
        session.step(epochs)
        snap = session.snapshot(resolution)
        runs.append(SeedRun(int(seed), float(snap.train_loss[-1]), snap.train_accuracy, snap))
    return runs


def solved_share(runs, accuracy=1.0):
    """Fraction of runs whose training accuracy reached ``accuracy``."""
    return sum(r.accuracy is not None and r.accuracy >= accuracy for r in runs) / len(runs)
