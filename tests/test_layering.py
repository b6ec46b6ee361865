"""Dependencies go one way, core <- plots <- ui/app/pages: the core runs in a
notebook without Streamlit or Plotly, the figures without Streamlit; and
tests and benchmarks share harness/ rather than import each other.

Each layer is checked in a fresh interpreter, every one of its modules
imported (found by walking the package, so new modules are covered), for what
ended up in ``sys.modules``: an import buried in a function's dependency
counts as much as one at the top of a file."""
import ast
import json
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
STUDENT_MATHS = ROOT / "core" / "nn"  # the folder of maths a teacher hands out (issue 13)

# Imports every module of the package argv[1], in order, and names for each
# forbidden module (argv[2:]) the first module after whose import it was loaded.
IMPORT_ALL = """
import importlib, json, pkgutil, sys
package, forbidden = sys.argv[1], sys.argv[2:]
names = [package] + [m.name for m in pkgutil.walk_packages(importlib.import_module(package).__path__, package + ".")
                     if not m.name.endswith(".__main__")]  # __main__ runs the command line
pulled_in_by = {}
for name in names:
    importlib.import_module(name)
    pulled_in_by.update({f: name for f in forbidden if f in sys.modules and f not in pulled_in_by})
print(json.dumps({"modules": names, "pulled_in_by": pulled_in_by}))
"""


def import_everything(package, forbidden):
    done = subprocess.run([sys.executable, "-c", IMPORT_ALL, package, *forbidden], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


@pytest.mark.parametrize("package, forbidden", [
    ("core", ["streamlit", "plotly", "plots", "ui"]),
    ("plots", ["streamlit", "ui"]),
    ("bench", ["tests"]),  # benchmarks and tests share harness/, never each other
    ("harness", ["tests", "bench"]),
])
def test_a_layer_never_loads_what_depends_on_it(package, forbidden):
    found = import_everything(package, forbidden)
    assert len(found["modules"]) > 3, found["modules"]  # the walk found the package's modules
    assert found["pulled_in_by"] == {}, f"imported by (or first loaded after) {found['pulled_in_by']}"


def imported_names(path):
    """(module name, level) of every import in the file at ``path``; level 0 is absolute."""
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from ((alias.name, 0) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            yield node.module or "", node.level


def test_the_students_maths_imports_only_numpy_and_itself():
    allowed = set(sys.stdlib_module_names) | {"numpy"}
    for path in sorted(STUDENT_MATHS.rglob("*.py")):
        depth = len(path.relative_to(STUDENT_MATHS).parts)  # a relative import this many levels up stays inside
        for name, level in imported_names(path):
            assert (level == 0 and name.split(".")[0] in allowed) or 0 < level <= depth, \
                f"{path.relative_to(ROOT)} imports {'.' * level}{name}"


def test_importing_the_students_maths_loads_numpy_alone():
    """``import core.nn`` runs ``core/__init__`` first: it must not pull in the data sets' scikit-learn."""
    found = import_everything("core.nn", ["sklearn", "scipy", "pandas", "streamlit", "plotly"])
    assert found["pulled_in_by"] == {}, f"imported by (or first loaded after) {found['pulled_in_by']}"
