"""Many runs of one configuration: how robust is a setup to its starting weights?"""
import time
from dataclasses import dataclass

from .limits import MAX_NEURONS
from .session import TrainingSession
from .snapshot import OK, Snapshot
from .stacked import StackedRuns

# Seeds trained in one stack at most: enough to share the per-update Python work
# out thin, few enough that runs are shown a stack at a time as they finish.
MOST_STACKED = 25
# A stack's training buffers stay under this size, so a large setup trains
# few seeds (or one) at a time rather than taking the server's memory.
STACK_BYTES = 64 * 2**20


@dataclass(frozen=True)
class SeedRun:
    seed: int
    final_loss: float
    accuracy: float  # training accuracy; None for regression
    snapshot: Snapshot


class SeedSweep:
    """``config`` trained once per weight seed in ``seeds`` for ``epochs`` epochs,
    in slices of bounded time (``step``): a long sweep can run live, be stopped
    between any two slices, and show runs as they finish.  Everything else stays
    the same; ``data`` (own points) goes to every run.  ``runs`` holds a SeedRun
    per finished seed, in the order they finished.

    Seeds train in stacks (core/stacked.py): several at once, as one computation
    whose every run ends exactly as its own TrainingSession would.  A stack's
    update, the smallest piece of work, is kept within the time budget, and its
    buffers within STACK_BYTES: a stack holds up to MOST_STACKED seeds, as many
    as fit in memory and, with a budget, as many as one update of each, at the
    cost measured in this sweep, fits in the budget; the first stack of a sweep
    with a budget, with nothing measured yet, holds one."""

    def __init__(self, config, seeds, epochs, data=None, resolution=30):
        self.config, self.seeds, self.epochs = config, [int(s) for s in seeds], int(epochs)
        self.data, self.resolution = data, resolution
        self.runs = []
        self._stack = None  # the seeds in training
        self._started = 0   # seeds handed to stacks so far
        self._update_seconds = None  # measured time of one seed's update within a stack

    @property
    def finished(self):
        return len(self.runs) == len(self.seeds)

    @property
    def progress(self):
        """Fraction (0 to 1) of the sweep's epochs trained, partial epochs included."""
        s = self._stack
        current = 0.0 if s is None else s.size * (s.epoch + s.epoch_progress)
        return (len(self.runs) * self.epochs + current) / (len(self.seeds) * self.epochs)

    def step(self, time_budget=None):
        """Train on for about ``time_budget`` seconds at most (None: to the end;
        at least one update is made); returns the SeedRuns this call finished."""
        deadline = None if time_budget is None else time.perf_counter() + time_budget
        before = len(self.runs)
        while not self.finished:
            if self._stack is None:
                self._stack = self._new_stack(time_budget)
            stack = self._stack
            left = None if deadline is None else max(0.0, deadline - time.perf_counter())
            started, updates, size = time.perf_counter(), stack.updates, stack.size
            stack.step(self.epochs - stack.epoch, left)
            if stack.updates > updates:
                self._update_seconds = (time.perf_counter() - started) / ((stack.updates - updates) * size)
            if stack.epoch >= self.epochs:
                stack.finish()
            self.runs += [SeedRun(s.config.seed, float(s.train_loss[-1]), s.train_accuracy, s) for s in stack.left]
            stack.left.clear()
            if not stack.size:
                self._stack = None
            if deadline is not None and time.perf_counter() >= deadline:
                break
        return self.runs[before:]

    def _new_stack(self, time_budget):
        fits = MOST_STACKED
        if time_budget is not None:
            fits = 1 if self._update_seconds is None else min(fits, int(time_budget / self._update_seconds))
        seeds = self.seeds[self._started:self._started + max(1, fits)]
        stack = StackedRuns(self.config, seeds, self.data, self.resolution, most_bytes=STACK_BYTES)
        self._started += stack.size
        return stack


def seed_sweep(config, seeds, epochs, resolution=30, data=None):
    """A whole SeedSweep in one go: the list of SeedRun."""
    sweep = SeedSweep(config, seeds, epochs, data, resolution)
    sweep.step()
    return sweep.runs


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
        self.target = 0  # the epoch every live session is being brought to

    @property
    def live(self):
        """The sessions that have not diverged."""
        return [s for s in self.sessions if s.status == OK]

    @property
    def epoch(self):
        """The epoch every live session has reached (with none live, the furthest any got)."""
        return min(s.epoch for s in self.live) if self.live else max(s.epoch for s in self.sessions)

    @property
    def settled(self):
        """Whether every live session is at ``target``."""
        return all(s.epoch == self.target for s in self.live)

    def step(self, epochs=1, time_budget=None):
        """Once every live session is at ``target``, set it ``epochs`` further;
        then train them towards it epoch for epoch: none starts an epoch until
        all have finished the one before, so they are never more than one epoch
        apart.  At most about ``time_budget`` seconds in all, though each session
        still behind makes at least one update (a budget of 0: exactly one each).
        ``step(0, budget)`` only goes on towards the target.  Returns the epochs
        the group advanced together (``epoch`` after minus before)."""
        start = self.epoch
        if self.settled:
            self.target += epochs
        deadline = None if time_budget is None else time.perf_counter() + time_budget
        while not self.settled:
            next_epoch = self.epoch + 1
            for session in self.live:
                if session.epoch < next_epoch:
                    left = None if deadline is None else max(0.0, deadline - time.perf_counter())
                    session.step(next_epoch - session.epoch, left)
            if deadline is not None and time.perf_counter() >= deadline:
                break
        return self.epoch - start

    def hold(self):
        """Make the nearest epoch that every live session can reach the target:
        the furthest one's (at most one epoch ahead), e.g. when paused."""
        self.target = max((s.epoch for s in self.live), default=self.target)

    def snapshots(self, resolution=40):
        return [s.snapshot(resolution) for s in self.sessions]
