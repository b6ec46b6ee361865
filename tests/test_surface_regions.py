"""The loss surface around the recorded path (core/surface.py) and the linear
regions of ReLU networks (core/regions.py)."""
import numpy as np
import pytest

from core import Config, TrainingSession
from core.nn import Network
from core.regions import count_regions, linear_regions, on_off_patterns, region_sweep
from core.surface import flat_parameters, loss_surface

CONFIGS = [Config(hidden=(8, 8), lr=0.3), Config(dataset="three-classes", hidden=(5,), optimizer="adam", lr=0.03,
                                                  regularization="l2", reg_rate=0.01, reduction="sum"),
           Config(dataset="plane", hidden=(4,), activation="relu", lr=0.01)]


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: c.dataset)
def test_the_grid_at_the_origin_equals_the_current_loss(config):
    session = TrainingSession(config)
    session.step(150)
    surface = loss_surface(session, resolution=41)  # an odd grid has the origin at its centre
    assert surface.alpha[20] == surface.beta[20] == 0.0
    assert surface.loss[20, 20] == session.train_loss[-1]
    replayed = loss_surface(session, epoch=60, resolution=41)
    assert replayed.epoch == 60 and replayed.path_epochs[-1] == 60
    assert replayed.loss[20, 20] == session.train_loss[60]


def test_a_grid_point_is_the_loss_of_those_parameters_and_the_path_lies_in_the_plane():
    session = TrainingSession(CONFIGS[0])
    session.step(200)
    surface = loss_surface(session)
    assert surface.loss.shape == (40, 40) and np.isfinite(surface.loss).all()
    d = surface.directions
    np.testing.assert_allclose(d @ d.T, np.eye(2), atol=1e-12)
    centre = flat_parameters(session.W, session.b)
    i, j = 7, 31
    moved = centre + surface.alpha[j] * d[0] + surface.beta[i] * d[1]
    shapes = [p.shape for p in (*session.W, *session.b)]
    parts = np.split(moved, np.cumsum([np.prod(s) for s in shapes])[:-1])
    W, b = [p.reshape(s) for p, s in zip(parts, shapes)][:3], [p.reshape(s) for p, s in zip(parts, shapes)][3:]
    z, a = Network(W, b, session.activations, session.output).forward(session.X)
    assert surface.loss[i, j] == pytest.approx(session.output.loss(z[-1], a[-1], session.T), rel=1e-12)
    offsets = np.array([flat_parameters(*session.recording.at(e)[1:]) for e in surface.path_epochs]) - centre
    kept = np.linalg.norm(surface.path, axis=1) ** 2 / np.maximum(np.linalg.norm(offsets, axis=1) ** 2, 1e-300)
    assert 0.0 <= surface.explained <= 1.0 + 1e-12 and (kept <= 1.0 + 1e-9).all()
    assert np.abs(surface.path).max() < surface.alpha[-1]  # the whole path is on the grid


def test_a_fresh_session_has_a_surface_too():
    surface = loss_surface(TrainingSession(Config()))
    assert surface.path.shape == (1, 2) and np.isfinite(surface.loss).all()


@pytest.mark.parametrize("k", range(1, 9))
def test_one_hidden_layer_of_k_relus_never_exceeds_the_bound_of_k_lines(k):
    bound = 1 + k + k * (k - 1) // 2
    for seed in range(4):
        session = TrainingSession(Config(dataset="spiral", hidden=(k,), activation="relu", init="normal", seed=seed))
        for epochs in (0, 100):
            session.step(epochs)
            regions = linear_regions(session)
            assert 1 <= regions.count <= bound
            assert regions.region.shape == (200, 200) and regions.region.max() == regions.count - 1
            assert regions.hinges.shape == (k, 3)


def test_a_region_is_one_on_off_pattern():
    patterns = np.array([[1, 0, 1], [1, 0, 1], [0, 0, 0], [1, 1, 1]], dtype=bool)
    count, region = count_regions(patterns)
    assert count == 3 and region[0] == region[1] and len(set(region[1:])) == 3
    assert count_regions(patterns[:, :0]) == (1, pytest.approx([0, 0, 0, 0]))


def test_only_piecewise_linear_networks_have_linear_regions():
    with pytest.raises(ValueError):
        linear_regions(TrainingSession(Config(hidden=(4,), activation="tanh")))
    mixed = TrainingSession(Config(hidden=(4, 3), layer_activations=("linear", "leaky-relu")))
    assert on_off_patterns(mixed.network, mixed.X).shape == (len(mixed.X), 3)


def test_deeper_relu_networks_can_make_more_regions_than_lines_allow():
    counts = region_sweep(Config(dataset="spiral", init="he", seed=1), depths=(1, 3), widths=(4, 6))
    assert counts.shape == (2, 2) and (counts >= 1).all()
    assert counts[1].max() > 1 + 4 + 6  # beyond one layer of 4 lines' 11 regions
