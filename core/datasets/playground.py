"""TensorFlow Playground's data sets, as its ``src/dataset.ts`` defines them.

Each generator is ``(n, noise, rng) -> (X, y)``: X (n, 2) in the playground's
own units (its plane spans -6..6), y (n,) class 0 or 1, or a real target.
``noise`` is what dataset.ts receives: the playground's noise slider (0-50)
divided by 100, so 0.25 here is its 25.  ``rng`` is a ``numpy.random.Generator``.

The rules are the playground's, point for point; only the random numbers
differ (NumPy's, not the browser's Math.random).  They are drawn in the
playground's order: one row of draws per point, the columns in the order its
loop draws them, so a port that pulls the same numbers one at a time gets the
same points (tests/test_datasets_playground.py does).

Its labels are +1 (drawn blue) and -1 (orange); +1 is class 1 here, which is
drawn blue too.  Its two-class generators make n/2 points of each class,
rounded up, so for odd n they make n + 1; here the last one is dropped.
"""
import numpy as np

CIRCLE_RADIUS = 5.0
XOR_HALF_WIDTH, XOR_PADDING = 5.0, 0.3
GAUSS_CENTRE = 2.0
SPIRAL_RADIUS, SPIRAL_TURNS = 5.0, 1.75
REGRESSION_HALF_WIDTH = 6.0
# The six bumps of "multi-Gaussian": centre x, centre y, sign of its peak.
BUMPS = ((-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1), (-4, -2.5, -1), (0, -2.5, 1), (4, -2.5, -1))


def _linear(value, domain, image, clamp=False):
    """A linear scale as d3 (version 3) computes one: ``value`` mapped from
    ``domain`` (low, high) onto ``image`` (start, end), optionally clamped."""
    t = (value - domain[0]) / (domain[1] - domain[0])
    if clamp:
        t = np.clip(t, 0.0, 1.0)
    return image[0] * (1 - t) + image[1] * t


def _uniform_rows(rng, count, *ranges):
    """One row of uniform draws per point, one column per (low, high) range."""
    u = rng.random((count, len(ranges)))
    return [u[:, k] * (high - low) + low for k, (low, high) in enumerate(ranges)]


def _distance(x, y):
    return np.sqrt(x * x + y * y)


def _per_class(n):
    return -(-n // 2)  # n / 2 rounded up, as a loop "while i < n / 2" counts


def _two_classes(n, positive, negative):
    """The positive class's points (class 1) then the negative's, cut to n."""
    X = np.vstack([positive[0], negative[0]])[:n]
    return X, np.concatenate([positive[1], negative[1]])[:n]


def circle(n, noise, rng):
    """A disc of radius 0-2.5 (class 1) inside a ring of radius 3.5-5 (class 0),
    at random radii and angles.  Noise moves no point: each point is labelled
    by whether a copy of it, shifted by up to ±5·noise in x and in y, lies
    inside radius 2.5, so noise relabels points near the gap."""
    def points(low, high):
        r, angle, shift_x, shift_y = _uniform_rows(
            rng, _per_class(n), (low, high), (0.0, 2 * np.pi), *[(-CIRCLE_RADIUS, CIRCLE_RADIUS)] * 2)
        x, y = r * np.sin(angle), r * np.cos(angle)
        inside = _distance(x + shift_x * noise, y + shift_y * noise) < CIRCLE_RADIUS * 0.5
        return np.column_stack([x, y]), inside.astype(int)
    return _two_classes(n, points(0.0, CIRCLE_RADIUS * 0.5), points(CIRCLE_RADIUS * 0.7, CIRCLE_RADIUS))


def xor(n, noise, rng):
    """Points uniform over the four quadrants of ±5.3, kept 0.3 off the axes;
    class 1 where x·y ≥ 0 (first and third quadrants).  As in ``circle``, noise
    relabels (a copy shifted by up to ±5·noise decides) and moves nothing."""
    x, y, shift_x, shift_y = _uniform_rows(rng, n, *[(-XOR_HALF_WIDTH, XOR_HALF_WIDTH)] * 4)
    x, y = (np.where(v > 0, v + XOR_PADDING, v - XOR_PADDING) for v in (x, y))
    same_sign = (x + shift_x * noise) * (y + shift_y * noise) >= 0
    return np.column_stack([x, y]), same_sign.astype(int)


def gaussians(n, noise, rng):
    """Two round Gaussians centred at (2, 2) (class 1) and (-2, -2) (class 0)
    whose variance is the noise: 0.5 at noise 0, 4 at noise 0.5 (0.5 + 7·noise)."""
    std = np.sqrt(_linear(noise, (0.0, 0.5), (0.5, 4.0)))

    def points(centre, label):
        count = _per_class(n)
        return centre + std * rng.standard_normal((count, 2)), np.full(count, label)
    return _two_classes(n, points(GAUSS_CENTRE, 1), points(-GAUSS_CENTRE, 0))


def spiral(n, noise, rng):
    """Two arms of 1.75 turns each, out to radius 5, with their points evenly
    spaced along them; class 1 starts at angle 0, class 0 at π.  Noise moves
    each point by up to ±noise in x and in y (uniformly)."""
    per_arm = n / 2

    def arm(turn, label):
        i = np.arange(_per_class(n))
        r = i / per_arm * SPIRAL_RADIUS
        t = SPIRAL_TURNS * i / per_arm * 2 * np.pi + turn
        shift_x, shift_y = _uniform_rows(rng, len(i), (-1.0, 1.0), (-1.0, 1.0))
        X = np.column_stack([r * np.sin(t) + shift_x * noise, r * np.cos(t) + shift_y * noise])
        return X, np.full(len(i), label)
    return _two_classes(n, arm(0.0, 1), arm(np.pi, 0))


def _regression(n, noise, rng, target):
    """Points uniform over ±6, each with ``target`` (x, y) -> (N,) taken at a
    copy of it shifted by up to ±6·noise in x and in y: noise moves no point."""
    half = REGRESSION_HALF_WIDTH
    x, y, shift_x, shift_y = _uniform_rows(rng, n, *[(-half, half)] * 4)
    return np.column_stack([x, y]), target(x + shift_x * noise, y + shift_y * noise)


def plane(n, noise, rng):
    """The target (x + y) / 10: from -1.2 to 1.2 over the square ±6."""
    return _regression(n, noise, rng, lambda x, y: _linear(x + y, (-10.0, 10.0), (-1.0, 1.0)))


def multi_gaussian(n, noise, rng):
    """Six cones of radius 2 (peaks +1 and -1 in a checkerboard on a 3×2 grid,
    4 apart in x and 5 in y); the target is the cone value largest in size,
    0 between the cones."""
    def target(x, y):
        cones = np.column_stack([sign * _linear(_distance(x - cx, y - cy), (0.0, 2.0), (1.0, 0.0), clamp=True)
                                 for cx, cy, sign in BUMPS])
        # The first of equal sizes, as the playground keeps the first it meets.
        return cones[np.arange(len(x)), np.abs(cones).argmax(axis=1)]
    return _regression(n, noise, rng, target)
