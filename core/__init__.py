"""NumPy core of the NN Playground: networks, training sessions, data and presets.

The network's maths is in ``core.nn`` (NumPy only; its docstring gives a reading
order); the rest of ``core`` trains it and serves the app.  No Streamlit or
Plotly here: import it from a notebook, or run ``python -m core``.

The names below are imported when first used, so that ``import core.nn`` loads
NumPy and nothing else (the data sets need scikit-learn).
"""
import importlib

_HOMES = {
    "config": ("LIVE_SETTINGS", "Config"),
    "datasets": ("DATASETS", "Dataset", "make_dataset"),
    "nn": ("ACTIVATIONS", "DEFAULT_OUTPUT", "FEATURES", "INITIALIZERS", "OPTIMIZERS", "OUTPUT_LOSSES", "PENALTIES",
           "SCHEDULES", "Network"),
    "presets": ("FIRST_RUN", "PRESET_EPOCHS", "PRESETS", "preset"),
    "session": ("TrainingSession",),
    "snapshot": ("DIVERGED", "OK", "Snapshot"),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}
__all__ = list(_HOME_OF)


def __getattr__(name):
    if name not in _HOME_OF:
        raise AttributeError(f"module 'core' has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_HOME_OF[name]}", __name__), name)


def __dir__():
    return sorted(list(globals()) + __all__)
