"""The two tutorials as configurations (see shared/reference/README.md).

Both tutorials sum gradients over the examples (``reduction="sum"``), so their
learning rates mean here exactly what they mean there.
"""
from dataclasses import replace

from .config import Config

PRESETS = {
    # 2-2-1 sigmoid network, MSE, np.random.seed(42), W ~ N(0, 1), lr 0.1, 10,000 epochs.
    "xor-tutorial": Config(
        dataset="xor", hidden=(2,), activation="sigmoid", output="sigmoid-mse",
        init="normal", seed=42, lr=0.1, reduction="sum"),
    # Britz: make_moons(200, noise=0.2) after seed 0; tanh hidden layer of 3, softmax,
    # W ~ N(0, 1)/sqrt(fan_in) after seed 0, epsilon 0.01, L2 0.01, 20,000 passes.
    "britz-moons": Config(
        dataset="moons", n_points=200, noise=0.2, data_seed=0, hidden=(3,),
        activation="tanh", output="softmax-ce", init="scaled-normal", seed=0, lr=0.01,
        regularization="l2", reg_rate=0.01, reduction="sum"),
}
PRESET_EPOCHS = {"xor-tutorial": 10_000, "britz-moons": 20_000}
# What the playground opens on: two moons and a 5-3 tanh network whose loss
# falls smoothly, without a spike, at the step the page trains with (mean
# gradients, learning rate 0.1).  Britz's preset sums its gradients over 200
# points, so at his rate its loss spikes now and then: one click away instead.
FIRST_RUN = Config(dataset="moons", hidden=(5, 3), activation="tanh", lr=0.1)


def preset(name, **overrides):
    """The preset's Config with any fields overridden, e.g. ``preset("britz-moons", hidden=(5,))``."""
    if name not in PRESETS:
        raise ValueError(f"preset: unknown value {name!r}; choose from {', '.join(PRESETS)}")
    return replace(PRESETS[name], **overrides)
