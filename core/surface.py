"""The loss surface around the path training took (Li et al., 2018, "Visualizing
the loss landscape of neural nets"): the plane through the current parameters
spanned by the path's two main directions, and the loss over a grid on it.

The path is the parameter vectors the session records for Rewind (core/replay.py).
Its two main directions d1, d2 are the first two principal components of the
recorded vectors' offsets from the current parameters θ, so the path lies as
nearly in the plane as any plane through θ allows; the grid holds the training
loss at θ + α·d1 + β·d2.  A 40×40 grid on 200 points takes some tens of
milliseconds for the playground's networks, cheap enough to redraw while paused.
"""
from dataclasses import dataclass, replace

import numpy as np

GRID_SIZE = 40
MARGIN = 1.25       # the grid reaches this far beyond the path's farthest point
SMALLEST_SPAN = 0.5  # half-width of the grid, in parameter units, when the path has not gone anywhere yet


@dataclass(frozen=True)
class LossSurface:
    """``alpha``, ``beta`` (R,): grid coordinates along d1, d2 (parameter units; 0 is
    the centre θ, the parameters at ``epoch``).  ``loss`` (R, R): the training loss,
    indexed [β row, α column].  ``path_epochs`` (P,) and ``path`` (P, 2): the
    recorded epochs up to ``epoch``, and ``epoch`` itself at (0, 0) when the recording
    skipped it, with their (α, β) in the plane.  ``centre`` (P,) is θ and ``directions``
    (2, P) are d1 and d2 over the P parameters (see ``flat_parameters``).  ``explained``:
    the share of the path's squared distances from θ that the plane holds (1: the
    path lies in it)."""
    epoch: int
    alpha: np.ndarray
    beta: np.ndarray
    loss: np.ndarray
    path_epochs: np.ndarray
    path: np.ndarray
    centre: np.ndarray
    directions: np.ndarray
    explained: float


def flat_parameters(W, b):
    """One vector (P,) of all the parameters: W1, W2, .., then b1, b2, .., each flattened."""
    return np.concatenate([p.ravel() for p in (*W, *b)])


def _unflat(vector, W, b):
    """Lists shaped like W and b holding ``vector``'s values, in ``flat_parameters``' order."""
    arrays, start = [], 0
    for p in (*W, *b):
        arrays.append(vector[start:start + p.size].reshape(p.shape))
        start += p.size
    return arrays[:len(W)], arrays[len(W):]


def main_directions(offsets, seed=0):
    """Two orthonormal directions (2, P) for offsets (frames, P): the top principal
    axes, completed with seeded random ones where the path has fewer than two."""
    _, singular, axes = np.linalg.svd(offsets, full_matrices=False)
    directions = [axis for axis, s in zip(axes, singular) if s > 1e-12 * max(singular[0], 1e-300)][:2]
    rng = np.random.RandomState(seed)
    while len(directions) < 2:
        candidate = rng.randn(offsets.shape[1])
        for d in directions:
            candidate -= (candidate @ d) * d
        directions.append(candidate / np.linalg.norm(candidate))
    return np.array(directions)


def loss_surface(session, epoch=None, resolution=GRID_SIZE):
    """The LossSurface of ``session`` (a TrainingSession) around its parameters at
    ``epoch`` (default: now; else the recorded epoch at or before it, as Rewind shows)."""
    if epoch is None or epoch >= session.epoch:
        epoch, W, b = session.epoch, session.W, session.b
    else:
        epoch, W, b = session.recording.at(epoch)
    centre = flat_parameters(W, b)
    epochs = [e for e in session.recording.epochs() if e <= epoch]
    offsets = [flat_parameters(*session.recording.at(e)[1:]) - centre for e in epochs]
    if epochs[-1] != epoch:  # the present falls off the recording's interval: the path still ends there
        epochs.append(epoch)
        offsets.append(np.zeros_like(centre))
    epochs, offsets = np.array(epochs), np.array(offsets)
    directions = main_directions(offsets)
    path = offsets @ directions.T
    total = float((offsets ** 2).sum())
    explained = float((path ** 2).sum()) / total if total > 0 else 1.0
    half = max(MARGIN * float(np.abs(path).max(initial=0.0)), SMALLEST_SPAN)
    alpha = beta = np.linspace(-half, half, resolution)
    loss = np.empty((resolution, resolution))
    for i, y in enumerate(beta):
        for j, x in enumerate(alpha):
            loss[i, j] = session.training_loss(*_unflat(centre + x * directions[0] + y * directions[1], W, b))
    return LossSurface(epoch, alpha, beta.copy(), loss, epochs, path, centre, directions, explained)


def followed(surface, session):
    """``surface`` with its path continued to ``session``'s present on the same plane: the
    epochs recorded since ``surface.epoch``, then the present, projected onto it.  Far
    cheaper than a new grid, so a view can follow training between two surfaces."""
    epochs = [e for e in session.recording.epochs() if e > surface.epoch]
    vectors = [flat_parameters(*session.recording.at(e)[1:]) for e in epochs]
    if session.epoch > surface.epoch and epochs[-1:] != [session.epoch]:
        epochs.append(session.epoch)
        vectors.append(flat_parameters(session.W, session.b))
    if not epochs:
        return surface
    points = (np.array(vectors) - surface.centre) @ surface.directions.T
    return replace(surface, path_epochs=np.concatenate([surface.path_epochs, epochs]),
                   path=np.vstack([surface.path, points]))
