"""Many runs of one configuration: how robust is a setup to its starting weights?"""
from dataclasses import dataclass, replace

from .session import MAX_NEURONS, OK, Snapshot, TrainingSession


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


MAX_SWEEP = 8


def hidden_sizes(text):
    """Hidden-layer sizes from text such as "1, 2, 3, 4, 5, 20, 50": a tuple of
    1 to MAX_SWEEP whole numbers from 1 to MAX_NEURONS; ValueError says what is wrong."""
    parts = [p.strip() for p in str(text).replace(";", ",").split(",") if p.strip()]
    if not 1 <= len(parts) <= MAX_SWEEP:
        raise ValueError(f"give 1 to {MAX_SWEEP} sizes, separated by commas")
    sizes = []
    for part in parts:
        if not part.isdigit() or not 1 <= int(part) <= MAX_NEURONS:
            raise ValueError(f"{part[:20]!r} is not a size from 1 to {MAX_NEURONS}")
        sizes.append(int(part))
    return tuple(sizes)


class Lockstep:
    """Several sessions on the same data, trained epoch for epoch: the fair way
    to compare settings.  ``sessions[i]`` follows ``configs[i]``; ``data`` (own
    points) goes to all of them."""

    def __init__(self, configs, data=None):
        self.sessions = [TrainingSession(c, data=data) for c in configs]

    @property
    def epoch(self):
        return max(s.epoch for s in self.sessions)

    def step(self, epochs=1, time_budget=None):
        """Advance every session that has not diverged by the same number of
        epochs; at most about ``time_budget`` seconds in all.  Returns the epochs done."""
        live = [s for s in self.sessions if s.status == OK]
        if not live:
            return 0
        share = None if time_budget is None else time_budget / len(live)
        # The first that stays ok sets the pace within its share of the budget;
        # the others match it (one that diverges stops early, and sets no pace).
        done, pace = 0, None
        for session in live:
            done = session.step(epochs if pace is None else pace, share if pace is None else None)
            if pace is None and session.status == OK:
                pace = done
        return done if pace is None else pace

    def snapshots(self, resolution=40):
        return [s.snapshot(resolution) for s in self.sessions]
