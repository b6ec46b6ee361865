"""What the loss-surface and linear-regions views need from the core: the path
ends at the present, is followed on a fixed plane, regions at a replayed epoch,
and the depth × width sweep of region counts."""
import numpy as np
import pytest

from core import Config, TrainingSession
from core.datasets import own_points
from core.regions import linear_regions, region_sweep
from core.surface import flat_parameters, followed, loss_surface


def reversals(path):
    """How often the path turns back on itself (successive steps more than 120° apart)."""
    steps = np.diff(path, axis=0)
    lengths = np.linalg.norm(steps, axis=1)
    cosines = (steps[1:] * steps[:-1]).sum(axis=1) / np.maximum(lengths[1:] * lengths[:-1], 1e-300)
    return int((cosines < -0.5).sum())


def test_the_path_ends_at_the_present_even_off_the_recordings_interval():
    session = TrainingSession(Config(dataset="moons", hidden=(3,)))
    session.step(301)  # beyond 256 frames: every 2nd epoch is kept, and 301 is not
    assert 301 not in session.recording.epochs()
    surface = loss_surface(session)
    assert surface.path_epochs[-1] == 301 and tuple(surface.path[-1]) == (0.0, 0.0)
    assert np.array_equal(surface.centre, flat_parameters(session.W, session.b))


def test_a_followed_path_is_the_later_parameters_projected_on_the_same_plane():
    session = TrainingSession(Config(dataset="circles", hidden=(4,), lr=0.3))
    session.step(50)
    surface = loss_surface(session)
    assert followed(surface, session) is surface  # nothing new yet
    session.step(10)
    later = followed(surface, session)
    assert list(later.path_epochs[-11:]) == list(range(50, 61))
    np.testing.assert_array_equal(later.loss, surface.loss)
    expected = (flat_parameters(session.W, session.b) - surface.centre) @ surface.directions.T
    np.testing.assert_allclose(later.path[-1], expected, rtol=1e-12)


def test_a_learning_rate_too_large_zig_zags_across_the_valley():
    # The README's link ?lr=3: moons, 4 tanh units, against the same network at 0.3.
    steady = loss_surface(_trained(Config(lr=0.3), 100))
    bouncing = loss_surface(_trained(Config(lr=3.0), 100))
    assert reversals(steady.path) == 0
    assert reversals(bouncing.path) > 30  # of 99 turns
    assert bouncing.explained > 0.9  # and the plane holds nearly all of it: the zig-zag is what is drawn


def _trained(config, epochs):
    session = TrainingSession(config)
    session.step(epochs)
    return session


def test_regions_at_a_replayed_epoch_are_those_of_its_network():
    session = _trained(Config(dataset="spiral", hidden=(6, 6), activation="relu", init="he", lr=0.03), 200)
    then = linear_regions(session, resolution=80, epoch=20)
    again = _trained(Config(dataset="spiral", hidden=(6, 6), activation="relu", init="he", lr=0.03), 20)
    now, expected = linear_regions(session, resolution=80), linear_regions(again, resolution=80)
    assert then.count == expected.count and np.array_equal(then.region, expected.region)
    np.testing.assert_array_equal(then.hinges, expected.hinges)
    assert not np.array_equal(now.hinges, then.hinges)


@pytest.mark.parametrize("epochs", (0, 150))
def test_the_sweep_keeps_one_layer_within_the_bound_and_grows_with_width(epochs):
    widths = (2, 3, 4, 5, 6, 7, 8)
    counts = region_sweep(Config(dataset="moons", seed=3), depths=(1, 2), widths=widths, epochs=epochs,
                          resolution=120)
    bounds = [1 + k + k * (k - 1) // 2 for k in widths]
    assert (counts[0] <= bounds).all() and (counts >= 1).all()
    for depth_counts in counts:  # more units, more regions: across the sweep, and at its ends
        assert depth_counts[-1] > depth_counts[0]
        assert np.corrcoef(widths, depth_counts)[0, 1] > 0.8


def test_the_sweep_trains_on_ones_own_points():
    points = own_points([(-1, -1), (1, 1), (-1, 1), (1, -1), (0.2, 0.1)], [0, 0, 1, 1, 0])
    config = Config(dataset="own", hidden=(3,))
    counts = region_sweep(config, depths=(1,), widths=(2, 3), epochs=5, resolution=40, data=points)
    assert counts.shape == (1, 2) and (counts >= 1).all()
