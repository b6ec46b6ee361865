"""Parameters kept during training, for replaying it: bounded in memory.

Every ``every``-th epoch's weights are kept.  When the kept frames would
exceed the memory budget, every other one is dropped and ``every`` doubles,
so a run of any length keeps between half and all of ``capacity`` frames,
spread evenly from epoch 0 to now.
"""
import numpy as np

BUDGET_BYTES = 4 * 2**20  # per session
MAX_FRAMES = 256


class Recording:
    """Copies of (W, b) by epoch; see the module docstring."""

    def __init__(self, W, b, budget_bytes=BUDGET_BYTES):
        frame_bytes = sum(w.nbytes for w in W) + sum(x.nbytes for x in b)
        self.capacity = int(max(8, min(MAX_FRAMES, budget_bytes // frame_bytes)))
        self.every = 1
        self.frames = {}

    def add(self, epoch, W, b):
        """Keep the parameters at ``epoch`` if it falls on the current interval
        (replacing what was kept for that epoch: a hand edit overrides training)."""
        if epoch % self.every:
            return
        self.frames[epoch] = (list(map(np.copy, W)), list(map(np.copy, b)))
        if len(self.frames) > self.capacity:
            self.every *= 2
            self.frames = {e: f for e, f in self.frames.items() if e % self.every == 0}

    def forget_after(self, epoch):
        """Drop frames later than ``epoch`` (training went back there)."""
        self.frames = {e: f for e, f in self.frames.items() if e <= epoch}

    def epochs(self):
        return sorted(self.frames)

    def at(self, epoch):
        """(recorded epoch, W, b): the last frame at or before ``epoch``."""
        kept = [e for e in self.frames if e <= epoch]
        if not kept:
            raise ValueError(f"no recorded epoch at or before {epoch}")
        e = max(kept)
        return (e, *self.frames[e])

    @property
    def nbytes(self):
        return sum(a.nbytes for W, b in self.frames.values() for a in (*W, *b))
