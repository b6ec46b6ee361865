"""The data sets against their sources.

TensorFlow Playground's six are checked against a port of its src/dataset.ts
written loop by loop, one random number at a time, as the TypeScript does
(``Port``).  It pulls its numbers from the same seeded NumPy Generator that
``make_dataset`` gives the core, so the two must agree point for point: in
geometry, labels and noise, at several noise levels.  The port keeps the
playground's +1/-1 labels; +1 is class 1 here.
"""
import math
from pathlib import Path

import numpy as np
import pytest
from sklearn.datasets import make_circles

from core.datasets import DATASETS, make_dataset
from plots.style import CLASS_COLORS

NOISES = (0.0, 0.25, 0.5)  # the playground's slider at 0, 25 and 50
SEEDS = (0, 7)
PLAYGROUND = ("circles", "xor-cloud", "gaussians", "spiral", "plane", "multi-gaussian")


class Port:
    """dataset.ts's generators, line for line, with their random numbers from ``rng``."""

    def __init__(self, rng):
        self.rng = rng

    def rand_uniform(self, a, b):
        return self.rng.random() * (b - a) + a

    def normal_random(self, mean, variance):
        # The playground makes its standard normal by Marsaglia's polar method
        # from Math.random; the port takes NumPy's standard normal in its place.
        return mean + math.sqrt(variance) * self.rng.standard_normal()

    @staticmethod
    def dist(a, b):
        dx, dy = a[0] - b[0], a[1] - b[1]
        return math.sqrt(dx * dx + dy * dy)

    @staticmethod
    def linear(x, d0, d1, r0, r1, clamp=False):  # d3.scale.linear (d3 version 3)
        t = (x - d0) / (d1 - d0)
        if clamp:
            t = max(0.0, min(1.0, t))
        return r0 * (1 - t) + r1 * t

    def classify_two_gauss_data(self, num_samples, noise):
        points = []
        variance = self.linear(noise, 0, 0.5, 0.5, 4)

        def gen_gauss(cx, cy, label):
            i = 0
            while i < num_samples / 2:
                x = self.normal_random(cx, variance)
                y = self.normal_random(cy, variance)
                points.append((x, y, label))
                i += 1
        gen_gauss(2, 2, 1)
        gen_gauss(-2, -2, -1)
        return points

    def regress_plane(self, num_samples, noise):
        return self.regress(num_samples, noise, lambda x, y: self.linear(x + y, -10, 10, -1, 1))

    def regress_gaussian(self, num_samples, noise):
        gaussians = [(-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1), (-4, -2.5, -1), (0, -2.5, 1), (4, -2.5, -1)]

        def get_label(x, y):
            label = 0
            for cx, cy, sign in gaussians:
                new_label = sign * self.linear(self.dist((x, y), (cx, cy)), 0, 2, 1, 0, clamp=True)
                if abs(new_label) > abs(label):
                    label = new_label
            return label
        return self.regress(num_samples, noise, get_label)

    def regress(self, num_samples, noise, get_label):
        # The loop regressPlane and regressGaussian both spell out.
        radius = 6
        points = []
        for _ in range(num_samples):
            x = self.rand_uniform(-radius, radius)
            y = self.rand_uniform(-radius, radius)
            noise_x = self.rand_uniform(-radius, radius) * noise
            noise_y = self.rand_uniform(-radius, radius) * noise
            points.append((x, y, get_label(x + noise_x, y + noise_y)))
        return points

    def classify_spiral_data(self, num_samples, noise):
        points = []
        n = num_samples / 2

        def gen_spiral(delta_t, label):
            i = 0
            while i < n:
                r = i / n * 5
                t = 1.75 * i / n * 2 * math.pi + delta_t
                x = r * math.sin(t) + self.rand_uniform(-1, 1) * noise
                y = r * math.cos(t) + self.rand_uniform(-1, 1) * noise
                points.append((x, y, label))
                i += 1
        gen_spiral(0, 1)
        gen_spiral(math.pi, -1)
        return points

    def classify_circle_data(self, num_samples, noise):
        points = []
        radius = 5

        def get_circle_label(p, center):
            return 1 if self.dist(p, center) < radius * 0.5 else -1

        def gen(r_low, r_high):
            i = 0
            while i < num_samples / 2:
                r = self.rand_uniform(r_low, r_high)
                angle = self.rand_uniform(0, 2 * math.pi)
                x = r * math.sin(angle)
                y = r * math.cos(angle)
                noise_x = self.rand_uniform(-radius, radius) * noise
                noise_y = self.rand_uniform(-radius, radius) * noise
                points.append((x, y, get_circle_label((x + noise_x, y + noise_y), (0, 0))))
                i += 1
        gen(0, radius * 0.5)
        gen(radius * 0.7, radius)
        return points

    def classify_xor_data(self, num_samples, noise):
        points = []
        for _ in range(num_samples):
            x = self.rand_uniform(-5, 5)
            padding = 0.3
            x += padding if x > 0 else -padding
            y = self.rand_uniform(-5, 5)
            y += padding if y > 0 else -padding
            noise_x = self.rand_uniform(-5, 5) * noise
            noise_y = self.rand_uniform(-5, 5) * noise
            label = 1 if (x + noise_x) * (y + noise_y) >= 0 else -1
            points.append((x, y, label))
        return points


