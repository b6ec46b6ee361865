"""The CLI's --json carries what the core sees inside the network: gradient norms
per layer per epoch, metrics, the linear-region count; and takes the new settings."""
import json

from core import Config, TrainingSession
from core.cli import main
from core.regions import linear_regions


def run_json(capsys, *args):
    assert main(["train", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_has_gradient_norms_metrics_and_regions(capsys):
    out = run_json(capsys, "--hidden", "4,4", "--layer-activations", "relu,leaky-relu", "--schedule", "cosine",
                   "--schedule-epochs", "50", "--clip-norm", "1", "--epochs", "30", "--test-fraction", "0.2")
    config = Config(hidden=(4, 4), layer_activations=("relu", "leaky-relu"), schedule="cosine", schedule_epochs=50,
                    clip_norm=1.0, test_fraction=0.2)
    session = TrainingSession(config)
    session.record_gradient_norms()
    session.step(30)
    snap = session.snapshot(resolution=2)
    assert out["gradient_norms"] == snap.gradient_norms.tolist() and len(out["gradient_norms"]) == 30
    assert out["train_metrics"]["confusion"] == snap.train_metrics.confusion.tolist()
    assert out["test_metrics"]["confusion"] == snap.test_metrics.confusion.tolist()
    assert out["regions"] == linear_regions(session).count


def test_json_of_regression_has_r2_and_rmse_and_no_regions_for_tanh(capsys):
    out = run_json(capsys, "--dataset", "plane", "--epochs", "5")
    assert set(out["train_metrics"]) == {"confusion", "r2", "rmse"} and out["train_metrics"]["confusion"] is None
    assert out["test_metrics"] is None and out["regions"] is None
