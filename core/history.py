"""A loss (or a row of values, e.g. one per layer) per epoch, kept as training goes."""
import numpy as np


class LossHistory:
    """A growing float array, (epochs,) or (epochs, *row_shape); ``values()`` is a
    read-only view, so taking it every frame is free.  Rows skipped by ``set`` are NaN."""

    def __init__(self, row_shape=()):
        self._buf, self._n = np.empty((1024, *row_shape)), 0

    def set(self, k, value):
        while k >= len(self._buf):
            self._buf = np.concatenate([self._buf, np.empty_like(self._buf)])
        if k > self._n:
            self._buf[self._n:k] = np.nan
        self._buf[k] = value
        self._n = k + 1

    def values(self):
        view = self._buf[:self._n]
        view.flags.writeable = False
        return view

    def truncated(self, n):
        """A new history holding the first n values (views of this one stay as they are)."""
        new = LossHistory(self._buf.shape[1:])
        new._buf = np.concatenate([self._buf[:n], np.empty((max(n, len(new._buf)), *self._buf.shape[1:]))])
        new._n = n
        return new