PORTED = {"circles": Port.classify_circle_data, "xor-cloud": Port.classify_xor_data,
          "gaussians": Port.classify_two_gauss_data, "spiral": Port.classify_spiral_data,
          "plane": Port.regress_plane, "multi-gaussian": Port.regress_gaussian}


def ported(name, n, noise, seed):
    """(X (n, 2), labels (n,)) from the port: +1/-1 labels as classes 1/0, n points
    of the playground's (it makes one more when n is odd)."""
    points = np.array(PORTED[name](Port(np.random.default_rng(seed)), n, noise))[:n]
    labels = points[:, 2]
    return points[:, :2], (labels > 0).astype(int) if DATASETS[name].task == "classification" else labels


@pytest.mark.parametrize("n", [200, 51])
@pytest.mark.parametrize("noise", NOISES)
@pytest.mark.parametrize("name", PLAYGROUND)
def test_each_playground_data_set_is_dataset_ts_point_for_point(name, noise, n):
    for seed in SEEDS:
        data = make_dataset(name, n, noise, 0.0, seed)
        X, labels = ported(name, n, noise, seed)
        assert data.X_train.shape == (n, 2)
        np.testing.assert_allclose(data.X_train, X, rtol=0, atol=1e-12)
        if data.task == "classification":
            np.testing.assert_array_equal(data.y_train, labels)
        else:
            np.testing.assert_allclose(data.y_train, labels, rtol=0, atol=1e-12)


@pytest.mark.parametrize("name", PLAYGROUND)
def test_the_playground_data_sets_start_without_noise_as_there(name):
    assert DATASETS[name].default_noise == 0.0


def test_noise_relabels_the_classes_and_moves_no_point_in_circles_and_xor():
    for name in ("circles", "xor-cloud"):
        calm, noisy = (make_dataset(name, 500, noise, 0.0, seed=3) for noise in (0.0, 0.5))
        np.testing.assert_array_equal(calm.X_train, noisy.X_train)
        relabelled = np.mean(calm.y_train != noisy.y_train)
        assert 0.05 < relabelled < 0.5, (name, relabelled)


def test_without_noise_the_classes_follow_the_playgrounds_rules_and_colours():
    circles = make_dataset("circles", 400, 0.0, 0.0, seed=1)
    radius = np.hypot(*circles.X_train.T)
    assert np.all(radius[circles.y_train == 1] < 2.5) and np.all(radius[circles.y_train == 0] >= 3.5)
    xor = make_dataset("xor-cloud", 400, 0.0, 0.0, seed=1)
    assert np.all(np.abs(xor.X_train) >= 0.3)
    np.testing.assert_array_equal(xor.y_train, np.prod(xor.X_train, axis=1) >= 0)
    gaussians = make_dataset("gaussians", 4000, 0.0, 0.0, seed=1)
    np.testing.assert_allclose(gaussians.X_train[gaussians.y_train == 1].mean(axis=0), [2, 2], atol=0.05)
    np.testing.assert_allclose(gaussians.X_train[gaussians.y_train == 1].var(axis=0), [0.5, 0.5], atol=0.05)
    # The playground draws +1 blue (#0877bd) and -1 orange (#f59322): so does class 1 here, and class 0.
    (r1, _, b1), (r0, _, b0) = (bytes.fromhex(CLASS_COLORS[k][1:]) for k in (1, 0))
    assert b1 > r1 and r0 > b0


def test_the_plane_reaches_1_2_and_multi_gaussian_has_six_signed_cones():
    plane = make_dataset("plane", 1200, 0.0, 0.0, seed=2)
    np.testing.assert_allclose(plane.y_train, plane.X_train.sum(axis=1) / 10, atol=1e-12)
    bumps = make_dataset("multi-gaussian", 1200, 0.0, 0.0, seed=2)
    assert bumps.y_train.min() < -0.9 and bumps.y_train.max() > 0.9
    top = bumps.X_train[np.argmax(bumps.y_train)]
    assert min(np.hypot(*(top - centre)) for centre in [(-4, 2.5), (4, 2.5), (0, -2.5)]) < 0.3


def test_thin_rings_are_scikit_learns_make_circles():
    X, y = make_circles(300, noise=0.1, factor=0.5, random_state=np.random.RandomState(4))
    rings = make_dataset("rings", 300, 0.1, 0.0, seed=4)
    np.testing.assert_array_equal(rings.X_train, X)
    np.testing.assert_array_equal(rings.y_train, y)


def test_every_generated_data_set_says_where_it_comes_from():
    for spec in DATASETS.values():
        if spec.name in PLAYGROUND:
            assert spec.label.endswith("(TF Playground)"), spec.label
        elif spec.generate is not None and spec.name != "xor":
            assert spec.label.endswith("(scikit-learn)"), spec.label


def test_no_file_of_the_data_sets_package_is_over_250_lines():
    package = Path(__file__).parents[1] / "core" / "datasets"
    lengths = {path.name: len(path.read_text().splitlines()) for path in package.glob("*.py")}
    assert max(lengths.values()) <= 250, lengths
