"""core/nn, the maths handed to students, needs NumPy and nothing else."""
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOT_NUMPY = ("sklearn", "scipy", "streamlit", "plotly", "pandas")


def test_core_nn_imports_only_numpy():
    code = ("import sys, core.nn; bad = sorted({m.split('.')[0] for m in sys.modules} & set(sys.argv[1:])); "
            "print(bad); sys.exit(bool(bad))")
    done = subprocess.run([sys.executable, "-c", code, *NOT_NUMPY], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_core_nn_files_import_nothing_of_the_rest_of_core():
    for path in (ROOT / "core" / "nn").glob("*.py"):
        text = path.read_text()
        assert "from .." not in text and "import core" not in text and "from core" not in text, path
