"""Plain-language warnings about a network's state."""
from core import Config, TrainingSession


def test_a_dead_relu_is_named():
    from core.diagnostics import diagnose
    s = TrainingSession(Config(dataset="moons", hidden=(3,), activation="relu"))
    s.set_parameter("W1", (0, 1), 0.0)
    s.set_parameter("W1", (1, 1), 0.0)
    s.set_parameter("b1", (0, 1), -1.0)  # neuron 2 now outputs max(0, -1) = 0 everywhere
    warnings = diagnose(s.snapshot(5))
    assert len(warnings) == 1 and "Dead ReLU: h1.2 " in warnings[0]


def test_saturated_units_are_named():
    from core.diagnostics import diagnose
    s = TrainingSession(Config(dataset="moons", hidden=(2,), activation="tanh"))
    s.set_parameter("b1", (0, 0), 40.0)  # tanh(z + 40) = 1 for every point
    assert "Saturated tanh units: h1.1 " in " ".join(diagnose(s.snapshot(5)))


def test_a_rising_loss_is_reported_and_a_healthy_run_is_quiet():
    from core.diagnostics import diagnose
    healthy = TrainingSession(Config(dataset="moons", hidden=(4,), lr=0.3))
    healthy.step(300)
    assert diagnose(healthy.snapshot(5)) == []
    rising = TrainingSession(Config(dataset="moons", hidden=(4,), lr=0.3))
    rising.step(150)
    rising.update(lr=8.0)  # too large: the loss climbs, without diverging
    rising.step(60)
    messages = diagnose(rising.snapshot(5))
    assert rising.status == "ok" and any("loss is rising" in m for m in messages), messages
