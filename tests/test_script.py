"""The exported NumPy script: run it as a user would and compare its final loss
with the core's, for every activation, output, optimizer, penalty and initialiser."""
import subprocess
import sys

import pytest

from core import ACTIVATIONS, FEATURES, INITIALIZERS, OPTIMIZERS, OUTPUT_LOSSES, PENALTIES, Config, TrainingSession
from core.nn import SCHEDULES
from core.datasets import own_dataset
from core.script import numpy_script

OUTPUT_DATA = {"sigmoid-mse": "xor-cloud", "sigmoid-bce": "circles", "softmax-ce": "three-classes",
               "linear-mse": "plane"}
INITS = list(INITIALIZERS)
CONFIGS = (
    [Config(dataset="moons", activation=a, hidden=(4, 3), init=INITS[i % len(INITS)], lr=0.3)
     for i, a in enumerate(ACTIVATIONS)]
    + [Config(dataset=OUTPUT_DATA[o], output=o, init=INITS[i % len(INITS)], n_points=60)
       for i, o in enumerate(OUTPUT_LOSSES)]
    + [Config(dataset="circles", optimizer="momentum", regularization="l1", reg_rate=0.003, batch_size=7,
              features=tuple(FEATURES), test_fraction=0.3),
       Config(dataset="spiral", optimizer="adam", regularization="l2", reg_rate=0.01, lr=0.01, lr_decay=0.01,
              hidden=(6, 6), init="he", activation="relu"),
       Config(dataset="xor", hidden=(), output="sigmoid-bce", reduction="sum", lr=0.5),
       Config(dataset="moons", optimizer="adam-efficient", lr=0.01, hidden=(5,), activation="relu"),
       Config(dataset="circles", hidden=(4, 3, 3), layer_activations=("relu", "sigmoid", "leaky-relu"),
              schedule="step", schedule_factor=0.7, schedule_epochs=40, lr=0.5, clip_norm=0.3),
       Config(dataset="spiral", hidden=(5,), schedule="exponential", schedule_factor=0.2, schedule_epochs=30,
              optimizer="momentum", batch_size=25, clip_norm=0.05),
       Config(dataset="xor", hidden=(3, 3), layer_activations=("linear", "tanh"), schedule="cosine",
              schedule_epochs=120, optimizer="adam", lr=0.02),
       Config(dataset="moons", schedule="constant", clip_norm=1e-3, lr=2.0)])


def run_script(text, tmp_path):
    path = tmp_path / "reproduce.py"
    path.write_text(text)
    done = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith("final training loss:")
    return float(last.split(":")[1])


def test_the_configs_cover_every_registry_entry():
    for registry, field in ((ACTIVATIONS, "activation"), (OPTIMIZERS, "optimizer"), (PENALTIES, "regularization"),
                            (INITIALIZERS, "init")):
        assert set(registry) <= {getattr(c, field) for c in CONFIGS}, field
    assert set(OUTPUT_LOSSES) <= {c.output for c in CONFIGS}
    assert set(SCHEDULES) <= {c.schedule_name for c in CONFIGS}
    assert {c.clip_norm > 0 for c in CONFIGS} == {True, False} and any(c.layer_activations for c in CONFIGS)


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: f"{c.dataset}-{c.activation}-{c.output}-{c.optimizer}")
def test_script_reproduces_the_final_loss(config, tmp_path):
    session = TrainingSession(config)
    session.step(150)
    assert abs(run_script(numpy_script(session), tmp_path) - float(session.train_loss[-1])) <= 1e-9


def test_script_of_own_points_needs_nothing_but_numpy(tmp_path):
    session = TrainingSession(Config(hidden=(3,), lr=1.0),
                              data=own_dataset([[0, 0], [1, 1], [0, 1], [1, 0], [0.5, 0.4]], [0, 0, 1, 1, 2]))
    session.step(80)
    text = numpy_script(session)
    assert "import numpy as np" in text and "sklearn" not in text and "core" not in text.split('"""')[2]
    assert abs(run_script(text, tmp_path) - float(session.train_loss[-1])) <= 1e-9
