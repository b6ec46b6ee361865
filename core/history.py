"""A loss per epoch, kept as training goes."""
import numpy as np


class LossHistory:
    """A growing float array; ``values()`` is a read-only view, so taking it every frame is free."""

    def __init__(self):
        self._buf, self._n = np.empty(1024), 0

    def set(self, k, value):
        if k >= len(self._buf):
            self._buf = np.concatenate([self._buf, np.empty(len(self._buf))])
        self._buf[k] = value
        self._n = k + 1

    def values(self):
        view = self._buf[:self._n]
        view.flags.writeable = False
        return view

    def truncated(self, n):
        """A new history holding the first n values (views of this one stay as they are)."""
        new = LossHistory()
        new._buf = np.concatenate([self._buf[:n], np.empty(max(n, len(new._buf)))])
        new._n = n
        return new
