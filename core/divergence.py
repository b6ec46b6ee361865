"""Watching training for divergence, and the last good network to go back to."""
import math

import numpy as np

# A loss this many times above max(1, initial loss) counts as divergence.
EXPLOSION_FACTOR = 1e3
# Parameters are checkpointed at least this often (epochs), for recover().
CHECKPOINT_EVERY = 100


def finite(arrays):
    return all(np.isfinite(p).all() for p in arrays)


def explosion_limit(first_loss):
    """The loss above which a run whose first loss was ``first_loss`` counts as diverged."""
    return EXPLOSION_FACTOR * (max(1.0, first_loss) if math.isfinite(first_loss) else 1.0)


class LastGood:
    """The last checkpoint of the parameters (``epoch``, copies of ``W`` and ``b``)
    and the loss above which training counts as diverged, set from the first loss."""

    def __init__(self, epoch, W, b):
        self.limit = None
        self.keep(epoch, W, b)

    def keep(self, epoch, W, b):
        self.epoch, self.W, self.b = epoch, [w.copy() for w in W], [x.copy() for x in b]

    def due(self, epoch):
        """Whether a new checkpoint is due at ``epoch``."""
        return epoch - self.epoch >= CHECKPOINT_EVERY

    def set_limit(self, first_loss):
        self.limit = explosion_limit(first_loss)

    def exceeded(self, loss):
        """Whether ``loss`` is past the limit (NaN is; no limit is set before the first loss)."""
        return self.limit is not None and not loss < self.limit

    def message(self, epoch, what, lr):
        return (f"Training diverged at epoch {epoch}: {what}. "
                f"The learning rate ({lr:g}) is probably too high. "
                f"The network from epoch {self.epoch} is kept; recover to go back to it.")
