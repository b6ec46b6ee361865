"""NumPy core of the NN Playground: networks, training sessions, data and presets.

The network's maths is in ``core.nn`` (NumPy only; its docstring gives a reading
order); the rest of ``core`` trains it and serves the app.  No Streamlit or
Plotly here: import it from a notebook, or run ``python -m core``.
"""
from .config import LIVE_SETTINGS, Config
from .datasets import DATASETS, Dataset, make_dataset
from .nn import ACTIVATIONS, DEFAULT_OUTPUT, FEATURES, INITIALIZERS, OPTIMIZERS, OUTPUT_LOSSES, PENALTIES, Network
from .presets import FIRST_RUN, PRESET_EPOCHS, PRESETS, preset
from .session import TrainingSession
from .snapshot import DIVERGED, OK, Snapshot

__all__ = ["ACTIVATIONS", "DATASETS", "Dataset", "make_dataset", "FEATURES", "INITIALIZERS",
           "DEFAULT_OUTPUT", "OUTPUT_LOSSES", "PENALTIES", "OPTIMIZERS", "Network", "FIRST_RUN", "PRESET_EPOCHS",
           "PRESETS", "preset", "LIVE_SETTINGS", "Config", "DIVERGED", "OK", "Snapshot", "TrainingSession"]
