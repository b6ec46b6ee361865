"""The command line: python -m core."""
import json
import pathlib
import subprocess
import sys

import numpy as np
import pytest

from tests.tutorial_reference import xor_tutorial

ROOT = pathlib.Path(__file__).resolve().parents[1]


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "core", *args], cwd=ROOT,
                          capture_output=True, text=True)


def test_cli_json_reproduces_the_xor_tutorial():
    result = run_cli("train", "--preset", "xor-tutorial", "--epochs", "10000", "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    losses, outputs = xor_tutorial()
    assert len(out["loss"]) == 10_001
    np.testing.assert_allclose(out["loss"], losses, atol=1e-9, rtol=0)
    np.testing.assert_allclose(out["outputs"], outputs, atol=1e-9, rtol=0)
    assert out["train_accuracy"] == 0.5 and out["test_accuracy"] is None


def refuse(constant):
    raise ValueError(f"not strict JSON: {constant}")


def test_cli_json_of_a_diverged_run_is_strict_with_null_for_what_is_not_a_number():
    result = run_cli("train", "--dataset", "plane", "--activation", "linear", "--lr", "5", "--batch-size", "1",
                     "--epochs", "20", "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout, parse_constant=refuse)
    assert out["status"] == "diverged" and "diverged" in out["message"]
    assert np.isfinite(out["loss"][0]) and out["loss"][-1] is None
    assert all(v is None for row in out["outputs"] for v in row)


def test_cli_table_and_overrides():
    result = run_cli("train", "--preset", "britz-moons", "--epochs", "2000", "--log-every", "1000",
                     "--hidden", "5", "--activation", "relu", "--test-fraction", "0.3")
    assert result.returncode == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines()[1:4]]
    assert [r[0] for r in rows] == ["0", "1000", "2000"]
    assert float(rows[2][1]) < float(rows[0][1]) and len(rows[0]) == 3
    assert "test accuracy" in result.stdout


@pytest.mark.parametrize("args", [
    ["train", "--lr", "-1"], ["train", "--activation", "swish"], ["train", "--hidden", "a,b"],
    ["train", "--epochs", "-5"], ["train", "--dataset", "plane", "--output", "softmax-ce"],
    ["train", "--preset", "nope"], ["fly"],
])
def test_cli_bad_flags_give_one_line_and_status_2(args):
    result = run_cli(*args)
    assert result.returncode == 2
    assert result.stdout == "" and len(result.stderr.strip().splitlines()) == 1
    assert "error:" in result.stderr
